"""The ready 'báo cáo nhanh' set for the deck: overview figures, map, classes by type, funding,
trend, under the given filters, as ChartSpecs.

Interim: the dashboard's chart API (branch dash, `quick_report_specs(con, filters)`) is the
intended single source of these builders; when it lands, `quick_report_specs` here delegates to
it and the builders below go."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import pandas as pd

from figures.numberfmt import fmt_int, fmt_money, fmt_percent
from figures.spec import ChartSpec
from reference.admin_units import era_for_year, province_by_code
from reference.catalog import CLASS_TYPES, by_code
from warehouse import briefing, queries

OVERVIEW = ("classes.total.classes", "events.seminars.count", "events.contests.count",
            "events.new_clubs", "reading.new_bookcases")
OVERVIEW_LABELS = {"classes.total.classes": "Lớp học", "events.seminars.count": "Hội thảo, tọa đàm",
                   "events.contests.count": "Cuộc thi", "events.new_clubs": "Câu lạc bộ mới",
                   "reading.new_bookcases": "Thư viện, tủ sách mới"}
TYPE_LABELS = {"knowledge": "Cập nhật kiến thức, CGKHKT", "life_skills": "Kỹ năng sống",
               "digital": "Kỹ năng số, tin học", "language": "Ngoại ngữ",
               "vocational": "Dạy nghề", "literacy": "Xóa mù chữ", "civic": "Pháp luật, sức khỏe, môi trường",
               "professional": "Bồi dưỡng chuyên môn", "other": "Lớp khác"}


@dataclass(frozen=True)
class DeckFilters:
    year: int
    era: int | None = None                 # province layer; None: the year's own
    codes: tuple[str, ...] | None = None   # provinces of that layer; None: whole country

    @property
    def layer(self) -> int:
        return self.era or era_for_year(self.year)

    def describe(self) -> str:
        where = "cả nước"
        if self.codes:
            names = province_by_code(self.layer)
            where = ", ".join(names[c].name if c in names else c for c in self.codes)
        return f"năm {self.year}, {self.layer} tỉnh, {where}"


def _change(now: float, before: float | None, year: int) -> str:
    if before is None or before == 0 or pd.isna(before):
        return ""
    ratio = now / before - 1
    word = "tăng" if ratio >= 0 else "giảm"
    return f", {word} {fmt_percent(abs(ratio))} so với năm {year - 1}"


def _trend_sentence(trend: pd.DataFrame, years: list[int]) -> str:
    if len(trend) < 2 or not float(trend["value"].iloc[0]):
        return ""
    first, last = float(trend["value"].iloc[0]), float(trend["value"].iloc[-1])
    word, way = ("tăng", "lên") if last >= first else ("giảm", "xuống")
    return (f"Từ năm {years[0]} đến năm {years[-1]}, số lớp học {word} "
            f"{fmt_percent(abs(last / first - 1))} (từ {fmt_int(first)} {way} {fmt_int(last)} lớp).")


def quick_report_specs(con: duckdb.DuckDBPyConnection, f: DeckFilters) -> list[ChartSpec]:
    """The five charts of the quick report; [] when the year has no figure under the filters."""
    era, year, codes = f.layer, f.year, f.codes
    demo = queries.is_demo(con)
    where = f.describe()
    kw = {"filters": where, "demo": demo}
    types = [f"classes.{t}.classes" for t in CLASS_TYPES]
    funding = ["funding.state_budget", "funding.socialized"]
    tot = briefing.totals(con, [year - 1, year], [*OVERVIEW, "classes.total.learners", *types,
                                                  *funding], era, codes)
    now = tot[tot["year"] == year].set_index("indicator_code")["value"]
    before = tot[tot["year"] == year - 1].set_index("indicator_code")["value"]
    if now.empty:
        return []
    scope = "cả nước" if not codes else "các tỉnh đã chọn"
    specs = []

    rows = [{"category": OVERVIEW_LABELS[c], "series": f"Năm {y}", "value": float(s[c])}
            for y, s in ((year - 1, before), (year, now)) for c in OVERVIEW if c in s.index]
    classes = now.get("classes.total.classes")
    sentence = (f"Năm {year} {scope} mở {fmt_int(classes)} lớp học"
                f"{_change(classes, before.get('classes.total.classes'), year)}." if classes else "")
    specs.append(ChartSpec("tong-quan-hoat-dong", f"Tổng quan hoạt động năm {year}", "bar",
                           pd.DataFrame(rows), "Hoạt động", "Số lượng", year=year,
                           sentence=sentence, **kw))

    learners = briefing.by_province(con, year, "classes.total.learners", era, codes)
    total_learners = now.get("classes.total.learners")
    specs.append(ChartSpec(
        "ban-do-luot-nguoi-hoc", f"Lượt người học theo tỉnh năm {year}", "map",
        pd.DataFrame({"category": learners["province_code"], "series": "", "value": learners["value"]}),
        "Tỉnh, thành phố", "Lượt người học", year=year, era=era,
        sentence=(f"Năm {year} {scope} có {fmt_int(total_learners)} lượt người học"
                  f"{_change(total_learners, before.get('classes.total.learners'), year)}."
                  if total_learners else ""), **kw))

    labels = by_code()
    type_rows = [{"category": TYPE_LABELS[t], "series": "", "value": float(now[c])}
                 for t, c in zip(CLASS_TYPES, types, strict=True) if c in now.index]
    if type_rows:
        top = max(type_rows, key=lambda r: r["value"])
        specs.append(ChartSpec("so-lop-hoc-theo-loai", f"Số lớp học theo loại năm {year}", "hbar",
                               pd.DataFrame(type_rows), "Loại lớp", "Số lớp", year=year,
                               sentence=f"Nhiều nhất: {top['category']}, {fmt_int(top['value'])} lớp.",
                               **kw))

    fund_rows = [{"category": "Ngân sách nhà nước" if c == "funding.state_budget" else "Xã hội hóa",
                  "series": "", "value": float(now[c])} for c in funding if c in now.index]
    if fund_rows and sum(r["value"] for r in fund_rows) > 0:
        total = sum(r["value"] for r in fund_rows)
        share = next((r["value"] for r in fund_rows if r["category"] == "Xã hội hóa"), 0) / total
        specs.append(ChartSpec("kinh-phi-theo-nguon", f"Kinh phí theo nguồn năm {year}", "pie",
                               pd.DataFrame(fund_rows), "Nguồn kinh phí",
                               labels["funding.total"].label_vi, year=year, money=True,
                               sentence=f"Tổng kinh phí {fmt_money(total)}, xã hội hóa chiếm "
                                        f"{fmt_percent(share)}.", **kw))

    years = [y for y in briefing.years_with_data(con, era, codes) if y <= year]
    trend = briefing.totals(con, years, ["classes.total.classes"], era, codes)
    specs.append(ChartSpec(
        "xu-huong-so-lop-hoc", f"Số lớp học qua các năm {years[0]}–{year}", "line",
        pd.DataFrame({"category": trend["year"].astype(str), "series": "", "value": trend["value"]}),
        "Năm", "Số lớp", sentence=_trend_sentence(trend, years), **kw))
    return specs
