#!/usr/bin/env bash
# Query latency: the 200-query mixed sets of ../shared/anchors (terms, AND, OR, phrases; top 10)
# against our index and, in the same run, the anchors' peers (naive Xapian in-process, omindex +
# quest one process per query, SQLite FTS5), measured by the anchors' own harness; naive Xapian
# and quest are also timed in the same passes as ours when their indexes are there.
#   - batch: `searcher --queries --format trec --timings` (one process; time to search and rank)
#   - end to end: one `searcher` process per query, text output with snippets, as a terminal user
#     runs it (process start and database open included), with the default ranking and with
#     --no-feedback, and quest on the same query, each system first, second or last in turn
# p50/p95/p99 per pass, medians of REPS passes. Reuses the indexes and the peers' results of a
# bench/index.sh run with the same FTS_BENCH_WORK; builds what is missing. Skips cleanly without
# ../shared.
#
#   bench/query.sh [REPS]                           (default 3)
#   FTS_BENCH_WORK=/tmp/b CORPORA="wikipedia" bench/query.sh
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${FTS_SHARED:-$root/../shared}"
[ -d "$shared/data" ] && [ -d "$shared/anchors" ] || { echo "query: $shared not found; skipping" >&2; exit 0; }
bin="${FTS_BUILD:-$root/build}"   # FTS_BUILD: a frozen build, so later rebuilds cannot change a run
[ -x "$bin/searcher/searcher" ] || "$root/scripts/build.sh" >&2
reps="${1:-3}"
work="${FTS_BENCH_WORK:-$(mktemp -d "${TMPDIR:-/tmp}/fts-index.XXXXXX")}"
mkdir -p "$work"
corpora="${CORPORA:-wikipedia}"

for c in $corpora; do
  dir="$work/$c"
  mkdir -p "$dir"
  if [ ! -s "$dir/docs.jsonl" ]; then
    if [ "$c" = wikipedia ]; then
      python3 "$shared/data/prepare_dev.py" convert --only wikipedia --wiki-jsonl "$dir/docs.jsonl" >&2
    else
      xz -dc "$shared/data/$c/docs.jsonl.xz" > "$dir/docs.jsonl"
    fi
  fi
  if [ ! -d "$work/$c.db" ]; then
    echo "query: $c: indexing" >&2
    "$bin/indexer/indexer" --quiet --db "$work/$c.db" "$dir/docs.jsonl"
  fi
  if ! ls "$work/anchors/$c"/results_"$c"_speed.json >/dev/null 2>&1; then
    echo "query: $c: peers (anchors harness, builds their indexes too)" >&2
    ANCHORS_WORK="$work/anchors" ANCHORS_INDEX_REPS="${PEER_REPS:-}" \
      "$shared/anchors/run_all.sh" "$dir" speed "$reps" > "$work/$c.peers.md" 2> "$work/$c.peers.log" ||
      echo "query: $c: the peers' run failed (see $work/$c.peers.log)" >&2
  fi
done

python3 - "$bin" "$shared" "$work" "$reps" $corpora <<'PY'
import glob, json, os, shutil, statistics, subprocess, sys, time
root, shared, work, reps, corpora = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), sys.argv[5:]
searcher = os.path.join(root, "searcher", "searcher")

def pct(xs, p):
    xs = sorted(xs)
    k = (len(xs) - 1) * p / 100
    f = int(k)
    return xs[f] + (xs[min(f + 1, len(xs) - 1)] - xs[f]) * (k - f)

def stats(times):
    return {"p50_ms": pct(times, 50) * 1e3, "p95_ms": pct(times, 95) * 1e3, "p99_ms": pct(times, 99) * 1e3}

def median_stats(passes):
    return {k: statistics.median(p[k] for p in passes) for k in passes[0]}

def query_text(qtype, terms):  # as the anchors' harness spells them for Xapian's QueryParser
    if qtype == "and":
        return " AND ".join(terms)
    if qtype == "phrase":
        return '"' + " ".join(terms) + '"'
    return " ".join(terms)

print("| corpus | system | mode | p50 ms | p95 ms | p99 ms | fts p50 / p99 ratio |")
print("|---|---|---|---|---|---|---|")
for c in corpora:
    db = os.path.join(work, c + ".db")
    qfile = os.path.join(shared, "anchors", f"queries_{c}.txt")
    queries = [l.rstrip("\n").split("\t") for l in open(qfile) if l.strip()]
    tsv = os.path.join(work, f"{c}.queries.tsv")
    with open(tsv, "w") as f:
        for qid, qtype, terms in queries:
            f.write(f"{qid}\t{query_text(qtype, terms.split())}\n")
    # Batch: one process, per-query times from --timings; with the default ranking and without
    # pseudo-relevance feedback (a second, expanded match per query). Where the anchors' naive
    # Xapian index and search program are there (a bench/index.sh run), naive Xapian answers the
    # same queries in the same passes (as the anchors' harness runs it), so the ratio is of one
    # moment of this noisy machine.
    naive_idx = os.path.join(work, "anchors", c, "idx_xapian-naive")
    naive_bin = next((p for p in (os.path.join(os.environ.get("ANCHORS_BUILD", ""), "xap_search"),
                                  os.path.join(shared, "anchors", "build", "xap_search"),
                                  # run_all.sh's own default when ../shared is read-only:
                                  "/tmp/anchors-build/xap_search") if os.access(p, os.X_OK)), None)
    with_naive = os.path.isdir(naive_idx) and naive_bin
    batch, plain, naive_now = [], [], []
    tfile = os.path.join(work, f"{c}.timings.tsv")
    for r in range(reps):
        for extra, out in (([], batch), (["--no-feedback"], plain)):
            subprocess.run([searcher, "--db", db, "--queries", tsv, "--format", "trec", "-n", "10",
                            "--timings", tfile] + extra, stdout=subprocess.DEVNULL, check=False)
            out.append(stats([float(l.split("\t")[1]) for l in open(tfile) if l.strip()]))
        if with_naive:
            run = os.path.join(work, f"{c}.naive.trec")
            ntimes = os.path.join(work, f"{c}.naive.timings.tsv")
            if os.path.exists(ntimes):
                os.remove(ntimes)
            done = subprocess.run([naive_bin, naive_idx, qfile, "10", run, ntimes, "xapian-naive"],
                                  stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if done.returncode != 0 or not os.path.exists(ntimes):
                sys.exit(f"query: {c}: naive Xapian's search failed: {done.stderr.strip()}")
            naive_now.append(stats([float(l.split("\t")[1]) for l in open(ntimes) if l.strip()]))
    batch, plain = median_stats(batch), median_stats(plain)
    # End to end: one process per query, text with snippets, output discarded. Where the anchors'
    # omindex index exists, quest runs beside each of our queries (as the anchors' harness runs
    # it: output read through a pipe), so both see the same machine at the same moment.
    quest_idx = os.path.join(work, "anchors", c, "idx_omindex_quest")
    with_quest = os.path.isdir(quest_idx) and shutil.which("quest")
    e2e, e2e_plain, e2e_quest = [], [], []
    for r in range(reps):
        ts, tp, tq = [], [], []
        for i, (qid, qtype, terms) in enumerate(queries):
            q = query_text(qtype, terms.split())
            runs = [(ts, [searcher, "--db", db, "-n", "10", "--color", "never", q], False),
                    (tp, [searcher, "--db", db, "-n", "10", "--color", "never", "--no-feedback", q],
                     False)]
            if with_quest:
                runs.append((tq, ["quest", "-d", quest_idx, "-m", "10", q], True))
            # Each system goes first, second or last in turn: the first pays for any cold cache.
            k = (i + r) % len(runs)
            for times, cmd, piped in runs[k:] + runs[:k]:
                t0 = time.perf_counter()
                if piped:  # as the anchors' harness runs quest: output read through a pipe
                    subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                else:
                    subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                times.append(time.perf_counter() - t0)
        e2e.append(stats(ts))
        e2e_plain.append(stats(tp))
        if tq:
            e2e_quest.append(stats(tq))
    e2e = median_stats(e2e)
    e2e_plain = median_stats(e2e_plain)
    # The anchors' speed run, and any run of single peers beside it (results_<c>_quest.json:
    # omindex+quest, whose Wikipedia build alone takes a quarter of an hour).
    peers = {}
    for res in sorted(glob.glob(os.path.join(work, "anchors", c, f"results_{c}_*.json"))):
        if not res.endswith("_quality.json"):
            peers.update(json.load(open(res))["systems"])
    naive = median_stats(naive_now) if naive_now else peers.get("xapian-naive")
    quest = median_stats(e2e_quest) if e2e_quest else peers.get("omindex+quest")
    def ratio(ours, peer):
        return f"{ours['p50_ms'] / peer['p50_ms']:.2f}x / {ours['p99_ms'] / peer['p99_ms']:.2f}x" if peer else ""
    rows = [("**fts**", "batch (in-process)", batch, ratio(batch, naive) + (" of naive" if naive else "")),
            ("**fts** --no-feedback", "batch (in-process)", plain, ratio(plain, naive) + (" of naive" if naive else "")),
            ("**fts**", "end to end, snippets", e2e, ratio(e2e, quest) + (" of quest" if quest else "")),
            ("**fts** --no-feedback", "end to end, snippets", e2e_plain,
             ratio(e2e_plain, quest) + (" of quest" if quest else ""))]
    for name, mode in (("xapian-naive", "in-process"), ("omindex+quest", "end to end (quest)"),
                       ("sqlite-fts5", "in-process"), ("lucene++", "in-process")):
        if name == "omindex+quest" and e2e_quest:
            rows.append((name, "end to end (quest), same passes as fts", quest, ""))
        elif name == "xapian-naive" and naive_now:
            rows.append((name, "in-process, same passes as fts", naive, ""))
        elif name in peers:
            rows.append((name, mode, peers[name], ""))
    for name, mode, s, rt in rows:
        print(f"| {c} | {name} | {mode} | {s['p50_ms']:.2f} | {s['p95_ms']:.2f} | {s['p99_ms']:.2f} | {rt} |")
PY
echo "(work files: $work)" >&2
