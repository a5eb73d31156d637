#!/usr/bin/env bash
# Regenerates the io golden files (tests/io/golden/small.*) from tests/io/golden/small.crn with
# the built CLI. Review the diff before committing: a golden file is a statement of what the
# exporter should write.
#   usage: scripts/regen-io-goldens.sh [BUILD_DIR]   (default: build)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-$root/build}"
cli="$build/neuralcrn"
[ -x "$cli" ] || { echo "no CLI at $cli; build the 'neuralcrn' target first" >&2; exit 1; }
g="$root/tests/io/golden"
# format:output-suffix pairs; keep in step with GoldenTest in tests/io/golden_test.cc.
for pair in catalyst:jl antimony:ant bngl:bngl nuskell:nuskell visualcrn:visualcrn.crn dot:dot \
            latex:tex; do
  fmt="${pair%%:*}"
  ext="${pair#*:}"
  "$cli" export "$g/small.crn" --to "$fmt" -o "$g/small.$ext"
  echo "wrote $g/small.$ext"
done
