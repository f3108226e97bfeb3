// fts search.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/search.h"

#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <optional>
#include <thread>

#include "fts/errors.h"
#include "fts/query.h"
#include "fts/stored.h"
#include "fts/text.h"

namespace fts {

namespace {
// Bytes that never occur in stored text (readers reject control-heavy input and we strip these
// from the text handed to the snippet generator), used to mark highlights.
const std::string kHiStart = "\x01";
const std::string kHiEnd = "\x02";
const std::string kOmit = "\u2026";
// Glass keeps the two newest revisions; a reader overtaken by two commits must start again. Even
// an indexer committing many times a second lets one of these attempts through.
constexpr int kMaxReopenRetries = 25;

std::string without_markers(std::string s) {
    std::erase_if(s, [](char c) { return c == '\x01' || c == '\x02'; });
    return s;
}
// The first `bytes` of the text, cut at a word boundary.
Snippet leading_snippet(const std::string& body, std::size_t bytes) {
    std::string flat = text::collapse_whitespace(text::utf8_prefix(body, bytes + 64));
    if (flat.size() <= bytes) return {flat, {}};
    std::string_view cut = text::utf8_prefix(flat, bytes);
    if (auto sp = cut.rfind(' '); sp != std::string_view::npos && sp > bytes / 2)
        cut = cut.substr(0, sp);
    return {std::string(cut) + kOmit, {}};
}

}  // namespace

Searcher::Searcher(std::vector<std::string> paths) : paths_(std::move(paths)) {
    open();
}

Searcher::Searcher(Xapian::Database db) : db_(std::move(db)), cfg_(AnalysisConfig::load(db_)) {}

Searcher::~Searcher() = default;

void Searcher::open() {
    Xapian::Database db;
    for (const auto& p : paths_) {
        std::error_code ec;
        if (!std::filesystem::exists(p, ec))
            throw UsageError("no index at " + p + ": run indexer first");
        if (::access(p.c_str(), R_OK) != 0)
            throw UsageError("cannot read the index at " + p + ": " + std::strerror(errno));
        try {
            Xapian::Database shard;
            AnalysisConfig c;
            for (int attempt = 0;; ++attempt) {
                try {
                    shard = Xapian::Database(p);
                    c = AnalysisConfig::load(shard);
                    break;
                } catch (const Xapian::DatabaseModifiedError&) {
                    if (attempt >= kMaxReopenRetries) throw;  // overtaken while opening
                } catch (const Xapian::DatabaseCorruptError&) {
                    // Opening while an indexer commits can read a block of a revision that is
                    // being replaced; only an error that persists is real corruption.
                    if (attempt >= kMaxReopenRetries) throw;
                    std::this_thread::sleep_for(std::chrono::milliseconds(2 * (attempt + 1)));
                }
            }
            if (db.size() > 0 && c.language != cfg_.language)
                throw UsageError(p + " was indexed with language '" + c.language + "' but " +
                                 paths_.front() + " with '" + cfg_.language +
                                 "': search them separately");
            if (db.size() == 0) cfg_ = c;
            db.add_database(shard);
        } catch (const Xapian::DatabaseNotFoundError&) {
            throw UsageError("no index at " + p + ": run indexer first");
        } catch (const Xapian::DatabaseCorruptError& e) {
            throw UsageError(p + " is corrupt (" + e.get_msg() + "); check it with xapian-check");
        } catch (const Xapian::DatabaseOpeningError& e) {
            throw UsageError("cannot open the index at " + p + ": " + e.get_msg());
        }
    }
    db_ = db;
    builder_.reset();
}

SearchResult Searcher::search(const std::string& query, const SearchOptions& opts) {
    for (int attempt = 0;; ++attempt) {
        try {
            return search_once(query, opts);
        } catch (const Xapian::Error& e) {
            // An indexer committed while we read: reopen to the newest revision and retry.
            // (A read overtaken by commits usually says DatabaseModifiedError; a document read
            // can instead report DocNotFoundError for a document that is really there.)
            // Xapian 1.4 can even report a block of the overtaken revision as corrupt. A real
            // corruption persists through every retry and is reported then.
            const std::string type = e.get_type();
            if (type != "DatabaseModifiedError" && type != "DocNotFoundError" &&
                type != "DatabaseCorruptError")
                throw;
            if (attempt >= kMaxReopenRetries) throw;
            db_.reopen();
            builder_.reset();
        }
    }
}

namespace {

// Feedback only re-weights; expansion terms come from the free-text index (stemmed terms when
// stemming, plain words otherwise), never from fields, filters, numbers or stopwords.
class ExpansionTerms : public Xapian::ExpandDecider {
  public:
    ExpansionTerms(bool stemmed, const Xapian::Stopper* stopper, std::vector<std::string> exclude)
        : stemmed_(stemmed), stopper_(stopper), exclude_(std::move(exclude)) {}
    bool operator()(const std::string& term) const override {
        std::string_view word = term;
        if (stemmed_) {
            if (word.size() < 2 || word[0] != 'Z') return false;
            word.remove_prefix(1);
        } else if (word.empty() || std::isupper(static_cast<unsigned char>(word[0]))) {
            return false;
        }
        if (word.size() < 3) return false;
        if (std::all_of(word.begin(), word.end(),
                        [](char c) { return std::isdigit(static_cast<unsigned char>(c)); }))
            return false;
        if (stopper_ && (*stopper_)(std::string(word))) return false;
        return std::find(exclude_.begin(), exclude_.end(), term) == exclude_.end();
    }

  private:
    bool stemmed_;
    const Xapian::Stopper* stopper_;
    std::vector<std::string> exclude_;
};

}  // namespace

std::optional<Xapian::Query> Searcher::with_feedback(Xapian::Enquire& enquire,
                                                     const Xapian::Query& query,
                                                     const RankingOptions& ranking) const {
    if (!ranking.feedback || ranking.feedback_docs == 0 || ranking.feedback_terms == 0 ||
        ranking.feedback_weight <= 0)
        return std::nullopt;
    Xapian::MSet top = enquire.get_mset(0, ranking.feedback_docs);
    if (top.size() < 2) return std::nullopt;  // nothing to learn from
    Xapian::RSet rset;
    for (auto it = top.begin(); it != top.end(); ++it) rset.add_document(*it);
    std::vector<std::string> query_terms(query.get_terms_begin(), query.get_terms_end());
    ExpansionTerms decider(cfg_.language != "none", cfg_.stopper(), query_terms);
    Xapian::ESet eset = enquire.get_eset(ranking.feedback_terms, rset, &decider);
    if (eset.empty()) return std::nullopt;
    std::vector<Xapian::Query> parts;
    const double top_weight = eset.begin().get_weight();
    for (auto it = eset.begin(); it != eset.end(); ++it)
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it),
                           it.get_weight() / top_weight);
    Xapian::Query expansion(Xapian::Query::OP_OR, parts.begin(), parts.end());
    // AND_MAYBE: the expansion adds weight to documents that already match, never new matches.
    return Xapian::Query(
        Xapian::Query::OP_AND_MAYBE, query,
        Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT, expansion, ranking.feedback_weight));
}

SearchResult Searcher::search_once(const std::string& query, const SearchOptions& opts) {
    SearchResult r;
    r.query = query;
    if (!builder_ || builder_stopwords_ != opts.ranking.stopwords) {
        builder_ = std::make_unique<QueryBuilder>(db_, cfg_, opts.ranking.stopwords);
        builder_stopwords_ = opts.ranking.stopwords;
    }
    auto parsed = builder_->parse(query);
    r.warnings = std::move(parsed.warnings);

    Xapian::Enquire enquire(db_);
    enquire.set_weighting_scheme(Xapian::BM25Weight(opts.ranking.k1, 0, 1, opts.ranking.b, 0.5));
    enquire.set_query(parsed.query);
    const std::optional<Xapian::Query> expanded =
        with_feedback(enquire, parsed.query, opts.ranking);
    if (expanded) enquire.set_query(*expanded);
    // Count the first matches exactly so small result sets report a true total, not an estimate.
    const Xapian::doccount check_at_least =
        std::max<Xapian::doccount>(100, opts.offset + opts.limit);
    Xapian::MSet mset = enquire.get_mset(opts.offset, opts.limit, check_at_least);
    r.total = mset.get_matches_estimated();
    // Snippets highlight what the user asked for, not the feedback terms: take them from a
    // match set of the original query (an empty one is enough).
    Xapian::MSet snippet_source = mset;
    if (opts.snippets && !mset.empty() && expanded) {
        Xapian::Enquire plain(db_);
        plain.set_query(parsed.query);
        snippet_source = plain.get_mset(0, 0);
    }
    unsigned rank = opts.offset;
    for (auto it = mset.begin(); it != mset.end(); ++it) {
        Hit h;
        h.rank = ++rank;
        h.score = it.get_weight();
        h.doc = decode_stored(it.get_document().get_data());
        if (opts.snippets && !h.doc.body.empty()) {
            std::string marked = snippet_source.snippet(
                without_markers(h.doc.body), opts.snippet_bytes, builder_->stemmer(),
                Xapian::MSet::SNIPPET_BACKGROUND_MODEL | Xapian::MSet::SNIPPET_EXHAUSTIVE, kHiStart,
                kHiEnd, kOmit);
            h.snippet = decode_snippet(marked, kHiStart, kHiEnd);
            // Nothing to highlight (a filter-only query): the opening is the better summary.
            if (h.snippet.highlights.empty())
                h.snippet = leading_snippet(h.doc.body, opts.snippet_bytes);
        }
        h.doc.body.clear();
        r.hits.push_back(std::move(h));
    }
    return r;
}

Snippet decode_snippet(const std::string& marked, const std::string& hi_start,
                       const std::string& hi_end) {
    static const std::pair<std::string_view, char> kEntities[] = {
        {"&amp;", '&'},  {"&lt;", '<'},   {"&gt;", '>'},
        {"&quot;", '"'}, {"&#39;", '\''}, {"&apos;", '\''}};
    Snippet s;
    std::size_t open_at = std::string::npos;
    for (std::size_t i = 0; i < marked.size();) {
        if (marked.compare(i, hi_start.size(), hi_start) == 0) {
            open_at = s.text.size();
            i += hi_start.size();
            continue;
        }
        if (marked.compare(i, hi_end.size(), hi_end) == 0) {
            if (open_at != std::string::npos && open_at < s.text.size())
                s.highlights.emplace_back(open_at, s.text.size());
            open_at = std::string::npos;
            i += hi_end.size();
            continue;
        }
        if (marked[i] == '&') {
            bool done = false;
            for (const auto& [ent, ch] : kEntities) {
                if (marked.compare(i, ent.size(), ent) == 0) {
                    s.text.push_back(ch);
                    i += ent.size();
                    done = true;
                    break;
                }
            }
            if (done) continue;
        }
        char c = marked[i++];
        if (c == '\n' || c == '\t' || c == '\r') c = ' ';
        if (c == ' ' && !s.text.empty() && s.text.back() == ' ') continue;  // paragraph breaks
        s.text.push_back(c);
    }
    return s;
}

}  // namespace fts
