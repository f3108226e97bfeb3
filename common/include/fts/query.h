// fts query builder: Xapian's QueryParser configured with our schema (field prefixes, dates) and
// the database's own analysis, with a plain-words fallback for syntax errors.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <xapian.h>

#include <memory>
#include <string>
#include <vector>

#include "fts/analysis.h"

namespace fts {

// How a query's CJK characters are searched: not specially (databases without CJK n-grams), as
// groups of their n-grams, or as groups of n-grams carrying the stem prefix (STEM_ALL_Z).
enum class CjkQuery { Off, Groups, StemGroups };

struct DateErrors;

class QueryBuilder {
  public:
    QueryBuilder(const Xapian::Database& db, const AnalysisConfig& cfg, bool stopwords = true);

    struct Parsed {
        Xapian::Query query;
        std::vector<std::string> warnings;  // e.g. a syntax error answered as plain words
    };
    // Throws UsageError when the text cannot be understood even as plain words.
    Parsed parse(const std::string& text);

    const Xapian::Stem& stemmer() const { return stemmer_; }

    // A spelling correction of the query from the database's spelling table: the query as typed
    // with each free-text word that was never indexed replaced by the closest indexed one (edit
    // distance 2 at most). Empty when nothing needs correcting or the database has no spelling
    // data (e.g. built before it was recorded, or a remote backend).
    std::string suggest(const std::string& raw) const;

    // A filter for --since / --until (either may be empty) on `db`. Throws UsageError naming the
    // option.
    static Xapian::Query date_filter(const Xapian::Database& db, const std::string& since,
                                     const std::string& until);

  private:
    // The query text as the parser gets it (see normalise_query and what follows it).
    std::string prepared(const std::string& raw) const;

    Xapian::Database db_;
    Xapian::QueryParser qp_;
    Xapian::Stem stemmer_;
    unsigned flags_ = 0;                        // AnalysisConfig::query_flags()
    const Xapian::Stopper* stopper_ = nullptr;  // never suggested: a stopword finds nothing
    std::shared_ptr<DateErrors> date_errors_;
    bool stemmed_wildcards_ = false;
    CjkQuery cjk_ = CjkQuery::Off;  // how CJK runs are searched (see normalise_query)
    bool fold_wildcards_ = false;   // the database folds accents: so do wildcard patterns
    const Xapian::Stopper* unpositioned_ = nullptr;  // see AnalysisConfig::stopword_positions
};

// How many terms a trailing wildcard ("clim*") may expand to (the most frequent ones win).
inline constexpr Xapian::termcount kMaxWildcardExpansion = 500;
// Limits that keep one query from running for minutes.
inline constexpr std::size_t kMaxQueryBytes = 16384;
inline constexpr std::size_t kMaxQueryTerms = 5000;

// Query text as the parser should see it: lower case except boolean operators, id values and
// acronyms written with dots ("U.S.A.", which Xapian reads as "usa" as its term generator did),
// and a query made only of exclusions ("-word", also joined by AND or OR, or in brackets) turned
// into "NOT word"s. Exposed for tests.
// With `stemmed_wildcards` (databases that index stems only), wildcards are pointed at the stems
// (and, given the `stemmer`, a word's stem when the word is no prefix of it: "energy*" finds
// "energi", the stem of "energy");
// with `cjk` on, runs of CJK characters are searched as bracketed groups of their n-grams
// (pointed at the stems' Z prefix with StemGroups), phrases holding them as groups of all words.
// The pattern of a wildcard subquery (OP_WILDCARD) as indexed ("Zclim", "ZSmosc"), or "" for
// any other query. (Xapian 1.4 has no accessor for it: read from its description.)
std::string wildcard_pattern(const Xapian::Query& q);
// The patterns of every wildcard in a query, as indexed.
std::vector<std::string> wildcard_patterns(const Xapian::Query& q);
// `text` (normalised) with its wildcard tokens' accents folded (tag: and id: values excepted).
std::string fold_wildcard_tokens(const std::string& text);
// The query without the invisible characters of its words (text::without_invisible), the
// values of id: and tag: filters as typed: an id or a tag is matched byte for byte ("a<ZWSP>b",
// an emoji file name joined with U+200D).
std::string without_invisible_in_words(std::string_view query);
// A wildcard pattern as a user would type it: "Zclim" -> "clim*", "ZSmosc" -> "title:mosc*".
std::string wildcard_as_typed(const std::string& pattern);

std::string normalise_query(std::string_view text, bool stemmed_wildcards = false,
                            CjkQuery cjk = CjkQuery::Off, const Xapian::Stem* stemmer = nullptr);

// Phrases ("state of emergency", state-of-the-art) without the stopwords the index holds no
// positions for: the index numbers words as if those were not there. A phrase of stopwords only
// ("the who") becomes all of its words, anywhere. Exposed for tests.
std::string unposition_phrases(std::string_view text, const Xapian::Stopper& stopwords);

// A query made only of exclusions (`-"grain market" -tag:energy`) spelled with NOT (`NOT "grain
// market" NOT tag:energy`): Xapian 1.4's parser takes `-` alone before a single word only, and
// reads `-"a phrase"` or `-field:value` alone as the words or the filter themselves.
std::string negations_as_not(const std::string& text);

// Xapian 1.4.22's matcher gets an OR that holds a phrase wrong when it checks it for documents
// another part of the query found (under a FILTER, an AND, or as the optional part of an
// AND_MAYBE): documents without the phrase get its weight, and a short page can miss the best
// documents (found by a differential test of random queries; reproduced with Xapian alone). An OR
// is only safe where it leads the match. True when `q` has such an OR where it would weigh.
bool checked_wrongly(const Xapian::Query& q);
// `q` with the same matches and weights, built so that no OR holding a phrase is checked: a
// FILTER becomes an AND_NOT of what the filter leaves out; an AND_MAYBE takes its optional parts
// one at a time (Xapian ORs them together); an AND weighs such parts as optional parts of the
// others and restricts to their matches without weighing them.
Xapian::Query matcher_safe(const Xapian::Query& q);
// FILTER(q, filter), or the same as AND_NOT(q, everything but filter) when q would be checked
// wrongly.
Xapian::Query filtered(const Xapian::Query& q, const Xapian::Query& filter);

// Xapian 1.4.22 matches a term it need not weigh (a filter such as tag:news or year:2024, an
// exclusion, a term under BoolWeight) against its list of every document when the term is in
// every document of a database; where documents were deleted (gaps in the document ids) and that
// list spans more than one block, reading it fails with "DatabaseCorruptError: Unexpected end of
// posting list for 'Knews'" (reproduced with Xapian alone). `q`, weighed (`weighted`) or not,
// with each term it does not weigh read by a posting source of the term's own postings, which
// Xapian leaves alone: the same matches. Local databases only (a remote shard cannot run it).
Xapian::Query unweighted_terms_as_postings(const Xapian::Query& q, bool weighted = true);

}  // namespace fts
