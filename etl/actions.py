"""The seam between the upload actions and the audit log (issue 7).

Every action of the self-service upload (`prepare`, `confirm`, `cancel`, `map_label`, `revert`)
calls `notify(con, action, actor, **details)` after it has done its work. The audit module
registers a hook with `on_action` (one line at merge) and writes its record with the same
connection; with no hook registered, notify does nothing."""

from __future__ import annotations

from collections.abc import Callable

import duckdb

AuditHook = Callable[[duckdb.DuckDBPyConnection, str, str, dict], None]
ManyHook = Callable[[duckdb.DuckDBPyConnection, str, str, list[dict]], None]
_hooks: list[AuditHook] = []
_many: dict[AuditHook, ManyHook] = {}


def on_action(hook: AuditHook, many: ManyHook | None = None) -> AuditHook:
    """Register hook(con, action, actor, details); usable as a decorator. `many`, if given, records
    a batch of the same action at once (a folder load: one write for the whole group of files)."""
    _hooks.append(hook)
    if many is not None:
        _many[hook] = many
    return hook


def remove(hook: AuditHook) -> None:
    if hook in _hooks:
        _hooks.remove(hook)
    _many.pop(hook, None)


def notify(con: duckdb.DuckDBPyConnection, action: str, actor: str, **details) -> None:
    for hook in list(_hooks):
        hook(con, action, actor, details)


def notify_many(con: duckdb.DuckDBPyConnection, action: str, actor: str, items: list[dict]) -> None:
    """`notify` for several actions of one kind, in order."""
    if not items:
        return
    for hook in list(_hooks):
        many = _many.get(hook)
        if many is not None:
            many(con, action, actor, items)
        else:
            for details in items:
                hook(con, action, actor, details)
