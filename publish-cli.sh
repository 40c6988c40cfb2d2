#!/usr/bin/env bash
# Publishes the command line to out/telomesh/: self-contained (no .NET runtime needed to run it) and precompiled as one
# ReadyToRun composite image of the runtime, the libraries and TeloMesh (a small file does not wait for the JIT, and the
# hot loops are compiled with calls across assemblies inlined). Takes about a minute; the folder is about 100 MB.
# Run it as out/telomesh/telomesh [options]; docs/benchmarks.md has its start-up and end-to-end times.
# Usage: ./publish-cli.sh [output folder]
set -euo pipefail
cd "$(dirname "$0")"
case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64 | arm64) rid=linux-arm64 ;;
  *) echo "error: no ReadyToRun runtime for $(uname -m); use 'dotnet run -c Release --project TeloMesh.Cli' instead." >&2; exit 1 ;;
esac
out="${1:-out/telomesh}"
dotnet publish TeloMesh.Cli -c Release -r "$rid" --self-contained true \
  -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true -o "$out"
echo "published: $out/telomesh"
