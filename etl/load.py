"""Write analysed submissions to the warehouse: each file whole inside one transaction.

One file (the upload page, `load_file`) is one transaction. A folder (`load_files`) is written in
groups: the files ready within a second, up to GROUP_FILES, go in one transaction, and their results
are reported only once it has committed. A file is never split across transactions, so a rejected
file, a crash or a killed process leaves no part of a file behind; a kill loses at most the group in
flight, whose files were not reported as loaded, and loading the folder again completes the job.
If a group's transaction fails, the group is written again one transaction per file, so one bad
file cannot take the others with it. (A transaction costs DuckDB 5–10 ms whatever it holds; a file's
rows cost a fraction of a millisecond.)

Idempotent on the file's hash: a file already accepted changes nothing. Later submissions win
value by value (the newest accepted value per year, unit and indicator stands); every value
ever loaded stays in `observations` with its submission, sheet and cell. A rejected file adds
only its row in the submission log (status 'rejected', with the reasons): no value, no unit."""

from __future__ import annotations

import ctypes
import dataclasses
import datetime as dt
import gc
import json
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import duckdb

from etl.extract import Analysis, analyse, analyse_parts, file_hash
from etl.narrative import narrative_rows
from etl.units import preload_sub_units
from etl.validate import validate
from reference.levels import summed_level
from warehouse.write import TransactionAlreadyOpen, retrying, transaction
from warehouse.write.narratives import insert_sections
from warehouse.write.submissions import FileRow, insert_file, insert_files, next_submission_ids
from warehouse.write.values import UnitRow, ValueBatch, write_values


@dataclass
class LoadResult:
    file_name: str
    status: str  # accepted | rejected | duplicate
    submission_id: int | None
    analysis: Analysis
    duplicate_of: int | None = None
    rejected_before: int | None = None  # the same bytes were refused before (submission id)

    @property
    def ok(self) -> bool:
        return self.status in ("accepted", "duplicate")


def learned_synonyms(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    return dict(con.execute("select label_key, indicator_code from label_synonyms").fetchall())


@dataclass
class Known:
    """What the warehouse already holds for one analysed file, read in one query before its
    transaction: last year's values (for the year-on-year check), the keys of this year already
    in current_values and the units already named. It only chooses the cheaper write; the write
    stays correct if it is stale (a clash falls back to the full upsert)."""

    previous: dict[tuple[str, str], int] = field(default_factory=dict)
    current_keys: set[tuple[str, str]] = field(default_factory=set)
    units: set[str] = field(default_factory=set)


def read_known(con: duckdb.DuckDBPyConnection, an: Analysis) -> Known:
    if an.year is None or not an.values:
        return Known()
    units = sorted({v.unit.code for v in an.stored_values()})
    sql = (
        "select year, unit_code, indicator_code, value from current_values "
        "where year in (?, ?) and list_contains(?, unit_code) "
        "union all select null, unit_code, null, null from units where list_contains(?, unit_code)"
    )
    params = [an.year - 1, an.year, units, units]
    summed = sorted({v.unit.code for v in an.values if v.derived})
    if summed:
        # last year's figure of a province that reports through its sub-units, for the jump check:
        # its sub-units' sums per level (the view's rule, reference.levels, without scanning every province)
        sql += (
            " union all select -1, unit_level || '|' || province_code, indicator_code, sum(value) "
            "from current_values where year = ? and list_contains(?, province_code) group by all"
        )
        params += [an.year - 1, summed]
    known = Known()
    sums: dict[tuple[str, str], dict[str, int]] = {}
    for year, unit, code, value in con.execute(sql, params).fetchall():
        if year is None:
            known.units.add(unit)
        elif year == -1:
            level, _, prov = unit.partition("|")
            sums.setdefault((prov, code), {})[level] = value
        elif year == an.year:
            known.current_keys.add((unit, code))
        else:
            known.previous[(unit, code)] = value
    for key_, by_level in sums.items():
        if (level := summed_level(by_level)) is not None:
            known.previous[key_] = by_level[level]
    return known


def previous_year_values(con: duckdb.DuckDBPyConnection, an: Analysis) -> dict[tuple[str, str], int]:
    return read_known(con, an).previous


def analyse_for_warehouse(
    con: duckdb.DuckDBPyConnection,
    file_name: str,
    data: bytes,
    *,
    prefer_given: bool = False,
    answers: Mapping[str, str] | None = None,
    **kw,
) -> Analysis:
    """Analysis with the warehouse's knowledge: learned label mappings and answers, last year's values.
    `prefer_given`: the `year=`/`unit=` passed in override what the file says (see `analyse`);
    `answers`: answers given for this run only (`check --answer`), over the remembered ones."""
    learned = learned_synonyms(con)
    if answers:
        learned = {**learned, **answers}
    an = analyse(file_name, data, learned=learned, prefer_given=prefer_given, **kw)
    if an.year is not None and an.unit is not None:
        validate(an, previous_year_values(con, an))
    return an


def find_accepted(con: duckdb.DuckDBPyConnection, file_hash: str) -> int | None:
    row = con.execute(
        "select id from submission_log where file_hash = ? and status = 'accepted' "
        "and kind = 'file' order by id limit 1",
        [file_hash],
    ).fetchone()
    return row[0] if row else None


def find_rejected_before(con: duckdb.DuckDBPyConnection, file_hash: str, before_id: int) -> int | None:
    """The first earlier rejection of the same bytes: a re-sent rejected file is logged again (the
    audit keeps every attempt), and the person is told it was refused before."""
    row = con.execute(
        "select min(id) from submission_log where file_hash = ? and status = 'rejected' and kind = 'file' and id < ?",
        [file_hash, before_id],
    ).fetchone()
    return row[0] if row else None


AuditHook = Callable[[list["LoadResult"]], None]


def load_analysis(
    con: duckdb.DuckDBPyConnection,
    an: Analysis,
    *,
    submitted_by: str = "cli",
    stored_path: str | None = None,
    now: dt.datetime | None = None,
    known: Known | None = None,
    audit: AuditHook | None = None,
) -> LoadResult:
    """Write one analysed file in one transaction. `known` (from `read_known`) lets the write skip
    statements that would change nothing; without it every statement runs. `audit([result])` is
    called inside the transaction, before COMMIT, so the file and its audit entry land together
    (for a duplicate, which writes no row, the transaction holds its audit entry alone)."""
    row = _file_row(an, submitted_by, now or dt.datetime.now(), stored_path)
    try:
        # a shared store may refuse the transaction for a concurrent writer: redone whole
        return retrying(lambda: _load_once(con, an, row, known, audit))
    except duckdb.ConstraintException:
        if known is None:
            raise
        # what `known` said went stale (another writer): redo the file with every statement
        return retrying(lambda: _load_once(con, an, row, None, audit))


def _file_row(an: Analysis, submitted_by: str, at: dt.datetime, stored_path: str | None) -> FileRow:
    return FileRow(
        file_hash=an.file_hash,
        file_name=an.file_name,
        year=an.year,
        unit_code=an.unit.code if an.unit else None,
        unit_name=an.unit.name if an.unit else None,
        shape=an.shape,
        status="accepted" if an.ok else "rejected",
        n_values=len(an.stored_values()) if an.ok else 0,
        messages=json.dumps([p.as_dict() for p in an.problems], ensure_ascii=False),
        submitted_by=submitted_by,
        submitted_at=at,
        stored_path=stored_path,
    )


def _load_once(con, an: Analysis, row: FileRow, known: Known | None, audit: AuditHook | None) -> LoadResult:
    """The file's log row (none for bytes accepted before: a duplicate) and, when accepted, its
    values; its audit entry in the same transaction."""
    with transaction(con):
        sid = insert_file(con, row)
        if sid is None:
            dup = find_accepted(con, an.file_hash)
            res = LoadResult(an.file_name, "duplicate", dup, an, duplicate_of=dup)
        else:
            res = LoadResult(an.file_name, row.status, sid, an)
            if row.status == "accepted":
                insert_sections(con, narrative_rows(sid, an))  # a Word report's text, in the same transaction
                _write_values(con, sid, an, known)
        if audit is not None:
            audit([res])
    if res.status == "rejected":
        res.rejected_before = find_rejected_before(con, an.file_hash, res.submission_id)
    return res


class _Values:
    """Gathers the values of one or more accepted files into the batch one transaction writes
    (`warehouse.write.values`), and what the write may skip: the delete of current values when
    `known` says every key is new (as in a backfill), the pick among keys no two files share."""

    def __init__(self) -> None:
        self.batch = ValueBatch()
        self.keys: set[tuple[int, str, str]] = set()

    def add(self, sid: int, an: Analysis, known: Known | None) -> None:
        vals = an.stored_values()
        if not vals:
            return
        n, units = len(vals), [v.unit for v in vals]
        unit_codes, codes = [u.code for u in units], [v.code for v in vals]
        o, b = self.batch.columns, self.batch
        o["submission_id"] += [sid] * n
        o["year"] += [an.year] * n
        o["unit_code"] += unit_codes
        o["unit_level"] += [u.level for u in units]
        o["province_code"] += [u.province_code for u in units]
        o["indicator_code"] += codes
        o["value"] += [v.value for v in vals]
        o["sheet"] += [v.sheet for v in vals]
        o["cell"] += [v.cell for v in vals]
        o["raw_text"] += [v.raw for v in vals]
        o["label"] += [v.label for v in vals]
        o["derived"] += [v.derived for v in vals]
        before = len(self.keys)
        self.keys.update(zip([an.year] * n, unit_codes, codes, strict=True))
        b.repeated = b.repeated or len(self.keys) - before < n  # a file's own keys are unique
        for u in {u.code: u for u in units}.values():
            if (known is None or u.code not in known.units) and u.code not in b.units:
                b.units[u.code] = UnitRow(u.code, u.name, u.level, u.province_code)
        if known is None or (
            known.current_keys and not known.current_keys.isdisjoint(zip(unit_codes, codes, strict=True))
        ):
            b.replaces = True


def _write_values(con: duckdb.DuckDBPyConnection, sid: int, an: Analysis, known: Known | None = None) -> None:
    """The values of one accepted file, inside its transaction."""
    values = _Values()
    values.add(sid, an, known)
    write_values(con, values.batch)


@dataclass(frozen=True)
class _Settings:
    """What every file of one `load_files` call is analysed with (sent once to each worker)."""

    learned: dict
    year: int | None
    unit: str | None
    prefer_given: bool
    accepted_hashes: frozenset  # bytes already accepted: not worth analysing again
    keep_bytes: bool = False  # the originals are stored: the file's bytes come back with its analysis


_worker_settings: _Settings | None = None


def _init_worker(settings: _Settings, parent: int) -> None:
    global _worker_settings
    _worker_settings = settings
    _die_with_parent(parent)


def _die_with_parent(parent: int) -> None:
    """A load killed with SIGKILL cannot stop its workers, and they would wait for work forever
    (each holds the other's end of the task pipe, so none sees it close): on Linux, ask the kernel
    to kill this worker when its parent dies. (Strictly: when the parent's thread that forked it
    ends; the pool forks from the thread that first submits work, here the loading thread.)"""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
        except (OSError, AttributeError):
            pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _analyse_path(path: str, settings: _Settings | None = None) -> list[tuple[Analysis, bytes | None]]:
    """The submissions of one file: one, or one per year of a workbook with a sheet per year."""
    st = settings or _worker_settings
    data = Path(path).read_bytes()
    name = Path(path).name
    h = file_hash(data)
    kept = data if st.keep_bytes else None  # not sent back between processes for nothing
    if h in st.accepted_hashes:
        return [(Analysis(name, h), kept)]
    kw = {"learned": st.learned, "year": st.year, "unit": st.unit, "prefer_given": st.prefer_given}
    return [(an, kept) for an in analyse_parts(name, data, **kw)]


# Analysis is pure Python and CPU-bound; writes must go one at a time through the one connection.
# With several files and several cores, workers analyse ahead while this process writes.
MIN_FILES_FOR_WORKERS = 8


def _analysed(paths: list[str], settings: _Settings, workers: int | None) -> Iterator[tuple[Analysis, bytes | None]]:
    n = workers if workers is not None else min(os.cpu_count() or 1, 4)
    if n <= 1 or len(paths) < MIN_FILES_FOR_WORKERS:
        for p in paths:
            yield from _analyse_path(p, settings)
        return
    # fork: workers inherit the loaded reference data instead of importing or building it again
    preload_sub_units()
    ctx = mp.get_context("fork") if "fork" in mp.get_all_start_methods() else None
    pool = ProcessPoolExecutor(
        max_workers=n, mp_context=ctx, initializer=_init_worker, initargs=(settings, os.getpid())
    )
    try:
        with _frozen_heap():
            for parts in pool.map(_analyse_path, paths, chunksize=2):  # in input order
                yield from parts
    finally:
        pool.shutdown(wait=True, cancel_futures=True)  # a caller that stops early stops the workers


_frozen_loads = 0  # folder loads under way in this process (threads of one server, or nested)
_frozen_lock = threading.Lock()


@contextmanager
def _frozen_heap() -> Iterator[None]:
    """The objects this process holds before a folder load (modules, reference data, the sub-unit
    index) are frozen for the load: the workers, forked at the first submit, inherit them frozen,
    so their garbage collector leaves them alone instead of touching (and so copying) every page
    of them; and this process's full collections, as the load's results pile up, skip them (~0.3 s
    of a 10-year load). Unfrozen when the last load ends (a generator the caller drops ends when
    it is closed or collected)."""
    global _frozen_loads
    with _frozen_lock:
        if _frozen_loads == 0:
            gc.freeze()
        _frozen_loads += 1
    try:
        yield
    finally:
        with _frozen_lock:
            _frozen_loads -= 1
            if _frozen_loads == 0:
                gc.unfreeze()


# A folder load commits this many files at most per transaction, and at least every
# GROUP_SECONDS, so the person loading sees progress and a kill loses little work.
GROUP_FILES = 64
GROUP_SECONDS = 1.0


def load_files(
    con: duckdb.DuckDBPyConnection,
    paths: list[Path],
    *,
    year: int | None = None,
    unit: str | None = None,
    submitted_by: str = "cli",
    store_dir: Path | None = None,
    prefer_given: bool = False,
    workers: int | None = None,
    group: int = GROUP_FILES,
    audit: AuditHook | None = None,
) -> Iterator[LoadResult]:
    """Load many files in input order, yielding each LoadResult once its file is committed.
    `workers`: analysis processes (default: one per core, none for a handful of files).
    `group`: files per transaction at most (1: each file its own transaction).
    `audit(results)`: called inside the transaction that writes those results, before its COMMIT,
    so files and their audit entries land together (the CLI writes its entries there)."""
    learned = learned_synonyms(con)
    # many files: look every accepted hash up once, so re-sent files skip their analysis; one file:
    # the duplicate check inside its transaction is enough
    accepted = (
        dict(
            con.execute(
                "select file_hash, min(id) from submission_log where status = 'accepted' "
                "and kind = 'file' group by file_hash"
            ).fetchall()
        )
        if len(paths) > 1
        else {}
    )
    settings = _Settings(learned, year, unit, prefer_given, frozenset(accepted), keep_bytes=store_dir is not None)
    memo = _BatchMemo(con) if len(paths) > 1 else None
    batch = _Group(con, submitted_by, max(1, group) if memo is not None else 1, audit, memo)
    try:
        yield from _stage(con, paths, settings, workers, batch, accepted, memo, store_dir)
    except Exception:
        yield from batch.flush(accepted)  # files already made ready land before the error is raised
        raise
    yield from batch.flush(accepted)


def _stage(con, paths, settings, workers, batch, accepted, memo, store_dir) -> Iterator[LoadResult]:
    """Analysed files into the group, checked against what the warehouse (and the batch) holds;
    the group is written whenever it is due."""
    for an, data in _analysed([str(p) for p in paths], settings, workers):
        if an.file_hash in batch.hashes:  # the same bytes twice in one group: land the first
            yield from batch.flush(accepted)
        if an.file_hash in accepted:
            batch.add_result(
                LoadResult(an.file_name, "duplicate", accepted[an.file_hash], an, duplicate_of=accepted[an.file_hash])
            )
        else:
            known = None
            if an.year is not None and an.unit is not None:
                known = memo.known(an) if memo is not None else read_known(con, an)
                validate(an, known.previous)
            stored = store_original(store_dir, an.file_hash, an.file_name, data) if store_dir and an.ok else None
            batch.add(an, known, stored)
            if memo is not None and an.ok:
                memo.landed(an)  # later files of the batch compare with this one
        if batch.due():
            yield from batch.flush(accepted)


@dataclass
class _Staged:
    an: Analysis | None
    known: Known | None
    stored: str | None
    at: dt.datetime | None = None  # when it was ready to write: its submission time
    result: LoadResult | None = None  # already decided (a duplicate): reported in its place


class _Group:
    """Files waiting for their transaction, in input order."""

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        submitted_by: str,
        size: int,
        audit: AuditHook | None = None,
        memo: _BatchMemo | None = None,
    ):
        self.con, self.submitted_by, self.size, self.audit, self.memo = con, submitted_by, size, audit, memo
        self.items: list[_Staged] = []
        self.hashes: set[str] = set()
        self.started = 0.0

    def add(self, an: Analysis, known: Known | None, stored: str | None) -> None:
        if not self.items:
            self.started = time.monotonic()
        self.items.append(_Staged(an, known, stored, dt.datetime.now()))
        self.hashes.add(an.file_hash)

    def add_result(self, res: LoadResult) -> None:
        if not self.items:
            self.started = time.monotonic()
        self.items.append(_Staged(None, None, None, result=res))

    def due(self) -> bool:
        """Checked as each analysed file arrives: full, or its first file waited a second."""
        writes = sum(1 for it in self.items if it.result is None)
        return writes >= self.size or (bool(self.items) and time.monotonic() - self.started >= GROUP_SECONDS)

    def flush(self, accepted: dict[str, int]) -> Iterator[LoadResult]:
        """Write the waiting files, then yield their results in input order. A group whose
        transaction fails is written again one file per transaction; an error there stops the
        flush, after the files already committed are reported."""
        items, self.items, self.hashes = self.items, [], set()
        if not items:
            return
        error = None
        if self.size > 1 and any(it.result is None for it in items):
            try:
                with transaction(self.con):
                    _write_group(self.con, items, self.submitted_by, self.audit)
            except TransactionAlreadyOpen:
                raise  # the caller's open transaction is its error, not a conflict: not rolled back
            except (duckdb.ConstraintException, duckdb.TransactionException, _GroupConflict):
                for it in items:
                    if it.an is not None:
                        it.result = None
                if self.memo is not None:
                    self.memo.reset()  # what made the group fail may be in it
                error = self._one_by_one(items, trust_known=False)
            else:
                _rejected_before(self.con, items)
        else:
            error = self._one_by_one(items, trust_known=True)
        results = [it.result for it in items if it.result is not None]
        for res in results:
            if res.status == "accepted" or (res.status == "duplicate" and res.duplicate_of is not None):
                accepted[res.analysis.file_hash] = res.submission_id
        yield from results
        if error is not None:
            raise error

    def _one_by_one(self, items: list[_Staged], trust_known: bool) -> BaseException | None:
        """Each file in its own transaction (one file, `group=1`, or a failed group); a duplicate
        found before writes only its audit entry. Returns the error that stopped it, if any."""
        for it in items:
            try:
                if it.result is None:
                    it.result = load_analysis(
                        self.con,
                        it.an,
                        submitted_by=self.submitted_by,
                        stored_path=it.stored,
                        now=it.at,
                        known=it.known if trust_known else None,
                        audit=self.audit,
                    )
                elif self.audit is not None:
                    self.audit([it.result])
            except BaseException as e:
                return e
        return None


class _GroupConflict(Exception):
    """Another writer accepted one of the group's files meanwhile: redo the group file by file."""


def _write_group(
    con: duckdb.DuckDBPyConnection, items: list[_Staged], submitted_by: str, audit: AuditHook | None = None
) -> None:
    """Every file of `items` in the transaction the caller began: their log rows, values, new units
    and current values, in four statements whatever the number of files, and the audit entries of
    all `items` (duplicates found before included). Sets each item's result."""
    todo = [it for it in items if it.result is None]
    ids = next_submission_ids(con, len(todo))  # ascending in input order
    rows, values = [], _Values()
    for sid, it in zip(ids, todo, strict=True):
        an = it.an
        row = dataclasses.replace(_file_row(an, submitted_by, it.at, it.stored), id=sid)
        rows.append(row)
        it.result = LoadResult(an.file_name, row.status, sid, an)
        if an.ok:
            values.add(sid, an, it.known)
    if insert_files(con, rows) != len(todo):
        raise _GroupConflict()
    write_values(con, values.batch)
    insert_sections(con, [r for it in todo if it.an.ok for r in narrative_rows(it.result.submission_id, it.an)])
    if audit is not None:
        audit([it.result for it in items])


def _rejected_before(con: duckdb.DuckDBPyConnection, items: list[_Staged]) -> None:
    """After the group's COMMIT: which rejected files were refused before."""
    for it in items:
        if it.an is not None and it.result is not None and it.result.status == "rejected":
            it.result.rejected_before = find_rejected_before(con, it.an.file_hash, it.result.submission_id)


class _BatchMemo:
    """What the warehouse holds, read once per year for a batch of files and kept up to date as
    the batch's files land, so a file costs no query before its transaction. It only steers the
    cheaper write and the year-on-year warnings; a stale entry falls back to the full upsert."""

    def __init__(self, con: duckdb.DuckDBPyConnection):
        self.con = con
        self.reset()

    def reset(self) -> None:
        """Forget what was read: read the warehouse again when next asked."""
        self.units = {r[0] for r in self.con.execute("select unit_code from units").fetchall()}
        self.years: dict[int, dict[tuple[str, str], tuple[int, str, str]]] = {}
        # year -> province -> its keys, so a province's sub-unit sums read only its own values
        self.by_province: dict[int, dict[str, set[tuple[str, str]]]] = {}

    def year(self, y: int) -> dict[tuple[str, str], tuple[int, str, str]]:
        """(unit, indicator) -> (value, level, province) of the current values of year `y`."""
        if y not in self.years:
            rows = self.con.execute(
                "select unit_code, indicator_code, value, unit_level, province_code from current_values where year = ?",
                [y],
            ).fetchall()
            self.years[y] = {(u, c): (v, lv, p) for u, c, v, lv, p in rows}
            index: dict[str, set[tuple[str, str]]] = {}
            for u, c, _, _, p in rows:
                index.setdefault(p, set()).add((u, c))
            self.by_province[y] = index
        return self.years[y]

    def known(self, an: Analysis) -> Known:
        now, before = self.year(an.year), self.year(an.year - 1)
        keys = [(v.unit.code, v.code) for v in an.stored_values()]
        k = Known(
            previous={key: before[key][0] for key in keys if key in before},
            current_keys={key for key in keys if key in now},
            units=self.units.intersection(u for u, _ in keys),
        )
        summed = {v.unit.code for v in an.values if v.derived}
        for prov in summed:  # last year's figure of a province reporting through its sub-units
            levels: dict[str, dict[str, int]] = {}
            for key in self.by_province[an.year - 1].get(prov, ()):
                value, level, _ = before[key]
                by = levels.setdefault(key[1], {})
                by[level] = by.get(level, 0) + value
            for code, by in levels.items():
                k.previous[(prov, code)] = by[summed_level(by)]
        return k

    def landed(self, an: Analysis) -> None:
        now, index = self.year(an.year), self.by_province[an.year]
        entries = {(v.unit.code, v.code): (v.value, v.unit.level, v.unit.province_code) for v in an.stored_values()}
        for key in [k for k in entries if k not in now]:  # (not `keys() - keys()`: that walks all of `now`)
            index.setdefault(entries[key][2], set()).add(key)
        now.update(entries)
        self.units.update(unit for unit, _ in entries)


def load_file(
    con: duckdb.DuckDBPyConnection,
    path: str | Path,
    *,
    year: int | None = None,
    unit: str | None = None,
    submitted_by: str = "cli",
    store_dir: Path | None = None,
    prefer_given: bool = False,
) -> LoadResult:
    """Load one file: the one-file case of `load_files`."""
    return next(
        load_files(
            con,
            [Path(path)],
            year=year,
            unit=unit,
            submitted_by=submitted_by,
            store_dir=store_dir,
            prefer_given=prefer_given,
        )
    )


def store_original(store_dir: Path, file_hash: str, file_name: str, data: bytes) -> str:
    """Keep the original file beside the warehouse, named by its hash, so it can be downloaded again."""
    target = store_dir / f"{file_hash[:16]}{Path(file_name).suffix.lower()}"
    if not target.exists():
        tmp = target.with_suffix(target.suffix + ".part")
        try:
            tmp.write_bytes(data)
        except FileNotFoundError:  # the first file kept: the folder is made then, not checked per file
            store_dir.mkdir(parents=True, exist_ok=True)
            tmp.write_bytes(data)
        tmp.replace(target)
    return str(target)
