"""The demo submission generator: files, determinism, shapes, expected values, encodings."""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections import Counter, defaultdict
from pathlib import Path

import pytest
from python_calamine import CalamineWorkbook

from etl import demo_files as demo
from etl.demo_files import (
    CLASS_TYPES,
    EXPECTED_COLUMNS,
    MONEY_UNITS,
    encode_cp1258,
    from_tcvn3,
    to_tcvn3,
    write_demo_submissions,
)

YEARS = (2024, 2025)
NAME_RE = re.compile(
    r"^(\d{4})_(\d{2})_([A-Za-z0-9]+)_(bieu_doc|tong_hop_huyen|tong_hop_xa|TCVN3|bieu_2cot)"
    r"\.(xlsx|xls|csv)$"
)


@pytest.fixture(scope="module")
def written(tmp_path_factory):
    out = tmp_path_factory.mktemp("demo")
    paths = write_demo_submissions(out, years=YEARS, seed=2024)
    return out, paths


@pytest.fixture(scope="module")
def expected(written):
    out, _ = written
    with open(out / "expected.csv", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _by_file(rows) -> dict[str, dict[str, int]]:
    out: dict[str, dict[str, int]] = defaultdict(dict)
    for r in rows:
        out[r["file"]][r["indicator_code"]] = int(r["value"])
    return out


# --- encoders ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, legacy",
    [
        ("Hà Nội", "Hµ Néi"),
        ("Sở Giáo dục và Đào tạo", "Së Gi¸o dôc vµ §µo t¹o"),
        ("Số lượng", "Sè l\xadîng"),
        ("Đơn vị tính", "§¬n vÞ tÝnh"),
        ("Lớp ngoại ngữ", "Líp ngo¹i ng÷"),
        ("Tuần lễ hưởng ứng học tập suốt đời", "TuÇn lÔ h\xadëng øng häc tËp suèt ®êi"),
    ],
)
def test_tcvn3_known_words(text, legacy):
    assert to_tcvn3(text) == legacy
    assert from_tcvn3(legacy) == text


def test_tcvn3_capitals_use_lower_case_codes():
    assert to_tcvn3("UBND TỈNH LÀO CAI") == "UBND TØNH LµO CAI"
    assert to_tcvn3("ĐÂU Ă Ê Ô Ơ Ư") == "§¢U ¡ £ ¤ ¥ ¦"
    assert all(ord(c) < 256 for c in to_tcvn3("Bảng tổng hợp số liệu năm 2023: ữ ỹ ỵ ặ ậ ệ ộ ợ ự"))


def test_cp1258_decomposes_tones():
    assert encode_cp1258("Tỉnh/Thành phố") == b"Ti\xd2nh/Tha\xccnh ph\xf4\xec"
    assert encode_cp1258("Thành", decompose_all=False) == b"Th\xe0nh"
    text = "Lớp xóa mù chữ, giáo dục tiếp tục sau khi biết chữ; Đắk Lắk; Ưu tiên"
    for mode in (True, False):
        back = encode_cp1258(text, decompose_all=mode).decode("cp1258")
        assert unicodedata.normalize("NFC", back) == text


# --- files and plan ---------------------------------------------------------------------------


def test_files_written_in_load_order(written):
    out, paths = written
    assert len(paths) == 63 + 34
    assert all(p.parent == out and p.is_file() and p.stat().st_size > 0 for p in paths)
    keys = []
    for p in paths:
        m = NAME_RE.match(p.name)
        assert m, p.name
        keys.append((int(m.group(1)), m.group(2)))
    assert keys == sorted(keys)
    per_year = Counter(y for y, _ in keys)
    assert per_year == {2024: 63, 2025: 34}
    assert (out / "expected.csv").is_file() and out / "expected.csv" not in paths


def test_file_names_follow_reference(written):
    _, paths = written
    names = {p.name for p in paths}
    assert "2024_49_QuangNam_" in " ".join(names)
    assert any(n.startswith("2024_79_TPHoChiMinh_") for n in names)
    assert any(n.startswith("2025_48_DaNang_") for n in names)
    assert not any(n.startswith("2025_49_") for n in names)  # Quảng Nam merged into Đà Nẵng


def test_all_shapes_appear_with_a_realistic_mix(written):
    _, paths = written
    kinds = Counter(NAME_RE.match(p.name).group(4) for p in paths)
    assert set(kinds) == {"bieu_doc", "tong_hop_huyen", "tong_hop_xa", "TCVN3", "bieu_2cot"}
    shares = {k: n / len(paths) for k, n in kinds.items()}
    assert 0.45 < shares["bieu_doc"] < 0.65
    assert 0.18 < (kinds["tong_hop_huyen"] + kinds["tong_hop_xa"]) / len(paths) < 0.32
    assert 0.05 < shares["TCVN3"] < 0.15 and 0.05 < shares["bieu_2cot"] < 0.15
    assert not any(n.startswith("2024_") for n in (p.name for p in paths) if "tong_hop_xa" in n)
    # formats match the shapes: xlsx is a zip, xls an OLE2 file, csv text
    for p in paths:
        head = p.read_bytes()[:8]
        if p.suffix == ".xlsx":
            assert head[:2] == b"PK"
        elif p.suffix == ".xls":
            assert head == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def test_deterministic_and_independent_of_other_years(written, tmp_path):
    out, paths = written
    again = write_demo_submissions(tmp_path / "a", years=[2025], seed=2024)
    first = [p for p in paths if p.name.startswith("2025_")]
    assert [p.name for p in again] == [p.name for p in first]
    for a, b in zip(first, again, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name
    other = write_demo_submissions(tmp_path / "b", years=[2025], seed=7)
    assert (tmp_path / "b" / "expected.csv").read_bytes() != (tmp_path / "a" / "expected.csv").read_bytes()
    assert len(other) == 34


def test_province_filter_follows_mergers(tmp_path):
    paths = write_demo_submissions(tmp_path, years=[2024, 2025], provinces=["49"])
    assert [p.name.split("_")[:2] for p in paths] == [["2024", "49"], ["2025", "48"]]


def test_plan_matches_files(written):
    _, paths = written
    plan = demo.demo_plan(years=YEARS, seed=2024)
    assert [f.name for f in plan] == [p.name for p in paths]


# --- expected.csv -----------------------------------------------------------------------------


def test_expected_format(written, expected):
    out, paths = written
    with open(out / "expected.csv", encoding="utf-8") as fh:
        assert fh.readline().strip() == ",".join(EXPECTED_COLUMNS)
    files = {p.name for p in paths}
    assert {r["file"] for r in expected} == files
    typed = set(demo.catalog())
    for r in expected:
        assert r["indicator_code"] in typed
        assert re.fullmatch(r"\d+", r["value"]), r  # non-negative integers
        assert r["province_code"] == r["file"][5:7] and r["year"] == r["file"][:4]
    seen = Counter((r["file"], r["indicator_code"]) for r in expected)
    assert max(seen.values()) == 1


def test_expected_is_internally_consistent(expected):
    for name, v in _by_file(expected).items():
        classes = sum(v.get(f"classes.{t}.classes", 0) for t in CLASS_TYPES)
        learners = sum(v.get(f"classes.{t}.learners", 0) for t in CLASS_TYPES)
        for t in (*CLASS_TYPES, "online"):
            assert v[f"classes.{t}.learners"] >= v[f"classes.{t}.classes"], (name, t)
            if v[f"classes.{t}.classes"] == 0:
                assert v[f"classes.{t}.learners"] == 0
            if v[f"classes.{t}.classes"]:
                assert 8 <= v[f"classes.{t}.learners"] / v[f"classes.{t}.classes"] <= 60, (name, t)
        assert v["classes.online.classes"] <= classes, name
        assert v["classes.online.learners"] <= learners, name
        assert v["participants.total"] > learners, name
        for e in ("seminars", "contests"):
            if f"events.{e}.count" in v:
                assert v[f"events.{e}.participants"] >= v[f"events.{e}.count"]
        assert v["ceremony.attendees"] >= v["ceremony.events"]
        for m in ("funding.state_budget", "funding.socialized"):
            assert 10**8 <= v[m] <= 10**11 and v[m] % 1000 == 0, (name, m, v[m])
        if "support.scholarships" in v:
            assert (v["support.scholarships"] > 0) == (v["support.scholarship_value"] > 0)
            each = v["support.scholarship_value"] / v["support.scholarships"]
            assert 100_000 <= each <= 5_000_000, (name, each)
        if not name.endswith("_tong_hop_huyen.xlsx") and not name.endswith("_tong_hop_xa.xlsx"):
            assert set(v) == set(demo.catalog()), name  # vertical forms carry every indicator


def test_socialised_funding_often_larger(expected):
    v = _by_file(expected)
    larger = sum(x["funding.socialized"] > x["funding.state_budget"] for x in v.values())
    assert larger / len(v) > 0.5


def test_2025_provinces_continue_their_predecessors():
    """A merged province's 2025 model value is the sum of its predecessors' trend."""
    for code, olds in (("48", ["48", "49"]), ("79", ["74", "77", "79"]), ("01", ["01"])):
        merged = demo.province_values(code, 2025)
        parts = [demo._province_values(o, 2025, 2024) for o in olds]
        for k in ("classes.knowledge.classes", "participants.total", "funding.state_budget"):
            assert merged[k] == sum(p[k] for p in parts)
        before = sum(demo.province_values(o, 2024)["participants.total"] for o in olds)
        assert 0.7 < merged["participants.total"] / before < 1.5


def test_covid_dip():
    for code in ("01", "26", "96"):
        v = {y: demo.province_values(code, y) for y in (2019, 2021, 2023)}
        assert v[2021]["ceremony.events"] < v[2019]["ceremony.events"]
        assert v[2021]["classes.online.classes"] > v[2019]["classes.online.classes"]


# --- the files say what expected.csv says -------------------------------------------------------


def _num(x) -> int | None:
    if x is None or x == "":
        return None
    if isinstance(x, (int, float)):
        return int(x)
    x = str(x).strip()
    if x == "-":
        return 0
    return int(x.replace(".", ""))


def _grid(path: Path) -> list[list]:
    if path.suffix == ".csv":
        data = path.read_bytes()
        text = data[3:].decode("utf-8") if data.startswith(b"\xef\xbb\xbf") else data.decode("cp1258")
        return list(csv.reader(io.StringIO(unicodedata.normalize("NFC", text))))
    wb = CalamineWorkbook.from_path(str(path))
    rows = wb.get_sheet_by_name(wb.sheet_names[0]).to_python()
    if path.suffix == ".xls":
        # legacy cells are all Latin-1; cells copied from a Unicode template are not
        rows = [
            [from_tcvn3(c) if isinstance(c, str) and all(ord(ch) < 256 for ch in c) else c for c in r] for r in rows
        ]
    return rows


def test_vertical_files_hold_expected_money_and_totals(written, expected):
    _, paths = written
    exp = _by_file(expected)
    checked = 0
    for p in paths:
        if "tong_hop" in p.name:
            continue
        grid = _grid(p)
        v = exp[p.name]
        section = None
        money_rows = []
        for row in grid:
            row = list(row) + [""] * 6
            if row[0] in ("I", "II", "III", "IV", "V", "VI"):
                section = row[0]
            if row[0] == "VI":
                assert _num(row[3]) == v["participants.total"], p.name
            if section == "V" and row[0] in (1, 1.0, "1", 2, 2.0, "2"):
                factor = MONEY_UNITS[row[2]]
                money_rows.append(_num(row[3]) * factor)
        assert money_rows == [v["funding.state_budget"], v["funding.socialized"]], p.name
        checked += 1
    assert checked > 50


def test_wide_tables_total_row_is_the_sum(written, expected):
    _, paths = written
    exp = _by_file(expected)
    wide = [p for p in paths if "tong_hop" in p.name]
    assert wide
    for p in wide:
        grid = _grid(p)
        header = next(i for i, r in enumerate(grid) if r and r[0] == "STT")
        merged = (
            CalamineWorkbook.from_path(str(p))
            .get_sheet_by_name(CalamineWorkbook.from_path(str(p)).sheet_names[0])
            .merged_cell_ranges
        )
        assert any(a[0] == header and b[0] == header and b[1] > a[1] for a, b in merged), p.name
        statement = " ".join(str(r[0]) for r in grid[:header])
        factor = next(f for u, f in sorted(MONEY_UNITS.items(), key=lambda kv: -len(kv[0])) if u in statement)
        body = [r for r in grid[header + 2 :] if r and r[1] and r[0] not in ("A",)]
        totals = [r for r in body if r[0] in ("", None)]
        units = [r for r in body if r[0] not in ("", None)]
        assert len(totals) == 1 and 5 <= len(units) <= 45, p.name
        total = totals[0]
        for c in range(2, len(total)):
            assert _num(total[c]) == sum(_num(r[c]) for r in units), (p.name, c)
        # row by row: learners >= classes, online classes <= all classes of the unit
        sub = grid[header + 1]
        class_cols = [c for c in range(2, len(sub)) if sub[c] == "Số lớp"]
        online = next(c for c in class_cols if "trực tuyến" in str(grid[header][c]))
        for r in units + totals:
            for c in class_cols:
                assert _num(r[c + 1]) >= _num(r[c]), (p.name, r[1], c)
            assert _num(r[online]) <= sum(_num(r[c]) for c in class_cols if c != online)
        v = exp[p.name]
        money = [c for c in range(2, len(total)) if grid[header + 1][c] in ("Ngân sách nhà nước", "Xã hội hóa")]
        assert [_num(total[c]) * factor for c in money] == [v["funding.state_budget"], v["funding.socialized"]]
        assert max(_num(total[c]) for c in range(2, len(total))) == max(
            x // factor if k in demo.MONEY_CODES else x for k, x in v.items()
        )
