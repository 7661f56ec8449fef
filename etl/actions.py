"""The seam between the upload actions and the audit log (issue 7).

Every action of the self-service upload (`prepare`, `confirm`, `cancel`, `map_label`, `revert`)
calls `notify(con, action, actor, **details)` after it has done its work. The audit module
registers a hook with `on_action` (one line at merge) and writes its record with the same
connection; with no hook registered, notify does nothing."""

from __future__ import annotations

from collections.abc import Callable

import duckdb

AuditHook = Callable[[duckdb.DuckDBPyConnection, str, str, dict], None]
_hooks: list[AuditHook] = []


def on_action(hook: AuditHook) -> AuditHook:
    """Register hook(con, action, actor, details); usable as a decorator."""
    _hooks.append(hook)
    return hook


def remove(hook: AuditHook) -> None:
    if hook in _hooks:
        _hooks.remove(hook)


def notify(con: duckdb.DuckDBPyConnection, action: str, actor: str, **details) -> None:
    for hook in list(_hooks):
        hook(con, action, actor, details)
