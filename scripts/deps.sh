#!/usr/bin/env bash
# deps.sh — installs every Debian package ptdv needs to build, run and test.
# Idempotent: runs `apt-get update` at most once and skips what is installed.
#   scripts/deps.sh          build + run dependencies
#   scripts/deps.sh --test   also what the tests use (cmocka, clang-format, python3, GNU time,
#                            clang and its libFuzzer runtime (scripts/fuzz.sh), valgrind
#                            (scripts/valgrind.sh), curl (tests/crash/crash.sh), openpyxl
#                            (the .xlsx cross-check), poppler-utils (the PDF cross-check), wrk
#                            (bench/soak.sh), PostgreSQL 15 for the postgres suites
#                            (scripts/pg.sh), chromium, node and playwright-core from the
#                            npm registry)
set -euo pipefail

build_pkgs=(
  build-essential pkg-config meson ninja-build
  libmicrohttpd-dev libsqlite3-dev libpq-dev libjansson-dev libsodium-dev
  libxlsxwriter-dev libzip-dev libxml2-dev libcairo2-dev libpango1.0-dev
  libutf8proc-dev fonts-liberation sqlite3
)
test_pkgs=(
  libcmocka-dev clang-format python3 time chromium postgresql-15 postgresql-client-15
  clang libclang-rt-14-dev python3-openpyxl poppler-utils wrk valgrind curl
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

# The browser tests need node (18 or later) and npm; Debian's are used only when the
# machine has none.
if [ "${1:-}" = "--test" ] && ! { command -v node && command -v npm; } >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi

if [ "${#missing[@]}" -gt 0 ]; then
  echo "deps.sh: installing ${missing[*]}" >&2
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# playwright-core drives Debian's chromium; it is the only npm package, pinned by the lock file.
if [ "${1:-}" = "--test" ]; then
  e2e="$(dirname "$0")/../tests/e2e"
  if [ ! -d "$e2e/node_modules/playwright-core" ] || [ "$e2e/package-lock.json" -nt "$e2e/node_modules/.package-lock.json" ]; then
    (cd "$e2e" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
  fi
fi
