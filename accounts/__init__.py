"""Who signs in and what each may see and send: roles and their rules (roles), the accounts file (store), signing in
with failed tries limited (login). Below the warehouse, so every layer that writes can check who asks."""

from .command_line import command_line_user
from .login import LoginRefused, sign_in
from .roles import ADMIN, ENTERPRISE, OBSERVER, OFFICE, REGION, ROLE_LABELS, SYSTEM, Refused, User
from .store import DEMO_FILE, AccountsProblem, display_names, ensure_accounts, sender_label

__all__ = [
    "ADMIN",
    "AccountsProblem",
    "DEMO_FILE",
    "ENTERPRISE",
    "LoginRefused",
    "OBSERVER",
    "OFFICE",
    "REGION",
    "ROLE_LABELS",
    "Refused",
    "SYSTEM",
    "User",
    "command_line_user",
    "display_names",
    "sender_label",
    "ensure_accounts",
    "sign_in",
]
