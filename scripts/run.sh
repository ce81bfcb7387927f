#!/usr/bin/env bash
# Run the explorer on the bundled NATO dataset at http://127.0.0.1:8501 (local only, offline).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements.txt
exec .venv/bin/python -m ui.server "$@"  # streamlit run app.py, with an origin check that never looks outside (ui/server.py)
