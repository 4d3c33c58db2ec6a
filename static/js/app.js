// Xinju: progressive enhancement. The page works without this file; it adds passkeys, focus on errors and the
// service worker. Each enhancement starts only on elements marked data-module="…" (as GOV.UK Frontend does).
document.documentElement.classList.replace("no-js", "js-enabled");

// The field outbox lives in IndexedDB (static/js/outbox.js, shared with the service worker).
async function outbox(el) {
  if (!("indexedDB" in self)) return null;
  await import(el.dataset.outboxSrc);
  return self.XinjuOutbox;
}

const modules = {
  "error-summary": (el) => {
    el.focus();
    // A link to a field shows its label, hint and error too, not the input alone at the top of the screen.
    el.addEventListener("click", (event) => {
      const link = event.target.closest("a[href^='#']");
      const field = link && document.getElementById(link.hash.slice(1));
      if (!field) return;
      event.preventDefault();
      field.closest(".field")?.scrollIntoView();
      field.focus({ preventScroll: true });
      if (field.getBoundingClientRect().bottom > innerHeight) field.scrollIntoView({ block: "end" });
    });
  },
  // Visits waiting to be sent are always in sight for a coordinator, on every page.
  // Shown to coordinators: a caseload another account downloaded on this browser is wiped here, at the first page
  // after signing in, not only when field mode opens (the sync endpoint answers a GET with who is signed in).
  "outbox-badge": async (el) => {
    const store = await outbox(el);
    const owner = await store?.get("meta", "coordinator");
    // Not on field mode's own page: it asks the same itself, and says what it wiped.
    const fieldPage = location.pathname === new URL(el.href, location.href).pathname;
    if (!fieldPage && (owner !== undefined || (await store?.count("caseload")))) {
      const who = await store.account("/coordinator/sync").catch(() => null); // visits.sync
      if (who && (who.signedOut || who.coordinator !== owner)) await store.clearCaseload();
    }
    const waiting = store ? await store.count("outbox") : 0;
    if (waiting) {
      el.textContent = el.dataset.i18nWaiting.replace("%(count)s", waiting);
      el.hidden = false;
    }
  },
  // Signing out wipes the downloaded caseload (personal data). Unsent visits stay until they are sent.
  signout: (form) => {
    form.addEventListener("submit", async (event) => {
      if (form.dataset.cleared) return;
      event.preventDefault();
      try {
        await (await outbox(form))?.clearCaseload();
      } finally {
        form.dataset.cleared = "1";
        form.submit();
      }
    });
  },
};

// A module of its own (data-module-src, fingerprinted) is loaded only on the pages that use it.
async function load(el) {
  const { start } = await import(el.dataset.moduleSrc);
  start(el);
}

// The message after a form was sent (templates/base.html) is in the page as it loads, where a screen reader does not
// announce a live region: focus takes the reader to it (an error summary goes first). Only such a message comes
// before the page's heading; a notice of the page itself (after it) is read in its turn.
const flash = document.querySelector("main > .notice[role]");
const h1 = document.querySelector("main > h1");
const beforeHeading = flash && h1 && flash.compareDocumentPosition(h1) & Node.DOCUMENT_POSITION_FOLLOWING;
if (beforeHeading && !document.querySelector("[data-module=error-summary]")) {
  flash.tabIndex = -1;
  flash.focus();
}

for (const el of document.querySelectorAll("[data-module]")) {
  const init = modules[el.dataset.module] || (el.dataset.moduleSrc ? load : null);
  if (init) init(el);
}

function watchForUpdates(registration) {
  const notice = document.getElementById("update-notice");
  const button = document.getElementById("update-reload");
  if (!notice || !button) return;
  let chosen = false;
  const show = () => {
    notice.hidden = false;
  };
  if (registration.waiting && navigator.serviceWorker.controller) show();
  registration.addEventListener("updatefound", () => {
    const worker = registration.installing;
    worker?.addEventListener("statechange", () => {
      if (worker.state === "installed" && navigator.serviceWorker.controller) show();
    });
  });
  button.addEventListener("click", () => {
    chosen = true;
    registration.waiting?.postMessage("skip-waiting");
  });
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    if (chosen) window.location.reload();
  });
}

if ("serviceWorker" in navigator) {
  navigator.serviceWorker
    .register("/sw.js", { scope: "/" })
    .then(watchForUpdates)
    .catch(() => {});
}
