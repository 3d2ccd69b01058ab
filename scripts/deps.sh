#!/usr/bin/env bash
# deps.sh — installs every Debian package ptdv needs to build, run and test.
# Idempotent: runs `apt-get update` at most once and skips what is installed.
#   scripts/deps.sh          build + run dependencies
#   scripts/deps.sh --test   also what the tests use (cmocka, clang-format, python3, GNU time)
set -euo pipefail

build_pkgs=(
  build-essential pkg-config meson ninja-build
  libmicrohttpd-dev libsqlite3-dev libpq-dev libjansson-dev libsodium-dev
  libxlsxwriter-dev libzip-dev libxml2-dev libcairo2-dev libpango1.0-dev
  libutf8proc-dev fonts-liberation sqlite3
)
test_pkgs=(
  libcmocka-dev clang-format python3 time
)

want=("${build_pkgs[@]}")
if [ "${1:-}" = "--test" ]; then
  want+=("${test_pkgs[@]}")
fi

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "deps.sh: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
