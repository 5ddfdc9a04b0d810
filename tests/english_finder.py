"""Find the English that Streamlit itself shows a user: visible text, tooltips, placeholders, aria-labels.

    visible_english(page) -> list[str]       what the current screen shows, e.g. "text: Stop  [stBaseButton-header]"
    walk_pages(page, base, paths) -> dict    on every page path, plus a mistyped URL, opens and hovers Streamlit's
                                             own chrome (plotly modebars, table toolbars and column menus,
                                             dropdowns, date pickers, input hints, sidebar) and records findings
    assert_no_english(results)               raises AssertionError listing visible English (aria optional)

The values a table's column menu charts (its statistics histogram) are the data's own, not words of ours, and are
skipped. Kinds: text (visible text node), pseudo (CSS ::before/::after, e.g. plotly modebar tooltips), title, placeholder
(only while the field is empty), alt, doc-title (<title>), empty-tooltip (a tooltip that shows nothing), and
aria-label / aria-* (screen readers only; reported apart). Text drawn in the Material Symbols icon font is an icon,
not words, and is skipped; so is text hidden with font-size:0 (how ui/assets/chinese.css replaces words). Latin
words in ALLOW_WORDS (file formats, units) and the user's own file extensions ("报表.xlsx") are allowed.
"""

from __future__ import annotations

import re
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Latin words a Chinese-reading user may see: file formats, units, our own codes.
ALLOW_WORDS = {
    "B",
    "KB",
    "MB",
    "GB",
    "PNG",
    "SVG",
    "XLSX",
    "XLS",
    "CSV",
    "PPTX",
    "PDF",
    "JSON",
    "Excel",
    "Ctrl",
    "Esc",
    "Q1",
    "Q2",
    "Q3",
    "Q4",
}
# period codes like 2025Q1; Excel cell references (D5) and the catalog's task and opening-measure numbers (T5.1,
# M4), as the workbooks print them
ALLOW_RE = re.compile(r"^(\d{4}Q[1-4]|[A-Z]{1,3}\d+)$")

_JS = r"""
(strictAria) => {
  const out = [];
  const seen = new Set();
  const latin = /[A-Za-z]/;
  // icon ligatures ("keyboard_double_arrow_left", "error") drawn with the bundled Material Symbols font
  const isIcon = (el) => !!el.closest('[data-testid="stIconMaterial"]') || /Material Symbols/i.test(getComputedStyle(el).fontFamily);
  // the value histogram of a table's column menu shows the column's own values (file names a region sent): data
  const isData = (el) => !!el.closest('[data-testid="stDataFrameStatisticsChart"]');
  const where = (el) => {
    const t = el.closest('[data-testid]');
    const tid = t ? t.getAttribute('data-testid') : el.tagName.toLowerCase();
    return tid;
  };
  const visible = (el) => {
    if (!el || !el.isConnected) return false;
    if (el.checkVisibility && !el.checkVisibility({opacityProperty: true, visibilityProperty: true, contentVisibilityAuto: true})) return false;
    const r = el.getBoundingClientRect();
    if (r.width < 2 || r.height < 2) return false;
    // visually-hidden (sr-only) text: clipped to 1px
    const cs = getComputedStyle(el);
    if (cs.clip === 'rect(0px, 0px, 0px, 0px)' || cs.clipPath === 'inset(50%)') return false;
    if (parseFloat(cs.fontSize) === 0) return false;
    return true;
  };
  const add = (kind, text, el) => {
    text = (text || '').replace(/\s+/g, ' ').trim();
    if (!text || !latin.test(text)) return;
    const key = kind + '|' + text;
    if (seen.has(key)) return;
    seen.add(key);
    out.push({kind, text, where: el ? where(el) : ''});
  };
  const docs = [document];
  for (const f of document.querySelectorAll('iframe')) {
    try { if (f.contentDocument && f.getBoundingClientRect().width > 0) docs.push(f.contentDocument); } catch (e) {}
  }
  for (const doc of docs) {
    // text nodes
    const w = doc.createTreeWalker(doc.body || doc, NodeFilter.SHOW_TEXT);
    let n;
    while ((n = w.nextNode())) {
      const p = n.parentElement;
      if (!p || !latin.test(n.nodeValue)) continue;
      if (['SCRIPT', 'STYLE', 'NOSCRIPT', 'TEMPLATE'].includes(p.tagName)) continue;
      if (isIcon(p) || isData(p)) continue;
      if (!visible(p)) continue;
      add('text', n.nodeValue, p);
    }
    for (const el of doc.querySelectorAll('*')) {
      // attributes that show as tooltips or in place of text
      // (plotly's data-title is not read as an attribute: its tooltip is the ::after checked below, on hover)
      for (const a of ['title', 'placeholder', 'alt', 'aria-label', 'aria-placeholder', 'aria-valuetext', 'aria-roledescription']) {
        const v = el.getAttribute(a);
        if (!v || !latin.test(v) || isData(el)) continue;
        if (a.startsWith('aria-') && !strictAria && !visible(el)) continue;
        if (!a.startsWith('aria-') && !visible(el)) continue;
        if (a === 'placeholder' && el.value) continue;  // a placeholder shows only while the field is empty
        add(a, v, el);
      }
      // CSS generated content
      if (!visible(el)) continue;
      for (const ps of ['::before', '::after']) {
        const c = getComputedStyle(el, ps).content;
        if (c && c !== 'none' && c !== 'normal' && c !== '""' && latin.test(c)) {
          let t = c;
          if (/attr\(/.test(c)) { const m = c.match(/attr\(([\w-]+)\)/); t = m ? (el.getAttribute(m[1]) || '') : c; }
          else t = c.replace(/^"|"$/g, '');
          if (ps === '::after' && el.matches('[data-title]') && !el.matches(':hover')) continue;
          add('pseudo', t, el);
        }
      }
    }
  }
  // a tooltip that shows nothing (e.g. CSS hid the English but had no Chinese for it)
  for (const t of document.querySelectorAll('[role="tooltip"], [data-testid="stTooltipContent"]')) {
    if (!visible(t)) continue;
    let shown = false;
    const w2 = document.createTreeWalker(t, NodeFilter.SHOW_TEXT);
    let m;
    while ((m = w2.nextNode())) if (m.nodeValue.trim() && visible(m.parentElement)) { shown = true; break; }
    if (!shown) for (const e of [t, ...t.querySelectorAll('*')]) {
      const c = getComputedStyle(e, '::after').content;
      if (c && c !== 'none' && c !== 'normal' && c !== '""') { shown = true; break; }
    }
    if (!shown && !seen.has('empty-tooltip')) { seen.add('empty-tooltip'); out.push({kind: 'empty-tooltip', text: 'EMPTY tooltip', where: where(t)}); }
  }
  add('doc-title', document.title, null);
  return out;
}
"""


def _allowed(text: str) -> bool:
    """True if every Latin token of text is on the allow-list (file formats, units, period codes).
    File extensions of names ("报表.txt") are the user's own words and are allowed."""
    text = re.sub(r"(?<=\S)\.[A-Za-z0-9]{1,5}\b", "", text)
    for tok in re.findall(r"[A-Za-z][A-Za-z0-9]*", text):
        if tok in ALLOW_WORDS or tok.upper() in ALLOW_WORDS or ALLOW_RE.match(tok):
            continue
        return False
    return True


def visible_english(page, strict_aria: bool = False) -> list[str]:
    """English (Latin-letter text outside ALLOW_WORDS) that the current screen shows or announces.

    Each item is "kind: text  [nearest data-testid]". strict_aria=True also reports aria attributes of
    elements that are not rendered.
    """
    found = page.evaluate(_JS, strict_aria)
    return [f"{f['kind']}: {f['text']}  [{f['where']}]" for f in found if not _allowed(f["text"])]


def is_aria(finding: str) -> bool:
    return finding.startswith("aria-")


def wait_idle(page, timeout=30_000):
    """Wait until the app is connected, its script run has finished and nothing shows as running."""
    page.wait_for_selector('[data-testid="stApp"]', timeout=timeout)
    page.wait_for_timeout(200)
    page.wait_for_function(
        """() => { const s = document.querySelector('[data-testid="stApp"]');
                   const st = s && s.getAttribute('data-test-script-state');
                   return (st === 'notRunning' || st === 'compilationError')
                          && !document.querySelector('[data-testid="stStatusWidgetRunningIcon"]'); }""",
        timeout=timeout,
    )
    page.wait_for_timeout(600)


class _Recorder:
    """Collects findings per step; logs only what is new."""

    def __init__(self, page, shots=None, log=print, strict_aria=False):
        self.page, self.shots, self.log, self.strict = page, shots, log, strict_aria
        self.R: dict[str, list[str]] = {}
        self.seen: set[str] = set()

    def _done(self, step):
        new = [f for f in self.R[step] if f not in self.seen]
        self.seen.update(self.R[step])
        self.log(f"## {step}: " + (" ; ".join(new) if new else "-"))
        if self.shots:
            name = re.sub(r"[^a-z0-9]+", "_", step.lower()).strip("_")
            self.page.screenshot(path=str(Path(self.shots) / f"{len(self.R):02d}-{name}.png"))

    def col(self, step):
        try:
            self.R[step] = visible_english(self.page, self.strict)
        except Exception as e:  # a navigation in flight
            self.R[step] = [f"(error: {e})"]
        self._done(step)
        return self.R[step]

    def hover(self, selector, step, limit=30, wait=1100):
        """Hover each match (Streamlit tooltips open after ~1 s) and collect what shows."""
        acc: list[str] = []
        els = self.page.locator(selector)
        for i in range(min(els.count(), limit)):
            try:
                el = els.nth(i)
                if not el.is_visible():
                    continue
                el.hover(timeout=3000)
                self.page.wait_for_timeout(wait)
                acc += visible_english(self.page, self.strict)
            except Exception:
                pass
        self.R[step] = sorted(set(acc))
        self._done(step)

    def run(self, name, fn):
        try:
            fn()
        except Exception as e:  # keep walking
            msg = str(e).splitlines()[0][:160] if str(e) else ""
            self.R[name + " (failed)"] = [f"(failed: {type(e).__name__}: {msg})"]
            self.log(f"## {name}: FAILED {type(e).__name__}: {msg}")
            try:
                self.page.keyboard.press("Escape")
            except Exception:
                pass


def header_cells(page, df) -> list[tuple[float, float]]:
    """x-ranges of a st.dataframe's header cells. The header is drawn on a canvas; the column borders are
    found where the canvas shows the col-resize cursor."""
    df.scroll_into_view_if_needed()
    page.wait_for_timeout(200)
    box = df.bounding_box()
    y = box["y"] + 18
    edges, prev = [box["x"]], False
    for x in range(int(box["x"]) + 4, int(box["x"] + box["width"]), 4):
        page.mouse.move(x, y)
        on = page.evaluate(
            """(el) => [...el.querySelectorAll('canvas')].some(c => getComputedStyle(c).cursor === 'col-resize')""",
            df.element_handle(),
        )
        if on and not prev:
            edges.append(x)
        prev = on
    return [(a, b) for a, b in zip(edges, edges[1:]) if b - a > 30]


def open_column_menu(page, df, x0: float, x1: float) -> bool:
    """Hover a header cell and click its ⋮ (about 14 px left of the cell's right border)."""
    y = df.bounding_box()["y"] + 18
    page.mouse.move((x0 + x1) / 2, y)
    page.wait_for_timeout(300)
    page.mouse.click(x1 - 14, y)
    page.wait_for_timeout(700)
    return page.locator('[data-testid="stDataFrameColumnMenu"]').count() > 0


def probe_screen(rec: _Recorder, label: str, each: int = 99) -> None:
    """Open and hover Streamlit's generic chrome on the page that is shown now (`each`: how many of each kind of
    element to probe; the chrome of one plotly chart or one table is the chrome of all)."""
    page = rec.page

    def rest():
        rec.col(f"{label}: at rest")

    def plotly():
        charts = page.locator('[data-testid="stPlotlyChart"]')
        for i in range(min(charts.count(), each)):
            charts.nth(i).scroll_into_view_if_needed()
            charts.nth(i).hover()
            page.wait_for_timeout(300)
            rec.hover(
                f'[data-testid="stPlotlyChart"] >> nth={i} >> .modebar-btn',
                f"{label}: plotly {i} modebar tooltips",
                wait=500,
            )

    def tables():
        dfs = page.locator('[data-testid="stDataFrame"]')
        for i in range(min(dfs.count(), each)):
            df = dfs.nth(i)
            df.scroll_into_view_if_needed()
            df.hover()
            page.wait_for_timeout(400)
            rec.hover(
                f'[data-testid="stDataFrame"] >> nth={i} >> [data-testid="stElementToolbar"] button',
                f"{label}: table {i} toolbar tooltips",
            )
            for j, (x0, x1) in enumerate(header_cells(page, df)[1:3]):
                if open_column_menu(page, df, x0, x1):
                    rec.col(f"{label}: table {i} column {j} menu")
                    subs = page.locator(
                        '[data-testid="stDataFrameColumnMenu"] [role="menuitem"][aria-haspopup]'
                    )
                    for k in range(subs.count()):
                        subs.nth(k).hover()
                        page.wait_for_timeout(800)
                        rec.col(f"{label}: table {i} column {j} submenu {k}")
                    page.keyboard.press("Escape")
                    page.wait_for_timeout(300)

    def dropdowns():
        for kind in ("stSelectbox", "stMultiSelect"):
            els = page.locator(f'[data-testid="{kind}"]')
            for i in range(min(els.count(), each, 6)):
                el = els.nth(i)
                if el.locator("[aria-disabled=true], input:disabled").count():
                    continue
                el.scroll_into_view_if_needed()
                el.click()
                page.wait_for_timeout(400)
                rec.col(f"{label}: {kind} {i} open")
                page.keyboard.type("zzzq")
                page.wait_for_timeout(400)
                rec.col(f"{label}: {kind} {i} nothing matches")
                page.keyboard.press("Escape")
                page.keyboard.press("Escape")

    def dates():
        btns = page.locator('[data-testid="stDateInputCalendarButton"]')
        for i in range(min(btns.count(), 4)):
            btns.nth(i).scroll_into_view_if_needed()
            btns.nth(i).click()
            page.wait_for_timeout(600)
            rec.col(f"{label}: date {i} calendar")
            qs = page.locator('[data-testid="stDateInputQuickSelect"] button')
            if qs.count() and qs.first.is_visible():
                qs.first.click()
                page.wait_for_timeout(500)
                rec.col(f"{label}: date {i} quick select")
                page.keyboard.press("Escape")
            page.keyboard.press("Escape")
            page.wait_for_timeout(300)

    def hints():
        inputs = page.locator(
            '[data-testid="stTextInput"] input, [data-testid="stNumberInput"] input, [data-testid="stTextArea"] textarea'
        )
        for i in range(min(inputs.count(), 4)):
            inp = inputs.nth(i)
            inp.scroll_into_view_if_needed()
            old = inp.input_value()
            inp.click()
            page.keyboard.type("1")
            page.wait_for_timeout(400)
            rec.col(f"{label}: input {i} typing")
            inp.fill(old)
            page.keyboard.press("Escape")
            inp.blur()

    def widget_tooltips():
        rec.hover(
            '[data-testid="stTooltipHoverTarget"], [data-testid="stNumberInput"] button, [data-testid="stFileUploader"] button, '
            '[data-testid="stDownloadButton"] button, [data-testid="stExpander"] summary, [role="tab"]',
            f"{label}: widget tooltips",
            limit=20,
        )

    def chrome():
        page.mouse.move(5, 5)
        rec.hover(
            '[data-testid="stHeader"] button, [data-testid="stSidebar"] button, [data-testid="stSidebarNav"] a',
            f"{label}: header/sidebar tooltips",
        )
        menu = page.locator('[data-testid="stMainMenu"] button')
        if menu.count():
            menu.first.click()
            page.wait_for_timeout(600)
            rec.col(f"{label}: main menu")
            page.keyboard.press("Escape")

    for name, fn in [
        ("rest", rest),
        ("plotly", plotly),
        ("tables", tables),
        ("dropdowns", dropdowns),
        ("dates", dates),
        ("hints", hints),
        ("widget tooltips", widget_tooltips),
        ("chrome", chrome),
    ]:
        rec.run(f"{label}: {name}", fn)


def walk_pages(
    page,
    base: str,
    paths: list[str],
    shots: str | None = None,
    log=print,
    bad_paths: tuple[str, ...] = ("/no-such-page",),
    deep: tuple[str, ...] | None = None,
    each: int = 99,
) -> dict[str, list[str]]:
    """Every path at rest; probe_screen (hover and open the chrome, `each` element of a kind) on the `deep` ones
    (default: all); then the mistyped URLs."""
    rec = _Recorder(page, shots, log)
    for path in paths:

        def visit(path=path):
            page.goto(base + path)
            wait_idle(page)
            if deep is None or path in deep:
                probe_screen(rec, path, each)
            else:
                rec.col(f"{path}: at rest")

        rec.run(path, visit)
    for bad in bad_paths:

        def visit_bad(bad=bad):
            page.goto(base + bad)
            wait_idle(page)
            page.wait_for_timeout(1200)
            rec.col(f"url {bad}")

        rec.run(bad, visit_bad)
    return rec.R


def summarize(R: dict[str, list[str]]) -> tuple[list[str], list[str]]:
    """Unique findings over all steps, each with the first step that saw it: (visible, aria)."""
    first: dict[str, str] = {}
    for step, found in R.items():
        for f in found:
            if not f.startswith("("):
                first.setdefault(f, step)
    vis = [f"{f}   <- {s}" for f, s in first.items() if not is_aria(f)]
    aria = [f"{f}   <- {s}" for f, s in first.items() if is_aria(f)]
    return vis, aria


def assert_no_english(results: dict[str, list[str]], aria: bool = False) -> None:
    """For a pytest test: fail listing every visible English string (and aria ones with aria=True)."""
    vis, ar = summarize(results)
    bad = vis + (ar if aria else [])
    assert not bad, "Streamlit shows English:\n" + "\n".join(bad)
