"""Local accounts: a JSON file outside the repository (settings: PILOT_CREDENTIALS) holding each account's role,
region, reporting unit and argon2 password hash — never a password.

With no file, a development start creates demo accounts (random passwords, printed once and written beside the
warehouse); PILOT_ENV=production refuses to start without a file or with demo accounts.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import threading
from dataclasses import asdict, dataclass, replace
from datetime import datetime
from pathlib import Path

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from base import settings
from reference import load_catalog

from .roles import ADMIN, ENTERPRISE, OBSERVER, REGION, ROLE_LABELS, ROLES, User

_HASHER = PasswordHasher()  # argon2id with the library's recommended parameters
_MUTEX = threading.Lock()
DEMO_FILE = "演示账号.txt"
MIN_PASSWORD = 10


class AccountsProblem(RuntimeError):
    """The accounts file is missing where it must exist, unreadable, or a change to it is not allowed (Chinese)."""


@dataclass(frozen=True)
class Account:
    username: str
    display_name: str
    role: str
    password: str  # the argon2 hash
    region: str | None = None
    unit: str | None = None
    disabled: bool = False
    created_at: str = ""

    @property
    def user(self) -> User:
        return User(self.username, self.display_name, self.role, self.region, self.unit)


def load(path: Path | None = None) -> tuple[dict[str, Account], bool]:
    """(username -> account, whether they are the demo accounts)."""
    path = path or settings.credentials_path()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        accounts = {a["username"]: Account(**a) for a in data["accounts"]}
    except FileNotFoundError:
        raise AccountsProblem(f"账号文件 {path} 不存在。") from None
    except (OSError, ValueError, KeyError, TypeError) as exc:
        raise AccountsProblem(f"账号文件 {path} 无法读取（{exc}），请检查文件内容或从备份恢复。") from None
    return accounts, bool(data.get("demo"))


def stamp(username: str, path: Path | None = None) -> str | None:
    """What a sign-in was granted on (the password hash, role, region, unit and whether disabled), as a short
    fingerprint: a session whose account's stamp has changed since — disabled, password reset, role changed — is
    signed out. None when the account (or the file) does not exist."""
    try:
        accounts, _ = load(path)
    except AccountsProblem:
        return None
    account = accounts.get(username)
    if account is None:
        return None
    text = "\x1f".join(
        map(str, (account.password, account.role, account.region, account.unit, account.disabled))
    )
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def is_disabled(username: str, path: Path | None = None) -> bool:
    try:
        accounts, _ = load(path)
    except AccountsProblem:
        return False
    account = accounts.get(username)
    return account is not None and account.disabled


def display_names(path: Path | None = None) -> dict[str, str]:
    """username -> the name people read (北京市商务局填报员), for 报送人 wherever it is shown; {} without a file."""
    try:
        accounts, _ = load(path)
    except AccountsProblem:
        return {}
    return {u: a.display_name for u, a in accounts.items()}


def sender_label(sender, names: dict[str, str] | None = None):
    """The name to show for a receipt's 报送人: an account's display name, else what was recorded (a name typed
    before accounts existed), unchanged when missing."""
    if not isinstance(sender, str) or not sender:
        return sender
    return (display_names() if names is None else names).get(sender, sender)


def save(accounts: dict[str, Account], demo: bool, path: Path | None = None) -> None:
    """Written whole to a temporary file and moved into place: a reader never sees half a file."""
    path = path or settings.credentials_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + f".{os.getpid()}.tmp")
    body = {"version": 1, "demo": demo, "accounts": [asdict(a) for a in accounts.values()]}
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # password hashes: the owner only
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(body, f, ensure_ascii=False, indent=1)
    os.replace(tmp, path)


def check(username: str, password: str, path: Path | None = None) -> Account | None:
    """The account if the password is right and the account enabled; None otherwise (never says which)."""
    accounts, _ = load(path)
    account = accounts.get(username.strip())
    if account is None:
        _HASHER.hash(password)  # the same work as a real check: the time does not tell who exists
        return None
    try:
        _HASHER.verify(account.password, password)
    except (VerificationError, InvalidHashError):
        return None
    return None if account.disabled else account


def create(
    username: str,
    display_name: str,
    role: str,
    password: str,
    *,
    region: str | None = None,
    unit: str | None = None,
    path: Path | None = None,
) -> Account:
    username = username.strip()
    problem = _problem(username, display_name, role, region, unit, password)
    with _MUTEX:
        accounts, demo = _load_or_empty(path)
        if username in accounts:
            problem = problem or f"账号名“{username}”已存在，请换一个。"
        if problem:
            raise AccountsProblem(problem)
        account = Account(
            username,
            display_name.strip(),
            role,
            _HASHER.hash(password),
            region if role in (REGION, ENTERPRISE) else None,
            unit if role == ENTERPRISE else None,
            created_at=datetime.now().isoformat(timespec="seconds"),
        )
        accounts[username] = account
        save(accounts, demo, path)
    return account


def set_disabled(username: str, disabled: bool, path: Path | None = None) -> Account:
    return _change(username, path, lambda a: replace(a, disabled=disabled))


def reset_password(username: str, path: Path | None = None) -> str:
    """A new random password for the account (shown once to the administrator); returns it."""
    password = new_password()
    _change(username, path, lambda a: replace(a, password=_HASHER.hash(password)))
    return password


def new_password() -> str:
    return secrets.token_urlsafe(12)


def _change(username: str, path: Path | None, change) -> Account:
    with _MUTEX:
        accounts, demo = load(path)
        if username not in accounts:
            raise AccountsProblem(f"没有账号“{username}”。")
        accounts[username] = change(accounts[username])
        save(accounts, demo, path)
        return accounts[username]


def _load_or_empty(path: Path | None) -> tuple[dict[str, Account], bool]:
    try:
        return load(path)
    except AccountsProblem:
        if (path or settings.credentials_path()).exists():
            raise
        return {}, False


def _problem(username, display_name, role, region, unit, password) -> str | None:
    catalog = load_catalog()
    if not username or any(ch.isspace() for ch in username):
        return "账号名不能为空，也不能含有空格。"
    if not display_name.strip():
        return "请填写姓名或单位。"
    if role not in ROLES:
        return f"角色应为{'、'.join(ROLE_LABELS.values())}之一。"
    if role in (REGION, ENTERPRISE) and region not in {r.code for r in catalog.regions}:
        return f"{ROLE_LABELS[role]}须选择所属的试点地区。"
    if role == ENTERPRISE and not (unit or "").strip():
        return "企业填报员须填写填报单位（与企业直报表“基本信息”中的填报单位一致）。"
    if len(password) < MIN_PASSWORD:
        return f"密码至少 {MIN_PASSWORD} 个字符。"
    return None


DEMO = (  # username, display name, role, region, unit
    ("admin", "协调办公室管理员", ADMIN, None, None),
    ("observer", "协调办公室观察员", OBSERVER, None, None),
    ("beijing", "北京市商务局填报员", REGION, "beijing", None),
    ("shanghai", "上海市商务委员会填报员", REGION, "shanghai", None),
    ("shenzhen-enterprise", "深圳重点企业直报填报员", ENTERPRISE, "shenzhen", "深圳市商务局"),
)


def ensure_accounts(say=print, path: Path | None = None) -> bool:
    """Make sure there are accounts to sign in with; True if demo accounts were just created.

    Production refuses to start without an accounts file or with the demo one; development creates the demo
    accounts once, prints their passwords once and writes them to DEMO_FILE (演示账号.txt) beside the accounts file.
    """
    path = path or settings.credentials_path()
    if path.exists():
        _, demo = load(path)
        if demo and settings.production():
            raise AccountsProblem(
                f"生产环境（PILOT_ENV=production）不能使用演示账号（{path}）。请用正式账号文件替换它，"
                "并以 PILOT_CREDENTIALS 指向该文件后重新启动。"
            )
        return False
    if settings.production():
        raise AccountsProblem(
            f"生产环境（PILOT_ENV=production）需要账号文件，但 {path} 不存在。请设置 PILOT_CREDENTIALS 指向账号文件"
            "（可先在开发环境中用“管理”页面建立账号后复制），然后重新启动。"
        )
    with _MUTEX:
        if path.exists():  # another process made them a moment ago
            return False
        lines, accounts = [], {}
        now = datetime.now().isoformat(timespec="seconds")
        for username, name, role, region, unit in DEMO:
            password = new_password()
            accounts[username] = Account(
                username, name, role, _HASHER.hash(password), region, unit, created_at=now
            )
            lines.append(f"{ROLE_LABELS[role]}\t账号 {username}\t密码 {password}\t{name}")
        save(accounts, True, path)
        sheet = path.with_name(DEMO_FILE)
        fd = os.open(sheet, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(
                "试点监测平台 演示账号（仅供试用；生产环境请设置 PILOT_ENV=production 并使用正式账号文件）\n"
            )
            f.write("\n".join(lines) + "\n")
    say(f"已创建演示账号（密码只显示这一次，另存于 {sheet}）：")
    for line in lines:
        say("  " + line)
    return True
