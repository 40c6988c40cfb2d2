#!/usr/bin/env bash
# The fast subset for a developer's loop: unit, bUnit and command-line tests, without the real browser (EndToEnd)
# and without the ClickHouse servers. Seconds, not minutes; ./test.sh stays the one full run (CI).
# Usage: ./test-fast.sh [extra dotnet test arguments]
set -uo pipefail
cd "$(dirname "$0")"
exec dotnet test TeloMesh.Tests --filter "FullyQualifiedName!~.EndToEnd.&FullyQualifiedName!~ClickHouse" "$@"
