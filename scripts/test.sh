#!/usr/bin/env bash
# The whole test suite from a fresh clone: installs what the tests need, lints, runs every test.
# Usage: scripts/test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements-dev.txt
.venv/bin/ruff check graph tests app.py
.venv/bin/ruff format --check graph tests app.py
.venv/bin/python -m pytest "$@"
