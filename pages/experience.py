"""经验案例: the items regions submitted; the office marks those adopted for national promotion (已复制推广)."""

import streamlit as st

import ui
from reference import load_catalog

catalog = load_catalog()
wh = ui.warehouse()
st.title("经验案例", anchor=False)
quarter = ui.period(wh)
items = ui.details(wh, quarter.code)["experience"]
table = ui.scores(wh, quarter.code)
c1, c2, c3 = st.columns(3)
c1.metric("累计经验案例", f"{int(table['experience_items'].sum())} 个")
c2.metric("本季度新增", f"{int(table['experience_new'].sum())} 个")
c3.metric("已复制推广", f"{int(table['experience_adopted'].sum())} 个")

names = {r.code: r.name for r in catalog.regions}
view = items.assign(
    region=items["region_code"].map(names), area_name=items["area"].map(catalog.areas)
).sort_values(["region_code", "first_seq"])
edited = st.data_editor(
    view[["region", "title", "area_name", "case_type", "period", "practice", "adopted"]],
    hide_index=True,
    disabled=["region", "title", "area_name", "case_type", "period", "practice"],
    column_config={
        "region": "试点地区",
        "title": "案例名称",
        "area_name": "所属领域",
        "case_type": "案例类型",
        "period": "最近报送",
        "practice": "主要做法",
        "adopted": st.column_config.CheckboxColumn("已复制推广", help="勾选表示已在全国复制推广"),
    },
    key="experience_editor",
)
changed = edited["adopted"].to_numpy() != view["adopted"].to_numpy()
if changed.any() and st.button("保存标记", type="primary", key="save_adoption"):
    for (_, row), now in zip(view[changed].iterrows(), edited["adopted"][changed]):
        ui.set_adopted(wh, row["region_code"], row["title"], bool(now), marked_by="协调办公室")
    st.success(f"已保存 {int(changed.sum())} 条标记。")
    st.rerun()
