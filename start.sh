#!/usr/bin/env bash
# Start the dashboard at http://localhost:8501 (first start builds warehouse.duckdb from sample_data/).
set -euo pipefail
cd "$(dirname "$0")"
scripts/venv.sh
# chart images are drawn by Chromium with Chinese fonts; without them the dashboard starts anyway and its
# export buttons say what is missing
scripts/system-packages.sh chromium fonts-noto-cjk || echo "图表图片导出暂不可用，看板照常启动。" >&2
exec .venv/bin/python serve.py "$@"  # streamlit run app.py (see serve.py)
