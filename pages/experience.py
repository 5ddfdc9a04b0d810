"""经验案例: the items regions submitted, filtered by region, area and type; the office ticks 已复制推广 and saves;
any item's full text below the table."""

import streamlit as st

import ui
from accounts import ADMIN, Refused
from reference import load_catalog
from reference.vocabulary import CASE_TYPES
from ui import auth, experience

SAVED = "experience_saved"
ROUND = "experience_round"  # the editor's generation: a new one starts without ticks


def forget_edits() -> None:
    """The rows change with the quarter and the filters, and after a save: unsaved ticks would land on other rows,
    so the table starts afresh (a new key, as the browser keeps an editor's ticks while its key stays)."""
    st.session_state[ROUND] = st.session_state.get(ROUND, 0) + 1


catalog = load_catalog()
wh = ui.warehouse()
user = auth.user()
may_mark = user.role == ADMIN  # observers read; the save refuses them on the server too
st.title("经验案例", anchor=False)
quarter = ui.period(wh)
if st.session_state.get("experience_quarter") != quarter.code:
    st.session_state["experience_quarter"] = quarter.code
    forget_edits()
saved = st.session_state.pop(SAVED, None)
if saved:
    st.success(saved, icon=":material/check_circle:")
    st.toast(saved, icon=":material/check_circle:")

table = ui.scores(wh, quarter.code)
c1, c2, c3 = st.columns(3)
c1.metric("累计经验案例", f"{int(table['experience_items'].sum())} 个")
c2.metric("本季度新增", f"{int(table['experience_new'].sum())} 个")
c3.metric("已复制推广", f"{int(table['experience_adopted'].sum())} 个")

names = {r.code: r.name for r in catalog.regions}
f1, f2, f3 = st.columns(3)
regions = f1.multiselect(
    "试点地区",
    list(names),
    format_func=names.get,
    key="experience_regions",
    placeholder="全部地区",
    select_all=False,
    on_change=forget_edits,
)
areas = f2.multiselect(
    "所属领域",
    list(catalog.areas),
    format_func=catalog.areas.get,
    key="experience_areas",
    placeholder="全部领域",
    select_all=False,
    on_change=forget_edits,
)
types = f3.multiselect(
    "案例类型",
    list(CASE_TYPES),
    key="experience_types",
    placeholder="全部类型",
    select_all=False,
    on_change=forget_edits,
)
items = experience.items(wh, quarter, regions, areas, types)
if regions or areas or types:
    st.caption(f"符合条件的案例 {len(items)} 个（共 {int(table['experience_items'].sum())} 个）。")

bar = st.container()  # the save button above the table, filled once the table's ticks are known
COLUMNS = ["adopted", "region", "title", "area_name", "case_type", "first", "practice_summary"]
edited = st.data_editor(
    items[COLUMNS],
    hide_index=True,
    height="content",
    disabled=COLUMNS[1:] if may_mark else True,
    column_config={
        "adopted": st.column_config.CheckboxColumn(
            "已复制推广", help="勾选表示已在全国复制推广，勾选后点“保存标记”", width=120
        ),
        "region": st.column_config.TextColumn("试点地区", width=100),
        "title": st.column_config.TextColumn("案例名称", width=230),
        "area_name": st.column_config.TextColumn("所属领域", width=150),
        "case_type": st.column_config.TextColumn("案例类型", width=100),
        "first": st.column_config.TextColumn("首次报送", width=110),
        "practice_summary": st.column_config.TextColumn(
            "主要做法（摘要）", help="全文见下方“案例详情”", width=320
        ),
    },
    key=f"experience_editor_{st.session_state[ROUND]}",
)
changed = edited["adopted"].to_numpy() != items["adopted"].to_numpy()
left, right = bar.columns([1, 5], vertical_alignment="center")
if not may_mark:
    bar.caption("“已复制推广”标记由协调办公室的管理员维护，您的账号只能查看。")
elif left.button(
    "保存标记", type="primary", key="save_adoption", disabled=not changed.any(), icon=":material/save:"
):
    try:
        n = experience.save_marks(wh, items[changed], edited["adopted"][changed], user, auth.address())
    except Refused as refusal:
        auth.refuse(refusal, "标记经验案例")
    marked = int(edited["adopted"][changed].sum())
    done = [
        f"{marked} 个案例标为已复制推广" if marked else "",
        f"{n - marked} 个取消标记" if n - marked else "",
    ]
    st.session_state[SAVED] = f"已保存 {n} 条标记：{'，'.join(d for d in done if d)}。"
    forget_edits()
    st.rerun()
if may_mark:
    right.caption(
        f"已勾选或取消 {int(changed.sum())} 个案例，尚未保存。"
        if changed.any()
        else "在“已复制推广”列勾选或取消后点“保存标记”；更改筛选条件会放弃未保存的勾选。"
    )

st.subheader("案例详情", anchor=False)
by_key = items.set_index(items["region_code"] + "|" + items["title_key"])
pick = st.selectbox(
    "选择案例",
    list(by_key.index),
    index=None,
    format_func=lambda k: f"{by_key.at[k, 'region']} · {by_key.at[k, 'title']}",
    key="experience_detail",
    placeholder="选择一个案例查看主要做法和取得成效的全文",
)
if pick is not None and pick in by_key.index:
    item = by_key.loc[pick]
    with st.container(border=True):
        st.markdown(f"**{experience.plain(item['title'])}**")
        st.caption(
            f"{item['region']} · {item['area_name']} · {item['case_type']} · 首次报送 {item['first']}，"
            f"最近报送 {item['period']}" + (" · 已复制推广" if item["adopted"] else "")
        )
        st.markdown(f"**主要做法**：{experience.plain(item['practice'])}")
        st.markdown(f"**取得成效**：{experience.plain(item['effect'])}")
