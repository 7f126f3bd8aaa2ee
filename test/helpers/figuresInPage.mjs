// What the browser tests of the plots read from a page and assert on it:
// each figure output's drawing (plotly's .main-svg, the traces plotly drew)
// and the boxes of its title and of plotly's mode bar, which must not meet.
import assert from "node:assert/strict";

/**
 * Runs in the page (passed to page.evaluate, so it uses nothing from outside):
 * for each element matching `selector` (one per figure output, in document
 * order), whether plotly drew in it and where its title and mode bar are.
 * Boxes are `[left, top, right, bottom]` in page pixels, or null.
 */
export function figuresInPage(selector) {
  const box = (r) => [r.left, r.top, r.right, r.bottom];
  // The mode bar's box covers its buttons too: a container can be smaller than what it holds.
  const union = (els) => {
    const rects = els.map((e) => e.getBoundingClientRect()).filter((r) => r.width > 0 || r.height > 0);
    if (rects.length === 0) return null;
    return [
      Math.min(...rects.map((r) => r.left)),
      Math.min(...rects.map((r) => r.top)),
      Math.max(...rects.map((r) => r.right)),
      Math.max(...rects.map((r) => r.bottom)),
    ];
  };
  return [...document.querySelectorAll(selector)].map((el) => {
    // plotly's graph div: the figure element itself (the classic Notebook's figure div) or inside it.
    const plot = el.matches(".js-plotly-plot") ? el : el.querySelector(".js-plotly-plot");
    const title = plot?.querySelector(".gtitle");
    const modebar = plot ? [...plot.querySelectorAll(".modebar, .modebar-btn")] : [];
    return {
      // Set by the figure's own script on its div (the HTML representation), here or inside.
      drawn: el.matches('[data-drawn="1"]') || el.querySelector('[data-drawn="1"]') !== null,
      svg: el.querySelectorAll(".main-svg").length,
      traces: plot && Array.isArray(plot._fullData) ? plot._fullData.length : -1,
      text: (el.textContent || "").slice(0, 400),
      title: title?.textContent ? { text: title.textContent, box: box(title.getBoundingClientRect()) } : null,
      modebar: union(modebar),
    };
  });
}

/** Whether two boxes `[left, top, right, bottom]` share any area. */
export function boxesMeet(a, b) {
  return a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];
}

const shown = (b) => `[${b.map((v) => Math.round(v)).join(", ")}]`;

/**
 * Asserts that every figure was drawn with the saved number of traces
 * (`expected[i]`), and that no title lies under plotly's mode bar.
 * `requireDrawnFlag`: the figure's own script marks its div (data-drawn),
 * which only the HTML representation does.
 */
export function assertFiguresDrawn(found, expected, where, { requireDrawnFlag = true } = {}) {
  const summary = found.map((f) => (f.svg > 0 ? `${f.traces} traces` : `not drawn: ${JSON.stringify(f.text.slice(0, 160))}`));
  assert.equal(found.length, expected.length, `${where}: ${found.length} figure outputs in the page, ${expected.length} saved:\n  ${summary.join("\n  ")}`);
  found.forEach((f, i) => {
    assert.ok((f.drawn || !requireDrawnFlag) && f.svg > 0, `${where}: figure ${i + 1} was not drawn (no .main-svg): ${JSON.stringify(f.text.slice(0, 160))}`);
    assert.equal(f.traces, expected[i], `${where}: figure ${i + 1} has ${f.traces} traces drawn, ${expected[i]} saved`);
    assertTitleClear(f, `${where}: figure ${i + 1}`);
  });
}

/** Asserts that a drawn figure's title (if it has one) and plotly's mode bar do not meet. */
export function assertTitleClear(f, where) {
  if (!f.title) return;
  assert.ok(f.modebar, `${where} (${JSON.stringify(f.title.text)}): plotly's mode bar was not found`);
  assert.ok(
    !boxesMeet(f.title.box, f.modebar),
    `${where}: the title ${JSON.stringify(f.title.text)} ${shown(f.title.box)} lies under plotly's mode bar ${shown(f.modebar)}`,
  );
}
