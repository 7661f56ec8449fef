"""'2,500' under 'triệu đồng': 2,5 triệu the Vietnamese way, 2 500 triệu the English way. The
loader once read it as 2 500 triệu whatever the file said (a thousandfold wrong sum). Now the
file's other numbers decide, and when none does, the officer is asked."""

from __future__ import annotations

from fixtures_factory import Grid, csv_bytes, xlsx_bytes

from etl.extract import analyse, separator_key
from etl.separators import EN, VI, ambiguous_mark, convention

TITLE = (["UBND TỈNH LÀO CAI"], ["BÁO CÁO KẾT QUẢ TUẦN LỄ HƯỞNG ỨNG HỌC TẬP SUỐT ĐỜI NĂM 2024"], [])


def report(budget: str, other: str = "45", learners: str = "1,234") -> Grid:
    g = Grid(name="Bao cao")
    for row in (
        *TITLE,
        ["STT", "Nội dung", "ĐVT", "Số lượng"],
        ["1", "Lễ khai mạc, phát động Tuần lễ", "lễ", "12"],
        ["2", "Người dự lễ khai mạc", "người", learners],
        ["3", "Kinh phí từ ngân sách nhà nước", "triệu đồng", budget],
        ["4", "Kinh phí xã hội hóa", "triệu đồng", other],
    ):
        g.add(*row)
    return g


def values(an) -> dict[str, int]:
    return {v.code: v.value for v in an.province_values()}


def test_no_number_in_the_file_tells_so_the_officer_is_asked():
    data = csv_bytes(report("2,500"))
    an = analyse("bao_cao.csv", data)
    assert [q.code for q in an.questions] == ["ask.number_separator"]
    assert an.questions[0].cell == "D7"
    options = {o.value: o.text.params["value"] for o in an.questions[0].options}
    assert options == {VI: 2_500_000, EN: 2_500_000_000}
    # the answer holds for this file
    key = separator_key(an)
    assert values(analyse("bao_cao.csv", data, learned={key: VI}))["funding.state_budget"] == 2_500_000
    assert values(analyse("bao_cao.csv", data, learned={key: EN}))["funding.state_budget"] == 2_500_000_000


def test_a_vietnamese_number_elsewhere_decides_comma_is_decimal():
    an = analyse("bao_cao.csv", csv_bytes(report("2,500", other="1.234,5")))
    assert an.questions == [] and an.errors == []
    got = values(an)
    assert got["funding.state_budget"] == 2_500_000
    assert got["funding.socialized"] == 1_234_500_000
    assert got["ceremony.attendees"] == 1234  # a count is never 1,234 people: thousands either way


def test_an_english_number_elsewhere_decides_comma_groups_thousands():
    an = analyse("bao_cao.csv", csv_bytes(report("2,500", other="1,234.5")))
    assert an.questions == [] and an.errors == []
    assert values(an)["funding.state_budget"] == 2_500_000_000


def test_a_dot_is_read_the_vietnamese_way_unless_the_file_writes_english():
    assert values(analyse("a.csv", csv_bytes(report("2.500"))))["funding.state_budget"] == 2_500_000_000
    an = analyse("b.csv", csv_bytes(report("2.500", other="1,234.5")))
    assert an.questions == [] and values(an)["funding.state_budget"] == 2_500_000
    # a decimal point alone is no English file: '82.5' is a slip a Vietnamese file has too
    an = analyse("c.csv", csv_bytes(report("2.500", other="82.5")))
    assert values(an)["funding.state_budget"] == 2_500_000_000


def test_numbers_typed_as_numbers_and_whole_dong_are_never_in_doubt():
    g = report("2,500")
    g.rows[6][2] = "đồng"  # 2,500 đồng: a fraction of a đồng is no sum of money
    an = analyse("bao_cao.xlsx", xlsx_bytes(g))
    assert an.questions == [] and values(an)["funding.state_budget"] == 2500
    g = report(2500)  # a number cell: no mark at all
    assert values(analyse("bao_cao.xlsx", xlsx_bytes(g)))["funding.state_budget"] == 2_500_000_000


def test_the_marks_themselves():
    assert [ambiguous_mark(t) for t in ("2,500", "1.250 triệu", "12,5", "1.234.567", "2500", "0,500")] == [
        ",",
        ".",
        None,
        None,
        None,
        None,
    ]
    assert convention(["1.234.567", "2,5"]) == VI
    assert convention(["1,234,567", "2.75 tỷ"]) == EN
    assert convention(["2.75", "12.5"]) is None
    assert convention(["1.234.567", "1,234,567"]) is None  # they disagree: nothing decided
    assert convention(["2,500", "1.250", "abc"]) is None


def test_words_and_spaces_before_the_number_do_not_hide_the_doubt():
    # 'khoảng 2,500' is read by the number parser as 2 500: the mark is as doubtful as in '2,500'
    # (a bound, 'Trên 2,500', is asked about as well: tests/test_number_bounds.py)
    for typed in ("khoảng 2,500", "ước tính 2,500", "2, 500"):
        an = analyse("bao_cao.csv", csv_bytes(report(typed, other="12,5")))
        assert values(an)["funding.state_budget"] == 2_500_000, typed


def test_the_separator_question_can_be_answered_on_the_command_line(tmp_path):
    # the answer's key 'numsep:…' was not among the answers the loader accepts: `--answer` (and the
    # upload page's remember_answer) refused it as a label mapping to an unknown indicator 'vi'
    from click.testing import CliRunner

    from etl.__main__ import cli
    from etl.synonyms import check_answer

    data = csv_bytes(report("2,500"))
    key = separator_key(analyse("bao_cao.csv", data))
    assert check_answer(key, VI) is None and check_answer(key, EN) is None and check_answer(key, "both")
    f = tmp_path / "bao_cao.csv"
    f.write_bytes(data)
    db = str(tmp_path / "none.duckdb")
    asked = CliRunner().invoke(cli, ["check", str(f), "--db", db])
    assert asked.exit_code == 1 and f"--answer '{key}=vi'" in asked.output
    done = CliRunner().invoke(cli, ["check", str(f), "--db", db, "--answer", f"{key}=vi"])
    assert done.exit_code == 0, done.output
