// Passkey ceremonies: ask the server for options, let the browser make or use the passkey, send the result back.
// Text shown to the person comes from data-i18n-* attributes rendered by the server in their language.

function toBytes(base64url) {
  const base64 = base64url.replace(/-/g, "+").replace(/_/g, "/");
  const padded = base64 + "=".repeat((4 - (base64.length % 4)) % 4);
  return Uint8Array.from(atob(padded), (c) => c.charCodeAt(0)).buffer;
}

function toBase64url(buffer) {
  const bytes = new Uint8Array(buffer);
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

// Older mobile browsers lack parse*FromJSON and toJSON: convert by hand there.
function creationOptions(json) {
  if (PublicKeyCredential.parseCreationOptionsFromJSON) return PublicKeyCredential.parseCreationOptionsFromJSON(json);
  return {
    ...json,
    challenge: toBytes(json.challenge),
    user: { ...json.user, id: toBytes(json.user.id) },
    excludeCredentials: (json.excludeCredentials || []).map((c) => ({ ...c, id: toBytes(c.id) })),
  };
}

function requestOptions(json) {
  if (PublicKeyCredential.parseRequestOptionsFromJSON) return PublicKeyCredential.parseRequestOptionsFromJSON(json);
  return {
    ...json,
    challenge: toBytes(json.challenge),
    allowCredentials: (json.allowCredentials || []).map((c) => ({ ...c, id: toBytes(c.id) })),
  };
}

function credentialJSON(credential) {
  if (typeof credential.toJSON === "function") return credential.toJSON();
  const r = credential.response;
  const response = { clientDataJSON: toBase64url(r.clientDataJSON) };
  if (r.attestationObject) {
    response.attestationObject = toBase64url(r.attestationObject);
    response.transports = r.getTransports ? r.getTransports() : [];
  } else {
    response.authenticatorData = toBase64url(r.authenticatorData);
    response.signature = toBase64url(r.signature);
    if (r.userHandle) response.userHandle = toBase64url(r.userHandle);
  }
  return {
    id: credential.id,
    rawId: toBase64url(credential.rawId),
    type: credential.type,
    response,
    clientExtensionResults: credential.getClientExtensionResults(),
    authenticatorAttachment: credential.authenticatorAttachment,
  };
}

function post(url, body) {
  const token = document.querySelector('meta[name="csrf-token"]')?.content || "";
  return fetch(url, {
    method: "POST",
    credentials: "same-origin",
    headers: { "Content-Type": "application/json", Accept: "application/json", "X-CSRFToken": token },
    body: body ?? "{}",
  });
}

async function answer(response, fallback) {
  try {
    return await response.json();
  } catch {
    return { error: fallback };
  }
}

export function start(el) {
  const button = el.querySelector("[data-passkey-start]");
  const status = el.querySelector("[data-passkey-status]");
  const error = el.querySelector("[data-passkey-error]");
  const text = el.dataset;
  const fail = (message) => {
    status.textContent = "";
    error.textContent = message;
    error.hidden = false;
    button.disabled = false;
    button.focus();
  };
  button.disabled = false; // rendered disabled until this script is here to answer it
  button.addEventListener("click", async () => {
    if (!window.PublicKeyCredential || !navigator.credentials) {
      window.location.assign(text.unsupportedUrl);
      return;
    }
    button.disabled = true;
    error.hidden = true;
    status.textContent = text.i18nWorking;
    try {
      const optionsResponse = await post(text.optionsUrl);
      const options = await answer(optionsResponse, text.i18nFailed);
      if (!optionsResponse.ok) return fail(options.error || text.i18nFailed);
      const credential =
        text.mode === "signin"
          ? await navigator.credentials.get({ publicKey: requestOptions(options) })
          : await navigator.credentials.create({ publicKey: creationOptions(options) });
      const verifyResponse = await post(text.verifyUrl, JSON.stringify(credentialJSON(credential)));
      const result = await answer(verifyResponse, text.i18nFailed);
      if (verifyResponse.ok && result.redirect) {
        window.location.assign(result.redirect);
        return;
      }
      fail(result.error || text.i18nFailed);
    } catch (e) {
      // InvalidStateError: this authenticator already holds one of the account's passkeys (excludeCredentials).
      const messages = new Map([
        ["NotAllowedError", text.i18nCancelled],
        ["AbortError", text.i18nCancelled],
        ["InvalidStateError", text.i18nAlreadyRegistered],
      ]);
      fail(messages.get(e && e.name) || text.i18nFailed);
    }
  });
}
