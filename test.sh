#!/usr/bin/env bash
# Run the whole test suite (creates the environment if missing).
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure_env.sh
exec .venv/bin/python -m pytest -q "$@"
