// fts expansion: the terms pseudo-relevance feedback learns from the top documents, weighed as
// Xapian's expansion set weighs them, in one pass over the documents' term lists.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <xapian.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "fts/analysis.h"

namespace fts {

// What the documents say of one of their terms.
struct TermEvidence {
    unsigned docs = 0;  // how many of the documents have it
    // The sum of its share of each one's words, in units of 2^-32: an integer sum, the same in
    // whatever order the documents come (which depends on the collection's layout).
    std::uint64_t share = 0;
    // Sum over those documents of 2 wdf / (length / average length + wdf): the part of its
    // expansion weight that depends on how much of each it is (Xapian's TradEWeight, k = 1).
    double multiplier = 0;
};
using Evidence = std::unordered_map<std::string, TermEvidence>;

// Whether feedback may learn `term`: a word (a stem, when `stemmed`) of the free text or of the
// title, author or source field, of three letters or more, not a number, not a stopword.
bool expansion_candidate(std::string_view term, bool stemmed, const Xapian::Stopper* stopper);

// expansion_candidate() with a database's analysis (its stemming and stopwords), for the term
// lists of the indexer and feedback and for Xapian's expansion set (--like).
class ExpansionCandidates : public Xapian::ExpandDecider {
  public:
    explicit ExpansionCandidates(const AnalysisConfig& cfg);
    bool operator()(const std::string& term) const override;

  private:
    bool stemmed_;
    const Xapian::Stopper* stopper_;
};

// A document's terms as feedback weighs them: term and wdf, in term order.
using TermCounts = std::vector<std::pair<std::string, Xapian::termcount>>;

// How many terms of each document feedback considers: its most frequent candidates. Reading
// whole term lists (1,700 candidates per Wikipedia article) and looking up the frequency of the
// hundreds they share was ~40% of a feedback search. With 32, Cranfield, CISI and Reuters-topics
// MAP moved by -0.8%, -1.0% and -0.5% (48: less than half that, for a slot half as large again;
// 16: -3%), and the slot adds ~0.02 to the index's size over the raw text.
inline constexpr std::size_t kTermsPerDocument = 32;

// The kTermsPerDocument terms of [begin, end) that `accept` takes with the highest wdf (of equal
// wdf, the first in term order), in term order.
TermCounts most_frequent_terms(Xapian::TermIterator begin, Xapian::TermIterator end,
                               const std::function<bool(const std::string&)>& accept);

// Those terms as stored in a document's value slot at index time (schema::kFeedbackSlot), so a
// search reads ~200 bytes per document instead of its term list; decode() gives nullopt for a
// value that is not one (absent: a document indexed before the slot existed).
std::string encode_term_counts(const TermCounts& terms);
std::optional<TermCounts> decode_term_counts(std::string_view value);

// Document `d`'s terms for feedback: as the indexer stored them, or, for a document indexed before
// that, chosen from its term list by the same rule.
TermCounts feedback_terms(const Xapian::Database& db, Xapian::docid d,
                          const ExpansionCandidates& candidates);

// The evidence of `docs` from the terms `terms_of` gives for each.
Evidence gather_evidence(const Xapian::Database& db, const std::vector<Xapian::docid>& docs,
                         const std::function<TermCounts(Xapian::docid)>& terms_of);

// One pass over the term lists of `docs`, for every term `accept` takes.
Evidence gather_evidence(const Xapian::Database& db, const std::vector<Xapian::docid>& docs,
                         const std::function<bool(const std::string&)>& accept);

// The `count` best terms of `evidence` (gathered from `relevant` documents), best first, with
// their weights: what Enquire::get_eset() gives for those documents and terms with exact term
// frequencies (TradEWeight; ties kept as Xapian keeps them; nothing weighing 0 or less), without
// reading the term lists a second time. One frequency lookup per term (`frequency`, when
// given, answers them instead of the database: remote shards answer them all in one round trip).
// Terms in more than `max_share` of the collection's documents are passed over.
std::vector<std::pair<std::string, double>> best_expansion_terms(
    const Xapian::Database& db, const Evidence& evidence, Xapian::doccount relevant,
    Xapian::termcount count,
    const std::function<Xapian::doccount(const std::string&)>& frequency = {},
    double max_share = 1.0);

// The share of a collection's documents above which feedback learns no term (max_share above).
// Such a word says little of what the top results are about: BM25 gives a term in a third of
// the documents a fifth of the weight of one in 1 of 30 (Xapian's BM25Weight halves the odds of
// a term in more than a third). And its posting list is among the longest, which feedback's
// second match reads for each term it learned: on the Wikipedia extract, one expansion term in
// ten ("use", "one", "first", "state") was in 50-70% of the articles, and passing over those in
// more than a third cut that match's time by ~25-30%. The judged collections' MAP moved by -0.2%
// (Cranfield), +0.1% (CISI) and -0.1% (Reuters-topics).
inline constexpr double kFeedbackMaxShare = 1.0 / 3;

}  // namespace fts
