"""The variation corpus (issue 14): generated report files of every category, in both halves,
through the project's real analysis. The property: no wrong value ever loads, and files that
must be refused are refused with a message that says why.

Groups where today's loader does load wrong values (or refuses with the wrong message) are marked
`xfail(strict=True)`: when the loader is fixed the mark must go (a strict xfail that passes fails).
The benchmark (`make bench-variations`) gives the right / wrong / missing figures over thousands
of files; this test keeps a few hundred, about 10 s."""

from __future__ import annotations

import zlib

import pytest
from variations.catalogue import CATEGORIES, FIXED_SPLIT, ISSUE_CATEGORIES, VARIATIONS, of
from variations.corpus import Case, compatible, make_case
from variations.phrasebook import HALVES, phrases, wordings
from variations.scorer import Score, run, score
from variations.truth import PAIRS, SINGLES, catalog_rows

PER_GROUP = 12
COMPOSED = 24

# Groups where the loader before the issue-14 rewrite loads wrong values (or refuses with the
# wrong message); each reason says what goes wrong. Lift a mark when its group passes.
XFAIL: dict[tuple[str, str], str] = {}


def _seed(*parts: str) -> int:
    return zlib.crc32(":".join(parts).encode()) % 1_000_000 * 100


def group_cases(category: str, half: str, n: int = PER_GROUP) -> list[Case]:
    """n files of one category and half, its variations in turn, one variation per file."""
    vs = of(category, half)
    return [make_case(_seed(category, half) + i, half, [vs[i % len(vs)]]) for i in range(n)]


def composed_cases(half: str, n: int = COMPOSED) -> list[Case]:
    """Files through two or three variations of the half at once."""
    return [make_case(_seed("composed", half) + i, half, n_variations=3) for i in range(n)]


def _check(cases: list[Case]) -> None:
    total = Score()
    for case in cases:
        total.add(run(case))
    problems = list(total.wrong_examples)
    if total.refusals_failed:
        problems.append(f"{total.refusals_failed} tệp phải bị từ chối (kèm lý do) nhưng không bị")
    assert total.wrong == 0 and not total.refusals_failed, (
        f"{total.wrong} giá trị sai trên {total.files} tệp:\n" + "\n".join(problems)
    )


def _params():
    out = []
    for category in CATEGORIES:
        for half in HALVES:
            reason = XFAIL.get((category, half))
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            out.append(pytest.param(category, half, marks=marks, id=f"{category}-{half}"))
    return out


@pytest.mark.parametrize(("category", "half"), _params())
def test_no_wrong_value(category, half):
    _check(group_cases(category, half))


@pytest.mark.parametrize(
    "half",
    [
        pytest.param(h, id=h, marks=[pytest.mark.xfail(strict=True, reason=XFAIL[("composed", h)])])
        if ("composed", h) in XFAIL
        else pytest.param(h, id=h)
        for h in HALVES
    ],
)
def test_no_wrong_value_composed(half):
    _check(composed_cases(half))


# shapes that loaded wrong values or asked before issue 14's format round: each pair of tune
# variations over a few seeds must load every value right (NFD office names were new units; a
# Roman numeral typed into a money section's label hid its money unit, and so did an item of that
# section typed in capitals, "1 | KINH PHÍ TỪ NGÂN SÁCH NHÀ NƯỚC", read as a section of its own)
FORMAT_ROUND = [
    ("units_named_by_their_centre", "decomposed_unicode"),
    ("numbering_inside_labels", "money_unit_in_section_title"),
    ("units_typed_in_value_cells", "notes_with_numbers"),
    ("labels_in_capitals", "money_unit_in_section_title"),
    ("libreoffice_ods_with_formulas", "hidden_leftover_before"),  # hidden in LibreOffice: every file refused
    ("unit_column_headed_in_other_words", "notes_with_numbers"),  # 'ĐV tính': its money units were not seen
]


@pytest.mark.parametrize(("first", "second"), FORMAT_ROUND, ids=["-".join(p) for p in FORMAT_ROUND])
def test_format_round_shapes_load_every_value(first, second):
    from variations.catalogue import BY_NAME

    total = Score()
    for i in range(6):
        total.add(run(make_case(_seed("format-round", first) + i, "tune", [BY_NAME[first], BY_NAME[second]])))
    assert (total.wrong, total.missing) == (0, 0), total.wrong_examples


# ------------------------------------------------------------------------------ the corpus itself
def test_every_category_in_both_halves():
    for category in ISSUE_CATEGORIES + ("order", "header", "spacing", "hidden", "numbers", "money"):
        for half in HALVES:
            assert of(category, half), (category, half)
    names = [v.name for v in VARIATIONS]
    assert len(names) == len(set(names))
    # the fixed split stays balanced; the modules grown since (catalogue_rows, ...) add tune only
    tune = sum(v.half == "tune" for v in FIXED_SPLIT)
    assert 0.4 <= tune / len(FIXED_SPLIT) <= 0.6
    assert all(v.half == "tune" for v in VARIATIONS[len(FIXED_SPLIT) :])


def test_phrasebook_covers_every_indicator_in_both_halves():
    rows = phrases()
    assert all(p.source.strip() and p.wording.strip() for p in rows)
    tune = sum(p.half == "tune" for p in rows)
    assert 0.4 <= tune / len(rows) <= 0.6
    keys = list(PAIRS) + list(SINGLES) + ["measure:classes", "measure:learners", "measure:count"]
    keys.append("measure:participants")
    for key in keys:
        for half in HALVES:
            assert wordings(key, half), (key, half)
    codes = set(catalog_rows())
    for p in rows:  # every row names a real indicator, subject or measure
        assert p.code in codes or p.code in PAIRS or p.code in ("classes.*", "events.*"), p


def test_same_seed_same_file():
    a, b = make_case(4242, "tune", n_variations=3), make_case(4242, "tune", n_variations=3)
    assert a.names == b.names and a.expected == b.expected and a.file_name == b.file_name
    from variations.layout import render

    assert [s.rows for s in render(a.plan)] == [s.rows for s in render(b.plan)]
    assert make_case(4243, "tune", n_variations=3).expected != a.expected


def test_expected_province_is_the_sum_of_its_units():
    case = next(c for c in (make_case(i, "tune", []) for i in range(50)) if c.shape == "wide")
    t = case.plan.truth
    for code, total in t.province_values().items():
        assert total == sum(t.values[u.code][code] for u in t.units)
        assert case.expected[(t.year, t.province.code, code)] == total


def test_compatible_variations_never_share_a_knob():
    vs = of(half="tune")
    for a in vs:
        for b in vs:
            if a is not b and compatible([a], b):
                assert not set(a.slots) & set(b.slots)
                assert a.shapes & b.shapes and a.formats & b.formats


def test_refusal_cases_expect_no_values():
    case = group_cases("refusal", "tune", 1)[0]
    assert case.refusal and not case.expected and case.data[:4] == b"\xd0\xcf\x11\xe0"  # an OLE container


# ------------------------------------------------------------------------------ the scorer
class _Unit:
    def __init__(self, code):
        self.code = code


class _Value:
    def __init__(self, unit, code, value):
        self.unit, self.code, self.value = _Unit(unit), code, value


class _Problem:
    def __init__(self, code, message="", error=True):
        self.code, self.message, self.is_error = code, message, error


class _Analysis:
    def __init__(self, year, values, problems=()):
        self.year, self.values, self.problems = year, values, list(problems)

    @property
    def errors(self):
        return [p for p in self.problems if p.is_error]


def _case(expected, refusal=""):
    return Case(1, "tune", [], "vertical", "xlsx", "x.xlsx", b"", expected, refusal)


def test_scorer_counts_right_wrong_missing():
    case = _case({(2024, "01", "a"): 5, (2024, "01", "b"): 7, (2024, "01", "c"): 1})
    s = score(case, _Analysis(2024, [_Value("01", "a", 5), _Value("01", "b", 8), _Value("02", "a", 1)]))
    assert (s.right, s.wrong, s.missing) == (1, 2, 1)
    s = score(case, _Analysis(2023, [_Value("01", "a", 5)]))  # the wrong year is a wrong value
    assert (s.right, s.wrong, s.missing) == (0, 1, 3)


def test_scorer_refused_and_asked_files_load_nothing():
    case = _case({(2024, "01", "a"): 5})
    s = score(case, _Analysis(2024, [_Value("01", "a", 6)], [_Problem("value.conflict")]))
    assert (s.right, s.wrong, s.missing, s.refused, s.asked) == (0, 0, 1, 1, 0)
    s = score(case, _Analysis(2024, [_Value("01", "a", 6)], [_Problem("ask.column_role", error=False)]))
    assert (s.right, s.wrong, s.missing, s.refused, s.asked) == (0, 0, 1, 0, 1)


def test_scorer_expected_refusal_needs_the_reason():
    case = _case({}, refusal="mật khẩu")
    s = score(case, _Analysis(None, [], [_Problem("file.corrupt", "Cannot detect file format")]))
    assert s.refusals_failed == 1
    s = score(case, _Analysis(None, [], [_Problem("file.password", "Tệp được đặt mật khẩu: mở bằng Excel...")]))
    assert (s.expected_refusals, s.refusals_failed) == (1, 0)
