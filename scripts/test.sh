#!/usr/bin/env bash
# The whole test suite from a fresh clone: installs what the tests need (Python packages in
# .venv, Debian's Chromium for the browser tests), lints, then runs every test.
# Usage: scripts/test.sh [pytest arguments]
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh requirements-dev.txt

chromium="${AGX_CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's chromium for the browser tests…"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "error: the browser tests need Chromium at $chromium." >&2
    echo "Install it (sudo apt-get install chromium) or set AGX_CHROMIUM to its path." >&2
    exit 1
  fi
fi

# The store tests start a throwaway PostgreSQL server from Debian's binaries (tests/conftest.py).
if [ -z "${AGX_PG_BIN:-}" ] && ! compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing Debian's postgresql for the store tests…"
    # Only the binaries are wanted: no system cluster that would keep running on port 5432.
    mkdir -p /etc/postgresql-common
    if [ ! -f /etc/postgresql-common/createcluster.conf ]; then
      echo "create_main_cluster = false" > /etc/postgresql-common/createcluster.conf
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq -o Dpkg::Options::=--force-confold \
      postgresql >/dev/null
  else
    echo "error: the store tests need PostgreSQL's server binaries (/usr/lib/postgresql/*/bin)." >&2
    echo "Install them (sudo apt-get install postgresql) or set AGX_PG_BIN to their folder." >&2
    exit 1
  fi
fi
export AGX_REQUIRE_POSTGRES=1

.venv/bin/ruff check graph ui tests bench app.py
.venv/bin/ruff format --check graph ui tests bench app.py
.venv/bin/mypy  # graph/, ui/ and app.py with check_untyped_defs (pyproject.toml)
# The manual (docs/, mkdocs.yml): a broken link or anchor, or a page left out of the nav, fails
# the build. It is built into a temporary folder, never into the checkout. (Not --quiet: that
# hides the warnings that --strict counts, and the build then passes.)
site="$(mktemp -d)"
trap 'rm -rf "$site"' EXIT
.venv/bin/mkdocs build --strict --config-file mkdocs.yml --site-dir "$site"
.venv/bin/python -m pytest "$@"
