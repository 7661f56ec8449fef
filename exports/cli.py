"""`python -m etl deck`: the briefing deck from the command line, for scheduled briefings.
A thin front end: filters in, quick_report_specs, build_deck, write the file."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import click

from reference.i18n import t

EXIT_OK, EXIT_USAGE = 0, 2


def resolve_region(region: str | None, era: int) -> tuple[str, ...] | None:
    """'01,79' or 'Hà Nội, Thành phố Hồ Chí Minh' -> province codes of the layer."""
    if not region:
        return None
    from reference.admin_units import provinces
    from reference.vntext import key

    by_key = {k: p.code for p in provinces(era) for k in (*p.keys, key(p.name), p.code)}
    codes = []
    for part in (p.strip() for p in region.split(",")):
        if not part:
            continue
        code = by_key.get(part.zfill(2) if part.isdigit() else key(part))
        if code is None:
            raise click.UsageError(f"--region: không có tỉnh '{part}' trong lớp {era} tỉnh "
                                   f"(ghi mã 2 chữ số hoặc tên tỉnh, cách nhau bằng dấu phẩy).")
        codes.append(code)
    return tuple(dict.fromkeys(codes))


@click.command("deck")
@click.option("--year", type=int, required=True, help="Năm báo cáo.")
@click.option("--layer", type=click.Choice(["63", "34"]), default=None,
              help="Lớp tỉnh: 63 (đến 2024) hoặc 34 (từ 2025); mặc định theo năm.")
@click.option("--region", default=None, help="Chỉ các tỉnh này (mã hoặc tên, cách nhau bằng dấu phẩy).")
@click.option("--out", type=click.Path(dir_okay=False), default=None,
              help="Tệp .pptx ghi ra (mặc định bao-cao-nhanh-<năm>.pptx).")
@click.option("--db", "db", default=None, help="Tệp kho dữ liệu (mặc định data/warehouse.duckdb hoặc LLW_DB).")
@click.option("--title", default=None, help="Tiêu đề slide đầu.")
def deck(year, layer, region, out, db, title) -> None:
    """Bộ slide báo cáo nhanh (.pptx, 16:9) cho một năm, với biểu đồ sửa được trong PowerPoint."""
    from exports.deck import build_deck
    from exports.quick_report import DeckFilters, quick_report_specs
    from reference.admin_units import era_for_year
    from warehouse.db import db_path
    from warehouse.queries import open_read_only

    era = int(layer) if layer else era_for_year(year)
    codes = resolve_region(region, era)
    con = open_read_only(db)
    if con is None:
        click.echo(t("export.cli.no_db", path=db_path(db)), err=True)
        sys.exit(EXIT_USAGE)
    try:
        filters = DeckFilters(year, era, codes)
        specs = quick_report_specs(con, filters)
        if not specs:
            click.echo(t("export.cli.no_data", year=year, filters=filters.describe()), err=True)
            sys.exit(EXIT_USAGE)
        data = build_deck(specs, title=title, year=year, filters_text=filters.describe(),
                          demo=any(s.demo for s in specs), date=dt.date.today())
    finally:
        con.close()
    path = Path(out or f"bao-cao-nhanh-{year}.pptx")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    click.echo(t("export.cli.written", n=1 + len(specs), path=path))
    sys.exit(EXIT_OK)
