#!/usr/bin/env bash
# Installs every Debian 12 package neuralcrn needs to build, test, benchmark and plot, then
# builds an optimised SUNDIALS from Debian's source package (scripts/build-sundials.sh). If that
# step fails, the build uses Debian's own SUNDIALS: same results, slower solves.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends \
  build-essential cmake ninja-build pkg-config git xz-utils \
  libsundials-dev libsuitesparse-dev libeigen3-dev libcli11-dev nlohmann-json3-dev libfmt-dev \
  libgtest-dev libgmock-dev libbenchmark-dev libsbml5-dev \
  gnuplot-nox graphviz python3 python3-numpy python3-scipy
bash "$(dirname "$0")/build-sundials.sh" ||
  echo "install-deps: warning: the optimised SUNDIALS build failed; using Debian's (built" \
    "without optimisation: solves about 1.6x slower, results the same)" >&2
