#!/usr/bin/env bash
# A throwaway PostgreSQL server for eventwire's tests (no Docker, no systemd).
#
#   eval "$(scripts/pg-test-server.sh start)"   # start; exports EVENTWIRE_TEST_PG_URL
#   pytest tests/test_store.py
#   scripts/pg-test-server.sh stop              # stop and delete its data
#
#   scripts/pg-test-server.sh run -- pytest     # start, run a command with the URL set, stop
#   scripts/pg-test-server.sh status | url
#
# It installs Debian's `postgresql` with apt-get when no initdb/pg_ctl is found (as root, or via
# sudo), runs the server as an unprivileged user (`postgres` when running as root), listens on
# 127.0.0.1 only, on port $EVENTWIRE_PG_PORT (default 54329, or the next free one), and keeps its
# data in a folder named after the port under $EVENTWIRE_PG_DIR (default ${TMPDIR:-/tmp}). Its state
# (URL, folder) is kept per checkout, so several checkouts can each run their own server.
# Durability is switched off (fsync=off): it is for tests only.
set -euo pipefail

PORT_WANTED="${EVENTWIRE_PG_PORT:-54329}"
DB_NAME="${EVENTWIRE_PG_DB:-eventwire_test}"
DB_USER="${EVENTWIRE_PG_USER:-eventwire}"
# One state file per checkout, so test runs in two checkouts (worktrees) never stop each other's server.
CHECKOUT_KEY="$(cd "$(dirname "$0")/.." && pwd -P | sha1sum | cut -c1-10)"
STATE_FILE="${EVENTWIRE_PG_STATE:-${TMPDIR:-/tmp}/eventwire-pg-test-${CHECKOUT_KEY}-${PORT_WANTED}.env}"

log() { printf 'pg-test-server: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

find_bindir() {
    local dir
    # Debian keeps the server binaries outside PATH, one folder per major version; take the newest.
    dir="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)"
    if [[ -n "$dir" && -x "$dir/initdb" && -x "$dir/pg_ctl" ]]; then
        echo "$dir"
        return 0
    fi
    if command -v initdb >/dev/null 2>&1 && command -v pg_ctl >/dev/null 2>&1; then
        dirname "$(command -v initdb)"
        return 0
    fi
    return 1
}

install_postgresql() {
    local sudo=()
    if [[ "$(id -u)" != 0 ]]; then
        command -v sudo >/dev/null 2>&1 || die "PostgreSQL is not installed and we are not root; install it: apt-get install postgresql"
        sudo=(sudo)
    fi
    log "installing PostgreSQL with apt-get (Debian package 'postgresql')"
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get update -q >&2
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends postgresql >&2
}

# Run a command as the unprivileged server user (initdb and postgres refuse to run as root).
as_server_user() {
    if [[ "$(id -u)" == 0 ]]; then
        runuser -u "$SERVER_USER" -- "$@"
    else
        "$@"
    fi
}

server_user() {
    if [[ "$(id -u)" != 0 ]]; then
        id -un
    elif id postgres >/dev/null 2>&1; then
        echo postgres
    else
        echo nobody
    fi
}

port_is_free() {
    python3 - "$1" <<'EOF'
import socket, sys
with socket.socket() as s:
    try:
        s.bind(("127.0.0.1", int(sys.argv[1])))
    except OSError:
        sys.exit(1)
EOF
}

load_state() {
    [[ -f "$STATE_FILE" ]] || return 1
    # shellcheck disable=SC1090
    source "$STATE_FILE"
}

is_running() {
    load_state || return 1
    [[ -d "$PGDATA_DIR" ]] || return 1
    SERVER_USER="$SERVER_USER_SAVED"
    as_server_user "$BINDIR/pg_ctl" status -D "$PGDATA_DIR" >/dev/null 2>&1
}

print_url() {
    echo "export EVENTWIRE_TEST_PG_URL='$PG_URL'"
}

cmd_start() {
    if is_running; then
        log "already running on port $PORT ($PGDATA_DIR)"
        print_url
        return 0
    fi
    BINDIR="$(find_bindir || true)"
    if [[ -z "$BINDIR" ]]; then
        install_postgresql
        BINDIR="$(find_bindir)" || die "initdb/pg_ctl still not found after installing postgresql"
    fi
    SERVER_USER="$(server_user)"

    PORT="$PORT_WANTED"
    while ! port_is_free "$PORT"; do
        PORT=$((PORT + 1))
        (( PORT < PORT_WANTED + 100 )) || die "no free port in $PORT_WANTED..$PORT"
    done
    PGDATA_DIR="${EVENTWIRE_PG_DIR:-${TMPDIR:-/tmp}}/eventwire-pg-test-${PORT}"
    [[ ! -e "$PGDATA_DIR" ]] || rm -rf "$PGDATA_DIR"
    mkdir -p "$PGDATA_DIR"
    chmod 700 "$PGDATA_DIR"
    if [[ "$(id -u)" == 0 ]]; then
        chown "$SERVER_USER" "$PGDATA_DIR"
        # The server user must be able to reach its folder (a 0700 parent would stop it).
        as_server_user test -w "$PGDATA_DIR" || die "$SERVER_USER cannot write $PGDATA_DIR; set EVENTWIRE_PG_DIR to a folder under /tmp"
    fi

    local password pwfile
    password="$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')"
    pwfile="$PGDATA_DIR.pw"
    (umask 077; printf '%s\n' "$password" >"$pwfile")
    [[ "$(id -u)" != 0 ]] || chown "$SERVER_USER" "$pwfile"

    log "initdb in $PGDATA_DIR ($("$BINDIR/postgres" --version))"
    as_server_user "$BINDIR/initdb" -D "$PGDATA_DIR/data" -U "$DB_USER" --pwfile="$pwfile" \
        --auth-local=trust --auth-host=scram-sha-256 --encoding=UTF8 --locale=C.UTF-8 --no-sync \
        >"$PGDATA_DIR/initdb.log" 2>&1 || { cat "$PGDATA_DIR/initdb.log" >&2; die "initdb failed (output above)"; }
    rm -f "$pwfile"

    log "starting on 127.0.0.1:$PORT"
    as_server_user "$BINDIR/pg_ctl" start -w -t 60 -D "$PGDATA_DIR/data" -l "$PGDATA_DIR/server.log" \
        -o "-c listen_addresses=127.0.0.1 -p $PORT -k $PGDATA_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >&2 \
        || { cat "$PGDATA_DIR/server.log" >&2; die "the server did not start (log above)"; }

    local i
    for i in $(seq 1 60); do
        if "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PORT"; then break; fi
        sleep 0.5
    done
    "$BINDIR/pg_isready" -q -h 127.0.0.1 -p "$PORT" || die "the server is not accepting connections"
    as_server_user "$BINDIR/createdb" -h "$PGDATA_DIR" -p "$PORT" -U "$DB_USER" "$DB_NAME"

    PG_URL="postgresql://$DB_USER:$password@127.0.0.1:$PORT/$DB_NAME"
    PGDATA_DIR="$PGDATA_DIR/data"
    (umask 077; cat >"$STATE_FILE" <<EOF
BINDIR='$BINDIR'
PGDATA_DIR='$PGDATA_DIR'
PORT='$PORT'
PG_URL='$PG_URL'
SERVER_USER_SAVED='$SERVER_USER'
EOF
    )
    log "ready: database $DB_NAME on 127.0.0.1:$PORT (stop with: $0 stop)"
    print_url
}

cmd_stop() {
    if ! load_state; then
        log "not running (no $STATE_FILE)"
        return 0
    fi
    SERVER_USER="$SERVER_USER_SAVED"
    if [[ -d "$PGDATA_DIR" ]]; then
        as_server_user "$BINDIR/pg_ctl" stop -D "$PGDATA_DIR" -m fast -w >&2 || true
        rm -rf "$(dirname "$PGDATA_DIR")"
    fi
    rm -f "$STATE_FILE"
    log "stopped"
}

cmd_status() {
    if is_running; then
        log "running on port $PORT ($PGDATA_DIR)"
        print_url
    else
        log "not running"
        return 1
    fi
}

cmd_run() {
    [[ "${1:-}" == "--" ]] && shift
    (( $# > 0 )) || die "usage: $0 run -- COMMAND [ARGS...]"
    local started=0 status=0
    if ! is_running; then
        cmd_start >/dev/null
        started=1
        load_state
    fi
    EVENTWIRE_TEST_PG_URL="$PG_URL" "$@" || status=$?
    (( started == 0 )) || cmd_stop
    return "$status"
}

case "${1:-}" in
    start) cmd_start ;;
    stop) cmd_stop ;;
    status) cmd_status ;;
    url) is_running && echo "$PG_URL" ;;
    run) shift; cmd_run "$@" ;;
    *) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2 ;;
esac
