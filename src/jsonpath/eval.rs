//! Applying segments to a document, depth first: each node a segment selects is taken through
//! the remaining segments before the next, which yields the RFC 9535 nodelist order without
//! building an intermediate list per segment. A [`Trail`] follows the path to the current node
//! for located results; the plain one does nothing and costs nothing.

use super::filter;
use super::json::Json;
use super::syntax::{PathSegment, Selector, Slice};
use crate::jsondoc::Kind;
use std::marker::PhantomData;
use std::ops::ControlFlow;

/// One step from a node to a child, borrowing the member name from the document.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Step<'v> {
    Name(&'v str),
    Index(usize),
}

/// Follows the path from the root to the node being visited.
pub(crate) trait Trail<'v> {
    fn push(&mut self, step: Step<'v>);
    fn pop(&mut self);
}

/// No trail: plain `select`.
impl<'v> Trail<'v> for () {
    #[inline]
    fn push(&mut self, _: Step<'v>) {}
    #[inline]
    fn pop(&mut self) {}
}

impl<'v> Trail<'v> for Vec<Step<'v>> {
    fn push(&mut self, step: Step<'v>) {
        Vec::push(self, step);
    }
    fn pop(&mut self) {
        Vec::pop(self);
    }
}

/// Receives each selected node; `Break` stops the walk. A trait object rather than a type
/// parameter: one copy of the walk per trail type instead of one per caller (smaller wasm).
pub(crate) type Emit<'e, T, N> = dyn FnMut(&T, N) -> ControlFlow<()> + 'e;

/// Where a walk starts: the query's `$` (for absolute queries inside filters).
#[derive(Clone, Copy)]
pub(crate) struct Walk<'v, N> {
    root: N,
    document: PhantomData<&'v ()>,
}

impl<'v, N: Json<'v>> Walk<'v, N> {
    /// A walk of the document whose `$` is `root`.
    pub fn new(root: N) -> Self {
        Walk {
            root,
            document: PhantomData,
        }
    }

    /// Takes `node` through `segments`, calling `emit` for each result in order. `emit` may
    /// stop the walk early (a test needs one node; `value()` needs two).
    pub fn run<T>(
        self,
        segments: &[PathSegment],
        node: N,
        trail: &mut T,
        emit: &mut Emit<'_, T, N>,
    ) -> ControlFlow<()>
    where
        T: Trail<'v>,
    {
        let Some((segment, rest)) = segments.split_first() else {
            return emit(trail, node);
        };
        if segment.descendant {
            self.descend(&segment.selectors, rest, node, trail, emit)
        } else {
            self.select(&segment.selectors, rest, node, trail, emit)
        }
    }

    /// The node itself, then its descendants in document order.
    fn descend<T>(
        self,
        selectors: &[Selector],
        rest: &[PathSegment],
        node: N,
        trail: &mut T,
        emit: &mut Emit<'_, T, N>,
    ) -> ControlFlow<()>
    where
        T: Trail<'v>,
    {
        self.select(selectors, rest, node, trail, emit)?;
        match node.kind() {
            Kind::Array => {
                for (i, item) in node.items().enumerate() {
                    trail.push(Step::Index(i));
                    let flow = self.descend(selectors, rest, item, trail, emit);
                    trail.pop();
                    flow?;
                }
            }
            Kind::Object => {
                for (name, member) in node.members() {
                    trail.push(Step::Name(name));
                    let flow = self.descend(selectors, rest, member, trail, emit);
                    trail.pop();
                    flow?;
                }
            }
            _ => {}
        }
        ControlFlow::Continue(())
    }

    /// The children of `node` that `selectors` pick, each taken through `rest`.
    fn select<T>(
        self,
        selectors: &[Selector],
        rest: &[PathSegment],
        node: N,
        trail: &mut T,
        emit: &mut Emit<'_, T, N>,
    ) -> ControlFlow<()>
    where
        T: Trail<'v>,
    {
        let mut child = |step: Step<'v>, value: N, trail: &mut T| {
            trail.push(step);
            let flow = self.run(rest, value, trail, emit);
            trail.pop();
            flow
        };
        let kind = node.kind();
        for selector in selectors {
            match (selector, kind) {
                (Selector::Name(name), Kind::Object) => {
                    if let Some((name, value)) = node.member(name) {
                        child(Step::Name(name), value, trail)?;
                    }
                }
                (Selector::Wildcard, Kind::Object) => {
                    for (name, value) in node.members() {
                        child(Step::Name(name), value, trail)?;
                    }
                }
                (Selector::Wildcard, Kind::Array) => {
                    for (i, value) in node.items().enumerate() {
                        child(Step::Index(i), value, trail)?;
                    }
                }
                (Selector::Index(index), Kind::Array) => {
                    if let Some(i) = resolve_index(*index, node.size()) {
                        if let Some(value) = node.item(i) {
                            child(Step::Index(i), value, trail)?;
                        }
                    }
                }
                (Selector::Slice(slice), Kind::Array) => {
                    let len = node.size();
                    if slice.step.unwrap_or(1) > 0 {
                        // Forward slices walk the items once instead of seeking each index.
                        let picked: Vec<usize> = slice_indices(*slice, len).collect();
                        let mut next = picked.iter().peekable();
                        for (i, value) in node.items().enumerate() {
                            if next.peek() == Some(&&i) {
                                next.next();
                                child(Step::Index(i), value, trail)?;
                            }
                        }
                    } else {
                        for i in slice_indices(*slice, len) {
                            if let Some(value) = node.item(i) {
                                child(Step::Index(i), value, trail)?;
                            }
                        }
                    }
                }
                (Selector::Filter(expr), Kind::Object) => {
                    for (name, value) in node.members() {
                        if filter::holds(expr, value, self.root) {
                            child(Step::Name(name), value, trail)?;
                        }
                    }
                }
                (Selector::Filter(expr), Kind::Array) => {
                    for (i, value) in node.items().enumerate() {
                        if filter::holds(expr, value, self.root) {
                            child(Step::Index(i), value, trail)?;
                        }
                    }
                }
                _ => {}
            }
        }
        ControlFlow::Continue(())
    }
}

/// An index into an array of `len` elements, negative counting from the end.
pub(crate) fn resolve_index(index: i64, len: usize) -> Option<usize> {
    if index >= 0 {
        usize::try_from(index).ok().filter(|i| *i < len)
    } else {
        let back = usize::try_from(index.unsigned_abs()).ok()?;
        len.checked_sub(back)
    }
}

/// The indices a slice selects from an array of `len` elements, in order (RFC 9535 §2.3.4.2).
fn slice_indices(slice: Slice, len: usize) -> impl Iterator<Item = usize> {
    // Bounds and steps are within ±2^53 and `len` is far below i64::MAX, so i64 cannot overflow.
    let len = i64::try_from(len).unwrap_or(i64::MAX);
    let step = slice.step.unwrap_or(1);
    let normalize = |i: i64| if i >= 0 { i } else { len + i };
    let (mut i, stop) = if step > 0 {
        let lower = normalize(slice.start.unwrap_or(0)).clamp(0, len);
        let upper = normalize(slice.end.unwrap_or(len)).clamp(0, len);
        (lower, upper)
    } else {
        let upper = normalize(slice.start.unwrap_or(len - 1)).clamp(-1, len - 1);
        let lower = normalize(slice.end.unwrap_or(-len - 1)).clamp(-1, len - 1);
        (upper, lower)
    };
    std::iter::from_fn(move || {
        let more = (step > 0 && i < stop) || (step < 0 && i > stop);
        if !more {
            return None;
        }
        let current = i;
        i += step;
        usize::try_from(current).ok()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slice(start: Option<i64>, end: Option<i64>, step: Option<i64>, len: usize) -> Vec<usize> {
        slice_indices(Slice { start, end, step }, len).collect()
    }

    #[test]
    fn slices_follow_the_rfc_defaults() {
        assert_eq!(slice(Some(1), Some(3), None, 5), [1, 2]);
        assert_eq!(slice(None, None, Some(2), 5), [0, 2, 4]);
        assert_eq!(slice(None, None, Some(-1), 3), [2, 1, 0]);
        assert_eq!(slice(Some(-2), None, None, 3), [1, 2]);
        assert_eq!(slice(None, None, Some(0), 3), Vec::<usize>::new());
        assert_eq!(slice(Some(5), Some(1), Some(-2), 4), [3]);
    }

    #[test]
    fn negative_indexes_count_from_the_end() {
        assert_eq!(resolve_index(-1, 3), Some(2));
        assert_eq!(resolve_index(-4, 3), None);
        assert_eq!(resolve_index(3, 3), None);
    }
}
