"""模板下载: a pre-filled template for a kind, region and quarter."""

import io

import streamlit as st

import ui
from ingest.docs import markdown
from ingest.spec import KIND_LABELS, SPECS
from ingest.template import write_workbook
from reference import load_catalog

catalog = load_catalog()
st.title("模板下载", anchor=False)
st.caption(
    "模板已按所选试点地区和报告期预先填好地区、报告期、本地区承担的试点任务和适用的开放便利举措；"
    "请勿修改工作表名称和列标题。"
)
kind = st.radio("报表类型", list(SPECS), format_func=KIND_LABELS.get, horizontal=True, key="template_kind")
c1, c2 = st.columns(2)
with c1:
    region_code = ui.region()
with c2:
    quarter = ui.any_period()

region = catalog.region(region_code)
spec = SPECS[kind](catalog, region_code)
buffer = io.BytesIO()
write_workbook(buffer, spec, catalog, region_code, quarter)
st.download_button(
    f"下载 {region.name} {quarter.label} {KIND_LABELS[kind]}",
    data=buffer.getvalue(),
    file_name=f"{region.name}_{quarter.code}_{KIND_LABELS[kind]}.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    type="primary",
    key="template_download",
)
st.info(
    f"报送截止日期：{catalog.deadline(quarter):%Y年%-m月%-d日}（季度结束后次月 {catalog.deadline_day} 日）。"
    "是否按时以平台收到的时间为准。"
)
with st.expander("填报说明"):
    st.markdown(markdown(spec))
