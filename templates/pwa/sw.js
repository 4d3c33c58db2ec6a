// Xinju service worker. Served from /sw.js so that its scope is the whole site.
// It keeps only public files: for every visitor the common shell (what every page loads, and the offline page);
// a role's page and scripts (field mode) once that page is opened online; any other fingerprinted static file
// (/static/…?v=hash, never changing) once a page uses it. Pages and API responses are never stored: they may hold
// personal data. The version changes whenever a kept file changes.
const VERSION = "{{ version }}";
const PREFIX = "xinju-shell-";
const CACHE = PREFIX + VERSION;
const SHELL = {{ shell|safe }};
// Kept when first opened online: the page (in every language) and the files it needs offline.
const ROLES = {{ roles|safe }};
// The rights guide: public pages, all kept (in every language) once one of them is opened online, never before,
// so a first visit to the start page costs nothing more.
const GUIDE = {{ guide|safe }};
const OFFLINE_URL = "{{ offline_url }}";
const SYNC_URL = "{{ sync_url }}";
// The kept pages (offline page, field mode) are kept once per language, as "/field?lang=zh"; LANGUAGES maps the
// Content-Language a page is sent with to the app's code. The language last seen online (the account's when
// signed in) is remembered in a small cache of its own, so it outlives a new version of the worker.
const PAGES = {{ pages|safe }};
const LANGUAGES = {{ languages|safe }};
const CODES = Object.values(LANGUAGES);
const STATE = "xinju-state";
const LANGUAGE_KEY = "/__xinju/language";
let language = null;

async function rememberLanguage(code) {
  if (!CODES.includes(code) || code === language) return;
  language = code;
  const state = await caches.open(STATE);
  await state.put(LANGUAGE_KEY, new Response(code));
}

async function currentLanguage() {
  if (language) return language;
  const kept = await caches.match(LANGUAGE_KEY, { cacheName: STATE });
  if (kept) language = await kept.text();
  if (CODES.includes(language)) return language;
  // Never seen a page online in this browser: the phone's language, as the server would choose it.
  const phone = (self.navigator.language || "").toLowerCase();
  return CODES.find((code) => phone.startsWith(code)) || CODES[0];
}

// The kept page for a navigation without a network, in the language asked for (?lang=, the pages' switch) or the
// one remembered; else the offline page in that language.
async function keptPage(url) {
  const asked = url.searchParams.get("lang");
  if (CODES.includes(asked)) await rememberLanguage(asked);
  const code = await currentLanguage();
  const options = { ignoreVary: true };
  for (const page of [url.pathname, OFFLINE_URL]) {
    if (!PAGES.includes(page)) continue;
    const hit = await caches.match(`${page}?lang=${code}`, options);
    if (hit) return hit;
  }
  return Response.error();
}

// The coordinators' outbox (IndexedDB, static/js/outbox.js, shared with the pages) is loaded only by the worker of
// a phone that keeps field mode, not by every visitor's: it is imported while the worker installs (a browser lets a
// worker import a new script only then), and taken from the worker's own copy afterwards.
const OUTBOX_URL = "{{ outbox_url }}";
const SYNC_TAG = "xinju-outbox";

function loadOutbox() {
  if (self.XinjuOutbox) return true;
  try {
    importScripts(OUTBOX_URL);
    return true;
  } catch {
    return false; // a worker installed before field mode was first opened: the page sends the outbox itself
  }
}

// Background Sync, where the browser has it: send the visits waiting in the outbox, then tell open pages; a worker
// without the outbox asks the open field page to send it.
self.addEventListener("sync", (event) => {
  if (event.tag !== SYNC_TAG) return;
  event.waitUntil(
    (async () => {
      const sent = loadOutbox();
      if (sent) await self.XinjuOutbox.send(SYNC_URL);
      for (const client of await self.clients.matchAll({ type: "window" })) {
        client.postMessage(sent ? "outbox-changed" : "outbox-send");
      }
    })()
  );
});

const fingerprinted = (url) => url.pathname.startsWith("/static/") && url.searchParams.has("v");

// Put each URL in this version's cache, fetching only what no cache holds yet. A fingerprinted file never changes:
// it comes from an older version's cache, else from the browser's HTTP cache where the page just loaded it (same
// URL, cached for a year), else from the network. Kept pages are fetched anew, without cookies: they are the same
// for everybody, and a response to a request sent with the session could store an older session over a sign-in
// made meanwhile (its form token then fails).
async function keep(urls) {
  const cache = await caches.open(CACHE);
  await Promise.all(
    urls.map(async (url) => {
      if (await cache.match(url)) return;
      const file = fingerprinted(new URL(url, self.location.origin));
      const kept = file ? await caches.match(url) : null;
      const response = kept || (await fetch(file ? url : new Request(url, { cache: "reload", credentials: "omit" })));
      if (!response.ok) throw new Error(`${url}: ${response.status}`);
      await cache.put(url, response);
    })
  );
}

const inEveryLanguage = (page) => CODES.map((code) => `${page}?lang=${code}`);
const roleFiles = (page) => [...inEveryLanguage(page), ...ROLES[page]];
const guideFiles = () => GUIDE.flatMap(inEveryLanguage);

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const pages = SHELL.filter((url) => PAGES.includes(url));
      const urls = [...SHELL.filter((url) => !PAGES.includes(url)), ...pages.flatMap(inEveryLanguage)];
      // A role's page that an older version kept stays kept (field mode offline survives an update), and a phone
      // that keeps field mode gets the outbox for Background Sync.
      for (const page of Object.keys(ROLES)) {
        if (await caches.match(inEveryLanguage(page)[0], { ignoreVary: true })) urls.push(...roleFiles(page));
      }
      // So does the guide, fetched anew for this version (its words or the rules it follows may have changed).
      if (await caches.match(inEveryLanguage(GUIDE[0])[0], { ignoreVary: true })) urls.push(...guideFiles());
      await keep(urls);
      if (urls.includes(OUTBOX_URL)) loadOutbox();
    })()
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

// A navigation the network could not answer. Back or Forward to a page that came from a form post (its errors
// shown) asks the browser's cache only ("only-if-cached"), and pages are never stored: nothing is wrong with the
// connection, so the page is opened again, as a plain GET (its form empty, or the sign-in page after signing out).
// Otherwise, or when that fails too, the phone is offline: the page kept in the shell, or the offline page.
function notKept(request, url) {
  const offline = () => keptPage(request.method === "GET" ? url : new URL(OFFLINE_URL, self.location.origin));
  if (request.cache !== "only-if-cached") return offline();
  return fetch(url.href, { credentials: "same-origin", redirect: "manual" }).catch(offline);
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    // Network first, never stored; without a network, the offline page. Form posts too (sign out, language,
    // every form): otherwise a button pressed offline shows the browser's own error page.
    // A page kept in the shell (field mode) opens from the cache, in the person's language. ignoreVary: pages vary
    // on Cookie, and the kept ones are the same for everybody.
    event.respondWith(
      fetch(request).then(
        async (response) => {
          await rememberLanguage(LANGUAGES[response.headers.get("Content-Language")]);
          // A role's page opened online (field mode): keep it and its scripts for use offline.
          if (request.method === "GET" && response.ok && ROLES[url.pathname]) {
            event.waitUntil(keep(roleFiles(url.pathname)).catch(() => {}));
          }
          // A page of the guide opened online: keep the whole guide for reading offline.
          if (request.method === "GET" && response.ok && GUIDE.includes(url.pathname)) {
            event.waitUntil(keep(guideFiles()).catch(() => {}));
          }
          return response;
        },
        () => notKept(request, url)
      )
    );
    return;
  }
  if (request.method !== "GET") return;
  if (fingerprinted(url)) {
    // Never changes: from the cache, else fetched once and kept (a role's scripts, when the role first uses them).
    event.respondWith(
      caches.match(request).then(
        (hit) =>
          hit ||
          fetch(request).then((response) => {
            if (response.ok) {
              const copy = response.clone();
              event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
            }
            return response;
          })
      )
    );
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(caches.match(request).then((hit) => hit || fetch(request)));
  }
});
