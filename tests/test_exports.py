"""Exports made on the server: charts as PNG and SVG in the system Chromium (their Chinese really drawn, read
back by OCR), tables as XLSX and CSV that give back the frame."""

import csv
import io
import os
import re
import shutil
import signal
import subprocess
import threading
import time

import pandas as pd
import plotly.graph_objects as go
import pytest
from openpyxl import load_workbook
from PIL import Image

from briefing import images, tables
from indicators.export import SOURCE
from indicators.labels import label

TITLE = "试点地区服务出口"
FONT = "Noto Sans CJK SC, Microsoft YaHei, PingFang SC, sans-serif"
CHINESE = re.compile(r"[\u4e00-\u9fff]")
FORMULA = "=cmd|' /C calc'!A0"


def _in_ci() -> bool:
    return os.environ.get("CI") == "true"


def _require(what: str, missing: str | None) -> None:
    if missing is None:
        return
    if _in_ci():
        pytest.fail(f"CI=true but {what}: {missing} (.ci/run must apt-get install it)")
    pytest.skip(f"{what}: {missing}")


@pytest.fixture(scope="module")
def exports():
    _require("image exports are unavailable", images.available())
    yield images
    images.shutdown()


def _figure(catalog, width_hint: int = 0) -> go.Figure:
    """A bar chart of the 17 regions with a Chinese title, as charts/ would draw one."""
    regions = [r.name for r in catalog.regions]
    fig = go.Figure(go.Bar(x=regions, y=[100 + (37 * i + width_hint) % 90 for i in range(len(regions))]))
    fig.update_layout(
        title={"text": TITLE, "font": {"size": 40}, "x": 0.02, "y": 0.97, "yanchor": "top"},
        font={"family": FONT, "size": 18},
        margin={"t": 120},
        template="plotly_white",
    )
    return fig


def _image(png: bytes) -> Image.Image:
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    return Image.open(io.BytesIO(png))


def _ocr(path) -> str:
    if not shutil.which("tesseract"):
        _require("no OCR", "tesseract is not installed (apt-get install tesseract-ocr tesseract-ocr-chi-sim)")
    langs = subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
    if "chi_sim" not in langs:
        _require("no OCR", "tesseract has no chi_sim data (apt-get install tesseract-ocr-chi-sim)")
    read = subprocess.run(
        ["tesseract", str(path), "-", "-l", "chi_sim", "--psm", "7"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    return read.stdout.strip()


def test_png_is_a_sharp_16_9_slide_whose_chinese_title_really_rendered(exports, catalog, tmp_path):
    started = time.perf_counter()
    png = exports.to_png(_figure(catalog))
    cold = time.perf_counter() - started
    started = time.perf_counter()
    again = exports.to_png(_figure(catalog, 1))
    warm = time.perf_counter() - started
    print(f"\nPNG 3200×1800: first {cold:.2f} s (Chromium's start included), second {warm:.2f} s")
    image = _image(png)
    assert image.size == (3200, 1800) and _image(again).size == (3200, 1800)
    assert warm < 2, f"a second PNG took {warm:.2f} s: the browser is not kept warm"
    strip = tmp_path / "title.png"
    image.crop((0, 0, image.width, 240)).save(strip)  # the title's line alone: OCR reads one line best
    text = _ocr(strip)
    print(f"OCR of the title strip: {text!r}")
    found = sum(ch in text for ch in TITLE)
    assert found >= 6, f"only {found} of the title's {len(TITLE)} characters read back: {text!r}"


def test_svg_keeps_the_chinese_text_and_names_a_cjk_font(exports, catalog):
    started = time.perf_counter()
    svg = exports.to_svg(_figure(catalog)).decode("utf-8")
    print(f"\nSVG: {time.perf_counter() - started:.2f} s, {len(svg):,} characters")
    assert svg.lstrip().startswith("<svg") and TITLE in svg and "北京" in svg
    assert "Noto Sans CJK SC" in svg


def test_many_pngs_and_threads_each_get_their_own_image(exports, catalog):
    started = time.perf_counter()
    deck = exports.to_png_many([_figure(catalog, i) for i in range(3)], width=800, height=450, scale=1)
    print(f"\n3 PNGs at once: {time.perf_counter() - started:.2f} s")
    assert [_image(png).size for png in deck] == [(800, 450)] * 3
    wrong = []

    def export(thread: int) -> None:
        for call in range(2):
            width = 400 + 10 * thread + call  # a size only this call asks for
            got = _image(exports.to_png(_figure(catalog, thread), width=width, height=300, scale=1)).size
            if got != (width, 300):
                wrong.append((width, got))

    threads = [threading.Thread(target=export, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert not wrong, f"images handed to the wrong caller: {wrong}"


@pytest.mark.slow
def test_a_killed_browser_is_started_again(exports, catalog):
    exports.to_png(_figure(catalog), width=400, height=300, scale=1)
    os.kill(exports._warm.kaleido.subprocess.pid, signal.SIGKILL)
    time.sleep(1)
    assert _image(exports.to_png(_figure(catalog), width=410, height=300, scale=1)).size == (410, 300)


@pytest.mark.slow
def test_a_forked_child_draws_with_its_own_browser(exports, catalog):
    exports.to_png(_figure(catalog), width=400, height=300, scale=1)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never back into pytest
        try:
            size = _image(exports.to_png(_figure(catalog), width=420, height=300, scale=1)).size
            exports.shutdown()
            os.write(write, b"1" if size == (420, 300) else b"0")
        finally:
            os._exit(0)
    os.close(write)
    os.waitpid(pid, 0)
    assert os.read(read, 1) == b"1"
    assert _image(exports.to_png(_figure(catalog), width=430, height=300, scale=1)).size == (430, 300)


def test_a_missing_browser_is_said_in_chinese(monkeypatch, tmp_path, catalog):
    monkeypatch.setenv("PILOT_CHROMIUM", str(tmp_path / "no-chromium"))
    message = images.available()
    assert message and CHINESE.search(message) and "PILOT_CHROMIUM" in message
    images.shutdown()  # nothing warm: the next export has to find a browser
    with pytest.raises(images.ExportUnavailable) as refused:
        images.to_png(_figure(catalog))
    assert str(refused.value) == message and refused.value.reason == "no_browser"


def test_missing_chinese_fonts_are_said_in_chinese(monkeypatch, tmp_path):
    conf = (
        tmp_path / "fonts.conf"
    )  # fontconfig that sees no font at all, as on a server without fonts-noto-cjk
    conf.write_text(f'<?xml version="1.0"?><fontconfig><dir>{tmp_path}</dir></fontconfig>', encoding="utf-8")
    monkeypatch.setenv("FONTCONFIG_FILE", str(conf))
    monkeypatch.setattr(images, "_fonts_found", False)
    message = images.available()
    assert message and "中文字体" in message and "fonts-noto-cjk" in message


@pytest.fixture
def frame(catalog) -> pd.DataFrame:
    regions = [r.name for r in catalog.regions]
    n = len(regions)
    return pd.DataFrame(
        {
            "region": regions,
            "exports": [
                round(1234567.89 + 1000.37 * i, 2) for i in range(n)
            ],  # 万元, as the regions send them
            "export_yoy": pd.array([0.1079 - i / 97 for i in range(n - 1)] + [None], dtype="Float64"),
            "experience_items": pd.array([i if i % 5 else None for i in range(n)], dtype="Int64"),
            "note": [FORMULA if i == 0 else ("" if i == 1 else f"说明{i}") for i in range(n)],
        }
    )


def _expected(value):
    if value is None or value is pd.NA or value == "":
        return None
    return "'" + value if value == FORMULA else value


def test_xlsx_has_its_heading_chinese_headers_and_the_frames_cells(frame):
    data = tables.to_xlsx(frame, TITLE, period_label="2019Q3", unit="万元", labels={"note": "备注"})
    ws = load_workbook(io.BytesIO(data)).active
    heading = ws["A1"].value
    for part in (TITLE, "2019年第三季度", "单位：万元", SOURCE):
        assert part in heading
    headers = [c.value for c in ws[2]]
    assert headers == ["试点地区", label("exports"), label("export_yoy"), label("experience_items"), "备注"]
    assert all(CHINESE.search(h) for h in headers)
    assert ws.freeze_panes == "B3"
    rows = list(ws.iter_rows(min_row=3))
    assert len(rows) == len(frame)
    for cells, record in zip(rows, frame.astype(object).itertuples(index=False)):
        got, want = [c.value for c in cells], [_expected(v) for v in record]
        # openpyxl writes a float with 16 significant digits ("%.16g"): a computed ratio that needs all 17
        # comes back within one part in 10^15; amounts, counts, text and empty cells come back exactly
        assert got[2] == pytest.approx(want[2], rel=1e-15, abs=0) if want[2] is not None else got[2] is None
        assert got[:2] + got[3:] == want[:2] + want[3:]
        assert all(c.data_type == "s" for c in cells if isinstance(c.value, str))
    assert rows[0][4].value == "'=cmd|' /C calc'!A0"
    assert rows[0][1].number_format == "#,##0.00" and rows[0][2].number_format == "0.0%"
    assert rows[2][3].number_format == "#,##0"


def test_csv_has_a_bom_and_parses_back_to_the_frame(frame):
    data = tables.to_csv(frame, labels={"note": "备注"})
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0] == ["试点地区", label("exports"), label("export_yoy"), label("experience_items"), "备注"]
    assert len(rows) == len(frame) + 1
    for row, record in zip(rows[1:], frame.astype(object).itertuples(index=False)):
        region, exports, yoy, items, note = row
        assert region == record.region and float(exports) == record.exports
        assert (yoy == "") if record.export_yoy is pd.NA else float(yoy) == record.export_yoy
        assert (items == "") if record.experience_items is pd.NA else int(items) == record.experience_items
        assert note == (_expected(record.note) or "")
    assert not [cell for row in rows for cell in row if cell in ("nan", "<NA>", "None", "NaT")]


def test_codes_are_shown_as_names(catalog):
    frame = pd.DataFrame(
        {
            "region_code": ["beijing", "wuhan"],
            "category_code": [9, 4],
            "partner": ["HKG", "USA"],
            "period": ["2019Q4", "2020Q1"],
            "excess": [True, False],
        }
    )
    ws = load_workbook(io.BytesIO(tables.to_xlsx(frame, "核对"))).active
    assert [c.value for c in ws[2]] == [
        "试点地区",
        "服务类别",
        "国家（地区）",
        "报告期",
        "企业直报超过地区数据",
    ]
    first = [c.value for c in ws[3]]
    assert first == ["北京", "9 电信、计算机和信息服务", "中国香港", "2019年第四季度", "是"]
    text = tables.to_csv(frame).decode("utf-8-sig")
    assert "武汉,4 旅行,美国,2020年第一季度,否" in text
