/* ohkit, offline copy only (python -m ohkit.site offline): a page opened from file:// may not
   start a Web Worker, and Material's search runs in one. This stand-in runs the worker script in a
   hidden iframe of the same page instead (Material's search worker looks for window.IFrameWorker
   in its parent for exactly this case; the theme's offline plugin would fetch such a shim from the
   network, which this copy never does). Messages go in and out as events; importScripts becomes
   script tags loaded one after the other. */
(function () {
  "use strict";
  if (location.protocol !== "file:") return;

  class IFrameWorker extends EventTarget {
    constructor(url) {
      super();
      this.onmessage = null;
      this.onerror = null;
      const src = new URL(String(url), location.href).href;
      const queue = [];
      let inner = null;
      this._send = (data) => {
        if (inner) inner.dispatchEvent(new inner.MessageEvent("message", { data }));
        else queue.push(data);
      };
      const frame = (this._frame = document.createElement("iframe"));
      frame.hidden = true;
      frame.tabIndex = -1;
      frame.setAttribute("aria-hidden", "true");
      frame.srcdoc = "<!doctype html><meta charset=utf-8><title>search</title>";
      frame.addEventListener("load", () => {
        const win = frame.contentWindow;
        const doc = frame.contentDocument;
        const load = (href) => new Promise((resolve, reject) => {
          const s = doc.createElement("script");
          s.src = new URL(href, src).href;
          s.onload = () => resolve();
          s.onerror = () => reject(new Error("cannot load " + s.src));
          doc.head.appendChild(s);
        });
        win.importScripts = (...urls) => urls.reduce((p, u) => p.then(() => load(u)), Promise.resolve());
        win.postMessage = (data) => this._emit("message", data);
        win.addEventListener("error", (e) => this._emit("error", e.message));
        load(src).then(() => {
          inner = win;
          queue.splice(0).forEach(this._send);
        }, (e) => this._emit("error", e.message));
      }, { once: true });
      (document.body || document.documentElement).appendChild(frame);
    }

    _emit(type, data) {
      const ev = type === "message" ? new MessageEvent("message", { data }) : new ErrorEvent("error", { message: String(data) });
      const handler = this["on" + type];
      if (typeof handler === "function") handler.call(this, ev);
      this.dispatchEvent(ev);
    }

    postMessage(data) { this._send(data); }

    terminate() { this._frame.remove(); }
  }

  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
