"""Every statement that changes the warehouse, and the one place that decides transaction
boundaries (`transaction`). `etl/` and `auth/` hand these functions typed rows and batches
(dataclasses) and keep no SQL that writes; reads stay beside the code that needs them.

Moving the store of record to another engine (PostgreSQL, issue 18/19) changes this package and
the connection module (`warehouse.db`) only. Engine-specific statements (DuckDB's replacement scan
over NumPy columns, CHECKPOINT, IMPORT DATABASE, INSERT OR REPLACE) are kept here for that reason.
A test (tests/test_write_package.py) fails on a writing statement anywhere else."""

from warehouse.write.transaction import TransactionAlreadyOpen, retrying, rollback_quietly, transaction

__all__ = ["TransactionAlreadyOpen", "retrying", "rollback_quietly", "transaction"]
