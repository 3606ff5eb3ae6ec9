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
  libxxhash-dev libzstd-dev zstd zlib1g-dev libisal-dev libcli11-dev \
  libgtest-dev libgmock-dev libbenchmark-dev python3 \
  chromium fonts-noto-cjk clang libclang-rt-dev openmpi-bin libopenmpi-dev >/dev/null
# The real text corpus/make_crawl.py builds crawls from: the Linux man pages
# (English) and manpages-zh (simplified and traditional Chinese), unpacked
# into build/debian-text whatever the machine's dpkg path excludes, so every
# machine generates the same crawl from the same seed.
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
TEXT="$ROOT/build/debian-text"
if [ ! -f "$TEXT/.complete" ]; then
  DL="$(mktemp -d)"
  chmod 755 "$DL"
  (cd "$DL" && apt-get download -qq manpages manpages-zh 2>/dev/null)
  rm -rf "$TEXT" && mkdir -p "$TEXT"
  for deb in "$DL"/*.deb; do dpkg-deb -x "$deb" "$TEXT"; done
  rm -rf "$DL"
  touch "$TEXT/.complete"
fi
# --bench: also the Go MinHash peer that bench/e2e.sh runs beside dedup, and
# valgrind for bench/instructions.sh.
if [ "${1:-}" = "--bench" ]; then
  $SUDO apt-get install -y -qq --no-install-recommends golang-go golang-github-ekzhu-minhash-lsh-dev valgrind >/dev/null
fi
echo "setup: dependencies installed"
