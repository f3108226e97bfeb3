// fts index writer.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/index_writer.h"

#include <chrono>
#include <thread>

#include "fts/errors.h"
#include "fts/schema.h"
#include "fts/stored.h"
#include "fts/text.h"

namespace fts {

namespace {

std::string bounded_term(std::string_view prefix, std::string_view value) {
    std::string term(prefix);
    term += text::utf8_prefix(value, schema::kMaxTermBytes - prefix.size());
    return term;
}

}  // namespace

Xapian::Document build_document(const Article& a, const AnalysisConfig& cfg,
                                Xapian::TermGenerator& tg) {
    Xapian::Document doc;
    tg.set_document(doc);

    // Free text: title (weighted, unless it was only derived from the body), then the body,
    // with a gap so phrases never span the two.
    if (!a.title_derived && !a.title.empty()) {
        if (cfg.title_weight > 0) tg.index_text(a.title, cfg.title_weight);
        tg.increase_termpos(100);
        tg.index_text(a.title, 1, std::string(schema::kTitlePrefix));
        tg.increase_termpos(100);
    }
    tg.index_text(a.body);

    // Fields searchable with a prefix only.
    if (!a.author.empty()) {
        tg.increase_termpos(100);
        tg.index_text(a.author, 1, std::string(schema::kAuthorPrefix));
    }
    if (!a.source.empty()) {
        tg.increase_termpos(100);
        tg.index_text(a.source, 1, std::string(schema::kSourcePrefix));
    }
    std::vector<std::string> tags;
    for (const auto& tag : a.tags) {
        tags.push_back(text::lowercase(tag));
        doc.add_boolean_term(bounded_term(schema::kTagPrefix, tags.back()));
    }
    // Values for the searcher's facets and duplicate folding.
    if (!tags.empty()) doc.add_value(schema::kTagsSlot, schema::encode_list(tags));
    if (!a.source.empty()) doc.add_value(schema::kSourceSlot, a.source);
    if (!a.author.empty()) doc.add_value(schema::kAuthorSlot, a.author);
    doc.add_value(schema::kFingerprintSlot, schema::body_fingerprint(a.body, a.id));

    if (!a.date.empty()) {
        doc.add_value(schema::kDateSlot, a.date);
        doc.add_boolean_term(std::string(schema::kYearPrefix) + a.date.substr(0, 4));
        doc.add_boolean_term(std::string(schema::kMonthPrefix) + a.date.substr(0, 6));
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

    doc.add_boolean_term(schema::id_term(a.id));
    doc.set_data(encode_stored(a));
    return doc;
}

AnalysisConfig config_for_new_database(const AnalysisRequest& requested) {
    AnalysisConfig cfg;
    if (requested.language) cfg.language = canonical_language(*requested.language);
    if (requested.title_weight) cfg.title_weight = *requested.title_weight;
    return cfg;
}

Xapian::WritableDatabase open_writable(const std::string& path, int flags, double wait_seconds) {
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_seconds);
    for (;;) {
        try {
            return Xapian::WritableDatabase(path, flags);
        } catch (const Xapian::DatabaseLockError&) {
            if (std::chrono::steady_clock::now() >= deadline) throw;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
    }
}

IndexWriter::IndexWriter(const std::string& path, const AnalysisRequest& requested,
                         WriterOptions opts)
    : opts_(opts) {
    db_ = open_writable(path, opts.create ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN,
                        opts.wait_lock_seconds);
    const bool is_new = db_.get_metadata(std::string(schema::kMetaAnalysis)).empty();
    if (is_new) {
        // A new database (or one built by another tool, whose documents we keep).
        cfg_ = config_for_new_database(requested);
        config_dirty_ = true;
    } else {
        cfg_ = AnalysisConfig::load(db_);
        if (requested.language && canonical_language(*requested.language) != cfg_.language)
            throw UsageError("--language " + *requested.language + ": " + path +
                             " was built with '" + cfg_.language +
                             "'; mixing stemmers would break search (use --rebuild to change it)");
        if (requested.title_weight && *requested.title_weight != cfg_.title_weight) {
            cfg_.title_weight = *requested.title_weight;
            config_dirty_ = true;
            analysis_changed_ = true;
        }
    }
    cfg_.configure(tg_);
    spelling_ = true;
}

IndexWriter::IndexWriter(Xapian::WritableDatabase db, const AnalysisConfig& cfg, WriterOptions opts)
    : db_(std::move(db)), cfg_(cfg), opts_(opts), config_dirty_(true) {
    cfg_.configure(tg_);
    // The spelling table, where the backend has one (the in-memory backend does not: its
    // remove_spelling throws, while removing nothing elsewhere changes nothing).
    try {
        db_.remove_spelling("fts", 0);
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

void IndexWriter::ensure_transaction() {
    if (in_transaction_) return;
    if (transactions_) {
        try {
            db_.begin_transaction(/*flushed=*/true);
        } catch (const Xapian::UnimplementedError&) {
            transactions_ = false;  // the in-memory backend: changes apply at once
        }
    }
    in_transaction_ = true;
    if (config_dirty_) {
        cfg_.store(db_);
        config_dirty_ = false;
    }
}

void IndexWriter::after_change(std::size_t bytes) {
    ++batch_changes_;
    batch_bytes_ += bytes;
    if (batch_changes_ >= opts_.batch_docs || batch_bytes_ >= opts_.batch_bytes) commit();
}

IndexWriter::Added IndexWriter::add(const Article& a, bool known_new) {
    ensure_transaction();
    Xapian::Document doc = build_document(a, cfg_, tg_);
    if (spelling_) count_spellings(a);
    if (known_new) {
        Xapian::docid docid = db_.add_document(doc);
        after_change(a.body.size() + a.title.size());
        return {Outcome::Added, docid};
    }
    const std::string idterm = schema::id_term(a.id);
    const bool existed = db_.term_exists(idterm);
    Xapian::docid docid = db_.replace_document(idterm, doc);
    after_change(a.body.size() + a.title.size());
    return {existed ? Outcome::Replaced : Outcome::Added, docid};
}

std::optional<IndexWriter::Existing> IndexWriter::find(const std::string& id) {
    const std::string idterm = schema::id_term(id);
    Xapian::PostingIterator it = db_.postlist_begin(idterm);
    if (it == db_.postlist_end(idterm)) return std::nullopt;
    return Existing{*it, db_.get_document(*it)};
}

void IndexWriter::update_values(const Existing& e) {
    ensure_transaction();
    db_.replace_document(e.docid, e.doc);
    after_change(0);
}

void IndexWriter::remove(Xapian::docid docid) {
    ensure_transaction();
    db_.delete_document(docid);
    after_change(0);
}

void IndexWriter::set_metadata(const std::string& key, const std::string& value) {
    ensure_transaction();
    db_.set_metadata(key, value);
}

bool IndexWriter::remove(const std::string& id) {
    const std::string idterm = schema::id_term(id);
    if (!db_.term_exists(idterm)) return false;
    ensure_transaction();
    db_.delete_document(idterm);
    after_change(0);
    return true;
}

// The spelling table ("did you mean") gets the free-text words as written, before stemming, as
// Xapian's TermGenerator would add them with FLAG_SPELLING (title and body; prefixed fields stay
// out). Counted per batch and added once per distinct word: adding them word by word as the
// TermGenerator does doubled the indexing time.
void IndexWriter::count_spellings(const Article& a) {
    auto count = [this](std::string_view w) {
        if (w.size() > kMaxSpellingBytes) return;
        auto it = spellings_.find(w);
        if (it == spellings_.end()) it = spellings_.emplace(std::string(w), 0).first;
        ++it->second;
    };
    if (opts_.defer_spelling && spellings_.size() > opts_.spelling_words) {
        // Over budget: drop the rarest words until half the budget is left (rare words are the
        // least useful suggestions), so pruning stays rare however large the vocabulary.
        for (Xapian::termcount below = 2; spellings_.size() > opts_.spelling_words / 2; ++below)
            std::erase_if(spellings_, [below](const auto& e) { return e.second < below; });
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
        for (const auto& [word, n] : spellings_) db_.add_spelling(word, n);
        spellings_.clear();
    }
    if (transactions_) {
        db_.commit_transaction();
    } else {
        db_.commit();
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
    if (transactions_) db_.cancel_transaction();
}

}  // namespace fts
