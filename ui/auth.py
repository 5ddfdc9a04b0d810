"""Signing in and out of the dashboard, the session's idle expiry, and the checks every page and download makes of the
signed-in user: on the server, whatever the menu shows or the URL asks."""

from __future__ import annotations

import secrets
import threading
import time

import streamlit as st

from accounts import ROLE_LABELS, LoginRefused, Refused, User, sign_in, store
from base import settings
from warehouse import audit

from .data import warehouse

SESSION_USER, SESSION_SEEN, SESSION_STAMP = "_auth_user", "_auth_seen", "_auth_stamp"
COOKIE = "pilot_session"
# A sign-in outlives a reload of the page (a new Streamlit session) through a random token in a cookie; the server
# keeps what the token stands for, in memory: a restart signs everyone out, and nothing about the user is in the cookie.
_TOKENS: dict[str, tuple[User, float, str | None]] = {}  # token -> (user, last seen, store.stamp at sign-in)
_TOKENS_MUTEX = threading.Lock()


def _idle_limit() -> float:
    return settings.get("PILOT_SESSION_IDLE_MINUTES") * 60


def address() -> str | None:
    """The client's address: the connection's, or behind a trusted proxy (PILOT_TRUSTED_PROXY) the one it forwards
    (a header anyone can send is believed only then: the per-address sign-in limit depends on it)."""
    forwarded = (st.context.headers or {}).get("X-Forwarded-For")
    if settings.get("PILOT_TRUSTED_PROXY") and isinstance(forwarded, str) and forwarded:
        return forwarded.split(",")[-1].strip()  # what our proxy appended; earlier entries the client wrote
    found = st.context.ip_address
    return found if isinstance(found, str) else None  # none without a browser (AppTest)


def _revoked(user: User) -> bool:
    """True when the account was disabled, or (for a sign-in through the form) its password, role, region or unit
    changed since: the accounts file is read again on every run."""
    granted = st.session_state.get(SESSION_STAMP)
    if granted is not None:
        return store.stamp(user.username) != granted
    return store.is_disabled(user.username)


def current_user() -> User | None:
    """The signed-in user of this session (or of the browser's sign-in cookie, after a reload); None, and signed
    out, after PILOT_SESSION_IDLE_MINUTES without activity."""
    user = st.session_state.get(SESSION_USER)
    token = (st.context.cookies or {}).get(COOKIE)
    if user is None and token:
        with _TOKENS_MUTEX:
            user, seen, granted = _TOKENS.get(token, (None, 0.0, None))
        if user is not None:
            st.session_state[SESSION_USER], st.session_state[SESSION_SEEN] = user, seen
            st.session_state[SESSION_STAMP] = granted
    if user is None:
        return None
    if _revoked(user):  # disabled, password reset or role changed since the sign-in: out at once, every tab
        _forget(token)
        st.session_state["_auth_revoked"] = True
        return None
    now = time.time()
    if now - st.session_state.get(SESSION_SEEN, 0) > _idle_limit():
        _forget(token)
        st.session_state["_auth_expired"] = True
        return None
    st.session_state[SESSION_SEEN] = now
    if token:
        with _TOKENS_MUTEX:
            if token in _TOKENS:
                _TOKENS[token] = (user, now, _TOKENS[token][2])
    return user


def login_page() -> None:
    """The sign-in form; on success the session is signed in and the app reruns."""
    _, middle, _ = st.columns([1, 2, 1])
    with middle:
        _form()


def _form() -> None:
    st.title("试点监测平台", anchor=False)
    if st.session_state.pop("_auth_revoked", False):
        st.warning("您的账号已被停用或密码已重设，请重新登录；如有疑问请联系协调办公室的管理员。")
    if st.session_state.pop("_auth_expired", False):
        st.info("长时间未操作，已自动退出登录，请重新登录。")
    with st.form("login", border=True, enter_to_submit=True):
        st.subheader("登录", anchor=False)
        username = st.text_input("账号", key="login_username", autocomplete="username")
        password = st.text_input(
            "密码", type="password", key="login_password", autocomplete="current-password"
        )
        submitted = st.form_submit_button("登录", type="primary")
    st.caption("忘记密码或需要开通账号，请联系协调办公室的管理员。")
    if not submitted:
        return
    wh, where = warehouse(), address()
    try:
        user = sign_in(username, password, where)
    except LoginRefused as refused:
        audit.record(
            wh,
            username=username.strip()[:64] or "（空）",
            role=None,
            address=where,
            action="login_failed",
            limited=refused.limited,
        )
        st.error(str(refused))
        return
    granted = store.stamp(user.username)
    st.session_state[SESSION_USER], st.session_state[SESSION_SEEN] = user, time.time()
    st.session_state[SESSION_STAMP] = granted
    token = secrets.token_urlsafe(32)
    with _TOKENS_MUTEX:
        _TOKENS[token] = (user, time.time(), granted)
    _set_cookie(token, int(_idle_limit()))
    audit.record(wh, username=user.username, role=user.role, address=where, action="login")
    time.sleep(0.3)  # let the browser store the cookie before the rerun replaces the page
    st.rerun()


def _set_cookie(value: str, max_age: int) -> None:
    st.html(
        f'<script>document.cookie = "{COOKIE}={value}; path=/; max-age={max_age}; SameSite=Strict";</script>',
        unsafe_allow_javascript=True,
    )


def logout() -> None:
    user = st.session_state.get(SESSION_USER)
    if user is not None:
        audit.record(warehouse(), username=user.username, role=user.role, address=address(), action="logout")
    _forget((st.context.cookies or {}).get(COOKIE))
    _set_cookie("", 0)
    time.sleep(0.3)


def _forget(token: str | None) -> None:
    if token:
        with _TOKENS_MUTEX:
            _TOKENS.pop(token, None)
    for key in list(st.session_state):
        del st.session_state[key]  # nothing of the session outlives its sign-in


def user() -> User:
    """The signed-in user (app.py has made sure there is one before any page runs)."""
    found = st.session_state.get(SESSION_USER)
    if found is None:
        raise Refused("请先登录。")
    return found


def refuse(refusal: Refused, what: str) -> None:
    """Say no in Chinese, log the attempt, and show nothing more of the page."""
    who = user()
    audit.record(
        warehouse(),
        username=who.username,
        role=who.role,
        address=address(),
        action="refused",
        target=what,
        reason=str(refusal),
    )
    st.error(str(refusal), icon=":material/block:")
    st.stop()


def require(roles: tuple[str, ...], what: str) -> User:
    """The user, if their role is one of `roles`; otherwise the page stops with a refusal."""
    who = user()
    try:
        who.require(roles, what)
    except Refused as refusal:
        refuse(refusal, what)
    return who


def role_label(user: User) -> str:
    return ROLE_LABELS[user.role]


def demo_instance() -> bool:
    """True while the instance runs on the demo accounts (every page then says so)."""
    try:
        return store.load()[1]
    except store.AccountsProblem:
        return False
