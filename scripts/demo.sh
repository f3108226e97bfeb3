#!/usr/bin/env bash
# Install what is missing, build, index corpus/ and run sample searches.
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh
db=build/demo-db
echo "== indexer --db $db corpus/"
build/indexer/indexer --db "$db" corpus/
for query in '"Africa Corps" OR Moscow' 'visits title:sahel' 'tag:energy date:2022..2025'; do
  echo
  echo "== searcher --db $db -n 3 '$query'"
  build/searcher/searcher --db "$db" -n 3 "$query"
done
