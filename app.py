"""试点监测平台: sign-in, navigation by role, and the shared sidebar. Run with `./start.sh` (serve.py: streamlit run
app.py). Which roles may open which page is written here once, and checked on the server before a page runs."""

from dataclasses import dataclass
from pathlib import Path

import streamlit as st

import ui
from accounts import ADMIN, DEMO_FILE, ENTERPRISE, OFFICE, REGION, AccountsProblem, Refused, ensure_accounts
from briefing import images
from reference import load_catalog
from ui import auth, chinese, reporting
from warehouse import WarehouseError

st.set_page_config(
    page_title="试点监测平台",
    page_icon=str(Path(__file__).parent / "ui" / "assets" / "icon.png"),
    layout="wide",
)
chinese.apply()
chinese.quiet_page_not_found()


@dataclass(frozen=True)
class PageSpec:
    path: str
    title: str
    icon: str
    url_path: str
    roles: tuple[str, ...]


PAGES = [
    PageSpec("pages/overview.py", "总览", ":material/dashboard:", url_path="overview", roles=OFFICE),
    PageSpec(
        "pages/region.py", "地区画像", ":material/location_city:", url_path="region", roles=(*OFFICE, REGION)
    ),
    PageSpec("pages/trade.py", "服务贸易", ":material/public:", url_path="trade", roles=OFFICE),
    PageSpec("pages/tasks.py", "任务进展", ":material/task_alt:", url_path="tasks", roles=OFFICE),
    PageSpec(
        "pages/enterprises.py", "重点企业", ":material/apartment:", url_path="enterprises", roles=OFFICE
    ),
    PageSpec(
        "pages/evaluation.py", "综合评价", ":material/leaderboard:", url_path="evaluation", roles=OFFICE
    ),
    PageSpec("pages/reporting.py", "报送情况", ":material/fact_check:", url_path="reporting", roles=OFFICE),
    PageSpec("pages/experience.py", "经验案例", ":material/lightbulb:", url_path="experience", roles=OFFICE),
    PageSpec("pages/briefing.py", "简报", ":material/slideshow:", url_path="briefing", roles=OFFICE),
    PageSpec(
        "pages/upload.py",
        "数据上报",
        ":material/upload_file:",
        url_path="upload",
        roles=(ADMIN, REGION, ENTERPRISE),
    ),
    PageSpec(
        "pages/templates.py",
        "模板下载",
        ":material/download:",
        url_path="templates",
        roles=(*OFFICE, REGION, ENTERPRISE),
    ),
    PageSpec("pages/admin.py", "管理", ":material/admin_panel_settings:", url_path="admin", roles=(ADMIN,)),
]

try:
    demo = ensure_accounts(say=print)  # the first start of a development instance makes the demo accounts
    wh = ui.warehouse()  # opens the warehouse (building it from sample_data/ on the very first start)
except AccountsProblem as exc:
    st.error(str(exc), icon=":material/error:")
    st.stop()
except WarehouseError as exc:
    chinese.fault_page(exc)
    st.stop()

user = auth.current_user()
if user is None:
    st.navigation(
        [st.Page(auth.login_page, title="登录", url_path="login", default=True)], position="hidden"
    ).run()
    st.stop()
images.prewarm()  # one Chromium kept warm for chart images; does nothing once it runs

mine = [p for p in PAGES if user.role in p.roles]
home = mine[0]
pages = {
    p.url_path: st.Page(
        p.path,
        title=p.title,
        icon=p.icon,
        url_path=p.url_path,
        default=p is home,
        visibility="visible" if p in mine else "hidden",
    )  # a typed URL reaches the refusal below
    for p in PAGES
}
page = st.navigation(
    chinese.with_not_found_page(list(pages.values()), home=pages[home.url_path], reserved={home.url_path})
)

catalog = load_catalog()
with st.sidebar:
    st.markdown(f"**试点监测平台**  \n{catalog.name}  \n{catalog.document}")
    st.caption(
        f"试点期：{catalog.start:%Y年%-m月%-d日}至{catalog.end:%Y年%-m月%-d日}，共 {len(catalog.regions)} 个试点地区"
    )
    latest = st.empty()  # filled before the page runs, and again after it: an upload shows here at once
    if user.office:
        st.toggle(
            ui.APPROVED_ONLY_LABEL,
            key=ui.APPROVED_ONLY,
            help="打开后，各页面和简报只计入协调办公室已审核确认的地区季度；未审核的地区季度不计入。",
        )
    st.caption(f"当前用户：{user.label}")
    if st.button("退出登录", key="logout", icon=":material/logout:"):
        auth.logout()
        st.rerun()
if auth.demo_instance():
    st.warning(
        f"本平台正以演示账号运行（账号和密码见数据仓库旁的“{DEMO_FILE}”），仅供试用，请勿录入真实数据。",
        icon=":material/science:",
    )


def show_latest() -> None:
    if not user.office:
        return  # what other regions sent is the office's to see
    line = reporting.latest_receipt_line(ui.warehouse())
    if line:
        latest.caption(line)


spec = next((p for p in PAGES if p.url_path == page.url_path), None)
if spec is not None and user.role not in spec.roles:
    auth.refuse(Refused(f"您的账号（{user.label}）无权打开“{spec.title}”页面。"), spec.title)
try:
    show_latest()
except WarehouseError as exc:
    chinese.fault_page(exc)
    st.stop()
chinese.run_page(page)
try:
    show_latest()
except WarehouseError:
    pass  # the page has said what is wrong
