#!/usr/bin/env bash
# Installs every Debian 12 package neuralcrn needs to build, test, benchmark and plot.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends \
  build-essential cmake ninja-build pkg-config git \
  libsundials-dev libsuitesparse-dev libeigen3-dev libcli11-dev nlohmann-json3-dev libfmt-dev \
  libgtest-dev libgmock-dev libbenchmark-dev libsbml5-dev \
  gnuplot-nox graphviz python3 python3-numpy python3-scipy
