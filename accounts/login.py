"""Signing in: a password checked against the accounts file, with failed tries limited per account and per address
(so neither guessing one account's password nor trying many accounts from one machine gets far)."""

from __future__ import annotations

import threading
import time
from collections import defaultdict, deque

from base import settings

from .roles import User
from .store import check


class LoginRefused(PermissionError):
    """A sign-in that did not succeed; the text says why in Chinese without telling which part was wrong."""

    def __init__(self, message: str, limited: bool = False):
        super().__init__(message)
        self.limited = limited


class _Failures:
    """Recent failed tries per key (an account name, an address), in this process."""

    def __init__(self):
        self._seen: dict[str, deque] = defaultdict(deque)
        self._mutex = threading.Lock()

    def count(self, key: str, now: float, window: float) -> int:
        with self._mutex:
            seen = self._seen[key]
            while seen and now - seen[0] > window:
                seen.popleft()
            return len(seen)

    def add(self, key: str, now: float) -> None:
        with self._mutex:
            self._seen[key].append(now)

    def clear(self, key: str) -> None:
        with self._mutex:
            self._seen.pop(key, None)


FAILURES = _Failures()


def sign_in(username: str, password: str, address: str | None) -> User:
    """The user, or LoginRefused: a wrong name or password alike, or too many failures lately."""
    now, window = time.monotonic(), settings.get("PILOT_LOGIN_WINDOW_MINUTES") * 60
    limit = int(settings.get("PILOT_LOGIN_LIMIT"))
    keys = [f"account:{username.strip()}", f"address:{address or '?'}"]
    if any(FAILURES.count(key, now, window) >= limit for key in keys):
        raise LoginRefused(
            f"登录失败次数过多，请 {window / 60:.0f} 分钟后再试；如忘记密码，请联系协调办公室的管理员重置。",
            limited=True,
        )
    account = check(username, password) if username.strip() and password else None
    if account is None:
        for key in keys:
            FAILURES.add(key, now)
        raise LoginRefused("账号或密码不正确，或账号已停用。")
    FAILURES.clear(keys[0])
    return account.user
