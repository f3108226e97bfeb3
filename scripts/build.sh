#!/usr/bin/env bash
# Configure and build fts into build/ (warnings are errors). Extra arguments go to cmake.
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DFTS_WERROR=ON "$@" >/dev/null
cmake --build build -j "$(nproc)"
