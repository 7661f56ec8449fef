"""The Ánh xạ nhãn page's reading and acting: every remembered label mapping as people read it,
and removing the ones an admin picks (etl.synonyms, audited as mapping.change)."""

from __future__ import annotations

import pandas as pd

from etl import synonyms
from figures.locale import indicator_label
from reference import admin_units as au
from reference import catalog
from reference.i18n import t
from ui.upload_context import actor
from ui.upload_db import warehouse


def saved() -> list[dict]:
    with warehouse() as con:
        return synonyms.saved(con)


def _indicator(code: str) -> str:
    if code == synonyms.IGNORE:
        return t("auth.mappings.ignored")
    found = catalog.by_code().get(code)
    return indicator_label(code) if found else code


def _province(code, year) -> str:
    if not isinstance(code, str):
        return ""
    if code == au.NATIONAL_CODE:
        return au.NATIONAL_NAME
    return au.province_name(code, None if pd.isna(year) else int(year))


def frame(items: list[dict]) -> pd.DataFrame:
    """One row per remembered mapping, newest first; the key last (it is what removal names)."""
    return pd.DataFrame(
        {
            t("auth.mappings.col.label"): [m["label_text"] or "" for m in items],
            t("auth.mappings.col.indicator"): [_indicator(m["indicator_code"]) for m in items],
            t("auth.mappings.col.by"): [m["created_by"] or "" for m in items],
            t("auth.mappings.col.when"): [
                m["created_at"].strftime("%d/%m/%Y %H:%M") if m["created_at"] else "" for m in items
            ],
            t("auth.mappings.col.file"): [m["file_name"] or "" for m in items],
            t("auth.mappings.col.province"): [_province(m["province_code"], m["year"]) for m in items],
            t("auth.mappings.col.year"): ["" if m["year"] is None else str(m["year"]) for m in items],
            t("auth.mappings.col.key"): [m["label_key"] for m in items],
        }
    )


def remove(keys: list[str]) -> int:
    """Forget the mappings with these keys; how many were there."""
    with warehouse() as con:
        return sum(synonyms.forget(con, k, actor()) for k in keys)
