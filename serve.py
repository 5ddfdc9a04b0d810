"""Start the dashboard: build what the first visitor needs, then `streamlit run app.py`.

Before the server listens: the warehouse is built from sample_data/ when it does not exist yet (about 270
workbooks, a progress line on the console), so the first visitor gets the dashboard, not a progress bar; the
demo accounts are made on a development instance's first start; Streamlit's upload limit is PILOT_MAX_UPLOAD_MB.

pages/ is never taken for Streamlit's old page folder: Streamlit 1.67 treats a folder named pages/ beside the
main script as one until some session has run app.py, so a first visitor who opens a deep link (…/upload) would
get pages/upload.py run alone. st.navigation clears this very flag on its first call; we clear it before.
"""

from __future__ import annotations

import math
import sys

from accounts import AccountsProblem, ensure_accounts
from base.settings import get, warehouse_path
from ingest.bootstrap import ensure_warehouse
from warehouse import WarehouseError


def progress_line(i: int, n: int, out=sys.stderr) -> None:
    """One console line rewritten in place: 首次启动：正在导入示例报表 120/270."""
    out.write(f"\r首次启动：正在用 sample_data/ 的示例报表建立数据仓库 {i}/{n}")
    if i == n:
        out.write("\n")
    out.flush()


def prepare(out=sys.stderr) -> bool:
    """The warehouse and the accounts, ready before the server starts; False (with a Chinese message) if not."""
    try:
        if ensure_warehouse(warehouse_path(), progress=lambda i, n: progress_line(i, n, out)):
            out.write(f"数据仓库已建立：{warehouse_path()}\n")
        ensure_accounts(say=lambda text: out.write(text + "\n"))
    except (WarehouseError, AccountsProblem) as exc:
        out.write(f"启动前的准备未完成：{exc}\n")  # the pages say the same to the visitor
        return False
    return True


def streamlit_argv(args: list[str]) -> list[str]:
    """`streamlit run app.py` with our upload limit, unless the command line sets its own."""
    argv = ["streamlit", "run", "app.py", *args]
    if not any(a.startswith("--server.maxUploadSize") for a in args):
        argv.append(f"--server.maxUploadSize={max(1, math.ceil(get('PILOT_MAX_UPLOAD_MB')))}")
    return argv


if __name__ == "__main__":
    from streamlit.runtime.pages_manager import PagesManager
    from streamlit.web import cli

    prepare()
    PagesManager.uses_pages_directory = False
    sys.argv = streamlit_argv(sys.argv[1:])
    sys.exit(cli.main())
