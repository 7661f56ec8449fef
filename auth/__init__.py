"""Accounts, roles and the audit log (issue 7). No Streamlit here: the CLI (`python -m etl users`),
the upload and history services and the pages (through `ui/auth.py`) all use these modules.

    roles     who may do what: `can(user, action, province_code, year)`, `require(...)`
    passwords argon2id hashing, rehash on login, dummy verification for unknown users
    settings  access settings (view_requires_login, lockout, session expiry, OIDC policy)
    store     the SQL of users, province scopes and settings
    accounts  create / change role / grant / disable / reset / unlock, each audited
    signin    local and OpenID Connect sign-in, lockout
    session   session expiry (idle and absolute), pure
    audit     the append-only, hash-chained audit log: `record(con, actor, action, target, details)`
    sanitize  neutralise spreadsheet formulas and escape markdown/HTML built from submitted text
    cli       `python -m etl users ...`"""

from auth.roles import ACTIONS, ROLES, AccessDenied, Scope, User, can, require

__all__ = ["ACTIONS", "ROLES", "AccessDenied", "Scope", "User", "can", "require"]
