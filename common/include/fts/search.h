// fts search: run a query against one or more databases and return plain result data (no
// formatting here: see printer.h).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <xapian.h>

#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "fts/analysis.h"
#include "fts/article.h"

namespace fts {

struct SearchOptions {
    unsigned offset = 0;
    unsigned limit = 10;
    bool snippets = true;
    std::size_t snippet_bytes = 240;
};

// Snippet text with the byte ranges [first, second) of the matched words.
struct Snippet {
    std::string text;
    std::vector<std::pair<std::size_t, std::size_t>> highlights;
};

struct Hit {
    unsigned rank = 0;  // 1-based, counting from the first result of the whole match set
    double score = 0;   // BM25 weight
    Article doc;        // stored fields (body left empty to keep results light)
    Snippet snippet;
};

struct SearchResult {
    std::string query;
    Xapian::doccount total = 0;  // estimated number of matches
    std::vector<Hit> hits;
    std::vector<std::string> warnings;
};

class Searcher {
  public:
    // Opens each path (a database directory or stub file) and searches them as one collection.
    // Throws UsageError with a one-line message when a database is missing or unreadable.
    explicit Searcher(std::vector<std::string> paths);
    // An already open database (tests use Xapian's in-memory backend).
    explicit Searcher(Xapian::Database db);

    SearchResult search(const std::string& query, const SearchOptions& opts);
    const AnalysisConfig& analysis() const { return cfg_; }

  private:
    void open();
    SearchResult search_once(const std::string& query, const SearchOptions& opts);

    std::vector<std::string> paths_;
    Xapian::Database db_;
    AnalysisConfig cfg_;
};

// Turn Xapian's HTML-escaped snippet with marker bytes into text plus highlight ranges.
Snippet decode_snippet(const std::string& marked, const std::string& hi_start,
                       const std::string& hi_end);

}  // namespace fts
