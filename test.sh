#!/usr/bin/env bash
# Run ruff and the whole test suite (creates .venv with the runtime and the test tooling if missing).
# -rs: every skipped test prints why.
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure_env.sh --dev
# Lint and format are part of the tests: a finding stops the run before pytest starts.
.venv/bin/python -m ruff check . || { echo "ruff check: có lỗi kiểu mã (sửa rồi chạy lại: .venv/bin/python -m ruff check --fix .)" >&2; exit 1; }
.venv/bin/python -m ruff format --check . || { echo "ruff format: có tệp chưa định dạng (chạy: .venv/bin/python -m ruff format .)" >&2; exit 1; }
exec .venv/bin/python -m pytest -q -rs "$@"
