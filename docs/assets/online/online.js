// 在线自查 / Check online: the page's glue. Reads the chosen files in the browser, hands their
// bytes to ohkit in a Web Worker (online-worker.js) and shows what comes back. No rule lives
// here: validation, assessment, due dates, questions and the report all come from ohkit.
// The page's words are in the Markdown page (data-t-* attributes), not in this file.
(function () {
  "use strict";
  const root = document.getElementById("ohk-online");
  if (!root) return;
  const T = (k) => root.dataset["t" + k.charAt(0).toUpperCase() + k.slice(1)] || k;
  const lang = (document.documentElement.lang || "zh").toLowerCase().startsWith("en") ? "en" : "zh";
  const here = new URL(document.currentScript.src);
  const siteRoot = new URL("../../", here);
  const $ = (id) => document.getElementById(id);
  const state = { files: {}, enterprise: null, factsDirty: false, answers: {}, result: null, busy: false,
                  again: false, t0: 0 };
  window.ohkitOnline = state; // for the browser test and the curious: state.result holds the JSON

  // ---- offline: a service worker at the site's root keeps this page and its engine ----
  if ("serviceWorker" in navigator && location.protocol !== "file:") {
    navigator.serviceWorker.register(new URL("online-sw.js", siteRoot), { scope: siteRoot.pathname })
      .then(() => navigator.serviceWorker.ready)
      .then((reg) => {
        const urls = performance.getEntriesByType("resource").map((e) => e.name)
          .filter((u) => u.startsWith(location.origin));
        urls.push(location.origin + location.pathname);
        if (reg.active) reg.active.postMessage({ cache: urls });
      })
      .catch(() => {});
  }

  // ---- the worker ----
  const worker = new Worker(new URL("online-worker.js", here), { type: "module" });
  let seq = 0;
  const waiting = new Map();
  const status = $("ohk-status"), bar = $("ohk-progress");
  const steps = { runtime: 1, packages: 2, ohkit: 3, ready: 4 };
  let engineReady = false;
  const tLoad = performance.now();
  worker.onmessage = (ev) => {
    const m = ev.data;
    if (m.progress) {
      if (m.progress === "failed") {
        status.textContent = T("failed") + " " + m.error;
        bar.hidden = true;
        root.dataset.state = "failed";
        return;
      }
      bar.value = steps[m.progress] || 0;
      status.textContent = T(m.progress);
      if (m.progress === "ready") {
        engineReady = true;
        state.loadMs = Math.round(performance.now() - tLoad);
        state.workerMs = m.ms;
        state.phases = m.phases;
        bar.hidden = true;
        status.textContent = T("ready");
        loadForm().then(() => { if (!state.result) root.dataset.state = "ready"; });
      }
      return;
    }
    if (m.wasmBytes) state.wasmBytes = m.wasmBytes;
    const w = waiting.get(m.id);
    waiting.delete(m.id);
    if (w) (m.ok ? w.resolve(m.result) : w.reject(new Error(m.error)));
  };
  function call(cmd, args) {
    const id = ++seq;
    return new Promise((resolve, reject) => {
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, cmd, ...args });
    });
  }

  // ---- the firm facts form (fields from enterprise.yaml's schema) ----
  const form = $("ohk-facts");
  async function loadForm() {
    const fields = await call("form", { lang });
    form.textContent = "";
    for (const f of fields) {
      const label = document.createElement("label");
      label.className = "ohk-field";
      const span = document.createElement("span");
      span.textContent = f.label + (f.required ? " *" : "");
      if (f.help) span.title = f.help;
      label.appendChild(span);
      let input;
      if (f.kind === "enum" || f.kind === "bool") {
        input = document.createElement("select");
        const opts = f.kind === "bool" ? [["", ""], ["true", T("yes")], ["false", T("no")]]
                                       : [["", ""], ...f.choices];
        for (const [v, l] of opts) {
          const o = document.createElement("option");
          o.value = v; o.textContent = l;
          input.appendChild(o);
        }
      } else {
        input = document.createElement("input");
        // numbers as text, so that a wrong value from enterprise.yaml stays visible to fix
        input.type = f.kind === "date" ? "date" : "text";
        if (f.kind === "int") input.inputMode = "numeric";
      }
      input.name = f.key;
      input.dataset.kind = f.kind;
      label.appendChild(input);
      form.appendChild(label);
    }
    if (state.enterprise) await fillForm(state.enterprise);
    if (Object.keys(state.files).length) run();
  }
  async function fillForm(bytes) {
    const facts = await call("facts", { data: bytes });
    for (const el of form.elements) {
      const v = facts[el.name];
      el.value = v === undefined || v === null ? "" : String(v);
    }
    state.factsDirty = false;
  }
  function facts() {
    const out = {};
    for (const el of form.elements) {
      if (!el.name || el.value === "") continue;
      out[el.name] = el.dataset.kind === "bool" ? el.value === "true" : el.value;
    }
    return out;
  }
  form.addEventListener("change", () => { state.factsDirty = true; run(); });

  // ---- files ----
  async function addFiles(fileList) {
    const list = [...fileList];  // a drop's FileList empties once the event is over
    for (const f of list) {
      const bytes = new Uint8Array(await f.arrayBuffer());
      state.files[f.name] = bytes;
      if (f.name.toLowerCase() === "enterprise.yaml") state.enterprise = bytes;
    }
    showFiles();
    // a newly chosen enterprise.yaml fills the form (the form's values are what is checked)
    if (engineReady && list.some((f) => f.name.toLowerCase() === "enterprise.yaml")) {
      await fillForm(state.enterprise);
    }
    run();
  }
  function showFiles() {
    const names = Object.keys(state.files);
    $("ohk-files").textContent = names.length ? T("chosen") + " " + names.join(", ") : "";
  }
  const drop = $("ohk-drop"), picker = $("ohk-picker");
  picker.addEventListener("change", () => addFiles(picker.files));
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("ohk-over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("ohk-over"));
  drop.addEventListener("drop", (e) => { e.preventDefault(); drop.classList.remove("ohk-over"); addFiles(e.dataTransfer.files); });
  $("ohk-clear").addEventListener("click", () => {
    state.files = {}; state.enterprise = null; state.answers = {}; state.result = null; state.factsDirty = false;
    for (const el of form.elements) el.value = "";
    showFiles();
    for (const id of ["problems", "assessment", "due", "questions"]) $("ohk-" + id).textContent = "";
    $("ohk-downloads").hidden = true;
  });
  $("ohk-example").addEventListener("click", async () => {
    const files = await call("example", { name: "furniture" });
    state.files = {}; state.answers = {};
    for (const [n, b64] of Object.entries(files)) {
      const bin = atob(b64), bytes = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      state.files[n] = bytes;
      if (n === "enterprise.yaml") state.enterprise = bytes;
    }
    showFiles();
    await fillForm(state.enterprise);
    run();
  });
  // today in the person's own time zone (answers.yaml dates, the default assessment date)
  const localDate = () => {
    const d = new Date();
    return new Date(d.getTime() - d.getTimezoneOffset() * 60000).toISOString().slice(0, 10);
  };
  if (!$("ohk-asof").value) $("ohk-asof").value = localDate();
  $("ohk-asof").addEventListener("change", () => run());

  // ---- the check ----
  async function run() {
    if (!engineReady || !Object.keys(state.files).length) return;
    if (state.busy) { state.again = true; return; }
    state.busy = true;
    const t0 = performance.now();
    status.textContent = T("checking");
    root.dataset.state = "checking";
    try {
      const opts = { as_of: $("ohk-asof").value || null, lang, answers: state.answers,
                     today: localDate() };
      state.today = opts.today;
      if (state.factsDirty || !state.enterprise) opts.facts = facts();
      const r = await call("check", { files: state.files, opts });
      state.result = r;
      state.checkMs = Math.round(performance.now() - t0);
      state.runs = (state.runs || 0) + 1;
      show(r);
      root.dataset.runs = String(state.runs);
      status.textContent = T("done").replace("{s}", (state.checkMs / 1000).toFixed(1));
    } catch (e) {
      status.textContent = T("failed") + " " + e.message;
      root.dataset.state = "failed";
    } finally {
      state.busy = false;
      if (state.again) { state.again = false; run(); }
      else if (root.dataset.state === "checking") root.dataset.state = "done";
    }
  }
  function show(r) {
    for (const id of ["problems", "assessment", "due", "questions"]) $("ohk-" + id).innerHTML = r.html[id];
    $("ohk-downloads").hidden = false;
    $("ohk-dl-cards").hidden = !r.downloads["cards.html"];
    $("ohk-dl-answers").hidden = !r.downloads["answers.yaml"];
    $("ohk-dl-enterprise").hidden = !r.downloads["enterprise.yaml"];
  }

  $("ohk-questions").addEventListener("change", (e) => {
    const fs = e.target.closest("fieldset");
    if (!fs) return;
    const v = e.target.value;
    state.answers[fs.dataset.qid] = v === "" ? null : fs.dataset.qtype === "bool" ? v === "true" : v;
    run();
  });

  // ---- downloads (made in the browser from the result; nothing is uploaded) ----
  function save(name, text, type) {
    const url = URL.createObjectURL(new Blob([text], { type }));
    const a = document.createElement("a");
    a.href = url; a.download = name;
    document.body.appendChild(a); a.click(); a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 10000);
  }
  const stamp = () => (state.result ? state.result.as_of : "");
  const suffix = lang === "zh" ? "" : "-en";
  $("ohk-dl-answers").addEventListener("click", () => save("answers.yaml", state.result.downloads["answers.yaml"], "text/yaml"));
  $("ohk-dl-enterprise").addEventListener("click", () => save("enterprise.yaml", state.result.downloads["enterprise.yaml"], "text/yaml"));
  $("ohk-dl-report").addEventListener("click", () => save(`ohkit-${stamp()}${suffix}-report.html`, state.result.downloads["report.html"], "text/html"));
  $("ohk-dl-cards").addEventListener("click", () => save(`ohkit-${stamp()}${suffix}-cards.html`, state.result.downloads["cards.html"], "text/html"));
  $("ohk-dl-json").addEventListener("click", () => save(`ohkit-${stamp()}${suffix}-assess.json`, JSON.stringify(state.result.assessment, null, 2) + "\n", "application/json"));
  $("ohk-print").addEventListener("click", () => {
    const w = window.open(URL.createObjectURL(new Blob([state.result.downloads["report.html"]], { type: "text/html" })));
    if (w) w.addEventListener("load", () => w.print(), { once: true });
  });
})();
