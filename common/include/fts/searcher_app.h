// fts searcher application: options, their CLI registration, and the run that main() calls.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <CLI/CLI.hpp>
#include <iosfwd>
#include <string>
#include <vector>

#include "fts/printer.h"
#include "fts/search.h"

namespace fts {

struct SearcherOptions {
    std::vector<std::string> dbs;
    std::vector<std::string> query_words;
    std::string queries_file;  // batch mode: qid<TAB>query per line
    unsigned limit = 10;
    unsigned offset = 0;
    OutputFormat format = OutputFormat::Text;
    std::string run_tag = "fts";
    ColorMode color = ColorMode::Auto;
    std::size_t snippet_bytes = 240;
    RankingOptions ranking;
};

void add_searcher_options(CLI::App& app, SearcherOptions& opts);

// Runs one search; results to `out`, warnings and errors to `err`. Returns the exit code
// (kExitOk hits, kExitNoHits, kExitError); never throws.
int run_searcher(const SearcherOptions& opts, std::ostream& out, std::ostream& err);

}  // namespace fts
