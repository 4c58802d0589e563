// The timeline: violations per day as stacked bars by side, with the agreement's dates marked.
"use strict";

const Timeline = (function () {
  const NS = "http://www.w3.org/2000/svg";
  const SIDE_COLOURS = ["#8e44ad", "#d35400", "#16a085", "#2c3e50", "#7f8c8d", "#c0392b"];

  function svg(tag, attrs, text) {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, v);
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function addDays(day, n) {
    const d = new Date(day + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  }

  function span(a, b) {
    return Math.round((Date.parse(b + "T00:00:00Z") - Date.parse(a + "T00:00:00Z")) / 86400000);
  }

  // days: [{day, counts: {side: n}}]; sides: names; markers: [{day, label}]
  function draw(box, data) {
    box.replaceChildren();
    const width = Math.max(box.clientWidth, 300);
    const height = 150;
    const pad = { left: 34, right: 10, top: 22, bottom: 22 };
    const all = [...data.days.map((d) => d.day), ...data.markers.map((m) => m.day)];
    if (!data.days.length) {
      box.append(CF.el("p", { class: "hint empty" }, "No violations for this filter."));
      if (!all.length) return;
    }
    all.sort();
    const first = addDays(all[0], -1);
    const last = addDays(all[all.length - 1], 1);
    const days = Math.max(span(first, last), 1);
    const max = Math.max(1, ...data.days.map((d) => Object.values(d.counts).reduce((a, b) => a + b, 0)));
    const plotW = width - pad.left - pad.right;
    const plotH = height - pad.top - pad.bottom;
    const x = (day) => pad.left + (span(first, day) / days) * plotW;
    const barW = Math.max(2, plotW / days - 1);
    const root = svg("svg", { width, height, viewBox: `0 0 ${width} ${height}`, class: "timeline-svg" });
    root.append(svg("line", { x1: pad.left, y1: pad.top + plotH, x2: width - pad.right, y2: pad.top + plotH, class: "axis" }));
    for (const tick of [0, Math.ceil(max / 2), max]) {
      const y = pad.top + plotH - (tick / max) * plotH;
      root.append(svg("text", { x: pad.left - 6, y: y + 4, class: "tick", "text-anchor": "end" }, String(tick)));
    }
    root.append(svg("text", { x: pad.left, y: height - 6, class: "tick" }, first));
    root.append(svg("text", { x: width - pad.right, y: height - 6, class: "tick", "text-anchor": "end" }, last));
    data.days.forEach((d) => {
      let y = pad.top + plotH;
      data.sides.forEach((side, i) => {
        const n = d.counts[side] || 0;
        if (!n) return;
        const h = (n / max) * plotH;
        y -= h;
        const bar = svg("rect", { x: x(d.day) - barW / 2, y, width: barW, height: h, fill: SIDE_COLOURS[i % SIDE_COLOURS.length] });
        bar.append(svg("title", {}, `${d.day}: ${n} by ${side}`));
        root.append(bar);
      });
    });
    data.markers.forEach((m, i) => {
      const mx = x(m.day);
      root.append(svg("line", { x1: mx, y1: pad.top - 4, x2: mx, y2: pad.top + plotH, class: "marker" }));
      const anchor = mx > width * 0.7 ? "end" : "start";
      root.append(svg("text", { x: mx + (anchor === "start" ? 3 : -3), y: 10 + (i % 2) * 11, class: "marker-label", "text-anchor": anchor }, `${m.label} (${m.day})`));
    });
    box.append(root);
    const legend = CF.el("ul", { class: "side-legend" });
    data.sides.forEach((side, i) => {
      legend.append(CF.el("li", {}, CF.el("span", { class: "swatch", "data-colour": SIDE_COLOURS[i % SIDE_COLOURS.length] }), side));
    });
    legend.querySelectorAll(".swatch").forEach((s) => { s.style.background = s.dataset.colour; });
    box.append(legend);
  }

  return { draw };
})();
