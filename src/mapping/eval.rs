//! Running a compiled spec on a body: fan out over `forEach`, check `when`, compute `let`
//! values and fields, type-check and write them, fill `platform` and `source`, then report
//! the covered items no rule used as `kind: "unknown"` events.

use super::out::{self, Fields, Out};
use super::path::{Scope, ScopedPath};
use super::pointer::{type_name, within};
use super::problem::at;
use super::spec::{FieldRule, RecordKind, Rule, Source, Spec};
use super::target;
use super::template;
use super::trace::{Attempt, EmptyReason, FieldTrace, Matched, RuleTrace, StepTrace};
use super::transforms::{is_empty, Fail};
use crate::error::{Problem, ProblemCode};
use crate::jsondoc::Node;
use serde_json::Value;
use std::borrow::Cow;
use std::cell::OnceCell;

/// Where a run is: the body, and the item of each `forEach` level entered.
pub(crate) struct Ctx<'a> {
    root: Node<'a>,
    nodes: Vec<Node<'a>>,
}

impl<'a> Ctx<'a> {
    /// A context at the top of `root`.
    pub(crate) fn new(root: Node<'a>) -> Self {
        Ctx {
            root,
            nodes: Vec::new(),
        }
    }

    fn base(&self, scope: Scope) -> Node<'a> {
        let level = match scope {
            Scope::Root => None,
            Scope::Current => self.nodes.len().checked_sub(1),
            Scope::Level(k) => Some(k),
        };
        level
            .and_then(|k| self.nodes.get(k))
            .copied()
            .unwrap_or(self.root)
    }

    /// The JSON Pointer of `node` in the body.
    fn pointer_of(&self, node: Node<'a>) -> String {
        self.root.pointer_to(node).unwrap_or_default()
    }

    /// The nodes `path` matches.
    pub(crate) fn select(&self, path: &ScopedPath) -> Vec<Node<'a>> {
        path.query.select(self.base(path.scope))
    }

    /// The nodes `path` matches, with their JSON Pointers in the body.
    fn located(&self, path: &ScopedPath) -> Vec<(String, Node<'a>)> {
        let node = self.base(path.scope);
        path.query.select_pointers(node, &self.pointer_of(node))
    }

    /// The one node of a singular `path` (or the first node of any other).
    pub(crate) fn first(&self, path: &ScopedPath) -> Option<Node<'a>> {
        match path.walk(self.base(path.scope)) {
            Some(node) => node,
            None => path.query.select_first(self.base(path.scope)),
        }
    }
}

/// The item a rule runs on, whose JSON Pointer is worked out from the body only when
/// something reports it (a warning, an event's `source`, coverage, a trace): most records
/// never need it.
struct Item<'c, 'a> {
    ctx: &'c Ctx<'a>,
    pointer: OnceCell<String>,
}

impl Item<'_, '_> {
    fn pointer(&self) -> &str {
        self.pointer.get_or_init(|| match self.ctx.nodes.last() {
            Some(node) => self.ctx.pointer_of(*node),
            None => String::new(),
        })
    }
}

fn value_of(path: &ScopedPath, nodes: Vec<Node<'_>>) -> Option<Value> {
    if path.query.is_singular() {
        nodes.first().map(|v| v.to_value())
    } else if nodes.is_empty() {
        None
    } else {
        Some(Value::Array(
            nodes.into_iter().map(Node::to_value).collect(),
        ))
    }
}

/// True when two rules iterate the same items.
fn same_levels(a: &Rule, b: &Rule) -> bool {
    a.levels.len() == b.levels.len()
        && a.levels
            .iter()
            .zip(&b.levels)
            .all(|(x, y)| x.path.scope == y.path.scope && x.path.text == y.path.text)
}

/// Collects the contexts of every item of `rule`'s `forEach` levels below `ctx`.
fn fan_out<'a>(rule: &Rule, ctx: &mut Ctx<'a>, out: &mut Vec<Ctx<'a>>) {
    let depth = ctx.nodes.len();
    let Some(level) = rule.levels.get(depth) else {
        out.push(Ctx {
            root: ctx.root,
            nodes: ctx.nodes.clone(),
        });
        return;
    };
    for item in level.path.query.select(ctx.base(level.path.scope)) {
        ctx.nodes.push(item);
        fan_out(rule, ctx, out);
        ctx.nodes.pop();
    }
}

/// What a run produced.
#[derive(Debug, Default)]
pub(crate) struct Run<'s, 'a> {
    pub records: Vec<Fields<'s, 'a>>,
    pub warnings: Vec<Problem>,
    pub trace: Vec<RuleTrace>,
}

struct Runner<'s, 'a> {
    spec: &'s Spec,
    tracing: bool,
    run: Run<'s, 'a>,
    /// Items that produced a record, for coverage.
    used: Vec<String>,
}

/// Runs `spec` on `body`; with `tracing`, fills `Run::trace`.
pub(crate) fn run<'s, 'a>(spec: &'s Spec, body: Node<'a>, tracing: bool) -> Run<'s, 'a> {
    let mut runner = Runner {
        spec,
        tracing,
        run: Run::default(),
        used: Vec::new(),
    };
    // Rules that iterate the same items (a rule per message kind over `messaging[*]`) share
    // one fan-out: the items of each distinct list of levels are found once.
    let mut seen: Vec<(&Rule, Vec<Ctx<'a>>)> = Vec::new();
    for rule in &spec.rules {
        let shared = seen.iter().position(|(r, _)| same_levels(r, rule));
        let k = match shared {
            Some(k) => k,
            None => {
                let mut items = Vec::new();
                fan_out(rule, &mut Ctx::new(body), &mut items);
                seen.push((rule, items));
                seen.len() - 1
            }
        };
        if let Some((_, items)) = seen.get(k) {
            for ctx in items {
                runner.item(rule, ctx);
            }
        }
    }
    runner.coverage(body);
    runner.run
}

impl<'s, 'a> Runner<'s, 'a> {
    fn item(&mut self, rule: &'s Rule, ctx: &Ctx<'a>) {
        let item = &Item {
            ctx,
            pointer: OnceCell::new(),
        };
        let mut trace = self.tracing.then(|| RuleTrace {
            rule: rule.id.clone(),
            item: item.pointer().to_owned(),
            record: None,
            skipped: None,
            fields: Vec::new(),
        });
        if rule.when.as_ref().is_some_and(|w| !w.holds(ctx)) {
            if let Some(mut t) = trace {
                t.skipped = Some("when_false");
                self.run.trace.push(t);
            }
            return;
        }
        let mut lets: Vec<Option<Value>> = Vec::with_capacity(rule.lets.len());
        for (name, field) in &rule.lets {
            let out = self.field(field, ctx, &lets, item, &|| format!("let {name}"));
            if let (Some(t), Some(ft)) = (trace.as_mut(), out.trace) {
                t.fields.push(*ft);
            }
            lets.push(out.value.map(Out::into_value));
        }
        // Room for `platform` and `source`, which `finish` may add.
        let mut record: Fields<'s, 'a> = Vec::with_capacity(rule.fields.len() + 2);
        let mut required_empty: Option<(String, String)> = None;
        for (target, field) in &rule.fields {
            let mut out = self.field(field, ctx, &lets, item, &|| target.text.clone());
            if let Some(value) = out.value.take() {
                let written = self.write(&mut record, target, value, field, item);
                if !written {
                    if let Some(ft) = out.trace.as_mut() {
                        ft.value = None;
                        ft.empty = Some(EmptyReason::TypeError);
                    }
                }
                if !written && field.required {
                    required_empty.get_or_insert((target.text.clone(), field.pointer.clone()));
                }
            } else if field.required {
                required_empty.get_or_insert((target.text.clone(), field.pointer.clone()));
            }
            if let (Some(t), Some(ft)) = (trace.as_mut(), out.trace) {
                t.fields.push(*ft);
            }
        }
        if let Some((target, pointer)) = required_empty {
            self.required(&rule.id, &target, &pointer, item);
            if let Some(mut t) = trace {
                t.skipped = Some("required");
                self.run.trace.push(t);
            }
            return;
        }
        self.finish(rule.kind, &mut record, item);
        if rule.kind == RecordKind::Event && out::get(&record, "kind").is_none() {
            self.required(&rule.id, "kind", "", item);
            if let Some(mut t) = trace {
                t.skipped = Some("required");
                self.run.trace.push(t);
            }
            return;
        }
        if let Some(t) = trace.as_mut() {
            t.record = Some(self.run.records.len());
        }
        self.run.records.push(record);
        if !self.spec.coverage.is_empty() {
            self.used.push(item.pointer().to_owned());
        }
        if let Some(t) = trace {
            self.run.trace.push(t);
        }
    }

    fn required(&mut self, rule: &str, target: &str, pointer: &str, item: &Item<'_, 'a>) {
        let item = item.pointer();
        let mut p = at(ProblemCode::Required, pointer).message(format!(
            "rule {rule:?}: required field {target} is empty at {}, so no record was produced",
            if item.is_empty() { "the body" } else { item }
        ));
        p.source = Some(item.to_owned());
        self.run.warnings.push(p);
    }

    /// Fills `platform` and `source` where the rule did not set them.
    fn finish(&self, kind: RecordKind, record: &mut Fields<'s, 'a>, item: &Item<'_, 'a>) {
        let platform = self.spec.platform.as_ref();
        let fill = |fields: &mut Fields<'s, 'a>| {
            if let Some(p) = platform {
                if out::get(fields, "platform").is_none() {
                    fields.push((Cow::Borrowed("platform"), Out::Spec(p)));
                }
            }
        };
        match kind {
            RecordKind::Event => {
                fill(record);
                if out::get(record, "source").is_none() {
                    record.push((
                        Cow::Borrowed("source"),
                        Out::Value(Value::String(item.pointer().to_owned())),
                    ));
                }
                for (key, inner) in record.iter_mut() {
                    if key == "interaction" || key == "lead" {
                        if let Out::Obj(inner) = inner {
                            fill(inner);
                        }
                    }
                }
            }
            RecordKind::Interaction | RecordKind::Lead => fill(record),
            RecordKind::Contact => {}
        }
    }

    /// Type-checks and writes a value; false when nothing could be written.
    fn write(
        &mut self,
        record: &mut Fields<'s, 'a>,
        target: &'s target::Target,
        value: Out<'s, 'a>,
        field: &FieldRule,
        item: &Item<'_, 'a>,
    ) -> bool {
        // An append takes each item of a list value; anything else is one value, kept out of
        // a Vec (this runs for every field of every record). One loop over a chain of both
        // measured 0.3 µs a delivery slower in wasm than these two calls.
        if target.append && out::is_list(&value) {
            let mut written = false;
            for item_value in value.into_items() {
                written |= self.write_one(record, target, item_value, field, item);
            }
            written
        } else {
            self.write_one(record, target, value, field, item)
        }
    }

    fn write_one(
        &mut self,
        record: &mut Fields<'s, 'a>,
        target: &'s target::Target,
        value: Out<'s, 'a>,
        field: &FieldRule,
        item: &Item<'_, 'a>,
    ) -> bool {
        if value.is_empty() {
            return false;
        }
        match value.check(target.ty) {
            Ok(()) => {
                out::write(record, target, value);
                true
            }
            Err(expected) => {
                let value = value.to_value();
                let mut p = at(ProblemCode::Type, &field.pointer)
                    .value_type(&value)
                    .message(format!(
                        "{}: expected {expected}, got {}",
                        target.text,
                        type_name(&value)
                    ));
                p.source = Some(item.pointer().to_owned());
                self.run.warnings.push(p);
                false
            }
        }
    }

    fn type_warning(&mut self, fail: Fail, pointer: &str, item: &Item<'_, 'a>) {
        let mut p = at(ProblemCode::Type, pointer).message(fail.message);
        p.value_type = Some(fail.value_type);
        p.source = Some(item.pointer().to_owned());
        self.run.warnings.push(p);
    }

    /// The value of `path`, or `None` (missing): the node of a singular query, else the
    /// array of the nodes matched. With `trace`, records the attempt.
    fn path_value(
        ctx: &Ctx<'a>,
        path: &ScopedPath,
        trace: Option<&mut FieldTrace>,
    ) -> Option<Out<'s, 'a>> {
        if let Some(t) = trace {
            let located = ctx.located(path);
            t.attempts.push(Attempt {
                path: path.text.clone(),
                matched: located
                    .iter()
                    .map(|(p, v)| Matched {
                        pointer: p.clone(),
                        value: v.to_value(),
                    })
                    .collect(),
            });
            return value_of(path, located.into_iter().map(|(_, v)| v).collect()).map(Out::Value);
        }
        if path.query.is_singular() {
            ctx.first(path).map(Out::of_node)
        } else {
            value_of(path, ctx.select(path)).map(Out::Value)
        }
    }

    fn field(
        &mut self,
        field: &'s FieldRule,
        ctx: &Ctx<'a>,
        lets: &[Option<Value>],
        item: &Item<'_, 'a>,
        label: &dyn Fn() -> String,
    ) -> FieldOut<'s, 'a> {
        let mut trace = self.tracing.then(|| {
            Box::new(FieldTrace {
                target: label(),
                rule: field.pointer.clone(),
                attempts: Vec::new(),
                input: None,
                steps: Vec::new(),
                parts: Vec::new(),
                value: None,
                empty: None,
                defaulted: false,
            })
        });
        if field.when.as_ref().is_some_and(|w| !w.holds(ctx)) {
            if let Some(t) = trace.as_mut() {
                t.empty = Some(EmptyReason::WhenFalse);
            }
            return FieldOut { value: None, trace };
        }
        let mut type_error = false;
        let mut value: Option<Out<'s, 'a>> = match &field.source {
            Source::Value(v) => Some(Out::Spec(v)),
            Source::From(paths) => {
                let mut found: Option<Out<'s, 'a>> = None;
                for path in paths {
                    match Self::path_value(ctx, path, trace.as_deref_mut()) {
                        Some(v) if !v.is_empty() => {
                            found = Some(v);
                            break;
                        }
                        // Keep the first empty-but-present value (null, "") so the trace
                        // can tell null from missing.
                        Some(v) => {
                            found.get_or_insert(v);
                        }
                        None => {}
                    }
                }
                found
            }
            Source::Template(parts) => match template::render(parts, ctx, lets) {
                Ok(v) => v.map(Out::Value),
                Err(fail) => {
                    self.type_warning(fail, &field.pointer, item);
                    type_error = true;
                    None
                }
            },
            Source::Object(keys) => {
                let mut object: Fields<'s, 'a> = Vec::with_capacity(keys.len());
                for (key, rule) in keys {
                    let out = self.field(rule, ctx, lets, item, &|| key.clone());
                    if let Some(v) = out.value {
                        object.push((Cow::Borrowed(key.as_str()), v));
                    }
                    if let (Some(t), Some(ft)) = (trace.as_mut(), out.trace) {
                        t.parts.push(*ft);
                    }
                }
                Some(Out::Obj(object))
            }
            Source::Each(paths, keys) => {
                // The first alternative that selects anything gives the nodes.
                let nodes = paths
                    .iter()
                    .map(|path| ctx.select(path))
                    .find(|nodes| !nodes.is_empty())
                    .unwrap_or_default();
                let mut objects = Vec::new();
                for node in nodes {
                    let mut inner = Ctx {
                        root: ctx.root,
                        nodes: ctx.nodes.clone(),
                    };
                    inner.nodes.push(node);
                    let mut object: Fields<'s, 'a> = Vec::with_capacity(keys.len());
                    for (key, rule) in keys {
                        let out = self.field(rule, &inner, lets, item, &|| key.clone());
                        if let Some(v) = out.value {
                            object.push((Cow::Borrowed(key.as_str()), v));
                        }
                        if let (Some(t), Some(ft)) = (trace.as_mut(), out.trace) {
                            t.parts.push(*ft);
                        }
                    }
                    if !object.is_empty() {
                        objects.push(Out::Obj(object));
                    }
                }
                Some(Out::List(objects))
            }
        };
        let input_missing = value.is_none();
        let input_null = value.as_ref().is_some_and(Out::is_null);
        if let Some(t) = trace.as_mut() {
            t.input = value.as_ref().map(Out::to_value);
        }
        if !field.pipe.is_empty() {
            let mut piped = value.take().map(Out::into_value);
            for step in &field.pipe {
                let mut failures = Vec::new();
                match step.transform.apply(piped.take(), ctx, &mut failures) {
                    Ok(v) => piped = v,
                    Err(fail) => {
                        failures.push(fail);
                        type_error = true;
                    }
                }
                for fail in failures {
                    self.type_warning(fail, &step.pointer, item);
                }
                if let Some(t) = trace.as_mut() {
                    t.steps.push(StepTrace {
                        transform: step.name,
                        value: piped.clone(),
                    });
                }
                if type_error {
                    break;
                }
            }
            value = piped.map(Out::Value);
        }
        let empty = value.as_ref().is_none_or(Out::is_empty);
        if empty && !type_error {
            let use_default = if field.default_on_missing_only {
                value.is_none()
            } else {
                true
            };
            if let Some(default) = field
                .default
                .as_ref()
                .filter(|d| use_default && !is_empty(d))
            {
                value = Some(Out::Spec(default));
                if let Some(t) = trace.as_mut() {
                    t.defaulted = true;
                }
            }
        }
        let empty_now = value.as_ref().is_none_or(Out::is_empty);
        if let Some(t) = trace.as_mut() {
            if empty_now {
                t.empty = Some(if type_error {
                    EmptyReason::TypeError
                } else if input_missing && matches!(field.source, Source::From(_)) {
                    EmptyReason::NoMatch
                } else if input_null {
                    EmptyReason::Null
                } else {
                    EmptyReason::TransformEmptied
                });
            } else {
                t.value = value.as_ref().map(Out::to_value);
            }
        }
        FieldOut {
            value: if empty_now { None } else { value },
            trace,
        }
    }

    /// Covered items no produced record came from (or contains, or lies inside) become
    /// `kind: "unknown"` events.
    fn coverage(&mut self, body: Node<'a>) {
        if self.spec.coverage.is_empty() {
            return;
        }
        let ctx = Ctx::new(body);
        let mut seen: Vec<String> = Vec::new();
        for path in &self.spec.coverage {
            for (pointer, _) in ctx.located(path) {
                let used = self
                    .used
                    .iter()
                    .any(|u| within(u, &pointer) || within(&pointer, u));
                if used || seen.contains(&pointer) {
                    continue;
                }
                let platform = self
                    .spec
                    .platform
                    .as_ref()
                    .and_then(Value::as_str)
                    .unwrap_or("unknown");
                let text = |s: &str| Out::Value(Value::String(s.to_owned()));
                self.run.records.push(vec![
                    (Cow::Borrowed("platform"), text(platform)),
                    (Cow::Borrowed("kind"), text("unknown")),
                    (Cow::Borrowed("source"), text(&pointer)),
                ]);
                seen.push(pointer);
            }
        }
    }
}

struct FieldOut<'s, 'a> {
    value: Option<Out<'s, 'a>>,
    /// Boxed: a field's result moves through every call, and the trace is rarely there.
    trace: Option<Box<FieldTrace>>,
}

/// Whether the spec's `match` holds for `body` (true without one).
pub(crate) fn matches(spec: &Spec, body: Node<'_>) -> bool {
    spec.matches
        .as_ref()
        .is_none_or(|c| c.holds(&Ctx::new(body)))
}
