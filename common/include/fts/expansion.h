// fts expansion: the terms pseudo-relevance feedback learns from the top documents, weighed as
// Xapian's expansion set weighs them, in one pass over the documents' term lists.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <xapian.h>

#include <cstdint>
#include <functional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

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

// One pass over the term lists of `docs`, for every term `accept` takes.
Evidence gather_evidence(const Xapian::Database& db, const std::vector<Xapian::docid>& docs,
                         const std::function<bool(const std::string&)>& accept);

// The `count` best terms of `evidence` (gathered from `relevant` documents), best first, with
// their weights: what Enquire::get_eset() gives for those documents and terms with exact term
// frequencies (TradEWeight; ties kept as Xapian keeps them; nothing weighing 0 or less), without
// reading the term lists a second time. One frequency lookup per term.
std::vector<std::pair<std::string, double>> best_expansion_terms(const Xapian::Database& db,
                                                                 const Evidence& evidence,
                                                                 Xapian::doccount relevant,
                                                                 Xapian::termcount count);

}  // namespace fts
