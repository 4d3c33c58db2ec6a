// The field outbox and caseload in IndexedDB. A classic script, so both the page (by dynamic import) and the
// service worker (by importScripts) use the same code: it defines self.XinjuOutbox.
(function (scope) {
  const NAME = "xinju-field";
  const VERSION = 1;
  const STORES = { caseload: "receipt", outbox: "client_id", visited: "receipt" };

  function request(req) {
    return new Promise((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  function open() {
    const req = indexedDB.open(NAME, VERSION);
    req.onupgradeneeded = () => {
      const db = req.result;
      for (const [store, keyPath] of Object.entries(STORES)) {
        if (!db.objectStoreNames.contains(store)) db.createObjectStore(store, { keyPath });
      }
      if (!db.objectStoreNames.contains("meta")) db.createObjectStore("meta");
    };
    return request(req);
  }

  async function run(store, mode, work) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const transaction = db.transaction(store, mode);
      let result;
      Promise.resolve(work(transaction.objectStore(store))).then((value) => {
        result = value;
      }, reject);
      transaction.oncomplete = () => {
        db.close();
        resolve(result);
      };
      transaction.onerror = transaction.onabort = () => {
        db.close();
        reject(transaction.error);
      };
    });
  }

  const all = (store) => run(store, "readonly", (s) => request(s.getAll()));
  const get = (store, key) => run(store, "readonly", (s) => request(s.get(key)));
  const count = (store) => run(store, "readonly", (s) => request(s.count()));
  const put = (store, value, key) => run(store, "readwrite", (s) => request(key === undefined ? s.put(value) : s.put(value, key)));
  const remove = (store, key) => run(store, "readwrite", (s) => request(s.delete(key)));
  const clear = (store) => run(store, "readwrite", (s) => request(s.clear()));

  // The personal data downloaded for visits: wiped on sign-out and when it is older than its keep_until.
  async function clearCaseload() {
    await clear("caseload");
    await clear("visited");
    await clear("meta");
  }

  async function expireCaseload(now) {
    const keepUntil = await get("meta", "keep_until");
    if (keepUntil && Date.parse(keepUntil) < now) await clearCaseload();
  }

  let sending = null;

  // Send every waiting visit once. The server stores each client_id once, so a visit sent twice (by the page and
  // by the service worker, or after a lost answer) is still stored once.
  function send(syncUrl) {
    if (!sending) sending = sendNow(syncUrl).finally(() => (sending = null));
    return sending;
  }

  async function sendNow(syncUrl) {
    const waiting = (await all("outbox")).filter((item) => !item.refused);
    if (!waiting.length) return { sent: 0, conflicts: 0, refused: 0 };
    const response = await fetch(syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-Xinju-Sync": "1" },
      body: JSON.stringify({ visits: waiting.map(({ refused, ...visit }) => visit) }),
    });
    if (response.status === 401 || response.status === 403) return { signedOut: true };
    if (!response.ok) throw new Error("sync failed: " + response.status);
    const { results } = await response.json();
    const summary = { sent: 0, conflicts: 0, refused: 0 };
    for (const result of results) {
      const item = waiting.find((visit) => visit.client_id === result.client_id);
      if (!item) continue;
      if (result.status === "refused") {
        summary.refused += 1;
        await put("outbox", { ...item, refused: result.error || "refused" });
        continue;
      }
      summary.sent += 1;
      const conflict = result.status === "conflict" || result.state === "conflict";
      if (conflict) summary.conflicts += 1;
      await remove("outbox", item.client_id);
      await put("visited", { receipt: item.receipt, status: conflict ? "conflict" : "stored" });
    }
    return summary;
  }

  scope.XinjuOutbox = { open, all, get, count, put, remove, clear, clearCaseload, expireCaseload, send, SYNC_TAG: "xinju-outbox" };
})(self);
