// fts index writer: turns Articles into Xapian documents (fields, positions, values, stored data)
// and writes them in atomic batches, replacing by unique id term.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <xapian.h>

#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fts/analysis.h"
#include "fts/article.h"
#include "fts/stored.h"
#include "fts/word_table.h"

namespace fts {

// Build the Xapian document for one article (terms, values and stored data, its text compressed
// by `z`, or without a dictionary). `analysis_term`: schema::analysis_term of `cfg`, when the
// caller has it (computed otherwise). Exposed so unit tests can check the schema without a
// database on disk. `abandon`, once set (by another thread), stops the work between two
// paragraphs (or two megabytes of one) with Abandoned: a build given up is not kept waiting for
// a huge article.
struct Abandoned {};
Xapian::Document build_document(const Article& a, const AnalysisConfig& cfg,
                                Xapian::TermGenerator& tg, TextCompressor* z = nullptr,
                                const std::string* analysis_term = nullptr,
                                const std::atomic<bool>* abandon = nullptr);

struct WriterOptions {
    std::size_t batch_docs = 1000;               // commit after this many changes...
    std::size_t batch_bytes = 64 * 1024 * 1024;  // ...or this much text, whichever comes first
    double wait_lock_seconds = 0;                // wait this long for another writer's lock
    std::function<void()> while_waiting;         // called while waiting (may throw: a signal)
    bool create = true;                          // create the database if it does not exist
    // Shards of a new database (> 1: a directory of shard databases behind an XAPIANDB stub);
    // for an existing one, 0 accepts what it has and any other number must match it.
    unsigned shards = 0;
    // Keep the spelling counts in memory instead of adding them at each commit (a bulk build adds
    // them once, merged, at the end: see take_spellings). Bounded by `spelling_words`: past it,
    // words seen only once so far are dropped.
    bool defer_spelling = false;
    std::size_t spelling_words = 4000000;
    // Count the words of articles for the spelling table until this much text has been counted
    // (a full build learns it from a sample: the table is for suggesting common words, and
    // counting every word was a tenth of a large build's time).
    std::size_t spelling_sample_bytes = ~std::size_t{0};
    // Set by another thread to give up an article being indexed (add() throws Abandoned).
    const std::atomic<bool>* abandon = nullptr;
};

// The databases a --db path stands for: the shards listed by its XAPIANDB stub file (relative
// paths are relative to the stub's directory, as Xapian reads them), or the path itself. Throws
// UsageError for remote or malformed entries.
std::vector<std::string> shard_paths(const std::string& path);
// The name of shard `i` inside a sharded database directory, and the stub that lists `shards`.
std::string shard_name(std::size_t i);
void write_stub(const std::string& dir, std::size_t shards);

// Open `path` for writing, waiting up to `wait_seconds` for another writer to let go of it
// (Xapian::DatabaseLockError when it does not).
Xapian::WritableDatabase open_writable(const std::string& path, int flags, double wait_seconds,
                                       const std::function<void()>& while_waiting = {});

// What the user asked for explicitly; anything unset keeps the database's (or the default) value.
struct AnalysisRequest {
    std::optional<std::string> language;
    std::optional<unsigned> title_weight;
};

// Word -> occurrences, for the spelling table.
using SpellingCounts = WordTable<Xapian::termcount>;

// The analysis of a new database: the defaults, overridden by what was asked.
AnalysisConfig config_for_new_database(const AnalysisRequest& requested);

// Owns a WritableDatabase. Every change happens inside a transaction that is committed per batch,
// so a crash or a fatal error leaves the database exactly as after the last committed batch.
class IndexWriter {
  public:
    // Opens (creating if needed) the database at `path`; a sharded one opens every shard, and
    // each document goes to the shard its id hashes to (schema::shard_of). A new database takes the
    // requested analysis over the defaults; an existing one keeps its language (asking for another
    // throws UsageError: mixed stemmers would silently break search) and takes a new title weight.
    IndexWriter(const std::string& path, const AnalysisRequest& requested, WriterOptions opts);
    // An already open database, e.g. Xapian's in-memory backend for tests (which has no
    // transactions: there, cancel() cannot take back changes).
    IndexWriter(Xapian::WritableDatabase db, const AnalysisConfig& cfg, WriterOptions opts);
    ~IndexWriter();
    IndexWriter(const IndexWriter&) = delete;
    IndexWriter& operator=(const IndexWriter&) = delete;

    enum class Outcome { Added, Replaced };
    struct Added {
        Outcome outcome;
        Xapian::docid docid;
    };
    // `known_new`: the caller knows no document has this id (a fresh build), so no lookup.
    Added add(const Article& a, bool known_new = false);
    // Returns true when a document with that id existed.
    bool remove(const std::string& id);
    void remove(Xapian::docid docid);

    // The indexed document with this id, if any (for change detection).
    struct Existing {
        Xapian::docid docid;
        Xapian::Document doc;
    };
    std::optional<Existing> find(const std::string& id);
    // Store a document fetched with find() again after changing only its values (cheap: Xapian
    // rewrites no terms).
    void update_values(const Existing& e);
    // The spelling counts kept with WriterOptions::defer_spelling (emptied).
    SpellingCounts take_spellings();

    // Record any database metadata as part of the current batch.
    void set_metadata(const std::string& key, const std::string& value);
    // Compress the stored text of the documents added from now on with `dict`, recorded in every
    // shard's metadata (as part of the current batch). An existing database's dictionary is
    // picked up when it is opened.
    void use_dictionary(const TextDictionary& dict);
    bool has_dictionary() const { return z_->dictionary().has_value(); }

    // True when the analysis changes in this run, or a run that changed it stopped before the
    // end: every document must be re-indexed, and then finish_reindex() called.
    bool analysis_changed() const { return analysis_changed_; }
    // Every document was re-indexed with the new analysis: record it (in the current batch).
    void finish_reindex();
    // Whether a document was indexed with this writer's analysis; how many were not.
    bool has_current_analysis(const Xapian::Document& doc) const;
    Xapian::doccount lacking_current_analysis() const;
    // The database's metadata keys starting with `prefix`.
    std::vector<std::string> metadata_keys(const std::string& prefix) const;
    // Commit the current batch (no-op when nothing changed).
    void commit();
    // Abandon the current batch.
    void cancel();

    const AnalysisConfig& analysis() const { return cfg_; }
    // All shards as one database, including this run's uncommitted changes; its docids are the
    // ones this writer returns.
    const Xapian::Database& database() const { return reader_; }
    std::size_t shard_count() const { return shards_.size(); }
    void close();

  private:
    struct Local {
        unsigned shard;
        Xapian::docid docid;
    };
    Local local(Xapian::docid global) const;
    Xapian::docid global(unsigned shard, Xapian::docid docid) const;
    unsigned shard_of(const std::string& idterm) const;
    void ensure_transaction();
    void after_change(std::size_t bytes);
    void count_spellings(const Article& a);
    static constexpr std::size_t kMaxSpellingBytes = 32;

    std::vector<Xapian::WritableDatabase> shards_;
    Xapian::Database reader_;
    AnalysisConfig cfg_;
    WriterOptions opts_;
    Xapian::TermGenerator tg_;
    std::unique_ptr<TextCompressor> z_ = std::make_unique<TextCompressor>();
    bool spelling_ = false;  // the backend keeps a spelling table
    SpellingCounts spellings_;
    std::size_t spelling_counted_bytes_ = 0;
    bool in_transaction_ = false;
    bool transactions_ = true;  // false for backends without them (in-memory, for tests)
    bool config_dirty_ = false;
    bool analysis_changed_ = false;
    bool pending_dirty_ = false;  // the pending analysis must be recorded
    std::string analysis_term_;   // schema::analysis_term of cfg_, which every document gets
    std::size_t batch_changes_ = 0;
    std::size_t batch_bytes_ = 0;
};

}  // namespace fts
