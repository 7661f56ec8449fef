"""The command line's side of warehouse modes: every command that writes says which warehouse
it writes to, and a real write (accounts, loads, reference figures) into the demo warehouse is
refused unless the person asked for it with --into-demo."""

from __future__ import annotations

import sys
from pathlib import Path

import click
import duckdb

from warehouse.mode import describe, is_demo, refusal

EXIT_REFUSED = 2

into_demo_option = click.option(
    "--into-demo",
    is_flag=True,
    help="Cho phép ghi vào kho dữ liệu MẪU (demo); mặc định lệnh từ chối để số liệu thật không lẫn với số liệu mẫu.",
)


def announce(con: duckdb.DuckDBPyConnection, path: str | Path, what: str | None = None, into_demo: bool = True) -> bool:
    """Print (on stderr, so scripts reading stdout are undisturbed) which warehouse `con` writes;
    with `what` and without `into_demo`, refuse a demo warehouse: close `con`, exit 2, nothing
    written. Returns whether it is the demo."""
    demo = is_demo(con)
    if demo and what is not None and not into_demo:
        con.close()
        click.echo(f"Lỗi: {refusal(path, what)}", err=True)
        sys.exit(EXIT_REFUSED)
    click.echo(f"Ghi vào {describe(path, demo)}", err=True)
    return demo
