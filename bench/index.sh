#!/usr/bin/env bash
# Bulk indexing speed, memory and size: our indexer and, in the same run, the peers of
# ../shared/anchors (naive Xapian, SQLite FTS5; measured by the anchors' own harness), on
# Reuters-21578, 20 Newsgroups and the Wikipedia extract (generated outside the repository with
# ../shared/data/prepare_dev.py). Prints MB/s, docs/s, peak RSS (/usr/bin/time -v), index size /
# raw text, and our ratio to each peer; medians of REPS runs. Skips cleanly without ../shared.
#
#   bench/index.sh [REPS]                       (default 3)
#   CORPORA="reuters21578" bench/index.sh 1
#   PEER_REPS="xapian-naive=1" bench/index.sh   (the naive Xapian build of Wikipedia takes ~5 min)
#   PEER_SYSTEMS="xapian-naive,sqlite-fts5" bench/index.sh   (only these peers; omindex, when
#                                               installed, takes a quarter of an hour on Wikipedia)
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${FTS_SHARED:-$root/../shared}"
[ -d "$shared/data" ] && [ -d "$shared/anchors" ] || { echo "index: $shared not found; skipping" >&2; exit 0; }
[ -x /usr/bin/time ] || DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null
bin="${FTS_BUILD:-$root/build}"   # FTS_BUILD: a frozen build, so later rebuilds cannot change a run
[ -x "$bin/indexer/indexer" ] || "$root/scripts/build.sh" >&2
reps="${1:-3}"
work="${FTS_BENCH_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/fts-index.XXXXXX")}"
mkdir -p "$work"

for c in ${CORPORA:-reuters21578 20newsgroups wikipedia wikipedia-2x}; do
  dir="$work/$c"
  mkdir -p "$dir"
  if [ ! -s "$dir/docs.jsonl" ]; then
    if [ "$c" = wikipedia ]; then
      python3 "$shared/data/prepare_dev.py" convert --only wikipedia --wiki-jsonl "$dir/docs.jsonl" >&2
    elif [ "$c" = wikipedia-2x ]; then  # the extract twice over, the second copy under new ids
      [ -s "$work/wikipedia/docs.jsonl" ] || { echo "index: wikipedia-2x needs wikipedia first" >&2; exit 2; }
      python3 -c '
import json, sys
src = sys.argv[1]
with open(sys.argv[2], "w") as out:
    for copy in ("", "copy2-"):
        for line in open(src, encoding="utf-8"):
            d = json.loads(line); d["id"] = copy + str(d["id"])
            out.write(json.dumps(d, ensure_ascii=False) + "\n")
' "$work/wikipedia/docs.jsonl" "$dir/docs.jsonl"
    else
      xz -dc "$shared/data/$c/docs.jsonl.xz" > "$dir/docs.jsonl"
    fi
  fi
  if [ "$c" = wikipedia-2x ]; then  # ours only: does MB/s hold when the input doubles?
    printf '{"meta": {"raw_bytes": %s, "docs": %s}, "systems": {}}' \
      "$(python3 -c 'import json,sys; print(sum(len(((d.get("title") or "") + "\n" + (d.get("body") or "") + "\n").encode()) for d in map(json.loads, open(sys.argv[1], encoding="utf-8"))))' "$dir/docs.jsonl")" \
      "$(wc -l < "$dir/docs.jsonl")" > "$work/$c.meta.json"
  else
  echo "index: $c: peers (anchors harness)" >&2
  if [ -n "${PEER_SYSTEMS:-}" ]; then  # the harness's own steps (run_all.sh), for some peers only
    export ANCHORS_BUILD="${ANCHORS_BUILD:-${TMPDIR:-/tmp}/anchors-build}"
    { [ -x "$ANCHORS_BUILD/xap_index" ] || "$shared/anchors/build.sh"; } >&2
    { python3 "$shared/anchors/bench.py" prep "$dir" "$work/anchors/$c" >/dev/null &&
      python3 "$shared/anchors/bench.py" run "$dir" "$work/anchors/$c" --mode speed \
        --queries "$shared/anchors/queries_$c.txt" --reps "$reps" --index-reps "${PEER_REPS:-}" \
        --systems "$PEER_SYSTEMS"; } > "$work/$c.peers.md" 2> "$work/$c.peers.log" ||
      echo "index: $c: the peers' run failed (see $work/$c.peers.log)" >&2
  else
    ANCHORS_WORK="$work/anchors" ANCHORS_INDEX_REPS="${PEER_REPS:-}" \
      "$shared/anchors/run_all.sh" "$dir" speed "$reps" > "$work/$c.peers.md" 2> "$work/$c.peers.log" ||
      echo "index: $c: the peers' run failed (see $work/$c.peers.log)" >&2
  fi
  fi
  echo "index: $c: fts" >&2
  : > "$work/$c.ours.tsv"
  for r in $(seq "$reps"); do
    rm -rf "$work/$c.db"
    /usr/bin/time -v -o "$work/$c.time" "$bin/indexer/indexer" --quiet --db "$work/$c.db" "$dir/docs.jsonl"
    wall=$(awk -F': ' '/Elapsed/ {n=split($2,t,":"); s=0; for(i=1;i<=n;i++) s=s*60+t[i]; print s}' "$work/$c.time")
    rss=$(awk -F': ' '/Maximum resident/ {print $2/1024}' "$work/$c.time")
    size=$(du -sb "$work/$c.db" | cut -f1)
    printf '%s\t%s\t%s\n' "$wall" "$rss" "$size" >> "$work/$c.ours.tsv"
  done
done

python3 - "$work" ${CORPORA:-reuters21578 20newsgroups wikipedia wikipedia-2x} <<'PY'
import glob, json, os, statistics, sys
work, corpora = sys.argv[1], sys.argv[2:]
print("| corpus | system | index s | MB/s | docs/s | peak RSS MB | index / raw | fts speed ratio |")
print("|---|---|---|---|---|---|---|---|")
for c in corpora:
    res = glob.glob(os.path.join(work, "anchors", c, f"results_{c}_speed.json"))
    res += glob.glob(os.path.join(work, f"{c}.meta.json"))
    peers = json.load(open(res[0])) if res else {"meta": {}, "systems": {}}
    raw = peers["meta"].get("raw_bytes")
    docs = peers["meta"].get("docs")
    rows = [l.split("\t") for l in open(os.path.join(work, f"{c}.ours.tsv")) if l.strip()]
    wall = statistics.median(float(r[0]) for r in rows)
    rss = statistics.median(float(r[1]) for r in rows)
    size = statistics.median(float(r[2]) for r in rows)
    systems = {"**fts**": {"index_s": wall, "index_rss_mb": rss, "index_bytes": size}}
    for name in ("xapian-naive", "sqlite-fts5"):
        if name in peers["systems"]:
            systems[name] = peers["systems"][name]
    for name, s in systems.items():
        mbs = raw / 1e6 / s["index_s"] if raw else float("nan")
        ratio = "" if name == "**fts**" else f"{s['index_s'] / wall:.2f}x"
        print(f"| {c} | {name} | {s['index_s']:.2f} | {mbs:.2f} | {docs / s['index_s']:.0f} | "
              f"{s['index_rss_mb']:.0f} | {s['index_bytes'] / raw:.2f} | {ratio} |")
PY
echo "(work files: $work)" >&2
