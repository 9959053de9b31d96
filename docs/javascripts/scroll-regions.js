// A table wider than the column scrolls sideways inside Material's
// .md-typeset__scrollwrap, and on a phone a figure scrolls sideways inside its
// box (.initlab-figure-svg; div.initlab-figure in the older markup; see the
// "phone" block of initlab.css): let keyboards reach them (WCAG 2.1.1, axe's
// scrollable-region-focusable) and name them. Tables in a hidden tab have no
// width until the tab is shown, so check again when a tab or the window
// changes, and whenever a box or its content resizes (KaTeX's web fonts widen
// a formula after katex-render.js measured it); a box that stops scrolling (a
// wider window) is unmarked again.
const SCROLL_BOXES = ".md-typeset__scrollwrap, .initlab-figure-svg, div.initlab-figure, div.arithmatex";

function scrollRegionName(box) {
  if (box.matches(".md-typeset__scrollwrap")) return "table (scrolls sideways)";
  if (box.matches(".arithmatex")) return "formula (scrolls sideways)";
  const figure = box.closest(".initlab-figure") || box;
  const takeaway = figure.querySelector(".initlab-takeaway, figcaption");
  const title = box.querySelector("svg > title");
  const text = ((takeaway || title || {}).textContent || "").trim().replace(/\s+/g, " ");
  return "figure (scrolls sideways)" + (text ? ": " + text : "");
}

function markScrollRegion(box) {
  const scrolls = box.scrollWidth > box.clientWidth;
  if (scrolls && box.dataset.scrollRegion !== "1") {
    box.dataset.scrollRegion = "1";
    box.tabIndex = 0;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", scrollRegionName(box));
  } else if (!scrolls && box.dataset.scrollRegion === "1") {
    delete box.dataset.scrollRegion;
    box.removeAttribute("tabindex");
    box.removeAttribute("role");
    box.removeAttribute("aria-label");
  }
}

// Boxes and their content change size after the first check (web fonts, KaTeX,
// a window resized): re-check a box whenever it or its first child resizes.
const scrollRegionObserver =
  typeof ResizeObserver === "undefined"
    ? null
    : new ResizeObserver((entries) => {
        for (const entry of entries) {
          const box = entry.target.closest(SCROLL_BOXES);
          if (box) markScrollRegion(box);
        }
      });

function markScrollRegions(root) {
  for (const box of root.querySelectorAll(SCROLL_BOXES)) {
    markScrollRegion(box);
    if (scrollRegionObserver) {
      scrollRegionObserver.observe(box);
      if (box.firstElementChild) scrollRegionObserver.observe(box.firstElementChild);
    }
  }
}
document$.subscribe(({ body }) => markScrollRegions(body));
document.addEventListener("change", (event) => {
  if (event.target.matches(".tabbed-set > input")) markScrollRegions(document.body);
});
