#!/usr/bin/env bash
# Run ruff and the whole test suite, on the DuckDB file and then on a throwaway PostgreSQL store
# (creates .venv with the runtime and the test tooling if missing).
# -rs: every skipped test prints why.
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure_env.sh --dev
# Lint and format are part of the tests: a finding stops the run before pytest starts.
.venv/bin/python -m ruff check . || { echo "ruff check: có lỗi kiểu mã (sửa rồi chạy lại: .venv/bin/python -m ruff check --fix .)" >&2; exit 1; }
.venv/bin/python -m ruff format --check . || { echo "ruff format: có tệp chưa định dạng (chạy: .venv/bin/python -m ruff format .)" >&2; exit 1; }
.venv/bin/python -m pytest -q -rs "$@"
# With no arguments: the whole suite again on the PostgreSQL store (README, "Nhiều máy chủ"), every
# module except the ones about the DuckDB file itself (tests/file_store_modules.txt). It needs
# Debian's PostgreSQL server binaries; without them it is skipped with a line that says so, unless
# LLW_REQUIRE_POSTGRES=1 (CI), where their absence fails the run.
[ "$#" -eq 0 ] || exit 0
if ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null && ! command -v initdb >/dev/null; then
    if [ "${LLW_REQUIRE_POSTGRES:-}" = "1" ]; then
        echo "Lượt kiểm thử trên PostgreSQL: không tìm thấy initdb (cài: apt-get install postgresql)" >&2
        exit 1
    fi
    echo "Bỏ qua lượt kiểm thử trên kho PostgreSQL: máy chưa cài máy chủ PostgreSQL (apt-get install postgresql)."
    exit 0
fi
mapfile -t on_postgres < <(ls tests/test_*.py | grep -v -x -F -f <(grep -v '^#' tests/file_store_modules.txt | grep .))
LLW_TEST_STORE=postgres exec .venv/bin/python -m pytest -q -rs "${on_postgres[@]}"
