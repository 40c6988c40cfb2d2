#!/usr/bin/env bash
# The fast subset for a developer's loop: unit, bUnit and command-line tests, without the real browser (EndToEnd)
# and without the ClickHouse servers. Seconds, not minutes; ./test.sh stays the one full run (CI).
# Usage: ./test-fast.sh [extra dotnet test arguments]
set -uo pipefail
cd "$(dirname "$0")"
# The tests that start ClickHouse servers are the classes in the ClickHouse collection; every other test runs here.
exec dotnet test TeloMesh.Tests --filter "FullyQualifiedName!~.EndToEnd.&FullyQualifiedName!~.Core.ClickHouse.&FullyQualifiedName!~CliClickHouseTests&FullyQualifiedName!~ClickHouseSourcePageTests" "$@"
