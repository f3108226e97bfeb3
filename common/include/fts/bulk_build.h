// fts bulk build: the fast path for a full build (a new or empty database, or --rebuild). Worker
// threads parse and index articles into shard databases of their own (no fsync: a bulk build is
// all or nothing), then Xapian's compactor merges the shards into one compact database.
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
#include <utility>
#include <vector>

#include "fts/analysis.h"
#include "fts/article.h"
#include "fts/index_writer.h"

namespace fts {

// One input for the workers. `make` runs on a worker thread (parsing a file there keeps the
// reading thread free); it throws InputError to reject the input.
struct BulkItem {
    std::string id;         // routes the item: one id always goes to the same shard
    std::string where;      // for messages: "path" or "path:line"
    bool replace = false;   // the id was already given earlier in this run (the later one wins)
    std::size_t bytes = 0;  // memory held by the item while it waits in a queue
    std::function<Article()> make;  // empty: delete the document with this id instead
};

struct BulkRejection {
    std::string where;
    std::string reason;
    bool replace;
    bool warning = false;  // indexed all the same: a warning to print (a date not understood)
};

struct BulkOptions {
    unsigned jobs = 2;                            // worker threads, one shard each
    std::size_t memory = std::size_t{512} << 20;  // budget for buffered index data and queues
    // > 1: build a sharded database (one worker per shard, each document in the shard its id
    // hashes to, an XAPIANDB stub listing them); otherwise the shards merge into one database.
    unsigned shards = 0;
};

// How much text a writer buffers before flushing, given a memory budget shared by `writers`.
// Xapian holds roughly six times the text's size in memory for the postings it buffers.
std::size_t flush_bytes_for(std::size_t memory, unsigned writers);

// The words of a bulk build's spelling table ("did you mean"), with their counts: words seen once
// are left out of a large vocabulary (over 100,000 words: there they are mostly typos, which must
// never be suggested), and at most the `max_words` most frequent are kept (Xapian's spelling
// table is slow to fill). Views into `spellings`.
using SpellingWords = std::vector<std::pair<Xapian::termcount, std::string_view>>;
SpellingWords select_spelling_words(const SpellingCounts& spellings, std::size_t max_words);

// Compact `src` (one database or several searched as one) into a new database at `out` with
// Xapian's compactor; `status` hears about each table ("postlist: Reduced by 30%...").
void compact_database(Xapian::Database src, const std::string& out,
                      const std::function<void(const std::string&)>& status);

class BulkBuilder {
  public:
    // Shards are created under `work_dir` (which must not exist yet; it is removed at the end).
    BulkBuilder(std::string work_dir, const AnalysisConfig& cfg, BulkOptions opts);
    ~BulkBuilder();  // stops the workers and removes the shards (a build not finished is abandoned)
    BulkBuilder(const BulkBuilder&) = delete;
    BulkBuilder& operator=(const BulkBuilder&) = delete;

    // Queue an item for worker `shard`, or the least busy one, and return which it went to: every
    // version of one id must go to the same shard. Waits while that worker's queue is full;
    // rethrows the error that stopped a worker (a full disk, say).
    unsigned add(BulkItem item, std::optional<unsigned> shard = std::nullopt);
    // Inputs the workers rejected since the last call.
    std::vector<BulkRejection> take_rejections();
    // Wait for the workers, commit the shards and compact them into a new database at `out` (one
    // database, or a directory of shards behind a stub).
    // `status` hears about the merge ("postlist: ...").
    void finish(const std::string& out, const std::function<void(const std::string&)>& status);

  private:
    struct Worker;
    void stop_workers();
    void rethrow_failure();
    unsigned route(const BulkItem& item, std::optional<unsigned> shard) const;
    void enqueue(Worker& w, BulkItem item);
    // Train the stored text's dictionary from the articles held so far, give it to every worker
    // and let the held items go.
    void start_compressing();

    std::string work_dir_;
    AnalysisConfig cfg_;
    BulkOptions opts_;
    std::vector<std::unique_ptr<Worker>> workers_;
    std::atomic<bool> abandon_{false};  // the build is given up: workers stop mid-article
    // Until the dictionary is trained, items are parsed here and held (with the worker each is
    // routed to): the first few megabytes of text are its samples.
    bool compressing_ = false;
    std::vector<std::pair<unsigned, BulkItem>> held_;
    std::vector<std::size_t> held_bytes_;  // per worker, for routing
    std::vector<std::string> samples_;
    std::size_t sample_bytes_ = 0;
    std::vector<BulkRejection> rejections_;  // inputs rejected while held
};

}  // namespace fts
