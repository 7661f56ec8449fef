#!/usr/bin/env bash
# Run the product: environment if missing, demo warehouse if absent, then the Streamlit app.
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure_env.sh
DB=${LLW_DB:-data/warehouse.duckdb}
if [[ ! -f $DB ]]; then
  echo "Chưa có kho dữ liệu: dựng kho dữ liệu MẪU (demo) tại $DB ..."
  .venv/bin/python -m etl demo --db "$DB"
fi
exec .venv/bin/python -m streamlit run app.py --server.headless true "$@"
