#!/usr/bin/env bash
# What sharding costs at query time: the anchors' 200 mixed queries (top 10) over one database,
# 2 and 4 local shards (indexer --shards N), and 2 shards served by xapian-tcpsrv on loopback,
# all holding the same documents. Batch mode (one searcher process, --timings) and end to end (one
# process per query, with snippets). p50/p95/p99, medians of REPS passes. Skips cleanly without
# ../shared.
#
#   bench/shards.sh [REPS]                 (default 3)
#   CORPUS=wikipedia FTS_BENCH_WORK=/tmp/b bench/shards.sh   (reuses a bench/index.sh work dir)
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${FTS_SHARED:-$root/../shared}"
[ -d "$shared/data" ] && [ -d "$shared/anchors" ] || { echo "shards: $shared not found; skipping" >&2; exit 0; }
command -v xapian-tcpsrv >/dev/null || { echo "shards: xapian-tcpsrv not found; skipping" >&2; exit 0; }
bin="${FTS_BUILD:-$root/build}"
[ -x "$bin/searcher/searcher" ] || "$root/scripts/build.sh" >&2
reps="${1:-3}"
c="${CORPUS:-reuters21578}"
work="${FTS_BENCH_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/fts-shards.XXXXXX")}"
mkdir -p "$work/$c"
if [ ! -s "$work/$c/docs.jsonl" ]; then
  xz -dc "$shared/data/$c/docs.jsonl.xz" > "$work/$c/docs.jsonl"
fi
for n in 1 2 4; do
  db="$work/$c.shards$n.db"
  [ -d "$db" ] || "$bin/indexer/indexer" --quiet --db "$db" --shards "$n" "$work/$c/docs.jsonl"
done
# Two servers on loopback for the 2-shard database.
pids=()
trap '[ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true' EXIT
port=$(( 34000 + RANDOM % 2000 ))
: > "$work/$c.remote2.stub"
for s in 0 1; do
  # setsid: a group of its own, since xapian-tcpsrv signals its whole process group when stopped
  setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port $((port + s)) "$work/$c.shards2.db/shard$s" &
  pids+=($!)
  echo "remote 127.0.0.1:$((port + s))" >> "$work/$c.remote2.stub"
done
sleep 1

python3 - "$bin/searcher/searcher" "$shared/anchors/queries_$c.txt" "$work" "$c" "$reps" <<'PY'
import os, statistics, subprocess, sys, time
searcher, qfile, work, c, reps = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5])

def pct(xs, p):
    xs = sorted(xs); k = (len(xs) - 1) * p / 100; f = int(k)
    return xs[f] + (xs[min(f + 1, len(xs) - 1)] - xs[f]) * (k - f)

def stats(ts):
    return [pct(ts, p) * 1e3 for p in (50, 95, 99)]

def qtext(qtype, terms):
    return " AND ".join(terms) if qtype == "and" else ('"' + " ".join(terms) + '"' if qtype == "phrase" else " ".join(terms))

queries = [l.rstrip("\n").split("\t") for l in open(qfile) if l.strip()]
tsv = os.path.join(work, f"{c}.shards.queries.tsv")
with open(tsv, "w") as f:
    for qid, qtype, terms in queries:
        f.write(f"{qid}\t{qtext(qtype, terms.split())}\n")
layouts = [("one database", f"{c}.shards1.db"), ("2 local shards", f"{c}.shards2.db"),
           ("4 local shards", f"{c}.shards4.db"), ("2 remote shards (loopback)", f"{c}.remote2.stub")]
print(f"| {c} | batch p50 ms | p95 | p99 | end-to-end p50 ms | p95 | p99 | batch p50 vs one |")
print("|---|---|---|---|---|---|---|---|")
base = None
for name, db in layouts:
    db = os.path.join(work, db)
    batch = []
    for _ in range(reps):
        tf = os.path.join(work, f"{c}.shards.timings.tsv")
        subprocess.run([searcher, "--db", db, "--queries", tsv, "--format", "trec", "-n", "10",
                        "--timings", tf], stdout=subprocess.DEVNULL, check=True)
        batch.append(stats([float(l.split("\t")[1]) for l in open(tf) if l.strip()]))
    batch = [statistics.median(p[i] for p in batch) for i in range(3)]
    ts = []
    for qid, qtype, terms in queries:
        t0 = time.perf_counter()
        subprocess.run([searcher, "--db", db, "-n", "10", "--color", "never", qtext(qtype, terms.split())],
                       stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        ts.append(time.perf_counter() - t0)
    e2e = stats(ts)
    base = base or batch[0]
    print(f"| {name} | {batch[0]:.2f} | {batch[1]:.2f} | {batch[2]:.2f} | {e2e[0]:.2f} | {e2e[1]:.2f} | {e2e[2]:.2f} | {batch[0] / base:.2f}x |")
PY
echo "(work files: $work)" >&2
