"""`python -m etl deck`: the briefing deck from the command line, for scheduled briefings.
A thin front end: options -> Filters -> figures.report.quick_report_specs -> build_deck -> file."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from reference.i18n import DEFAULT_LANGUAGE, LANGUAGES, t, use_language

EXIT_OK, EXIT_USAGE = 0, 2


def resolve_region(region: str | None, era: int) -> dict:
    """A region (code 'taynguyen' or name 'Tây Nguyên') -> {'region': code}; otherwise provinces
    of the layer by code or name, comma-separated ('01, Đà Nẵng') -> {'provinces': codes}."""
    if not region:
        return {}
    from reference.admin_units import provinces
    from reference.regions import regions
    from reference.vntext import key

    wanted = key(region)
    for r in regions():
        if wanted in (key(r.code), key(r.name_vi), key(r.name_en), key("vùng " + r.name_vi)):
            return {"region": r.code}
    by_key = {k: p.code for p in provinces(era) for k in (*p.keys, key(p.name), p.code)}
    codes = []
    for part in (p.strip() for p in region.split(",")):
        if not part:
            continue
        code = by_key.get(part.zfill(2) if part.isdigit() else key(part))
        if code is None:
            names = ", ".join(r.code for r in regions())
            raise click.UsageError(
                f"--region: '{part}' không phải vùng ({names}) hay tỉnh nào trong "
                f"lớp {era} tỉnh (ghi mã hoặc tên, cách nhau bằng dấu phẩy)."
            )
        codes.append(code)
    return {"provinces": tuple(dict.fromkeys(codes))}


@click.command("deck")
@click.option("--year", type=int, required=True, help="Năm báo cáo.")
@click.option(
    "--layer",
    type=click.Choice(["63", "34"]),
    default=None,
    help="Lớp tỉnh: 63 (số liệu như đã báo cáo, đến 2024) hoặc 34 (quy về 34 tỉnh hiện nay); mặc định theo năm.",
)
@click.option(
    "--region",
    default=None,
    help="Một vùng (mã hoặc tên, ví dụ 'Tây Nguyên') hoặc các tỉnh (mã hoặc tên, cách nhau bằng dấu phẩy).",
)
@click.option(
    "--out", type=click.Path(dir_okay=False), default=None, help="Tệp .pptx ghi ra (mặc định bao-cao-nhanh-<năm>.pptx)."
)
@click.option("--db", "db", default=None, help="Tệp kho dữ liệu (mặc định data/warehouse.duckdb hoặc LLW_DB).")
@click.option("--title", default=None, help="Tiêu đề slide đầu.")
@click.option(
    "--lang",
    type=click.Choice(LANGUAGES),
    default=DEFAULT_LANGUAGE,
    show_default=True,
    help="Ngôn ngữ của bộ slide: vi (tiếng Việt) hoặc en (tiếng Anh).",
)
@click.option(
    "--highlights/--no-highlights",
    default=False,
    help="Thêm slide 'Khó khăn và kiến nghị nổi bật' từ phần lời các báo cáo Word của năm (khi kho có).",
)
def deck(year, layer, region, out, db, title, lang, highlights) -> None:
    """Bộ slide báo cáo nhanh (.pptx, 16:9) cho một năm, với biểu đồ sửa được trong PowerPoint."""
    from exports.deck import build_deck
    from figures.narrative import highlights_of
    from figures.report import context, quick_report_specs
    from figures.spec import has_values
    from reference.admin_units import era_for_year
    from warehouse import queries
    from warehouse.db import db_path
    from warehouse.filters import Filters
    from warehouse.snapshot import read_snapshot

    own = era_for_year(year)
    era = int(layer) if layer else own
    mode = "today34" if era == 34 and own == 63 else "reported"
    snap = read_snapshot(db)  # the one read of the warehouse for this deck
    if snap is None:
        click.echo(t("export.cli.no_db", path=db_path(db)), err=True)
        sys.exit(EXIT_USAGE)
    filters = Filters(year=year, mode=mode, **resolve_region(region, era))
    with use_language(lang):  # the deck's texts and numbers; the command's own messages stay Vietnamese
        scope = context(snap, filters).filters_text()
        # resolve() would fall back to the latest year, and the 63 provinces end in 2024: say so.
        specs = quick_report_specs(snap, filters) if year in snap.years and era <= own else []
        specs = [s for s in specs if has_values(s)]  # a chart with nothing to draw gets no slide
        hl = None
        if specs and highlights:
            with queries.reading(db) as con:  # the reports' text is read beside the snapshot
                hl = highlights_of(con, filters, year, era, scope, lang=lang)
        if specs:
            data = build_deck(
                specs,
                title=title,
                year=year,
                filters_text=scope,
                demo=any(s.demo for s in specs),
                date=dt.date.today(),
                highlights=hl,
            )
    if not specs:
        click.echo(
            t("export.cli.no_data", year=year, filters=f"{era} tỉnh; {context(snap, filters).filters_text()}"), err=True
        )
        sys.exit(EXIT_USAGE)
    path = Path(out or f"bao-cao-nhanh-{year}.pptx")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    click.echo(t("export.cli.written", n=1 + len(specs) + (hl is not None), path=path))
    sys.exit(EXIT_OK)


def register_commands(cli: click.Group) -> None:
    """The hook etl/__main__.py calls to assemble the command line (`python -m etl deck`)."""
    cli.add_command(deck)
