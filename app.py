"""试点监测平台: navigation and the shared sidebar. Run with `./start.sh` (serve.py: streamlit run app.py)."""

from pathlib import Path

import streamlit as st

import ui
from briefing import images
from reference import load_catalog
from ui import chinese, reporting
from warehouse import WarehouseError

st.set_page_config(
    page_title="试点监测平台",
    page_icon=str(Path(__file__).parent / "ui" / "assets" / "icon.png"),
    layout="wide",
)
chinese.apply()
chinese.quiet_page_not_found()
images.prewarm()  # one Chromium kept warm for chart images; does nothing once it runs

PAGES = [
    st.Page(
        "pages/overview.py", title="总览", icon=":material/dashboard:", default=True, url_path="overview"
    ),
    st.Page("pages/region.py", title="地区画像", icon=":material/location_city:", url_path="region"),
    st.Page("pages/trade.py", title="服务贸易", icon=":material/public:", url_path="trade"),
    st.Page("pages/tasks.py", title="任务进展", icon=":material/task_alt:", url_path="tasks"),
    st.Page("pages/enterprises.py", title="重点企业", icon=":material/apartment:", url_path="enterprises"),
    st.Page("pages/evaluation.py", title="综合评价", icon=":material/leaderboard:", url_path="evaluation"),
    st.Page("pages/reporting.py", title="报送情况", icon=":material/fact_check:", url_path="reporting"),
    st.Page("pages/experience.py", title="经验案例", icon=":material/lightbulb:", url_path="experience"),
    st.Page("pages/briefing.py", title="简报", icon=":material/slideshow:", url_path="briefing"),
    st.Page("pages/upload.py", title="数据上报", icon=":material/upload_file:", url_path="upload"),
    st.Page("pages/templates.py", title="模板下载", icon=":material/download:", url_path="templates"),
]
page = st.navigation(chinese.with_not_found_page(PAGES, home=PAGES[0], reserved={"overview"}))

catalog = load_catalog()
with st.sidebar:
    st.markdown(f"**试点监测平台**  \n{catalog.name}  \n{catalog.document}")
    st.caption(
        f"试点期：{catalog.start:%Y年%-m月%-d日}至{catalog.end:%Y年%-m月%-d日}，共 {len(catalog.regions)} 个试点地区"
    )
    latest = st.empty()  # filled before the page runs, and again after it: an upload shows here at once


def show_latest() -> None:
    line = reporting.latest_receipt_line(ui.warehouse())
    if line:
        latest.caption(line)


try:
    show_latest()  # opens the warehouse (building it from sample_data/ on the very first start)
except WarehouseError as exc:
    chinese.fault_page(exc)
    st.stop()
chinese.run_page(page)
try:
    show_latest()
except WarehouseError:
    pass  # the page has said what is wrong
