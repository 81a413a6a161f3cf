#!/usr/bin/env bash
# Runs a command with a throwaway PostgreSQL server: `suites/pg.sh cargo test --workspace`.
#
# Debian's `postgresql` server binaries (installed when missing and run as root) make a cluster
# with `initdb` in a temporary directory, owned by an unprivileged user when run as root (initdb
# refuses root); the server listens on a free loopback port with its socket in that directory.
# The command runs with SCIATICA_TEST_PG=postgres://sciatica@127.0.0.1:PORT/postgres (the tests
# create a database of their own on it for each test); afterwards the server is stopped and the
# directory removed, whatever the command's outcome, which is this script's exit status.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: suites/pg.sh COMMAND [ARGS...]" >&2
    exit 2
fi

bin_dir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
bin="$(bin_dir)"
if [ -z "$bin" ] || [ ! -x "$bin/initdb" ]; then
    if [ "$(id -u)" -ne 0 ]; then
        echo "pg.sh: PostgreSQL's server binaries are missing; install Debian's postgresql package" >&2
        exit 1
    fi
    echo "pg.sh: installing Debian's postgresql package"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
    bin="$(bin_dir)"
fi

dir="$(mktemp -d "${TMPDIR:-/tmp}/sciatica-pg.XXXXXX")"
as_owner=()
if [ "$(id -u)" -eq 0 ]; then
    id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$dir"
    as_owner=(runuser -u postgres --)
fi

stop() {
    "${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$dir"
}
trap stop EXIT

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
"${as_owner[@]}" "$bin/initdb" -D "$dir/data" -U sciatica -A trust -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
"${as_owner[@]}" "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w \
    -o "-h 127.0.0.1 -p $port -k $dir -c max_connections=300" start >/dev/null \
    || { cat "$dir/server.log" >&2; exit 1; }

export SCIATICA_TEST_PG="postgres://sciatica@127.0.0.1:$port/postgres"
echo "pg.sh: PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on 127.0.0.1:$port for this run"
set +e
"$@"
status=$?
set -e
exit "$status"
