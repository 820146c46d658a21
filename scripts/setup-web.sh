#!/usr/bin/env bash
# Install the workbench page's browser libraries and the browser its tests drive.
#
#   1. `npm ci` in web/ (versions pinned by web/package-lock.json), then copy the files the page
#      loads into src/eventwire/web/vendor/ (git-ignored): Leaflet, Leaflet.markercluster, d3,
#      topojson-client and Natural Earth country borders (world-atlas). The page then needs nothing
#      from the internet at run time.
#   2. Debian's `chromium` with apt-get when /usr/bin/chromium is missing (as root, or via sudo),
#      for the Playwright browser tests (Playwright's own browser download is not used).
#
# Safe to run again. Set EVENTWIRE_SKIP_CHROMIUM=1 to skip step 2 (the page itself does not need it).
set -euo pipefail
cd "$(dirname "$0")/.."

log() { printf 'setup-web: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

VENDOR=src/eventwire/web/vendor
MODULES=web/node_modules

command -v npm >/dev/null 2>&1 || die "npm is missing; install Node.js 18+ (Debian: apt-get install nodejs npm)"
# npm ci only when the lock changed since the last install, so a re-run costs nothing.
if [[ ! -f "$MODULES/.package-lock.json" || web/package-lock.json -nt "$MODULES/.package-lock.json" ]]; then
    log "npm ci in web/"
    (cd web && npm ci --no-audit --no-fund --loglevel=error >&2)
fi

mkdir -p "$VENDOR/images"
copy() { install -m 0644 "$MODULES/$1" "$VENDOR/$2"; }
copy leaflet/dist/leaflet.js leaflet.js
copy leaflet/dist/leaflet.css leaflet.css
for image in "$MODULES"/leaflet/dist/images/*.png; do
    install -m 0644 "$image" "$VENDOR/images/"
done
copy leaflet.markercluster/dist/leaflet.markercluster.js leaflet.markercluster.js
copy leaflet.markercluster/dist/MarkerCluster.css MarkerCluster.css
copy leaflet.markercluster/dist/MarkerCluster.Default.css MarkerCluster.Default.css
copy d3/dist/d3.min.js d3.min.js
copy topojson-client/dist/topojson-client.min.js topojson-client.min.js
# Natural Earth 1:50m admin-0 countries as TopoJSON (public domain data, packaged by world-atlas).
copy world-atlas/countries-50m.json countries-50m.json
log "vendor files in $VENDOR"

if [[ "${EVENTWIRE_SKIP_CHROMIUM:-}" != 1 && ! -x /usr/bin/chromium ]]; then
    sudo=()
    if [[ "$(id -u)" != 0 ]]; then
        command -v sudo >/dev/null 2>&1 || die "chromium is missing and we are not root; install it: apt-get install chromium"
        sudo=(sudo)
    fi
    log "installing Debian's chromium with apt-get (for the browser tests)"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium >&2
fi
