#!/usr/bin/env bash
# Serve each shard of a sharded fts database (indexer --shards N) with Xapian's own xapian-tcpsrv
# on loopback, one server per shard, and write a stub database that lists them as remote shards.
# A demo of searching across machines: on real machines, run one xapian-tcpsrv per shard where
# the shard lives and list "remote HOST:PORT" lines in the stub.
#
#   scripts/serve-shards.sh DB [FIRST_PORT] [STUB]
#     DB          a sharded database directory (its XAPIANDB lists "auto shardN" lines)
#     FIRST_PORT  port of the first shard's server, then +1 per shard (default 33333)
#     STUB        the stub file to write (default DB.remote)
# Then: searcher --db DB.remote "query"   (Ctrl-C stops the servers)
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
db="${1:?usage: serve-shards.sh DB [FIRST_PORT] [STUB]}"
port="${2:-33333}"
stub="${3:-${db%/}.remote}"
command -v xapian-tcpsrv >/dev/null || { echo "serve-shards: xapian-tcpsrv not found (apt-get install xapian-tools)" >&2; exit 2; }
[ -f "$db/XAPIANDB" ] || { echo "serve-shards: $db has no XAPIANDB stub (index it with --shards N)" >&2; exit 2; }

pids=()
stop() { [ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true; }
trap stop EXIT INT TERM
: > "$stub.tmp"
while read -r type path _; do
  case "$type" in ''|'#'*) continue ;; auto|glass) ;; *) echo "serve-shards: cannot serve '$type $path'" >&2; exit 2 ;; esac
  case "$path" in /*) ;; *) path="$db/$path" ;; esac
  # setsid: a group of its own, since xapian-tcpsrv signals its whole process group when stopped
  setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$port" "$path" &
  pids+=($!)
  echo "remote 127.0.0.1:$port" >> "$stub.tmp"
  echo "serve-shards: $path on 127.0.0.1:$port" >&2
  port=$((port + 1))
done < "$db/XAPIANDB"
mv "$stub.tmp" "$stub"
echo "serve-shards: search them with: searcher --db $stub \"your query\"   (Ctrl-C stops)" >&2
wait
