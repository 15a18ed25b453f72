#!/usr/bin/env bash
# The whole test suite (what `npm test` and CI run): type check, then unit, API, storage (SQLite + a throwaway
# PostgreSQL started here), integration (slapd, nginx, OIDC provider, SMTP: started by their tests) and e2e
# (headless Chromium) tests.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== type check"
npx tsc -p tsconfig.json --noEmit
echo "== web UI build"
npx vite build --config web/vite.config.ts --logLevel warn
PGDIR=$(mktemp -d /tmp/keyward-test-pg.XXXXXX)
trap 'bash test/support/pg-fixture.sh stop "$PGDIR"' EXIT
eval "$(bash test/support/pg-fixture.sh start "$PGDIR")"
export KEYWARD_TEST_PG_URL
echo "== tests (PostgreSQL at $KEYWARD_TEST_PG_URL)"
mapfile -t files < <(find test -name '*.test.ts' -not -path '*/node_modules/*' | sort)
node --import tsx --test --test-concurrency=2 --test-timeout=300000 "$@" "${files[@]}"
