"""Child processes for the kill tests (tests/test_crash_safety.py): each does a real write of the
project and, at the moment named, says so on stdout and waits to be killed with SIGKILL.

    python crash_support.py load-paused DB FOLDER      # folder load, paused inside a group's transaction
    python crash_support.py revert-paused DB SID       # revert, paused after current_values were rewritten
    python crash_support.py role-paused DB USER ROLE   # account change, paused after the audit row
    python crash_support.py cycle DB FOLDER            # open → load one file → commit → close, for ever

The pauses sit inside the transaction, after its statements ran and before COMMIT, so a kill
there leaves uncommitted work in the file's write-ahead log for the next opening to discard. The
`cycle` child prints `COMMITTED <id>` once a file's transaction has committed, then closes (which
checkpoints), so a kill at a random moment may fall anywhere, the checkpoint included."""

from __future__ import annotations

import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
for _p in (str(HERE.parent), str(HERE)):
    if _p not in sys.path:
        sys.path.insert(0, _p)


def _say(text: str) -> None:
    print(text, flush=True)


def _wait_for_kill() -> None:
    _say("PAUSED")
    time.sleep(600)
    raise SystemExit("not killed")


def _cli_audit(con, actor: str):
    from durability_support import cli_audit

    from auth.upload_audit import install

    install()
    return cli_audit(con, actor)


def load_paused(db: Path, folder: Path) -> None:
    from etl.load import load_files
    from warehouse.db import connect

    con = connect(db)
    cli_audit = _cli_audit(con, "crash")

    def audit(results) -> None:
        cli_audit(results)
        _wait_for_kill()

    for _ in load_files(con, sorted(folder.glob("*.xlsx")), submitted_by="crash", audit=audit, workers=1):
        pass


def revert_paused(db: Path, sid: int) -> None:
    from auth.upload_audit import install
    from etl import history
    from warehouse.db import connect

    install()
    original = history._recompute

    def recompute(con, year, units) -> None:
        original(con, year, units)
        _wait_for_kill()

    history._recompute = recompute
    history.revert(connect(db), sid, "crash")


def role_paused(db: Path, username: str, role: str) -> None:
    from auth import accounts, audit
    from warehouse.db import connect

    original = audit.record_many

    def record_many(*a, **kw):
        ids = original(*a, **kw)
        _wait_for_kill()
        return ids

    audit.record_many = record_many
    accounts.change_role(connect(db), "crash", username, role)


def cycle(db: Path, folder: Path) -> None:
    from etl.load import load_files
    from warehouse.db import connect

    for path in sorted(folder.glob("*.xlsx")):
        con = connect(db)
        (res,) = list(load_files(con, [path], submitted_by="crash", audit=_cli_audit(con, "crash")))
        _say(f"COMMITTED {res.submission_id}")
        con.close()
    _say("DONE")


if __name__ == "__main__":
    cmd, db, *rest = sys.argv[1:]
    if cmd == "load-paused":
        load_paused(Path(db), Path(rest[0]))
    elif cmd == "revert-paused":
        revert_paused(Path(db), int(rest[0]))
    elif cmd == "role-paused":
        role_paused(Path(db), rest[0], rest[1])
    elif cmd == "cycle":
        cycle(Path(db), Path(rest[0]))
    else:
        raise SystemExit(f"unknown scenario {cmd}")
