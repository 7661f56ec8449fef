"""Who is using the upload pages and what they may load: the signed-in
account (ui.auth) gives the actor written to the submission and audit logs, and the provinces a
data officer may load (their scopes; None for national officers and admins)."""

from __future__ import annotations

from auth.roles import UNSCOPED_ROLES
from reference.scopes import ScopeSet
from ui import auth as ui_auth


def actor() -> str:
    return ui_auth.actor()


def allowed_provinces() -> ScopeSet | None:
    user = ui_auth.current_user()
    if user is None or user.role in UNSCOPED_ROLES:
        return None  # the page's gate() has already refused anyone who may not upload
    return user.scopes
