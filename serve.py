"""Start the dashboard: `streamlit run app.py`, with pages/ never taken for Streamlit's old page folder.

app.py declares its pages with st.navigation. Streamlit 1.67 still treats a folder named pages/ beside
the main script as the old multipage folder until some session has run app.py: a first visitor who
opens a deep link (…/upload) would get pages/upload.py run alone, file names in the sidebar and no
shared sidebar. st.navigation clears this very flag on its first call; we clear it before the server starts.
"""

import sys

from streamlit.runtime.pages_manager import PagesManager
from streamlit.web import cli

if __name__ == "__main__":
    PagesManager.uses_pages_directory = False
    sys.argv = ["streamlit", "run", "app.py", *sys.argv[1:]]
    sys.exit(cli.main())
