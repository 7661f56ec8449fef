"""Who may do what: roles, actions, province scopes, and the one permission function.

`can(user, action, province_code, year)` is pure: it looks only at its arguments (the user as
loaded from the users table, the setting that says whether viewing needs a login) and never at
a session, a page or the database, so the CLI, the upload service and every page ask the same
question and get the same answer, and tests can cover the whole matrix.

Province scope and the 2025 merger: a data officer's scope is a set of (era, code) pairs. A
34-era (2025) province covers its own files from 2025 on and the pre-2025 files of every
province merged into it (an officer of today's TP. Hồ Chí Minh may back-fill Bình Dương 2023).
A 63-era grant covers only that old province's pre-2025 files: the old province no longer
reports after the merger, and its successor is larger than it was. The era of a file is told by
its year (`era_for_year`); without a year a code is read as a 34-era (current) code."""

from __future__ import annotations

from dataclasses import dataclass, field

from reference import admin_units as au
from reference.i18n import t
from reference.scopes import Scope, covers, parse_scope  # noqa: F401  (re-exported)

ROLES = ("viewer", "data_officer", "national_officer", "admin")
ACTIONS = (
    "view",
    "export",
    "upload",
    "confirm",
    "revert",
    "withdraw",
    "map_label",
    "manage_mappings",
    "manage_users",
    "manage_reference",
    "read_audit",
)
# Actions on one province's data: a data officer needs the province in scope.
SCOPED_ACTIONS = frozenset({"upload", "confirm", "revert", "withdraw", "map_label"})
# Actions anyone may take when the deployment lets people view without signing in.
PUBLIC_ACTIONS = frozenset({"view", "export"})
_OFFICER = frozenset({"view", "export", "upload", "confirm", "revert", "withdraw", "map_label"})
GRANTS: dict[str, frozenset[str]] = {
    "viewer": frozenset({"view", "export"}),
    "data_officer": _OFFICER,  # scoped to their provinces
    "national_officer": _OFFICER,  # every province
    "admin": frozenset(ACTIONS),  # every province, plus users, mappings, reference data and the audit log
}
UNSCOPED_ROLES = frozenset({"national_officer", "admin"})


@dataclass(frozen=True)
class User:
    username: str
    display_name: str
    role: str
    email: str | None = None
    active: bool = True
    scopes: frozenset[Scope] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Decision:
    allowed: bool
    reason: str  # ok | not_signed_in | inactive | role | scope | no_scope


def decide(
    user: User | None,
    action: str,
    province_code: str | None = None,
    year: int | None = None,
    *,
    view_requires_login: bool = True,
) -> Decision:
    if action not in ACTIONS:
        raise ValueError(f"unknown action {action!r}")
    if user is None:
        ok = action in PUBLIC_ACTIONS and not view_requires_login
        return Decision(ok, "ok" if ok else "not_signed_in")
    if not user.active:
        return Decision(False, "inactive")
    if action not in GRANTS.get(user.role, frozenset()):
        return Decision(False, "role")
    if action not in SCOPED_ACTIONS or user.role in UNSCOPED_ROLES:
        return Decision(True, "ok")
    if province_code is None:  # "may they do this at all?": for some province of theirs
        return Decision(bool(user.scopes), "ok" if user.scopes else "no_scope")
    ok = any(covers(s, province_code, year) for s in user.scopes)
    return Decision(ok, "ok" if ok else "scope")


def can(
    user: User | None,
    action: str,
    province_code: str | None = None,
    year: int | None = None,
    *,
    view_requires_login: bool = True,
) -> bool:
    """May `user` (None: not signed in) take `action`, for `province_code` in `year` if given?"""
    return decide(user, action, province_code, year, view_requires_login=view_requires_login).allowed


class AccessDenied(Exception):
    """Raised by `require`; `message` is for people (Vietnamese by default), `reason` for code."""

    def __init__(
        self, user: User | None, action: str, reason: str, province_code: str | None = None, year: int | None = None
    ):
        self.user, self.action, self.reason = user, action, reason
        self.province_code, self.year = province_code, year
        super().__init__(self.message())

    def message(self) -> str:
        what = t(f"auth.action.{self.action}")
        if self.reason == "not_signed_in":
            return t("auth.denied.not_signed_in", action=what)
        name = self.user.display_name if self.user else ""
        if self.reason == "inactive":
            return t("auth.denied.inactive", name=name)
        if self.reason == "role":
            return t("auth.denied.role", name=name, role=role_label(self.user.role), action=what)
        if self.reason == "no_scope":
            return t("auth.denied.no_scope", name=name, action=what)
        return t(
            "auth.denied.scope",
            name=name,
            action=what,
            scope=scope_text(self.user.scopes),
            province=_province_text(self.province_code, self.year),
        )


def require(
    user: User | None,
    action: str,
    province_code: str | None = None,
    year: int | None = None,
    *,
    view_requires_login: bool = True,
) -> None:
    """`can`, raising AccessDenied with a message that says what is missing."""
    d = decide(user, action, province_code, year, view_requires_login=view_requires_login)
    if not d.allowed:
        raise AccessDenied(user, action, d.reason, province_code, year)


def role_label(role: str) -> str:
    return t(f"auth.role.{role}") if role in ROLES else role


def scope_text(scopes) -> str:
    """'TP. Hồ Chí Minh; Bình Dương (trước 2025)' — scopes as people name them."""
    parts = []
    for s in sorted(scopes):
        p = au.province_by_code(s.era).get(s.code)
        name = p.name if p else s.code
        parts.append(name if s.era == 34 else f"{name} ({t('auth.scope.before_2025')})")
    return "; ".join(parts) or "—"


def _province_text(code: str | None, year: int | None) -> str:
    if code is None:
        return "?"
    if code == au.NATIONAL_CODE:
        return au.NATIONAL_NAME
    name = au.province_name(code, year)
    return t("auth.province_year", name=name, year=year) if year else name
