// 在线自查 / Check online: ohkit under Pyodide, in a Web Worker so the page never freezes.
// Everything is loaded from this site (py/manifest.json lists it); nothing is sent anywhere.
// Messages in:  {id, cmd: "check"|"facts"|"form"|"example", ...}
// Messages out: {progress: step} while loading, then {id, ok, result} or {id, ok: false, error}.
const base = new URL("./py/", import.meta.url);
let py = null;

// WebAssembly memory in use (Python's heap): for the page's figures, not needed to work.
function wasmBytes() { try { return py._module.HEAPU8.length; } catch (e) { return null; } }

function progress(step, extra) { postMessage({ progress: step, ...extra }); }

async function boot() {
  const t0 = performance.now();
  progress("runtime");
  const manifest = await (await fetch(new URL("manifest.json", base))).json();
  const { loadPyodide } = await import(new URL(manifest.pyodide + "pyodide.mjs", base).href);
  const bundle = fetch(new URL(manifest.bundle, base)).then((r) => {
    if (!r.ok) throw new Error(`${manifest.bundle}: HTTP ${r.status}`);
    return r.arrayBuffer();
  });
  const phases = {};
  let t = performance.now();
  const lap = (name) => { const n = performance.now(); phases[name] = Math.round(n - t); t = n; };
  py = await loadPyodide({ indexURL: new URL(manifest.pyodide, base).href, env: { HOME: "/home/pyodide" } });
  lap("pyodide");
  progress("packages");
  await py.loadPackage(manifest.wheels.map((w) => new URL(w, base).href), { messageCallback: () => {} });
  const site = py.runPython("import site; site.getsitepackages()[0]");
  py.unpackArchive(await bundle, "zip", { extractDir: site });
  lap("packages");
  progress("ohkit");
  py.runPython(`
import os, json, base64
os.environ["OHKIT_CACHE_DIR"] = os.path.join(${JSON.stringify(site)}, ${JSON.stringify(manifest.catalogue_cache)})
from ohkit.web import api as _api
from ohkit.catalogue import load_catalogue as _lc
_lc()
# import now what the first check needs, so that it does not wait for it
import ohkit.records.workspace, ohkit.records.tables, ohkit.engine, ohkit.render.jsonout, ohkit.render.report
import ohkit.render.cards, ohkit.web.view, jinja2, python_calamine, fastjsonschema, yaml
ohkit.render.report.template_env()

def _warm_up():
    """One check of the bundled example, thrown away: compiles the schemas' validators and the
    report templates while the person is still choosing a file."""
    from ohkit.paths import examples_dir
    root = examples_dir() / "furniture"
    _api.check({p.name: p.read_bytes() for p in root.iterdir() if p.suffix in (".xlsx", ".yaml")}, lang="zh")

def _check(names, bufs, opts):
    o = json.loads(opts)
    files = {n: b.to_bytes() for n, b in zip(names.to_py(), bufs)}
    return json.dumps(_api.check(files, **o), ensure_ascii=False)

def _facts(buf):
    return json.dumps(_api.facts_from_enterprise(buf.to_bytes()), ensure_ascii=False)

def _form(lang):
    return json.dumps(_api.form_fields(lang), ensure_ascii=False)

def _example(name):
    from ohkit.paths import examples_dir
    root = examples_dir() / name
    return json.dumps({p.name: base64.b64encode(p.read_bytes()).decode()
                       for p in sorted(root.iterdir()) if p.suffix in (".xlsx", ".csv", ".yaml")})
`);
  lap("imports");
  py.runPython("_warm_up()");
  lap("warm_up");
  progress("ready", { ms: Math.round(performance.now() - t0), phases, pyodide: manifest.pyodide_version });
}

const ready = boot();
ready.catch((e) => postMessage({ progress: "failed", error: String(e && e.message || e) }));

onmessage = async (ev) => {
  const m = ev.data;
  try {
    await ready;
    let out;
    if (m.cmd === "check") {
      const names = Object.keys(m.files);
      const fn = py.globals.get("_check");
      out = fn(names, names.map((n) => m.files[n]), JSON.stringify(m.opts));
      fn.destroy();
    } else if (m.cmd === "facts") {
      out = py.globals.get("_facts")(m.data);
    } else if (m.cmd === "form") {
      out = py.globals.get("_form")(m.lang);
    } else if (m.cmd === "example") {
      out = py.globals.get("_example")(m.name);
    } else {
      throw new Error("unknown command " + m.cmd);
    }
    postMessage({ id: m.id, ok: true, result: JSON.parse(out), wasmBytes: wasmBytes() });
  } catch (e) {
    // a Python traceback helps nobody on this page: its last line says what went wrong
    const lines = String(e && e.message || e).trim().split("\n");
    postMessage({ id: m.id, ok: false, error: lines[lines.length - 1] });
  }
};
