"""The audit trail of data changes: turns the upload service's actions (etl.actions) and CLI
loads into audit_log entries, written with the caller's connection right after the action.

    prepare (file received and analysed) -> submission.upload, plus submission.reject with the
                                            error codes when the file cannot be confirmed
    confirm / CLI load                   -> submission.confirm (accepted or duplicate) or
                                            submission.reject
    cancel                               -> submission.cancel
    revert                               -> submission.revert
    withdraw                             -> submission.withdraw
    map_label / answer / forget_label    -> mapping.change
    map_label_denied (outside the scope) -> auth.denied"""

from __future__ import annotations

from collections.abc import Callable

from auth import audit
from etl import actions

Where = Callable[[], dict]
_where: Where = dict
_installed = False


def _entries(action: str, d: dict) -> list[tuple[str, str | None, dict]]:
    name = d.get("file_name")
    if action == "prepare":
        out = [("submission.upload", name, d)]
        if not d.get("ok", True):
            out.append(("submission.reject", name, d))
        return out
    if action in ("confirm", "load"):
        kind = "submission.reject" if d.get("status") == "rejected" else "submission.confirm"
        return [(kind, name, d)]
    if action == "cancel":
        return [("submission.cancel", name, d)]
    if action == "revert":
        return [("submission.revert", str(d.get("submission_id")), d)]
    if action == "withdraw":
        return [("submission.withdraw", str(d.get("submission_id")), d)]
    if action == "map_label":
        return [("mapping.change", d.get("label"), d)]
    if action == "answer":  # an officer's answer to a loader question: how to read a row, column or total
        return [("mapping.change", d.get("key"), d)]
    if action == "map_label_denied":
        return [("auth.denied", "map_label", d)]
    if action == "forget_label":
        return [("mapping.change", d.get("label_key"), {**d, "to": None})]
    if action == "theme_keywords":  # an administrator's change to the theme keyword table (issue 20)
        return [("mapping.change", f"theme:{d.get('code')}", d)]
    raise ValueError(f"no audit entry for action {action!r}")  # a new action must be mapped here


def hook(con, action: str, actor: str, details: dict) -> None:
    for kind, target, d in _entries(action, details):
        audit.record(con, actor, kind, target, d, **_where())


def hook_many(con, action: str, actor: str, items: list[dict]) -> None:
    """The entries of several actions in one write (a folder load's group of files)."""
    audit.record_many(
        con,
        [(actor, kind, target, d) for details in items for kind, target, d in _entries(action, details)],
        **_where(),
    )


def install(where: Where | None = None) -> None:
    """Register the hook once per process; `where` supplies ip/session (the page's context)."""
    global _where, _installed
    if where is not None:
        _where = where
    if not _installed:
        actions.on_action(hook, hook_many)
        _installed = True
