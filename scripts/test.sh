#!/usr/bin/env bash
# Install what is missing, build, and run the whole test suite (unit + CLI tests) with ctest;
# then build again with AddressSanitizer + UndefinedBehaviorSanitizer and run it once more
# (all but the 200 MB file test, which only takes time under ASan). FTS_SKIP_ASAN=1 skips that.
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"
if [ "${FTS_SKIP_ASAN:-0}" != 1 ]; then
  echo "== again under ASan + UBSan (build-asan/)"
  cmake --preset asan >/dev/null
  cmake --build --preset asan -j "$(nproc)" >/dev/null
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    ctest --test-dir build-asan --output-on-failure -j "$(nproc)" -E 'TwoHundredMegabyteFile'
fi
