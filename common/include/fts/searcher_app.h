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
    double timeout = 10;       // seconds a remote shard may take to connect or answer
    std::string timings_file;  // batch mode: qid<TAB>seconds per query, for benchmarks
    bool interactive = false;  // -i: a prompt, one query per line
    unsigned limit = 10;
    unsigned offset = 0;
    std::string format = "text";  // text json jsonl tsv trec ids
    std::string fields;           // --fields id,title,...
    std::string run_tag = "fts";
    ColorMode color = ColorMode::Auto;
    std::size_t snippet_bytes = 240;
    RankingOptions ranking;
    // Search experience (see SearchOptions).
    std::string since;
    std::string until;
    std::string sort = "relevance";  // relevance date -date
    RecencyOptions recent;
    std::vector<std::string> facets;
    unsigned facet_limit = 10;
    std::string like;
    bool explain = false;
    bool collapse = false;
    bool correct = false;
};

void add_searcher_options(CLI::App& app, SearcherOptions& opts);

// Runs the search(es); results to `out`, warnings and errors to `err`; `in` feeds --queries -
// and -i when stdin is not a terminal. Returns the exit code (kExitOk hits, kExitNoHits,
// kExitError); never throws.
int run_searcher(const SearcherOptions& opts, std::ostream& out, std::ostream& err);
int run_searcher(const SearcherOptions& opts, std::istream& in, std::ostream& out,
                 std::ostream& err);

}  // namespace fts
