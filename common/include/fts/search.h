// fts search: run a query against one or more databases and return plain result data (no
// formatting here: see printer.h).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <xapian.h>

#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "fts/analysis.h"
#include "fts/article.h"
#include "fts/query.h"

namespace fts {

// How results are ranked. The defaults were chosen on judged collections (bench/quality.sh);
// every lever can be turned off or tuned from the command line.
struct RankingOptions {
    // BM25 parameters: k1 (term-frequency saturation) and b (length normalisation). Measured on
    // Cranfield, CISI and Reuters topics (bench/quality.sh): k1 1.6 / b 0.5 beat the textbook
    // 1.2 / 0.75 on all three; b 0.75 over-penalised long news stories for short queries.
    double k1 = 1.6;
    double b = 0.5;
    // Drop the language's common words from free-text queries (phrases keep them).
    bool stopwords = true;
    // Pseudo-relevance feedback: re-rank the matches using the most telling terms of the top
    // `feedback_docs` results, at `feedback_weight` of the query's weight. It never adds or
    // removes matches (the expansion only re-orders them), so phrases and filters stay exact.
    bool feedback = true;
    unsigned feedback_docs = 10;
    unsigned feedback_terms = 20;
    double feedback_weight = 0.5;
};

struct SearchOptions {
    unsigned offset = 0;
    unsigned limit = 10;
    bool snippets = true;
    std::size_t snippet_bytes = 240;
    RankingOptions ranking;
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
    ~Searcher();

    SearchResult search(const std::string& query, const SearchOptions& opts);
    const AnalysisConfig& analysis() const { return cfg_; }

  private:
    void open();
    SearchResult search_once(const std::string& query, const SearchOptions& opts);

    // The query expanded by pseudo-relevance feedback, or nullopt when feedback is off or has
    // nothing to learn from.
    std::optional<Xapian::Query> with_feedback(Xapian::Enquire& enquire, const Xapian::Query& query,
                                               const RankingOptions& ranking) const;

    std::vector<std::string> paths_;
    Xapian::Database db_;
    AnalysisConfig cfg_;
    std::unique_ptr<QueryBuilder> builder_;  // built once per open: batch queries reuse it
    bool builder_stopwords_ = true;
};

// Turn Xapian's HTML-escaped snippet with marker bytes into text plus highlight ranges.
Snippet decode_snippet(const std::string& marked, const std::string& hi_start,
                       const std::string& hi_end);

}  // namespace fts
