"""Reporting status of a year: who reported, when, on time or late against the deadline, who has
not, and how complete each province's figures are; plus its chart. Pure: frames in, frames out."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from figures.locale import fmt_int
from figures.spec import ChartSpec
from reference.i18n import t, table
from reference.vntext import collate_key

STATUSES = ("on_time", "late", "reported", "rejected_only", "missing")


def classify(status: pd.DataFrame, deadline: dt.date | None) -> pd.DataFrame:
    """Adds `status` (one of STATUSES), `days_late` and `completeness` (0–1) to
    warehouse.queries.reporting_status rows; provinces in Vietnamese order."""
    out = status.copy()
    first = pd.to_datetime(out["first_accepted"])
    days = []
    states = []
    for f, n_acc, n_rej in zip(first, out["n_accepted"], out["n_rejected"], strict=True):
        if n_acc == 0 or pd.isna(f):
            states.append("rejected_only" if n_rej else "missing")
            days.append(None)
        elif deadline is None:
            states.append("reported")
            days.append(None)
        else:
            late = (f.date() - deadline).days
            states.append("late" if late > 0 else "on_time")
            days.append(max(late, 0))
    out["status"] = states
    out["days_late"] = pd.array(days, dtype="Int64")
    out["completeness"] = out["n_filled"] / out["n_catalog"]
    order = sorted(range(len(out)), key=lambda i: collate_key(str(out["province_name"].iloc[i])))
    return out.iloc[order].reset_index(drop=True)


def summary(classified: pd.DataFrame) -> dict[str, int]:
    counts = classified["status"].value_counts()
    got = {s: int(counts.get(s, 0)) for s in STATUSES}
    got["reported_total"] = got["on_time"] + got["late"] + got["reported"]
    got["total"] = len(classified)
    return got


def recent_table(recent: pd.DataFrame, with_accounts: bool = False) -> pd.DataFrame:
    """Latest submissions (warehouse.queries.recent_submissions) as the page shows them: status
    in words, empty cells empty (not "None"), and the account that loaded a file only for
    signed-in people: the public page names the unit, never a person."""

    def status(code) -> str:
        key = f"upload.history.status.{code}"
        return t(key) if key in table() else str(code)

    out = {
        t("upload.history.col.when"): recent["submitted_at"].map(
            lambda v: "" if pd.isna(v) else v.strftime("%d/%m/%Y %H:%M")
        ),
        t("upload.history.col.file"): recent["file_name"].fillna(""),
        t("upload.history.col.year"): recent["year"].map(lambda y: "" if pd.isna(y) else str(int(y))),
        t("upload.history.col.unit"): recent["unit_name"].fillna("—"),
        t("upload.history.col.status"): recent["status"].map(status),
        t("upload.history.col.n_values"): recent["n_values"].map(lambda n: "" if pd.isna(n) else fmt_int(n)),
    }
    if with_accounts:
        out[t("upload.history.col.who")] = recent["submitted_by"].fillna("")
    return pd.DataFrame(out, index=recent.index).reset_index(drop=True)


def completeness_spec(classified: pd.DataFrame, year: int, demo: bool = False) -> ChartSpec:
    """Share of catalog indicators each province's figures fill, lowest first."""
    d = classified.sort_values(["completeness", "province_name"])
    data = pd.DataFrame(
        {
            "category": d["province_name"],
            "series": "",
            "value": d["completeness"].astype(float),
            "province_code": d["province_code"],
            "n_filled": d["n_filled"],
            "status": d["status"].map(lambda s: t(f"dash.status.{s}")),
        }
    )
    return ChartSpec(
        slug="muc-day-du-bao-cao",
        title=t("dash.status.chart_title", year=year),
        kind="hbar",
        data=data.reset_index(drop=True),
        category_label=t("dash.label.province"),
        value_label=t("dash.status.col_completeness"),
        year=year,
        percent=True,
        filters=t("dash.filters.year", year=year),
        demo=demo,
    )
