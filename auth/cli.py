"""`python -m etl users ...`: accounts from the command line. The first admin is created here
(there is never a default password); each command is a few lines over auth.accounts and is
audited as `cli:<operating-system user>`."""

from __future__ import annotations

import getpass
import sys

import click

from etl.target import into_demo_option

EXIT_OK, EXIT_FAILED = 0, 1


def _actor() -> str:
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no login name in some containers
        return "cli"


def _con(db, write: str | None = None, into_demo: bool = True):
    """The warehouse; for a command that writes (`write`: what it does, in Vietnamese) also say
    which warehouse it writes to, and refuse the demo one unless `into_demo`."""
    from etl.target import announce
    from warehouse.db import connect, db_path

    con = connect(db)
    if write is not None:
        announce(con, db_path(db), write, into_demo)
    return con


def _read_password(from_stdin: bool, username: str) -> str:
    if from_stdin:
        line = sys.stdin.readline()
        if not line.strip():
            _fail("Không đọc được mật khẩu từ đầu vào chuẩn (stdin).")
        return line.rstrip("\r\n")
    return click.prompt(f"Mật khẩu cho {username}", hide_input=True, confirmation_prompt="Nhập lại mật khẩu")


def _fail(message: str) -> None:
    click.echo(f"Lỗi: {message}", err=True)
    sys.exit(EXIT_FAILED)


def _run(fn):
    """Run an accounts call; an AccountError becomes a one-line Vietnamese message and exit 1."""
    from auth.accounts import AccountError

    try:
        return fn()
    except AccountError as exc:
        _fail(str(exc))


def _describe(acc) -> str:
    from auth.roles import role_label, scope_text

    state = "hoạt động" if acc.active else "đã vô hiệu hóa"
    scope = f", tỉnh: {scope_text(acc.scopes)}" if acc.role == "data_officer" else ""
    return f"{acc.username} — {acc.display_name} ({role_label(acc.role)}{scope}; {state})"


db_option = click.option(
    "--db", "db", default=None, help="Tệp kho dữ liệu (mặc định data/warehouse.duckdb hoặc LLW_DB)."
)
stdin_option = click.option("--password-stdin", is_flag=True, help="Đọc mật khẩu (một dòng) từ đầu vào chuẩn.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
def users() -> None:
    """Tài khoản, vai trò, tỉnh phụ trách và thiết lập truy cập."""


@users.command("create-admin")
@click.argument("username")
@click.option("--name", "display_name", default=None, help="Họ tên hiển thị.")
@click.option("--email", default=None, help="E-mail (để đăng nhập qua OpenID Connect).")
@stdin_option
@db_option
@into_demo_option
def create_admin(username, display_name, email, password_stdin, db, into_demo) -> None:
    """Tạo tài khoản quản trị (hỏi mật khẩu hai lần; không bao giờ có mật khẩu mặc định)."""
    from auth.accounts import create_user

    password = _read_password(password_stdin, username)
    con = _con(db, "tạo tài khoản thật", into_demo)
    acc = _run(
        lambda: create_user(con, _actor(), username, display_name or username, "admin", email=email, password=password)
    )
    click.echo(f"Đã tạo tài khoản quản trị: {_describe(acc)}")
    con.close()


@users.command("add")
@click.argument("username")
@click.option("--role", type=click.Choice(["viewer", "data_officer", "national_officer", "admin"]), required=True)
@click.option("--name", "display_name", default=None, help="Họ tên hiển thị.")
@click.option("--email", default=None)
@click.option(
    "--province",
    "provinces",
    multiple=True,
    help="Tỉnh phụ trách (cán bộ dữ liệu tỉnh): mã 34 tỉnh (79) hoặc mã 63 tỉnh trước 2025 (74@63).",
)
@click.option("--no-password", is_flag=True, help="Không có mật khẩu: chỉ đăng nhập qua OpenID Connect (cần --email).")
@stdin_option
@db_option
@into_demo_option
def add(username, role, display_name, email, provinces, no_password, password_stdin, db, into_demo) -> None:
    """Thêm tài khoản."""
    from auth.accounts import create_user
    from auth.roles import parse_scope

    try:
        scopes = tuple(parse_scope(p) for p in provinces)
    except ValueError as exc:
        _fail(str(exc))
    if role == "data_officer" and not scopes:
        _fail("Cán bộ dữ liệu tỉnh cần ít nhất một --province.")
    password = None if no_password else _read_password(password_stdin, username)
    con = _con(db, "tạo tài khoản thật", into_demo)
    acc = _run(
        lambda: create_user(
            con, _actor(), username, display_name or username, role, email=email, password=password, scopes=scopes
        )
    )
    click.echo(f"Đã tạo tài khoản: {_describe(acc)}")
    con.close()


@users.command("list")
@db_option
def list_(db) -> None:
    """Liệt kê tài khoản."""
    from auth.store import list_accounts

    con = _con(db)
    accounts = list_accounts(con)
    if not accounts:
        click.echo("Chưa có tài khoản nào. Tạo quản trị viên: .venv/bin/python -m etl users create-admin TEN")
    for acc in accounts:
        lock = f"; khóa đến {acc.locked_until:%d/%m/%Y %H:%M}" if acc.locked_until else ""
        click.echo(_describe(acc) + (f" <{acc.email}>" if acc.email else "") + lock)
    con.close()


@users.command("role")
@click.argument("username")
@click.argument("role", type=click.Choice(["viewer", "data_officer", "national_officer", "admin"]))
@db_option
def role(username, role, db) -> None:
    """Đổi vai trò của tài khoản."""
    from auth.accounts import change_role

    con = _con(db, "sửa tài khoản")
    click.echo(f"Đã đổi vai trò: {_describe(_run(lambda: change_role(con, _actor(), username, role)))}")
    con.close()


@users.command("grant")
@click.argument("username")
@click.argument("provinces", nargs=-1, required=True)
@db_option
def grant(username, provinces, db) -> None:
    """Giao tỉnh phụ trách: mã 34 tỉnh (79) hoặc mã tỉnh cũ trước 2025 (74@63)."""
    from auth.accounts import grant as grant_scope
    from auth.roles import parse_scope

    try:
        scopes = [parse_scope(p) for p in provinces]
    except ValueError as exc:
        _fail(str(exc))
    con = _con(db, "sửa tài khoản")
    acc = None
    for s in scopes:
        acc = _run(lambda s=s: grant_scope(con, _actor(), username, s))
    click.echo(f"Đã giao tỉnh: {_describe(acc)}")
    con.close()


@users.command("revoke")
@click.argument("username")
@click.argument("provinces", nargs=-1, required=True)
@db_option
def revoke(username, provinces, db) -> None:
    """Bỏ tỉnh phụ trách."""
    from auth.accounts import revoke as revoke_scope
    from auth.roles import parse_scope

    try:
        scopes = [parse_scope(p) for p in provinces]
    except ValueError as exc:
        _fail(str(exc))
    con = _con(db, "sửa tài khoản")
    acc = None
    for s in scopes:
        acc = _run(lambda s=s: revoke_scope(con, _actor(), username, s))
    click.echo(f"Đã bỏ tỉnh: {_describe(acc)}")
    con.close()


@users.command("disable")
@click.argument("username")
@db_option
def disable(username, db) -> None:
    """Vô hiệu hóa tài khoản (không xóa: lịch sử vẫn giữ tên người đã làm)."""
    from auth.accounts import set_active

    con = _con(db, "sửa tài khoản")
    click.echo(f"Đã vô hiệu hóa: {_describe(_run(lambda: set_active(con, _actor(), username, False)))}")
    con.close()


@users.command("enable")
@click.argument("username")
@db_option
def enable(username, db) -> None:
    """Kích hoạt lại tài khoản."""
    from auth.accounts import set_active

    con = _con(db, "sửa tài khoản")
    click.echo(f"Đã kích hoạt: {_describe(_run(lambda: set_active(con, _actor(), username, True)))}")
    con.close()


@users.command("unlock")
@click.argument("username")
@db_option
def unlock(username, db) -> None:
    """Mở khóa tài khoản bị khóa do nhập sai mật khẩu nhiều lần."""
    from auth.accounts import unlock as unlock_account

    con = _con(db, "sửa tài khoản")
    click.echo(f"Đã mở khóa: {_describe(_run(lambda: unlock_account(con, _actor(), username)))}")
    con.close()


@users.command("reset-password")
@click.argument("username")
@stdin_option
@db_option
def reset_password(username, password_stdin, db) -> None:
    """Đặt mật khẩu mới (cũng mở khóa tài khoản)."""
    from auth.accounts import reset_password as reset

    password = _read_password(password_stdin, username)
    con = _con(db, "sửa tài khoản")
    click.echo(f"Đã đặt mật khẩu mới: {_describe(_run(lambda: reset(con, _actor(), username, password)))}")
    con.close()


@users.command("settings")
@click.argument("key", required=False)
@click.argument("value", required=False)
@db_option
def settings(key, value, db) -> None:
    """Xem thiết lập truy cập, hoặc đặt một thiết lập: settings view_requires_login true."""
    from dataclasses import asdict

    from auth.accounts import change_setting
    from auth.store import load_settings

    con = _con(db, "đổi thiết lập" if value is not None else None)
    if key is None:
        for k, v in asdict(load_settings(con)).items():
            click.echo(f"{k} = {v}")
    elif value is None:
        _fail("Thiếu giá trị: .venv/bin/python -m etl users settings KHÓA GIÁ_TRỊ")
    else:
        text = _run(lambda: change_setting(con, _actor(), key, value))
        click.echo(f"Đã đặt {key} = {text}")
    con.close()


@users.command("verify-audit")
@db_option
def verify_audit(db) -> None:
    """Kiểm tra nhật ký kiểm toán chưa bị sửa hay xóa dòng (chuỗi mã băm)."""
    from auth.audit import verify_chain

    con = _con(db)
    bad = verify_chain(con)
    n = con.execute("select count(*) from audit_log").fetchone()[0]
    con.close()
    if bad:
        _fail(f"Nhật ký kiểm toán bị thay đổi: {len(bad)} dòng không khớp (id {', '.join(map(str, bad[:20]))}).")
    click.echo(f"Nhật ký kiểm toán nguyên vẹn: {n} dòng.")


def register_commands(cli: click.Group) -> None:
    """The hook etl/__main__.py calls to assemble the command line (`python -m etl users ...`)."""
    cli.add_command(users)
