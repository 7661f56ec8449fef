"""A warehouse that holds only part of the form (a province that sent funding but no
participations, only classes, only events…) is ordinary in the first weeks after the Week: every
page must show what there is and say what is missing, never fail on a chart with nothing to draw
(the funding page used to crash on 'funding per participation' with no participations)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from reference.catalog import typed_codes
from warehouse.db import connect

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGES = ["overview", "map", "classes", "funding", "trend", "status", "table"]
FAMILIES = sorted({c.split(".")[0] for c in typed_codes()})


def one_family_warehouse(db: Path, family: str, province: str = "01", years=(2024,)) -> Path:
    """One province reporting only the indicators of `family` (SQL, a second)."""
    con = connect(db)
    con.register("ind_in", pd.DataFrame({"code": [c for c in typed_codes() if c.split(".")[0] == family]}))
    for year in years:
        con.execute(
            """insert into submission_log (file_hash, file_name, year, unit_code, unit_name, shape, status,
                                           n_values, submitted_by, submitted_at)
               select md5(? || code), 'bao_cao.xlsx', ?, code, name, 'vertical', 'accepted', 0, 'test',
                      make_timestamp(?, 10, 1, 9, 0, 0)
               from provinces where era = 63 and code = ?""",
            [str(year), year, year, province],
        )
        con.execute(
            """insert into current_values
               select ?, p.code, i.code, 7, s.id, 'province', p.code
               from provinces p cross join ind_in i join submission_log s on s.year = ? and s.unit_code = p.code
               where p.era = 63 and p.code = ?""",
            [year, year, province],
        )
    con.execute("checkpoint")
    con.close()
    return db


@pytest.fixture(scope="module")
def family_dbs(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("families")
    return {f: one_family_warehouse(base / f"{f}.duckdb", f) for f in FAMILIES}


@pytest.mark.parametrize("page", PAGES)
def test_every_page_runs_when_the_warehouse_holds_one_family_of_indicators(family_dbs, monkeypatch, page):
    failed = {}
    for family, db in family_dbs.items():
        monkeypatch.setenv("LLW_DB", str(db))
        at = AppTest.from_file(APP, default_timeout=120)
        at.switch_page(f"pages/{page}.py")
        at.run()
        if at.exception:
            failed[family] = at.exception[0].message
    assert not failed, failed


def test_the_deck_builds_from_one_family_of_indicators_with_a_slide_per_chart_that_has_values(family_dbs, tmp_path):
    from click.testing import CliRunner
    from pptx import Presentation

    from etl.__main__ import cli

    for family in ("funding", "classes"):
        out = tmp_path / f"{family}.pptx"
        res = CliRunner().invoke(cli, ["deck", "--year", "2024", "--db", str(family_dbs[family]), "--out", str(out)])
        assert res.exit_code == 0, (family, res.output, res.exception)
        slides = list(Presentation(str(out)).slides)
        assert f"{len(slides)} slide" in res.output  # the count printed is the slides written
        charts = [sh.chart for s in slides[1:] for sh in s.shapes if sh.has_chart]
        assert all(any(v for p in c.plots for ser in p.series for v in ser.values) for c in charts), family


def test_a_deck_with_no_chart_to_draw_is_refused_with_a_message_and_no_file(family_dbs, tmp_path):
    from click.testing import CliRunner

    from etl.__main__ import cli

    out = tmp_path / "participants.pptx"  # participations alone feed a key figure, no chart
    res = CliRunner().invoke(
        cli, ["deck", "--year", "2024", "--db", str(family_dbs["participants"]), "--out", str(out)]
    )
    assert res.exit_code == 2 and "Không có số liệu năm 2024" in res.output and not out.exists()
