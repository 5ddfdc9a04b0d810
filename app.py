"""试点监测平台: navigation and the shared sidebar. Run with `streamlit run app.py`."""

import streamlit as st

import ui
from reference import load_catalog

st.set_page_config(page_title="试点监测平台", page_icon=":material/monitoring:", layout="wide")

ui.chinese_widgets()
catalog = load_catalog()
page = st.navigation(
    [
        st.Page(
            "pages/overview.py", title="总览", icon=":material/dashboard:", default=True, url_path="overview"
        ),
        st.Page(
            "pages/evaluation.py", title="综合评价", icon=":material/leaderboard:", url_path="evaluation"
        ),
        st.Page("pages/experience.py", title="经验案例", icon=":material/lightbulb:", url_path="experience"),
        st.Page("pages/upload.py", title="数据上报", icon=":material/upload_file:", url_path="upload"),
        st.Page("pages/templates.py", title="模板下载", icon=":material/download:", url_path="templates"),
    ]
)

with st.sidebar:
    st.markdown(f"**试点监测平台**  \n{catalog.name}  \n{catalog.document}")
    st.caption(
        f"试点期：{catalog.start:%Y年%-m月%-d日}至{catalog.end:%Y年%-m月%-d日}，共 {len(catalog.regions)} 个试点地区"
    )
    last = ui.latest_receipt(ui.warehouse())
    if last:
        st.caption(
            f"最近收到：{last['region'] or ''} {last['period'] or ''} 报表，{last['received_at']:%Y-%m-%d %H:%M}"
        )

page.run()
