"""`python -m etl history list | withdraw | revert`: the submission history from the command
line, the same functions as the Lịch sử nạp page (etl.history), audited like it."""

from __future__ import annotations

import sys

import click

EXIT_OK, EXIT_FAILED = 0, 1


def _actor(by: str | None) -> str:
    from auth.cli import _actor as os_actor

    return by or os_actor()


db_option = click.option(
    "--db", "db", default=None, help="Tệp kho dữ liệu (mặc định data/warehouse.duckdb hoặc LLW_DB)."
)
by_option = click.option("--by", "by", default=None, help="Người thực hiện (ghi vào lịch sử; mặc định cli:<tên máy>).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def history() -> None:
    """Lịch sử nạp: xem, rút một lần nạp, quay lại (hoặc hoàn tác việc rút)."""


@history.command("list")
@db_option
@click.option("--year", type=int, default=None, help="Chỉ năm này.")
@click.option("--unit", default=None, help="Chỉ đơn vị này (mã).")
@click.option("--limit", type=click.IntRange(min=1), default=50, show_default=True, help="Số dòng tối đa.")
def list_(db, year, unit, limit) -> None:
    """Các lần nạp, mới nhất trước."""
    from etl import history as h
    from reference.i18n import t
    from warehouse.db import connect

    con = connect(db)
    try:
        df = h.submissions(con, year=year, unit_code=unit, limit=limit)
    finally:
        con.close()
    for r in df.itertuples():
        year_text = "" if r.year != r.year else int(r.year)  # NaN for a file without a year
        status = t(f"upload.history.status.{r.status}")
        extra = f" ({t(f'upload.history.kind.{r.kind}', id=int(r.reverts_to))})" if r.kind != "file" else ""
        click.echo(
            f"#{r.id:<6} {r.submitted_at:%d/%m/%Y %H:%M}  {status}{extra}  {year_text}  "
            f"{r.unit_name or ''}  {r.file_name}  ({r.submitted_by})"
        )


def _act(fn, submission_id: int, db, by) -> None:
    from auth.upload_audit import install as audit_actions
    from warehouse.db import connect

    audit_actions()
    con = connect(db)
    try:
        res = fn(con, submission_id, _actor(by))
    finally:
        con.close()
    click.echo(res.message)
    sys.exit(EXIT_OK if res.ok else EXIT_FAILED)


@history.command()
@click.argument("submission_id", type=int)
@db_option
@by_option
def withdraw(submission_id, db, by) -> None:
    """Rút lần nạp SUBMISSION_ID: giá trị của nó thôi là số liệu hiện hành (lần nạp vẫn trong lịch
    sử, trạng thái đã rút); `history revert SUBMISSION_ID` để hoàn tác."""
    from etl.history import withdraw as do

    _act(do, submission_id, db, by)


@history.command()
@click.argument("submission_id", type=int)
@db_option
@by_option
def revert(submission_id, db, by) -> None:
    """Quay lại lần nạp SUBMISSION_ID (các lần nạp sau của cùng đơn vị và năm được hoàn tác);
    với một lần nạp đã rút: hoàn tác việc rút."""
    from etl.history import revert as do

    _act(do, submission_id, db, by)


def register_commands(cli: click.Group) -> None:
    """The hook etl/__main__.py calls to assemble the command line (`python -m etl history list|withdraw|revert`)."""
    cli.add_command(history)
