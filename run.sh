#!/usr/bin/env bash
# Run the product. With a real warehouse (data/warehouse.duckdb, or LLW_DB) the app serves it; with
# none, it serves the DEMO warehouse (data/demo.duckdb, built on first run) and says how to start
# for real. Listens on 127.0.0.1:8501 (.streamlit/config.toml) unless told: STREAMLIT_SERVER_ADDRESS,
# STREAMLIT_SERVER_PORT, or flags passed on (./run.sh --server.port 8600).
set -euo pipefail
cd "$(dirname "$0")"
scripts/ensure_env.sh
REAL=${LLW_DB:-data/warehouse.duckdb}
if [[ -f $REAL ]]; then
  echo "Kho dữ liệu: $REAL"
elif [[ -n ${LLW_DB:-} ]]; then
  echo "LỖI: LLW_DB=$LLW_DB nhưng chưa có tệp đó. Tạo kho thật trống: .venv/bin/python -m etl init --db $LLW_DB" >&2
  exit 1
else
  DEMO=${LLW_DEMO_DB:-data/demo.duckdb}
  if [[ ! -f $DEMO ]]; then
    echo "Chưa có kho dữ liệu thật: dựng kho dữ liệu MẪU (demo) tại $DEMO (khoảng một phút)..."
    .venv/bin/python -m etl demo --db "$DEMO"
  fi
  echo "Đang chạy với DỮ LIỆU MẪU ($DEMO). Để dùng số liệu thật: .venv/bin/python -m etl init," \
    "tạo quản trị viên (.venv/bin/python -m etl users create-admin TÊN), rồi chạy lại ./run.sh" \
    "(README, mục «Bắt đầu với số liệu thật»)."
  export LLW_DB=$DEMO
fi
# ui.serve does the first visitor's work (imports, snapshot, landing charts), then `streamlit run app.py`
exec .venv/bin/python -m ui.serve --server.headless true "$@"
