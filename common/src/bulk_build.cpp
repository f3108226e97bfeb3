// fts bulk build.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/bulk_build.h"

#include <xapian.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <filesystem>
#include <mutex>
#include <thread>

#include "fts/errors.h"
#include "fts/index_writer.h"
#include "fts/schema.h"
#include "fts/text.h"

namespace fs = std::filesystem;

namespace fts {

namespace {

// Measured on Wikipedia articles (bench/index.sh): flushing every ~16 MB of text is fastest;
// much larger batches make Xapian's in-memory inverter slower, not faster.
constexpr std::size_t kFastestFlush = std::size_t{16} << 20;
constexpr std::size_t kMinFlush = std::size_t{1} << 20;
// The most words a bulk build puts in the spelling table: the 150,000 most frequent of the
// sample (Wikipedia's first 128 MB count ~280,000 distinct words; those past the 150,000th are
// seen a few times at most). Xapian's spelling table is slow to fill (~16 us a word, on one core
// at the end of the build, where 250,000 words were the longest part).
constexpr std::size_t kMaxSpellingWords = 150000;
// The spelling table is filled in parts side by side, of at least this many words each, and at
// most kMaxSpellingParts of them: the compactor opens them all at once, beside the workers'
// shards (a part per worker doubled the files open: -j 145 failed under a 1,024-file limit).
constexpr std::size_t kMinSpellingPart = 20000;
constexpr std::size_t kMaxSpellingParts = 4;
// Xapian's buffered postings take about six times the text's size.
constexpr std::size_t kBufferFactor = 6;

class StatusCompactor : public Xapian::Compactor {
  public:
    explicit StatusCompactor(const std::function<void(const std::string&)>& status)
        : status_(status) {}
    void set_status(const std::string& table, const std::string& status) override {
        if (status_) status_(table + (status.empty() ? "" : ": " + status));
    }

  private:
    const std::function<void(const std::string&)>& status_;
};

}  // namespace

void compact_database(Xapian::Database src, const std::string& out,
                      const std::function<void(const std::string&)>& status) {
    StatusCompactor compactor(status);
    src.compact(out, Xapian::Compactor::FULL, 0, compactor);
}

std::size_t flush_bytes_for(std::size_t memory, unsigned writers) {
    const std::size_t share = memory / std::max(1u, writers);
    return std::clamp(share / kBufferFactor, kMinFlush, kFastestFlush);
}

SpellingWords select_spelling_words(const SpellingCounts& spellings, std::size_t max_words) {
    const bool large = spellings.size() > 100000;
    SpellingWords words;
    spellings.for_each([&](std::string_view word, Xapian::termcount n) {
        if (n > 1 || !large) words.emplace_back(n, word);
    });
    if (words.size() > max_words) {
        // The most frequent; among words as frequent as the last one kept, the first in byte
        // order: the same words whatever the table's order (and so the number of workers).
        std::nth_element(words.begin(), words.begin() + max_words, words.end(),
                         [](const auto& a, const auto& b) {
                             return a.first != b.first ? a.first > b.first : a.second < b.second;
                         });
        words.resize(max_words);
    }
    return words;
}

struct BulkBuilder::Worker {
    std::mutex mu;
    std::condition_variable can_push, can_pop;
    std::deque<BulkItem> queue;
    std::size_t queued_bytes = 0;
    std::size_t max_bytes = 0;
    bool closing = false;
    bool failed = false;
    std::exception_ptr error;
    std::vector<BulkRejection> rejections;
    std::string path;
    std::unique_ptr<IndexWriter> writer;  // used by the thread only, until it is joined
    std::thread thread;
    std::atomic<bool> done{false};  // run() returned: joining it will not wait

    void run() {
        for (;;) {
            BulkItem item;
            {
                std::unique_lock lk(mu);
                can_pop.wait(lk, [&] { return !queue.empty() || closing; });
                if (queue.empty()) {
                    done = true;
                    return;
                }
                item = std::move(queue.front());
                queue.pop_front();
                queued_bytes -= item.bytes;
                if (failed) {  // drain what is queued so the producer never blocks forever
                    lk.unlock();
                    can_push.notify_all();
                    continue;
                }
            }
            can_push.notify_all();
            try {
                if (!item.make) {
                    writer->remove(item.id);
                    continue;
                }
                Article a = item.make();
                item.make = nullptr;  // free the input's bytes before indexing
                if (std::string w = date_warning(a); !w.empty()) {
                    std::lock_guard lk(mu);
                    rejections.push_back({item.where, std::move(w), item.replace, true});
                }
                writer->add(a, /*known_new=*/!item.replace);
            } catch (const InputError& e) {
                std::lock_guard lk(mu);
                rejections.push_back({item.where, e.what(), item.replace});
            } catch (...) {
                std::lock_guard lk(mu);
                failed = true;
                error = std::current_exception();
            }
        }
    }
};

BulkBuilder::BulkBuilder(std::string work_dir, const AnalysisConfig& cfg, BulkOptions opts)
    : work_dir_(std::move(work_dir)), cfg_(cfg), opts_(opts) {
    opts_.jobs = opts_.shards > 1 ? opts_.shards : std::max(1u, opts_.jobs);
    fs::create_directories(work_dir_);
    WriterOptions wo;
    wo.batch_docs = 1000000;  // flush by memory, not by document count
    wo.batch_bytes = flush_bytes_for(opts_.memory, opts_.jobs);
    const std::size_t share = opts_.memory / opts_.jobs;
    // Spelling counts are merged and added once at the end: Xapian's spelling table is slow to
    // update batch by batch (it doubled the build time). ~100 bytes a word, a quarter of the share.
    wo.defer_spelling = true;
    wo.spelling_words = std::max<std::size_t>(share / 4 / 100, 10000);
    // The spelling table learns from the first 128 MB of text (shared by the workers): enough
    // for the common words suggestions are made of; words indexed but unseen there are still
    // known to the searcher (it checks the index before suggesting).
    wo.spelling_sample_bytes = (std::size_t{128} << 20) / opts_.jobs;
    wo.abandon = &abandon_;
    try {
        for (unsigned i = 0; i < opts_.jobs; ++i) {
            auto w = std::make_unique<Worker>();
            w->max_bytes = std::clamp(share / 8, kMinFlush, kFastestFlush);
            w->path = (fs::path(work_dir_) / ("shard" + std::to_string(i))).string();
            w->writer = std::make_unique<IndexWriter>(
                Xapian::WritableDatabase(w->path,
                                         Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC),
                cfg_, wo);
            w->thread = std::thread([p = w.get()] { p->run(); });
            workers_.push_back(std::move(w));
        }
    } catch (...) {
        stop_workers();
        std::error_code ec;
        fs::remove_all(work_dir_, ec);
        throw;
    }
}

BulkBuilder::~BulkBuilder() {
    stop_workers();
    workers_.clear();  // closes the shard databases before their files go
    std::error_code ec;
    fs::remove_all(work_dir_, ec);
}

void BulkBuilder::stop_workers() {
    abandon_ = true;  // an article being indexed is given up between two paragraphs
    for (auto& w : workers_) {
        {
            std::lock_guard lk(w->mu);
            w->closing = true;
            w->queue.clear();
            w->queued_bytes = 0;
        }
        w->can_pop.notify_all();
        w->can_push.notify_all();
    }
    for (auto& w : workers_)
        if (w->thread.joinable()) w->thread.join();
}

void BulkBuilder::rethrow_failure() {
    for (auto& w : workers_) {
        std::exception_ptr e;
        {
            std::lock_guard lk(w->mu);
            if (w->failed) e = w->error;
        }
        if (e) std::rethrow_exception(e);
    }
}

unsigned BulkBuilder::route(const BulkItem& item, std::optional<unsigned> shard) const {
    if (opts_.shards > 1) return schema::shard_of(schema::id_term(item.id), opts_.shards);
    if (shard) return *shard;
    // The least busy worker: while one flushes its shard, the others keep going.
    std::size_t least = ~std::size_t{0};
    unsigned best = 0;
    for (unsigned i = 0; i < workers_.size(); ++i) {
        std::size_t busy = held_bytes_.empty() ? 0 : held_bytes_[i];
        {
            std::lock_guard lk(workers_[i]->mu);
            busy += workers_[i]->queued_bytes;
        }
        if (busy < least) {
            least = busy;
            best = i;
        }
    }
    return best;
}

unsigned BulkBuilder::add(BulkItem item, std::optional<unsigned> shard) {
    const unsigned to = route(item, shard);
    if (compressing_) {
        enqueue(*workers_.at(to), std::move(item));
        return to;
    }
    if (item.make) {
        try {
            auto a = std::make_shared<Article>(item.make());
            if (samples_.size() < 4096) {
                samples_.emplace_back(text::utf8_prefix(a->body, 16 * 1024));
                sample_bytes_ += samples_.back().size();
            }
            item.make = [a] { return std::move(*a); };
        } catch (const InputError& e) {
            rejections_.push_back({item.where, e.what(), item.replace});
            return to;
        }
    }
    held_bytes_.resize(workers_.size());
    held_bytes_[to] += item.bytes;
    held_.emplace_back(to, std::move(item));
    if (sample_bytes_ >= kDictionarySampleBytes || held_.size() >= 20000) start_compressing();
    return to;
}

void BulkBuilder::start_compressing() {
    if (compressing_) return;
    compressing_ = true;
    if (auto dict = train_dictionary(samples_)) {
        for (auto& w : workers_) {
            std::lock_guard lk(w->mu);  // the workers are idle: nothing was queued yet
            w->writer->use_dictionary(*dict);
        }
    }
    samples_ = {};
    auto held = std::move(held_);
    held_ = {};
    held_bytes_ = {};
    for (auto& [to, item] : held) enqueue(*workers_.at(to), std::move(item));
}

void BulkBuilder::enqueue(Worker& w, BulkItem item) {
    {
        std::unique_lock lk(w.mu);
        // One item always fits, however big: a huge file must not wait forever.
        w.can_push.wait(lk, [&] {
            return w.failed || w.queue.empty() ||
                   (w.queued_bytes + item.bytes <= w.max_bytes && w.queue.size() < 4096);
        });
        if (w.failed) {
            std::exception_ptr e = w.error;
            lk.unlock();
            std::rethrow_exception(e);
        }
        w.queued_bytes += item.bytes;
        w.queue.push_back(std::move(item));
    }
    w.can_pop.notify_one();
}

std::vector<BulkRejection> BulkBuilder::take_rejections() {
    std::vector<BulkRejection> out = std::move(rejections_);
    rejections_.clear();
    for (auto& w : workers_) {
        std::lock_guard lk(w->mu);
        for (auto& r : w->rejections) out.push_back(std::move(r));
        w->rejections.clear();
    }
    return out;
}

namespace {

void add_spellings(Xapian::WritableDatabase& db, SpellingWords::const_iterator begin,
                   SpellingWords::const_iterator end) {
    for (auto it = begin; it != end; ++it) db.add_spelling(std::string(it->second), it->first);
    db.commit();
}

}  // namespace

void BulkBuilder::finish(const std::string& out,
                         const std::function<void(const std::string&)>& status) {
    start_compressing();  // a collection smaller than the dictionary's samples
    for (auto& w : workers_) {
        {
            std::lock_guard lk(w->mu);
            w->closing = true;
        }
        w->can_pop.notify_all();
    }
    // The workers index what is queued (a whole small collection may be: the walk queues
    // faster than they index). `status` hears from this thread meanwhile, so that a stop asked
    // for (SIGINT, SIGTERM) is not left waiting for the end of the build: a throw from it
    // abandons the build (the destructor drops the queues).
    for (auto& w : workers_) {
        while (w->thread.joinable() && !w->done) {
            if (status) status("");
            std::this_thread::sleep_for(std::chrono::milliseconds(20));
        }
        if (w->thread.joinable()) w->thread.join();
    }
    rethrow_failure();
    SpellingCounts spellings = workers_.front()->writer->take_spellings();
    for (std::size_t i = 1; i < workers_.size(); ++i)
        workers_[i]->writer->take_spellings().for_each(
            [&](std::string_view word, Xapian::termcount n) { spellings.find_or_add(word) += n; });
    // The shards' last batches are committed, and the spelling table filled, side by side: on one
    // thread these were a tenth of a large build. The spelling table is filled in parts (up to
    // one per worker), in databases of their own that the compactor merges in (it sums a word's
    // counts and joins the fragments' word lists, as one table filled with every word would).
    const bool one = opts_.shards <= 1;
    const SpellingWords words = select_spelling_words(spellings, kMaxSpellingWords);
    std::vector<std::string> spelling_parts;
    const std::size_t parts =
        std::clamp<std::size_t>(words.size() / kMinSpellingPart, 1,
                                std::min<std::size_t>(workers_.size(), kMaxSpellingParts));
    if (one)
        for (std::size_t i = 0; i < parts; ++i)
            spelling_parts.push_back(
                (fs::path(work_dir_) / ("spelling" + std::to_string(i))).string());
    {
        std::vector<std::thread> threads;
        std::vector<std::exception_ptr> errors(workers_.size() + spelling_parts.size());
        for (std::size_t i = 0; i < workers_.size(); ++i)
            threads.emplace_back([&, i] {
                try {
                    workers_[i]->writer->commit();
                    workers_[i]->writer->close();
                } catch (...) {
                    errors[i] = std::current_exception();
                }
            });
        for (std::size_t i = 0; i < spelling_parts.size(); ++i)
            threads.emplace_back([&, i] {
                try {
                    Xapian::WritableDatabase db(
                        spelling_parts[i], Xapian::DB_CREATE_OR_OVERWRITE | Xapian::DB_NO_SYNC);
                    const std::size_t n = spelling_parts.size();
                    add_spellings(db, words.begin() + words.size() * i / n,
                                  words.begin() + words.size() * (i + 1) / n);
                    db.close();
                } catch (...) {
                    errors[workers_.size() + i] = std::current_exception();
                }
            });
        for (auto& t : threads) t.join();
        for (auto& e : errors)
            if (e) std::rethrow_exception(e);
    }
    if (status) status("");
    if (one) {
        Xapian::Database all;
        for (auto& w : workers_) all.add_database(Xapian::Database(w->path));
        for (const auto& part : spelling_parts) all.add_database(Xapian::Database(part));
        compact_database(all, out, status);
        return;
    }
    // Sharded: each shard compacted on its own, behind a stub; the spelling table in the first.
    fs::create_directories(out);
    for (std::size_t i = 0; i < workers_.size(); ++i) {
        const std::string dest = (fs::path(out) / shard_name(i)).string();
        compact_database(Xapian::Database(workers_[i]->path), dest, status);
    }
    write_stub(out, workers_.size());
    if (status) status("spelling");
    Xapian::WritableDatabase db((fs::path(out) / shard_name(0)).string(), Xapian::DB_OPEN);
    add_spellings(db, words.begin(), words.end());
}

}  // namespace fts
