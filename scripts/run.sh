#!/usr/bin/env bash
# Run the explorer at http://127.0.0.1:8501 (local only, offline) on the current workspace, made
# from the bundled NATO dataset on first use (docs/workspaces.md); `-- --data PATH` opens a file unsaved.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements.txt
exec .venv/bin/python -m ui.server "$@"  # streamlit run app.py, with an origin check that never looks outside (ui/server.py)
