"""Access settings: defaults in code, overrides in the warehouse table `auth_settings`.

Every setting has a type and a check, so a bad value is refused when it is set (CLI or admin
page), not discovered at sign-in."""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

from auth.passwords import HashParams
from reference.i18n import t

OIDC_UNKNOWN_EMAIL = ("refuse", "viewer")


@dataclass(frozen=True)
class Settings:
    view_requires_login: bool = False  # viewing the dashboard needs an account
    lockout_attempts: int = 5  # failed sign-ins in a row that lock an account...
    lockout_minutes: int = 15  # ...for this long
    address_attempts: int = 10  # failed sign-ins from one client address within...
    address_minutes: int = 15  # ...this many minutes block that address for as long
    idle_minutes: int = 30  # a session ends after this long without a page run
    session_hours: int = 8  # and at the latest this long after sign-in
    password_min_length: int = 10
    oidc_unknown_email: str = "refuse"  # an OIDC e-mail with no account: 'refuse' or 'viewer'
    argon2_time_cost: int = 3
    argon2_memory_kib: int = 65536
    argon2_parallelism: int = 4

    @property
    def hash_params(self) -> HashParams:
        return HashParams(self.argon2_time_cost, self.argon2_memory_kib, self.argon2_parallelism)


KEYS = tuple(f.name for f in fields(Settings))
_LIMITS = {
    "lockout_attempts": (1, 100),
    "lockout_minutes": (1, 7 * 24 * 60),
    "address_attempts": (3, 1000),
    "address_minutes": (1, 24 * 60),
    "idle_minutes": (1, 24 * 60),
    "session_hours": (1, 24 * 30),
    "password_min_length": (8, 128),
    "argon2_time_cost": (1, 20),
    "argon2_memory_kib": (8 * 1024, 4 * 1024 * 1024),
    "argon2_parallelism": (1, 64),
}


def parse_value(key: str, text: str):
    """The typed value of setting `key` given as text; ValueError with a Vietnamese message."""
    if key not in KEYS:
        raise ValueError(t("auth.setting.unknown", name=key, keys=", ".join(KEYS)))
    default = getattr(Settings(), key)
    text = str(text).strip()
    if isinstance(default, bool):
        low = text.lower()
        if low in ("1", "true", "yes", "on", "có"):
            return True
        if low in ("0", "false", "no", "off", "không"):
            return False
        raise ValueError(t("auth.setting.bad_bool", name=key))
    if isinstance(default, int):
        lo, hi = _LIMITS[key]
        try:
            n = int(text)
        except ValueError:
            raise ValueError(t("auth.setting.bad_int", name=key, lo=lo, hi=hi)) from None
        if not lo <= n <= hi:
            raise ValueError(t("auth.setting.bad_int", name=key, lo=lo, hi=hi))
        return n
    if key == "oidc_unknown_email" and text not in OIDC_UNKNOWN_EMAIL:
        raise ValueError(t("auth.setting.bad_choice", name=key, choices=", ".join(OIDC_UNKNOWN_EMAIL)))
    return text


def from_rows(rows: dict[str, str]) -> Settings:
    """Settings from stored text values; a stored value that no longer parses keeps the default."""
    values = {}
    for k, v in rows.items():
        if k in KEYS:
            try:
                values[k] = parse_value(k, v)
            except ValueError:
                continue
    return replace(Settings(), **values)


def as_text(value) -> str:
    return ("true" if value else "false") if isinstance(value, bool) else str(value)
