"""A signed-in session and when it ends: after `idle_minutes` without activity, and at the latest
`session_hours` after sign-in. Pure: the caller passes the time, so tests need no sleeping."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, replace

from auth.settings import Settings


@dataclass(frozen=True)
class Session:
    username: str
    method: str  # password | oidc
    started_at: dt.datetime
    last_seen: dt.datetime
    id: str  # random; written to the audit log so the entries of one session can be read together


def new_id() -> str:
    return secrets.token_hex(8)


def start(username: str, method: str, now: dt.datetime, session_id: str | None = None) -> Session:
    return Session(username, method, now, now, session_id or new_id())


def end_reason(s: Session, now: dt.datetime, settings: Settings) -> str | None:
    """'absolute' or 'idle' when the session is over, else None."""
    if now - s.started_at >= dt.timedelta(hours=settings.session_hours):
        return "absolute"
    if now - s.last_seen >= dt.timedelta(minutes=settings.idle_minutes):
        return "idle"
    return None


def touch(s: Session, now: dt.datetime) -> Session:
    return replace(s, last_seen=max(s.last_seen, now))
