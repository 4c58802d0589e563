// The dashboard: filters kept in the URL, the map (zones, clustered incidents), the timeline and
// the table of the incidents in the visible map area.
"use strict";

(function () {
  const { api, el, label, may, notice, COLOURS } = CF;
  const form = document.getElementById("filters");
  const FIELDS = ["agreement", "zone", "party", "type", "verdict", "status", "date_from", "date_to"];
  const SYRIA = [[32.2, 35.6], [37.4, 42.4]];
  let map = null;
  let cluster = null;
  let zonesLayer = null;
  let agreement = null;
  let tableTimer = null;
  let generation = 0;
  let chunksDone = null;  // called when the marker clusters have taken every point
  const early = new Map();  // path -> the request started before the page was set up

  function filters() {
    const out = {};
    for (const name of FIELDS) {
      const value = (form.elements[name].value || "").trim();
      if (value) out[name] = value;
    }
    return out;
  }

  function query(extra) {
    const params = new URLSearchParams(Object.assign({}, filters(), extra || {}));
    return params.toString();
  }

  function fromURL() {
    const params = new URLSearchParams(location.search);
    for (const name of FIELDS) {
      if (params.has(name)) form.elements[name].value = params.get(name);
    }
  }

  function toURL() {
    const q = new URLSearchParams(filters()).toString();
    history.replaceState(null, "", q ? `/?${q}` : "/");
  }

  function setOptions(select, options, keep) {
    const current = keep !== undefined ? keep : select.value;
    const first = select.options[0] && select.options[0].value === "" ? select.options[0] : null;
    select.replaceChildren(...(first ? [first] : []));
    for (const [value, text] of options) select.append(el("option", { value }, text));
    if ([...select.options].some((o) => o.value === current)) select.value = current;
  }

  function bboxOfMap() {
    const b = map.getBounds();
    const clamp = (v, lo, hi) => Math.min(hi, Math.max(lo, v));
    return [clamp(b.getWest(), -180, 180), clamp(b.getSouth(), -90, 90),
      clamp(b.getEast(), -180, 180), clamp(b.getNorth(), -90, 90)].map((v) => v.toFixed(4)).join(",");
  }

  // -- the map ---------------------------------------------------------------------------

  async function setUpMap() {
    map = L.map("map", { zoomControl: true, preferCanvas: true, minZoom: 5, maxZoom: 14, zoomSnap: 0.25, keyboard: true });
    window.ceasefireMap = map;  // for tests and benchmarks driving the map
    map.fitBounds(SYRIA);
    map.attributionControl.setPrefix(false);
    const [config, shapes] = await Promise.all([
      api("/dashboard/config").catch(() => ({ tile_url: null, tile_attribution: "" })),
      api("/dashboard/boundaries").catch((e) => e),
    ]);
    if (config.tile_url) {
      L.tileLayer(config.tile_url, { attribution: config.tile_attribution, maxZoom: 18 }).addTo(map);
    }
    map.createPane("base");
    map.getPane("base").style.zIndex = 250;
    if (shapes instanceof Error) {
      notice(`Boundaries could not be loaded: ${shapes.message}`, "error");
    } else {
      L.geoJSON(shapes, {
        pane: "base",
        interactive: false,
        style: (f) => f.properties.kind === "country"
          ? { color: "#8d9296", weight: 1, fillColor: f.properties.name === "Syria" ? "#fbfaf6" : "#ecebe4", fillOpacity: config.tile_url ? 0 : 1 }
          : { color: "#a3a69c", weight: 0.8, fill: false },
      }).addTo(map);
      map.attributionControl.addAttribution("Boundaries: Natural Earth");
    }
    map.createPane("zones");
    map.getPane("zones").style.zIndex = 390;
    cluster = L.markerClusterGroup({
      // Clusters are computed for every zoom level from minZoom (5) below disableClusteringAtZoom:
      // five levels, not seven, cut the first paint of 10,000 incidents by a third (at zoom 10, a
      // town fills the map and every incident shows on its own anyway). Short pauses between
      // chunks keep the page responsive without adding to the first paint.
      chunkedLoading: true, chunkInterval: 300, chunkDelay: 5, showCoverageOnHover: false,
      maxClusterRadius: 50, disableClusteringAtZoom: 10, iconCreateFunction: clusterIcon,
      chunkProgress: (done, total) => { if (done === total && chunksDone) chunksDone(); },
    });
    cluster.on("click", openPopup);
    cluster.on("keypress", (event) => { if (event.originalEvent.keyCode === 13) openPopup(event); });
    map.addLayer(cluster);
    map.on("moveend", () => {
      clearTimeout(tableTimer);
      tableTimer = setTimeout(refreshTable, 150);
    });
    drawLegend();
  }

  function drawLegend() {
    const box = document.getElementById("legend");
    const items = [
      ["violation", COLOURS.verdict.violation], ["no_violation", COLOURS.verdict.no_violation],
      ["undetermined", COLOURS.verdict.undetermined], ["unassessed", COLOURS.verdict.null],
    ];
    const list = el("ul", { class: "legend-list" });
    for (const [key, colour] of items) {
      const dot = el("span", { class: "dot", "data-colour": colour });
      list.append(el("li", {}, dot, label(key)));
    }
    list.append(el("li", {}, el("span", { class: "dot ring" }), "Verified (black ring)"));
    for (const key of ["holding", "strained", "broken", "unknown"]) {
      list.append(el("li", {}, el("span", { class: "zone-swatch", "data-colour": COLOURS.zone[key] }), `Zone ${key === "unknown" ? "without status" : label(key).toLowerCase()}`));
    }
    box.replaceChildren(list);
    box.querySelectorAll("[data-colour]").forEach((n) => { n.style.background = n.dataset.colour; });
  }

  // Markers are DOM icons, so Tab reaches each one shown (Enter opens its popup) and clusters
  // (Enter zooms in); icons are shared per (verdict, verified), markers only created once.
  const icons = new Map();
  function iconFor(verdict, verified) {
    const key = `${verdict}|${verified}`;
    if (!icons.has(key)) {
      icons.set(key, L.divIcon({ className: `incident-dot v-${verdict || "none"}${verified ? " verified" : ""}`,
        iconSize: [13, 13], html: "" }));
    }
    return icons.get(key);
  }

  function pointLayer(p) {
    const [id, lat, lon, verdict, status] = p;
    return L.marker([lat, lon], { icon: iconFor(verdict, status === "verified"), keyboard: true,
      title: `Incident ${id}: ${label(verdict)}, ${label(status).toLowerCase()}`, incident: { id, verdict, status } });
  }

  function clusterIcon(cluster) {
    const n = cluster.getChildCount();
    const size = n < 10 ? "small" : n < 100 ? "medium" : "large";
    return L.divIcon({ className: `marker-cluster marker-cluster-${size}`, iconSize: L.point(40, 40),
      html: `<div><span aria-hidden="true">${n}</span><span class="sr-only">${n} incidents here: Enter zooms in</span></div>` });
  }

  // One popup for every marker (a popup object per marker would cost more than the marker).
  // Opened from the keyboard, it takes the focus, so Enter again opens the incident.
  function openPopup(event) {
    const info = event.layer.options.incident;
    if (!info) return;
    const link = el("a", { href: `/incident/${info.id}` }, `Incident ${info.id}`);
    L.popup().setLatLng(event.layer.getLatLng()).setContent(el("div", { class: "popup" },
      link, el("div", {}, `${label(info.verdict)} · ${label(info.status)}`))).openOn(map);
    const how = event.originalEvent && event.originalEvent.type;
    if (how && how.startsWith("key")) link.focus();
  }

  // The first reload's map points, asked for as the script starts (from the URL's filter) rather
  // than after the map, the account and the agreements are set up: the biggest answer arrives
  // while the rest loads.
  function prefetchPoints() {
    const params = new URLSearchParams(location.search);
    if (!CF.token() || !params.get("agreement")) return;
    const wanted = new URLSearchParams();
    for (const name of FIELDS) if ((params.get(name) || "").trim()) wanted.set(name, params.get(name).trim());
    const path = `/dashboard/points?${wanted}`;
    early.set(path, api(path).then((v) => ({ v }), (e) => ({ e })));
  }

  async function getOnce(path) {
    const started = early.get(path);
    early.clear();
    if (!started) return api(path);
    const { v, e } = await started;
    if (e) throw e;
    return v;
  }

  async function loadPoints(mine) {
    const found = await getOnce(`/dashboard/points?${query()}`);
    if (mine !== generation) return;
    cluster.clearLayers();
    if (found.points.length) {
      const added = new Promise((resolve) => { chunksDone = resolve; });
      cluster.addLayers(found.points.map(pointLayer));
      await added;
      chunksDone = null;
    }
    document.body.dataset.points = String(found.count);
  }

  async function loadZones(mine, statuses) {
    if (zonesLayer) { map.removeLayer(zonesLayer); zonesLayer = null; }
    const list = document.getElementById("zones");
    list.replaceChildren();
    if (!agreement) return;
    const shapes = await api(`/dashboard/zones?agreement=${encodeURIComponent(agreement.id)}`);
    if (mine !== generation) return;
    zonesLayer = L.geoJSON(shapes, {
      pane: "zones",
      style: (f) => {
        const status = (statuses[f.properties.zone] || {}).status || "unknown";
        return { color: COLOURS.zone[status], weight: 1.2, fillColor: COLOURS.zone[status], fillOpacity: 0.18 };
      },
      onEachFeature: (f, layer) => {
        const s = statuses[f.properties.zone] || {};
        layer.bindTooltip(`${f.properties.name}: ${s.status ? label(s.status).toLowerCase() : "no status"}${s.why || s.text ? " (" + (s.why || s.text) + ")" : ""}`, { sticky: true });
      },
    }).addTo(map);
    for (const zone of agreement.terms.zones || []) {
      const s = statuses[zone.id] || {};
      const swatch = el("span", { class: "zone-swatch", "data-colour": COLOURS.zone[s.status || "unknown"] });
      swatch.style.background = swatch.dataset.colour;
      list.append(el("li", { title: s.why || "" }, swatch, el("span", { class: "zone-name" }, zone.name),
        el("span", { class: "zone-status" }, s.status ? `${label(s.status)}${s.text ? " · " + s.text : ""}` : (s.text || "no status"))));
    }
  }

  // -- the table of incidents in view ------------------------------------------------------

  async function refreshTable() {
    const body = document.querySelector("#incidents tbody");
    const count = document.getElementById("table-count");
    if (!may("read_incidents")) {
      body.replaceChildren();
      count.textContent = "Sign in to see incidents: the public sees published counts only.";
      return;
    }
    const limit = 100;
    let page;
    try {
      page = await api(`/dashboard/incidents?${query({ bbox: bboxOfMap(), limit })}`);
    } catch (e) {
      count.textContent = e.message;
      return;
    }
    count.textContent = page.total === 0 ? "No incidents in the visible area."
      : `${page.total} incident${page.total === 1 ? "" : "s"} in the visible area${page.total > limit ? ` (first ${limit} by date)` : ""}.`;
    document.body.dataset.inView = String(page.total);
    body.replaceChildren(...page.items.map((i) => {
      const verdict = i.assessment ? i.assessment.verdict : null;
      const badge = el("span", { class: `badge v-${verdict || "none"}` }, label(verdict));
      return el("tr", {},
        el("td", {}, el("a", { href: `/incident/${i.id}` }, i.date_from)),
        el("td", {}, i.location || i.admin1 || "—"),
        el("td", {}, i.sub_event_type || i.event_type || "—"),
        el("td", {}, badge),
        el("td", {}, label(i.status)));
    }));
  }

  // -- agreement, timeline, public view ---------------------------------------------------

  async function loadAgreements() {
    const list = await api("/agreements");
    const select = form.elements.agreement;
    select.replaceChildren(...list.map((a) => el("option", { value: a.id }, a.name)));
    const wanted = new URLSearchParams(location.search).get("agreement");
    if (wanted && list.some((a) => a.id === wanted)) select.value = wanted;
    if (!list.length) {
      select.append(el("option", { value: "" }, "No agreement stored"));
    }
  }

  async function loadAgreement() {
    const id = form.elements.agreement.value;
    agreement = id ? await api(`/agreements/${encodeURIComponent(id)}`) : null;
    document.getElementById("agreement-name").textContent = agreement ? agreement.name : "";
    const zones = agreement ? (agreement.terms.zones || []).map((z) => [z.id, z.name]) : [];
    setOptions(form.elements.zone, zones);
    const names = new Set();
    for (const party of (agreement ? agreement.terms.parties : [])) {
      names.add(party.actor);
      (party.includes || []).forEach((n) => names.add(n));
    }
    document.getElementById("party-names").replaceChildren(...[...names].map((n) => el("option", { value: n })));
  }

  async function reload() {
    const mine = ++generation;
    toURL();
    notice("");
    try {
      const detail = loadAgreement();
      const member = may("read_incidents");
      document.querySelector(".exports").hidden = !member;
      // The public sees published counts per day and zone only: the other filters do not apply.
      for (const name of FIELDS) {
        if (name !== "agreement") form.elements[name].disabled = !member;
      }
      document.getElementById("public-filters").hidden = member;
      if (may("read_incidents")) {
        document.body.dataset.view = "members";
        document.getElementById("timeline-title").textContent = "Violations per day, by side of the attributed party";
        const zones = Promise.all([detail, zoneStatuses()]).then(([, statuses]) => loadZones(mine, statuses));
        await Promise.all([loadPoints(mine), zones, loadTimeline(mine), refreshTable()]);
      } else {
        document.body.dataset.view = "public";
        cluster.clearLayers();
        document.getElementById("timeline-title").textContent = "Verified violations per day (published figures)";
        await detail;
        await Promise.all([loadPublic(mine), refreshTable()]);
      }
    } catch (e) {
      notice(`${e.message}${e.hint ? " " + e.hint : ""}`, "error");
    }
    document.body.dataset.ready = String(mine);
  }

  async function zoneStatuses() {
    // The holding status per zone, when the server computes one (analytics/status).
    if (!form.elements.agreement.value) return {};
    try {
      const found = await api(`/dashboard/zone-status?${query()}`);
      const out = {};
      for (const z of found.zones) {
        out[z.zone] = { status: z.status, why: z.text,
          text: `${z.violations} violation${z.violations === 1 ? "" : "s"}` };
      }
      document.getElementById("zones-caption").textContent = found.as_of
        ? `Holding status over the ${found.days} days to ${found.as_of}` : found.note;
      return out;
    } catch (e) {
      document.getElementById("zones-caption").textContent = `No status: ${e.message}`;
      return {};
    }
  }

  async function loadTimeline(mine) {
    const box = document.getElementById("timeline");
    if (!form.elements.agreement.value) { box.replaceChildren(); return; }
    const data = await api(`/dashboard/timeline?${query()}`);
    if (mine !== generation) return;
    Timeline.draw(box, data);
  }

  async function loadPublic(mine) {
    const box = document.getElementById("timeline");
    if (!agreement) { box.replaceChildren(); return; }
    const found = await api(`/public/aggregates?agreement=${encodeURIComponent(agreement.id)}`);
    if (mine !== generation) return;
    // Zones shaded by the status their verified violations give (the only ones published).
    const statuses = {};
    const counted = {};
    for (const row of found.by_zone) counted[row.key] = row.incidents;
    for (const zone of agreement.terms.zones || []) statuses[zone.id] = { status: null, text: "no verified violation" };
    for (const z of found.zone_status) {
      const all = counted[z.zone] || 0;
      statuses[z.zone] = { status: z.status, why: z.why,
        text: `${z.verified} verified violation${z.verified === 1 ? "" : "s"} in ${found.status_days} days, ${all} in all` };
    }
    document.getElementById("zones-caption").textContent = found.status_as_of
      ? `Status from verified violations over the ${found.status_days} days to ${found.status_as_of}`
      : "No verified violation published yet";
    await loadZones(mine, statuses);
    const markers = agreementMarkers(agreement);
    Timeline.draw(box, {
      sides: ["verified violations"],
      days: found.by_day.map((d) => ({ day: d.key, counts: { "verified violations": d.incidents } })),
      markers,
    });
  }

  // The agreement's start and guarantors' joining as calendar days in its own time zone.
  function agreementMarkers(a) {
    const local = new Intl.DateTimeFormat("en-CA", { timeZone: a.terms.timezone || "UTC" });
    const day = (iso) => local.format(new Date(iso));
    const out = [{ day: day(a.effective_from), label: "ceasefire starts" }];
    for (const g of a.terms.guarantors || []) {
      if (g.joined) out.push({ day: day(g.joined), label: `${g.name} joins as guarantor` });
    }
    return out;
  }

  // -- exports -----------------------------------------------------------------------------

  async function exportView(format) {
    try {
      const response = await api(`/dashboard/export?${query({ format })}`, { raw: true });
      const blob = await response.blob();
      const link = el("a", { href: URL.createObjectURL(blob), download: `incidents.${format}` });
      document.body.append(link);
      link.click();
      link.remove();
      notice(`Exported the incidents of this view as ${format.toUpperCase()}.`, "ok");
    } catch (e) {
      notice(`Export failed: ${e.message}`, "error");
    }
  }

  // The audit log's signed tree head (docs/audit.md), for members who may read the log.
  async function loadAuditHead() {
    const box = document.getElementById("audit-head");
    box.hidden = !may("read_audit");
    if (box.hidden) return;
    try {
      const head = await api("/audit/checkpoint");
      box.textContent = `Audit log head: ${head.size} entries, root ${head.root}, store ${head.store.slice(0, 16)}`;
    } catch (e) {
      box.textContent = `Audit log head: ${e.message}`;
    }
  }

  async function main() {
    if (typeof L === "undefined") {
      notice("The map library is not installed on this server: run 'make install' (npm ci) in the repository.", "error");
      return;
    }
    fromURL();
    prefetchPoints();
    await Promise.all([
      CF.start(), setUpMap(), loadAgreements().catch((e) => notice(e.message, "error")),
    ]);
    fromURL();
    form.addEventListener("submit", (event) => { event.preventDefault(); reload(); });
    form.elements.agreement.addEventListener("change", () => { form.elements.zone.value = ""; reload(); });
    for (const name of ["zone", "type", "verdict", "status"]) form.elements[name].addEventListener("change", reload);
    document.getElementById("reset").addEventListener("click", () => {
      for (const name of FIELDS) if (name !== "agreement") form.elements[name].value = "";
      reload();
    });
    document.getElementById("export-csv").addEventListener("click", () => exportView("csv"));
    document.getElementById("export-geojson").addEventListener("click", () => exportView("geojson"));
    CF.onAccount(() => { reload(); loadAuditHead(); });
    await reload();
    loadAuditHead();
  }

  main();
})();
