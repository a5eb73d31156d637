#!/usr/bin/env bash
# Builds SUNDIALS with optimisation from Debian's own source package, once, into
# /opt/neuralcrn/sundials (or $NCRN_SUNDIALS_PREFIX). Debian's libsundials-dev is compiled at -O0,
# which makes every solve about 1.6x slower (docs/performance.md). The source comes from the same
# Debian archive as the binary packages (a deb-src entry is added for it); nothing is vendored.
# Only what neuralcrn links is built: ARKODE, CVODE, serial vectors, dense/sparse matrices,
# dense/KLU linear solvers. About 10 s. CMake prefers this build and falls back to Debian's.
set -euo pipefail
prefix=${NCRN_SUNDIALS_PREFIX:-/opt/neuralcrn/sundials}
done_marker="$prefix/.neuralcrn-build-complete"  # written last: a half-done install is redone
if [ -f "$done_marker" ]; then
  echo "build-sundials: optimised SUNDIALS already in $prefix"
  exit 0
fi
rm -rf "$prefix"

work=$(mktemp -d)
added_src=""
# On failure, remove a partial install (CMake would find it) and take back the deb-src entry we
# added (a mirror without sources would make every later apt-get update fail).
cleanup() {
  local status=$?
  rm -rf "$work"
  if [ "$status" -ne 0 ]; then
    rm -rf "$prefix"
    if [ -n "$added_src" ]; then rm -f "$added_src"; fi
  fi
}
trap cleanup EXIT

# A deb-src twin of the system's Debian entries (same mirror, same suites), unless one exists.
if ! grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    added_src=/etc/apt/sources.list.d/neuralcrn-deb-src.sources
    sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources > "$added_src"
  else
    added_src=/etc/apt/sources.list.d/neuralcrn-deb-src.list
    grep -E '^deb ' /etc/apt/sources.list | sed 's/^deb /deb-src /' > "$added_src"
  fi
  apt-get update -q
fi

chmod 755 "$work"  # apt fetches as the _apt user
cd "$work"
apt-get source -q sundials
src=$(find . -maxdepth 1 -type d -name 'sundials-*' | head -n 1)
cmake -S "$src" -B build -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX="$prefix" \
  -DBUILD_ARKODE=ON -DBUILD_CVODE=ON -DBUILD_CVODES=OFF -DBUILD_IDA=OFF -DBUILD_IDAS=OFF \
  -DBUILD_KINSOL=OFF -DBUILD_NVECTOR_MANYVECTOR=OFF -DBUILD_STATIC_LIBS=OFF \
  -DEXAMPLES_ENABLE_C=OFF -DEXAMPLES_INSTALL=OFF \
  -DENABLE_KLU=ON -DKLU_INCLUDE_DIR=/usr/include/suitesparse \
  -DKLU_LIBRARY_DIR="/usr/lib/$(gcc -print-multiarch)"
cmake --build build
cmake --install build
touch "$done_marker"
echo "build-sundials: optimised SUNDIALS installed in $prefix"
