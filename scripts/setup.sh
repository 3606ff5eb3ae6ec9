#!/usr/bin/env bash
# Installs every Debian package that building, testing and benchmarking dedup
# needs (scripts/setup.sh --bench: and the Go peer for bench/e2e.sh). Safe to run again: apt-get skips what is already there.
set -euo pipefail
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends \
  build-essential cmake ninja-build pkg-config git ca-certificates \
  libabsl-dev libicu-dev libopencc-dev libopencc1.1 opencc libsimdjson-dev \
  libxxhash-dev libzstd-dev zstd zlib1g-dev libcli11-dev \
  libgtest-dev libgmock-dev libbenchmark-dev python3 >/dev/null
# --bench: also the Go MinHash peer that bench/e2e.sh runs beside dedup.
if [ "${1:-}" = "--bench" ]; then
  $SUDO apt-get install -y -qq --no-install-recommends golang-go golang-github-ekzhu-minhash-lsh-dev >/dev/null
fi
echo "setup: dependencies installed"
