// ohkit guide: the service worker of the 在线自查 / Check online page, so that the page and its
// engine work with the network off once they have been loaded. It answers only for this site:
//   assets/online/py/* (versioned engine files)  cache first (their names change when they do);
//   the online pages, assets/online/*, the theme's CSS/JS, the search index  network first,
//   the cached copy when offline.
// Every other request (other hosts, other pages) goes to the network untouched.
const CACHE = "ohkit-online-1";
const scope = new URL(self.registration.scope);

// On install: the page's own files and every engine file the manifest lists (the first visit's
// requests were made before this worker took control, so they are fetched once more, from the
// browser's HTTP cache where it still has them).
self.addEventListener("install", (e) => e.waitUntil((async () => {
  const cache = await caches.open(CACHE);
  const py = new URL("assets/online/py/", scope);
  const manifest = await (await fetch(new URL("manifest.json", py))).json();
  const urls = ["check-online/", "en/check-online/", "assets/online/online.js", "assets/online/online-worker.js",
                "assets/online/online.css", "assets/online/py/manifest.json", "search/search_index.json",
                // what the theme's search worker imports for `lang: zh` + en (it runs outside the page)
                "assets/javascripts/lunr/min/lunr.stemmer.support.min.js",
                "assets/javascripts/lunr/min/lunr.zh.min.js", "assets/javascripts/lunr/min/lunr.multi.min.js"].map((u) => new URL(u, scope).href)
    .concat(Object.keys(manifest.files).map((f) => new URL(f, py).href));
  await Promise.all(urls.map(async (u) => {
    try {
      const res = await fetch(u);
      if (res.ok) await cache.put(u, res);
    } catch (err) { /* a page missing from this build (e.g. no English) */ }
  }));
  await self.skipWaiting();
})()));

// The page sends the theme files it loaded before this worker controlled it.
self.addEventListener("message", (e) => {
  const urls = (e.data && e.data.cache) || [];
  e.waitUntil(caches.open(CACHE).then((cache) => Promise.all(urls.filter((u) => kind(new URL(u)))
    .map((u) => cache.match(u).then((hit) => hit || fetch(u).then((res) => res.ok && cache.put(u, res))
      .catch(() => {}))))));
});
// On activate: drop engine files an older build left (their names carry versions and hashes).
self.addEventListener("activate", (e) => e.waitUntil((async () => {
  try {
    const py = new URL("assets/online/py/", scope);
    const manifest = await (await fetch(new URL("manifest.json", py))).json();
    const keep = new Set(Object.keys(manifest.files).map((f) => new URL(f, py).href));
    const cache = await caches.open(CACHE);
    for (const req of await cache.keys()) {
      if (req.url.startsWith(py.href) && !req.url.endsWith("manifest.json") && !keep.has(req.url)) {
        await cache.delete(req);
      }
    }
  } catch (err) { /* offline: keep what there is */ }
  await self.clients.claim();
})()));

function kind(url) {
  if (url.origin !== scope.origin || !url.pathname.startsWith(scope.pathname)) return null;
  const rel = url.pathname.slice(scope.pathname.length);
  if (rel.startsWith("assets/online/py/") && !rel.endsWith("manifest.json")) return "immutable";
  if (/^(en\/)?check-online\/(index\.html)?$/.test(rel) || rel.startsWith("assets/online/")
      || rel.startsWith("assets/stylesheets/") || rel.startsWith("assets/javascripts/")
      || rel === "assets/ohkit.css" || rel.startsWith("search/")) return "fresh";
  return null;
}

self.addEventListener("fetch", (e) => {
  if (e.request.method !== "GET") return;
  const url = new URL(e.request.url);
  const k = kind(url);
  if (!k) return;
  e.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const key = url.origin + url.pathname;  // ignore ?query
    if (k === "immutable") {
      const hit = await cache.match(key);
      if (hit) return hit;
      const res = await fetch(e.request);
      if (res.ok) await cache.put(key, res.clone());
      return res;
    }
    try {
      const res = await fetch(e.request);
      if (res.ok) await cache.put(key, res.clone());
      return res;
    } catch (err) {
      const hit = await cache.match(key);
      if (hit) return hit;
      throw err;
    }
  })());
});
