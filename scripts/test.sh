#!/usr/bin/env bash
# Set up and run the whole test suite, with a real PostgreSQL server for the store tests
# (installed with apt-get if missing, started on 127.0.0.1, removed afterwards).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
bash scripts/pg-test-server.sh run -- .venv/bin/python -m pytest -q -p no:cacheprovider "$@"
