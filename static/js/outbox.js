// The field outbox and caseload in IndexedDB. A classic script, so both the page (by dynamic import) and the
// service worker (by importScripts) use the same code: it defines self.XinjuOutbox.
(function (scope) {
  const NAME = "xinju-field";
  // Version 2: the caseload's items have short keys (receipt in "r") and come by cursor; a copy in the older form
  // is dropped (downloaded again whole).
  const VERSION = 2;
  const STORES = { caseload: "r", outbox: "client_id", visited: "receipt" };

  function request(req) {
    return new Promise((resolve, reject) => {
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
  }

  function open() {
    const req = indexedDB.open(NAME, VERSION);
    req.onupgradeneeded = (event) => {
      const db = req.result;
      if (event.oldVersion && event.oldVersion < 2) {
        for (const store of ["caseload", "visited", "meta"]) {
          if (db.objectStoreNames.contains(store)) db.deleteObjectStore(store);
        }
      }
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

  // Who is signed in, as the sync endpoint answers a GET: { coordinator, conflicts } (the account's number and how
  // many of its visits wait for review), or { signedOut: true } when the session has ended (401) or belongs to an
  // account that is not a coordinator (403). No answer (offline) throws: nothing is decided without the server.
  async function account(syncUrl) {
    const response = await fetch(syncUrl, {
      credentials: "same-origin",
      cache: "no-store",
      headers: { Accept: "application/json" },
    });
    if (response.status === 401 || response.status === 403) return { signedOut: true };
    if (!response.ok || !(response.headers.get("content-type") || "").includes("json")) throw new Error("no answer");
    return response.json();
  }

  // Each visit remembers whose caseload it was recorded on ("coordinator"): it is sent only while that coordinator is
  // signed in, never under another account that signs in on the same phone (visits from before have no owner).
  const owned = (visit, coordinator) => visit.coordinator == null || visit.coordinator === coordinator;

  let sending = null;

  // Visits in one request (the server takes at most 100 and 2 MB): a long outbox goes in several small requests.
  const BATCH = 25;
  const BATCH_BYTES = 512 * 1024;
  // A visit larger than this is not sent at all (a real one is a few kB): it is set aside as "too_large".
  const VISIT_BYTES = 128 * 1024;
  // A visit on which the server itself failed (500) this many times is set aside rather than sent for ever.
  const MAX_FAILURES = 3;
  // The server's codes for a request refused as a whole because of its body: one visit in it may be the cause.
  const BODY_REFUSED = new Set(["not_json", "too_deep", "too_large", "invalid"]);

  // Send every waiting visit once. The server stores each client_id once, so a visit sent twice (by the page and
  // by the service worker, or after a lost answer) is still stored once.
  function send(syncUrl) {
    if (!sending) sending = sendNow(syncUrl).finally(() => (sending = null));
    return sending;
  }

  // What the device keeps about a visit but the server does not take (its schema has no other fields).
  const asSent = ({ refused, failures, coordinator, ...visit }) => visit;

  async function sendNow(syncUrl) {
    const waiting = (await all("outbox"))
      .filter((item) => !item.refused)
      .sort((a, b) => String(a.recorded_at).localeCompare(String(b.recorded_at)));
    const summary = { sent: 0, conflicts: 0, refused: 0, others: 0 };
    if (!waiting.length) return summary;
    const who = await account(syncUrl);
    if (who.signedOut) return { ...summary, signedOut: true };
    const mine = waiting.filter((visit) => owned(visit, who.coordinator));
    summary.others = waiting.length - mine.length;
    for (const batch of await batches(mine, summary)) {
      const stop = await sendBatch(syncUrl, batch, summary);
      if (stop) return { ...summary, ...stop };
    }
    return summary;
  }

  // The waiting visits in batches of at most BATCH visits and BATCH_BYTES; one too large to send is set aside.
  async function batches(waiting, summary) {
    const result = [];
    let batch = [];
    let bytes = 0;
    for (const visit of waiting) {
      const size = new Blob([JSON.stringify(asSent(visit))]).size;
      if (size > VISIT_BYTES) {
        summary.refused += 1;
        await put("outbox", { ...visit, refused: "too_large" });
        continue;
      }
      if (batch.length && (batch.length >= BATCH || bytes + size > BATCH_BYTES)) {
        result.push(batch);
        batch = [];
        bytes = 0;
      }
      batch.push(visit);
      bytes += size;
    }
    if (batch.length) result.push(batch);
    return result;
  }

  // One request. A visit the server refuses is set aside (kept, marked "refused" with the reason, never sent again)
  // and shown to the coordinator; the others are stored. A network error or a temporary answer (429, 502, 503, 504)
  // throws: everything stays in the outbox for the next try.
  async function sendBatch(syncUrl, batch, summary) {
    const response = await fetch(syncUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", Accept: "application/json", "X-Xinju-Sync": "1" },
      body: JSON.stringify({ visits: batch.map(asSent) }),
    });
    if (response.status === 401 || response.status === 403) return { signedOut: true };
    if (response.ok) {
      const { results } = await response.json();
      await settle(batch, results, summary);
      return null;
    }
    const body = await response.json().catch(() => ({}));
    const poisoned = response.status === 500 || ((response.status === 400 || response.status === 413) && BODY_REFUSED.has(body.error));
    if (!poisoned) throw new Error("sync failed: " + response.status);
    if (batch.length > 1) {
      // One of these visits may be the cause: send them one by one to find it.
      for (const visit of batch) {
        const stop = await sendBatch(syncUrl, [visit], summary);
        if (stop) return stop;
      }
      return null;
    }
    const [visit] = batch;
    if (response.status === 500) {
      const failures = (visit.failures || 0) + 1;
      if (failures < MAX_FAILURES) {
        await put("outbox", { ...visit, failures });
        return null;
      }
    }
    summary.refused += 1;
    await put("outbox", { ...visit, refused: body.message || "server_error" });
    return null;
  }

  async function settle(batch, results, summary) {
    for (const [index, result] of results.entries()) {
      // The answers come in the order the visits were sent; the client_id confirms it.
      const item = batch[index]?.client_id === result.client_id ? batch[index] : batch.find((v) => v.client_id === result.client_id);
      if (!item) continue;
      if (result.status === "refused") {
        summary.refused += 1;
        await put("outbox", { ...item, refused: result.message || result.error || "refused" });
        continue;
      }
      summary.sent += 1;
      const conflict = result.status === "conflict" || result.state === "conflict";
      if (conflict) summary.conflicts += 1;
      await remove("outbox", item.client_id);
      await put("visited", { receipt: item.receipt, status: conflict ? "conflict" : "stored" });
    }
  }

  scope.XinjuOutbox = {
    open, all, get, count, put, remove, clear, clearCaseload, expireCaseload, account, owned, send, SYNC_TAG: "xinju-outbox",
  };
})(self);
