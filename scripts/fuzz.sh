#!/usr/bin/env bash
# Build the libFuzzer targets with clang (ASan + UBSan) into build-fuzz/ and run each for a
# bounded time, starting from the seed corpora in tests/fuzz/seeds/. Findings (crashes, leaks,
# timeouts) land in build-fuzz/findings/<target>/; turn each into a regression test.
#
#   scripts/fuzz.sh                 # every target, 60 s each
#   FUZZ_SECONDS=600 scripts/fuzz.sh html jsonl
#   FUZZ_JOBS=2 scripts/fuzz.sh     # two targets at a time
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${FUZZ_SECONDS:-60}"
jobs="${FUZZ_JOBS:-1}"
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(text markdown html jsonl query snippet)

scripts/deps.sh
if ! command -v clang++ >/dev/null || [ ! -d /usr/lib/llvm-14/lib/clang ]; then
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang libclang-rt-14-dev >/dev/null
fi
CC=clang CXX=clang++ cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFTS_FUZZ=ON \
  -DFTS_BUILD_TESTS=OFF >/dev/null
cmake --build build-fuzz -j "$(nproc)" --target $(printf 'fuzz_%s ' "${targets[@]}") >/dev/null

# Leaks inside the libraries we build on, reproduced without our code (see the file).
export LSAN_OPTIONS="suppressions=$PWD/tests/fuzz/lsan_suppressions.txt${LSAN_OPTIONS:+:$LSAN_OPTIONS}"

run_one() {
  local t="$1" work="build-fuzz/corpus/$1" findings="build-fuzz/findings/$1"
  mkdir -p "$work" "$findings"
  # -rss_limit_mb: a reader must not need gigabytes for an input of a few KiB.
  build-fuzz/tests/fuzz/fuzz_"$t" "$work" "tests/fuzz/seeds/$t" -max_total_time="$seconds" \
    -timeout=10 -rss_limit_mb=2048 -max_len=65536 -artifact_prefix="$findings/" \
    -print_final_stats=1 > "build-fuzz/fuzz_$t.log" 2>&1 || true
  local execs crashes
  execs=$(grep -m1 'stat::number_of_executed_units' "build-fuzz/fuzz_$t.log" | awk '{print $2}')
  crashes=$(find "$findings" -type f | wc -l)
  printf '%-9s %8s s  %12s executions  %s findings\n' "$t" "$seconds" "${execs:-?}" "$crashes"
}

echo "target    duration        executions  findings"
running=0
for t in "${targets[@]}"; do
  run_one "$t" &
  running=$((running + 1))
  if [ "$running" -ge "$jobs" ]; then wait -n; running=$((running - 1)); fi
done
wait
if find build-fuzz/findings -type f | grep -q .; then
  echo "findings (reproduce with: build-fuzz/tests/fuzz/fuzz_TARGET FILE):"
  find build-fuzz/findings -type f
  exit 1
fi
