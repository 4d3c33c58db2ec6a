// Xinju service worker. Served from /sw.js so that its scope is the whole site.
// It keeps only the public app shell (styles, scripts, icons, the offline page). Pages and API responses are
// never stored: they may hold personal data. The version changes whenever a shell file changes.
const VERSION = "{{ version }}";
const PREFIX = "xinju-shell-";
const CACHE = PREFIX + VERSION;
const SHELL = {{ shell|safe }};
const OFFLINE_URL = "{{ offline_url }}";
const SYNC_URL = "{{ sync_url }}";

// The coordinators' outbox (IndexedDB), shared with the pages.
importScripts("{{ outbox_url }}");

// Background Sync, where the browser has it: send the visits waiting in the outbox, then tell open pages.
self.addEventListener("sync", (event) => {
  if (event.tag !== self.XinjuOutbox.SYNC_TAG) return;
  event.waitUntil(
    self.XinjuOutbox.send(SYNC_URL).then(async () => {
      for (const client of await self.clients.matchAll({ type: "window" })) client.postMessage("outbox-changed");
    })
  );
});

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.addAll(SHELL.map((url) => new Request(url, { cache: "reload", credentials: "same-origin" })))
    )
  );
});

// A waiting worker takes over only when the person chooses "Update now" (see static/js/app.js).
self.addEventListener("message", (event) => {
  if (event.data === "skip-waiting") self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((n) => n.startsWith(PREFIX) && n !== CACHE).map((n) => caches.delete(n)));
      await self.clients.claim();
    })()
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // Network first, never stored; without a network, the offline page. Form posts too (sign out, language,
    // every form): otherwise a button pressed offline shows the browser's own error page.
    // A page kept in the shell (field mode) opens from the cache. ignoreVary: pages vary on Cookie, and the kept
    // ones are the same for everybody.
    const options = { ignoreSearch: true, ignoreVary: true };
    event.respondWith(
      fetch(request).catch(async () => {
        const kept = request.method === "GET" ? await caches.match(request, options) : null;
        return kept || (await caches.match(OFFLINE_URL, options)) || Response.error();
      })
    );
    return;
  }
  if (request.method !== "GET") return;
  if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  }
});
