#!/usr/bin/env bash
# Run the whole test suite (creates .venv with the runtime and the test tooling if missing).
# -rs: every skipped test prints why.
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure_env.sh --dev
exec .venv/bin/python -m pytest -q -rs "$@"
