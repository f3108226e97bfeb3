// fts expansion: feedback's term evidence and weights.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/expansion.h"

#include <algorithm>
#include <cmath>

namespace fts {

Evidence gather_evidence(const Xapian::Database& db, const std::vector<Xapian::docid>& docs,
                         const std::function<bool(const std::string&)>& accept) {
    Evidence evidence;
    const double average_length = db.get_avlength();
    constexpr double kShareUnit = 4294967296.0;  // 2^32
    for (Xapian::docid d : docs) {
        const double length = db.get_doclength(d);
        for (auto t = db.termlist_begin(d); t != db.termlist_end(d); ++t) {
            if (!accept(*t)) continue;
            TermEvidence& e = evidence[*t];
            ++e.docs;
            e.share += static_cast<std::uint64_t>(
                std::llround(t.get_wdf() / std::max(1.0, length) * kShareUnit));
            // As Xapian counts it: a term without wdf (boolean) as once.
            const double wdf = std::max<Xapian::termcount>(1, t.get_wdf());
            e.multiplier += 2 * wdf / (length / average_length + wdf);
        }
    }
    return evidence;
}

std::vector<std::pair<std::string, double>> best_expansion_terms(const Xapian::Database& db,
                                                                 const Evidence& evidence,
                                                                 Xapian::doccount relevant,
                                                                 Xapian::termcount count) {
    std::vector<std::pair<std::string, double>> out;
    if (count == 0) return out;
    std::vector<const Evidence::value_type*> terms;
    terms.reserve(evidence.size());
    for (const auto& entry : evidence) terms.push_back(&entry);
    std::sort(terms.begin(), terms.end(),
              [](const auto* x, const auto* y) { return x->first < y->first; });
    // Kept as Xapian keeps the best of them, in term order: a term weighing no more than the
    // worst kept is passed over, and the worst kept (of equal weights, the first term) makes
    // room for a better one.
    using Weighed = std::pair<double, const std::string*>;
    const auto better = [](const Weighed& x, const Weighed& y) {
        return x.first != y.first ? x.first > y.first : *x.second > *y.second;
    };
    const double size = db.get_doccount();
    std::vector<Weighed> kept;
    double worst_kept = 0;
    bool heap = false;
    for (const auto* entry : terms) {
        const TermEvidence& e = entry->second;
        const double frequency = db.get_termfreq(entry->first);
        const double without = static_cast<double>(relevant) - e.docs;  // relevant, without it
        const double num = (e.docs + 0.5) * (size - frequency - without + 0.5);
        const double denom = (frequency - e.docs + 0.5) * (without + 0.5);
        if (num <= denom) continue;
        const double w = e.multiplier * std::log(num / denom);
        if (w <= worst_kept) continue;
        kept.emplace_back(w, &entry->first);
        if (kept.size() > count) {
            if (heap)
                std::push_heap(kept.begin(), kept.end(), better);
            else
                std::make_heap(kept.begin(), kept.end(), better);
            heap = true;
            std::pop_heap(kept.begin(), kept.end(), better);
            kept.pop_back();
            worst_kept = kept.front().first;
        }
    }
    std::sort(kept.begin(), kept.end(), better);
    out.reserve(kept.size());
    for (const auto& [w, term] : kept) out.emplace_back(*term, w);
    return out;
}

}  // namespace fts
