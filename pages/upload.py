"""数据上报: upload workbooks for a region and quarter; see what was loaded or what to fix."""

import pandas as pd
import streamlit as st

import ui
from accounts import Refused, display_names
from base.settings import max_upload_bytes
from ingest.archive import ArchiveError
from ingest.error_workbook import error_workbook
from ingest.loader import ACCEPTED, DUPLICATE, RECEIPT_LABELS, SUBMISSION_LABELS
from ingest.receipts import ReceiptNotFound
from ingest.spec import KIND_LABELS
from reference import load_catalog
from ui import auth, receipt_download
from ui.text import clean, plain
from warehouse import WarehouseError

SHEET_LABELS = {
    "exports": "出口额（万元）",
    "imports": "进口额（万元）",
    "exports_usd": "出口额（万美元）",
    "imports_usd": "进口额（万美元）",
}

catalog = load_catalog()
wh = ui.warehouse()
user = auth.user()
st.title("数据上报", anchor=False)
c1, c2 = st.columns(2)
with c1:
    region_code = ui.region()
with c2:
    quarter = ui.any_period()
kinds = "、".join(KIND_LABELS[k] for k in user.upload_kinds())
scope = (
    f"（填报单位：{user.unit}）"
    if user.unit
    else ("" if user.office else f"（{catalog.region(region_code).name}）")
)
st.caption(f"报送人：{user.label}。本账号可上报：{kinds}{scope}。报送记录中的报送人即登录账号。")
# Streamlit refuses nothing itself (no type=, its limit far above ours): every refusal is ours, in Chinese, naming
# the file — a wrong kind of file or one over PILOT_MAX_UPLOAD_MB is received, refused and logged like any other
limit_mb = max_upload_bytes() // (1024 * 1024)
files = st.file_uploader(
    f"选择报表文件（可多选，.xlsx 或 .xls，单个文件不超过 {limit_mb}MB）",
    accept_multiple_files=True,
    key="upload_files",
    max_upload_size=max(200, limit_mb * 10),
)


def problems_table(problems) -> pd.DataFrame:
    """One row per problem: where it is, what its row is about (the task, measure, category or enterprise), the value
    and what to do."""
    return pd.DataFrame(
        [
            {
                "工作表": p.sheet,
                "单元格": p.place,
                "涉及对象": p.subject,
                "填写的值": p.value,
                "问题及修改方法": p.message,
            }
            for p in problems
        ]
    )


def show_problems(problems, key: str) -> None:
    """The problems, long messages wrapped over several lines (Streamlit wraps a cell's text once a row is taller
    than 4rem)."""
    table = problems_table(problems)
    longest = int(table["问题及修改方法"].str.len().max()) if len(table) else 0
    st.dataframe(
        table,
        hide_index=True,
        key=key,
        row_height=84 if longest > 36 else None,
        column_config={
            "工作表": st.column_config.TextColumn(width="small"),
            "单元格": st.column_config.TextColumn(width="small"),
            "涉及对象": st.column_config.TextColumn(width="medium"),
            "问题及修改方法": st.column_config.TextColumn(width="large"),
        },
    )


def show(result, data: bytes) -> None:
    where = f"{result.region or ''} {result.period or ''} {KIND_LABELS.get(result.kind, '')}".strip()
    name = plain(result.file_name)  # the clerk's own file name: never read as a link or formatting
    if result.status == ACCEPTED:
        text = f"已接收：{name}（{where}），提交编号 {result.submission_id}。"
        if result.supersedes:
            text += f"本次报送替代了此前的提交 {result.supersedes}，原数据保留备查。"
        st.success(text)
        st.write("导入内容：" + "，".join(f"{sheet} {n} 行" for sheet, n in result.rows.items()))
        if result.totals:
            st.write("合计：" + "，".join(f"{SHEET_LABELS[k]} {v:,.2f}" for k, v in result.totals.items()))
        receipt_download.receipt_buttons(
            wh, result.submission_id, f"receipt_{result.submission_id}", user, region_code
        )
    elif result.status == DUPLICATE:
        st.info(f"重复报送：{name} 与此前已接收的文件完全相同，本次未作任何改动。")
    else:
        st.error(f"未通过：{name} 有 {len(result.errors)} 个问题，数据未导入。请按下表修改后重新上传。")
        show_problems(result.errors, f"errors_{result.sha256}")
        if result.kind:  # a workbook we could read: give it back with the wrong cells marked
            st.download_button(
                "下载标注了问题的工作簿",
                error_workbook(data, result.errors, result.warnings),
                file_name=f"问题标注_{clean(result.file_name).rsplit('.', 1)[0]}.xlsx",
                key=f"errwb_{result.sha256}",
                on_click="ignore",
            )
    if result.warnings:
        st.warning(f"{len(result.warnings)} 条提示（不影响导入，请核对）：")
        show_problems(result.warnings, f"warnings_{result.sha256}")


if files and st.button("提交", type="primary", key="upload_submit"):
    results = []
    bar = st.progress(0.0, text="正在处理……")
    for i, f in enumerate(files):

        def step(fraction: float, text: str, i=i, name=f.name) -> None:
            bar.progress((i + fraction) / len(files), text=f"{plain(name)}（{i + 1}/{len(files)}）：{text}……")

        data = f.getvalue()
        try:
            results.append(
                (
                    ui.load_upload(
                        wh,
                        data,
                        f.name,
                        expected_region=region_code,
                        expected_period=quarter.code,
                        progress=step,
                        user=user,
                        address=auth.address(),
                    ),
                    data,
                )
            )
        except (WarehouseError, ArchiveError) as exc:  # the disk, the file, a lock: said in Chinese
            st.error(f"{plain(f.name)}：{exc}")
        except Exception:  # never a traceback on the page
            st.error(f"处理 {plain(f.name)} 时出现意外错误，数据未导入。请将该文件发给平台管理员。")
    bar.empty()
    st.session_state["upload_results"] = results  # kept until the next submission, across reruns
for result, data in st.session_state.get("upload_results", []):
    show(result, data)

st.subheader(
    "本账号的报送记录" if user.role == "enterprise" else f"{catalog.region(region_code).name}的报送记录"
)
history = ui.receipts(wh, region_code, user)
if history.empty:
    st.caption("暂无报送记录。")
else:
    st.dataframe(
        history.assign(
            file_name=history["file_name"].map(clean),
            status=history["status"].map(RECEIPT_LABELS),
            submission_status=history["submission_status"].map(SUBMISSION_LABELS).fillna("—"),
            kind=history["kind"].map(KIND_LABELS),
            received_from=history["received_from"].replace(display_names()),
        ),
        hide_index=True,
        column_order=[
            "received_at",
            "file_name",
            "kind",
            "period",
            "status",
            "submission_status",
            "received_from",
            "errors",
            "warnings",
        ],
        column_config={
            "received_at": st.column_config.DatetimeColumn("收到时间", format="YYYY-MM-DD HH:mm"),
            "file_name": "文件",
            "kind": "报表类型",
            "period": "报告期",
            "status": "处理结果",
            "submission_status": "数据状态",
            "received_from": "报送人",
            "errors": "问题数",
            "warnings": "提示数",
        },
        key="upload_history",
    )
    rejected = history[history["status"].isin(["rejected"])]
    if not rejected.empty:
        pick = st.selectbox(
            "未通过的报送：下载标注了问题的工作簿",
            rejected["id"].tolist(),
            key="rejected_receipt",
            format_func=lambda i: "{:%Y-%m-%d %H:%M} {}".format(
                *rejected.set_index("id").loc[i, ["received_at", "file_name"]]
            ),
        )
        try:
            name, data = ui.rejected_workbook(wh, int(pick), region_code, user)
            st.download_button("下载", data, file_name=name, key="rejected_download", on_click="ignore")
        except ReceiptNotFound as exc:
            st.caption(str(exc))
        except Refused as refusal:
            auth.refuse(refusal, "下载他人的报送文件")
    accepted = history[history["status"].eq("accepted") & history["submission_id"].notna()]
    if not accepted.empty:
        pick = st.selectbox(
            "已接收的报送：下载回执",
            accepted["submission_id"].astype(int).tolist(),
            key="receipt_pick",
            format_func=lambda i: "提交编号 {} · {:%Y-%m-%d %H:%M} {}".format(
                i, *accepted.set_index("submission_id").loc[i, ["received_at", "file_name"]]
            ),
        )
        try:
            receipt_download.receipt_buttons(wh, int(pick), "history_receipt", user, region_code)
        except Refused as refusal:
            auth.refuse(refusal, "下载他人的回执")
