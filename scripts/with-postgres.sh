#!/usr/bin/env bash
# Run a command against a throw-away PostgreSQL cluster on loopback:
#   scripts/with-postgres.sh pytest -q
# The cluster lives in a temporary directory and is stopped and removed afterwards.
set -euo pipefail
bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bindir/initdb" ] || { echo "PostgreSQL server not installed: run 'make install-system'" >&2; exit 1; }
port=${DIAODU_TEST_PG_PORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
datadir=$(mktemp -d /tmp/diaodu-pg.XXXXXX)
as_pg=()
if [ "$(id -u)" -eq 0 ]; then
  # initdb refuses to run as root: the cluster belongs to the postgres user.
  chown postgres: "$datadir"
  # runs from / so that the postgres user is not refused the caller's directory
  as_pg=(runuser -u postgres -- env -C /)
fi
cleanup() {
  "${as_pg[@]}" "$bindir/pg_ctl" -D "$datadir" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$datadir"
}
trap cleanup EXIT
"${as_pg[@]}" "$bindir/initdb" -D "$datadir" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
"${as_pg[@]}" "$bindir/pg_ctl" -D "$datadir" -w -l "$datadir/server.log" \
  -o "-c listen_addresses=127.0.0.1 -p $port -k $datadir -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
  start >/dev/null
"$bindir/createdb" -h 127.0.0.1 -p "$port" -U postgres diaodu
export DATABASE_URL="postgres://postgres@127.0.0.1:$port/diaodu"
echo "PostgreSQL $("$bindir/postgres" --version | awk '{print $3}') on 127.0.0.1:$port" >&2
"$@"
