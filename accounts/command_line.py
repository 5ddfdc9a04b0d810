"""Who runs a command that writes: once there is an accounts file, an account named with --user and its password
(PILOT_PASSWORD, else asked for on the terminal), whose role may do the work — the same accounts and rules as the
dashboard. Before any account exists (a development machine before its first start) the platform itself."""

from __future__ import annotations

import getpass
import sys

from base import settings

from .login import sign_in
from .roles import SYSTEM, Refused, User
from .store import AccountsProblem

ADDRESS = "命令行"
PASSWORD_VARIABLE = "PILOT_PASSWORD"


def command_line_user(username: str | None, allowed: tuple[str, ...], what: str) -> User:
    """The signed-in account, or Refused / LoginRefused / AccountsProblem with a Chinese message."""
    path = settings.credentials_path()
    if not path.exists():
        if settings.production():
            raise AccountsProblem(
                f"生产环境（PILOT_ENV=production）需要账号文件，但 {path} 不存在。请设置 PILOT_CREDENTIALS。"
            )
        return SYSTEM
    if not username:
        raise Refused(
            f"{what}须以账号登录：请用 --user 指定账号，密码由环境变量 {PASSWORD_VARIABLE} 提供或按提示输入。"
        )
    password = settings.get(PASSWORD_VARIABLE)
    if password is None:
        if not sys.stdin.isatty():
            raise Refused(f"未提供密码：请设置环境变量 {PASSWORD_VARIABLE}，或在终端中运行以便输入密码。")
        password = getpass.getpass(f"账号 {username} 的密码：")
    user = sign_in(username, password, ADDRESS)
    user.require(allowed, what)
    return user
