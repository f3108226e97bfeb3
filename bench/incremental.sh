#!/usr/bin/env bash
# Incremental indexing: Reuters-21578 written out as one file per article, indexed once from
# scratch, then again with nothing changed, then after touching 1% of the files and editing
# 1%. Prints each run's time and the no-change re-run as a fraction of the first run
# (target: under 10%). Skips cleanly where ../shared/data is absent.
#
#   bench/incremental.sh [REPEATS]     (default 3; medians are reported)
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
data="${FTS_SHARED:-$root/../shared}/data/reuters21578/docs.jsonl.xz"
[ -f "$data" ] || { echo "incremental: $data not found; skipping" >&2; exit 0; }
[ -x "$root/build/indexer/indexer" ] || "$root/scripts/build.sh" >&2
reps="${1:-3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/fts-incremental.XXXXXX")"
trap 'rm -rf "$work"' EXIT

python3 - "$data" "$work/files" <<'PY'
import json, lzma, os, sys
src, out = sys.argv[1], sys.argv[2]
for line in lzma.open(src, "rt", encoding="utf-8"):
    d = json.loads(line)
    sub = os.path.join(out, f"{int(d['id']) // 1000:02d}")
    os.makedirs(sub, exist_ok=True)
    with open(os.path.join(sub, f"{d['id']}.txt"), "w", encoding="utf-8") as f:
        f.write((d.get("title") or "").replace("\n", " ") + "\n\n" + (d.get("body") or "") + "\n")
PY
files=$(find "$work/files" -type f | wc -l)
mb=$(du -sm "$work/files" | cut -f1)
cat "$(find "$work/files" -type f | head -1)" > /dev/null

timed() {  # prints seconds
  local start end
  start=$(date +%s.%N)
  "$@" > /dev/null 2>&1
  end=$(date +%s.%N)
  echo "$end - $start" | bc -l
}
median() { sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

idx="$root/build/indexer/indexer"
full=(); same=(); touched=()
for r in $(seq "$reps"); do
  rm -rf "$work/db"
  full+=("$(timed "$idx" --db "$work/db" --quiet "$work/files")")
  same+=("$(timed "$idx" --db "$work/db" --quiet "$work/files")")
  # 1% touched (same bytes, new mtime: hashed, not re-indexed) and 1% edited.
  find "$work/files" -type f | awk 'NR % 100 == 0' | xargs touch
  find "$work/files" -type f | awk 'NR % 100 == 50' | while read -r f; do echo "edited $r" >> "$f"; done
  touched+=("$(timed "$idx" --db "$work/db" --quiet "$work/files")")
done
f=$(printf '%s\n' "${full[@]}" | median); s=$(printf '%s\n' "${same[@]}" | median); t=$(printf '%s\n' "${touched[@]}" | median)
echo "| Reuters-21578, one file per article ($files files, $mb MB on disk) | median of $reps |"
echo "|---|---|"
printf '| first run (from scratch) | %.2f s |\n' "$f"
printf '| no-change re-run | %.2f s (%.1f%% of the first run) |\n' "$s" "$(echo "100 * $s / $f" | bc -l)"
printf '| 1%% touched + 1%% edited | %.2f s (%.1f%% of the first run) |\n' "$t" "$(echo "100 * $t / $f" | bc -l)"
