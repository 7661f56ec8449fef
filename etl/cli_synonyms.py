"""`python -m etl synonyms list | remove`: the label mappings people chose on the upload page,
reviewed and removed from the command line (etl.synonyms; a removal is audited)."""

from __future__ import annotations

import sys

import click

from etl.cli_history import by_option, db_option

EXIT_OK, EXIT_FAILED = 0, 1


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def synonyms() -> None:
    """Ánh xạ nhãn đã ghi nhớ: xem, xóa."""


@synonyms.command("list")
@db_option
@click.option("--by-user", "created_by", default=None, help="Chỉ các ánh xạ người này đã chọn.")
def list_(db, created_by) -> None:
    """Mọi ánh xạ nhãn, mới nhất trước: khóa, chỉ tiêu, nhãn, người chọn, lúc nào, trên tệp nào."""
    from etl import synonyms as s
    from warehouse.db import connect

    con = connect(db)
    try:
        items = s.saved(con, created_by=created_by)
    finally:
        con.close()
    if not items:
        click.echo("Chưa có ánh xạ nhãn nào được ghi nhớ.")
    for m in items:
        when = f"{m['created_at']:%d/%m/%Y %H:%M}" if m["created_at"] else "?"
        where = f"{m['file_name']} ({m['province_code']}, {m['year']})" if m["file_name"] else "không rõ tệp"
        click.echo(
            f"{m['label_key']}\n    → {m['indicator_code']}  nhãn: {m['label_text']!r}  "
            f"bởi {m['created_by'] or '?'} lúc {when}, trên {where}"
        )


@synonyms.command()
@click.argument("keys", nargs=-1, required=True)
@db_option
@by_option
def remove(keys, db, by) -> None:
    """Xóa các ánh xạ có khóa KEYS (xem `synonyms list`); nhãn đó sẽ lại được hỏi khi tải lên."""
    from auth.upload_audit import install as audit_actions
    from etl import synonyms as s
    from etl.cli_history import _actor
    from warehouse.db import connect

    audit_actions()
    con = connect(db)
    missing = []
    try:
        for k in keys:
            if s.forget(con, k, _actor(by)):
                click.echo(f"Đã xóa ánh xạ {k}")
            else:
                missing.append(k)
    finally:
        con.close()
    for k in missing:
        click.echo(f"Không có ánh xạ với khóa {k}", err=True)
    sys.exit(EXIT_FAILED if missing else EXIT_OK)


def register_commands(cli: click.Group) -> None:
    """The hook etl/__main__.py calls to assemble the command line (`python -m etl synonyms list|remove`)."""
    cli.add_command(synonyms)
