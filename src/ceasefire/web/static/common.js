// Shared by the pages: the signed-in token, calls to the API, the account box, small helpers.
// The token lives in sessionStorage (this tab only) and is sent as "Authorization: Bearer".
"use strict";

const CF = (function () {
  const TOKEN_KEY = "ceasefire.token";
  const listeners = [];
  let me = null;

  const COLOURS = {
    verdict: { violation: "#c0392b", no_violation: "#2471a3", undetermined: "#b9770e", null: "#7f8c8d" },
    zone: { holding: "#27ae60", strained: "#e67e22", broken: "#c0392b", unknown: "#95a5a6" },
  };
  const LABELS = {
    violation: "Violation", no_violation: "No violation", undetermined: "Undetermined",
    unassessed: "Not assessed", reported: "Reported", under_review: "Under review",
    verified: "Verified", not_verified: "Not verified", disputed: "Disputed",
    holding: "Holding", strained: "Strained", broken: "Broken", abstain: "Abstain",
  };

  function label(value) {
    if (value === null || value === undefined || value === "") return "—";
    return LABELS[value] || String(value);
  }

  // el("a", {href: "/"}, "text", child...): an element; text is always set as text, never HTML.
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "text") node.textContent = value;
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) {
      if (child === null || child === undefined) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function token() {
    return sessionStorage.getItem(TOKEN_KEY);
  }

  class ApiError extends Error {
    constructor(status, body) {
      const error = (body && body.error) || {};
      super(error.message || `HTTP ${status}`);
      this.status = status;
      this.hint = error.hint || "";
    }
  }

  // fetch(path) with the token; JSON back. A 401 means the token no longer works (revoked or
  // wrong): it is forgotten and the sign-in form shown, and the caller's page is left as it is.
  async function api(path, options) {
    const opts = Object.assign({ headers: {} }, options || {});
    const headers = Object.assign({ Accept: "application/json" }, opts.headers);
    const current = token();
    if (current) headers.Authorization = `Bearer ${current}`;
    if (opts.json !== undefined) {
      headers["Content-Type"] = "application/json";
      opts.body = JSON.stringify(opts.json);
    }
    const response = await fetch(path, { method: opts.method || "GET", headers, body: opts.body });
    if (response.status === 401 && current) {
      sessionStorage.removeItem(TOKEN_KEY);
      me = null;
      renderAccount("Your sign-in has ended (the token was revoked or is no longer valid). Sign in again: nothing you typed is lost.");
      listeners.forEach((fn) => fn(null));
    }
    if (!response.ok) {
      let body = null;
      try { body = await response.json(); } catch (e) { body = null; }
      throw new ApiError(response.status, body);
    }
    if (opts.raw) return response;
    return response.json();
  }

  function may(action) {
    return Boolean(me && me.actions && me.actions.includes(action));
  }

  function notice(text, kind) {
    const box = document.getElementById("notice");
    if (!box) return;
    box.hidden = !text;
    box.textContent = text || "";
    box.className = `notice ${kind || ""}`;
  }

  let ended = "";

  function renderAccount(message) {
    if (message) ended = message;
    message = message || ended;
    const box = document.getElementById("account");
    box.replaceChildren();
    if (me && me.name !== "anonymous") {
      const who = `${me.name} (${label(me.role).replace("_", " ")}${me.organisation ? ", " + me.organisation : ""})`;
      const out = el("button", { type: "button", id: "sign-out" }, "Sign out");
      out.addEventListener("click", () => signOut());
      box.append(el("span", { class: "who", id: "who" }, `Signed in: ${who}`), out);
      return;
    }
    const form = el("form", { id: "sign-in", class: "sign-in", "aria-label": "Sign in" });
    const input = el("input", { id: "token", name: "token", type: "password", autocomplete: "off",
      placeholder: "cf_…", required: true, "aria-describedby": "sign-in-message" });
    form.append(
      el("label", { for: "token" }, "API token"), input,
      el("button", { type: "submit" }, "Sign in"),
      el("span", { id: "sign-in-message", class: "sign-in-message", role: "alert" }, message || "Public view: sign in to see incidents."),
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      await signIn(input.value.trim());
    });
    box.append(form);
    if (message) input.focus();
  }

  async function loadMe() {
    try {
      me = await api("/me");
    } catch (e) {
      me = null;
    }
    return me;
  }

  async function signIn(value) {
    if (!value) return;
    sessionStorage.setItem(TOKEN_KEY, value);
    const found = await loadMe();
    if (!found || found.name === "anonymous") {
      sessionStorage.removeItem(TOKEN_KEY);
      renderAccount("That token was not accepted: check it and try again.");
      return;
    }
    ended = "";
    renderAccount();
    listeners.forEach((fn) => fn(me));
  }

  function signOut() {
    sessionStorage.removeItem(TOKEN_KEY);
    me = null;
    loadMe().then(() => {
      renderAccount();
      listeners.forEach((fn) => fn(me));
    });
  }

  // Called with the user whenever someone signs in or out (null when the token stopped working).
  function onAccount(fn) {
    listeners.push(fn);
  }

  async function start() {
    await loadMe();
    renderAccount();
    return me;
  }

  return { api, el, label, may, notice, onAccount, start, token, COLOURS, ApiError,
    get me() { return me; } };
})();
