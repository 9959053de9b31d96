// A table wider than the column scrolls sideways inside Material's
// .md-typeset__scrollwrap: let keyboards reach it (WCAG 2.1.1, axe's
// scrollable-region-focusable). Tables in a hidden tab have no width until
// the tab is shown, so check again when a tab or the window changes.
function markScrollRegions(root) {
  for (const wrap of root.querySelectorAll(".md-typeset__scrollwrap")) {
    if (wrap.tabIndex === 0 || wrap.scrollWidth <= wrap.clientWidth) continue;
    wrap.tabIndex = 0;
    wrap.setAttribute("role", "region");
    wrap.setAttribute("aria-label", "table (scrolls sideways)");
  }
}
document$.subscribe(({ body }) => markScrollRegions(body));
document.addEventListener("change", (event) => {
  if (event.target.matches(".tabbed-set > input")) markScrollRegions(document.body);
});
window.addEventListener("resize", () => markScrollRegions(document.body));
