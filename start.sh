#!/usr/bin/env bash
# Start the dashboard at http://localhost:8501 (first start builds warehouse.duckdb from sample_data/).
set -euo pipefail
cd "$(dirname "$0")"
scripts/venv.sh
exec .venv/bin/python serve.py "$@"  # streamlit run app.py (see serve.py)
