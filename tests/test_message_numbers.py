"""Issue 16: numbers in loader messages are formatted where they are made (reference.numberfmt),
not by replacing every comma of the finished sentence, which turned the commas of an indicator
name into dots ("'Băng rôn. khẩu hiệu. pa-nô. áp phích' là 9.462") in the message shown and
in submissions.messages."""

from __future__ import annotations

from fixtures_factory import vertical_grid, xlsx_bytes

from etl.extract import analyse
from etl.validate import validate

BANNERS = "Băng rôn, khẩu hiệu, pa-nô, áp phích"


def _analysis():
    an = analyse("2023_QuangNam.xlsx", xlsx_bytes(vertical_grid(year=2023, province_upper="QUẢNG NAM")))
    assert an.ok
    banners = next(v for v in an.values if v.code == "outreach.banners")
    return an, banners


def test_year_jump_keeps_the_commas_of_the_indicator_name():
    an, banners = _analysis()
    banners.value = 9462
    validate(an, {(banners.unit.code, "outreach.banners"): 770})
    (p,) = [p for p in an.problems if p.code == "rule.year_jump"]
    assert p.message == f"Quảng Nam: '{BANNERS}' là 9.462, gấp 12,3 lần năm trước (770)."


def test_year_drop_keeps_the_commas_of_the_indicator_name():
    an, banners = _analysis()
    banners.value = 1234
    validate(an, {(banners.unit.code, "outreach.banners"): 123_456})
    (p,) = [p for p in an.problems if p.code == "rule.year_jump"]
    assert p.message == f"Quảng Nam: '{BANNERS}' là 1.234, chưa bằng một phần mười năm trước (123.456)."


def test_figures_reexports_the_one_formatter():
    from figures import numberfmt
    from reference import numberfmt as base

    assert numberfmt.fmt_int is base.fmt_int and numberfmt.fmt_money(1_500_000_000) == "1,5 tỷ đồng"
