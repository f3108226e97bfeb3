#!/usr/bin/env bash
# Ranking quality on the judged collections in ../shared/data (Cranfield, CISI): index each with
# our indexer, run its queries through `searcher --queries --format trec -n 1000`, score the run
# with ../shared/tools/evaluate.py and print our figures beside the peers' (../shared/anchors).
#
#   bench/quality.sh [SEARCHER OPTIONS...]     e.g. bench/quality.sh --no-feedback --b 0.5
#   INDEXER_ARGS="--title-weight 1" bench/quality.sh
#   COLLECTIONS="cranfield" bench/quality.sh
#
# A third judged set is generated from Reuters-21578 ("reuters-topics"): each TOPICS category
# with a description in the distribution's cat-descriptions file and at least 5 stories is a
# query (its description: "Crude Oil", "Balance of Payments"), and the stories labelled with it
# are the relevant ones: short queries over news, unlike the long questions of Cranfield/CISI.
# Its peers are not in ../shared/anchors/RESULTS.md; FTS_RUN_PEERS=1 measures them with the
# anchors' own harness (../shared/anchors/run_all.sh) in the same run.
#
# Queries are sanitised exactly as the peers' harness does (lowercase; anything but letters and
# digits becomes a space), so every system answers the same words.
# Skips cleanly (exit 0) when ../shared/data is absent.
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
shared="${FTS_SHARED:-$root/../shared}"
data="$shared/data"
evaluate="$shared/tools/evaluate.py"
if [ ! -d "$data" ] || [ ! -f "$evaluate" ]; then
  echo "quality: $data or $evaluate not found; skipping" >&2
  exit 0
fi
command -v python3 >/dev/null || { echo "quality: python3 is needed" >&2; exit 2; }
[ -x "$root/build/searcher/searcher" ] || "$root/scripts/build.sh" >&2

work="$(mktemp -d "${TMPDIR:-/tmp}/fts-quality.XXXXXX")"
trap 'rm -rf "$work"' EXIT
collections="${COLLECTIONS:-cranfield cisi reuters-topics}"

# Build the reuters-topics collection (docs.jsonl, queries.tsv, qrels.txt) under $work.
make_reuters_topics() {
  local out="$1" src="$data/reuters21578"
  [ -f "$src/docs.jsonl.xz" ] && [ -f "$src/raw/cat-descriptions_120396.txt" ] || return 1
  mkdir -p "$out"
  python3 - "$src" "$out" <<'PY'
import collections, json, lzma, re, sys
src, out = sys.argv[1], sys.argv[2]
docs = [json.loads(l) for l in lzma.open(f"{src}/docs.jsonl.xz", "rt", encoding="utf-8")]
count = collections.Counter(t for d in docs for t in d.get("topics", []))
desc = {}
for line in open(f"{src}/raw/cat-descriptions_120396.txt", encoding="latin-1"):
    m = re.match(r"^(.+?) \(([A-Z0-9-]+)\)\s*$", line.strip())
    if m:
        desc.setdefault(m.group(2).lower(), m.group(1))
topics = [(t, desc[t]) for t in sorted(count) if t in desc and count[t] >= 5]
with open(f"{out}/docs.jsonl", "w", encoding="utf-8") as f:
    for d in docs:
        f.write(json.dumps({"id": d["id"], "title": d.get("title", ""), "body": d.get("body", "")}) + "\n")
with open(f"{out}/queries.tsv", "w", encoding="utf-8") as fq, open(f"{out}/qrels.txt", "w") as fr:
    for i, (t, text) in enumerate(topics, 1):
        fq.write(f"{i}\t{text}\n")
        for d in docs:
            if t in d.get("topics", []):
                fr.write(f"{i} 0 {d['id']} 1\n")
PY
}

for c in $collections; do
  dir="$data/$c"
  if [ "$c" = reuters-topics ]; then
    dir="$work/reuters-topics"
    make_reuters_topics "$dir" || { echo "quality: no Reuters-21578 data; skipping $c" >&2; continue; }
    if [ "${FTS_RUN_PEERS:-0}" = 1 ]; then
      ANCHORS_WORK="$work/anchors" "$shared/anchors/run_all.sh" "$dir" quality 1 \
        > "$work/peers-$c.md" 2> "$work/peers-$c.log" || echo "quality: peers failed, see log" >&2
    fi
  fi
  [ -f "$dir/qrels.txt" ] || { echo "quality: $dir has no qrels.txt; skipping $c" >&2; continue; }
  docs="$dir/docs.jsonl"
  if [ ! -f "$docs" ] && [ -f "$docs.xz" ]; then xz -dc "$docs.xz" > "$work/$c.jsonl"; docs="$work/$c.jsonl"; fi
  # shellcheck disable=SC2086
  "$root/build/indexer/indexer" --quiet --db "$work/$c.db" ${INDEXER_ARGS:-} "$docs"
  python3 - "$dir/queries.tsv" > "$work/$c.queries.tsv" <<'PY'
import re, sys
word = re.compile(r"[^\W_]+")
for line in open(sys.argv[1], encoding="utf-8"):
    qid, _, text = line.rstrip("\n").partition("\t")
    print(f"{qid}\t{' '.join(word.findall(text.lower()))}")
PY
  "$root/build/searcher/searcher" --db "$work/$c.db" --queries "$work/$c.queries.tsv" \
    --format trec -n 1000 "$@" > "$work/$c.run" || [ $? -eq 1 ]
  python3 "$evaluate" "$dir/qrels.txt" "$work/$c.run" --json > "$work/$c.eval.json"
done

python3 - "$work" "$shared/anchors/RESULTS.md" $collections <<'PY'
import glob, json, os, sys
work, results_md, collections = sys.argv[1], sys.argv[2], sys.argv[3:]
peers = {}  # (collection, system) -> {metric: value}
for md in [results_md] + sorted(glob.glob(os.path.join(work, "peers-*.md"))):
    if not os.path.exists(md):
        continue
    header = None
    for line in open(md, encoding="utf-8"):
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) > 2 and cells[0] == "collection" and "MAP" in cells:
            header = cells
            continue
        if header and len(cells) == len(header) and not set(cells[0]) <= set("-: "):
            try:
                peers[(os.path.basename(cells[0]) if "peers-" in md else cells[0], cells[1])] = {("Recall@100" if h == "R@100" else h): float(v) for h, v in zip(header[2:], cells[2:])}
            except ValueError:
                header = None
        elif header and not line.strip():
            header = None
metrics = ["MAP", "nDCG@10", "P@10", "Recall@100"]
print("| collection | system | " + " | ".join(metrics) + " |")
print("|---|---|" + "---|" * len(metrics))
summary = []
for c in collections:
    path = os.path.join(work, f"{c}.eval.json")
    if not os.path.exists(path):
        continue
    ours = json.load(open(path))
    ours = ours.get("summary", ours)
    for (pc, system), vals in sorted(peers.items()):
        if pc == c:
            print(f"| {c} | {system} | " + " | ".join(f"{vals.get(m, float('nan')):.4f}" for m in metrics) + " |")
    print(f"| {c} | **fts** | " + " | ".join(f"**{ours[m]:.4f}**" for m in metrics) + " |")
    best = {m: max((v[m] for (pc, _), v in peers.items() if pc == c and m in v), default=None) for m in metrics}
    if best["MAP"]:
        summary.append(f"{c}: MAP {ours['MAP'] / best['MAP']:.3f}x best peer, "
                       f"nDCG@10 {ours['nDCG@10'] / best['nDCG@10']:.3f}x best peer")
print()
for s in summary:
    print(s)
PY
