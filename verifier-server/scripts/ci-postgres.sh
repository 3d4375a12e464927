# Sourced by .ci/run: starts Debian's PostgreSQL, creates the test role and database, and exports
# TELLTALE_PG_URL for the verifier-server store tests. Runs as root (CI); idempotent.
ver="$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)"
if [ -z "$ver" ]; then
  echo "ci-postgres: no PostgreSQL cluster under /etc/postgresql (apt-get install postgresql)" >&2
  return 1
fi
pg_ctlcluster "$ver" main start 2>/dev/null || true
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
pg_isready -h 127.0.0.1 -p 5432
su postgres -c "psql -q -v ON_ERROR_STOP=1 -c \"DO \\\$\\\$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'telltale') THEN CREATE ROLE telltale LOGIN PASSWORD 'telltale'; END IF; END \\\$\\\$;\""
su postgres -c "psql -tAc \"SELECT 1 FROM pg_database WHERE datname = 'telltale_test'\"" | grep -q 1 \
  || su postgres -c "createdb -O telltale telltale_test"
export TELLTALE_PG_URL="postgresql://telltale:telltale@127.0.0.1:5432/telltale_test"
echo "ci-postgres: PostgreSQL $ver up, TELLTALE_PG_URL set"
