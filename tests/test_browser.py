"""End to end in a real browser: the app as a real server, opened in Debian's Chromium by Playwright."""

import json
import os
import re
import shutil
import socket
import struct
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from accounts import DEMO_FILE

from .conftest import ROOT, filled_content, write_filled

pytestmark = pytest.mark.browser

CHROMIUM = shutil.which("chromium") or ("/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None)
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
ARTIFACTS = ROOT / "test-artifacts"
EXTERNAL: list[str] = []  # every request that would leave this machine: the office's network has no internet


def _require_chromium():
    if CHROMIUM:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(
            "CI=true but no Chromium at /usr/bin/chromium: .ci/run must apt-get install chromium fonts-noto-cjk"
        )
    pytest.skip("no Chromium installed (apt-get install chromium fonts-noto-cjk); browser tests skipped")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server_warehouse(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("browser") / "warehouse.duckdb"


@pytest.fixture(scope="module")
def server_log(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("log") / "streamlit.log"


@pytest.fixture(scope="module")
def server(server_warehouse, server_log):
    """The README's first command on a fresh start: no warehouse yet, so serve.py builds it from sample_data/
    before the server listens."""
    _require_chromium()
    warehouse = server_warehouse
    assert not warehouse.exists()
    port = _free_port()
    log = server_log.open("w")
    proc = subprocess.Popen(
        [
            sys.executable,
            "serve.py",
            "--server.headless=true",
            f"--server.port={port}",
            "--server.address=127.0.0.1",
            "--browser.gatherUsageStats=false",
        ],
        cwd=ROOT,
        env=dict(os.environ, PILOT_WAREHOUSE=str(warehouse), PILOT_ARCHIVE=str(warehouse.parent / "archive")),
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 600  # the build of ~270 workbooks comes first
    while True:
        try:
            if urllib.request.urlopen(f"{url}/_stcore/health", timeout=2).read() == b"ok":
                break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"streamlit did not start: {Path(log.name).read_text()[-2000:]}")
        time.sleep(0.3)
    yield url
    proc.terminate()
    proc.wait(timeout=20)


@pytest.fixture(scope="module")
def browser(server):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


def new_page(browser):
    """A page in its own browser context (its own cookies: one signed-in person), kept off the internet."""
    context = browser.new_context(
        viewport={"width": 1600, "height": 1000}, locale="zh-CN", accept_downloads=True
    )
    page = context.new_page()
    page.set_default_timeout(30_000)

    def stay_local(route):
        host = urlparse(route.request.url).hostname
        if route.request.url.startswith(("data:", "blob:")) or host in ("127.0.0.1", "localhost"):
            route.continue_()
        else:
            EXTERNAL.append(route.request.url)
            route.abort()

    page.route("**/*", stay_local)
    return page


@pytest.fixture(scope="module")
def page(browser, server, server_warehouse):
    page = new_page(browser)
    sign_in(page, server, server_warehouse, "admin")  # the office's administrator: every page
    yield page
    page.context.close()


def demo_password(warehouse: Path, username: str) -> str:
    """A demo account's password, from the 演示账号.txt (DEMO_FILE) the first start wrote beside the warehouse."""
    for line in (warehouse.parent / DEMO_FILE).read_text(encoding="utf-8").splitlines()[1:]:
        _, account, password, _ = line.split("\t")
        if account == f"账号 {username}":
            return password.removeprefix("密码 ")
    raise KeyError(username)


def sign_in(page, server: str, warehouse: Path, username: str) -> None:
    page.goto(server)
    page.get_by_label("账号", exact=True).fill(username)  # the first visit made the demo accounts
    page.get_by_label("密码", exact=True).fill(demo_password(warehouse, username))
    page.get_by_role("button", name="登录").click()
    page.get_by_text("当前用户：").wait_for()


def test_a_fresh_start_serves_data_at_the_first_visit(server, server_log, server_warehouse, browser):
    """serve.py built the warehouse before listening, saying so on the console; the first visit shows data at once
    (no progress bar at any moment)."""
    workbooks = len((ROOT / "sample_data" / "manifest.csv").read_text(encoding="utf-8").splitlines()) - 1
    console = server_log.read_text(encoding="utf-8")
    assert f"建立数据仓库 {workbooks}/{workbooks}\n数据仓库已建立：{server_warehouse}" in console
    assert console.index("数据仓库已建立") < console.index("You can now view")  # before the server listened
    first = new_page(browser)
    first.goto(server)
    first.get_by_role("button", name="登录").wait_for()
    first.get_by_label("账号", exact=True).fill("observer")
    first.get_by_label("密码", exact=True).fill(demo_password(server_warehouse, "observer"))
    first.get_by_role("button", name="登录").click()
    first.get_by_role("heading", name="总览").wait_for()
    first.get_by_text("17 / 17").wait_for()
    assert first.get_by_test_id("stProgress").count() == 0
    assert "首次启动" not in first.content()
    first.context.close()


def test_overview_in_the_browser(server, page):
    # the very first visit is a deep link: still app.py's navigation, sidebar and Chinese widgets
    page.goto(f"{server}/upload")
    page.get_by_role("heading", name="数据上报").wait_for()
    nav = page.get_by_test_id("stSidebarNav")
    nav.get_by_text("模板下载").wait_for()
    assert "upload" not in nav.inner_text().split() and "app" not in nav.inner_text().split()
    page.get_by_test_id("stFileUploaderDropzone").locator("button p").wait_for()
    shown = page.evaluate("""() => getComputedStyle(document.querySelector(
        '[data-testid="stFileUploaderDropzone"] button [data-testid="stMarkdownContainer"] p'), '::after').content""")
    assert shown == '"选择文件"'  # Streamlit's own "Upload" replaced
    page.goto(server)
    page.get_by_role("heading", name="总览").wait_for()
    page.get_by_text("17 / 17").wait_for()
    # plotly draws the regions as SVG tick labels (the second chart: exports by region): the catalog's first and last
    page.locator(".js-plotly-plot .xtick text", has_text="陕西西咸新区").first.wait_for()
    ticks = page.locator(".js-plotly-plot").nth(1).locator(".xtick text").all_text_contents()
    assert ticks[0] == "北京" and "陕西西咸新区" in ticks
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "overview.png"), full_page=True)

    # pick another quarter as a person would: open the 报告期 box and click 2019年第二季度
    page.get_by_test_id("stSelectbox").click()
    page.get_by_role("option", name="2019年第二季度").click()
    page.get_by_text("2019年第二季度尚未报送：贵州贵安新区").wait_for()
    page.get_by_text("16 / 17").wait_for()


def test_a_region_clerk_uploads_sees_only_their_region_and_the_office_finds_it_in_the_audit_log(
    server, browser, page, server_warehouse, catalog, tmp_path
):
    content = filled_content(catalog, "beijing", "2020Q1")
    good = write_filled(catalog, tmp_path / "北京_2020Q1.xlsx", "beijing", "2020Q1", content)
    content.tables["服务贸易数据"][3]["imports"] = -1  # D5
    bad = write_filled(catalog, tmp_path / "北京_2020Q1_有误.xlsx", "beijing", "2020Q1", content)

    clerk = new_page(browser)
    sign_in(clerk, server, server_warehouse, "beijing")
    clerk.goto(f"{server}/upload")
    clerk.get_by_role("heading", name="数据上报").wait_for()
    clerk.get_by_test_id("stSelectbox").filter(has_text="报告期").click()
    clerk.get_by_role("option", name="2020年第一季度", exact=True).click()
    # the run the choice started has written it back: the page is settled
    clerk.wait_for_url("**period=2020Q1**")
    assert clerk.get_by_label("报送人").count() == 0  # the sender is the account, never typed
    clerk.get_by_test_id("stFileUploaderDropzone").wait_for()
    clerk.locator("input[type=file]").set_input_files([str(good), str(bad)])
    clerk.get_by_text("北京_2020Q1_有误.xlsx").first.wait_for()
    clerk.get_by_role("button", name="提交").click()
    clerk.get_by_text("已接收：北京_2020Q1.xlsx（北京 2020Q1 试点地区季度报表）").wait_for()
    clerk.get_by_text("未通过：北京_2020Q1_有误.xlsx 有 1 个问题，数据未导入。").wait_for()
    with clerk.expect_download() as download:
        clerk.get_by_role("button", name="下载标注了问题的工作簿").click()
    marked = tmp_path / "marked.xlsx"
    download.value.save_as(marked)
    from openpyxl import load_workbook

    wb = load_workbook(marked)
    assert wb.sheetnames[0] == "错误清单" and wb["服务贸易数据"]["D5"].comment is not None
    clerk.screenshot(path=str(ARTIFACTS / "upload.png"), full_page=True)

    # the office's pages and another region are refused, in Chinese, with nothing of them shown
    nav = clerk.get_by_test_id("stSidebarNav").inner_text()
    assert "重点企业" not in nav and "总览" not in nav
    clerk.goto(f"{server}/enterprises")
    clerk.get_by_text("无权打开“重点企业”页面").wait_for()
    assert clerk.locator(".js-plotly-plot").count() == 0
    clerk.goto(f"{server}/region?region=shanghai")
    clerk.get_by_text("不能查看上海的数据").wait_for()
    assert clerk.get_by_role("heading", name="上海").count() == 0

    # signing out ends the session: the next visit, even by URL, is the sign-in form
    clerk.get_by_role("button", name="退出登录").click()
    clerk.get_by_role("button", name="登录").wait_for()
    clerk.goto(f"{server}/upload")
    clerk.get_by_role("button", name="登录").wait_for()
    assert clerk.get_by_role("heading", name="数据上报").count() == 0
    clerk.context.close()

    # the office finds the upload, the rejected file and the refusals in the audit log
    page.goto(f"{server}/admin")
    page.get_by_role("tab", name="审计日志").click()
    page.get_by_text("审计日志只增不改").wait_for()  # the page's last line: its run has finished
    # the whole log of the last 30 days (a filter would rerun the page under the click)
    with page.expect_download() as download:
        page.get_by_test_id("stDownloadButton").filter(has_text="XLSX 表格").last.click()
    exported = tmp_path / "audit.xlsx"
    download.value.save_as(exported)
    rows = [
        [str(v) for v in row if v is not None]
        for row in load_workbook(exported).active.iter_rows(values_only=True)
    ]
    uploads = [" ".join(r) for r in rows if "上报" in r]
    assert any("文件：北京_2020Q1.xlsx；结果：已接收" in r for r in uploads), rows
    assert any("文件：北京_2020Q1_有误.xlsx；结果：未通过" in r for r in uploads), rows
    refusals = [r for r in rows if any("不能查看上海的数据" in v for v in r)]
    assert refusals and all("beijing" in r for r in refusals)


def test_command_line_load_while_the_dashboard_runs(server, page, server_warehouse, catalog, tmp_path):
    page.goto(server)
    page.get_by_text("17 / 17").wait_for()  # the server has the warehouse open
    book = write_filled(catalog, tmp_path / "西咸.xlsx", "xixian", "2020Q2")
    load = subprocess.run(
        [sys.executable, "-m", "ingest", "load", str(book), "--json", "--user", "admin"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=dict(
            os.environ,
            PILOT_WAREHOUSE=str(server_warehouse),
            PILOT_ARCHIVE=str(server_warehouse.parent / "archive"),
            PILOT_PASSWORD=demo_password(server_warehouse, "admin"),
        ),
        timeout=180,
    )
    assert load.returncode == 0, load.stderr
    assert "database is locked" not in load.stderr.lower()
    page.reload()
    page.get_by_role("heading", name="总览").wait_for()
    assert json.loads(load.stdout)["status"] == "accepted"
    # the pilot's 2020Q2 exports: the sample workbooks' sum, with 西咸's figure now 7,800万元 (Σ c × 100)
    from ingest.reader import read_workbook

    total = 7800.0
    for book in sorted((ROOT / "sample_data" / "region").glob("*_2020Q2.xlsx")):
        if not book.name.startswith("xixian"):
            total += sum(r[2] for r in read_workbook(book).sheets["服务贸易数据"][1:])
    card = page.get_by_test_id("stMetric").filter(has_text="试点地区服务出口额（亿元）")
    card.get_by_test_id("stMetricValue").filter(has_text=f"{total / 10_000:,.1f}").wait_for()


def test_a_chart_downloads_as_a_slide_sized_png_whose_chinese_renders(server, page, tmp_path):
    page.goto(f"{server}/?period=2019Q4")
    page.get_by_role("heading", name="总览").wait_for()
    with page.expect_download() as download:
        page.get_by_role("button", name="PNG 图片").first.click()
    png = tmp_path / download.value.suggested_filename
    download.value.save_as(png)
    assert download.value.suggested_filename == "试点地区服务出口走势_2019Q4.png"
    width, height = struct.unpack(">II", png.read_bytes()[16:24])  # the PNG's IHDR
    assert (width, height) == (3200, 1800)
    _require_ocr()
    from PIL import Image

    strip = tmp_path / "title.png"
    Image.open(png).crop((0, 0, 3200, 160)).save(strip)  # the title's line alone: OCR reads one line best
    read = subprocess.run(
        ["tesseract", str(strip), "-", "-l", "chi_sim", "--psm", "7"], capture_output=True, text=True
    )
    title = "试点地区服务出口走势"
    found = sum(ch in read.stdout for ch in title)
    assert found >= 8, f"only {found} of the title's {len(title)} characters read back: {read.stdout!r}"


def test_the_briefing_pack_builds_from_its_page(server, page, tmp_path):
    from pptx import Presentation

    page.goto(f"{server}/briefing?period=2019Q4")
    page.get_by_role("heading", name="简报").wait_for()
    page.get_by_text("共 16 页").wait_for()
    with page.expect_download(timeout=120_000) as download:
        page.get_by_role("button", name="生成并下载 2019年第四季度简报包（PPTX）").click()
    pack = tmp_path / "pack.pptx"
    download.value.save_as(pack)
    slides = list(Presentation(str(pack)).slides)
    assert len(slides) == 16
    first = [s.text_frame.text for s in slides[0].shapes if s.has_text_frame]
    assert "报告期：2019年第四季度" in first
    page.screenshot(path=str(ARTIFACTS / "briefing.png"), full_page=True)


def test_no_english_on_any_page(server, page):
    """Every page of app.py's navigation, every Streamlit toolbar, menu, tooltip and dropdown on it, and a mistyped
    URL: no visible English word outside the allow-list (PNG, SVG, XLSX, CSV, PPTX …; tests/english_finder.py)."""
    from .english_finder import assert_no_english, walk_pages

    paths = [
        "/" if p == "overview" else f"/{p}"
        for p in re.findall(r'url_path="(\w+)"', (ROOT / "app.py").read_text())
    ]
    assert len(paths) >= 6
    # Streamlit's chrome is the same on every page: opened and hovered on the pages that hold each kind of it (charts,
    # tables, dropdowns, the data editor, the uploader and inputs), once per kind; every page is read at rest
    deep = ("/", "/experience", "/upload")
    assert_no_english(walk_pages(page, server, paths, log=lambda line: None, deep=deep, each=1))


def _require_ocr():
    langs = (
        subprocess.run(["tesseract", "--list-langs"], capture_output=True, text=True).stdout.split()
        if shutil.which("tesseract")
        else []
    )
    if "chi_sim" in langs:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(
            "CI=true but no tesseract with chi_sim: .ci/run must apt-get install tesseract-ocr-chi-sim"
        )
    pytest.skip(
        "no tesseract chi_sim data (apt-get install tesseract-ocr tesseract-ocr-chi-sim); OCR skipped"
    )


def test_nothing_is_fetched_from_outside(server, page):
    """Icons, fonts and scripts come from the installed packages: every page loads with the outside blocked."""
    paths = [
        "/" if p == "overview" else f"/{p}"
        for p in re.findall(r'url_path="(\w+)"', (ROOT / "app.py").read_text())
    ]
    assert len(paths) >= 10
    for path in paths:
        page.goto(server + path)
        page.get_by_role("heading").first.wait_for()
        page.wait_for_load_state("networkidle")
        # the favicon is fetched by the browser itself, out of a route's sight: check where it points
        icons = page.evaluate("() => [...document.querySelectorAll('link[rel~=icon]')].map(l => l.href)")
        assert icons and all(urlparse(h).hostname == "127.0.0.1" or h.startswith("data:") for h in icons), (
            icons
        )
    assert EXTERNAL == []
