#!/usr/bin/env bash
# Installs (Debian apt) and starts PostgreSQL on 127.0.0.1:5432 and creates the
# ShopLens role and databases. Idempotent; needs root (as CI and dev machines run).
# Prints the DATABASE_URL to use.
set -euo pipefail

PG_USER="${PG_USER:-shoplens}"
PG_PASSWORD="${PG_PASSWORD:-shoplens}"
PG_DATABASES="${PG_DATABASES:-shoplens shoplens_test}"
PG_PORT="${PG_PORT:-5432}"

if ! command -v pg_lsclusters >/dev/null; then
  echo "postgres: installing from apt"
  apt-get update -q >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql >/dev/null
fi

VERSION="$(ls /usr/lib/postgresql | sort -V | tail -1)"
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$VERSION main$"; then
  pg_createcluster "$VERSION" main -p "$PG_PORT" >/dev/null
fi
if ! pg_lsclusters -h | grep "^$VERSION main" | grep -q online; then
  pg_ctlcluster "$VERSION" main start
fi

as_postgres() { runuser -u postgres -- "$@"; }
for _ in $(seq 1 60); do
  as_postgres pg_isready -q -h 127.0.0.1 -p "$PG_PORT" && break
  sleep 0.5
done
as_postgres pg_isready -h 127.0.0.1 -p "$PG_PORT" >/dev/null

psql_cmd() { as_postgres psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -qtA "$@"; }
if [[ "$(psql_cmd -c "SELECT 1 FROM pg_roles WHERE rolname='$PG_USER'")" != "1" ]]; then
  psql_cmd -c "CREATE ROLE \"$PG_USER\" LOGIN PASSWORD '$PG_PASSWORD' CREATEDB"
fi
for db in $PG_DATABASES; do
  if [[ "$(psql_cmd -c "SELECT 1 FROM pg_database WHERE datname='$db'")" != "1" ]]; then
    psql_cmd -c "CREATE DATABASE \"$db\" OWNER \"$PG_USER\""
  fi
done
# --reset NAME: drop and recreate one database (the test database), idempotently.
if [[ "${1:-}" == "--reset" && -n "${2:-}" ]]; then
  psql_cmd -c "DROP DATABASE IF EXISTS \"$2\" WITH (FORCE)"
  psql_cmd -c "CREATE DATABASE \"$2\" OWNER \"$PG_USER\""
  echo "postgres: database $2 recreated empty"
fi
echo "postgres: ready on 127.0.0.1:$PG_PORT (PostgreSQL $VERSION)"
echo "DATABASE_URL=postgres://$PG_USER:$PG_PASSWORD@127.0.0.1:$PG_PORT/shoplens"
