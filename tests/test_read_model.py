"""Issue 18, one read model: the deck page (quick set, then every chart to pick from) and
`python -m etl deck` read the warehouse's snapshot once per data version, not once per builder
(before: 10 reads for the page's pick mode, 3 for the command)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from streamlit.testing.v1 import AppTest

from warehouse.db import copy_store
from warehouse.snapshot import Snapshot

PAGE = str(Path(__file__).resolve().parents[1] / "pages" / "deck.py")


@pytest.fixture
def loads(monkeypatch) -> list[int]:
    """Every Snapshot made (each one is a read of the whole province_values view)."""
    made: list[int] = []
    real = Snapshot.__init__

    def counting(self, *args, **kwargs):
        made.append(1)
        real(self, *args, **kwargs)

    monkeypatch.setattr(Snapshot, "__init__", counting)
    return made


@pytest.fixture
def fresh_db(demo_db_master, tmp_path, monkeypatch) -> Path:
    """A copy of the demo warehouse no cache has seen (a new path is a new data version)."""
    db = tmp_path / "w.duckdb"
    copy_store(demo_db_master, db)
    monkeypatch.setenv("LLW_DB", str(db))
    return db


def test_deck_page_reads_the_snapshot_once(fresh_db, loads):
    at = AppTest.from_file(PAGE, default_timeout=120).run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("download_button")) > 1  # the quick set was built
    at.radio(key="deck_choice").set_value("pick").run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.multiselect(key="deck_pick").options) > 5  # every dashboard chart was built
    assert len(loads) == 1


def test_cli_deck_reads_the_snapshot_once(fresh_db, loads, tmp_path):
    from exports.cli import deck

    out = tmp_path / "deck.pptx"
    res = CliRunner().invoke(deck, ["--year", "2024", "--db", str(fresh_db), "--out", str(out)])
    assert res.exit_code == 0, res.output
    assert out.stat().st_size > 0
    assert len(loads) == 1
