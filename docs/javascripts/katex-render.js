// Typeset every formula pymdownx.arithmatex left on the page, with the
// self-hosted KaTeX. Material's document$ fires on the first load and after
// every instant navigation, so formulas render on both.
document$.subscribe(({ body }) => {
  for (const el of body.querySelectorAll(".arithmatex")) {
    if (el.dataset.katex === "done") continue;
    const text = el.textContent.trim();
    const display = text.startsWith("\\[");
    const tex = text.replace(/^\\[\[(]/, "").replace(/\\[\])]$/, "");
    katex.render(tex, el, { displayMode: display, throwOnError: false, output: "htmlAndMathml" });
    el.dataset.katex = "done";
    // A display formula wider than the column scrolls: let keyboards reach it.
    if (display && el.scrollWidth > el.clientWidth) {
      el.tabIndex = 0;
      el.setAttribute("role", "region");
      el.setAttribute("aria-label", "formula (scrolls sideways)");
    }
  }
});
