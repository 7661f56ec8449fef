"""`python -m etl load | check | template | demo`: thin front end over the library."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from etl.read import ACCEPTED_TYPES, MACRO_TYPES

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def _expand(paths: tuple[str, ...]) -> list[Path]:
    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            out += sorted(
                f
                for f in p.rglob("*")
                if f.is_file()
                and f.suffix.lower() in ACCEPTED_TYPES | MACRO_TYPES
                and not f.name.startswith(("~$", "."))
                and f.name not in ("expected.csv",)
            )
        elif p.exists():
            out.append(p)
        else:
            raise click.UsageError(f"Không tìm thấy tệp hoặc thư mục: {p}")
    return out


def _summary(an) -> str:
    unit = an.unit.name if an.unit else "?"
    return f"năm {an.year}, {unit}, {an.shape}, {len(an.values)} giá trị"


def _print_problems(an, errors_only: bool = False) -> None:
    for p in an.problems:
        if errors_only and not p.is_error:
            continue
        click.echo(f"    {p.render()}")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def cli() -> None:
    """Nạp báo cáo Tuần lễ hưởng ứng học tập suốt đời vào kho dữ liệu (DuckDB)."""


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", "db", default=None, help="Tệp kho dữ liệu (mặc định data/warehouse.duckdb hoặc LLW_DB).")
@click.option("--year", type=int, default=None, help="Năm, khi tệp không ghi năm.")
@click.option("--unit", default=None, help="Mã tỉnh 2 chữ số, khi tệp không ghi đơn vị.")
@click.option("--by", "submitted_by", default="cli", help="Người nạp (ghi vào lịch sử).")
@click.option("--quiet", is_flag=True, help="Không in cảnh báo của tệp được nhận.")
@click.option(
    "--group",
    type=click.IntRange(min=1),
    default=None,
    help="Số tệp tối đa trong một giao dịch khi nạp nhiều tệp (mặc định 64; 1: mỗi tệp một giao dịch).",
)
def load(paths, db, year, unit, submitted_by, quiet, group) -> None:
    """Nạp tệp (hoặc mọi tệp trong thư mục). Mỗi tệp nằm trọn trong một giao dịch: không bao giờ nạp
    một phần tệp. Nhiều tệp được ghi theo nhóm (các tệp sẵn sàng trong một giây, tối đa --group tệp,
    một giao dịch); kết quả một tệp chỉ được in sau khi nhóm của nó đã ghi xong."""
    from auth.upload_audit import install as audit_loads
    from etl.actions import notify_many
    from etl.load import load_files
    from warehouse.db import connect, db_path

    audit_loads()
    files = _expand(paths)
    con = connect(db)
    # a load's statements are small: DuckDB's worker threads cost more to start than they save,
    # and the analysis processes need the cores
    con.execute("SET threads = 1")
    store = db_path(db).parent / "submissions"
    rejected = 0
    extra = {"group": group} if group else {}

    def audit(results) -> None:  # a group's entries in one write, inside the transaction that lands it
        notify_many(
            con,
            "load",
            submitted_by,
            [
                {
                    "file_name": r.file_name,
                    "file_hash": r.analysis.file_hash,
                    "status": r.status,
                    "submission_id": r.submission_id,
                    "codes": sorted({p.code for p in r.analysis.errors}),
                }
                for r in results
            ],
        )

    for res in load_files(
        con, files, year=year, unit=unit, submitted_by=submitted_by, store_dir=store, audit=audit, **extra
    ):
        an = res.analysis
        f = Path(res.file_name)
        if res.status == "duplicate":
            click.echo(f"ĐÃ CÓ    {f.name}: tệp này đã được nạp (lần nạp #{res.duplicate_of}); không thay đổi gì.")
        elif res.status == "accepted":
            click.echo(f"ĐÃ NẠP   {f.name}: {_summary(an)} (lần nạp #{res.submission_id})")
            if not quiet:
                _print_problems(an)
        else:
            rejected += 1
            again = (
                f" Tệp này đã bị từ chối trước đây (lần nạp #{res.rejected_before}); vẫn ghi nhận lần gửi này."
                if res.rejected_before
                else ""
            )
            click.echo(f"TỪ CHỐI  {f.name}: {len(an.errors)} lỗi, không nạp giá trị nào.{again}")
            _print_problems(an)
    con.close()
    sys.exit(EXIT_REJECTED if rejected else EXIT_OK)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", "db", default=None, help="Kho dữ liệu để so với năm trước (chỉ đọc).")
@click.option("--year", type=int, default=None)
@click.option("--unit", default=None)
@click.option("--values", "show_values", is_flag=True, help="In mọi giá trị sẽ được nạp.")
def check(paths, db, year, unit, show_values) -> None:
    """Phân tích tệp như khi nạp, nhưng không ghi gì."""
    from etl.extract import analyse
    from etl.load import analyse_for_warehouse
    from etl.validate import validate
    from reference.catalog import by_code
    from warehouse.db import connect, db_path

    files = _expand(paths)
    con = connect(db, read_only=True) if db_path(db).exists() else None
    bad = 0
    for f in files:
        data = f.read_bytes()
        if con is not None:
            an = analyse_for_warehouse(con, f.name, data, year=year, unit=unit)
        else:
            an = analyse(f.name, data, year=year, unit=unit)
            if an.year is not None and an.unit is not None:
                validate(an)
        bad += not an.ok
        click.echo(f"{'HỢP LỆ ' if an.ok else 'CÓ LỖI '}  {f.name}: {_summary(an)}")
        _print_problems(an)
        if show_values:
            for v in an.values:
                label = by_code()[v.code].label_vi[:60]
                number = f"{v.value:>16,}".replace(",", ".")
                click.echo(f"    {v.unit.name:<24} {label:<60} {number}  {v.sheet}!{v.cell}")
    sys.exit(EXIT_REJECTED if bad else EXIT_OK)


@cli.command()
@click.option("--year", type=int, default=None, help="Năm của biểu (mặc định: năm nay).")
@click.option("--out", type=click.Path(dir_okay=False), default=None, help="Tệp .xlsx ghi ra.")
@click.option("--example", is_flag=True, help="Điền sẵn số liệu ví dụ.")
def template(year, out, example) -> None:
    """Ghi biểu mẫu chuẩn (.xlsx) để các đơn vị điền."""
    import datetime as dt

    from etl.template import write_template

    year = year or dt.date.today().year
    out = Path(out or f"bieu_mau_tuan_le_hoc_tap_suot_doi_{year}.xlsx")
    write_template(out, year, example=example)
    click.echo(f"Đã ghi biểu mẫu năm {year}: {out}")


@cli.command()
@click.option("--db", "db", default=None)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False),
    default=None,
    help="Thư mục ghi các tệp báo cáo mẫu (mặc định data/demo_submissions).",
)
@click.option("--years", default="2019-2025", help="Khoảng năm, ví dụ 2019-2025.")
def demo(db, out_dir, years) -> None:
    """Dựng kho dữ liệu MẪU (demo) từ các báo cáo sinh tự động, qua đúng bộ nạp thật."""
    from etl.demo import build_demo

    a, _, b = years.partition("-")
    span = range(int(a), int(b or a) + 1)
    stats = build_demo(db, Path(out_dir) if out_dir else None, span, echo=click.echo)
    click.echo(
        f"Kho dữ liệu MẪU: {stats['accepted']} tệp được nạp, {stats['rejected']} bị từ chối "
        f"({stats['seconds']:.1f} giây)."
    )
    sys.exit(EXIT_OK if stats["rejected"] == 0 else EXIT_REJECTED)


@cli.command()
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--db", "db", default=None)
@click.option(
    "--source", default=None, help="Nguồn số liệu, khi tệp không có cột 'Nguồn' (ví dụ: Niên giám thống kê 2024)."
)
def population(path, db, source) -> None:
    """Nạp dân số theo tỉnh và năm (CSV/XLSX: Năm, Mã tỉnh hoặc Tỉnh, Dân số, Nguồn) để tính trên 1.000 dân."""
    from warehouse.db import connect
    from warehouse.population import load_population

    con = connect(db)
    n, problems = load_population(con, Path(path).name, Path(path).read_bytes(), source)
    con.close()
    if problems:
        click.echo(f"TỪ CHỐI  {Path(path).name}: {len(problems)} lỗi, không nạp dòng nào.")
        for p in problems:
            click.echo(f"    {p.render()}")
        sys.exit(EXIT_REJECTED)
    click.echo(f"ĐÃ NẠP   {Path(path).name}: {n} dòng dân số.")


@cli.command()
@click.option("--year", type=int, required=True, help="Năm của Tuần lễ.")
@click.option("--date", "date_text", required=True, help="Hạn nộp báo cáo, dd/mm/yyyy.")
@click.option("--note", default=None, help="Ghi chú (ví dụ: số công văn).")
@click.option("--db", "db", default=None)
def deadline(year, date_text, note, db) -> None:
    """Đặt (hoặc sửa) hạn nộp báo cáo của một năm."""
    from warehouse.db import connect
    from warehouse.deadlines import parse_date, set_deadline

    try:
        when = parse_date(date_text)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    con = connect(db)
    set_deadline(con, year, when, note)
    con.close()
    click.echo(f"Hạn nộp báo cáo năm {year}: {when:%d/%m/%Y}.")


@cli.command("upgrade-store")
@click.argument("source", type=click.Path(dir_okay=False))
@click.argument("target", type=click.Path(dir_okay=False))
@click.option(
    "--from-version",
    default=None,
    help="Phiên bản duckdb để đọc tệp gốc (mặc định: phiên bản ghi trong đầu tệp, ví dụ 2.0.1).",
)
def upgrade_store(source, target, from_version) -> None:
    """Chuyển kho dữ liệu sang phiên bản duckdb mà sản phẩm dùng, vào một tệp MỚI.

    Tệp gốc chỉ được đọc, không bao giờ bị sửa; tệp đích đã có thì lệnh dừng, không ghi đè. Nếu
    duckdb hiện tại không đọc được tệp gốc (tệp do duckdb mới hơn ghi, ví dụ 2.0.1), lệnh cài đúng
    phiên bản đã ghi tệp (ghi trong đầu tệp) từ kho gói PyPI vào thư mục riêng trong LLW_CACHE_DIR,
    dùng nó ở một tiến trình riêng để xuất mọi bảng ra Parquet, rồi nhập vào tệp mới bằng duckdb
    hiện tại, đối chiếu từng dòng của từng bảng (cả chuỗi băm của nhật ký kiểm toán) và nâng cấp
    lược đồ. Tệp gốc đã nạp (thư mục submissions/) được chép theo khi tệp mới ở thư mục khác.
    Hãy tắt ứng dụng và các lệnh nạp trước khi chạy."""
    from auth.audit import verify_chain
    from warehouse.db import connect
    from warehouse.upgrade import UpgradeError
    from warehouse.upgrade import upgrade_store as upgrade

    try:
        res = upgrade(source, target, from_version=from_version, echo=click.echo)
    except UpgradeError as exc:
        click.echo(f"Lỗi: {exc}", err=True)
        sys.exit(EXIT_USAGE if exc.usage else EXIT_REJECTED)
    con = connect(res.target, read_only=True)
    bad = verify_chain(con)
    con.close()
    rows = ", ".join(
        f"{t}: {n:,}".replace(",", ".")
        for t, n in res.tables.items()
        if t in ("submission_log", "observations", "audit_log", "users")
    )
    seconds = f"{res.seconds:.1f}".replace(".", ",")
    click.echo(
        f"ĐÃ CHUYỂN {res.source} (duckdb {res.from_version}) → {res.target} (duckdb {res.to_version}) "
        f"trong {seconds} giây; mọi bảng khớp từng dòng ({rows})."
    )
    if res.originals_copied or res.paths_moved:
        click.echo(
            f"    Đã chép {res.originals_copied} tệp gốc sang thư mục mới; {res.paths_moved} đường dẫn được cập nhật."
        )
    if bad:
        click.echo(
            f"    Cảnh báo: chuỗi băm nhật ký kiểm toán đã đứt từ tệp gốc ở {len(bad)} dòng (giữ nguyên như gốc)."
        )
        sys.exit(EXIT_REJECTED)
    click.echo(
        "    Nhật ký kiểm toán nguyên vẹn. Dời tệp cũ đi rồi đặt tệp mới vào chỗ của nó (hoặc trỏ LLW_DB tới nó)."
    )
    sys.exit(EXIT_OK)


from auth.cli import users  # noqa: E402  (accounts: python -m etl users ...)

cli.add_command(users)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.UsageError as exc:
        click.echo(f"Lỗi cách dùng: {exc.format_message()}", err=True)
        click.echo("Xem: python -m etl --help", err=True)
        sys.exit(EXIT_USAGE)
    except click.Abort:
        sys.exit(EXIT_USAGE)


from exports.cli import deck as _deck  # noqa: E402  (the briefing deck: exports/cli.py)

cli.add_command(_deck)
