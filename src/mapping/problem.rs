//! Collecting problems while a spec is compiled: validation reports all of them, compilation
//! throws the first.

use crate::error::{Problem, ProblemCode};

/// A problem under construction.
pub(crate) fn at(code: ProblemCode, path: &str) -> Problem {
    Problem {
        code,
        message: String::new(),
        path: path.to_owned(),
        offset: None,
        value_type: None,
        source: None,
    }
}

impl Problem {
    /// Sets the message.
    pub(crate) fn message(mut self, message: impl Into<String>) -> Self {
        self.message = message.into();
        self
    }

    /// Sets the offset inside a path expression.
    pub(crate) fn offset(mut self, offset: usize) -> Self {
        self.offset = Some(offset);
        self
    }

    /// Sets the JSON type of the value involved.
    pub(crate) fn value_type(mut self, value: &serde_json::Value) -> Self {
        self.value_type = Some(super::pointer::type_name(value));
        self
    }
}

/// The problems found so far.
#[derive(Debug, Default)]
pub(crate) struct Problems(Vec<Problem>);

impl Problems {
    pub(crate) fn push(&mut self, problem: Problem) {
        self.0.push(problem);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub(crate) fn list(&self) -> &[Problem] {
        &self.0
    }

    pub(crate) fn into_vec(self) -> Vec<Problem> {
        self.0
    }
}
