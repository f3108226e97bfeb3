// fts expansion: feedback's term evidence and weights.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/expansion.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "fts/schema.h"

namespace fts {

bool expansion_candidate(std::string_view term, bool stemmed, const Xapian::Stopper* stopper) {
    std::string_view word = term;
    if (stemmed) {
        if (word.size() < 2 || word[0] != 'Z') return false;
        word.remove_prefix(1);
    }
    // The words of the title, author and source fields count too, under their field's prefix:
    // learning one favours results with it in that field. (Without them the judged collections'
    // MAP fell by 1-3%: CISI to 1.093x the best peer.) Other prefixed terms (ids, tags, dates)
    // are not words; the text's own words never start with a capital (the term generator
    // lowercases them).
    word = schema::field_word(word).first;
    if (word.empty() || std::isupper(static_cast<unsigned char>(word[0]))) return false;
    if (word.size() < 3) return false;
    // Numbers, also as written with separators ("6,000", "3.14").
    if (std::all_of(word.begin(), word.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c)) || c == ',' || c == '.';
        }))
        return false;
    return !(stopper && (*stopper)(std::string(word)));
}

ExpansionCandidates::ExpansionCandidates(const AnalysisConfig& cfg)
    : stemmed_(cfg.language != "none"), stopper_(cfg.stopper()) {}

bool ExpansionCandidates::operator()(const std::string& term) const {
    return expansion_candidate(term, stemmed_, stopper_);
}

TermCounts most_frequent_terms(Xapian::TermIterator begin, Xapian::TermIterator end,
                               const std::function<bool(const std::string&)>& accept) {
    TermCounts terms;
    for (auto t = begin; t != end; ++t)
        if (accept(*t)) terms.emplace_back(*t, t.get_wdf());
    if (terms.size() > kTermsPerDocument) {
        // Term lists come in term order: a stable choice keeps the first of equal wdf.
        std::stable_sort(terms.begin(), terms.end(),
                         [](const auto& x, const auto& y) { return x.second > y.second; });
        terms.resize(kTermsPerDocument);
        std::sort(terms.begin(), terms.end());
    }
    return terms;
}

// Format: a version byte, then per term (in term order) the length of the prefix it shares with
// the term before, the length of the rest, the rest, and its wdf in 7-bit groups, low first.
// Xapian terms are at most 245 bytes, so each length fits a byte.
namespace {
constexpr char kTermCountsVersion = '\x01';
}

std::string encode_term_counts(const TermCounts& terms) {
    std::string out(1, kTermCountsVersion);
    std::string_view previous;
    for (const auto& [term, wdf] : terms) {
        std::size_t shared = 0;
        const std::size_t most = std::min<std::size_t>({previous.size(), term.size(), 255});
        while (shared < most && previous[shared] == term[shared]) ++shared;
        const std::size_t rest = std::min<std::size_t>(term.size() - shared, 255);
        out += static_cast<char>(shared);
        out += static_cast<char>(rest);
        out.append(term, shared, rest);
        for (Xapian::termcount w = wdf;; w >>= 7) {
            out += static_cast<char>((w & 0x7f) | (w >= 0x80 ? 0x80 : 0));
            if (w < 0x80) break;
        }
        previous = term;
    }
    return out;
}

std::optional<TermCounts> decode_term_counts(std::string_view value) {
    if (value.empty() || value[0] != kTermCountsVersion) return std::nullopt;
    TermCounts terms;
    std::size_t i = 1;
    const auto byte = [&](std::size_t at) { return static_cast<unsigned char>(value[at]); };
    while (i < value.size()) {
        if (value.size() - i < 2) return std::nullopt;
        const std::size_t shared = byte(i), rest = byte(i + 1);
        i += 2;
        if (value.size() - i < rest ||
            (terms.empty() ? shared != 0 : shared > terms.back().first.size()))
            return std::nullopt;
        std::string term = terms.empty() ? std::string() : terms.back().first.substr(0, shared);
        term.append(value.substr(i, rest));
        i += rest;
        Xapian::termcount wdf = 0;
        for (unsigned shift = 0;; shift += 7) {
            if (i >= value.size() || shift > 28) return std::nullopt;
            const unsigned char b = byte(i++);
            wdf |= static_cast<Xapian::termcount>(b & 0x7f) << shift;
            if (!(b & 0x80)) break;
        }
        terms.emplace_back(std::move(term), wdf);
    }
    return terms;
}

TermCounts feedback_terms(const Xapian::Database& db, Xapian::docid d,
                          const ExpansionCandidates& candidates) {
    auto terms = decode_term_counts(
        db.get_document(d, Xapian::DOC_ASSUME_VALID).get_value(schema::kFeedbackSlot));
    if (!terms)
        terms =
            most_frequent_terms(db.termlist_begin(d), db.termlist_end(d), std::cref(candidates));
    return std::move(*terms);
}

Evidence gather_evidence(const Xapian::Database& db, const std::vector<Xapian::docid>& docs,
                         const std::function<TermCounts(Xapian::docid)>& terms_of) {
    Evidence evidence;
    const double average_length = db.get_avlength();
    constexpr double kShareUnit = 4294967296.0;  // 2^32
    for (Xapian::docid d : docs) {
        const double length = db.get_doclength(d);
        for (const auto& [term, count] : terms_of(d)) {
            TermEvidence& e = evidence[term];
            ++e.docs;
            e.share += static_cast<std::uint64_t>(
                std::llround(count / std::max(1.0, length) * kShareUnit));
            // As Xapian counts it: a term without wdf (boolean) as once.
            const double wdf = std::max<Xapian::termcount>(1, count);
            e.multiplier += 2 * wdf / (length / average_length + wdf);
        }
    }
    return evidence;
}

Evidence gather_evidence(const Xapian::Database& db, const std::vector<Xapian::docid>& docs,
                         const std::function<bool(const std::string&)>& accept) {
    return gather_evidence(db, docs, [&](Xapian::docid d) {
        TermCounts terms;
        for (auto t = db.termlist_begin(d); t != db.termlist_end(d); ++t)
            if (accept(*t)) terms.emplace_back(*t, t.get_wdf());
        return terms;
    });
}

std::vector<std::pair<std::string, double>> best_expansion_terms(
    const Xapian::Database& db, const Evidence& evidence, Xapian::doccount relevant,
    Xapian::termcount count,
    const std::function<Xapian::doccount(const std::string&)>& frequency_of, double max_share) {
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
        const double frequency =
            frequency_of ? frequency_of(entry->first) : db.get_termfreq(entry->first);
        if (frequency > max_share * size) continue;
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
