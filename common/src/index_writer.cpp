// fts index writer.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/index_writer.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <thread>

#include "fts/errors.h"
#include "fts/expansion.h"
#include "fts/schema.h"
#include "fts/stored.h"
#include "fts/stub.h"
#include "fts/text.h"

namespace fs = std::filesystem;

namespace fts {

namespace {

// How much of a paragraph is indexed between two looks at whether the build was given up
// (some 50 ms of work).
constexpr std::size_t kAbandonCheckBytes = 1 << 20;

std::string bounded_term(std::string_view prefix, std::string_view value) {
    std::string term(prefix);
    term += text::utf8_prefix(value, schema::kMaxTermBytes - prefix.size());
    return term;
}

// Answers the TermGenerator's "is this a stopword?" for the language's list, and counts the
// stopwords it was asked about, so they can be added as terms without positions.
class CountingStopper : public Xapian::Stopper {
  public:
    bool operator()(const std::string& word) const override {
        if (!(*list_)(word)) return false;
        ++counts_.find_or_add(word);
        return true;
    }
    // Add the words counted since the last call as terms of the field `prefix` (stemmed and
    // spelled as the TermGenerator's STEM_ALL_Z would), each occurrence worth `wdf_inc`.
    void flush(Xapian::Document& doc, Xapian::termcount wdf_inc, const std::string& prefix) {
        counts_.for_each([&](std::string_view word, Xapian::termcount& n) {
            if (n == 0) return;
            auto it = stems_.find(word);
            if (it == stems_.end()) it = stems_.emplace(word, stem_(std::string(word))).first;
            doc.add_term("Z" + prefix + it->second, n * wdf_inc);
            n = 0;
        });
    }
    // The stopword list and stemmer of `cfg` (kept until the language changes).
    void use(const Xapian::Stopper* list, const AnalysisConfig& cfg) {
        if (list == list_ && cfg.language == language_) return;
        stems_.clear();
        counts_.clear();
        list_ = list;
        language_ = cfg.language;
        stem_ = cfg.stemmer();
    }

  private:
    const Xapian::Stopper* list_ = nullptr;
    std::string language_;
    Xapian::Stem stem_;
    mutable WordTable<Xapian::termcount> counts_;
    std::map<std::string, std::string, std::less<>> stems_;
};

}  // namespace

Xapian::Document build_document(const Article& a, const AnalysisConfig& cfg,
                                Xapian::TermGenerator& tg, TextCompressor* z,
                                const std::string* analysis_term,
                                const std::atomic<bool>* abandon) {
    Xapian::Document doc;
    tg.set_document(doc);

    // Free text: title (weighted, unless it was only derived from the body), then the body,
    // with a gap so phrases never span the two. Stopwords, where the analysis says so, are
    // counted but given no positions (analysis.h).
    thread_local CountingStopper stopwords;
    const Xapian::Stopper* unpositioned = cfg.unpositioned_stopper();
    if (unpositioned) stopwords.use(unpositioned, cfg);
    // A text is indexed paragraph by paragraph (paragraphs end at a blank line: the readers
    // end every HTML and Markdown block so), one position apart, so that a phrase never spans
    // two of them: "climate" closing a heading and "change" opening the text after it are not
    // the phrase "climate change". Lines within a paragraph (wrapped text) are not apart.
    auto index_text = [&](const std::string& text, Xapian::termcount wdf_inc,
                          const std::string& prefix = std::string()) {
        if (unpositioned) {
            tg.set_stopper(&stopwords);
            tg.set_stopper_strategy(Xapian::TermGenerator::STOP_ALL);
        }
        // (A huge paragraph is indexed a piece at a time, its positions running on, so that a
        // build given up is not kept waiting for it either.)
        bool first = true;
        text::for_each_paragraph(text, [&](std::string_view paragraph) {
            if (!first) tg.increase_termpos(1);
            first = false;
            text::for_each_piece(paragraph, kAbandonCheckBytes, [&](std::string_view piece) {
                if (abandon && abandon->load(std::memory_order_relaxed)) throw Abandoned{};
                tg.index_text(Xapian::Utf8Iterator(piece.data(), piece.size()), wdf_inc, prefix);
            });
        });
        if (unpositioned) {
            tg.set_stopper(nullptr);
            tg.set_stopper_strategy(Xapian::TermGenerator::STOP_NONE);
            stopwords.flush(doc, wdf_inc, prefix);
        }
    };
    if (!a.title_derived && !a.title.empty()) {
        if (cfg.title_weight > 0) index_text(a.title, cfg.title_weight);
        tg.increase_termpos(100);
        index_text(a.title, 1, std::string(schema::kTitlePrefix));
        tg.increase_termpos(100);
    }
    index_text(a.body, 1);

    // Fields searchable with a prefix only.
    if (!a.author.empty()) {
        tg.increase_termpos(100);
        index_text(a.author, 1, std::string(schema::kAuthorPrefix));
    }
    if (!a.source.empty()) {
        tg.increase_termpos(100);
        index_text(a.source, 1, std::string(schema::kSourcePrefix));
    }
    std::vector<std::string> tags;
    for (const auto& tag : a.tags) {
        tags.push_back(text::lowercase(tag));
        doc.add_boolean_term(bounded_term(schema::kTagPrefix, tags.back()));
    }
    // Values for the searcher's facets and duplicate folding.
    if (!tags.empty()) doc.add_value(schema::kTagsSlot, schema::encode_list(tags));
    if (!a.source.empty()) doc.add_value(schema::kSourceSlot, a.source);
    if (a.authors.size() > 1)
        doc.add_value(schema::kAuthorSlot, schema::kListMark + schema::encode_list(a.authors));
    else if (!a.author.empty())
        doc.add_value(schema::kAuthorSlot, a.author);
    doc.add_value(schema::kFingerprintSlot, schema::body_fingerprint(a.body, a.id));
    doc.add_value(schema::kIdSlot, a.id);

    if (!a.date.empty()) {
        doc.add_value(schema::kDateSlot, a.date);
        doc.add_boolean_term(std::string(schema::kYearPrefix) + a.date.substr(0, 4));
        // A month or a year alone ("20240300", "20240000") has no term for what it does not say.
        if (a.date.compare(4, 2, "00") != 0)
            doc.add_boolean_term(std::string(schema::kMonthPrefix) + a.date.substr(0, 6));
        if (a.date.compare(6, 2, "00") != 0)
            doc.add_boolean_term(std::string(schema::kDayPrefix) + a.date);
    }
    if (!a.content_hash.empty()) doc.add_value(schema::kContentHashSlot, a.content_hash);
    for (const auto& t : a.origin_terms) doc.add_boolean_term(t);
    if (a.file_size)
        doc.add_value(schema::kFileSizeSlot,
                      Xapian::sortable_serialise(static_cast<double>(*a.file_size)));
    if (a.file_mtime_ns)
        doc.add_value(schema::kFileMtimeSlot,
                      Xapian::sortable_serialise(static_cast<double>(*a.file_mtime_ns)));
    if (!a.file_identity.empty()) doc.add_value(schema::kFileIdentitySlot, a.file_identity);

    // Feedback's view of the article, from its free-text and field terms (before the boolean
    // ones).
    const ExpansionCandidates candidates(cfg);
    doc.add_value(schema::kFeedbackSlot,
                  encode_term_counts(most_frequent_terms(doc.termlist_begin(), doc.termlist_end(),
                                                         std::cref(candidates))));
    doc.add_boolean_term(schema::id_term(a.id));
    doc.add_boolean_term(analysis_term ? *analysis_term : schema::analysis_term(cfg.to_json()));
    doc.set_data(encode_stored(a, z));
    return doc;
}

AnalysisConfig config_for_new_database(const AnalysisRequest& requested) {
    AnalysisConfig cfg;
    if (requested.language) cfg.language = canonical_language(*requested.language);
    if (requested.title_weight) cfg.title_weight = *requested.title_weight;
    return cfg;
}

Xapian::WritableDatabase open_writable(const std::string& path, int flags, double wait_seconds,
                                       const std::function<void()>& while_waiting) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_seconds);
    for (;;) {
        try {
            return Xapian::WritableDatabase(path, flags);
        } catch (const Xapian::DatabaseLockError&) {
            if (std::chrono::steady_clock::now() >= deadline) throw;
            if (while_waiting) while_waiting();  // (a signal stops the wait)
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
}

std::vector<std::string> shard_paths(const std::string& path) {
    std::error_code ec;
    if (!fs::is_regular_file(fs::path(path) / "XAPIANDB", ec)) return {path};
    std::vector<std::string> out;
    for (const auto& e : read_stub((fs::path(path) / "XAPIANDB").string())) {
        if (e.type == "remote")
            throw UsageError(e.label + ": a remote shard: index it on the machine that holds it");
        if ((e.type != "auto" && e.type != "glass") || e.where.empty())
            throw UsageError(e.label + ": expected 'auto PATH' or 'glass PATH'");
        out.push_back(e.path);
    }
    if (out.empty()) throw UsageError(path + "/XAPIANDB: lists no shards");
    return out;
}

void write_stub(const std::string& dir, std::size_t shards) {
    const fs::path tmp = fs::path(dir) / "XAPIANDB.tmp";
    {
        std::ofstream out(tmp);
        out << "# fts: " << shards << " shards; a document goes to shard XXH3(id) % " << shards
            << "\n";
        for (std::size_t i = 0; i < shards; ++i) out << "auto " << shard_name(i) << "\n";
        out.flush();
        if (!out) throw std::runtime_error("cannot write " + tmp.string());
    }
    fs::rename(tmp, fs::path(dir) / "XAPIANDB");
}

std::string shard_name(std::size_t i) {
    return "shard" + std::to_string(i);
}

IndexWriter::IndexWriter(const std::string& path, const AnalysisRequest& requested,
                         WriterOptions opts)
    : opts_(opts) {
    std::error_code ec;
    if (opts.shards > 1 && !fs::exists(path, ec)) {  // a new sharded database
        fs::create_directories(path);
        for (unsigned i = 0; i < opts.shards; ++i)
            Xapian::WritableDatabase((fs::path(path) / shard_name(i)).string(), Xapian::DB_CREATE);
        write_stub(path, opts.shards);
    }
    for (;;) {
        const std::vector<std::string> paths = shard_paths(path);
        const bool sharded = fs::is_regular_file(fs::path(path) / "XAPIANDB", ec);
        for (const auto& shard : paths) {
            // A shard of an existing sharded database must be there: creating an empty one in
            // its place (an unmounted disk, a shard moved away) would hide its documents for good.
            if (sharded && !fs::exists(fs::path(shard) / "iamglass", ec))
                throw UsageError(shard + ": a shard listed in " + path +
                                 "/XAPIANDB is missing or is not a database (not mounted?); "
                                 "refusing to write to the others");
            shards_.push_back(open_writable(
                shard, opts.create && !sharded ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN,
                opts.wait_lock_seconds, opts.while_waiting));
        }
        // Waited for another writer's lock: a --rebuild may have swapped in another layout
        // meanwhile (another number of shards). Written with the old one, documents would go to
        // the wrong shards or nowhere (a review lost a run so): locked again as it is now.
        // (The paths say whether it is sharded too: the directory itself, or its shards.)
        if (shard_paths(path) == paths) break;
        shards_.clear();
    }
    if (opts.shards && opts.shards != shards_.size())
        throw UsageError("--shards " + std::to_string(opts.shards) + ": " + path + " has " +
                         std::to_string(shards_.size()) +
                         " shard(s); use --rebuild to change their number");
    for (auto& shard : shards_) reader_.add_database(shard);
    Xapian::WritableDatabase& first = shards_.front();
    const bool is_new = first.get_metadata(std::string(schema::kMetaAnalysis)).empty();
    if (is_new) {
        // A new database. Not one another tool wrote (omindex's): its documents would be mixed
        // with ours, and shown without titles or ids (--rebuild replaces it, if that is meant).
        if (!schema::written_by_fts(first))
            throw UsageError(path +
                             " is a Xapian database another tool wrote (no fts metadata, "
                             "documents not in fts's format): refusing to write into it "
                             "(indexer --rebuild replaces it)");
        cfg_ = config_for_new_database(requested);
        config_dirty_ = true;
    } else {
        cfg_ = AnalysisConfig::load(first);
        if (requested.language && canonical_language(*requested.language) != cfg_.language)
            throw UsageError("--language " + *requested.language + ": " + path +
                             " was built with '" + cfg_.language +
                             "'; mixing stemmers would break search (use --rebuild to change it)");
        // A change of analysis re-indexes every document: the new analysis is recorded as
        // pending until a run has finished that (finish_reindex), so a run stopped half way is
        // finished by the next one, even when that one does not repeat the option.
        const std::string pending = first.get_metadata(std::string(schema::kMetaAnalysisPending));
        AnalysisConfig target = cfg_;
        if (!pending.empty()) target.title_weight = AnalysisConfig::from_json(pending).title_weight;
        if (requested.title_weight) target.title_weight = *requested.title_weight;
        if (target.title_weight != cfg_.title_weight || !pending.empty()) {
            analysis_changed_ = true;
            pending_dirty_ = pending != target.to_json();
        }
        cfg_ = target;
    }
    // Databases written before the current document data format get it recorded (their older
    // documents stay readable).
    if (!is_new) {
        const int version = schema::stored_version(first);
        if (version > schema::kSchemaVersion)
            throw UsageError(path + " was built by a newer fts (format " + std::to_string(version) +
                             "); this one writes format " + std::to_string(schema::kSchemaVersion));
        if (version < schema::kSchemaVersion) config_dirty_ = true;
    }
    if (auto dict = current_dictionary(first)) z_ = std::make_unique<TextCompressor>(*dict);
    cfg_.configure(tg_);
    analysis_term_ = schema::analysis_term(cfg_.to_json());
    spelling_ = true;
}

IndexWriter::IndexWriter(Xapian::WritableDatabase db, const AnalysisConfig& cfg, WriterOptions opts)
    : cfg_(cfg), opts_(opts), config_dirty_(true) {
    shards_.push_back(std::move(db));
    reader_.add_database(shards_.front());
    cfg_.configure(tg_);
    analysis_term_ = schema::analysis_term(cfg_.to_json());
    // The spelling table, where the backend has one (the in-memory backend does not: its
    // remove_spelling throws, while removing nothing elsewhere changes nothing).
    try {
        shards_.front().remove_spelling("fts", 0);
        spelling_ = true;
    } catch (const Xapian::UnimplementedError&) {
    }
}

IndexWriter::~IndexWriter() {
    // Never commit from a destructor: an unfinished batch is abandoned (habit 1).
    try {
        cancel();
    } catch (...) {
    }
}

// Xapian numbers the documents of N databases searched together by interleaving: document d of
// shard s (0-based) is (d - 1) * N + s + 1. Our docids are those, so that reader_ and the writer
// agree.
IndexWriter::Local IndexWriter::local(Xapian::docid global) const {
    const auto n = static_cast<Xapian::docid>(shards_.size());
    return {(global - 1) % n, (global - 1) / n + 1};
}

Xapian::docid IndexWriter::global(unsigned shard, Xapian::docid docid) const {
    return (docid - 1) * static_cast<Xapian::docid>(shards_.size()) + shard + 1;
}

unsigned IndexWriter::shard_of(const std::string& idterm) const {
    return schema::shard_of(idterm, static_cast<unsigned>(shards_.size()));
}

void IndexWriter::ensure_transaction() {
    if (in_transaction_) return;
    if (transactions_) {
        try {
            for (auto& shard : shards_) shard.begin_transaction(/*flushed=*/true);
        } catch (const Xapian::UnimplementedError&) {
            transactions_ = false;  // the in-memory backend: changes apply at once
        }
    }
    in_transaction_ = true;
    if (config_dirty_ && !analysis_changed_) {
        for (auto& shard : shards_) cfg_.store(shard);  // every shard describes itself
        config_dirty_ = false;
    }
    if (pending_dirty_) {
        shards_.front().set_metadata(std::string(schema::kMetaAnalysisPending), cfg_.to_json());
        pending_dirty_ = false;
    }
}

bool IndexWriter::has_current_analysis(const Xapian::Document& doc) const {
    Xapian::TermIterator t = doc.termlist_begin();
    t.skip_to(analysis_term_);
    return t != doc.termlist_end() && *t == analysis_term_;
}

Xapian::doccount IndexWriter::lacking_current_analysis() const {
    return reader_.get_doccount() - reader_.get_termfreq(analysis_term_);
}

std::vector<std::string> IndexWriter::metadata_keys(const std::string& prefix) const {
    std::vector<std::string> keys;
    const Xapian::Database& first = shards_.front();
    for (auto k = first.metadata_keys_begin(prefix); k != first.metadata_keys_end(prefix); ++k)
        keys.push_back(*k);
    return keys;
}

void IndexWriter::finish_reindex() {
    if (!analysis_changed_) return;
    analysis_changed_ = false;
    ensure_transaction();
    for (auto& shard : shards_) cfg_.store(shard);
    config_dirty_ = false;
    shards_.front().set_metadata(std::string(schema::kMetaAnalysisPending), "");
}

void IndexWriter::after_change(std::size_t bytes) {
    ++batch_changes_;
    batch_bytes_ += bytes;
    if (batch_changes_ >= opts_.batch_docs || batch_bytes_ >= opts_.batch_bytes) commit();
}

IndexWriter::Added IndexWriter::add(const Article& a, bool known_new) {
    ensure_transaction();
    Xapian::Document doc = build_document(a, cfg_, tg_, z_.get(), &analysis_term_, opts_.abandon);
    if (spelling_ && spelling_counted_bytes_ < opts_.spelling_sample_bytes) {
        count_spellings(a);
        spelling_counted_bytes_ += a.body.size() + a.title.size();
    }
    const std::string idterm = schema::id_term(a.id);
    const unsigned s = shard_of(idterm);
    auto& db = shards_[s];
    if (known_new) {
        Xapian::docid docid = db.add_document(doc);
        after_change(a.body.size() + a.title.size());
        return {Outcome::Added, global(s, docid)};
    }
    const bool existed = db.term_exists(idterm);
    Xapian::docid docid = db.replace_document(idterm, doc);
    after_change(a.body.size() + a.title.size());
    return {existed ? Outcome::Replaced : Outcome::Added, global(s, docid)};
}

std::optional<IndexWriter::Existing> IndexWriter::find(const std::string& id) {
    const std::string idterm = schema::id_term(id);
    const unsigned s = shard_of(idterm);
    auto& db = shards_[s];
    Xapian::PostingIterator it = db.postlist_begin(idterm);
    if (it == db.postlist_end(idterm)) return std::nullopt;
    return Existing{global(s, *it), db.get_document(*it)};
}

void IndexWriter::update_values(const Existing& e) {
    ensure_transaction();
    const Local l = local(e.docid);
    shards_[l.shard].replace_document(l.docid, e.doc);
    after_change(0);
}

void IndexWriter::remove(Xapian::docid docid) {
    ensure_transaction();
    const Local l = local(docid);
    shards_[l.shard].delete_document(l.docid);
    after_change(0);
}

void IndexWriter::set_metadata(const std::string& key, const std::string& value) {
    ensure_transaction();
    shards_.front().set_metadata(key, value);
}

void IndexWriter::use_dictionary(const TextDictionary& dict) {
    ensure_transaction();
    // Every shard: Xapian reads the metadata of the first database of several searched as one,
    // and a shard may later be searched or merged on its own.
    for (auto& shard : shards_) record_dictionary(shard, dict);
    z_ = std::make_unique<TextCompressor>(dict);
}

bool IndexWriter::remove(const std::string& id) {
    const std::string idterm = schema::id_term(id);
    auto& db = shards_[shard_of(idterm)];
    if (!db.term_exists(idterm)) return false;
    ensure_transaction();
    db.delete_document(idterm);
    after_change(0);
    return true;
}

void IndexWriter::close() {
    for (auto& shard : shards_) shard.close();
}

// The spelling table ("did you mean") gets the free-text words as written, before stemming, as
// Xapian's TermGenerator would add them with FLAG_SPELLING (title and body; prefixed fields stay
// out). Counted per batch and added once per distinct word: adding them word by word as the
// TermGenerator does doubled the indexing time.
void IndexWriter::count_spellings(const Article& a) {
    auto count = [this](std::string_view w) {
        // Words worth suggesting: not too long, no digits or underscores (numbers, codes, hashes
        // and uuencoded junk would swell the table and never be the word meant).
        if (w.size() > kMaxSpellingBytes || w.size() < 2 ||
            w.find_first_of("0123456789_") != std::string_view::npos || text::has_cjk(w))
            return;  // (CJK runs are no words: their characters and pairs are indexed)
        ++spellings_.find_or_add(w);
    };
    if (opts_.defer_spelling && spellings_.size() > opts_.spelling_words) {
        // Over budget: drop the rarest words until half the budget is left (rare words are the
        // least useful suggestions), so pruning stays rare however large the vocabulary.
        for (Xapian::termcount below = 2; spellings_.size() > opts_.spelling_words / 2; ++below)
            spellings_.erase_if(
                [below](std::string_view, Xapian::termcount n) { return n < below; });
    }
    if (!a.title_derived) text::for_each_word(a.title, count);
    text::for_each_word(a.body, count);
}

SpellingCounts IndexWriter::take_spellings() {
    SpellingCounts out;
    out.swap(spellings_);
    return out;
}

void IndexWriter::commit() {
    if (config_dirty_) ensure_transaction();  // a new, still empty database records its analysis
    if (!in_transaction_) return;
    if (!opts_.defer_spelling) {
        spellings_.for_each([this](std::string_view word, Xapian::termcount n) {
            shards_.front().add_spelling(std::string(word), n);
        });
        spellings_.clear();
    }
    // Shard by shard, the first one last: it holds the run's metadata (the feeds' signatures,
    // the analysis), so a crash between two commits leaves other shards one batch ahead of what
    // the metadata says, never behind it, and the next run (re-reading those inputs) puts it right.
    for (std::size_t i = shards_.size(); i-- > 0;) {
        if (transactions_) {
            shards_[i].commit_transaction();
        } else {
            shards_[i].commit();
        }
    }
    in_transaction_ = false;
    batch_changes_ = 0;
    batch_bytes_ = 0;
}

void IndexWriter::cancel() {
    if (!opts_.defer_spelling) spellings_.clear();
    if (!in_transaction_) return;
    in_transaction_ = false;
    batch_changes_ = 0;
    batch_bytes_ = 0;
    if (transactions_)
        for (auto& shard : shards_) shard.cancel_transaction();
}

}  // namespace fts
