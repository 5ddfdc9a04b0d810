"""A page opened as a browser opens its URL, under AppTest: a new session on …/<page>?period=2019Q4.

AppTest forgets between runs that app.py declares its pages with st.navigation: seeing a pages/ folder it runs a
switched-to page alone, without app.py's sidebar (serve.py clears the same flag for the real server). Here the flag
stays cleared, so every run is app.py's: navigation, sidebar, then the page.
"""

from __future__ import annotations

from streamlit.runtime.pages_manager import PagesManager
from streamlit.testing.v1 import AppTest

from .conftest import ROOT, sign_in_as


def open_app(monkeypatch, warehouse, page: str | None = None, user=None, **query: str) -> AppTest:
    """The app on `page` (e.g. "pages/reporting.py") with the URL's query parameters, after its first run; signed in
    as `user` if given (else as the tests' session default)."""
    monkeypatch.setenv("PILOT_WAREHOUSE", str(warehouse))
    original = PagesManager.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        PagesManager.uses_pages_directory = False

    monkeypatch.setattr(PagesManager, "__init__", init)
    at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=90)
    if user is not None:
        sign_in_as(at, user)
    if page:
        at.switch_page(page)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    return at
