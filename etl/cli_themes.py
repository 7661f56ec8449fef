"""`python -m etl themes list | set | reset`: the theme keyword table behind "Địa phương viết gì"
and the briefing slide, changed by an administrator (etl.themes_admin; every change audited)."""

from __future__ import annotations

import sys

import click

from etl.cli_history import by_option, db_option

EXIT_OK, EXIT_FAILED = 0, 1


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def themes() -> None:
    """Chủ đề gắn cho phần lời báo cáo (kinh phí, nhân lực…): xem, sửa từ khóa, trả về mặc định."""


@themes.command("list")
@db_option
def list_(db) -> None:
    """Các chủ đề đang dùng, từ khóa và nguồn (tệp CSV hay người đã sửa)."""
    from etl.themes_admin import current
    from warehouse.db import connect

    con = connect(db)
    try:
        for th in current(con):
            click.echo(f"{th['code']}: {th['label_vi']} — {', '.join(th['keywords'])}  [{th['source']}]")
    finally:
        con.close()


@themes.command("set")
@click.argument("code")
@click.option("--keywords", required=True, help="Từ khóa, cách nhau bằng '|' (rỗng: tắt chủ đề).")
@click.option("--label-vi", default=None, help="Tên tiếng Việt (bắt buộc với chủ đề mới).")
@click.option("--label-en", default=None, help="Tên tiếng Anh.")
@db_option
@by_option
def set_(code, keywords, label_vi, label_en, db, by) -> None:
    """Đặt từ khóa (và tên) cho chủ đề CODE; thay cho dòng cùng mã trong data/narrative_themes.csv."""
    from auth.upload_audit import install as audit_actions
    from etl.cli_history import _actor
    from etl.themes_admin import ThemeError, set_theme
    from warehouse.db import connect

    audit_actions()
    con = connect(db)
    try:
        set_theme(con, code, keywords.split("|"), _actor(by), label_vi=label_vi, label_en=label_en)
    except ThemeError as exc:
        click.echo(str(exc), err=True)
        sys.exit(EXIT_FAILED)
    finally:
        con.close()
    click.echo(f"Đã lưu chủ đề {code}.")
    sys.exit(EXIT_OK)


@themes.command()
@click.argument("code")
@db_option
@by_option
def reset(code, db, by) -> None:
    """Trả chủ đề CODE về như trong data/narrative_themes.csv."""
    from auth.upload_audit import install as audit_actions
    from etl.cli_history import _actor
    from etl.themes_admin import reset_theme
    from warehouse.db import connect

    audit_actions()
    con = connect(db)
    try:
        done = reset_theme(con, code, _actor(by))
    finally:
        con.close()
    click.echo(f"Chủ đề {code} trở lại như trong data/narrative_themes.csv." if done else f"Chủ đề {code} chưa bị sửa.")
    sys.exit(EXIT_OK)


def register_commands(cli: click.Group) -> None:
    """The hook etl/__main__.py calls to assemble the command line (`python -m etl themes`)."""
    cli.add_command(themes)
