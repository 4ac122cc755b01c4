// The mapping playground: edit a mapping spec and a delivery, see the records, the warnings and
// the trace of every field as you type. It runs the package's browser entry, entirely in the
// page: nothing is sent to the server.
import { init, builtinMappings, builtinMapping, compileMapping, validateMapping } from "/pkg/browser.js";
import samples from "./samples.js";

const $ = (id) => document.getElementById(id);
const show = (value) => JSON.stringify(value, null, 2);

function renderProblems(problems) {
  $("problems").replaceChildren(
    ...problems.map((p) => {
      const li = document.createElement("li");
      const where = p.path + (p.offset === undefined ? "" : ` (offset ${p.offset})`);
      li.textContent = `${p.code} at ${where || "/"}: ${p.message}`;
      return li;
    }),
  );
}

function renderTrace(trace) {
  const table = document.createElement("table");
  table.innerHTML = "<tr><th>rule · item</th><th>target</th><th>path → matched</th><th>steps</th><th>value</th></tr>";
  for (const rule of trace) {
    for (const field of rule.fields) {
      const row = table.insertRow();
      const matched = (field.attempts ?? [])
        .map((a) => `${a.path} → ${a.matched.map((m) => `${m.pointer}=${JSON.stringify(m.value)}`).join(", ") || "nothing"}`)
        .join("\n");
      const steps = (field.steps ?? []).map((s) => `${s.transform}: ${JSON.stringify(s.value)}`).join("\n");
      const value = field.empty ? `empty: ${field.empty}` : JSON.stringify(field.value);
      for (const text of [`${rule.rule} · ${rule.item || "/"}${rule.skipped ? ` (skipped: ${rule.skipped})` : ""}`, field.target, matched, steps, value]) {
        const cell = row.insertCell();
        cell.textContent = text;
        cell.style.whiteSpace = "pre";
      }
      if (field.empty) row.className = "empty";
    }
  }
  $("trace").replaceChildren(table);
}

function run() {
  let spec;
  try {
    spec = JSON.parse($("spec").value);
  } catch (err) {
    renderProblems([{ code: "JSON", path: "", message: err.message }]);
    return;
  }
  const problems = validateMapping(spec);
  renderProblems(problems);
  if (problems.length > 0) {
    $("status").textContent = `${problems.length} problem(s) in the spec`;
    return;
  }
  const mapping = compileMapping(spec);
  try {
    const result = mapping.preview($("body").value);
    $("records").textContent = show(result.records);
    renderTrace(result.trace);
    renderProblems([...result.errors, ...result.warnings]);
    $("status").textContent = `${result.records.length} record(s), ${result.warnings.length} warning(s)`;
  } finally {
    mapping.free();
  }
}

function choose(name) {
  $("spec").value = show(builtinMapping(name));
  $("body").value = samples[name] ?? "{}";
  run();
}

await init();
for (const { name, platform } of builtinMappings()) {
  $("builtin").add(new Option(`${name} (${platform})`, name));
}
let timer;
for (const id of ["spec", "body"]) {
  $(id).addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(run, 150);
  });
}
$("builtin").addEventListener("change", (e) => choose(e.target.value));
choose($("builtin").value = "whatsapp" in samples ? "whatsapp" : $("builtin").value);
window.playgroundReady = true;
