#!/usr/bin/env bash
# Install the Debian 12 packages fts needs to build and test, if any are missing.
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail

packages=(
  cmake g++ make pkg-config
  libxapian-dev xapian-tools      # the search engine library; xapian-check/-compact/-tcpsrv
  libcli11-dev                    # command-line parsing
  libgtest-dev                    # unit and CLI tests
  nlohmann-json3-dev              # JSON Lines input, JSON output, stored fields
  libxml2-dev                     # HTML parsing
  libcmark-dev                    # Markdown parsing (CommonMark reference implementation)
  libyaml-cpp-dev                 # Markdown front matter (YAML)
  libicu-dev                      # strict UTF-8 validation; accent folding table (build time)
  libxxhash-dev                   # content hashes for change detection
  libzstd-dev                     # stored text: zstd with a dictionary trained on the collection
  libedit-dev                     # searcher -i: line editing and history (BSD licence, not GPL-3 readline)
  help2man                        # man pages for indexer and searcher, made from their --help at build time
)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "deps: run as root to install: ${missing[*]}" >&2; exit 2; }
  sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
