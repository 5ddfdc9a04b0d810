"""报送情况: who has not yet sent the chosen quarter, every region × quarter (on time, late, not passed, missing),
the completeness and timeliness rates, and the problems found in the latest rejected workbooks."""

import streamlit as st

import ui
from charts.registry import get
from indicators.reporting import LATE, ON_TIME, REJECTED
from ui import auth, reporting

wh = ui.warehouse()
st.title("报送情况", anchor=False)
quarter = ui.period(wh)
status = reporting.status(wh, quarter)
now = status[status["period"] == quarter.code]["status"].value_counts()
outstanding = reporting.not_yet_sent(wh, quarter)
rates = reporting.rates(wh, quarter)
regions = len(rates)

c1, c2, c3, c4 = st.columns(4)
c1.metric("已报送地区", f"{regions - len(outstanding)} / {regions}")
c2.metric("按时报送", f"{int(now.get(ON_TIME, 0))} 个")
c3.metric("逾期报送", f"{int(now.get(LATE, 0))} 个")
c4.metric(
    "尚未报送",
    f"{len(outstanding)} 个",
    f"其中报表未通过 {int(now.get(REJECTED, 0))} 个" if now.get(REJECTED, 0) else None,
    delta_color="off",
    delta_arrow="off",
)

st.subheader(f"尚未报送{quarter.label}报表的地区", anchor=False)
deadline = reporting.deadline(quarter)
if outstanding.empty:
    st.success(f"{quarter.label}的报表 {regions} 个地区均已报送。")
else:
    shown = outstanding.assign(
        situation=[
            f"已提交 {n} 份报表，均未通过检查" if n else "未收到报表" for n in outstanding["rejected_files"]
        ],
        due=[reporting.days_text(d) for d in outstanding["days_left"]],
        deadline=f"{deadline:%Y年%-m月%-d日}",  # as words: a date column would bring Streamlit's English statistics
    )
    ui.table(
        shown[["region_code", "region", "situation", "deadline", "due"]],
        "尚未报送的地区",
        "outstanding_table",
        period_label=quarter.label,
        link_period=quarter.code,
        labels={"situation": "情况", "due": "距截止日"},
    )
    st.caption(f"报送截止日：{deadline:%Y年%-m月%-d日}（季度结束后次月 {deadline.day} 日）；天数按今天计算。")

ui.chart(get("reporting_grid"), reporting.grid_view(wh, quarter))

st.subheader("各地区报送率", anchor=False)
ui.table(
    rates,
    "各地区报送率",
    "rates_table",
    period_label=f"截至{quarter.label}",
    link_period=quarter.code,
    column_config={
        "completeness_rate": st.column_config.NumberColumn(format="percent"),
        "timeliness_rate": st.column_config.NumberColumn(format="percent"),
    },
)
st.caption(
    "统计已结束的各季度（截至所选报告期）。报送完整率 = 已报季度数 ÷ 应报季度数；报送及时率 = 按时报送季度数 ÷ "
    "应报季度数。是否按时以平台首次收到报表的时间判断。报表未通过的季度不算已报。"
)

st.subheader("最近未通过的报表", anchor=False)
rejected = reporting.recent_rejections(wh)
if rejected.empty:
    st.success("目前没有未通过检查的报表。")
else:
    st.caption(
        f"最近收到的 {len(rejected)} 份未通过检查的报表，最新的在前；每份列出前 {reporting.FIRST_PROBLEMS} 个问题，"
        "全部问题见标注了问题的工作簿（在下方选择后下载）。"
    )
    for r in rejected.itertuples(index=False):
        with st.container(border=True, key=f"rejected_{r.id}"):
            st.markdown(reporting.receipt_heading(r))
            st.caption(reporting.receipt_caption(r))
            st.markdown(reporting.problem_list(r))
    pick = st.selectbox(
        "下载标注了问题的工作簿",
        rejected["id"].tolist(),
        index=None,
        key="problem_receipt",
        placeholder="选择一份未通过的报表",
        format_func=lambda i: reporting.receipt_text(rejected, i),
    )
    if pick is not None:
        try:
            name, data = ui.rejected_workbook(wh, int(pick), None, auth.user())
            st.download_button(
                "下载",
                data,
                file_name=name,
                key="problem_download",
                on_click="ignore",
                icon=":material/download:",
            )
        except (LookupError, ValueError) as exc:
            st.caption(str(exc))
