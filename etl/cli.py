"""`python -m etl init | load | check | template | demo | backup | restore`: thin front end over the library."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from etl import cli_vi
from etl.read import ACCEPTED_TYPES, MACRO_TYPES
from etl.target import announce, into_demo_option
from reference.numberfmt import fmt_int, fmt_number

cli_vi.install()  # click's own words in Vietnamese, before the commands below are built

EXIT_OK, EXIT_REJECTED, EXIT_USAGE = 0, 1, 2


def _expand(paths: tuple[str, ...]) -> list[Path]:
    """The files named, and the report files of the folders named; a text file of a folder that
    holds no table (notes, a readme) is listed as skipped here and left out."""
    from etl.folder import NO_TABLE, split_reports

    out: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            reports, skipped = split_reports(
                sorted(
                    f
                    for f in p.rglob("*")
                    if f.is_file()
                    and f.suffix.lower() in ACCEPTED_TYPES | MACRO_TYPES
                    and not f.name.startswith(("~$", "."))
                    and f.name not in ("expected.csv",)
                )
            )
            for f in skipped:
                click.echo(f"BỎ QUA   {f.relative_to(p)}: {NO_TABLE}.")
            out += reports
        elif p.exists():
            out.append(p)
        else:
            raise click.UsageError(f"Không tìm thấy tệp hoặc thư mục: {p}")
    return out


def _answers(pairs: tuple[str, ...]) -> dict[str, str]:
    """`--answer KEY=VALUE` pairs, checked: a question's key (as printed) and one of its answers."""
    from etl.synonyms import check_answer

    out = {}
    for pair in pairs:
        key, sep, value = pair.rpartition("=")
        if not sep or not key:
            raise click.UsageError(f"--answer cần dạng KHÓA=GIÁ_TRỊ (như in trong câu hỏi), không phải '{pair}'.")
        why = check_answer(key, value)
        if why:
            raise click.UsageError(f"--answer '{pair}': {why}")
        out[key] = value
    return out


_ANSWER_HELP = "Trả lời một câu hỏi của bộ nạp: KHÓA=GIÁ_TRỊ đúng như in sau 'CẦN TRẢ LỜI' (lặp lại được)."


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
@click.option("--db", "db", default=None, help="Tệp kho dữ liệu (mặc định data/warehouse.duckdb hoặc LLW_DB).")
def init(db) -> None:
    """Tạo kho dữ liệu THẬT trống: lược đồ và dữ liệu tham chiếu (chỉ tiêu, tỉnh), không có số liệu nào.
    Chạy lại trên kho đã có chỉ cập nhật lược đồ, không xóa gì."""
    from warehouse.init import init_real

    try:
        report = init_real(db)
    except ValueError as exc:
        click.echo(f"Lỗi: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    click.echo(report)


@cli.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--db", "db", default=None, help="Tệp kho dữ liệu (mặc định data/warehouse.duckdb hoặc LLW_DB).")
@click.option("--year", type=int, default=None, help="Năm, khi tệp không ghi năm.")
@click.option("--unit", default=None, help="Mã tỉnh 2 chữ số, khi tệp không ghi đơn vị.")
@click.option("--by", "submitted_by", default="cli", help="Người nạp (ghi vào lịch sử).")
@click.option("--quiet", is_flag=True, help="Không in cảnh báo của tệp được nhận.")
@click.option("--answer", "answer_pairs", multiple=True, help=_ANSWER_HELP + " Câu trả lời được ghi nhớ.")
@click.option(
    "--group",
    type=click.IntRange(min=1),
    default=None,
    help="Số tệp tối đa trong một giao dịch khi nạp nhiều tệp (mặc định 64; 1: mỗi tệp một giao dịch).",
)
@into_demo_option
def load(paths, db, year, unit, submitted_by, quiet, answer_pairs, group, into_demo) -> None:
    """Nạp tệp (hoặc mọi tệp trong thư mục). Mỗi tệp nằm trọn trong một giao dịch: không bao giờ nạp
    một phần tệp. Nhiều tệp được ghi theo nhóm (các tệp sẵn sàng trong một giây, tối đa --group tệp,
    một giao dịch); kết quả một tệp chỉ được in sau khi nhóm của nó đã ghi xong."""
    from auth.upload_audit import install as audit_loads
    from etl.actions import notify_many
    from etl.load import load_files
    from warehouse.db import connect, db_path

    audit_loads()
    files = _expand(paths)
    answers = _answers(answer_pairs)
    con = connect(db)
    announce(con, db_path(db), "nạp báo cáo", into_demo)
    if answers:
        from etl.synonyms import remember_answer

        for key, value in answers.items():
            remember_answer(con, key, value, submitted_by)
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
            questions = len(an.questions)
            if questions == len(an.errors):
                click.echo(
                    f"CHỜ TRẢ LỜI {f.name}: {questions} câu hỏi, chưa nạp giá trị nào. "
                    "Trả lời bằng --answer (như in dưới đây) rồi chạy lại."
                )
            else:
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
@click.option(
    "--explain", is_flag=True, help="In cách đọc bảng: vai trò từng cột, từng dòng và lý do (lấy hay bỏ qua)."
)
@click.option("--answer", "answer_pairs", multiple=True, help=_ANSWER_HELP + " Chỉ dùng cho lần kiểm tra này.")
def check(paths, db, year, unit, show_values, explain, answer_pairs) -> None:
    """Phân tích tệp như khi nạp, nhưng không ghi gì."""
    from etl.extract import analyse
    from etl.load import analyse_for_warehouse
    from etl.validate import validate
    from warehouse.db import connect, db_path
    from warehouse.mode import is_demo

    files = _expand(paths)
    answers = _answers(answer_pairs)
    con = connect(db, read_only=True) if db_path(db).exists() else None
    if con is not None and is_demo(con):
        # demo figures are no base for "gấp 10 lần năm trước": check the file on its own
        click.echo(f"{db_path(db)} là kho dữ liệu MẪU (demo): không so với năm trước của số liệu mẫu.", err=True)
        con.close()
        con = None

    def analysed(name: str, data: bytes, **kw):
        if con is not None:
            return analyse_for_warehouse(con, name, data, unit=unit, answers=answers, **kw)
        an = analyse(name, data, unit=unit, learned=answers or None, **kw)
        if an.year is not None and an.unit is not None:
            validate(an)
        return an

    bad = 0
    for f in files:
        data = f.read_bytes()
        first = analysed(f.name, data, year=year)
        # a workbook with a sheet per year: each year is checked as `load` loads it, on its own
        parts = (
            [analysed(f.name, data, year=y, prefer_given=True, part=True) for y in first.part_years]
            if first.part_years and not year
            else [first]
        )
        for an in parts:
            bad += not an.ok
            _report_check(an, f.name, show_values, explain)
    sys.exit(EXIT_REJECTED if bad else EXIT_OK)


def _report_check(an, name: str, show_values: bool, explain: bool) -> None:
    from etl.explain import explain_lines
    from reference.catalog import by_code

    status = "HỢP LỆ " if an.ok else ("CẦN HỎI" if all(p.is_question for p in an.errors) else "CÓ LỖI ")
    click.echo(f"{status}  {name}: {_summary(an)}")
    _print_problems(an)
    if explain:
        for line in explain_lines(an):
            click.echo(f"    {line}")
    if show_values:
        for v in an.values:
            label = by_code()[v.code].label_vi[:60]
            click.echo(f"    {v.unit.name:<24} {label:<60} {fmt_int(v.value):>16}  {v.sheet}!{v.cell}")


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
@click.option("--db", "db", default=None, help="Tệp kho MẪU (mặc định data/demo.duckdb hoặc LLW_DEMO_DB).")
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
    from warehouse.mode import demo_db_path, describe

    a, _, b = years.partition("-")
    span = range(int(a), int(b or a) + 1)
    click.echo(f"Ghi vào {describe(demo_db_path(db), True)}", err=True)
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
@into_demo_option
def population(path, db, source, into_demo) -> None:
    """Nạp dân số theo tỉnh và năm (CSV/XLSX: Năm, Mã tỉnh hoặc Tỉnh, Dân số, Nguồn) để tính trên 1.000 dân."""
    from warehouse.db import connect, db_path
    from warehouse.population import load_population

    con = connect(db)
    announce(con, db_path(db), "nạp dân số", into_demo)
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
@into_demo_option
def deadline(year, date_text, note, db, into_demo) -> None:
    """Đặt (hoặc sửa) hạn nộp báo cáo của một năm."""
    from warehouse.db import connect, db_path
    from warehouse.deadlines import parse_date, set_deadline

    try:
        when = parse_date(date_text)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from None
    con = connect(db)
    announce(con, db_path(db), "đặt hạn nộp báo cáo", into_demo)
    set_deadline(con, year, when, note)
    con.close()
    click.echo(f"Hạn nộp báo cáo năm {year}: {when:%d/%m/%Y}.")


@cli.command("backup")
@click.argument("dest", type=click.Path(file_okay=False))
@click.option("--db", "db", default=None, help="Kho cần sao lưu (mặc định data/warehouse.duckdb hoặc LLW_DB).")
@click.option(
    "--wait",
    type=click.FloatRange(min=0),
    default=600.0,
    show_default=True,
    help="Số giây chờ khi kho đang được ghi (một lần nạp dài giữ kho đến khi xong).",
)
@click.option("--keep", type=click.IntRange(min=0), default=0, help="Giữ N bản mới nhất trong DEST, xóa bản cũ hơn.")
def backup_cmd(dest, db, wait, keep) -> None:
    """Sao lưu kho dữ liệu và các tệp gốc (submissions/) vào một thư mục mới trong DEST, khi ứng dụng
    vẫn chạy: bản chụp nhất quán qua kết nối chỉ-đọc, kèm manifest.json và mã kiểm tra sha256."""
    import time

    from etl.backup import BackupError, backup, prune

    t0 = time.perf_counter()
    try:
        done = backup(db, dest, wait=wait)
    except BackupError as exc:
        click.echo(f"Lỗi: {exc}", err=True)
        sys.exit(EXIT_REJECTED)
    m = done.manifest
    rows = sum(m["tables"].values())
    originals = sum(1 for k in m["files"] if k.startswith("submissions/"))
    size = sum(f["bytes"] for f in m["files"].values()) / 1e6
    click.echo(
        f"ĐÃ SAO LƯU {m['source']} → {done.path}: {len(m['tables'])} bảng, {fmt_number(rows)} dòng, "
        f"{originals} tệp gốc, {fmt_number(size, 1)} MB ({fmt_number(time.perf_counter() - t0, 1)} giây)."
    )
    for missing in m["originals_missing"]:
        click.echo(f"    Cảnh báo: không còn tệp gốc {missing} (lịch sử vẫn ghi nó).")
    for old in prune(dest, keep) if keep else []:
        click.echo(f"    Đã xóa bản cũ {old}")


@cli.command("restore")
@click.argument("backup_dir", type=click.Path(exists=True, file_okay=False))
@click.option("--db", "db", default=None, help="Tệp kho MỚI để khôi phục vào (không được có sẵn).")
@click.option("--check", "check_only", is_flag=True, help="Chỉ kiểm tra bản sao lưu (mã sha256), không khôi phục.")
def restore_cmd(backup_dir, db, check_only) -> None:
    """Kiểm tra rồi khôi phục một bản sao lưu thành tệp kho mới (--db) và thư mục submissions/ cạnh nó.
    Không bao giờ ghi đè: tệp --db phải chưa có."""
    from etl.backup import BackupError, read_manifest, restore, verify

    try:
        if check_only:
            problems = verify(backup_dir)
            if problems:
                raise BackupError("Bản sao lưu không nguyên vẹn: " + "; ".join(problems[:10]))
            m = read_manifest(backup_dir)
            click.echo(f"NGUYÊN VẸN {backup_dir}: {len(m['files'])} tệp khớp sha256 (sao lưu lúc {m['created_at']}).")
            return
        if not db:
            raise click.UsageError("Cần --db TỆP_MỚI (kho khôi phục vào), hoặc --check để chỉ kiểm tra.")
        done = restore(backup_dir, db)
    except BackupError as exc:
        click.echo(f"Lỗi: {exc}", err=True)
        sys.exit(EXIT_REJECTED)
    m = done.manifest
    click.echo(
        f"ĐÃ KHÔI PHỤC {backup_dir} → {done.path} (tệp gốc: {done.path.parent / 'submissions'}): "
        f"{len(m['tables'])} bảng khớp số dòng, nhật ký kiểm toán nguyên vẹn ({m['audit_log']['rows']} dòng)"
        f"{', DỮ LIỆU MẪU' if m['demo'] else ''}."
    )


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
from etl.cli_history import history  # noqa: E402  (python -m etl history list|withdraw|revert)
from etl.cli_synonyms import synonyms  # noqa: E402  (python -m etl synonyms list|remove)
from etl.cli_themes import themes  # noqa: E402  (python -m etl themes list|set|reset)

cli.add_command(users)
cli.add_command(history)
cli.add_command(synonyms)
cli.add_command(themes)


def main() -> None:
    try:
        cli.main(standalone_mode=False)
    except click.UsageError as exc:
        click.echo(f"Lỗi cách dùng: {exc.format_message()}", err=True)
        click.echo("Xem: .venv/bin/python -m etl --help", err=True)
        sys.exit(EXIT_USAGE)
    except click.ClickException as exc:  # a file that cannot be opened and the like
        exc.show()
        sys.exit(exc.exit_code)
    except click.Abort:
        click.echo(cli_vi.gettext("Aborted!"), err=True)
        sys.exit(EXIT_USAGE)


from exports.cli import deck as _deck  # noqa: E402  (the briefing deck: exports/cli.py)

cli.add_command(_deck)
cli_vi.translate_tree(cli)
