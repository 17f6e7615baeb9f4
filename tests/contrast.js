// Every visible text node of the page with its contrast ratio against the background it is
// drawn on (WCAG 2.x relative luminance). Returns [{text, ratio, fg, bg, tag}] for each run of
// text; the test decides what fails. Colours are composited: a text colour with alpha (and the
// opacity of its ancestors) over the first opaque background found walking up the DOM, each
// translucent background on the way blended in. SVG text (Vega charts drawn as SVG) uses its
// fill. Text inside a disabled control is left out (WCAG exempts inactive components).
() => {
  const parse = (c) => {
    const m = c && c.match(/rgba?\(([^)]+)\)/);
    if (!m) return null;
    const p = m[1].split(/[ ,/]+/).filter(Boolean).map(Number);
    return [p[0], p[1], p[2], p.length > 3 ? p[3] : 1];
  };
  const over = (top, under) => {
    const a = top[3];
    return [0, 1, 2].map((i) => top[i] * a + under[i] * (1 - a)).concat([1]);
  };
  const lum = (c) => {
    const ch = c.slice(0, 3).map((v) => {
      const s = v / 255;
      return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * ch[0] + 0.7152 * ch[1] + 0.0722 * ch[2];
  };
  const ratio = (a, b) => {
    const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
    return (hi + 0.05) / (lo + 0.05);
  };
  // Only an ancestor whose box holds the text's centre is behind it: a slider's value label is
  // drawn above the thumb it belongs to, on the page's background.
  const background = (el, box) => {
    const x = box.left + box.width / 2, y = box.top + box.height / 2;
    const layers = [];
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      const bg = parse(getComputedStyle(e).backgroundColor);
      const r = e.getBoundingClientRect();
      const behind = r.left <= x && x <= r.right && r.top <= y && y <= r.bottom;
      if (bg && bg[3] > 0 && behind) {
        layers.push(bg);
        if (bg[3] >= 1) break;
      }
    }
    let out = [255, 255, 255, 1];
    for (const layer of layers.reverse()) out = over(layer, out);
    return out;
  };
  const opacity = (el) => {
    let o = 1;
    for (let e = el; e && e.nodeType === 1; e = e.parentElement) {
      o *= Number(getComputedStyle(e).opacity || 1);
    }
    return o;
  };
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node.textContent.trim();
    if (!text) continue;
    const el = node.parentElement;
    if (!el || el.closest("script, style, noscript, title, [aria-hidden='true']")) continue;
    if (el.closest("[disabled], [aria-disabled='true']")) continue;
    const style = getComputedStyle(el);
    if (style.visibility !== "visible" || style.display === "none") continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    const box = range.getBoundingClientRect();
    if (box.width < 1 || box.height < 1) continue;
    const clip = el.closest("[style*='clip'], .sr-only");
    if (clip && clip.getBoundingClientRect().width <= 1) continue;
    const inSvg = el instanceof SVGElement;
    let fg = parse(inSvg ? style.fill : style.color);
    if (!fg) continue;
    const alpha = fg[3] * opacity(el) * (inSvg ? Number(style.fillOpacity || 1) : 1);
    if (alpha < 0.05) continue;  // invisible text (e.g. a hidden measuring span)
    const bg = background(el, box);
    fg = over([fg[0], fg[1], fg[2], alpha], bg);
    out.push({
      text: text.slice(0, 60),
      ratio: Math.round(ratio(fg, bg) * 100) / 100,
      fg: fg.slice(0, 3).map(Math.round).join(","),
      bg: bg.slice(0, 3).map(Math.round).join(","),
      tag: el.tagName.toLowerCase() + (el.getAttribute("data-testid") ? `[${el.getAttribute("data-testid")}]` : ""),
    });
  }
  return out;
}
