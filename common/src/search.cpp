// fts search.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/search.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <thread>
#include <tuple>
#include <unordered_map>

#include "fts/dates.h"
#include "fts/errors.h"
#include "fts/expansion.h"
#include "fts/query.h"
#include "fts/schema.h"
#include "fts/snippet.h"
#include "fts/stored.h"
#include "fts/stub.h"
#include "fts/text.h"

namespace fts {

// Totals are exact up to this many matches (Xapian's estimate beyond).
constexpr Xapian::doccount kExactTotalUpTo = 100;

namespace {
// Glass keeps the two newest revisions; a reader overtaken by two commits must start again. Even
// an indexer committing many times a second lets one of these attempts through.
constexpr int kMaxReopenRetries = 25;

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

// Open a database path as Xapian would, except that the remote shards of a stub get our timeout
// (Xapian's stub reader uses its default) and a shard that fails is named in the error. `remote`
// is set when a shard may be remote (each lookup then a round trip).
constexpr int kMaxStubNesting = 8;  // beyond, Xapian's own reader (which refuses loops)

Xapian::Database open_database(const std::string& path, double timeout_seconds, bool& remote,
                               std::vector<Searcher::RemoteShard>& remotes, int nesting = 0) {
    auto stub = stub_file(path);
    if (!stub) return Xapian::Database(path);
    Xapian::Database db;
    const auto timeout_ms = static_cast<unsigned>(std::max(1.0, timeout_seconds * 1000));
    // Each line's database, to check they make the same terms (a stub mixing a database built
    // before fold_first with one after was searched without a word, each missing the other's).
    std::vector<std::pair<std::string, Xapian::Database>> members;
    const auto add = [&](const std::string& label, Xapian::Database member) {
        members.emplace_back(label, member);
        db.add_database(member);
    };
    for (const auto& [type, where, local, name] : read_stub(*stub)) {
        try {
            if (type == "remote") remote = true;
            if (type == "remote" && !where.empty() && where[0] == ':') {  // remote :PROG ARGS
                auto space = where.find(' ');
                const std::string prog =
                    where.substr(1, space == std::string::npos ? space : space - 1);
                const std::string args = space == std::string::npos ? "" : where.substr(space + 1);
                remotes.push_back({name, [prog, args](unsigned ms) {
                                       return Xapian::Remote::open(prog, args, ms);
                                   }});
                add(name, Xapian::Remote::open(prog, args, timeout_ms));
            } else if (type == "remote") {  // remote HOST:PORT
                auto colon = where.rfind(':');
                unsigned long port = 0;
                try {
                    port = colon == std::string::npos ? 0 : std::stoul(where.substr(colon + 1));
                } catch (const std::exception&) {
                }
                if (port == 0 || port > 65535)
                    throw UsageError(name + ": expected 'remote HOST:PORT'");
                const std::string host = where.substr(0, colon);
                remotes.push_back({name, [host, port](unsigned ms) {
                                       return Xapian::Remote::open(
                                           host, static_cast<unsigned>(port), ms, ms);
                                   }});
                add(name, Xapian::Remote::open(host, static_cast<unsigned>(port), timeout_ms,
                                               timeout_ms));
            } else if (type == "auto" && stub_file(local) && nesting < kMaxStubNesting) {
                // A stub of stubs: its remote shards get the timeout, and are known remote.
                add(name, open_database(local, timeout_seconds, remote, remotes, nesting + 1));
            } else if (type == "auto") {
                add(name, Xapian::Database(local));
            } else if (type == "glass" || type == "chert" || type == "inmemory") {
                remote = true;                   // not known here: as if
                return Xapian::Database(*stub);  // other backends: Xapian's own reader
            } else {
                // Not a stub: a single-file database (xapian-compact --single-file) is one for
                // Xapian's own reader; anything else gets a message that says what it is not.
                try {
                    remote = true;  // not known here: as if
                    return Xapian::Database(*stub);
                } catch (const Xapian::DatabaseOpeningError&) {
                    throw UsageError(name + ": not a line of a stub file ('auto PATH' or 'remote " +
                                     "HOST:PORT'): is " + text::one_line(path) + " a database?");
                }
            }
        } catch (const Xapian::NetworkTimeoutError& e) {
            throw UsageError("shard " + name + " did not answer within " + number(timeout_seconds) +
                             " s (--timeout): " + e.get_msg());
        } catch (const Xapian::NetworkError& e) {
            throw UsageError("shard " + name + " is unreachable: " + e.get_msg() +
                             " (is xapian-tcpsrv running there?)");
        } catch (const Xapian::DatabaseOpeningError& e) {
            throw UsageError("cannot open shard " + name + ": " + e.get_msg());
        }
    }
    if (db.size() == 0) throw UsageError(*stub + ": lists no databases");
    AnalysisConfig::require_same_terms(members);
    return db;
}

}  // namespace

Xapian::Database open_database(const std::string& path, double timeout_seconds) {
    bool remote = false;
    std::vector<Searcher::RemoteShard> remotes;
    return open_database(path, timeout_seconds, remote, remotes);
}

namespace {

// A document's unique id term ("" when it has none: written by another tool).
std::string id_term_of(const Xapian::Document& doc) {
    Xapian::TermIterator t = doc.termlist_begin();
    t.skip_to(std::string(schema::kIdPrefix));
    if (t == doc.termlist_end()) return "";
    std::string term = *t;
    return term.starts_with(schema::kIdPrefix) ? term : "";
}

// What orders documents scoring the same: their id terms (made from the id value, or read from
// older documents, which lack it), so a database mixing both orders them as one of either kind.
std::string tie_key(const Xapian::Document& doc) {
    const std::string id = doc.get_value(schema::kIdSlot);
    return id.empty() ? id_term_of(doc) : schema::id_term(id);
}

// The id of a document: its id value, or for documents indexed before that slot existed, its
// unique id term ("" when the term is a hashed long id: the document's data has it then).
std::string id_of(const Xapian::Document& doc) {
    if (std::string id = doc.get_value(schema::kIdSlot); !id.empty()) return id;
    const std::string term = id_term_of(doc);
    if (term.empty() || term.size() + 21 > schema::kMaxTermBytes) return "";
    return term.substr(schema::kIdPrefix.size());
}

}  // namespace

Searcher::Searcher(std::vector<std::string> paths, double timeout_seconds)
    : paths_(std::move(paths)), timeout_seconds_(timeout_seconds) {
    open();
}

Searcher::Searcher(Xapian::Database db)
    : db_(std::move(db)),
      stored_(std::make_unique<StoredReader>(std::vector<Xapian::Database>{db_})),
      cfg_(AnalysisConfig::load(db_)) {}

Searcher::~Searcher() = default;

namespace {

// What a path is (device, inode), to see a rebuild put a new database there; zeros if unreadable.
// The UUIDs of the databases `db` searches as one (Xapian joins them with ':'); "" for a database
// without one.
std::vector<std::string> database_uuids(const Xapian::Database& db) {
    std::vector<std::string> out;
    const std::string all = db.get_uuid();
    for (std::size_t from = 0;;) {
        const std::size_t colon = all.find(':', from);
        out.push_back(all.substr(from, colon - from));
        if (colon == std::string::npos) return out;
        from = colon + 1;
    }
}

std::pair<std::uint64_t, std::uint64_t> identity(const std::string& path) {
    struct stat st {};
    if (::stat(path.c_str(), &st) != 0) return {0, 0};
    return {static_cast<std::uint64_t>(st.st_dev), static_cast<std::uint64_t>(st.st_ino)};
}

}  // namespace

void Searcher::open() {
    Xapian::Database db;
    std::vector<Xapian::Database> parts;
    std::vector<std::pair<std::uint64_t, std::uint64_t>> identities;
    AnalysisConfig first;
    bool remote = false;
    std::vector<RemoteShard> remotes;
    std::map<std::string, std::string> uuids;  // each database's UUID: the path it came from
    for (const auto& p : paths_) {
        std::error_code ec;
        if (!std::filesystem::exists(p, ec))
            throw UsageError("no index at " + p + ": run indexer first");
        if (::access(p.c_str(), R_OK) != 0)
            throw UsageError("cannot read the index at " + p + ": " + std::strerror(errno));
        identities.push_back(identity(p));  // before opening: a later swap is then seen
        try {
            Xapian::Database shard;
            AnalysisConfig c;
            int format = 0;
            std::vector<RemoteShard> found;
            for (int attempt = 0;; ++attempt) {
                try {
                    found.clear();
                    shard = open_database(p, timeout_seconds_, remote, found);
                    c = AnalysisConfig::load(shard);
                    format = schema::stored_version(shard);
                    if (!schema::written_by_fts(shard))
                        throw UsageError(p +
                                         " is a Xapian database another tool wrote (no fts "
                                         "metadata, documents not in fts's format): search it "
                                         "with that tool, or index the articles with indexer");
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
            if (db.size() > 0 && c.language != first.language)
                throw UsageError(p + " was indexed with language '" + c.language + "' but " +
                                 paths_.front() + " with '" + first.language +
                                 "': search them separately");
            if (db.size() > 0 &&
                (c.unpositioned_stopper() != nullptr) != (first.unpositioned_stopper() != nullptr))
                throw UsageError(p + " and " + paths_.front() +
                                 " index stopwords differently (one without positions, as "
                                 "databases built since format 2 do): search them separately, or "
                                 "rebuild the older one (indexer --rebuild)");
            if (db.size() > 0)
                if (const std::string why = first.term_difference(c); !why.empty())
                    throw UsageError(p + " and " + paths_.front() + " " + why +
                                     ": search them separately, or rebuild the older one "
                                     "(indexer --rebuild)");
            if (format > schema::kSchemaVersion)
                throw UsageError(p + " was built by a newer fts (format " + std::to_string(format) +
                                 "); this searcher reads up to format " +
                                 std::to_string(schema::kSchemaVersion));
            if (db.size() == 0) first = c;
            // The same database twice (the same path, a copy, a shard also given in a stub) would
            // list every document twice.
            for (const std::string& uuid : database_uuids(shard)) {
                if (uuid.empty()) continue;
                const auto [seen, fresh] = uuids.emplace(uuid, p);
                if (!fresh)
                    throw UsageError(p + " and " + seen->second +
                                     " hold the same database (the same UUID: a copy, or one "
                                     "path given twice); give it once");
            }
            db.add_database(shard);
            parts.push_back(shard);
            remotes.insert(remotes.end(), found.begin(), found.end());
        } catch (const Xapian::DatabaseNotFoundError&) {
            throw UsageError("no index at " + p + ": run indexer first");
        } catch (const Xapian::DatabaseCorruptError& e) {
            throw UsageError(p + " is corrupt (" + e.get_msg() + "); check it with xapian-check");
        } catch (const Xapian::DatabaseOpeningError& e) {
            throw UsageError("cannot open the index at " + p + ": " + e.get_msg());
        }
    }
    // Nothing changes unless every database opened.
    db_ = db;
    parts_ = parts;
    stored_ = std::make_unique<StoredReader>(std::move(parts));
    cfg_ = std::move(first);
    identities_ = std::move(identities);
    remote_ = remote;
    remotes_ = std::move(remotes);
    builder_.reset();
    checked_ = std::chrono::steady_clock::now();  // just opened: as new as it gets
}

Xapian::Query Searcher::runnable(const Xapian::Query& q) const {
    const bool gaps = !remote_ && db_.get_lastdocid() > db_.get_doccount();
    return gaps ? unweighted_terms_as_postings(q) : q;
}

std::string Searcher::unreachable_shards() const {
    std::string out;
    const auto ms = static_cast<unsigned>(std::clamp(timeout_seconds_, 0.1, 2.0) * 1000);
    for (const auto& shard : remotes_) {
        try {
            shard.open(ms).get_doccount();  // (a round trip: the shard answers, or not)
        } catch (const Xapian::Error&) {
            out += (out.empty() ? "" : ", ") + shard.label;
        }
    }
    return out;
}

bool Searcher::refresh() {
    checked_ = std::chrono::steady_clock::now();
    if (paths_.empty()) {  // given an open database: reopening it is all there is
        if (!db_.reopen()) return false;
        builder_.reset();
        return true;
    }
    bool moved = false;
    for (std::size_t i = 0; i < paths_.size() && !moved; ++i)
        moved = identity(paths_[i]) != identities_[i];  // rebuilt: a new database at the path
    if (!moved) {
        try {
            // (Xapian 1.4.22's reopen() says "moved" on every call for a database that was
            // never written to, revision 0: an index being built for the first time. The
            // revision says whether it did.)
            const auto before = revisions();
            moved = db_.reopen() && (!before || revisions() != before);
        } catch (const Xapian::NetworkError&) {
            throw;  // a remote shard: its --timeout has applied, and it would apply again
        } catch (const Xapian::Error&) {
            // Reopening while an indexer commits can itself be overtaken, and leave some
            // tables at one revision and some at another.
            moved = true;
        }
    }
    // Opened afresh rather than only reopened: the configuration and dictionaries read from
    // the older revision may have been read while it was being overtaken.
    if (moved) open();
    return moved;
}

std::optional<std::vector<Xapian::rev>> Searcher::revisions() const {
    std::vector<Xapian::rev> out;
    try {
        for (const auto& part : parts_) out.push_back(part.get_revision());
    } catch (const Xapian::Error&) {
        return std::nullopt;  // e.g. a remote shard
    }
    return out;
}

template <typename Read>
auto Searcher::consistent(Read read) -> decltype(read()) {
    // From the newest revision: a prompt keeps the databases open between searches. (A batch's
    // searches follow one another: the check after the last one is recent enough.)
    if (std::chrono::steady_clock::now() - checked_ > std::chrono::milliseconds(10)) refresh();
    for (int attempt = 0;; ++attempt) {
        try {
            auto result = read();
            // Done, unless an indexer committed meanwhile. Xapian lets a reader go on with its
            // revision while the next one is committed, but the one after may reuse its
            // blocks: reads then usually fail (below), but not always. A term of the
            // overtaken revision can read as absent: seen as a search that found nothing while
            // 600 matching articles were committed, one revision behind the newest. So what
            // was read while the database moved is read again at the newest revision (the
            // check reads each database's version file).
            if (!refresh()) return result;
            if (attempt >= kMaxReopenRetries)
                throw Xapian::DatabaseModifiedError("the index changed during each of " +
                                                    std::to_string(attempt + 1) +
                                                    " tries to read it");
        } catch (const Xapian::NetworkError&) {
            throw;  // a remote shard failed or timed out: said as it is
        } catch (const Xapian::Error& e) {
            // A read overtaken by commits usually says DatabaseModifiedError; a document read
            // can instead report DocNotFoundError for a document that is really there, and
            // Xapian 1.4 can report a block of the overtaken revision as corrupt, or fail to
            // read it ("EOF reading block"). Those are read again at the newest revision; a
            // real corruption persists through every try and is reported then. Other errors
            // count only if the database moved meanwhile.
            if (attempt >= kMaxReopenRetries) throw;
            const std::string type = e.get_type();
            const bool overtaken = type == "DatabaseModifiedError" || type == "DocNotFoundError" ||
                                   type == "DatabaseCorruptError";
            if (!refresh() && !overtaken) throw;
        }
        // Overtaken: an indexer committing batch after batch (small --batch-size) can overtake
        // every prompt retry of a long read. Later tries wait a little for a quiet moment
        // (1, 2, 4 ... up to 64 ms: about 1.2 s over all 26 tries).
        if (attempt >= 2)
            std::this_thread::sleep_for(std::chrono::milliseconds(1 << std::min(attempt - 2, 6)));
    }
}

SearchResult Searcher::search(const std::string& query, const SearchOptions& opts) {
    return consistent([&] { return search_once(query, opts); });
}

namespace {

// The documents of a sorted list of docids, as a query: what feedback re-orders. Xapian hands a
// posting source each database of a multi-database on its own, with its own docids, so the list
// is split by database (docid d of n is database (d - 1) % n's docid (d - 1) / n + 1), each
// found by its UUID.
class DocumentList : public Xapian::PostingSource {
  public:
    // Per database: its docids, ascending, each with a weight when the list has weights.
    using List = std::vector<std::pair<Xapian::docid, double>>;
    using Lists = std::vector<List>;
    DocumentList(std::shared_ptr<const Lists> lists,
                 std::shared_ptr<const std::vector<std::string>> uuids, bool weighted)
        : lists_(std::move(lists)), uuids_(std::move(uuids)), weighted_(weighted) {}

    // nullptr when the databases cannot be told apart (no or repeated UUIDs). With `weights`
    // (one per docid), each document matches with its weight.
    static DocumentList* make(const Xapian::Database& db, const std::vector<Xapian::docid>& docids,
                              const std::vector<double>* weights = nullptr) {
        const std::size_t n = db.size();
        auto uuids = std::make_shared<std::vector<std::string>>();
        if (n > 1) {
            *uuids = database_uuids(db);
            std::vector<std::string> sorted = *uuids;
            std::sort(sorted.begin(), sorted.end());
            if (sorted.size() != n || sorted.front().empty() ||
                std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end())
                return nullptr;
        }
        auto lists = std::make_shared<Lists>(std::max<std::size_t>(n, 1));
        for (std::size_t i = 0; i < docids.size(); ++i) {
            const Xapian::docid d = docids[i];
            (*lists)[(d - 1) % lists->size()].emplace_back((d - 1) / lists->size() + 1,
                                                           weights ? (*weights)[i] : 0.0);
        }
        for (auto& list : *lists) std::sort(list.begin(), list.end());
        return new DocumentList(std::move(lists), std::move(uuids), weights != nullptr);
    }

    void init(const Xapian::Database& db) override {
        list_ = &lists_->front();
        if (lists_->size() > 1) {
            const auto it = std::find(uuids_->begin(), uuids_->end(), db.get_uuid());
            list_ = it == uuids_->end() ? &none_ : &(*lists_)[it - uuids_->begin()];
        }
        at_ = 0;
        started_ = false;
        double most = 0;
        if (weighted_)
            for (const auto& entry : *list_) most = std::max(most, entry.second);
        set_maxweight(most);
    }
    Xapian::doccount get_termfreq_min() const override { return 0; }
    Xapian::doccount get_termfreq_est() const override { return list_ ? list_->size() : 0; }
    Xapian::doccount get_termfreq_max() const override { return list_ ? list_->size() : 0; }
    void next(double) override {
        if (started_) ++at_;
        started_ = true;
    }
    void skip_to(Xapian::docid did, double) override {
        started_ = true;
        at_ = static_cast<std::size_t>(
            std::lower_bound(list_->begin() + static_cast<std::ptrdiff_t>(at_), list_->end(), did,
                             [](const auto& entry, Xapian::docid d) { return entry.first < d; }) -
            list_->begin());
    }
    bool at_end() const override { return at_ >= list_->size(); }
    Xapian::docid get_docid() const override { return (*list_)[at_].first; }
    double get_weight() const override { return weighted_ ? (*list_)[at_].second : 0.0; }
    DocumentList* clone() const override { return new DocumentList(lists_, uuids_, weighted_); }
    std::string get_description() const override {
        return weighted_ ? "the first matches, as the query weighs them" : "the first matches";
    }

  private:
    std::shared_ptr<const Lists> lists_;
    std::shared_ptr<const std::vector<std::string>> uuids_;
    bool weighted_ = false;
    const List* list_ = nullptr;
    List none_;
    std::size_t at_ = 0;
    bool started_ = false;
};

}  // namespace

Xapian::Query Searcher::documents(const std::vector<Xapian::docid>& docids,
                                  const std::function<std::string(std::size_t)>& id_term) const {
    if (DocumentList* list = remote_ ? nullptr : DocumentList::make(db_, docids))
        return Xapian::Query(static_cast<Xapian::PostingSource*>(list->release()));
    std::vector<Xapian::Query> ids;
    for (std::size_t i = 0; i < docids.size(); ++i) ids.emplace_back(id_term(i));
    return Xapian::Query(Xapian::Query::OP_OR, ids.begin(), ids.end());
}

namespace {

// Whether Xapian 1.4 may weigh part of `q` differently beside other subqueries when several
// databases are searched as one: a wildcard's expansion and its frequency estimate are made per
// database and depend on the rest of the query (docs/scaling.md), as may a synonym group's.
bool weighed_with_the_rest(const Xapian::Query& q) {
    const auto type = q.get_type();
    if (type == Xapian::Query::OP_WILDCARD || type == Xapian::Query::OP_SYNONYM ||
        type == Xapian::Query::OP_MAX)
        return true;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        if (weighed_with_the_rest(q.get_subquery(i))) return true;
    return false;
}

}  // namespace

std::optional<Searcher::Feedback> Searcher::feedback(Xapian::Enquire& enquire,
                                                     const Xapian::Query& query,
                                                     const RankingOptions& ranking) const {
    if (!ranking.feedback || ranking.feedback_docs == 0 || ranking.feedback_terms == 0 ||
        ranking.feedback_weight <= 0)
        return std::nullopt;
    // The top documents, ties broken by id rather than by docid: docids depend on how the
    // collection is laid out (one database or shards), and the same documents must give the same
    // expansion either way.
    // Those to re-order (feedback_depth) too, ties included.
    const Xapian::doccount need = std::max(ranking.feedback_docs, ranking.feedback_depth);
    Xapian::MSet top;
    for (Xapian::doccount want = need + 10;; want *= 4) {
        // Counting the first 100 matches exactly, as a page's total promises (a page within the
        // first matches reports this match's count; 101 checked, or exactly 100 is an estimate).
        top = enquire.get_mset(0, want, std::max<Xapian::doccount>(want, kExactTotalUpTo + 1));
        // Enough once the last document fetched scores below the last one needed.
        if (top.size() < want || want > 100000 ||
            top[top.size() - 1].get_weight() < top[need - 1].get_weight())
            break;
    }
    if (top.size() < 2) return std::nullopt;  // nothing to learn from
    // Documents scoring above the last one kept are in; ties with it are broken by id (read only
    // for those).
    const std::size_t k = std::min<std::size_t>(ranking.feedback_docs, top.size());
    const double cut = top[static_cast<Xapian::doccount>(k - 1)].get_weight();
    std::vector<Xapian::docid> chosen;
    std::vector<std::pair<std::string, Xapian::docid>> tied;
    for (auto it = top.begin(); it != top.end(); ++it) {
        if (it.get_weight() > cut)
            chosen.push_back(*it);
        else if (it.get_weight() == cut)
            tied.emplace_back(tie_key(it.get_document()), *it);
    }
    std::sort(tied.begin(), tied.end());
    for (std::size_t i = 0; chosen.size() < k && i < tied.size(); ++i)
        chosen.push_back(tied[i].second);
    // Feedback only re-weights. Its terms are each document's most frequent words of the text
    // and fields (expansion.h), never filters, numbers, stopwords or the query's own terms.
    const ExpansionCandidates candidates(cfg_);
    Evidence shared = gather_evidence(
        db_, chosen, [&](Xapian::docid d) { return feedback_terms(db_, d, candidates); });
    // Candidates: the terms at least two of the documents share. A term of one document alone
    // says little about what the results have in common.
    for (auto t = query.get_terms_begin(); t != query.get_terms_end(); ++t) shared.erase(*t);
    std::erase_if(shared, [](const auto& e) { return e.second.docs < 2; });
    // With many feedback documents (--feedback-docs), weigh only the kFeedbackCandidates most
    // shared (by how many documents, then how much of each): each costs a frequency lookup.
    constexpr std::size_t kFeedbackCandidates = 400;
    if (shared.size() > kFeedbackCandidates) {
        std::vector<std::pair<const std::string*, const TermEvidence*>> order;
        order.reserve(shared.size());
        for (const auto& [term, s] : shared) order.emplace_back(&term, &s);
        std::nth_element(order.begin(), order.begin() + kFeedbackCandidates, order.end(),
                         [](const auto& x, const auto& y) {
                             if (x.second->docs != y.second->docs)
                                 return x.second->docs > y.second->docs;
                             if (x.second->share != y.second->share)
                                 return x.second->share > y.second->share;
                             return *x.first < *y.first;
                         });
        Evidence kept;
        for (std::size_t i = 0; i < kFeedbackCandidates; ++i)
            kept.emplace(*order[i].first, *order[i].second);
        shared.swap(kept);
    }
    // Each candidate weighed as Xapian's expansion set weighs it (expansion.h), with exact term
    // frequencies, so shards give the same weights as one database. Remote shards answer all the
    // frequencies in one round trip (the statistics of a match that returns nothing) rather than
    // one each.
    std::function<Xapian::doccount(const std::string&)> frequency;
    Xapian::MSet statistics;
    if (remote_ && !shared.empty()) {
        std::vector<Xapian::Query> terms;
        for (const auto& entry : shared) terms.emplace_back(entry.first);
        Xapian::Enquire all(db_);
        all.set_query(Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()));
        statistics = all.get_mset(0, 0);
        frequency = [&](const std::string& t) { return statistics.get_termfreq(t); };
    }
    const std::vector<std::pair<std::string, double>> weighed =
        best_expansion_terms(db_, shared, static_cast<Xapian::doccount>(chosen.size()),
                             ranking.feedback_terms, frequency, kFeedbackMaxShare);
    if (weighed.empty()) return std::nullopt;
    Feedback out;
    out.learned = std::to_string(weighed.size()) + (weighed.size() == 1 ? " term" : " terms") +
                  " learned from the top " + std::to_string(chosen.size()) + " results, at " +
                  number(ranking.feedback_weight) + " x the query's weight";
    out.matches_estimated = top.get_matches_estimated();
    std::vector<Xapian::Query> parts;
    const double top_weight = weighed.front().second;
    for (const auto& [term, w] : weighed)
        parts.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(term), w / top_weight);
    out.expansion = Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                  Xapian::Query(Xapian::Query::OP_OR, parts.begin(), parts.end()),
                                  ranking.feedback_weight);
    // Only the first feedback_depth matches (those tied with the last included) get the
    // expansion's weight: being the best by the query alone, they stay above the rest, re-ordered
    // among themselves. The rest are not visited again.
    if (ranking.feedback_depth == 0 || top.size() <= ranking.feedback_depth) return out;
    const double last = top[ranking.feedback_depth - 1].get_weight();
    std::vector<Xapian::docid> first;
    std::vector<double> weights;
    for (auto it = top.begin(); it != top.end() && it.get_weight() >= last; ++it) {
        first.push_back(*it);
        weights.push_back(it.get_weight());
    }
    // A page among them: their weights by the query are known, so only the expansion is matched
    // again (not a phrase's positions, say), for the same sums (Xapian adds AND_MAYBE's two
    // weights as it adds these). Not on remote shards, which run no posting source of ours, nor
    // where a wildcard's weight on several databases would differ beside the expansion.
    const bool reusable = !remote_ && !(db_.size() > 1 && weighed_with_the_rest(query));
    if (DocumentList* scored = reusable ? DocumentList::make(db_, first, &weights) : nullptr)
        out.reweigh = Xapian::Query(
            Xapian::Query::OP_AND_MAYBE,
            Xapian::Query(static_cast<Xapian::PostingSource*>(scored->release())), out.expansion);
    out.first = documents(first, [&](std::size_t i) {
        // Ids wanted: fetch them all in one round trip per remote shard.
        if (i == 0) {
            auto it = top.begin();
            for (std::size_t n = 0; n < first.size(); ++n, ++it) top.fetch(it);
        }
        return tie_key(top[static_cast<Xapian::doccount>(i)].get_document());
    });
    out.first_count = static_cast<Xapian::doccount>(first.size());
    out.expansion = Xapian::Query(Xapian::Query::OP_FILTER, out.expansion, out.first);
    return out;
}

// A part of the final query whose weight --explain reports on its own. The parts' weights add up
// to the score: Xapian sums the weights of OR, AND, AND_MAYBE and phrase subqueries, and BM25's
// statistics (collection size, term frequency, lengths) do not depend on the rest of the query.
struct Searcher::Part {
    Contribution::Kind kind;
    std::string term;   // the term as indexed (Term, Similar); the reference date (Recency)
    std::string label;  // Group: the subquery; Feedback: what it learned
    Xapian::Query query;
    Xapian::termcount occurrences = 1;  // Term: how many times the query has it
};

namespace {

constexpr Xapian::termcount kLikeTerms = 30;

// Walks the weighted leaves of a parsed query: terms (`leaf(q, false)`, one call per occurrence)
// and subqueries whose weight cannot be split further (`leaf(q, true)`: wildcard and synonym
// expansions), entering only the subqueries `enter` accepts. Filters and exclusions carry no
// weight.
void walk_weighted(const Xapian::Query& q, const std::function<bool(const Xapian::Query&)>& enter,
                   const std::function<void(const Xapian::Query&, bool)>& leaf) {
    if (!enter(q)) return;
    switch (q.get_type()) {
        case Xapian::Query::LEAF_TERM:
            return leaf(q, false);
        case Xapian::Query::LEAF_MATCH_NOTHING:
        case Xapian::Query::OP_VALUE_RANGE:
        case Xapian::Query::OP_VALUE_GE:
        case Xapian::Query::OP_VALUE_LE:
            return;
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_FILTER:
            if (q.get_num_subqueries() > 0) walk_weighted(q.get_subquery(0), enter, leaf);
            return;
        case Xapian::Query::OP_AND:
        case Xapian::Query::OP_OR:
        case Xapian::Query::OP_XOR:
        case Xapian::Query::OP_AND_MAYBE:
        case Xapian::Query::OP_PHRASE:
        case Xapian::Query::OP_NEAR:
            for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
                walk_weighted(q.get_subquery(i), enter, leaf);
            return;
        default:
            return leaf(q, true);
    }
}

// The weighted leaves of a parsed query: each term with its query frequency, and the groups.
void weighted_leaves(const Xapian::Query& q, std::map<std::string, Xapian::termcount>& terms,
                     std::vector<Xapian::Query>& groups) {
    walk_weighted(
        q, [](const Xapian::Query&) { return true; },
        [&](const Xapian::Query& leaf, bool group) {
            if (group)
                groups.push_back(leaf);
            else
                ++terms[*leaf.get_terms_begin()];
        });
}

// Whether a query gives its matches a weight: words (or wildcards) do, filters alone
// (tag:energy, date:2024, which the parser scales to 0) do not. (Xapian 1.4 has no accessor for a
// scale factor: read from the description.)
bool ranks(const Xapian::Query& q) {
    switch (q.get_type()) {
        case Xapian::Query::LEAF_TERM:
            return true;
        case Xapian::Query::LEAF_MATCH_ALL:
        case Xapian::Query::LEAF_MATCH_NOTHING:
        case Xapian::Query::LEAF_POSTING_SOURCE:
        case Xapian::Query::OP_VALUE_RANGE:
        case Xapian::Query::OP_VALUE_GE:
        case Xapian::Query::OP_VALUE_LE:
            return false;
        case Xapian::Query::OP_SCALE_WEIGHT:
            return q.get_description().rfind("Query(0 * ", 0) != 0 && q.get_num_subqueries() > 0 &&
                   ranks(q.get_subquery(0));
        case Xapian::Query::OP_AND_NOT:
        case Xapian::Query::OP_FILTER:
            return q.get_num_subqueries() > 0 && ranks(q.get_subquery(0));
        default:
            if (q.get_num_subqueries() == 0) return true;  // a wildcard, an expansion
            for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
                if (ranks(q.get_subquery(i))) return true;
            return false;
    }
}

// --recent: a bonus from each dated match's age (see RecencyOptions).
class RecencySource : public Xapian::ValuePostingSource {
  public:
    RecencySource(long reference_day, double half_life_days, double max_weight)
        : Xapian::ValuePostingSource(schema::kDateSlot),
          reference_(reference_day),
          half_life_(half_life_days),
          max_(max_weight) {}
    void init(const Xapian::Database& database) override {
        Xapian::ValuePostingSource::init(database);
        set_maxweight(max_);
    }
    double get_weight() const override {
        auto day = dates::days_since_epoch(get_value());
        if (!day) return 0;
        return max_ * std::exp2(-static_cast<double>(std::labs(reference_ - *day)) / half_life_);
    }
    RecencySource* clone() const override {
        return new RecencySource(reference_, half_life_, max_);
    }
    std::string name() const override { return "fts::RecencySource"; }

  private:
    long reference_;
    double half_life_;
    double max_;
};

// Counts the values of one facet over every match the Enquire looks at.
class FacetSpy : public Xapian::MatchSpy {
  public:
    explicit FacetSpy(Facet f) : facet_(f) {}
    void operator()(const Xapian::Document& doc, double) override {
        if (doc.get_value(schema::kFingerprintSlot).empty()) ++legacy_;
        switch (facet_) {
            case Facet::Year: {
                std::string date = doc.get_value(schema::kDateSlot);
                if (date.size() >= 4) ++counts_[date.substr(0, 4)];
                break;
            }
            case Facet::Source:
            case Facet::Author: {
                std::string v = doc.get_value(facet_ == Facet::Source ? schema::kSourceSlot
                                                                      : schema::kAuthorSlot);
                // Names count without regard to case, as author: and source: find them ("Amina
                // Diallo" and "amina diallo" are one), shown as most matches spell them.
                std::vector<std::string> names;
                if (!v.empty() && v[0] == schema::kListMark)  // several authors: each counts
                    names = schema::decode_list(v.substr(1));
                else if (!v.empty())
                    names.push_back(std::move(v));
                std::set<std::string> seen;
                for (auto& n : names) {
                    if (n.empty()) continue;
                    std::string key = text::lowercase(n);
                    if (!seen.insert(key).second) continue;
                    ++counts_[key];
                    ++spellings_[key][std::move(n)];
                }
                break;
            }
            case Facet::Tag: {
                std::vector<std::string> tags =
                    schema::decode_list(doc.get_value(schema::kTagsSlot));
                std::sort(tags.begin(), tags.end());
                tags.erase(std::unique(tags.begin(), tags.end()), tags.end());
                for (const auto& t : tags) ++counts_[t];
                break;
            }
        }
    }
    std::string name() const override { return "fts::FacetSpy"; }

    FacetResult result() const {
        FacetResult r{facet_, {}};
        for (const auto& [value, count] : counts_) {
            std::string shown = value;
            if (auto it = spellings_.find(value); it != spellings_.end()) {
                Xapian::doccount most = 0;
                for (const auto& [spelling, n] : it->second)
                    if (n > most) std::tie(shown, most) = std::tie(spelling, n);
            }
            r.values.push_back({shown, count});
        }
        std::stable_sort(
            r.values.begin(), r.values.end(),
            [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
        return r;
    }
    // Matches indexed before facet values were stored (they are not counted).
    Xapian::doccount legacy() const { return legacy_; }

  private:
    Facet facet_;
    std::map<std::string, Xapian::doccount> counts_;  // by value (authors, sources: lowercased)
    std::map<std::string, std::map<std::string, Xapian::doccount>> spellings_;  // of each
    Xapian::doccount legacy_ = 0;
};

}  // namespace

std::string facet_name(Facet f) {
    switch (f) {
        case Facet::Source:
            return "source";
        case Facet::Author:
            return "author";
        case Facet::Tag:
            return "tag";
        case Facet::Year:
            return "year";
    }
    return "";
}

std::optional<Facet> parse_facet(std::string_view name) {
    for (Facet f : {Facet::Source, Facet::Author, Facet::Tag, Facet::Year})
        if (name == facet_name(f) || name == facet_name(f) + "s") return f;
    return std::nullopt;
}

Xapian::Query Searcher::like_query(const std::string& id, std::vector<Part>& parts) const {
    std::string idterm = schema::id_term(id);
    Xapian::PostingIterator doc = db_.postlist_begin(idterm);
    if (doc == db_.postlist_end(idterm) && id.find('%') != std::string::npos) {
        // An id as `ids`, `trec` and `tsv` output write it: a tab or line break as %XX.
        idterm = schema::id_term(text::percent_unescape(id));
        doc = db_.postlist_begin(idterm);
    }
    if (doc == db_.postlist_end(idterm))
        throw UsageError("--like " + id + ": no article with this id");
    Xapian::RSet rset;
    rset.add_document(*doc);
    Xapian::Enquire enquire(db_);
    // Its telling words, as feedback chooses them (expansion.h), from its whole term list.
    const ExpansionCandidates decider(cfg_);
    Xapian::ESet eset =
        enquire.get_eset(kLikeTerms, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &decider);
    if (eset.empty()) return Xapian::Query::MatchNothing;
    std::vector<Xapian::Query> terms;
    const double top_weight = eset.begin().get_weight();
    for (auto it = eset.begin(); it != eset.end(); ++it) {
        terms.emplace_back(Xapian::Query::OP_SCALE_WEIGHT, Xapian::Query(*it),
                           it.get_weight() / top_weight);
        parts.push_back({Contribution::Kind::Similar, *it, "", terms.back()});
    }
    return Xapian::Query(Xapian::Query::OP_AND_NOT,
                         Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end()),
                         Xapian::Query(idterm));
}

namespace {

// The newest date of an article in `db` ("YYYYMMDD"; "" when none is dated), from the date terms
// (years, then that year's months, then that month's days). Not the date value's upper bound,
// which Xapian never lowers: an article dated 2209 by mistake, corrected or deleted since, would
// stay the reference, and every real article's bonus ~0.
std::string newest_date(const Xapian::Database& db) {
    const auto last = [&](const std::string& prefix) {
        std::string out;
        for (auto t = db.allterms_begin(prefix); t != db.allterms_end(prefix); ++t) out = *t;
        return out;
    };
    const std::string year = last(std::string(schema::kYearPrefix));
    if (year.size() != schema::kYearPrefix.size() + 4) return {};
    // (A year or a month whose articles say no more is its first day: "20240000".)
    const std::string month =
        last(std::string(schema::kMonthPrefix) + year.substr(schema::kYearPrefix.size()));
    if (month.size() != schema::kMonthPrefix.size() + 6)
        return year.substr(schema::kYearPrefix.size()) + "0000";
    const std::string day =
        last(std::string(schema::kDayPrefix) + month.substr(schema::kMonthPrefix.size()));
    if (day.size() != schema::kDayPrefix.size() + 8)
        return month.substr(schema::kMonthPrefix.size()) + "00";
    return day.substr(schema::kDayPrefix.size());
}

}  // namespace

Xapian::Query Searcher::recency_query(const RecencyOptions& recent, double top_score,
                                      std::string& reference) const {
    if (!(recent.half_life_days > 0)) throw UsageError("--half-life: must be more than 0 days");
    if (!recent.now.empty()) {
        auto d = dates::range_end(recent.now);
        if (!d)
            throw UsageError("--now " + recent.now +
                             ": not a date (use YYYY, YYYY-MM or YYYY-MM-DD)");
        reference = *d;
    } else {
        reference = newest_date(db_);
    }
    auto day = dates::days_since_epoch(reference);
    if (!day || !(top_score > 0) || !(recent.weight > 0)) return Xapian::Query();
    return Xapian::Query(
        (new RecencySource(*day, recent.half_life_days, recent.weight * top_score))->release());
}

namespace {

// Which leaves of `q` (terms, by occurrence, and the groups weighted_leaves() keeps whole) give
// weight to document `d`: those whose enclosing subqueries all match it. `matching(node)` is the
// set of hits a node matches.
void active_leaves(
    const Xapian::Query& q, Xapian::docid d,
    const std::function<const std::set<Xapian::docid>&(const Xapian::Query&)>& matching,
    std::map<std::string, Xapian::termcount>& terms,
    std::map<std::string, Xapian::termcount>& groups) {
    walk_weighted(
        q, [&](const Xapian::Query& node) { return matching(node).count(d) > 0; },
        [&](const Xapian::Query& leaf, bool group) {
            ++(group ? groups[leaf.get_description()] : terms[*leaf.get_terms_begin()]);
        });
}

}  // namespace

void Searcher::explain(std::vector<Hit>& hits, const std::vector<Part>& parts,
                       const Xapian::Query& user, const Xapian::Weight& weight) const {
    if (hits.empty()) return;
    std::vector<Xapian::docid> docids;
    std::map<Xapian::docid, Hit*> by_docid;
    for (auto& h : hits) {
        docids.push_back(h.docid);
        by_docid[h.docid] = &h;
        h.explanation = Explanation{};
    }
    // By docid: two databases given with --db may hold the same id.
    const Xapian::Query only_hits =
        documents(docids, [&](std::size_t i) { return schema::id_term(hits[i].doc.id); });
    // The query's words and groups that count for each hit: a word of a phrase or of an AND that
    // did not match the hit is in it, but gives it nothing.
    std::map<std::string, std::set<Xapian::docid>> matches_of;  // by subquery description
    const auto matching = [&](const Xapian::Query& q) -> const std::set<Xapian::docid>& {
        auto [it, added] = matches_of.try_emplace(q.get_description());
        if (added) {
            // (Weighed, though only the matches count: under BoolWeight, Xapian 1.4.22 would
            // read a word in every document from its faulty list of all documents, query.h.)
            Xapian::Enquire enquire(db_);
            enquire.set_weighting_scheme(weight);
            enquire.set_query(Xapian::Query(Xapian::Query::OP_FILTER, runnable(q), only_hits));
            Xapian::MSet m = enquire.get_mset(0, static_cast<Xapian::doccount>(hits.size()));
            it->second.insert(m.begin(), m.end());
        }
        return it->second;
    };
    using Counts = std::map<std::string, Xapian::termcount>;  // by term, or group description
    std::map<Xapian::docid, std::pair<Counts, Counts>> active;
    if (!user.empty())
        for (const auto& h : hits)
            active_leaves(user, h.docid, matching, active[h.docid].first, active[h.docid].second);
    for (const Part& part : parts) {
        Xapian::Enquire enquire(db_);
        enquire.set_weighting_scheme(weight);
        const Xapian::Query q = filtered(part.query, only_hits);
        enquire.set_query(runnable(q));
        Xapian::MSet m = enquire.get_mset(0, static_cast<Xapian::doccount>(hits.size()));
        for (auto it = m.begin(); it != m.end(); ++it) {
            auto found = by_docid.find(*it);
            if (found == by_docid.end() || it.get_weight() == 0) continue;
            Hit& h = *found->second;
            Contribution c;
            c.kind = part.kind;
            c.weight = it.get_weight();
            if (!user.empty() && part.kind == Contribution::Kind::Term) {
                // Of the word's occurrences in the query, those whose part matched.
                const auto& counted = active[h.docid].first;
                const auto n = counted.find(part.term);
                if (n == counted.end()) continue;
                c.weight *= static_cast<double>(std::min(n->second, part.occurrences)) /
                            static_cast<double>(part.occurrences);
            } else if (!user.empty() && part.kind == Contribution::Kind::Group) {
                // One part per occurrence in the query: each counts where its branch matched.
                auto& left = active[h.docid].second[part.query.get_description()];
                if (left == 0) continue;
                --left;
            }
            if (part.kind == Contribution::Kind::Term || part.kind == Contribution::Kind::Similar) {
                std::tie(c.term, c.field) = schema::split_term(part.term);
                Xapian::TermIterator t = db_.termlist_begin(*it);
                t.skip_to(part.term);
                if (t != db_.termlist_end(*it) && *t == part.term) c.wdf = t.get_wdf();
                c.docs = db_.get_termfreq(part.term);
                c.occurrences = part.occurrences;
            } else if (part.kind == Contribution::Kind::Recency) {
                auto day = dates::days_since_epoch(h.doc.date);
                auto ref = dates::days_since_epoch(part.term);
                if (day && ref)
                    c.detail = "dated " + dates::to_iso(h.doc.date) + ", " +
                               std::to_string(std::labs(*ref - *day)) +
                               (*day <= *ref ? " days before " : " days after ") +
                               dates::to_iso(part.term) + "; " + part.label;
            } else {
                c.field = part.label;
                c.detail = part.label;
            }
            h.explanation->sum += c.weight;
            h.explanation->parts.push_back(std::move(c));
        }
    }
    for (auto& h : hits)
        std::stable_sort(h.explanation->parts.begin(), h.explanation->parts.end(),
                         [](const Contribution& a, const Contribution& b) {
                             return a.kind < b.kind || (a.kind == b.kind && a.weight > b.weight);
                         });
}

std::optional<Article> Searcher::article(const std::string& id) {
    return consistent([&]() -> std::optional<Article> {
        const std::string idterm = schema::id_term(id);
        Xapian::PostingIterator it = db_.postlist_begin(idterm);
        if (it == db_.postlist_end(idterm)) return std::nullopt;
        return stored_->decode(db_.get_document(*it).get_data());
    });
}

SearchResult Searcher::search_once(const std::string& query, const SearchOptions& opts) {
    // (Xapian would read the bytes as Latin-1: "\xc3" as "Ã", folded to "a", found everywhere.)
    if (const auto bad = text::find_invalid_utf8(query))
        throw UsageError("the query is not UTF-8 (byte " + std::to_string(*bad + 1) +
                         "): check the terminal's or the script's encoding");
    SearchResult r;
    r.query = query;
    r.like = opts.like_id;
    if (!builder_ || builder_stopwords_ != opts.ranking.stopwords) {
        builder_ = std::make_unique<QueryBuilder>(db_, cfg_, opts.ranking.stopwords);
        builder_stopwords_ = opts.ranking.stopwords;
    }
    std::string text = without_invisible_in_words(query);
    const bool has_words = !text::trim(text).empty();
    if (has_words && (opts.suggest || opts.correct)) {
        r.suggestion = builder_->suggest(text);
        if (opts.correct && !r.suggestion.empty()) {
            text = r.suggestion;
            r.corrected = true;
        }
    }
    Xapian::Query user = Xapian::Query::MatchAll;
    if (has_words) {
        auto parsed = builder_->parse(text);
        r.warnings = std::move(parsed.warnings);
        user = parsed.query;
    }
    const Xapian::Query dates = QueryBuilder::date_filter(db_, opts.since, opts.until);

    std::vector<Part> parts;
    Xapian::Query base = user;
    if (!opts.like_id.empty()) {
        base = like_query(opts.like_id, parts);
        if (has_words) base = Xapian::Query(Xapian::Query::OP_FILTER, base, user);
    } else if (opts.explain) {
        std::map<std::string, Xapian::termcount> terms;
        std::vector<Xapian::Query> groups;
        weighted_leaves(user, terms, groups);
        // A word repeated in the query is one leaf per occurrence, each weighted on its own.
        for (const auto& [term, count] : terms)
            parts.push_back({Contribution::Kind::Term, term, "",
                             count == 1 ? Xapian::Query(term)
                                        : Xapian::Query(Xapian::Query::OP_SCALE_WEIGHT,
                                                        Xapian::Query(term), count),
                             count});
        for (const auto& g : groups)
            parts.push_back({Contribution::Kind::Group, "",
                             wildcard_pattern(g).empty() ? g.get_description()
                                                         : wildcard_as_typed(wildcard_pattern(g)),
                             g});
    }
    if (!opts.since.empty() || !opts.until.empty()) base = filtered(base, dates);
    // (The queries kept, base and final_query, stay as built: feedback and snippets read their
    // terms; the matcher is given them through runnable().)

    const Xapian::BM25Weight weight(opts.ranking.k1, 0, 1, opts.ranking.b, 0.5);
    Xapian::Enquire enquire(db_);
    enquire.set_weighting_scheme(weight);
    enquire.set_query(runnable(base));
    Xapian::Query final_query = base;
    std::optional<Feedback> fb;
    // Filters alone (tag:, date:, --since) rank nothing: no feedback to learn, newest first.
    const bool ranked = has_words && ranks(user);
    if (opts.like_id.empty() && ranked) fb = feedback(enquire, base, opts.ranking);
    if (fb) {
        // AND_MAYBE: the expansion adds weight to documents that already match, never new ones.
        final_query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, base, fb->expansion);
        parts.push_back({Contribution::Kind::Feedback, "", fb->learned, fb->expansion});
        enquire.set_query(runnable(final_query));
    }
    if (opts.recent.enabled) {
        std::string reference;
        const double top = enquire.get_mset(0, 1).get_max_attained();
        Xapian::Query bonus = recency_query(opts.recent, top, reference);
        if (!bonus.empty()) {
            final_query = Xapian::Query(Xapian::Query::OP_AND_MAYBE, final_query, bonus);
            parts.push_back({Contribution::Kind::Recency, reference,
                             "half-life " + number(opts.recent.half_life_days) + " days", bonus});
            enquire.set_query(runnable(final_query));
        }
    }
    // Sorting and folding come after feedback and the bonus, which learn from relevance order.
    if (opts.collapse) enquire.set_collapse_key(schema::kFingerprintSlot);
    Xapian::MultiValueKeyMaker oldest_first;
    oldest_first.add_value(schema::kDateSlot, false, "99999999");  // undated last
    // Remote shards cannot run a key maker: there the dated matches are sorted by their value
    // (in which an undated article, without one, would come first), and the undated follow.
    const bool dated_then_undated = opts.sort == SortOrder::Date && remote_;
    // (Folding there would fold the dated and the undated apart: a duplicate in each stayed.)
    if (dated_then_undated && opts.collapse)
        throw UsageError(
            "--sort date with --collapse needs every shard to be local (remote shards cannot "
            "fold dated and undated articles together); --sort -date or relevance order can");
    if (dated_then_undated)
        enquire.set_sort_by_value_then_relevance(schema::kDateSlot, false);
    else if (opts.sort == SortOrder::Date)
        enquire.set_sort_by_key_then_relevance(&oldest_first, false);
    const bool unranked = !ranked && opts.like_id.empty();
    if (opts.sort == SortOrder::DateDesc || (opts.sort == SortOrder::Relevance && unranked))
        enquire.set_sort_by_value_then_relevance(schema::kDateSlot, true);
    std::vector<std::unique_ptr<FacetSpy>> spies;
    for (Facet f : opts.facets) {
        spies.push_back(std::make_unique<FacetSpy>(f));
        enquire.add_matchspy(spies.back().get());
    }
    // Folded, Xapian's count is an estimate even when every match was looked at (its collapser
    // counts what it kept in the page being made): the exact count is the number of distinct
    // keys among the matches, and of matches without one (never folded). A built-in spy, which
    // remote shards run too.
    std::optional<Xapian::ValueCountMatchSpy> keys;
    if (opts.collapse) enquire.add_matchspy(&keys.emplace(schema::kFingerprintSlot));
    // Count the first matches exactly so small result sets report a true total, not an estimate;
    // facets and folding look at every match.
    // (TREC and id lists show no total: no counting, so Xapian may stop early.)
    // (Xapian knows there are no more only after looking for one more: 101 for a total of 100.)
    Xapian::doccount check_at_least =
        opts.ids_only ? 0
                      : std::max<Xapian::doccount>(kExactTotalUpTo + 1, opts.offset + opts.limit);
    // (`-n 0` asks for the count alone: counted exactly, a review found "about 200" for 110.)
    if (!spies.empty() || opts.collapse || (opts.limit == 0 && !opts.ids_only))
        check_at_least = std::max(check_at_least, db_.get_doccount());
    // A page among the matches feedback re-ordered needs no look at the others, which rank
    // below them all (unless a recency bonus, folding, facets or date order have a say).
    const bool within_first = fb && !fb->first.empty() && !opts.recent.enabled && !opts.collapse &&
                              spies.empty() && opts.sort == SortOrder::Relevance &&
                              opts.limit > 0 && opts.offset + opts.limit <= fb->first_count;
    if (within_first)
        enquire.set_query(
            runnable(fb->reweigh.empty() ? filtered(final_query, fb->first) : fb->reweigh));
    const auto folded_count = [&] {
        Xapian::doccount distinct = 0, keyed = 0;
        for (auto k = keys->values_begin(); k != keys->values_end(); ++k) {
            ++distinct;
            keyed += k.get_termfreq();
        }
        return distinct + (keys->get_total() - keyed);
    };
    const Xapian::Query dated(Xapian::Query::OP_VALUE_GE, schema::kDateSlot, "0");
    if (dated_then_undated) {
        enquire.set_query(runnable(filtered(final_query, dated)));
        // (Counted up to the page's end at least: whether the dated matches end before it.)
        check_at_least = std::max(check_at_least, opts.offset + opts.limit + 1);
    }
    Xapian::MSet mset = enquire.get_mset(opts.offset, opts.limit, check_at_least);
    r.total = within_first ? fb->matches_estimated : mset.get_matches_estimated();
    Xapian::MSet undated;  // dated_then_undated: the undated matches on this page
    if (dated_then_undated) {
        // How many dated matches there are when this page holds their last (else this page's
        // end, which is all that matters).
        const Xapian::doccount dated_count = !mset.empty() ? opts.offset + mset.size()
                                             : keys        ? folded_count()
                                                           : mset.get_matches_upper_bound();
        Xapian::Enquire rest(db_);
        rest.set_weighting_scheme(weight);
        rest.set_query(Xapian::Query(Xapian::Query::OP_AND_NOT, final_query, dated));
        if (opts.collapse) {
            rest.set_collapse_key(schema::kFingerprintSlot);
            rest.add_matchspy(&*keys);  // counts on, over the undated matches
        }
        const Xapian::doccount skip = opts.offset > dated_count ? opts.offset - dated_count : 0;
        const Xapian::doccount room = opts.limit - mset.size();
        undated = rest.get_mset(skip, room,
                                opts.collapse
                                    ? db_.get_doccount()
                                    : std::max<Xapian::doccount>(kExactTotalUpTo + 1, skip + room));
        r.total += undated.get_matches_estimated();
    }
    if (keys) r.total = folded_count();
    r.documents = db_.get_doccount();
    r.collapsed = opts.collapse;
    for (const auto& spy : spies) r.facets.push_back(spy->result());
    if (!spies.empty() && spies.front()->legacy() > 0)  // every spy sees the same matches
        r.warnings.push_back("--facet: " + std::to_string(spies.front()->legacy()) +
                             " matching articles were indexed before facets existed and are not "
                             "counted (re-index them with indexer --force)");
    // Snippets highlight what the user asked for, not the feedback terms, each word on its own
    // (Xapian's snippet generator highlighted nothing of a phrase whose words it finds as stems).
    std::optional<SnippetTerms> snippet_terms;
    if (opts.snippets && (!mset.empty() || !undated.empty()))
        snippet_terms.emplace(opts.like_id.empty() ? user : base, builder_->stemmer());
    // The words of the query as they may appear in the text (stems are prefixes of most forms).
    std::vector<std::string> snippet_words;
    if (opts.snippets) {
        for (auto t = user.get_unique_terms_begin(); t != user.get_unique_terms_end(); ++t)
            snippet_words.push_back(schema::split_term(*t).first);  // title:storm's too
        for (const auto& pattern : wildcard_patterns(user))  // what wildcards begin with (clim*)
            snippet_words.push_back(schema::split_term(pattern).first);
    }
    // Words, not ids, tags or dates (capital prefixes), nor single letters.
    std::erase_if(snippet_words, [](const std::string& w) {
        const auto first = static_cast<unsigned char>(w.empty() ? 'A' : w[0]);
        return w.size() < 2 || !(std::islower(first) || first >= 0x80);
    });
    unsigned rank = opts.offset;
    std::vector<Xapian::MSetIterator> page;
    for (auto it = mset.begin(); it != mset.end(); ++it) page.push_back(it);
    for (auto it = undated.begin(); it != undated.end(); ++it) page.push_back(it);
    for (const auto& it : page) {
        Hit h;
        h.docid = *it;
        h.rank = ++rank;
        h.score = it.get_weight();
        if (opts.collapse) h.duplicates = it.get_collapse_count();
        if (opts.ids_only && !opts.explain) {
            h.doc.id = id_of(it.get_document());
            if (h.doc.id.empty()) h.doc = stored_->decode(it.get_document().get_data());
            r.hits.push_back(std::move(h));
            continue;
        }
        h.doc = stored_->decode(it.get_document().get_data());
        if (opts.snippets && !h.doc.body.empty()) {
            // The part of a long article where the query's words are densest, found without
            // splitting words; then the best passage of about a snippet's length in it. The
            // window: about four snippets long.
            const auto [from, to] = snippet_window(
                h.doc.body, snippet_words, std::max<std::size_t>(1000, 4 * opts.snippet_bytes));
            h.snippet =
                make_snippet(std::string_view(h.doc.body).substr(from, to - from), *snippet_terms,
                             opts.snippet_bytes, from == 0, to == h.doc.body.size());
            // Nothing to highlight (a filter-only query): the opening is the better summary.
            if (h.snippet.highlights.empty())
                h.snippet = leading_snippet(h.doc.body, opts.snippet_bytes);
        }
        std::string().swap(h.doc.body);  // freed for the next hit's text to reuse
        r.hits.push_back(std::move(h));
    }
    if (opts.explain) explain(r.hits, parts, opts.like_id.empty() ? user : Xapian::Query(), weight);
    return r;
}

}  // namespace fts
