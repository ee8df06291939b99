#!/usr/bin/env bash
# A private PostgreSQL 15 + PostGIS 3 cluster for the tests (never the machine's own server):
#   scripts/pg_cluster.sh start   initdb into a temporary directory, start the server on
#                                 127.0.0.1:$NROUTE_PG_PORT (default 55432), create the
#                                 password-authenticated (scram-sha-256) role "nroute" and the
#                                 database "nroute_test" with the postgis extension; prints the
#                                 URI (postgresql://nroute:<password>@127.0.0.1:<port>/nroute_test)
#   scripts/pg_cluster.sh stop    stop that server and remove its directory
#   scripts/pg_cluster.sh uri     print the URI of the running cluster
# The password is random per start. Running as root, the server runs as the "postgres" OS user
# (initdb refuses root). Usage in a test command:
#   export NROUTE_PG_URI="$(scripts/pg_cluster.sh start)"; trap 'scripts/pg_cluster.sh stop' EXIT
set -euo pipefail

PORT="${NROUTE_PG_PORT:-55432}"
BIN="${NROUTE_PG_BIN:-/usr/lib/postgresql/15/bin}"
DIR="${TMPDIR:-/tmp}/nroute-pg-$PORT"
ROLE=nroute
DB=nroute_test

as_owner() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

die() { echo "pg_cluster: $*" >&2; exit 1; }

start() {
  [[ -x "$BIN/initdb" ]] || die "no PostgreSQL server binaries in $BIN (scripts/setup.sh --tests installs postgresql-15-postgis-3)"
  [[ -f /usr/share/postgresql/15/extension/postgis.control ]] || die "PostGIS is not installed (postgresql-15-postgis-3)"
  if [[ -e "$DIR/postmaster.pid" || -e "$DIR/data/postmaster.pid" ]]; then
    die "a cluster is already running in $DIR (scripts/pg_cluster.sh stop first)"
  fi
  rm -rf "$DIR"
  mkdir -p "$DIR"
  if [[ $(id -u) -eq 0 ]]; then chown postgres: "$DIR"; fi
  chmod 700 "$DIR"
  local password
  password="$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')"
  as_owner "$BIN/initdb" -D "$DIR/data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$DIR/initdb.log" 2>&1 \
    || { cat "$DIR/initdb.log" >&2; die "initdb failed"; }
  # Local (Unix socket in $DIR, owner only) is trusted for the setup below; TCP needs the password.
  as_owner "$BIN/pg_ctl" -D "$DIR/data" -l "$DIR/server.log" -w -t 30 \
    -o "-p $PORT -k $DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
    start >/dev/null 2>&1 || { cat "$DIR/server.log" >&2 2>/dev/null; die "the server did not start on port $PORT"; }
  local psql=("$BIN/psql" -X -q -v ON_ERROR_STOP=1 -h "$DIR" -p "$PORT" -U postgres)
  as_owner "${psql[@]}" -d postgres -c "CREATE ROLE $ROLE LOGIN PASSWORD '$password'" \
    -c "CREATE DATABASE $DB OWNER $ROLE" >/dev/null
  as_owner "${psql[@]}" -d "$DB" -c "CREATE EXTENSION postgis" >/dev/null
  local uri="postgresql://$ROLE:$password@127.0.0.1:$PORT/$DB"
  ( umask 077; echo "$uri" > "$DIR/uri" )
  if [[ $(id -u) -eq 0 ]]; then chown root: "$DIR/uri"; fi
  echo "$uri"
}

stop() {
  if [[ -d "$DIR/data" ]]; then
    as_owner "$BIN/pg_ctl" -D "$DIR/data" -m immediate -w stop >/dev/null 2>&1 || true
  fi
  rm -rf "$DIR"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  uri) [[ -f "$DIR/uri" ]] || die "no cluster running in $DIR"; cat "$DIR/uri" ;;
  *) echo "usage: scripts/pg_cluster.sh start|stop|uri   (port: NROUTE_PG_PORT, default 55432)" >&2; exit 64 ;;
esac
