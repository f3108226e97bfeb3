// fts indexer application: options, their CLI registration, and the run that main() calls.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <CLI/CLI.hpp>
#include <cstddef>
#include <iosfwd>
#include <optional>
#include <string>
#include <vector>

#include "fts/progress.h"

namespace fts {

struct IndexerOptions {
    std::string db;
    std::vector<std::string> sources;  // files, directories, or "-" for JSON Lines on stdin
    std::vector<std::string> delete_ids;
    std::optional<std::string> language;
    std::optional<unsigned> title_weight;
    std::string id_prefix;
    std::size_t batch_size = 1000;
    unsigned shards = 0;                          // > 1: a sharded database (new, or --rebuild)
    std::string merge;                            // --merge OUT: compact the sources into OUT
    unsigned jobs = 0;                            // worker threads of a full build; 0: one per core
    std::size_t memory = std::size_t{512} << 20;  // budget for buffered index data
    double wait_lock = 0;
    bool prune = true;
    bool rebuild = false;
    bool force = false;
    ProgressMode progress = ProgressMode::Auto;
    std::string report;
    bool quiet = false;
    bool verbose = false;
};

void add_indexer_options(CLI::App& app, IndexerOptions& opts);

// Runs one indexing job. Warnings and the summary go to `err`. Returns the exit code
// (kExitOk, kExitPartial, kExitError, or 128+N after signal N stopped the run); never throws.
// "512M", "2G", "100000K", "1048576" -> bytes; throws CLI-friendly std::invalid_argument.
std::size_t parse_size(const std::string& text);

int run_indexer(const IndexerOptions& opts, std::istream& in, std::ostream& err);

}  // namespace fts
