"""简报: the quarter's briefing pack (PPTX) in one click — the quarter, the regions in focus and the charts chosen."""

import streamlit as st

import ui
from briefing import images
from briefing.pack import data_note, make_pack
from charts.registry import charts, default_pack
from reference import load_catalog
from ui.exports import audited

wh = ui.warehouse()
st.title("简报", anchor=False)
st.caption(
    "生成供领导参阅的简报包：标题页、本季度概况（文字由平台根据报表计算生成）、每张图表一页、预警和综合评价附表。"
    "幻灯片为 16:9，文字均可编辑。"
)
catalog = load_catalog()
left, right = st.columns([2, 3])
with left:
    quarter = ui.period(wh)
with right:
    unit = ui.unit()
names = {r.code: r.name for r in catalog.regions}
focus = st.multiselect(
    "重点关注的试点地区（不选为全部）",
    list(names),
    format_func=names.get,
    key="pack_regions",
    placeholder="全部试点地区",
    select_all=False,
)
every = {c.name: c for c in charts() if not c.region_chart}
chosen = st.multiselect(
    "图表",
    list(every),
    default=[c.name for c in default_pack()],
    format_func=lambda n: every[n].title,
    key="pack_charts",
    placeholder="请选择图表",
    select_all=False,
)

approved = ui.approved_only()  # the sidebar's switch: the pack says which data it used
missing = images.available()
if missing:
    st.error(missing)
elif not chosen:
    st.info("请至少选择一张图表。")
else:
    st.download_button(
        f"生成并下载 {quarter.label}简报包（PPTX）",
        audited(
            lambda: make_pack(
                ui.get_warehouse(str(wh.path)),
                quarter.code,
                [every[n] for n in chosen],
                focus=tuple(focus),
                unit=unit,
                config=ui.config(),
                approved_only=approved,
            ),
            f"{quarter.label}简报包",
            f"试点监测简报_{quarter.code}.pptx",
        ),
        file_name=f"试点监测简报_{quarter.code}.pptx",
        type="primary",
        key="pack_download",
        on_click="ignore",
        mime="application/vnd.openxmlformats-officedocument.presentationml.presentation",
        icon=":material/slideshow:",
    )
    st.caption(
        f"共 {len(chosen) + 4} 页：标题、概况、{len(chosen)} 张图表、预警、附表。生成约需数秒。"
        f"{data_note(approved)}（侧栏“{ui.APPROVED_ONLY_LABEL}”可切换）。"
    )
