"""The four kinds of people who sign in, and what each may see and send: the one place the rules are written."""

from __future__ import annotations

from dataclasses import dataclass

ADMIN, OBSERVER, REGION, ENTERPRISE = "admin", "observer", "region", "enterprise"
ROLES = (ADMIN, OBSERVER, REGION, ENTERPRISE)
ROLE_LABELS = {ADMIN: "管理员", OBSERVER: "观察员", REGION: "地区填报员", ENTERPRISE: "企业填报员"}
OFFICE = (ADMIN, OBSERVER)  # the coordination office: every page and export


class Refused(PermissionError):
    """What the signed-in user may not see or do; the text says so in Chinese."""


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str
    region: str | None = None  # a region's or an enterprise's clerk: the region code
    unit: str | None = None  # an enterprise's clerk: the reporting unit (填报单位) of its workbooks

    @property
    def label(self) -> str:
        return f"{self.display_name}（{ROLE_LABELS[self.role]}）"

    @property
    def office(self) -> bool:
        return self.role in OFFICE

    def can_see_region(self, region_code: str) -> bool:
        """A region's own figures in detail (its profile, its submissions): the office, or that region's clerk."""
        return self.office or (self.role == REGION and self.region == region_code)

    def can_see_enterprises(self) -> bool:
        """Enterprises' names and figures are confidential: the office only."""
        return self.office

    def can_upload(self, kind: str, region_code: str, unit: str | None = None) -> bool:
        if self.role == ADMIN:
            return True
        if self.role == REGION:
            return kind == "region" and region_code == self.region
        if self.role == ENTERPRISE:
            return kind == "enterprise" and region_code == self.region and (unit is None or unit == self.unit)
        return False

    def upload_kinds(self) -> tuple[str, ...]:
        return {ADMIN: ("region", "enterprise"), REGION: ("region",), ENTERPRISE: ("enterprise",)}.get(
            self.role, ()
        )

    def receipt_scope(self, region_code: str) -> dict:
        """Which received files of `region_code` this user may list: the office all of them; a region's clerk the
        region's accepted workbooks (not its enterprises') and whatever they sent themselves — not files others
        sent that were rejected, which may hold another region's figures filed under the region chosen on upload;
        an enterprise's clerk only what they sent. Keyword arguments of warehouse.submissions.receipts."""
        if self.office:
            return {"region_code": region_code}
        if self.role == REGION:
            return {
                "region_code": self.region,
                "kind": "region",
                "status": "accepted",
                "sender": self.username,
            }
        return {"region_code": None, "sender": self.username}

    def regions(self, every: list[str]) -> list[str]:
        """The regions this user may choose (everyone's for the office)."""
        return list(every) if self.office else [c for c in every if c == self.region]

    def require(self, allowed: tuple[str, ...] | str, what: str) -> None:
        if self.role not in ((allowed,) if isinstance(allowed, str) else allowed):
            raise Refused(f"您的账号（{self.label}）无权{what}。如需此项权限，请联系协调办公室的管理员。")

    def require_region(self, region_code: str, region_name: str) -> None:
        if not self.can_see_region(region_code):
            raise Refused(f"您的账号（{self.label}）只能查看本地区的数据，不能查看{region_name}的数据。")


SYSTEM = User("system", "平台", ADMIN)  # the first start's sample data and other work of the platform itself
