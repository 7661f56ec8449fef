"""An administrator's changes to the theme keyword table behind "Địa phương viết gì" and the
briefing slide: the table ships in data/narrative_themes.csv; a change made here is kept in the
warehouse (table narrative_themes) and wins over the CSV row of the same code. Each change is one
transaction and is audited (action 'theme_keywords')."""

from __future__ import annotations

import datetime as dt
import re

import duckdb

from etl.actions import notify
from reference.themes import merged, themes
from warehouse.db import transaction
from warehouse.narratives import theme_overrides
from warehouse.write.narratives import drop_theme, save_theme

_CODE = re.compile(r"^[a-z][a-z0-9_]{1,39}$")


class ThemeError(ValueError):
    """A change that cannot be made; the message is Vietnamese."""


def current(con: duckdb.DuckDBPyConnection) -> list[dict]:
    """The themes in force: code, labels, keywords and where each comes from ('csv' or who changed it)."""
    changed = {r["code"]: r for r in theme_overrides(con)}
    out = []
    for th in merged(changed.values()):
        r = changed.get(th.code)
        source = f"{r['updated_by']} lúc {r['updated_at']:%d/%m/%Y %H:%M}" if r else "data/narrative_themes.csv"
        words = r["keywords"].split("|") if r else _csv_words(th.code)
        out.append(
            {"code": th.code, "label_vi": th.label_vi, "label_en": th.label_en, "keywords": words, "source": source}
        )
    return out


def _csv_words(code: str) -> list[str]:
    import csv

    from reference.themes import THEMES_CSV

    with THEMES_CSV.open(encoding="utf-8", newline="") as f:
        row = next((r for r in csv.DictReader(f) if r["code"] == code), None)
    return [k for k in (row["keywords"].split("|") if row else []) if k.strip()]


def set_theme(
    con: duckdb.DuckDBPyConnection,
    code: str,
    keywords: list[str],
    actor: str,
    *,
    label_vi: str | None = None,
    label_en: str | None = None,
    now: dt.datetime | None = None,
) -> None:
    """Keep `keywords` (none: the theme is turned off) and labels for theme `code`; a new code
    needs its Vietnamese label."""
    if not _CODE.match(code):
        raise ThemeError(f"Mã chủ đề '{code}' không hợp lệ: chữ thường không dấu, số và '_', ví dụ 'an_ninh'.")
    words = [" ".join(k.split()) for k in keywords if k.strip()]
    if any("|" in k for k in words):
        raise ThemeError("Từ khóa không được chứa dấu '|'.")
    known = {th.code: th for th in merged(theme_overrides(con))} | {th.code: th for th in themes()}
    base = known.get(code)
    if base is None and not label_vi:
        raise ThemeError(f"Chủ đề mới '{code}' cần tên tiếng Việt (--label-vi).")
    vi = label_vi or base.label_vi
    en = label_en or (base.label_en if base else vi)
    with transaction(con):
        save_theme(con, code, vi, en, "|".join(words), actor, now or dt.datetime.now())
    notify(con, "theme_keywords", actor, code=code, keywords=words, label_vi=vi)


def reset_theme(con: duckdb.DuckDBPyConnection, code: str, actor: str) -> bool:
    """Back to the CSV's version of the theme; False when it had not been changed."""
    with transaction(con):
        gone = drop_theme(con, code)
    if gone:
        notify(con, "theme_keywords", actor, code=code, keywords=None)
    return gone
