"""The sub-unit index (every district and commune by key) is kept in a file between runs: what is
read back must be exactly what is built from the package's data, whatever state the file is in."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from etl import units as U
from reference import admin_units as au


@pytest.fixture
def fresh(tmp_path, monkeypatch):
    """A process state with no index loaded and an empty cache folder of its own."""
    monkeypatch.setenv("LLW_CACHE_DIR", str(tmp_path / "cache"))
    saved = dict(U._ERA_INDEX)
    U._ERA_INDEX.clear()
    U.match_sub_unit.cache_clear()
    yield tmp_path / "cache"
    U._ERA_INDEX.clear()
    U._ERA_INDEX.update(saved)
    U.match_sub_unit.cache_clear()


def _no_build(*_a):
    raise AssertionError("built again instead of read from the file")


def _built(era: int) -> dict:
    """The index built from the package's rows, province by province, without any file."""
    return {p.code: U._build_province_index(U._era_rows(era).get(p.code, ())) for p in au.provinces(era)}


@pytest.mark.parametrize("era", [63, 34])
def test_the_index_read_from_its_file_equals_the_one_built(fresh, era):
    U.preload_sub_units((era,))  # built, and written
    assert U.cache_file(era).exists()
    U._ERA_INDEX.clear()
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(U, "_built_era_index", _no_build)
        U.preload_sub_units((era,))  # read from the file
    built = _built(era)
    assert {p: U._province_index(p, era) for p in built} == built
    # a unit reached by its exact and its folded keys is one object, as when built
    idx = U._province_index("01" if era == 63 else "79", era)["district" if era == 63 else "commune"]
    some = next(iter(idx.exact.values()))
    assert any(u is some for u in idx.folded.values())


NAMES = [
    ("Quận Ba Đình", "01", 63),
    ("huyen soc son", "01", 63),
    ("Xã Tân Lập", "01", 63),
    ("Phường Sài Gòn", "79", 34),
    ("xa ba diem", "79", 34),
    ("Không có xã này", "79", 34),
]


def test_matching_is_the_same_from_a_built_and_from_a_read_index(fresh, monkeypatch):
    built = [U.match_sub_unit(n, p, e) for n, p, e in NAMES]  # first use: built
    U._ERA_INDEX.clear()
    U.match_sub_unit.cache_clear()
    monkeypatch.setattr(U, "_built_era_index", _no_build)
    assert [U.match_sub_unit(n, p, e) for n, p, e in NAMES] == built  # read from the file
    assert built[0].code == "001" and built[3] is not None and built[-1] is None


@pytest.mark.parametrize("damage", ["cut short", "one byte changed", "not an index"])
def test_a_damaged_cache_file_is_built_again(fresh, damage):
    U.preload_sub_units((34,))
    path = U.cache_file(34)
    whole = path.read_bytes()
    if damage == "cut short":  # as by a full disk
        path.write_bytes(whole[:1000])
    elif damage == "one byte changed":  # as by a bad sector: marshal would read it without a word
        middle = len(whole) // 2
        path.write_bytes(whole[:middle] + bytes([whole[middle] ^ 1]) + whole[middle + 1 :])
    else:
        path.write_bytes(b"x" * 40)
    U._ERA_INDEX.clear()
    U.preload_sub_units((34,))
    assert U._ERA_INDEX[34] == _built(34)
    assert path.read_bytes() == whole  # rewritten whole


def test_an_index_made_by_other_code_is_not_read(fresh, monkeypatch):
    U.preload_sub_units((34,))
    first = U.cache_file(34)
    monkeypatch.setattr(U, "_CACHE_FORMAT", b"sub-unit index 999")
    second = U.cache_file(34)
    assert second != first
    week_ago = time.time() - 8 * 86400
    os.utime(first, (week_ago, week_ago))
    other = first.with_name("sub_units_34_0123456789abcdef0123.marshal")  # another checkout's, in use
    other.write_bytes(b"")
    leftover = first.with_name(first.name + ".4242.part")  # a write that was killed
    leftover.write_bytes(b"")
    os.utime(leftover, (week_ago, week_ago))
    U._ERA_INDEX.clear()
    U.preload_sub_units((34,))
    assert second.exists()
    assert not first.exists() and not leftover.exists()  # stale files do not pile up
    assert other.exists()


def test_a_cache_folder_that_cannot_be_made_only_costs_time(fresh, tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("LLW_CACHE_DIR", str(blocker / "cache"))
    U.preload_sub_units((34,))
    assert U._ERA_INDEX[34] == _built(34)
    assert blocker.read_text() == "not a folder"


def test_no_home_folder_only_costs_time(fresh, monkeypatch):
    """A service account without a home (HOME unset, no passwd entry) still matches units."""
    monkeypatch.delenv("LLW_CACHE_DIR")
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)

    def no_home():
        raise RuntimeError("Could not determine home directory.")

    monkeypatch.setattr(Path, "home", staticmethod(no_home))
    assert U.match_sub_unit("Quận Ba Đình", "01", 63).code == "001"
