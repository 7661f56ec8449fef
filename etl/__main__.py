"""`python -m etl`: the command line, assembled at the top. Each package keeps its commands with
its code and registers them through a `register_commands(cli)` hook (as sqlite-utils plugins
do); this module is the one place that knows every package, so no package imports one above it.
It is an entry point, like app.py: the import-direction test exempts it for that reason."""

from __future__ import annotations

import click

from auth import cli as auth_cli
from etl import cli as etl_cli
from etl import cli_history, cli_synonyms, cli_themes, cli_vi
from exports import cli as exports_cli

# the packages whose commands join the loader's, in the order `--help` lists them
PLUGINS = (cli_history, cli_synonyms, cli_themes, auth_cli, exports_cli)


def assemble() -> click.Group:
    group = etl_cli.cli
    for plugin in PLUGINS:
        plugin.register_commands(group)
    cli_vi.translate_tree(group)  # after every command is in: their usage lines in Vietnamese
    return group


cli = assemble()


def main() -> None:
    etl_cli.run(cli)


if __name__ == "__main__":
    main()
