#!/usr/bin/env bash
# Runs the full report set of loadtest/reports, one scenario at a time, on both stores.
# Needs PostgreSQL on 127.0.0.1:5432 (user postgres, trust auth) for the postgresql runs.
# Run it on an otherwise idle machine: every report states the load average before and after.
# Takes about 45 minutes on 2 cores. Exits non-zero if any run failed.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1
mvn -q package -DskipTests || exit 1
failed=0
run() {
  echo "== $(date +%T) forja loadtest run $*"
  ./forja loadtest run "$@" || failed=1
}
for store in sqlite postgresql; do
  run --scenario engine --store "$store" --count 500,2000,10000
  run --scenario agent --store "$store" --count 2000
  run --scenario api --store "$store" --count 10000 --phase-seconds 30
  run --scenario persist --store "$store" --count 200,2000,20000
  run --scenario resume --store "$store" --count 10000
done
exit "$failed"
