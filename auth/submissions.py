"""Province scope on submitted files, enforced where the data is written, not only on the page.

`enforce(user, analysis)` adds an error to an analysed file that the user may not load (another
province, a national file for a provincial officer): the file is then rejected like any file
with an error — the loader records the rejection with its reason and writes no value. Call it
after the analysis and again after any override of unit or year, right before loading."""

from __future__ import annotations

from auth.roles import AccessDenied, User, decide
from etl.problems import Problem
from reference.i18n import t

CODE = "access.scope"


def provinces_of(analysis) -> list[str]:
    """Every province the file would write values for: its own unit's, and each row unit's."""
    codes = []
    if analysis.unit is not None:
        codes.append(analysis.unit.province_code)
    for v in analysis.values:
        if v.unit.province_code not in codes:
            codes.append(v.unit.province_code)
    return codes


def scope_problem(user: User | None, analysis, action: str = "upload") -> Problem | None:
    """The error that stops `user` from taking `action` on this file, or None."""
    if analysis.year is None or analysis.unit is None:
        return None  # the file is already rejected for not telling its year or unit
    for code in provinces_of(analysis):
        d = decide(user, action, code, analysis.year)
        if not d.allowed:
            message = AccessDenied(user, action, d.reason, code, analysis.year).message()
            return Problem(CODE, "error", message, hint=t("auth.submission.scope_hint"), file=analysis.file_name)
    return None


def enforce(user: User | None, analysis, action: str = "upload") -> bool:
    """Add the scope error to `analysis` if there is one (once); True when the user may go on."""
    problem = scope_problem(user, analysis, action)
    if problem is None:
        return True
    if not any(p.code == CODE for p in analysis.problems):
        analysis.problems.append(problem)
    return False
