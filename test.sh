#!/usr/bin/env bash
# Runs every test of the solution and ends with the line "N passed, N failed".
# Usage: ./test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~Sessions]
set -uo pipefail
cd "$(dirname "$0")"

if ! command -v dotnet >/dev/null 2>&1; then
  echo "error: the .NET SDK is missing: install .NET SDK 10 (https://dot.net) and run ./test.sh again." >&2
  echo "0 passed, 1 failed"
  exit 1
fi

# The end-to-end tests drive Debian's Chromium (Playwright downloads no browser here). Install it when missing.
if [ ! -x /usr/bin/chromium ]; then
  echo "Chromium is missing: installing Debian's chromium package for the end-to-end tests..."
  if [ "$(id -u)" -eq 0 ]; then
    (apt-get update && apt-get install -y chromium) || { echo "error: could not install chromium; run: apt-get install -y chromium" >&2; echo "0 passed, 1 failed"; exit 1; }
  elif command -v sudo >/dev/null 2>&1; then
    (sudo apt-get update && sudo apt-get install -y chromium) || { echo "error: could not install chromium; run: sudo apt-get install -y chromium" >&2; echo "0 passed, 1 failed"; exit 1; }
  else
    echo "error: the end-to-end tests need Chromium at /usr/bin/chromium: install it with 'apt-get install -y chromium' as root." >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

# The ClickHouse tests start their own servers from Debian's clickhouse-server (18.16). Install it when missing.
if [ ! -x /usr/sbin/clickhouse-server ] || ! command -v clickhouse-client >/dev/null 2>&1; then
  echo "ClickHouse is missing: installing Debian's clickhouse-server and clickhouse-client for the ClickHouse tests..."
  if [ "$(id -u)" -eq 0 ]; then
    (apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y clickhouse-server clickhouse-client) || { echo "error: could not install ClickHouse; run: apt-get install -y clickhouse-server clickhouse-client" >&2; echo "0 passed, 1 failed"; exit 1; }
  elif command -v sudo >/dev/null 2>&1; then
    (sudo apt-get update && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y clickhouse-server clickhouse-client) || { echo "error: could not install ClickHouse; run: sudo apt-get install -y clickhouse-server clickhouse-client" >&2; echo "0 passed, 1 failed"; exit 1; }
  else
    echo "error: the ClickHouse tests need clickhouse-server: install it with 'apt-get install -y clickhouse-server clickhouse-client' as root." >&2
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

results="$(pwd)/TestResults"
rm -rf "$results"
dotnet test TeloMesh.sln --logger "trx;LogFileName=results.trx" --results-directory "$results" "$@"
status=$?

passed=0
failed=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")
  f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0}))
  failed=$((failed + ${f:-0}))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the build or the test host failed before any test could report
fi
echo "$passed passed, $failed failed"
exit "$status"
