// The interactive figure of "Beyond the basics": pick a scheme, an activation
// and a depth; redraw activation std by layer (left) and per-layer histograms
// (right) from the JSON the page embeds (initlab.plots.explorer.explorer_html).
// No library, no network. Text and axes use currentColor, so the drawing
// follows the light and dark palettes. Material's document$ fires on the
// first load and after every instant navigation.
(function () {
  "use strict";
  const NS = "http://www.w3.org/2000/svg";
  // Two layouts: panels side by side, or stacked when the figure's box is
  // narrower than NARROW px (a phone), so neither panel shrinks below reading size.
  const NARROW = 560;
  const LAYOUTS = {
    // text is 13-15 user units: at least 12 px where the figure is drawn (about 690 px wide at 1280, 358 on a phone)
    wide: { W: 720, H: 360, L: { x0: 62, x1: 330, y0: 34, y1: 300 }, R: { x0: 420, x1: 560, y0: 34, y1: 300 } },
    narrow: { W: 380, H: 720, L: { x0: 62, x1: 360, y0: 34, y1: 300 }, R: { x0: 62, x1: 222, y0: 394, y1: 660 } },
  };
  let W, H, L, R;
  const MAX_RIDGES = 8;

  function el(parent, tag, attrs, text) {
    const node = document.createElementNS(NS, tag);
    for (const [k, v] of Object.entries(attrs || {})) node.setAttribute(k, String(v));
    if (text !== undefined) node.textContent = text;
    parent.appendChild(node);
    return node;
  }

  function fmt(v) {
    if (v === null) return "overflow";
    if (v === 0) return "0";
    const a = Math.abs(v);
    return a >= 1e4 || a < 1e-3 ? v.toExponential(1) : String(+v.toPrecision(2));
  }

  // Up to MAX_RIDGES layers spread over 1..depth, always including both ends.
  function ridgeLayers(depth) {
    if (depth <= MAX_RIDGES) return Array.from({ length: depth }, (_, i) => i + 1);
    const out = new Set();
    for (let i = 0; i < MAX_RIDGES; i++) out.add(Math.round(1 + (i * (depth - 1)) / (MAX_RIDGES - 1)));
    return [...out];
  }

  function draw(root, data) {
    const svg = root.querySelector("svg.initlab-explorer__plot");
    const layout = root.clientWidth > 0 && root.clientWidth < NARROW ? "narrow" : "wide";
    ({ W, H, L, R } = LAYOUTS[layout]);
    root.dataset.layout = layout;
    svg.setAttribute("viewBox", `0 0 ${W} ${H}`);
    const value = (key) => root.querySelector(`select[data-key="${key}"]`).value;
    const s = data.schemes.indexOf(value("scheme"));
    const a = data.activations.indexOf(value("activation"));
    const depth = Number(value("depth"));
    const act = data.activations[a], label = data.labels[s];
    const std = data.std[a];

    while (svg.lastChild) svg.removeChild(svg.lastChild);
    svg.setAttribute("data-state", `${data.schemes[s]}|${act}|${depth}`);

    // --- left: std by layer, log scale; the other schemes faint for context
    let lo = Infinity, hi = -Infinity;
    for (const row of std) for (const v of row.slice(0, depth)) {
      if (v !== null && v > 0) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    }
    if (!isFinite(lo)) { lo = 0.1; hi = 10; }
    let d0 = Math.floor(Math.log10(lo)), d1 = Math.ceil(Math.log10(hi));
    if (d1 - d0 < 1) { d0 -= 1; d1 += 1; }
    const xOf = (l) => L.x0 + (depth === 1 ? 0.5 : (l - 1) / (depth - 1)) * (L.x1 - L.x0);
    const yOf = (v) => L.y1 - ((Math.log10(v) - d0) / (d1 - d0)) * (L.y1 - L.y0);
    const left = el(svg, "g", { class: "std-panel" });
    const step = Math.max(1, Math.ceil((d1 - d0) / 6));
    for (let d = d0; d <= d1; d += step) {
      el(left, "line", { x1: L.x0, x2: L.x1, y1: yOf(10 ** d), y2: yOf(10 ** d), stroke: "currentColor", "stroke-opacity": 0.15 });
      el(left, "text", { x: L.x0 - 6, y: yOf(10 ** d) + 4, "text-anchor": "end", "font-size": 13, fill: "currentColor" }, `1e${d}`);
    }
    el(left, "line", { x1: L.x0, x2: L.x1, y1: L.y1, y2: L.y1, stroke: "currentColor" });
    el(left, "line", { x1: L.x0, x2: L.x0, y1: L.y0, y2: L.y1, stroke: "currentColor" });
    const ticks = depth <= 10 ? Array.from({ length: depth }, (_, i) => i + 1)
      : [1, 5, 10, 15, 20, 25, 30].filter((t) => t < depth - 2).concat([depth]);
    for (const t of ticks) {
      el(left, "text", { x: xOf(t), y: L.y1 + 16, "text-anchor": "middle", "font-size": 13, fill: "currentColor" }, t);
    }
    el(left, "text", { x: (L.x0 + L.x1) / 2, y: L.y1 + 34, "text-anchor": "middle", "font-size": 13, fill: "currentColor" }, "hidden layer");
    el(left, "text", { x: L.x0, y: L.y0 - 14, "font-size": 15, fill: "currentColor" }, `std of activations, ${act} net`);

    const order = data.schemes.map((_, i) => i).filter((i) => i !== s).concat([s]);
    for (const i of order) {
      const chosen = i === s;
      const color = data.colors[data.schemes[i]];
      const pts = [];
      for (let l = 1; l <= depth; l++) {
        const v = std[i][l - 1];
        if (v !== null && v > 0) pts.push([xOf(l), yOf(v)]);
      }
      if (pts.length > 1) {
        el(left, "polyline", {
          points: pts.map((p) => p.join(",")).join(" "), fill: "none", stroke: color,
          "stroke-width": chosen ? 2.6 : 1.2, "stroke-opacity": chosen ? 1 : 0.35,
          class: chosen ? "std-line chosen" : "std-line",
        });
      }
      if (!chosen) continue;
      for (let l = 1; l <= depth; l++) {
        const v = std[i][l - 1];
        const attrs = { class: "std-point", "data-layer": l, "data-std": v === null ? "null" : v, fill: color };
        if (v === null) {   // overflow: a mark at the top edge
          el(left, "path", { ...attrs, d: `M${xOf(l) - 5},${L.y0 + 4}h10l-5,-9z` });
        } else if (v <= 0) { // exactly 0: a mark at the bottom edge
          el(left, "path", { ...attrs, d: `M${xOf(l) - 5},${L.y1 - 9}h10l-5,9z` });
        } else {
          el(left, "circle", { ...attrs, cx: xOf(l), cy: yOf(v), r: 3.2 });
        }
      }
    }

    // --- right: one histogram ridge per chosen layer, each over its own range
    const right = el(svg, "g", { class: "hist-panel" });
    el(right, "text", { x: R.x0 - 60, y: R.y0 - 14, "font-size": 15, fill: "currentColor" }, `histograms, ${label}`);
    const layers = ridgeLayers(depth);
    const rowH = (R.y1 - R.y0) / layers.length;
    const bins = data.bins, bw = (R.x1 - R.x0) / bins;
    const color = data.colors[data.schemes[s]];
    layers.forEach((l, row) => {
      const base = R.y0 + (row + 1) * rowH;
      const counts = data.counts[a][s][l - 1];
      const top = Math.max(...counts);
      const g = el(right, "g", { class: "ridge", "data-layer": l });
      el(g, "text", { x: R.x0 - 8, y: base - 4, "text-anchor": "end", "font-size": 13, fill: "currentColor" }, `layer ${l}`);
      el(g, "line", { x1: R.x0, x2: R.x1, y1: base, y2: base, stroke: "currentColor", "stroke-opacity": 0.3 });
      counts.forEach((c, k) => {
        // square-root heights: ReLU's spike at 0 would flatten the rest
        const h = top > 0 ? Math.sqrt(c / top) * rowH * 0.9 : 0;
        el(g, "rect", { x: R.x0 + k * bw, y: base - h, width: bw, height: h, fill: color, "fill-opacity": 0.75, class: "bar" });
      });
      const v = std[s][l - 1];
      let note = `σ ${fmt(v)}`;
      const sat = data.saturated[a][s][l - 1];
      if (v !== null && sat !== null) note += `, ${Math.round(100 * sat)}% sat.`;
      el(g, "text", { x: R.x1 + 6, y: base - 4, "font-size": 13, fill: "currentColor" }, note);
    });
    const foot = { x: (R.x0 + R.x1) / 2, "text-anchor": "middle", "font-size": 13, fill: "currentColor" };
    el(right, "text", { ...foot, y: R.y1 + 18 }, "each ridge: its layer's 0.5–99.5% range;");
    el(right, "text", { ...foot, y: R.y1 + 34 }, "heights ∝ √count");

    // --- words for assistive technology (and everyone else)
    const first = std[s][0], last = std[s][depth - 1];
    const satLast = data.saturated[a][s][depth - 1];
    let text = `${act} net of width ${data.width}, ${label} weights, ${depth} layer${depth > 1 ? "s" : ""}: `;
    text += `activation std ${fmt(first)} at layer 1`;
    if (depth > 1) text += `, ${fmt(last)} at layer ${depth}`;
    if (satLast !== null && last !== null) text += `; ${Math.round(100 * satLast)}% of units saturated at layer ${depth}`;
    text += ".";
    svg.setAttribute("aria-label", text);
    el(svg, "title", {}, text);
    svg.insertBefore(svg.lastChild, svg.firstChild);
    root.querySelector(".initlab-explorer__summary").textContent = text;
  }

  function setup(root) {
    if (root.dataset.ready === "1") return;
    const data = JSON.parse(root.querySelector("script.initlab-explorer__data").textContent);
    for (const select of root.querySelectorAll("select")) select.addEventListener("change", () => draw(root, data));
    root.dataset.ready = "1";
    draw(root, data);
    // redraw when the box crosses NARROW (a phone turned, a window resized)
    if (typeof ResizeObserver !== "undefined") {
      new ResizeObserver(() => {
        const layout = root.clientWidth > 0 && root.clientWidth < NARROW ? "narrow" : "wide";
        if (layout !== root.dataset.layout) draw(root, data);
      }).observe(root);
    }
  }

  const start = () => document.querySelectorAll(".initlab-explorer").forEach(setup);
  if (typeof document$ !== "undefined") document$.subscribe(start);
  else if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
