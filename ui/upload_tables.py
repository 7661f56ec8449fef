"""Pure builders of the tables the upload and history pages show (DataFrames with translated
column names and Vietnamese number format); no Streamlit here, so tests can call them directly."""

from __future__ import annotations

import json
from collections.abc import Iterable

import pandas as pd

from etl.explain import Reading
from etl.review import ReviewRow
from figures.locale import fmt_int, indicator_label, indicator_unit
from reference.catalog import by_code
from reference.cells import say_position
from reference.i18n import t
from reference.problems import Problem, hint_of, message_of


def _dict(p: Problem | dict) -> dict:
    return p.as_dict() if isinstance(p, Problem) else dict(p)


def problems_frame(problems: Iterable[Problem | dict]) -> pd.DataFrame:
    """Errors first, then questions, then warnings; 'where' is Sheet!Cell as the officer finds it in Excel."""
    rows = []
    for p in map(_dict, problems):
        sev = p.get("severity", "warning")
        where = say_position(p.get("sheet") or "", p.get("cell") or "")
        rows.append(
            {
                t("upload.col.severity"): t(f"upload.severity.{sev}")
                if sev in ("error", "question", "warning")
                else "",
                t("upload.col.where"): where,
                t("upload.col.message"): message_of(p),
                t("upload.col.hint"): hint_of(p),
                "_order": {"error": 0, "question": 1}.get(sev, 2),
            }
        )
    df = pd.DataFrame(
        rows,
        columns=[
            t("upload.col.severity"),
            t("upload.col.where"),
            t("upload.col.message"),
            t("upload.col.hint"),
            "_order",
        ],
    )
    return df.sort_values("_order", kind="stable").drop(columns="_order").reset_index(drop=True)


def messages_frame(messages_json: str | None) -> pd.DataFrame:
    return problems_frame(json.loads(messages_json or "[]"))


def _num(x) -> str:
    return "" if x is None or (isinstance(x, float) and pd.isna(x)) else fmt_int(x)


def review_frame(rows: list[ReviewRow]) -> pd.DataFrame:
    """Every value the file brings (and the ones it leaves as they are), with where it came from."""
    out = []
    for r in rows:
        change = t(f"upload.change.{r.status}")
        if r.status == "changed":
            change = f"{_num(r.current)} → {_num(r.value)}"
        out.append(
            {
                t("upload.col.unit"): r.unit_name,
                t("upload.col.indicator"): r.indicator,
                t("upload.col.change"): change,
                t("upload.col.value"): _num(r.value),
                t("upload.col.current"): _num(r.current),
                t("upload.col.measure"): r.measure,
                t("upload.col.cell"): say_position(r.sheet, r.cell) if r.sheet else "",
                t("upload.col.raw"): r.raw,
                t("upload.col.label"): r.label + (f" {t('upload.derived')}" if r.derived else ""),
            }
        )
    return pd.DataFrame(
        out,
        columns=[
            t(f"upload.col.{c}")
            for c in ("unit", "indicator", "change", "value", "current", "measure", "cell", "raw", "label")
        ],
    )


TAKEN, NOT_TAKEN = "✓", "✗"
GREY = "color: #9a9a9a"


def role_word(kind: str) -> str:
    """A role as a word the officer reads ('dòng cộng nhóm'); an unknown kind as it is."""
    try:
        return t(f"upload.role.{kind}")
    except KeyError:
        return kind


def readings_frame(readings: Iterable[Reading]) -> pd.DataFrame:
    """How the loader read the file: every column, row and value cell with its role and why, and
    whether numbers from it load (✓) or not (✗)."""
    cols = [t(f"upload.reading.col.{c}") for c in ("where", "text", "role", "reason", "taken")]
    rows = [
        (f"{r.sheet}!{r.where}", r.text, role_word(r.role), r.reason, TAKEN if r.taken else NOT_TAKEN) for r in readings
    ]
    return pd.DataFrame(rows, columns=cols)


def grey_not_taken(df: pd.DataFrame):
    """`readings_frame` styled for the page: what does not load is greyed."""
    taken = t("upload.reading.col.taken")
    return df.style.apply(lambda row: [GREY if row[taken] == NOT_TAKEN else ""] * len(row), axis=1)


def history_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The submission log as people read it: translated status, short hash, counted messages."""
    if df.empty:
        return pd.DataFrame()

    def status(row) -> str:
        s = t(f"upload.history.status.{row['status']}")
        if row["kind"] in ("revert", "withdraw"):
            kind = t("upload.history.kind." + row["kind"], id=int(row["reverts_to"]))
            s = f"{s} ({kind})"
        return s

    def counted(messages: str) -> str:
        probs = json.loads(messages or "[]")
        errors = sum(1 for p in probs if p.get("severity") == "error")
        warnings = sum(1 for p in probs if p.get("severity") == "warning")
        parts = []
        if errors:
            parts.append(f"{errors} {t('upload.severity.error').lower()}")
        if warnings:
            parts.append(f"{warnings} {t('upload.severity.warning').lower()}")
        return ", ".join(parts) or (message_of(probs[0]) if probs else "")

    return pd.DataFrame(
        {
            t("upload.history.col.id"): df["id"].map(lambda i: f"#{i}"),
            t("upload.history.col.when"): df["submitted_at"].dt.strftime("%d/%m/%Y %H:%M"),
            t("upload.history.col.who"): df["submitted_by"],
            t("upload.history.col.file"): df["file_name"],
            t("upload.history.col.year"): df["year"].map(lambda y: "" if pd.isna(y) else str(int(y))),
            t("upload.history.col.unit"): df["unit_name"].fillna(""),
            t("upload.history.col.status"): df.apply(status, axis=1),
            t("upload.history.col.n_values"): df["n_values"].map(fmt_int),
            t("upload.history.col.messages"): df["messages"].map(counted),
            t("upload.history.col.hash"): df["file_hash"].str[:16] + "…",
        }
    )


def values_frame(df: pd.DataFrame) -> pd.DataFrame:
    """Values of one submission with their labels, cells and whether they are current now."""
    if df.empty:
        return pd.DataFrame()
    catalog = by_code()
    return pd.DataFrame(
        {
            t("upload.col.unit"): df["unit_name"],
            # the catalog's label and unit in the reader's language (the query gives Vietnamese)
            t("upload.col.indicator"): [
                indicator_label(c) if c in catalog else name
                for c, name in zip(df["indicator_code"], df["indicator"], strict=True)
            ],
            t("upload.col.measure"): [
                indicator_unit(c) if c in catalog else (m if isinstance(m, str) else "")
                for c, m in zip(df["indicator_code"], df["measure"], strict=True)
            ],
            t("upload.col.value"): df["value"].map(fmt_int),
            t("upload.col.cell"): [say_position(s, c) for s, c in zip(df["sheet"].fillna(""), df["cell"].fillna(""))],
            t("upload.col.raw"): df["raw_text"].fillna(""),
            t("upload.col.label"): df["label"].fillna(""),
            t("upload.history.col.is_current"): df["is_current"].map(lambda b: "✓" if b else ""),
        }
    )
