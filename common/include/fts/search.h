// fts search: run a query against one or more databases and return plain result data (no
// formatting here: see printer.h).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <xapian.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "fts/analysis.h"
#include "fts/article.h"
#include "fts/query.h"
#include "fts/snippet.h"
#include "fts/stored.h"

namespace fts {

// How results are ranked. The defaults were chosen on judged collections (bench/quality.sh);
// every lever can be turned off or tuned from the command line.
struct RankingOptions {
    // BM25 parameters: k1 (term-frequency saturation) and b (length normalisation). Measured on
    // Cranfield, CISI and Reuters topics (bench/quality.sh): k1 1.6 / b 0.5 beat the textbook
    // 1.2 / 0.75 on all three; b 0.75 over-penalised long news stories for short queries.
    double k1 = 1.6;
    double b = 0.5;
    // Drop the language's common words from free-text queries (without: they count as words).
    bool stopwords = true;
    // Pseudo-relevance feedback: re-rank the matches using the most telling terms of the top
    // `feedback_docs` results, at `feedback_weight` of the query's weight. It never adds or
    // removes matches (the expansion only re-orders them), so phrases and filters stay exact.
    bool feedback = true;
    unsigned feedback_docs = 10;
    unsigned feedback_terms = 20;
    double feedback_weight = 0.5;
    // Feedback re-orders only the first `feedback_depth` matches (and any tied with the last of
    // them); the rest keep their BM25 order below them. 0: every match, which costs a second
    // full match. Re-ordering every match was half of a feedback search on Wikipedia. The judged
    // collections' nDCG@10 is the same; their MAP over 1,000 results keeps 61-97% of what
    // feedback adds with 0 (with 100, CISI's MAP fell below 1.10x the best peer;
    // bench/RESULTS.md).
    unsigned feedback_depth = 200;
};

enum class SortOrder { Relevance, Date, DateDesc };  // DateDesc: newest first

// Counted over every match (not just the page shown).
enum class Facet { Source, Author, Tag, Year };
std::string facet_name(Facet f);
// "source", "author", "tag" or "year" (also "tags", "authors", "sources", "years").
std::optional<Facet> parse_facet(std::string_view name);

// A database or stub file as the searcher opens it: each line of a stub (local databases, nested
// stubs, remote shards with `timeout_seconds`), refused when they make different terms of the
// same text (AnalysisConfig::require_same_terms). Throws UsageError, or Xapian's errors.
Xapian::Database open_database(const std::string& path, double timeout_seconds);

// --recent: favour newer articles among the relevant ones. Each match gets BM25 plus a bonus of
// `weight` x (the best BM25 score of the query) x 0.5^(age / half_life_days), where age is the
// number of days between the article's date and the reference date (`now`; by default the
// newest date in the database, so results do not change with the calendar), before or after it.
// Undated articles get no bonus. The bonus only re-orders matches, never adds any.
struct RecencyOptions {
    bool enabled = false;
    std::string now;  // as typed: YYYY, YYYY-MM or YYYY-MM-DD; empty: newest date indexed
    double half_life_days = 365;
    double weight = 0.5;
};

struct SearchOptions {
    unsigned offset = 0;
    unsigned limit = 10;
    bool snippets = true;
    std::size_t snippet_bytes = 240;
    RankingOptions ranking;

    // Filters, as typed (YYYY, YYYY-MM or YYYY-MM-DD; like date:SINCE..UNTIL). Bad dates throw
    // UsageError naming --since / --until.
    std::string since;
    std::string until;
    SortOrder sort = SortOrder::Relevance;
    RecencyOptions recent;
    std::vector<Facet> facets;
    std::string like_id;    // more like this indexed article (the query, if any, filters)
    bool collapse = false;  // fold near-duplicates (same body fingerprint) into one hit
    bool explain = false;   // say how each hit's score is made
    bool suggest = true;    // look for a spelling correction
    bool correct = false;   // ...and search for it instead
    // Hits need only their id (trec, ids): stored data is not read, and the total is not counted.
    bool ids_only = false;
};

// One part of a hit's score (--explain).
struct Contribution {
    enum class Kind { Term, Group, Feedback, Similar, Recency };
    Kind kind = Kind::Term;
    std::string term;   // the word (stem) as indexed, without prefix, for Term and Similar
    std::string field;  // "text", "title", "author", "source"; for Group, the subquery
    double weight = 0;
    Xapian::termcount wdf = 0;          // occurrences in this article (Term, Similar)
    Xapian::doccount docs = 0;          // articles containing the term (Term, Similar)
    Xapian::termcount occurrences = 1;  // times the query has the term (Term)
    std::string detail;                 // Recency: the article's age; Feedback: what was learned
};

struct Explanation {
    std::vector<Contribution> parts;  // those that add something to this hit
    double sum = 0;                   // of all parts; equals the score up to rounding
};

struct Hit {
    Xapian::docid docid = 0;
    unsigned rank = 0;  // 1-based, counting from the first result of the whole match set
    double score = 0;   // BM25 weight (plus feedback and recency bonus when on)
    Article doc;        // stored fields (body left empty to keep results light)
    Snippet snippet;
    Xapian::doccount duplicates = 0;  // near-duplicates folded into this hit (--collapse)
    std::optional<Explanation> explanation;
};

struct FacetCount {
    std::string value;
    Xapian::doccount count = 0;
};
struct FacetResult {
    Facet facet;
    std::vector<FacetCount> values;  // most frequent first, then by value
};

struct SearchResult {
    std::string query;               // as asked
    std::string like;                // --like's article id, empty without
    std::string suggestion;          // a spelling correction of it, empty when none
    bool corrected = false;          // the results are for `suggestion` (SearchOptions::correct)
    Xapian::doccount total = 0;      // estimated number of matches (exact with facets/collapse)
    Xapian::doccount documents = 0;  // in the database(s)
    bool collapsed = false;          // near-duplicates were folded
    std::vector<Hit> hits;
    std::vector<FacetResult> facets;
    std::vector<std::string> warnings;
};

class Searcher {
  public:
    // Opens each path (a database directory or stub file) and searches them as one collection.
    // Throws UsageError with a one-line message when a database is missing or unreadable.
    // Stub databases may list remote shards ("remote HOST:PORT", served by xapian-tcpsrv): each
    // must connect and answer within `timeout_seconds`, or the search fails naming it.
    explicit Searcher(std::vector<std::string> paths, double timeout_seconds = 10);
    // An already open database (tests use Xapian's in-memory backend).
    explicit Searcher(Xapian::Database db);
    ~Searcher();

    SearchResult search(const std::string& query, const SearchOptions& opts);
    const AnalysisConfig& analysis() const { return cfg_; }

    // The stored article with this id (whole stored text), if indexed.
    std::optional<Article> article(const std::string& id);

    // A remote shard of a stub: its label ("STUB:LINE (remote HOST:PORT)") and how to connect.
    struct RemoteShard {
        std::string label;
        std::function<Xapian::Database(unsigned timeout_ms)> open;
    };
    // After a search failed with a network error (Xapian does not say which shard): the labels
    // of the remote shards that do not answer now (each given up to 2 s), joined with ", "; ""
    // when every one answers.
    std::string unreachable_shards() const;

  private:
    void open();
    // `q` as the matcher is given it: the terms it need not weigh read from their own postings
    // on local databases where documents were deleted (query.h: a Xapian 1.4.22 fault).
    Xapian::Query runnable(const Xapian::Query& q) const;
    // Moves to the databases' newest revision (opening them afresh, configuration and
    // dictionaries included): true if there was a newer one, or a new database at a path.
    bool refresh();
    // `read()` at the newest revision, done again when the database moved while it ran or a
    // read was overtaken by an indexer's commits.
    template <typename Read>
    auto consistent(Read read) -> decltype(read());
    SearchResult search_once(const std::string& query, const SearchOptions& opts);
    struct Part;
    Xapian::Query like_query(const std::string& id, std::vector<Part>& parts) const;
    Xapian::Query recency_query(const RecencyOptions& recent, double top_score,
                                std::string& reference) const;
    // `user`: the query as parsed, whose words count for a hit only where their part of it
    // matched (a phrase's words, in a document without the phrase, do not).
    void explain(std::vector<Hit>& hits, const std::vector<Part>& parts, const Xapian::Query& user,
                 const Xapian::Weight& weight) const;

    // Documents `docids` as a boolean query: a posting source over their docids, or where those
    // cannot be sent (remote shards) or told apart (databases without distinct UUIDs), an OR of
    // their id terms (`id_term(i)` for the i-th).
    Xapian::Query documents(const std::vector<Xapian::docid>& docids,
                            const std::function<std::string(std::size_t)>& id_term) const;

    // What pseudo-relevance feedback adds to a query.
    struct Feedback {
        Xapian::Query expansion;  // already scaled by its weight; only for `first` when set
        std::string learned;      // a description of it
        // The first feedback_depth matches (and those tied with the last), as a query; empty
        // when the expansion is for every match.
        Xapian::Query first;
        Xapian::doccount first_count = 0;
        // The same matches with their weights by the query, plus the expansion's: a page within
        // them without matching the query again (local databases; empty otherwise).
        Xapian::Query reweigh;
        Xapian::doccount matches_estimated = 0;  // the query's, from the first match
    };
    // nullopt when feedback is off or has nothing to learn from.
    std::optional<Feedback> feedback(Xapian::Enquire& enquire, const Xapian::Query& query,
                                     const RankingOptions& ranking) const;

    std::vector<std::string> paths_;
    // What each path was when opened (device, inode): a rebuild puts a new database there.
    std::vector<std::pair<std::uint64_t, std::uint64_t>> identities_;
    std::chrono::steady_clock::time_point checked_{};  // when refresh() last looked
    double timeout_seconds_ = 10;
    Xapian::Database db_;
    std::unique_ptr<StoredReader> stored_;  // the databases' document data, text decompressed
    AnalysisConfig cfg_;
    std::unique_ptr<QueryBuilder> builder_;  // built once per open: batch queries reuse it
    bool builder_stopwords_ = true;
    bool remote_ = false;  // a shard may be remote (xapian-tcpsrv): lookups are round trips
    std::vector<Xapian::Database> parts_;  // each database or shard searched
    std::vector<RemoteShard> remotes_;     // the remote shards of the stubs given
    // Each one's revision (nullopt when one cannot say, e.g. a remote shard).
    std::optional<std::vector<Xapian::rev>> revisions() const;
};

}  // namespace fts
