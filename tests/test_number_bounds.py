"""A bound is not a figure. 'Trên 200' (over 200), 'hơn 200' (more than), 'gần 200' (nearly), '≥ 100'
give a number the report's figure lies beyond, not the figure: the loader once loaded 'Trên 200'
as 200 without a word and refused '>100' as no number. Now the officer is asked, once per cell
of that file: load the number, or leave the cell out. 'khoảng 300', '~300' (about 300) are the
report's own figure, approximately: loaded, with a warning that says so."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from fixtures_factory import Grid, csv_bytes, xlsx_bytes

from etl.__main__ import cli
from etl.extract import analyse, bound_key, separator_key
from etl.numbers import parse_cell
from reference import admin_units as au

TITLE = (["UBND TỈNH LÀO CAI"], ["BÁO CÁO KẾT QUẢ TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2024"], [])
BUDGET = "funding.state_budget"
ATTENDEES = "ceremony.attendees"


def report(attendees="1.234", budget="150", label="Người dự lễ khai mạc") -> Grid:
    g = Grid(name="Bao cao")
    for row in (
        *TITLE,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", "12"],
        ["2", label, "người", attendees],
        ["3", "Kinh phí từ ngân sách nhà nước", "triệu đồng", budget],
        ["4", "Kinh phí xã hội hóa", "triệu đồng", "45"],
    ):
        g.add(*row)
    return g


def values(an) -> dict[str, int]:
    return {v.code: v.value for v in an.province_values()}


def codes(problems) -> list[str]:
    return [p.code for p in problems]


def test_about_a_number_loads_it_and_says_so():
    for typed in ("khoảng 300", "~300", "≈ 300", "xấp xỉ 300", "ước 300", "Ước tính 300", "trên dưới 300"):
        an = analyse("bao_cao.csv", csv_bytes(report(attendees=typed)))
        assert an.questions == [] and an.errors == [], typed
        assert values(an)[ATTENDEES] == 300, typed
        (w,) = an.warnings
        assert (w.code, w.file, w.sheet, w.cell) == ("value.approximate", "bao_cao.csv", "bao_cao", "D6"), typed
        assert w.params["raw"] == typed and w.params["value"] == 300
        assert f"'{typed}'" in w.message and "đã nạp 300" in w.message
        assert "300 was loaded" in w.render("en")


def test_over_200_is_asked_and_the_answer_loads_200():
    data = csv_bytes(report(attendees="Trên 200"))
    an = analyse("bao_cao.csv", data)
    (q,) = an.questions
    assert (q.code, q.sheet, q.cell) == ("ask.number_bound", "bao_cao", "D6")
    assert ATTENDEES not in values(an)  # until answered nothing of the cell loads
    key = bound_key(an, "bao_cao", "D6")
    assert key.startswith("bound:") and an.file_hash[:12] in key  # this file's cell, no other
    options = {o.value: o for o in q.options}
    assert set(options) == {"load", "leave"} and {o.key for o in q.options} == {key}
    assert str(options["load"].text) == "Nạp 200 (báo cáo ghi «Trên 200»: số thật có thể lớn hơn)"
    assert "Load 200" in options["load"].text.render("en")
    assert "'Trên 200'" in q.message and "--answer" in q.render()

    loaded = analyse("bao_cao.csv", data, learned={key: "load"})
    assert loaded.questions == [] and loaded.errors == []
    assert values(loaded)[ATTENDEES] == 200
    assert codes(loaded.warnings) == ["value.bound_loaded"]


def test_leaving_the_cell_out_loads_everything_else_of_the_file():
    data = csv_bytes(report(attendees="hơn 200"))
    key = bound_key(analyse("bao_cao.csv", data), "bao_cao", "D6")
    an = analyse("bao_cao.csv", data, learned={key: "leave"})
    assert an.questions == [] and an.errors == []
    got = values(an)
    assert ATTENDEES not in got
    assert got["ceremony.events"] == 12 and got[BUDGET] == 150_000_000 and got["funding.socialized"] == 45_000_000
    assert codes(an.warnings) == ["value.bound_left_out"]


def test_an_answer_holds_for_its_file_only():
    a = csv_bytes(report(attendees="Trên 200"))
    b = csv_bytes(report(attendees="Trên 200", budget="151"))  # another file, the same cell
    key = bound_key(analyse("a.csv", a), "bao_cao", "D6")
    assert codes(analyse("b.csv", b, learned={key: "load"}).questions) == ["ask.number_bound"]


@pytest.mark.parametrize(
    "typed,word",
    [
        (">100", ">"),
        ("≥ 100", "≥"),
        (">= 100", ">="),
        ("<100", "<"),
        ("≤100", "≤"),
        ("gần 100", "gần"),
        ("dưới 100", "dưới"),
        ("ít nhất 100", "ít nhất"),
        ("tối thiểu 100", "tối thiểu"),
        ("tối đa 100", "tối đa"),
        ("không quá 100", "không quá"),
        ("Hơn 100 người", "Hơn"),
        ("100 người trở lên", "trở lên"),
    ],
)
def test_every_bound_is_asked(typed, word):
    data = csv_bytes(report(attendees=typed))
    an = analyse("bao_cao.csv", data)
    (q,) = an.questions
    assert q.code == "ask.number_bound" and q.params["word"] == word, typed
    assert not [p for p in an.errors if not p.is_question]  # '>100' was refused as no number
    larger = "lớn hơn" in str(q.options[0].text)
    assert larger == (word in (">", "≥", ">=", "ít nhất", "tối thiểu", "Hơn", "trở lên")), typed
    key = bound_key(an, "bao_cao", "D6")
    assert values(analyse("bao_cao.csv", data, learned={key: "load"}))[ATTENDEES] == 100


def test_a_bound_on_money_is_asked_and_the_unit_still_applies():
    data = csv_bytes(report(budget="hơn 1,5 tỷ"))
    an = analyse("bao_cao.csv", data)
    assert codes(an.questions) == ["ask.number_bound"] and BUDGET not in values(an)
    key = bound_key(an, "bao_cao", "D7")
    assert values(analyse("bao_cao.csv", data, learned={key: "load"}))[BUDGET] == 1_500_000_000
    # the column's unit too: '> 150' under 'triệu đồng'
    data = csv_bytes(report(budget="> 150"))
    key = bound_key(analyse("bao_cao.csv", data), "bao_cao", "D7")
    assert values(analyse("bao_cao.csv", data, learned={key: "load"}))[BUDGET] == 150_000_000


def test_a_bound_does_not_hide_the_separator_doubt():
    # 'Trên 2,500' triệu: a bound, and 2,5 or 2 500 triệu; both asked at once, both answered
    data = csv_bytes(report(budget="Trên 2,500"))
    an = analyse("bao_cao.csv", data)
    assert sorted(codes(an.questions)) == ["ask.number_bound", "ask.number_separator"]
    learned = {bound_key(an, "bao_cao", "D7"): "load", separator_key(an): "vi"}
    done = analyse("bao_cao.csv", data, learned=learned)
    assert done.questions == [] and values(done)[BUDGET] == 2_500_000
    # left out: the separator question is no longer asked for that cell
    left = analyse("bao_cao.csv", data, learned={bound_key(an, "bao_cao", "D7"): "leave"})
    assert left.questions == [] and BUDGET not in values(left)


def test_words_that_merely_contain_tren_and_plain_numbers_are_unaffected():
    g = report(label="Người dự lễ khai mạc trên địa bàn")
    g.add("5", "Lớp học trên địa bàn", "", "")  # a text row, no number
    an = analyse("bao_cao.csv", csv_bytes(g))
    assert an.questions == [] and an.warnings == [] and values(an)[ATTENDEES] == 1234
    assert parse_cell("Lớp học trên địa bàn").error is not None and parse_cell("Lớp học trên địa bàn").qualifier is None
    for typed, value in (("200", 200), ("1.234", 1234), ("15 lớp", 15), ("-", 0), ("12.500.000 đ", 12_500_000)):
        p = parse_cell(typed)
        assert p.qualifier is None and p.word == "" and p.value * (p.money_factor or 1) == value, typed
    a = analyse("bao_cao.xlsx", xlsx_bytes(report(attendees=200)))
    assert a.problems == [] and values(a)[ATTENDEES] == 200


def test_a_district_left_out_loads_the_others_and_checks_no_total_against_it():
    names = [d.name for d in au.districts("10")[:3]]
    g = Grid.of(
        *TITLE,
        ["STT", "Đơn vị", "Số lễ khai mạc", "Số người dự lễ khai mạc"],
        ["1", names[0], 2, 100],
        ["2", names[1], 3, "Trên 200"],
        ["3", names[2], 4, 50],
        ["", "Tổng cộng", 9, 350],
    )
    data = xlsx_bytes(g)
    an = analyse("tong_hop.xlsx", data)
    assert codes(an.questions) == ["ask.number_bound"]  # no question on the total until answered
    key = bound_key(an, "Tong hop", "D6")
    left = analyse("tong_hop.xlsx", data, learned={key: "leave"})
    assert left.questions == [] and left.errors == []
    by_unit = {(v.unit.name, v.code): v.value for v in left.stored_values()}
    assert by_unit[(names[0], ATTENDEES)] == 100 and by_unit[(names[2], ATTENDEES)] == 50
    assert (names[1], ATTENDEES) not in by_unit and by_unit[(names[1], "ceremony.events")] == 3


def test_the_bound_question_is_answered_on_the_command_line(tmp_path):
    data = csv_bytes(report(attendees="Trên 200"))
    key = bound_key(analyse("bao_cao.csv", data), "bao_cao", "D6")
    f = tmp_path / "bao_cao.csv"
    f.write_bytes(data)
    db = str(tmp_path / "none.duckdb")
    runner = CliRunner()
    asked = runner.invoke(cli, ["check", str(f), "--db", db])
    assert asked.exit_code == 1 and f"--answer '{key}=load'" in asked.output and f"'{key}=leave'" in asked.output
    for answer in ("load", "leave"):
        done = runner.invoke(cli, ["check", str(f), "--db", db, "--answer", f"{key}={answer}"])
        assert done.exit_code == 0, done.output
    assert runner.invoke(cli, ["check", str(f), "--db", db, "--answer", f"{key}=maybe"]).exit_code == 2


@pytest.mark.parametrize("heading", ["Dưới 15 tuổi", "< 6 tuổi", "Ước 300 người", "Tối đa 5 lớp"])
def test_a_new_word_before_a_number_and_a_word_stays_text(heading):
    """'Dưới 15 tuổi' heads an age-group column: the words this reading learnt ('dưới', '<', 'ước',
    'tối đa') make a number only when nothing but a unit follows it, so a table's headings are
    found as before (etl.tables counts which cells are words)."""
    assert parse_cell(heading).error is not None
    bare = heading.rsplit(" ", 1)[0]
    assert parse_cell(bare).qualifier in ("about", "above", "below") and parse_cell(bare).error is None
