#!/usr/bin/env bash
# The main job on the embedded default: set up, ingest the bundled sample articles into SQLite
# (./eventwire.db), and show the events. Run it again: nothing is added twice, and --reprocess
# replaces the samples' events with what this version of eventwire finds (none stale after an upgrade).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
.venv/bin/eventwire ingest samples/articles.jsonl --db eventwire.db --reprocess
.venv/bin/eventwire events --db eventwire.db --format table
