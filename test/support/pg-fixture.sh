#!/usr/bin/env bash
# Throwaway PostgreSQL for the test suite: 127.0.0.1:$PGPORT, data in a temp dir, trust auth, fsync off.
# Usage: pg-fixture.sh start DIR   (prints "export KEYWARD_TEST_PG_URL=...")  |  pg-fixture.sh stop DIR
set -euo pipefail
PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$PGBIN" ]; then echo "PostgreSQL server binaries not found: apt-get install -y postgresql" >&2; exit 1; fi
DIR=${2:?data dir}
RUNAS=()
[ "$(id -u)" = 0 ] && RUNAS=(runuser -u postgres --)   # initdb/postgres refuse to run as root
case "$1" in
start)
  PGPORT=${PGPORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')}
  mkdir -p "$DIR"; [ "$(id -u)" = 0 ] && chown postgres "$DIR"
  "${RUNAS[@]}" "$PGBIN/initdb" -D "$DIR/data" -U postgres -A trust --no-sync >"$DIR/initdb.log" 2>&1
  "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -o "-p $PGPORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" start >/dev/null
  echo "export KEYWARD_TEST_PG_URL=postgres://postgres@127.0.0.1:$PGPORT/postgres"
  ;;
stop)
  [ -d "$DIR/data" ] && "${RUNAS[@]}" "$PGBIN/pg_ctl" -D "$DIR/data" -m immediate stop >/dev/null 2>&1 || true
  rm -rf "$DIR"
  ;;
esac
