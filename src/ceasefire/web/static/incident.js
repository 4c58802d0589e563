// One incident: facts, verdicts with their rule trace, claims, sources with every span
// highlighted, votes and comments; members vote and comment here. A vote or comment being
// typed is kept in sessionStorage, so a sign-in that ends mid-way loses nothing.
"use strict";

(function () {
  const { api, el, label, may, notice } = CF;
  const id = Number(location.pathname.split("/").pop());
  const voteForm = document.getElementById("vote-form");
  const commentForm = document.getElementById("comment-form");
  const DRAFT = `ceasefire.draft.${id}`;
  let incident = null;

  function saveDraft() {
    const choice = voteForm.querySelector("input[name=choice]:checked");
    sessionStorage.setItem(DRAFT, JSON.stringify({
      choice: choice ? choice.value : "", rationale: voteForm.elements.rationale.value,
      evidence: voteForm.elements.evidence.value, comment: commentForm.elements.text.value,
    }));
  }

  function restoreDraft() {
    let draft = null;
    try { draft = JSON.parse(sessionStorage.getItem(DRAFT) || "null"); } catch (e) { draft = null; }
    if (!draft) return;
    if (draft.choice) {
      const radio = voteForm.querySelector(`input[name=choice][value=${draft.choice}]`);
      if (radio) radio.checked = true;
    }
    voteForm.elements.rationale.value = draft.rationale || "";
    voteForm.elements.evidence.value = draft.evidence || "";
    commentForm.elements.text.value = draft.comment || "";
  }

  function fact(list, term, value) {
    list.append(el("dt", {}, term), el("dd", {}, value === "" || value === null || value === undefined ? "—" : String(value)));
  }

  function renderFacts() {
    const i = incident;
    document.title = `ceasefire: incident ${i.id}`;
    document.getElementById("title").textContent = `Incident ${i.id}: ${i.sub_event_type || i.event_type} in ${i.location || i.admin1 || "an unknown place"}`;
    const list = document.getElementById("facts");
    list.replaceChildren();
    fact(list, "Dates", i.date_from === i.date_to ? i.date_from : `${i.date_from} to ${i.date_to}`);
    fact(list, "Place", [i.location, i.admin1, i.country].filter(Boolean).join(", "));
    fact(list, "Coordinates", i.latitude !== null ? `${i.latitude}, ${i.longitude}` : "");
    fact(list, "Type", [i.event_type, i.sub_event_type].filter(Boolean).join(" / "));
    fact(list, "Actor 1 (perpetrator)", i.actor1);
    fact(list, "Actor 2 (target)", i.actor2);
    fact(list, "Fatalities", i.fatalities_min !== i.fatalities_max ? `${i.fatalities} (reported ${i.fatalities_min}–${i.fatalities_max})` : i.fatalities);
    fact(list, "Review status", label(i.status));
    fact(list, "Sources", `${i.source_count} (${i.event_count} event${i.event_count === 1 ? "" : "s"})`);
    if (i.allegation) fact(list, "Allegation", `claimed by ${i.claimant || "an unnamed party"}, not observed`);
  }

  function renderVerdicts(rows) {
    const box = document.getElementById("verdicts");
    box.replaceChildren();
    if (!rows.length) { box.append(el("p", { class: "hint" }, "Not assessed under any agreement yet.")); return; }
    for (const a of rows) {
      const steps = el("ol", { class: "trace" });
      for (const step of a.trace) {
        if (step && typeof step === "object") {
          const text = step.detail || step.reason || step.message || JSON.stringify(step);
          steps.append(el("li", {}, el("code", {}, step.rule || step.step || step.check || ""), " ", text, step.result !== undefined ? ` → ${step.result}` : ""));
        } else {
          steps.append(el("li", {}, String(step)));
        }
      }
      box.append(el("div", { class: "verdict" },
        el("p", {}, el("span", { class: `badge v-${a.verdict}` }, label(a.verdict)),
          ` under ${a.agreement_id}`, a.party ? ` — attributed to ${a.party}${a.side ? " (" + a.side + ")" : ""}` : "",
          a.confidence !== null ? ` — confidence ${Math.round(a.confidence * 100)}%` : ""),
        steps));
    }
  }

  // The claims of the incident object (reports/incidents.py, as the API's /incidents gives it):
  // each says who claims what about whom ("claim"), with its date, source and text span.
  function renderClaims() {
    const box = document.getElementById("claims");
    const parts = [];
    if ((incident.claim_of || []).length) {
      parts.push(el("p", { class: "claim-of" }, "This allegation is attached to ",
        ...incident.claim_of.flatMap((other, n) => [n ? ", " : "", el("a", { href: `/incident/${other}` }, `incident ${other}`)]), "."));
    }
    const claims = incident.claims || [];
    if (!claims.length) {
      parts.push(el("p", { class: "hint" }, incident.allegation ? "No other claim is attached to this allegation."
        : "No claims: every source reports the incident as observed."));
      box.replaceChildren(...parts);
      return;
    }
    const list = el("ul", { class: "claims" });
    for (const c of claims) {
      const where = [c.event_date, c.source ? `source: ${c.source}` : "", c.document || ""].filter(Boolean).join(" · ");
      const own = c.incident_id && c.incident_id !== incident.id
        ? [" (", el("a", { href: `/incident/${c.incident_id}` }, `allegation incident ${c.incident_id}`), ")"] : [];
      const said = c.text || c.notes;
      list.append(el("li", { "data-event": c.event_id }, el("span", { class: "claim" }, c.claim), ...own,
        el("span", { class: "hint" }, ` — ${where}`),
        said ? el("blockquote", { class: "claim-text" }, said) : null));
    }
    parts.push(list);
    box.replaceChildren(...parts);
  }

  // A document's text with each event's span marked; spans are drawn in order, overlaps merged.
  function highlighted(text, spans) {
    const out = el("blockquote", { class: "source-text" });
    const sorted = spans.filter((s) => s.start !== null && s.end !== null).sort((a, b) => a.start - b.start);
    let at = 0;
    for (const s of sorted) {
      const start = Math.max(s.start, at);
      if (s.end <= start) continue;
      out.append(text.slice(at, start));
      out.append(el("mark", { title: `event ${s.event}`, "data-event": s.event }, text.slice(start, s.end)));
      at = s.end;
    }
    out.append(text.slice(at));
    return out;
  }

  async function renderSources() {
    const box = document.getElementById("sources");
    const parts = [];  // built first, swapped in at once: two loads at a time must not both append
    const byDocument = new Map();
    const rows = [];
    for (const e of incident.events) {
      if (e.document_id) {
        if (!byDocument.has(e.document_id)) byDocument.set(e.document_id, []);
        byDocument.get(e.document_id).push(e);
      } else {
        rows.push(e);
      }
    }
    for (const [documentId, events] of byDocument) {
      let doc = null;
      try { doc = await api(`/documents/${documentId}`); } catch (e) { doc = null; }
      const head = el("h4", {}, doc ? (doc.title || doc.publisher || "Untitled text") : `Document ${documentId.slice(0, 12)}`);
      const meta = el("p", { class: "hint" }, doc ? [doc.publisher, doc.published_at ? doc.published_at.slice(0, 10) : "", doc.url].filter(Boolean).join(" · ") : "");
      const spans = events.map((e) => ({ start: e.span_start, end: e.span_end, event: e.id }));
      parts.push(el("article", { class: "source" }, head, meta, doc ? highlighted(doc.text, spans) : el("p", {}, "The text could not be loaded.")));
    }
    if (rows.length) {
      const table = el("table", { class: "rows" },
        el("thead", {}, el("tr", {}, ...["Event", "Date", "Source", "Modality", "Notes"].map((h) => el("th", { scope: "col" }, h)))));
      const body = el("tbody");
      for (const e of rows) {
        body.append(el("tr", {}, el("td", {}, String(e.id)), el("td", {}, e.event_date), el("td", {}, e.source || "—"),
          el("td", {}, e.modality + (e.claimant ? ` (${e.claimant})` : "")), el("td", { class: "notes" }, e.notes || "—")));
      }
      table.append(body);
      parts.push(el("article", { class: "source" }, el("h4", {}, "Structured records (datasets)"), table));
    }
    box.replaceChildren(...parts);
  }

  async function renderVotes() {
    const box = document.getElementById("votes");
    const votes = await api(`/incidents/${id}/votes`);
    const parts = [];
    incident.status = votes.status;
    const status = el("p", { id: "review-status" }, "Status: ", el("strong", {}, label(votes.status)), votes.round ? ` (round ${votes.round})` : "");
    parts.push(status);
    if (votes.tally) {
      const t = votes.tally;
      parts.push(el("p", { class: "hint" }, `Members able to vote: ${t.eligible.join(", ") || "none"}; votes needed: ${t.needed}${t.outcome ? "; outcome: " + label(t.outcome) : ""}.`));
    }
    if (votes.votes.length) {
      const list = el("ul", { class: "vote-list" });
      for (const v of votes.votes) {
        list.append(el("li", {}, el("strong", {}, v.member), ` voted ${label(v.choice).toLowerCase()} (round ${v.round}, ${v.cast_at.slice(0, 16).replace("T", " ")}): `, v.rationale));
      }
      parts.push(list);
    } else {
      parts.push(el("p", { class: "hint" }, "No votes yet."));
    }
    box.replaceChildren(...parts);
    const mine = CF.me && votes.tally && Object.keys(votes.tally.votes).includes(CF.me.organisation);
    voteForm.hidden = !(may("vote") && votes.status === "under_review" && !mine);
    renderFacts();
  }

  async function renderComments() {
    const list = document.getElementById("comments");
    const rows = await api(`/incidents/${id}/comments`);
    list.replaceChildren(...rows.map((c) => el("li", {}, el("strong", {}, c.user), ` (${c.created_at.slice(0, 16).replace("T", " ")}): `, c.text)));
    if (!rows.length) list.append(el("li", { class: "hint" }, "No comments yet."));
    commentForm.hidden = !may("comment");
  }

  async function load() {
    notice("");
    if (!may("read_incidents")) {
      document.getElementById("title").textContent = `Incident ${id}`;
      notice("Sign in to see this incident: the public sees published counts only.", "error");
      voteForm.hidden = true;
      commentForm.hidden = true;
      return;
    }
    try {
      incident = await api(`/incidents/${id}`);
      renderFacts();
      const verdicts = await api(`/dashboard/incidents/${id}/assessments`);
      renderVerdicts(verdicts);
      renderClaims();
      await Promise.all([renderSources(), renderVotes(), renderComments()]);
      document.body.dataset.ready = "1";
    } catch (e) {
      notice(`${e.message}${e.hint ? " " + e.hint : ""}`, "error");
    }
  }

  voteForm.addEventListener("input", saveDraft);
  commentForm.addEventListener("input", saveDraft);
  voteForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    saveDraft();
    const message = document.getElementById("vote-message");
    const choice = voteForm.querySelector("input[name=choice]:checked");
    if (!choice) { message.textContent = "Choose verified, not verified or abstain."; return; }
    const evidence = voteForm.elements.evidence.value.split("\n").map((s) => s.trim()).filter(Boolean);
    try {
      const done = await api(`/incidents/${id}/votes`, { method: "POST", json: {
        choice: choice.value, rationale: voteForm.elements.rationale.value.trim(), evidence } });
      message.textContent = `Vote recorded. Status: ${label(done.status)}.`;
      voteForm.reset();
      saveDraft();
      await renderVotes();  // hides the form once the review is decided
      document.getElementById("vote-message").textContent = `Vote recorded. Status: ${label(done.status)}.`;
    } catch (e) {
      message.textContent = e.status === 401 ? "Not sent: sign in again above, then cast the vote (your text is kept)." : `Not recorded: ${e.message}${e.hint ? " " + e.hint : ""}`;
    }
  });
  commentForm.addEventListener("submit", async (event) => {
    event.preventDefault();
    saveDraft();
    const message = document.getElementById("comment-message");
    try {
      await api(`/incidents/${id}/comments`, { method: "POST", json: { text: commentForm.elements.text.value.trim() } });
      commentForm.reset();
      saveDraft();
      message.textContent = "Comment added.";
      await renderComments();
    } catch (e) {
      message.textContent = e.status === 401 ? "Not sent: sign in again above (your text is kept)." : `Not added: ${e.message}`;
    }
  });

  async function main() {
    restoreDraft();
    await CF.start();
    CF.onAccount((user) => {
      if (user) load();  // signed in again: the forms still hold what was typed
    });
    await load();
  }

  main();
})();
