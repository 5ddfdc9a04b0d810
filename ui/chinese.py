"""Chinese for Streamlit 1.67's own chrome, which has no locale: config (.streamlit/config.toml), API arguments, and
in the page a stylesheet and a translator (assets/) for what only the page can reach.

Every hook keys on 1.67's data-testids or exact English strings: tests/test_browser.py walks every page with
tests/english_finder.py and fails on visible English, so an upgrade that brings some back is caught.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import Any, Iterable, Sequence
from urllib.parse import urlparse

import streamlit as st

from warehouse import WarehouseError

_ASSETS = Path(__file__).resolve().parent / "assets"
CSS = (_ASSETS / "chinese.css").read_text(encoding="utf-8")
JS = (_ASSETS / "chinese.js").read_text(encoding="utf-8")
NOT_FOUND = "您访问的页面不存在，已为您打开首页。"
_LOG = logging.getLogger(__name__)


def apply() -> None:
    """The stylesheet and the translator, first thing on every run (the translator installs itself once a tab)."""
    st.html(f"<style>{CSS}</style>")
    st.html(f'<script id="st-zh-translator">{JS}</script>', unsafe_allow_javascript=True)


# plotly.js's zh-CN locale (MIT), brought up to the strings of the plotly.js Streamlit 1.67 bundles; plotly.js takes
# the dictionary in the chart's config, so the modebar, its notifier and the zoom hint are Chinese
PLOTLY_ZH_CN: dict[str, Any] = {
    "dictionary": {
        "Autoscale": "自动缩放",
        "Box Select": "矩形框选",
        "Lasso Select": "套索选择",
        "Pan": "平移",
        "Zoom": "缩放",
        "Zoom in": "放大",
        "Zoom out": "缩小",
        "Reset": "重置",
        "Reset axes": "重置坐标轴",
        "Reset view": "重置视图",
        "Reset views": "重置视图",
        "Reset camera to default": "重置镜头视角为默认状态",
        "Reset camera to last save": "重置镜头视角为上次保存状态",
        "Orbital rotation": "轨道旋转",
        "Turntable rotation": "转盘旋转",
        "Toggle Spike Lines": "切换辅助线",
        "Show closest data on hover": "悬停时显示最近的数据",
        "Compare data on hover": "悬停时比较数据",
        "Toggle show closest data on hover": "切换悬停时显示最近的数据",
        "Download plot as a PNG": "下载为 PNG 图片",
        "Download plot": "下载图表",
        "Download plot as JSON": "下载为 JSON",
        "Preparing image - this may take a few seconds": "正在生成图片，请稍候……",
        "Image download succeeded": "图片已下载",
        "JSON download succeeded": "JSON 已下载",
        "Sorry, there was a problem downloading your image!": "抱歉，图片下载失败！",
        "Sorry, there was a problem downloading your JSON file!": "抱歉，JSON 文件下载失败！",
        "Taking snapshot - this may take a few seconds": "正在生成快照，请稍候……",
        "Snapshot succeeded": "快照已生成",
        "Sorry, there was a problem downloading your snapshot!": "抱歉，快照下载失败！",
        "Share chart...": "分享图表……",
        "Edit in Chart Studio": "在 Chart Studio 中编辑",
        "Produced with Plotly.js": "由 Plotly.js 生成",
        "Draw line": "画直线",
        "Draw open freeform": "画开放曲线",
        "Draw closed freeform": "画封闭曲线",
        "Draw rectangle": "画矩形",
        "Draw circle": "画圆",
        "Erase active shape": "删除选中形状",
        "Double-click to zoom back out": "双击恢复原始大小",
        "Double-click on legend to isolate one trace": "双击图例只显示该系列",
        "Click to enter Plot title": "点击输入图表标题",
        "Click to enter Plot subtitle": "点击输入图表副标题",
        "Click to enter X axis title": "点击输入 X 轴标题",
        "Click to enter Y axis title": "点击输入 Y 轴标题",
        "Click to enter Colorscale title": "点击输入色阶标题",
        "Click to enter radial axis title": "点击输入径向轴标题",
        "Click to enter Component A title": "点击输入组件 A 标题",
        "Click to enter Component B title": "点击输入组件 B 标题",
        "Click to enter Component C title": "点击输入组件 C 标题",
        "new text": "新建文本",
        "trace": "系列",
        "close:": "收盘：",
        "open:": "开盘：",
        "high:": "最高：",
        "low:": "最低：",
        "min:": "最小值：",
        "max:": "最大值：",
        "mean:": "平均值：",
        "mean ± σ:": "平均值 ± 标准差：",
        "median:": "中位数：",
        "q1:": "下四分位数：",
        "q3:": "上四分位数：",
        "lower fence:": "下限：",
        "upper fence:": "上限：",
        "source:": "来源：",
        "target:": "目标：",
        "incoming flow count:": "流入数量：",
        "outgoing flow count:": "流出数量：",
        "concentration:": "浓度：",
        "kde:": "核密度：",
        "lat:": "纬度：",
        "lon:": "经度：",
    },
    "format": {
        "days": ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
        "shortDays": ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
        "months": [
            "一月",
            "二月",
            "三月",
            "四月",
            "五月",
            "六月",
            "七月",
            "八月",
            "九月",
            "十月",
            "十一月",
            "十二月",
        ],
        "shortMonths": [
            "1月",
            "2月",
            "3月",
            "4月",
            "5月",
            "6月",
            "7月",
            "8月",
            "9月",
            "10月",
            "11月",
            "12月",
        ],
        "date": "%Y-%m-%d",
    },
}


def plotly_config() -> dict[str, Any]:
    return {
        "locale": "zh-CN",
        "locales": {"zh-CN": PLOTLY_ZH_CN},
        "displaylogo": False,
        "modeBarButtonsToRemove": [
            "lasso2d",
            "select2d",
            "toggleSpikelines",
            "hoverClosestCartesian",
            "hoverCompareCartesian",
            "toImage",
        ],  # our own PNG/SVG buttons replace toImage
    }


def with_not_found_page(pages: Sequence[Any], *, home: Any, reserved: Iterable[str]) -> list[Any]:
    """A mistyped URL opens the home page with a Chinese notice, instead of Streamlit's English dialog.

    Before st.navigation resolves the URL, a hidden page is added at exactly the unknown segment; it switches to
    `home`. `reserved`: the default page's own url_path, which Streamlit serves at "/" but still holds (a second
    page there would clash; quiet_page_not_found covers that URL).
    """
    pages = list(pages)
    if st.session_state.pop("_page_not_found", False):
        st.toast(NOT_FOUND, icon=":material/info:")
    segment = urlparse(st.context.url or "").path.rstrip("/").rsplit("/", 1)[-1]
    base = (st.get_option("server.baseUrlPath") or "").strip("/").rsplit("/", 1)[-1]
    taken = {p.url_path for p in pages} | set(reserved) | {base}
    if segment and segment not in taken and re.fullmatch(r"[\w.\-]+", segment):

        def not_found() -> None:
            st.session_state["_page_not_found"] = True
            st.switch_page(home)

        pages.append(st.Page(not_found, title=home.title, url_path=segment, visibility="hidden"))
    return pages


def quiet_page_not_found() -> bool:
    """Streamlit's English "Page not found" dialog as a Chinese toast (a 1.67 internal: False if it is gone)."""
    try:
        from streamlit.commands import navigation
    except ImportError:
        return False
    if not callable(getattr(navigation, "send_page_not_found", None)):
        _LOG.warning(
            "streamlit.commands.navigation.send_page_not_found is gone: Page not found stays English"
        )
        return False

    def send_page_not_found(ctx: Any) -> None:
        st.toast(NOT_FOUND, icon=":material/info:")

    navigation.send_page_not_found = send_page_not_found
    return True


def run_page(page: Any, message: str = "页面出错了，请刷新后重试；如果问题仍在，请联系管理员。") -> None:
    """page.run() with a Chinese message instead of a traceback (st.rerun, st.stop and st.switch_page pass); a fault
    of the warehouse (busy, damaged, disk full) says what happened and what to do."""
    try:
        page.run()
    except WarehouseError as exc:
        fault_page(exc)
    except Exception:
        _LOG.exception("page %s failed", getattr(page, "title", page))
        st.error(message, icon=":material/error:")


def fault_page(exc: WarehouseError) -> None:
    """The one page every fault of the warehouse shows: what happened and what to do, in Chinese."""
    _LOG.warning("warehouse fault: %s", exc)
    st.title("数据仓库暂时无法使用", anchor=False)
    st.error(str(exc), icon=":material/error:")
    st.caption("如为临时占用（如正在导入或恢复数据），稍后刷新页面即可；其他情况请联系平台管理员。")
