#!/usr/bin/env bash
# Install what is missing, build, and run the whole test suite (unit + CLI tests) with ctest.
# SPDX-License-Identifier: GPL-2.0-or-later
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/deps.sh
scripts/build.sh
ctest --test-dir build --output-on-failure -j "$(nproc)"
