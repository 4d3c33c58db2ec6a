// Field mode: the caseload downloaded to this phone, visits recorded without a network, sent when it returns.
// All text comes from data-i18n-* attributes rendered by the server in the coordinator's language.

const store = () => self.XinjuOutbox;

function fill(template, values) {
  return template.replace(/%\((\w+)\)s/g, (_, name) => String(values[name] ?? ""));
}

function newId() {
  if (self.crypto && crypto.randomUUID) return crypto.randomUUID().replace(/-/g, "");
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function position() {
  return new Promise((resolve) => {
    if (!navigator.geolocation) return resolve(null);
    navigator.geolocation.getCurrentPosition(
      (p) => resolve({ latitude: p.coords.latitude, longitude: p.coords.longitude, accuracy: p.coords.accuracy }),
      () => resolve(null),
      { timeout: 10000, maximumAge: 60000 }
    );
  });
}

// A time in the app's zone and format (webapp/pwa/formats.py gives the CLDR pattern, e.g. "M/d/yy, h:mm a" or
// "y/M/d HH:mm", its period names and the zone), not in the phone's: the same text the server's pages show.
export function formatDateTime(when, { pattern, am, pm, timezone }) {
  const parts = {};
  const numeric = { year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric" };
  for (const part of new Intl.DateTimeFormat("en-US", { ...numeric, hourCycle: "h23", timeZone: timezone })
    .formatToParts(new Date(when))) parts[part.type] = Number(part.value);
  const pad = (value, width) => String(value).padStart(width, "0");
  const field = (token) => {
    const letter = token[0];
    const width = token.length;
    switch (letter) {
      case "y": return width === 2 ? pad(parts.year % 100, 2) : pad(parts.year, width);
      case "M": case "L": return pad(parts.month, width);
      case "d": return pad(parts.day, width);
      case "H": return pad(parts.hour % 24, width);
      case "h": return pad(parts.hour % 12 || 12, width);
      case "m": return pad(parts.minute, width);
      case "a": return parts.hour % 24 < 12 ? am : pm;
      default: return token;
    }
  };
  // Letters are fields; text in single quotes is literal ('' is a quote).
  return pattern.replace(/'([^']*)'|([A-Za-z])\2*/g, (token, quoted) =>
    quoted !== undefined ? (quoted === "" ? "'" : quoted) : field(token));
}

const CORRECTABLE = ["road", "number", "building", "unit", "room", "workplace"];
// The downloaded caseload has short keys (webapp/visits/offline.py item_json); the form's fields have long names.
const KEYS = { road: "rd", number: "no", building: "bd", unit: "un", room: "rm", workplace: "wk" };
const value = (item, name) => item[KEYS[name]] || "";

// A caseload update (GET …?since=cursor) applied to the copy on this phone: a whole caseload replaces it, an update
// replaces the items sent and drops the receipts removed. Exported for the browser tests.
export async function applyCaseload(store, data) {
  if (data.full) {
    await store.clear("caseload");
    await store.clear("visited");
  }
  for (const item of data.items) await store.put("caseload", item);
  for (const receipt of data.removed || []) {
    await store.remove("caseload", receipt);
    await store.remove("visited", receipt);
  }
  // Whose copy this is: another account signed in on this phone must not see it (see checkAccount below).
  await store.put("meta", data.coordinator, "coordinator");
  await store.put("meta", data.cursor, "cursor");
  await store.put("meta", data.today, "today");
  await store.put("meta", data.downloaded_at, "downloaded_at");
  await store.put("meta", data.keep_until, "keep_until");
  await store.put("meta", await store.count("caseload"), "count");
}

export async function start(root) {
  const text = root.dataset;
  const when = { pattern: text.datetimePattern, am: text.datetimeAm, pm: text.datetimePm, timezone: text.timezone };
  const $ = (selector) => root.querySelector(selector);
  const list = $("[data-field-list]");
  const errorBox = $("[data-field-error]");
  const template = $("[data-field-form-template]");

  const noticeBox = $("[data-field-notice]");
  const conflictsBox = $("[data-field-conflicts]");
  const savedBox = $("[data-field-saved]");
  // The account signed in, as the server last said (null: not asked yet, or no answer).
  let signedIn = null;

  const showError = (message) => {
    errorBox.textContent = message || "";
    errorBox.hidden = !message;
  };

  const showNotice = (message) => {
    noticeBox.textContent = message || "";
    noticeBox.hidden = !message;
  };

  const WIPED_SIGNED_OUT = "xinju-field-wiped-signed-out"; // a flag, no personal data
  const hasCopy = async () => (await store().get("meta", "downloaded_at")) !== undefined || (await store().count("caseload")) > 0;

  // The session has ended on the server (timed out, "Sign out everywhere", the account deactivated) or someone else
  // is signed in: the downloaded caseload (names, addresses) leaves this phone. Unsent visits stay for their
  // coordinator's next sign-in.
  let wipedSignedOut = false; // said once in this page, then kept (a later send answered 401 says the same)
  // One at a time: the check on opening and a send coming back online can both hear 401 at once, and the second
  // must see what the first wiped (or it would say "signed out" without saying the copy was removed).
  let signingOut = Promise.resolve();
  function signedOut() {
    signingOut = signingOut.then(wipeSignedOut, wipeSignedOut);
    return signingOut;
  }
  async function wipeSignedOut() {
    signedIn = null;
    if (await hasCopy()) {
      await store().clearCaseload();
      localStorage.setItem(WIPED_SIGNED_OUT, "1"); // the next page says so too (the page before may wipe first)
    }
    wipedSignedOut = wipedSignedOut || localStorage.getItem(WIPED_SIGNED_OUT) === "1";
    const waiting = (await store().all("outbox")).some((visit) => !visit.refused);
    if (!wipedSignedOut && !waiting) return refresh();
    showError(wipedSignedOut ? text.i18nSignedOutWiped : text.i18nSignedOut);
    const link = document.createElement("a");
    link.href = text.signinUrl;
    link.textContent = text.i18nSignIn;
    errorBox.append(" ", link);
    await refresh();
  }

  // Asked whenever field mode opens or comes back online: is the copy on this phone still its coordinator's? Without
  // an answer from the server (offline), the copy stays usable: that is what field mode is for.
  async function checkAccount() {
    if (!navigator.onLine) return;
    let who;
    try {
      who = await store().account(text.syncUrl);
    } catch {
      return;
    }
    if (who.signedOut) return signedOut();
    signedIn = who.coordinator;
    localStorage.removeItem(WIPED_SIGNED_OUT); // signed in again: nothing left to say about it
    const owner = await store().get("meta", "coordinator");
    if (owner !== who.coordinator && (await hasCopy())) {
      await store().clearCaseload();
      showNotice(text.i18nOtherAccount);
    }
    renderConflicts(who.conflicts || 0);
    await refresh();
  }

  // Visits the server kept for review (the report changed before they arrived): said here, with the way to them,
  // rather than the item leaving the list without a word when the copy is brought up to date.
  function renderConflicts(count) {
    conflictsBox.hidden = !count;
    if (!count) return conflictsBox.replaceChildren();
    const link = document.createElement("a");
    link.href = text.conflictsUrl;
    link.textContent = text.i18nReviewConflicts;
    conflictsBox.replaceChildren(fill(count === 1 ? text.i18nConflictsOne : text.i18nConflicts, { count }) + " ", link);
  }

  async function renderStatus() {
    $("[data-field-network]").textContent = navigator.onLine ? text.i18nOnline : text.i18nOffline;
    const outbox = await store().all("outbox");
    const setAside = outbox.filter((visit) => visit.refused).length;
    // Visits recorded under another coordinator's account on this phone: kept, and sent only when they sign in.
    const others = signedIn === null ? 0 : outbox.filter((visit) => !visit.refused && !store().owned(visit, signedIn)).length;
    $("[data-field-outbox]").textContent = fill(text.i18nOutbox, { count: outbox.length - setAside - others });
    const kept = $("[data-field-others]");
    kept.textContent = others ? fill(text.i18nOthers, { count: others }) : "";
    kept.hidden = !others;
    const aside = $("[data-field-set-aside]");
    aside.textContent = setAside ? fill(text.i18nSetAside, { count: setAside }) : "";
    aside.hidden = !setAside;
    const downloaded = await store().get("meta", "downloaded_at");
    const count = await store().get("meta", "count");
    $("[data-field-meta]").textContent = downloaded
      ? fill(count === 1 ? text.i18nDownloadedOne : text.i18nDownloaded, { when: formatDateTime(downloaded, when), count })
      : text.i18nNone;
  }

  async function renderList() {
    // Oldest first (t: when it was sent), so each building's group comes where its oldest report does.
    const items = (await store().all("caseload")).sort((a, b) => a.t - b.t || String(a.r).localeCompare(String(b.r)));
    const today = await store().get("meta", "today");
    // What the phone knows of each report's latest visit: one the server refused comes first (the coordinator must see
    // it), then one still waiting to be sent, then what the server answered. Never "Visit recorded" before it is.
    const visited = new Map((await store().all("visited")).map((v) => [v.receipt, v.status]));
    const waiting = await store().all("outbox");
    for (const item of waiting) if (visited.get(item.receipt) !== "refused") visited.set(item.receipt, item.refused ? "refused" : "waiting");
    list.replaceChildren();
    const known = new Set(items.map((item) => item.r));
    const orphans = waiting.filter((visit) => visit.refused && !known.has(visit.receipt));
    if (orphans.length) list.append(renderOrphans(orphans));
    const groups = new Map();
    for (const item of items) {
      if (!groups.has(item.g)) groups.set(item.g, []);
      groups.get(item.g).push(item);
    }
    for (const [group, members] of groups) {
      const section = document.createElement("section");
      section.className = "case-group";
      const heading = document.createElement("h2");
      heading.textContent = group;
      const ul = document.createElement("ul");
      ul.className = "passkey-list";
      for (const item of members) ul.append(renderItem(item, visited.get(item.r), waiting, today));
      section.append(heading, ul);
      list.append(section);
    }
  }

  function renderItem(item, state, waiting, today) {
    const li = document.createElement("li");
    li.className = "passkey-list__item";
    li.dataset.receipt = item.r;
    const name = document.createElement("strong");
    name.textContent = item.n;
    const details = document.createElement("span");
    details.className = "hint";
    // Working days since it was sent: today's number (of the last download) minus the number of its day.
    const age = Math.max(0, (today ?? item.d) - item.d);
    details.textContent = [item.dw, item.m, fill(age === 1 ? text.i18nWorkingDaysOne : text.i18nWorkingDays, { count: age })]
      .filter(Boolean)
      .join(" · ");
    li.append(name, details);
    // Why it is on the caseload, in the page's words (data-why-<code>: dataset.whyLeftJob for "left_job"); a line of
    // its own, apart from the visit's state (its tag).
    const why = (item.why || [])
      .map((code) => text["why" + code.split("_").map((part) => part[0].toUpperCase() + part.slice(1)).join("")])
      .filter(Boolean);
    if (why.length) {
      const reasons = document.createElement("span");
      reasons.className = "hint";
      reasons.dataset.why = "";
      reasons.textContent = why.join(" · ");
      li.append(reasons);
    }
    if (state === "refused") {
      const refused = waiting.find((w) => w.receipt === item.r && w.refused);
      li.append(tag(fill(text.i18nRefused, { reason: reason(refused.refused) }), "tag tag--error"));
      li.append(discardButton(item.r));
      li.append(recordButton(li, item));
    } else if (state) {
      const words = { conflict: text.i18nConflict, waiting: text.i18nWaiting, stored: text.i18nVisited };
      li.append(tag(words[state] || text.i18nVisited));
    } else {
      li.append(recordButton(li, item));
    }
    return li;
  }

  // Why a visit was set aside: the server's words, or the phone's own for what it decided itself.
  function reason(refused) {
    return { server_error: text.i18nServerFailed, too_large: text.i18nTooLarge }[refused] || refused;
  }

  function tag(words, className = "tag") {
    const el = document.createElement("span");
    el.className = className;
    el.textContent = words;
    return el;
  }

  function recordButton(li, item) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary";
    button.textContent = text.i18nRecord;
    button.addEventListener("click", () => openForm(li, item, button));
    return button;
  }

  // A visit the server refused stays on the phone, set aside, until the coordinator removes it (and records the visit
  // again, if it is still to be made).
  function discardButton(receipt) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button button--secondary";
    button.textContent = text.i18nDiscard;
    button.addEventListener("click", async () => {
      for (const visit of await store().all("outbox")) {
        if (visit.receipt === receipt && visit.refused) await store().remove("outbox", visit.client_id);
      }
      await refresh();
    });
    return button;
  }

  // Refused visits whose report is no longer in the downloaded caseload: still shown, with their receipt number.
  function renderOrphans(visits) {
    const section = document.createElement("section");
    section.className = "case-group";
    const heading = document.createElement("h2");
    heading.textContent = text.i18nSetAsideHeading;
    const ul = document.createElement("ul");
    ul.className = "passkey-list";
    for (const receipt of new Set(visits.map((v) => v.receipt))) {
      const li = document.createElement("li");
      li.className = "passkey-list__item";
      li.dataset.receipt = receipt;
      const name = document.createElement("strong");
      name.textContent = receipt;
      const refused = visits.find((v) => v.receipt === receipt);
      li.append(name, tag(fill(text.i18nRefused, { reason: reason(refused.refused) }), "tag tag--error"), discardButton(receipt));
      ul.append(li);
    }
    section.append(heading, ul);
    return section;
  }

  function openForm(li, item, button) {
    const form = template.content.firstElementChild.cloneNode(true);
    for (const el of form.querySelectorAll("[id]")) el.id = `${el.id}-${item.r}`;
    for (const el of form.querySelectorAll("label[for]")) el.htmlFor = `${el.htmlFor}-${item.r}`;
    // Hints and errors stay tied to their fields (a screen reader reads them with the field).
    for (const el of form.querySelectorAll("[aria-describedby]")) {
      el.setAttribute("aria-describedby", `${el.getAttribute("aria-describedby")}-${item.r}`);
    }
    for (const name of CORRECTABLE) form.elements[name].value = value(item, name);
    form.querySelector("[data-cancel]").addEventListener("click", () => {
      form.remove();
      button.hidden = false;
      button.focus();
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      save(form, item);
    });
    button.hidden = true;
    savedBox.hidden = true;
    li.append(form);
    form.querySelector("input").focus();
  }

  function fieldError(form, name, message) {
    const el = form.querySelector(`[data-error="${name}"]`);
    el.textContent = message || "";
    el.hidden = !message;
  }

  async function save(form, item) {
    const outcome = form.elements.outcome.value;
    fieldError(form, "outcome", outcome ? "" : text.i18nChooseOutcome);
    if (!outcome) return form.querySelector('input[name="outcome"]').focus();
    const corrections = {};
    for (const name of CORRECTABLE) {
      const value = form.elements[name].value.trim();
      if (value !== (item[KEYS[name]] || "")) corrections[name] = value;
    }
    const needsCorrection = outcome === "corrected" && !Object.keys(corrections).length;
    fieldError(form, "corrections", needsCorrection ? text.i18nNeedCorrection : "");
    if (needsCorrection) return form.elements.road.focus();
    // Every report has a road and a number: emptied, the server would refuse the visit (visits/record.py).
    const emptied = outcome === "corrected" && ["road", "number"].find((name) => corrections[name] === "");
    fieldError(form, "corrections", emptied ? text.i18nKeepFilled : "");
    if (emptied) return form.elements[emptied].focus();
    let location = null;
    if (form.elements.share_location.checked) {
      location = await position();
      if (!location) showError(text.i18nLocationFailed);
    }
    const clientId = newId();
    await store().put("outbox", {
      client_id: clientId,
      coordinator: await store().get("meta", "coordinator"),
      receipt: item.r,
      seen_version: item.v,
      outcome,
      corrections: outcome === "corrected" ? corrections : {},
      notes: form.elements.notes.value.trim(),
      recorded_at: new Date().toISOString(),
      location,
      seen: {
        version: item.v, status: item.s, road: value(item, "road"), number: value(item, "number"),
        building: value(item, "building"), unit: value(item, "unit"), room: value(item, "room"),
        workplace: value(item, "workplace"),
      },
    });
    await refresh();
    // The form is gone with the list drawn again: keyboard focus goes to the confirmation, above the list, rather
    // than falling back to the page's start.
    savedBox.textContent = fill(text.i18nSavedFor, { name: item.n });
    savedBox.hidden = false;
    savedBox.focus();
    lastSaved = { id: clientId, name: item.n };
    requestBackgroundSync();
    sync();
  }

  // The first download takes the whole caseload; later ones only what changed since (the cursor of the last one).
  // `quiet`: fetched by itself (back online), a failure says nothing; the button will say it.
  async function download({ quiet = false } = {}) {
    if (!quiet) showError("");
    try {
      const cursor = await store().get("meta", "cursor");
      const url = cursor ? `${text.caseloadUrl}?since=${encodeURIComponent(cursor)}` : text.caseloadUrl;
      const response = await fetch(url, {
        credentials: "same-origin",
        cache: "no-store",
        headers: { Accept: "application/json" },
      });
      if (response.status === 401 || response.status === 403) {
        const had = await hasCopy();
        await signedOut();
        if (!had && !quiet) showError(text.i18nDownloadFailed);
        return;
      }
      if (!response.ok || !(response.headers.get("content-type") || "").includes("json")) throw new Error();
      const data = await response.json();
      const owner = await store().get("meta", "coordinator");
      // Another account's copy is never mixed with this one: the server sends the whole caseload then, and the
      // copy is replaced whole.
      if (owner !== undefined && owner !== data.coordinator) await store().clearCaseload();
      signedIn = data.coordinator;
      showNotice("");
      await applyCaseload(store(), data);
      await refresh();
    } catch {
      if (!quiet) showError(text.i18nDownloadFailed);
    }
  }

  // Back online with field mode open: the visits waiting go first, then the copy (if there is one) is brought up
  // to date by cursor, by itself — only what changed, so cheap on a phone's data.
  async function backOnline() {
    await checkAccount();
    await sync();
    if (navigator.onLine && (await store().get("meta", "cursor"))) await download({ quiet: true });
  }

  async function sync() {
    if (!navigator.onLine) return renderStatus();
    try {
      const result = await store().send(text.syncUrl);
      if (result.signedOut) {
        await signedOut();
      } else {
        if (result.sent || result.refused) showError("");
        if (result.conflicts) await checkAccount(); // how many wait for review now, with the way to them
      }
    } catch {
      /* offline or the server did not answer: the visits stay in the outbox for the next try */
    }
    await refresh();
  }

  function requestBackgroundSync() {
    navigator.serviceWorker?.ready
      .then((registration) => registration.sync?.register(store().SYNC_TAG))
      .catch(() => {});
  }

  // The confirmation above the list says "sent" once the visit it speaks of has left the outbox (one the server
  // refused stays there, set aside: the list says so), rather than "saved on this phone" after it was sent.
  let lastSaved = null;
  async function renderSaved() {
    if (!lastSaved || savedBox.hidden) return;
    if ((await store().all("outbox")).some((visit) => visit.client_id === lastSaved.id)) return;
    savedBox.textContent = fill(text.i18nSentFor, { name: lastSaved.name });
    lastSaved = null;
  }

  async function refresh() {
    await renderStatus();
    await renderList();
    await renderSaved();
  }

  await import(root.dataset.outboxSrc);
  await store().expireCaseload(Date.now());
  $("[data-field-download]").addEventListener("click", () => download());
  $("[data-field-sync]").addEventListener("click", sync);
  window.addEventListener("online", backOnline);
  window.addEventListener("offline", renderStatus);
  navigator.serviceWorker?.addEventListener("message", (event) => {
    if (event.data === "outbox-changed") refresh();
    if (event.data === "outbox-send") sync();
  });
  // Online, the server is asked first whose copy may be shown (for at most a few seconds: on a slow network the
  // copy is shown meanwhile, and taken away if the answer says so).
  const checked = checkAccount();
  await Promise.race([checked, new Promise((resolve) => setTimeout(resolve, 3000))]);
  await refresh();
  await checked;
  sync();
}
