"""模板下载: a template for a kind, region and quarter, pre-filled from the latest accepted submission before the
quarter (the region's, or for an enterprise workbook the reporting unit's)."""

import streamlit as st

import ui
from accounts import ENTERPRISE
from ingest.carry import TINT
from ingest.docs import markdown
from ingest.spec import KIND_LABELS, SPECS
from reference import load_catalog
from ui import auth, templates

catalog = load_catalog()
wh = ui.warehouse()
who = auth.user()
st.title("模板下载", anchor=False)
st.caption(
    "模板已按所选试点地区和报告期预先填好地区、报告期、本地区承担的试点任务和适用的开放便利举措；"
    f"有此前已接收的报送时，沿用其中的具体举措、进展状态、重点联系企业名录等内容（{TINT}），请逐项核对后更新。"
    "请勿修改工作表名称和列标题。"
)
kinds = list(SPECS) if who.office else list(who.upload_kinds())
if len(kinds) > 1:
    kind = st.radio("报表类型", kinds, format_func=KIND_LABELS.get, horizontal=True, key="template_kind")
else:
    kind = kinds[0]
    st.write(f"报表类型：{KIND_LABELS[kind]}")
c1, c2 = st.columns(2)
with c1:
    region_code = ui.region()  # a clerk: their own region only (ui.filters)
with c2:
    quarter = ui.any_period()

unit = None
if kind == "enterprise":
    if who.role == ENTERPRISE:
        unit = who.unit  # a clerk's own unit, never a choice among the region's
    else:
        known = templates.units(wh, region_code)
        if known:
            unit = (
                st.selectbox(
                    "填报单位",
                    [*known, ""],
                    format_func=lambda u: u or "不沿用（空白模板）",
                    key=f"template_unit_{region_code}",
                    help="模板沿用该填报单位此前已接收的报送中的企业、服务类别和国家（地区），金额留空",
                )
                or None
            )

region = catalog.region(region_code)
spec = SPECS[kind](catalog, region_code)
data, summary = templates.template(wh, kind, region_code, quarter, unit)
st.download_button(
    f"下载 {region.name} {quarter.label} {KIND_LABELS[kind]}",
    data=data,
    file_name=f"{region.name}_{quarter.code}_{KIND_LABELS[kind]}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    type="primary",
    key="template_download",
)
st.caption(summary)
st.info(
    f"报送截止日期：{catalog.deadline(quarter):%Y年%-m月%-d日}（季度结束后次月 {catalog.deadline_day} 日）。"
    "是否按时以平台收到的时间为准。"
)
with st.expander("填报说明"):
    st.markdown(markdown(spec))
