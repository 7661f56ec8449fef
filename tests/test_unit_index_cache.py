"""The sub-unit index a folder load preloads (and keeps on disk between runs) must be exactly the
one built province by province, whatever state its file is in."""

from __future__ import annotations

import pytest

from etl import units as U
from reference import admin_units as au


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A process state with nothing preloaded and an empty cache folder of its own."""
    monkeypatch.setenv("LLW_CACHE_DIR", str(tmp_path / "cache"))
    saved = dict(U._PRELOADED)
    U._PRELOADED.clear()
    U._province_index.cache_clear()
    U.match_sub_unit.cache_clear()
    yield tmp_path / "cache"
    U._PRELOADED.clear()
    U._PRELOADED.update(saved)
    U._province_index.cache_clear()
    U.match_sub_unit.cache_clear()


def _built_one_by_one(era: int) -> dict:
    return {p.code: U._build_province_index(U._era_rows(era).get(p.code, ())) for p in au.provinces(era)}


@pytest.mark.parametrize("era", [63, 34])
def test_preloaded_index_from_disk_equals_the_one_built_per_province(fresh, era):
    U.preload_sub_units((era,))
    assert U.cache_file(era).exists()
    U._PRELOADED.clear()
    U.preload_sub_units((era,))  # this time read from the file
    built = _built_one_by_one(era)
    assert {p: U._province_index(p, era) for p in built} == built
    # a unit shared by its exact and folded keys is one object, as when built
    idx = U._province_index("01" if era == 63 else "79", era)["district" if era == 63 else "commune"]
    some = next(iter(idx.exact.values()))
    assert any(u is some for u in idx.folded.values())


def test_matching_is_the_same_with_and_without_the_preloaded_index(fresh):
    names = [("Quận Ba Đình", "01", 63), ("huyen soc son", "01", 63), ("Xã Tân Lập", "01", 63),
             ("Phường Sài Gòn", "79", 34), ("xa ba diem", "79", 34), ("Không có xã này", "79", 34)]
    lazy = [U.match_sub_unit(n, p, e) for n, p, e in names]
    U.match_sub_unit.cache_clear()
    U.preload_sub_units()
    assert [U.match_sub_unit(n, p, e) for n, p, e in names] == lazy
    assert lazy[0].code == "001" and lazy[3] is not None and lazy[-1] is None


def test_a_damaged_cache_file_is_built_again(fresh):
    U.preload_sub_units((34,))
    path = U.cache_file(34)
    path.write_bytes(path.read_bytes()[:1000])  # cut short, as by a full disk
    U._PRELOADED.clear()
    U.preload_sub_units((34,))
    assert U._PRELOADED[34] == _built_one_by_one(34)
    assert len(path.read_bytes()) > 1000  # rewritten whole


def test_an_index_made_by_other_code_is_not_read(fresh, monkeypatch):
    U.preload_sub_units((34,))
    first = U.cache_file(34)
    monkeypatch.setattr(U, "_CACHE_FORMAT", b"sub-unit index 999")
    second = U.cache_file(34)
    assert second != first
    U._PRELOADED.clear()
    U.preload_sub_units((34,))
    assert second.exists() and not first.exists()  # the stale file is removed, not left to pile up


def test_a_cache_folder_that_cannot_be_made_only_costs_time(fresh, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("LLW_CACHE_DIR", str(blocker / "cache"))
    U.preload_sub_units((34,))
    assert U._PRELOADED[34] == _built_one_by_one(34)
    assert blocker.read_text() == "not a folder"
