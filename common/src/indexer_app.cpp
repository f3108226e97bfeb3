// fts indexer application: walks the sources, recognises unchanged inputs, reads the rest,
// writes the index in atomic batches, prunes what vanished, and reports what happened.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/indexer_app.h"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_map>

#include "fts/bulk_build.h"
#include "fts/cli.h"
#include "fts/dates.h"
#include "fts/errors.h"
#include "fts/index_writer.h"
#include "fts/readers.h"
#include "fts/schema.h"
#include "fts/search.h"
#include "fts/sources.h"
#include "fts/text.h"

namespace fs = std::filesystem;

namespace fts {

void add_indexer_options(CLI::App& app, IndexerOptions& o) {
    app.description(
        "Index articles (plain text, Markdown, HTML, JSON Lines) into a Xapian database.\n"
        "Re-running is cheap and safe: unchanged files are recognised without being read again,\n"
        "changed ones are replaced, vanished ones removed; nothing is ever duplicated.");
    app.add_option("--db", o.db, "Database directory (created if missing)");
    app.add_option("sources", o.sources,
                   "Files or directories to index; '-' reads JSON Lines from stdin");
    // Every word after --delete up to the next option is an id (SOURCEs go before it).
    app.add_option("--delete", o.delete_ids,
                   "Delete the documents with these ids: every argument up to the next option "
                   "(e.g. --delete world/a.md wire-0027)")
        ->expected(1, CLI::detail::expected_max_vector_size)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_option("--language", o.language,
                   "Stemming language for a new database (any Xapian stemmer, or 'none'); "
                   "default english");
    app.add_option("--title-weight", o.title_weight,
                   "How many times title words count in free-text search (default 2)")
        ->check(CLI::Range(0u, 100u));
    app.add_option("--id-prefix", o.id_prefix,
                   "Prepend this to every document id (keeps ids of several trees apart)");
    app.add_option("--batch-size", o.batch_size, "Changes per atomic commit (default 1000)")
        ->check(CLI::Range(std::size_t{1}, std::size_t{10000000}));
    app.add_option(
           "--shards", o.shards,
           "Split a new database (or a --rebuild) into N shard databases behind an "
           "XAPIANDB stub in the --db directory, indexed in parallel; searcher and Xapian's "
           "tools open the directory as one database, e.g. --shards 4")
        ->check(CLI::Range(1u, 256u));
    app.add_option("--merge", o.merge,
                   "Merge the SOURCE databases (or shards) into one compact new database OUT with "
                   "Xapian's compactor, e.g. --merge all.db a.db b.db")
        ->excludes("--shards");
    app.add_option("-j,--jobs", o.jobs,
                   "Worker threads for a full build (new or empty database, --rebuild); "
                   "default: one per core")
        ->check(CLI::Range(1u, 256u));
    app.add_option_function<std::string>(
           "--memory", [&o](const std::string& v) { o.memory = parse_size(v); },
           "Memory budget for buffered index data, e.g. 256M or 2G (default 512M)")
        ->check(CLI::Validator(
            [](std::string& v) {
                try {
                    parse_size(v);
                    return std::string();
                } catch (const std::exception& e) {
                    return std::string(e.what());
                }
            },
            "SIZE"));
    app.add_flag("!--no-prune", o.prune,
                 "Keep documents whose file vanished from a directory SOURCE");
    app.add_flag("--rebuild", o.rebuild,
                 "Build a fresh index beside the old one and swap it in atomically at the end");
    app.add_flag("--force", o.force, "Re-index every input, even unchanged ones");
    app.add_option("--wait-lock", o.wait_lock,
                   "Wait up to SECONDS for another indexer to finish instead of failing")
        ->check(number_range(0.0, 1e9));
    std::map<std::string, ProgressMode> modes{{"auto", ProgressMode::Auto},
                                              {"always", ProgressMode::Always},
                                              {"never", ProgressMode::Never}};
    app.add_option("--progress", o.progress,
                   "Progress bar on stderr: auto (terminal only), always, never")
        ->transform(CLI::CheckedTransformer(modes, CLI::ignore_case));
    app.add_option("--report", o.report, "Write a JSON summary of the run to FILE");
    app.add_flag("-q,--quiet", o.quiet, "Print nothing but warnings and errors");
    app.add_flag("-v,--verbose", o.verbose, "Print every input as it is indexed");
    app.footer(
        "Exit status: 0 all inputs indexed, 1 some inputs rejected (see warnings), 2 fatal "
        "error (the database is left as after its last commit), 130/143/129 stopped by "
        "SIGINT/SIGTERM/SIGHUP (after committing the current batch).\n\n"
        "Examples:\n"
        "  indexer --db news.db corpus/\n"
        "  indexer --db news.db --language french articles/fr/\n"
        "  producer | indexer --db news.db -\n"
        "  indexer --db news.db --delete world/old-story.txt\n"
        "  indexer --db news.db --rebuild --report run.json corpus/");
}

std::size_t parse_size(const std::string& text) {
    std::size_t pos = 0;
    unsigned long long n = 0;
    try {
        n = std::stoull(text, &pos);
    } catch (const std::exception&) {
        pos = 0;
    }
    if (pos == 0 || text[0] == '-')
        throw std::invalid_argument("'" + text + "' is not a size (try 512M or 2G)");
    std::string unit = text.substr(pos);
    for (auto& c : unit) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    static const std::map<std::string, int> shifts{
        {"", 0},     {"B", 0},  {"K", 10},  {"KB", 10},  {"KIB", 10}, {"M", 20},  {"MB", 20},
        {"MIB", 20}, {"G", 30}, {"GB", 30}, {"GIB", 30}, {"T", 40},   {"TB", 40}, {"TIB", 40}};
    auto it = shifts.find(unit);
    if (it == shifts.end())
        throw std::invalid_argument("'" + text + "': unknown unit (use K, M, G or T)");
    if (n > (~0ULL >> it->second)) throw std::invalid_argument("'" + text + "' is too large");
    const std::size_t bytes = static_cast<std::size_t>(n << it->second);
    if (bytes < (std::size_t{16} << 20))
        throw std::invalid_argument("'" + text + "' is too small (at least 16M)");
    return bytes;
}

namespace {

std::atomic<int> g_stop_signal{0};

extern "C" void on_stop_signal(int sig) {
    g_stop_signal.store(sig);
}

// Installs SIGINT/SIGTERM/SIGHUP handlers for the life of a run (a closed terminal stops a run as
// Ctrl-C does), and ignores SIGPIPE (a reader of the warnings that went away must not kill a run
// half way: writes to it fail quietly), restoring the old ones after.
class SignalGuard {
  public:
    SignalGuard() {
        g_stop_signal.store(0);
        struct sigaction sa {};
        sa.sa_handler = on_stop_signal;
        sigemptyset(&sa.sa_mask);
        sigaction(SIGINT, &sa, &old_int_);
        sigaction(SIGTERM, &sa, &old_term_);
        sigaction(SIGHUP, &sa, &old_hup_);
        struct sigaction ignore {};
        ignore.sa_handler = SIG_IGN;
        sigemptyset(&ignore.sa_mask);
        sigaction(SIGPIPE, &ignore, &old_pipe_);
    }
    ~SignalGuard() {
        sigaction(SIGINT, &old_int_, nullptr);
        sigaction(SIGTERM, &old_term_, nullptr);
        sigaction(SIGHUP, &old_hup_, nullptr);
        sigaction(SIGPIPE, &old_pipe_, nullptr);
    }
    SignalGuard(const SignalGuard&) = delete;
    SignalGuard& operator=(const SignalGuard&) = delete;

  private:
    struct sigaction old_int_ {};
    struct sigaction old_term_ {};
    struct sigaction old_hup_ {};
    struct sigaction old_pipe_ {};
};

struct Stopped {
    int signal;
    bool waiting = false;  // for another indexer's lock: nothing written yet
};

const char* signal_name(int sig) {
    return sig == SIGINT    ? "SIGINT"
           : sig == SIGTERM ? "SIGTERM"
           : sig == SIGHUP  ? "SIGHUP"
                            : "a signal";
}

// While waiting for another indexer's lock: a signal stops the wait (and the run).
void stop_if_signalled() {
    if (const int sig = g_stop_signal.load()) throw Stopped{sig, true};
}

struct Counts {
    std::size_t added = 0, replaced = 0, unchanged = 0, deleted = 0, skipped = 0, rejected = 0;
    std::uint64_t bytes = 0;  // input bytes read
};

struct Rejection {
    std::string input;
    std::string reason;
};

double value_number(const Xapian::Document& doc, Xapian::valueno slot) {
    std::string v = doc.get_value(slot);
    return v.empty() ? -1 : Xapian::sortable_unserialise(v);
}

// Where a full build of the database `db` works: beside it, under names starting with "." and
// its own name (".news.db.rebuild-PID", ".news.db.shards-PID"). Returns that directory and stem.
std::pair<fs::path, std::string> scratch_place(const std::string& db) {
    fs::path p = fs::absolute(db).lexically_normal();
    if (!p.has_filename()) p = p.parent_path();
    return {p.parent_path(), "." + p.filename().string()};
}

// Whether `name` is `prefix` followed by a process id (digits).
bool numbered(const std::string& name, const std::string& prefix) {
    return name.size() > prefix.size() && name.size() <= prefix.size() + 9 &&
           name.compare(0, prefix.size(), prefix) == 0 &&
           name.find_first_not_of("0123456789", prefix.size()) == std::string::npos;
}

// Leftovers of full builds that were killed (SIGKILL, a crash) beside the database `db`: the
// caller holds its write lock, so no other build of it is running.
void remove_leftovers(const std::string& db) {
    const auto [dir, stem] = scratch_place(db);
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        for (const char* kind : {".rebuild-", ".shards-"}) {
            if (numbered(name, stem + kind)) {
                std::error_code ignore;
                fs::remove_all(e.path(), ignore);
            }
        }
    }
}

// A merge into `out` holds an exclusive lock on ".NAME.merge-PID.lock" beside its scratch
// database ".NAME.merge-PID" for as long as it runs (a lock works across PID namespaces, where
// the PID alone misleads: containers sharing a volume). Returns the lock's descriptor (-1 when
// it cannot be had: the merge goes on, unguarded).
int lock_merge_scratch(const std::string& scratch) {
    const std::string path = scratch + ".lock";
    const int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd >= 0 && ::flock(fd, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

// Scratch databases of merges into `out` that were killed (SIGKILL, a crash): ".NAME.merge-PID"
// beside it whose lock nobody holds (or, without a lock file, whose process is gone). A running
// merge's is left alone.
void remove_dead_merges(const std::string& out) {
    const auto [dir, stem] = scratch_place(out);
    const std::string prefix = stem + ".merge-";
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        const std::string name = e.path().filename().string();
        if (!numbered(name, prefix)) continue;
        const std::string lock = e.path().string() + ".lock";
        bool dead;
        if (const int fd = ::open(lock.c_str(), O_RDWR | O_CLOEXEC); fd >= 0) {
            dead = ::flock(fd, LOCK_EX | LOCK_NB) == 0;
            ::close(fd);
        } else {
            const auto pid = static_cast<pid_t>(std::stol(name.substr(prefix.size())));
            dead = pid > 0 && ::kill(pid, 0) != 0 && errno == ESRCH;
        }
        if (dead) {
            std::error_code ignore;
            fs::remove_all(e.path(), ignore);
            fs::remove(lock, ignore);
        }
    }
}

class Run {
  public:
    Run(const IndexerOptions& o, std::istream& in, std::ostream& err)
        : o_(o), in_(in), err_(err), progress_(err, o.quiet ? ProgressMode::Never : o.progress) {}

    // Incremental run on the database at `db_path` (batches committed as they fill).
    int go(const std::string& db_path, const AnalysisRequest& requested, unsigned shards) {
        WriterOptions wo;
        wo.shards = shards;
        wo.batch_docs = o_.batch_size;
        // Xapian buffers about six times the text of a batch: keep batches within --memory.
        wo.batch_bytes = std::min(wo.batch_bytes, std::max(o_.memory / 6, std::size_t{1} << 20));
        wo.wait_lock_seconds = o_.wait_lock;
        wo.while_waiting = stop_if_signalled;
        IndexWriter writer(db_path, requested, wo);
        writer_ = &writer;
        // A database an earlier build made keeps that build's analysis (its terms were made
        // so): said once a run, with the way to the current one (a review found upgrades
        // silent).
        if (!o_.quiet) {
            AnalysisRequest same_language;
            same_language.language = writer.analysis().language;
            if (const std::string why =
                    config_for_new_database(same_language).term_difference(writer.analysis());
                !why.empty()) {
                progress_.clear();
                err_ << "indexer: note: " << db_path << " and databases built now " << why
                     << " (it was built by an earlier fts, and keeps its way); indexer --rebuild "
                        "re-indexes it the current way\n";
            }
        }
        remove_leftovers(db_path);  // of a full build killed earlier (we hold the lock)
        force_ = o_.force;
        seen_.assign(writer.database().get_lastdocid() + 1, false);

        for (const auto& id : o_.delete_ids) {
            if (writer.remove(id)) {
                ++c_.deleted;
            } else {
                reject("--delete " + id, "no document with this id");
            }
        }
        index_sources();
        check_stop();
        // (A review found the summary saying "1 deleted" while a SOURCE of the same run had
        // given the document back.)
        for (const auto& id : o_.delete_ids)
            if (writer.find(id))
                warn("--delete " + id +
                     ": a SOURCE of this run gave it again, so it is indexed (remove it from the "
                     "SOURCE, or delete it in a run without that SOURCE)");
        if (writer.analysis_changed()) {
            // Finished when every document carries the new analysis (each run re-indexes the
            // documents it is given that do not; a document of a SOURCE not given, or whose
            // input was rejected, keeps the old one meanwhile).
            if (const Xapian::doccount lacking = writer.lacking_current_analysis(); lacking == 0) {
                writer.finish_reindex();
            } else {
                warn(std::to_string(lacking) +
                     " documents keep the old analysis (--title-weight) until their inputs are "
                     "indexed again: runs given them re-index them (see --rebuild)");
            }
        }
        record_run_metadata([&](const std::string& key, const std::string& value) {
            writer.set_metadata(key, value);
        });
        writer.commit();
        writer_ = nullptr;
        return c_.rejected ? kExitPartial : kExitOk;
    }

    // Full build into a new database at `out`: worker threads index shards under `work_dir`,
    // merged at the end by Xapian's compactor. All or nothing.
    int go_bulk(const std::string& out, const std::string& work_dir, const AnalysisConfig& cfg,
                unsigned shards) {
        BulkOptions bo;
        bo.shards = shards;
        bo.jobs = o_.jobs ? o_.jobs : std::max(1u, std::thread::hardware_concurrency());
        bo.memory = o_.memory;
        BulkBuilder builder(work_dir, cfg, bo);
        bulk_ = &builder;
        force_ = true;
        index_sources();
        check_stop();
        drain_rejections();
        progress_.clear();
        if (o_.verbose)
            err_ << "indexer: compacting " << bo.jobs << " shard(s) into " << out << "\n";
        builder.finish(out, [&](const std::string& status) {
            check_stop();
            if (o_.verbose && !status.empty()) err_ << "indexer: merging: " << status << "\n";
        });
        drain_rejections();
        if (!feeds_read_.empty() || !metadata_to_record_.empty()) {
            Xapian::WritableDatabase db(out, Xapian::DB_OPEN);
            record_run_metadata([&](const std::string& key, const std::string& value) {
                db.set_metadata(key, value);
            });
            db.commit();
        }
        bulk_ = nullptr;
        return c_.rejected ? kExitPartial : kExitOk;
    }

    bool bulk() const { return bulk_ != nullptr; }
    const Counts& counts() const { return c_; }
    const std::vector<Rejection>& rejections() const { return rejections_; }
    Progress& progress() { return progress_; }

  private:
    void index_sources() {
        std::vector<std::pair<std::string, std::vector<InputFile>>> walks;
        std::uint64_t total_files = 0, total_bytes = 0;
        for (const auto& source : o_.sources) {
            if (source == "-") {
                walks.push_back({source, {}});
                continue;
            }
            bool complete = true;
            auto files = walk_source(source, [&](const WalkProblem& p) {
                reject(p.path, p.reason);
                if (p.hides_files) complete = false;
            });
            if (!complete && o_.prune) unprunable_.insert(source);
            for (const auto& f : files) {
                ++total_files;
                total_bytes += f.size;
            }
            walks.push_back({source, std::move(files)});
        }
        progress_.set_total(total_files, total_bytes);
        // The JSON Lines files this run reads (or finds unchanged), in every SOURCE: their
        // records' file term, and their place in the run (the last, for one two SOURCEs reach).
        feeds_in_run_.clear();
        std::size_t position = 0;
        for (const auto& walk : walks)
            for (const auto& f : walk.second) {
                if (f.format == Format::JsonLines)
                    feeds_in_run_[feed_term(f.path)] = {position, f.path};
                ++position;
            }
        run_position_ = 0;

        for (const auto& [source, files] : walks) {
            if (source == "-") {
                read_jsonl_stream(in_, "<stdin>", nullptr);
                continue;
            }
            const bool is_dir = fs::is_directory(source);
            std::string root_term;
            if (is_dir)
                root_term =
                    schema::unique_term(schema::kRootPrefix, fs::weakly_canonical(source).string());
            // Which documents this SOURCE gave before: one that is unchanged but came from
            // elsewhere (the tree was moved or copied here) is re-indexed, so its path and origin
            // follow it and a later prune of this SOURCE sees it.
            in_root_.clear();
            Xapian::doccount from_source = 0;
            if (writer_ && is_dir) from_source = note_origin(root_term, in_root_);
            if (is_dir) note_where_source_leads(source, root_term);
            walk_missed_a_feed_ = false;
            std::set<std::string> walked_feeds;  // the signatures' keys of its JSON Lines files
            for (const auto& f : files)
                if (f.format == Format::JsonLines) walked_feeds.insert(feed_key(f.path));
            if (writer_) forget_feeds_about_to_change(source, is_dir, files, walked_feeds);
            for (const auto& f : files) {
                check_stop();
                // A file named on the command line was meant to be read: say why it is not.
                if (!is_dir && !f.format)
                    warn(f.path +
                         ": skipped: not a format the indexer reads (.txt, .text, .md, .markdown, "
                         ".html, .htm, .xhtml, .jsonl, .ndjson)");
                index_file(f, root_term);
                progress_.advance(1, f.size);
                ++run_position_;
            }
            // A full build has nothing older to prune.
            if (is_dir && o_.prune && !o_.rebuild && !bulk_) {
                if (unprunable_.count(source)) {
                    warn("not removing vanished files of " + source +
                         ": parts of it could not be read");
                } else if (files.empty() && from_source > 0) {
                    // An unmounted disk or a wrong path looks like this: never empty the index
                    // on that evidence alone.
                    warn("not removing the " + std::to_string(from_source) + " documents of " +
                         source + ": it has no files now (to remove them: --rebuild, or --delete)");
                } else {
                    prune(root_term);
                    // (A tree with no files proves nothing of the tree a SOURCE led to before:
                    // an empty directory a link was re-pointed to, before it is filled; nor does
                    // one with a feed that could not be read, whose records are not known.)
                    if (!files.empty() && !walk_missed_a_feed_) pruned_roots_.insert(root_term);
                }
            }
            if (is_dir) walked_roots_.insert(root_term);
        }
        settle_adopted_roots();
    }

    // The tree a directory SOURCE leads to, as given (a symbolic link is followed), recorded with
    // the run; one that led to another tree before (a link re-pointed from one release to the
    // next) has that tree's documents the new one does not hold pruned at the end of the run.
    void note_where_source_leads(const std::string& source, const std::string& root_term) {
        // (A relative SOURCE from the directory as the shell names it, `cd current && indexer
        // .`, not as the system resolves it.)
        fs::path base = fs::current_path();
        if (const char* pwd = std::getenv("PWD"); pwd && fs::path(pwd).is_absolute()) {
            std::error_code ec;
            if (fs::equivalent(pwd, base, ec) && !ec) base = pwd;
        }
        std::string given = (fs::path(source).is_absolute() ? fs::path(source) : base / source)
                                .lexically_normal()
                                .string();
        while (given.size() > 1 && given.back() == '/') given.pop_back();
        const std::string key = schema::unique_term(schema::kMetaSourcePrefix, given);
        const std::string before = writer_ ? writer_->database().get_metadata(key) : "";
        if (before.empty())
            metadata_to_record_.emplace_back(key, root_term);
        else if (before != root_term)
            repointed_.push_back({key, before, root_term});  // recorded once settled
    }

    // Documents this run took over from another directory SOURCE (a tree moved or copied): if
    // that SOURCE is gone, its documents no input gave this run went with it (files removed
    // after the move); if it is still there, the two trees hold the same ids and take the
    // documents from each other on every run.
    // Recorded with the run while the tree taken over is still there (a review found what was
    // left of a copied tree kept for good once the copy had taken its documents over: no later
    // run took any over, so none looked whether the old tree was gone).
    void settle_adopted_roots() {
        if (!writer_ || !o_.prune || o_.rebuild) return;
        const auto adoption_key = [](const std::string& term) {
            return schema::unique_term(schema::kMetaAdoptedPrefix, term);
        };
        // A SOURCE that leads to another tree now: the old tree's documents the new one did not
        // give are gone from the SOURCE, unless the old tree is a SOURCE of its own (of this
        // run, or recorded so) and keeps them. Only once the new tree was walked whole, with
        // files, and pruned; until then the SOURCE is taken to lead where it did (and the next
        // run looks again). (A re-pointed link is no tree taken over: no warning about ids.)
        for (const auto& r : repointed_) {
            adopted_roots_.erase(r.before);
            bool own_source = walked_roots_.count(r.before) > 0;
            for (const auto& key : writer_->metadata_keys(std::string(schema::kMetaSourcePrefix)))
                if (key != r.key && writer_->database().get_metadata(key) == r.before)
                    own_source = true;
            if (own_source) {
                writer_->set_metadata(r.key, r.now);
            } else if (pruned_roots_.count(r.now)) {
                prune_tree(r.before);
                if (!writer_->database().get_metadata(adoption_key(r.before)).empty())
                    writer_->set_metadata(adoption_key(r.before), "");
                writer_->set_metadata(r.key, r.now);
            }
        }
        // Trees taken over, this run or before by a SOURCE walked whole this run.
        std::map<std::string, std::string> taken = adopted_roots_;  // root term -> by whom
        std::set<std::string> recorded;
        for (const auto& key : writer_->metadata_keys(std::string(schema::kMetaAdoptedPrefix))) {
            const std::string value = writer_->database().get_metadata(key);
            const std::size_t nl = value.find('\n');
            if (nl == std::string::npos) continue;
            recorded.insert(value.substr(0, nl));
            if (pruned_roots_.count(value.substr(nl + 1)))
                taken.emplace(value.substr(0, nl), value.substr(nl + 1));
        }
        // (Settled only by a SOURCE walked whole, every feed of it read: a record of the old
        // tree's feed whose copy could not be read was not seen, and must not go.)
        for (const auto& [term, by] : taken) {
            const std::string path = term.substr(schema::kRootPrefix.size());
            std::error_code ec;
            const bool readable_name = term.size() < schema::kMaxTermBytes;  // not a hash
            const bool gone = readable_name && !fs::exists(path, ec) && !ec;
            if (gone && pruned_roots_.count(by)) {
                prune_tree(term);
                if (recorded.count(term)) writer_->set_metadata(adoption_key(term), "");
            } else if (gone) {
                if (!recorded.count(term))
                    writer_->set_metadata(adoption_key(term), term + "\n" + by);
            } else if (readable_name && adopted_roots_.count(term)) {
                warn("documents indexed from " + path +
                     ", which is still there, now come from this run's SOURCE with the same ids "
                     "(trees sharing ids replace each other's documents: give each its own "
                     "--id-prefix)");
                if (!recorded.count(term))
                    writer_->set_metadata(adoption_key(term), term + "\n" + by);
            }
        }
        adopted_roots_.clear();
        repointed_.clear();
        pruned_roots_.clear();
        walked_roots_.clear();
    }

    // A document's first term with `prefix`, if any: its directory SOURCE's root term
    // (kRootPrefix), or the term of the JSON Lines file a record came from (kFilePrefix).
    static std::string term_with_prefix(const Xapian::Document& doc, std::string_view prefix) {
        Xapian::TermIterator t = doc.termlist_begin();
        t.skip_to(std::string(prefix));
        return t != doc.termlist_end() && (*t).starts_with(prefix) ? *t : std::string();
    }
    // A file's path with symbolic links resolved, so that a tree reached through a link and
    // through its real path is one tree (as directory SOURCEs' root terms are).
    static std::string real_path(const std::string& path) {
        std::error_code ec;
        fs::path p = fs::weakly_canonical(fs::absolute(path), ec);
        return ec ? fs::absolute(path).lexically_normal().string() : p.string();
    }
    // The metadata key of the signature of the JSON Lines file at `path`.
    // (A long path is shortened with a hash, as long ids are: Xapian's keys hold 255 bytes, and
    // a feed deep in a tree failed the whole run.)
    static std::string feed_key(const std::string& path) {
        return schema::unique_term(schema::kMetaJsonlPrefix, real_path(path));
    }
    // What the signatures' keys of the feeds under `dir` begin with (those of other directories
    // too, when its path is too long to be kept whole: forgetting a signature only has the
    // feed read again).
    static std::string feeds_under_key(const std::string& dir) {
        std::string path = real_path(dir);
        if (path.empty() || path.back() != '/') path += '/';
        const std::string key = schema::unique_term(schema::kMetaJsonlPrefix, path);
        return key.size() == schema::kMetaJsonlPrefix.size() + path.size()
                   ? key
                   : std::string(schema::kMetaJsonlPrefix) +
                         std::string(text::utf8_prefix(
                             path, schema::kMaxTermBytes - 17 - schema::kMetaJsonlPrefix.size()));
    }
    // A file's size, mtime (ns) and identity: its inode and ctime, as schema::kFileIdentitySlot
    // and a feed's signature record them (a file swapped for another of the same size and mtime
    // has other ones); false when it cannot be stat'ed (errno says why).
    static bool file_state(const std::string& path, std::uint64_t& size, std::int64_t& mtime,
                           std::string& identity) {
        struct stat st {};
        if (::stat(path.c_str(), &st) != 0) return false;
        size = static_cast<std::uint64_t>(st.st_size);
        mtime = static_cast<std::int64_t>(st.st_mtim.tv_sec) * 1000000000 + st.st_mtim.tv_nsec;
        identity = std::to_string(st.st_ino) + ":" + std::to_string(st.st_ctim.tv_sec) + "." +
                   std::to_string(st.st_ctim.tv_nsec);
        return true;
    }
    // Forgets the signature under `key` (if any): its feed is read again on its next run.
    void forget_signature(const std::string& key) {
        if (!writer_->database().get_metadata(key).empty()) writer_->set_metadata(key, "");
    }
    // The feed under signature key `key` ("": none) lost an id to a later input of the run:
    // its signature goes (recorded, or about to be), so that it is read on every run while the
    // later input holds the id, and gives it again in the run that finds that input gone.
    void taken_over(const std::string& key) {
        if (key.empty()) return;
        std::erase_if(feeds_read_, [&](const auto& read) { return read.first == key; });
        if (writer_) forget_signature(key);
    }
    // Whether the feed at `path` is as when it was last read whole (its signature holds): a run
    // skips it unread.
    bool feed_unchanged(const std::string& path) const {
        if (force_ || !writer_ || writer_->analysis_changed()) return false;
        const std::string previous = writer_->database().get_metadata(feed_key(path));
        if (previous.empty()) return false;
        std::uint64_t size = 0;
        std::int64_t mtime = 0;
        std::string identity;
        return file_state(path, size, mtime, identity) &&
               FeedSignature::parse(previous).describes(size, mtime, identity);
    }
    // Before a walk changes any record, the signatures of the feeds whose records it may change
    // go, in a commit of their own (in the first shard, which holds them, before any shard's
    // records change): the feeds changed since they were last read, and those of a directory
    // SOURCE the walk did not find (their records are pruned). A run stopped part way then
    // leaves them to be read again, a feed restored from a backup with its old mtime included,
    // never skipped as unchanged with records missing or mixed. (A feed that vanished while
    // the tree could not be pruned loses its signature too: read again if it comes back.)
    void forget_feeds_about_to_change(const std::string& source, bool is_dir,
                                      const std::vector<InputFile>& files,
                                      const std::set<std::string>& walked) {
        if (bulk_) return;  // a full build writes signatures into a new database at its end
        bool forgot = false;
        const auto forget = [&](const std::string& key) {
            writer_->set_metadata(key, "");
            forgot = true;
        };
        for (const auto& f : files) {
            if (f.format != Format::JsonLines) continue;
            const std::string key = feed_key(f.path);
            // Read with another --id-prefix than last time: its records are re-keyed, and a
            // run stopped part way must leave it to be read again whatever prefix comes next
            // ("?": not known).
            const std::string prefix_key = id_prefix_key(f.path);
            if (const std::string recorded = writer_->database().get_metadata(prefix_key);
                !recorded.empty() && recorded != id_prefix_mark()) {
                if (recorded != "?") writer_->set_metadata(prefix_key, "?");
                forget_signature(key);
                forgot = true;
                continue;
            }
            if (writer_->database().get_metadata(key).empty()) continue;
            if (!feed_unchanged(f.path)) forget(key);
        }
        if (is_dir) {
            for (const auto& key : writer_->metadata_keys(feeds_under_key(source)))
                if (!walked.count(key)) forget(key);
        }
        if (forgot) writer_->commit();
    }
    // Where the --id-prefix a feed was last read whole with is recorded (its hash, "-" for
    // none, "?" while a run re-keying its records has not finished).
    static std::string id_prefix_key(const std::string& path) {
        return std::string(schema::kMetaIdPrefixPrefix) + schema::content_hash(feed_key(path));
    }
    std::string id_prefix_mark() const {
        return o_.id_prefix.empty() ? "-" : schema::content_hash(o_.id_prefix);
    }
    // The term every record of the JSON Lines file at `path` carries.
    static std::string feed_term(const std::string& path) {
        return schema::unique_term(schema::kFilePrefix, real_path(path));
    }
    static std::string root_of(const Xapian::Document& doc) {
        return term_with_prefix(doc, schema::kRootPrefix);
    }

    void check_stop() {
        if (int sig = g_stop_signal.load()) {
            if (writer_) writer_->commit();  // the current batch is complete: keep it
            throw Stopped{sig};              // (a bulk build is abandoned instead)
        }
    }

    // Report what the workers of a bulk build rejected (they cannot print themselves).
    void drain_rejections() {
        if (!bulk_) return;
        for (const auto& r : bulk_->take_rejections()) {
            if (r.warning) {
                warn(r.where + ": " + r.reason);
                continue;
            }
            --(r.replace ? c_.replaced : c_.added);
            reject(r.where, r.reason);
        }
    }

    // Hand an input to the bulk build's workers (they parse and index it).
    void dispatch(const std::string& id, const std::string& where, std::size_t bytes,
                  std::function<Article()> make) {
        auto [it, fresh] = ids_this_run_.try_emplace(id, Origin{where, 0, reading_feed_});
        if (!fresh) {
            warn(where + ": id '" + id + "' was already indexed in this run from " +
                 it->second.where + "; this one replaces it");
            it->second.where = where;
            taken_over(it->second.feed);
            it->second.feed = reading_feed_;
        }
        drain_rejections();
        std::optional<unsigned> shard;
        if (!fresh) shard = it->second.shard;  // to the shard holding the earlier version
        it->second.shard = bulk_->add(BulkItem{id, where, !fresh, bytes, std::move(make)}, shard);
        ++(fresh ? c_.added : c_.replaced);
        verbose(fresh ? "added" : "replaced", id);
    }

    void warn(const std::string& message) {
        progress_.clear();
        err_ << "indexer: warning: " << text::one_line(message) << "\n";
    }

    void reject(const std::string& where, const std::string& why) {
        ++c_.rejected;
        rejections_.push_back({where, why});
        warn(where + ": " + why);
    }

    // Sets `by_docid` to the documents carrying `origin_term` (a directory SOURCE's or a feed
    // file's): those the input at hand gave before. Returns how many.
    Xapian::doccount note_origin(const std::string& origin_term, std::vector<bool>& by_docid) {
        auto& db = writer_->database();
        by_docid.assign(seen_.size(), false);
        Xapian::doccount n = 0;
        for (auto it = db.postlist_begin(origin_term); it != db.postlist_end(origin_term);
             ++it, ++n) {
            if (*it >= by_docid.size()) by_docid.resize(*it + 1, false);
            by_docid[*it] = true;
        }
        return n;
    }
    static bool marked(const std::vector<bool>& by_docid, Xapian::docid id) {
        return id < by_docid.size() && by_docid[id];
    }
    // Whether an indexed file came from the directory SOURCE being walked (a file given on its
    // own has no SOURCE to compare).
    bool from_here(const IndexWriter::Existing& e, const std::string& root_term) const {
        return root_term.empty() || marked(in_root_, e.docid);
    }
    // Indexed before a change of analysis that is not finished: to be indexed again.
    bool stale(const IndexWriter::Existing& e) const {
        return writer_ && writer_->analysis_changed() && !writer_->has_current_analysis(e.doc);
    }

    void mark_seen(Xapian::docid id) {
        if (id >= seen_.size()) seen_.resize(id + 1024, false);
        seen_[id] = true;
    }
    void unmark_seen(Xapian::docid id) {
        if (id < seen_.size()) seen_[id] = false;
    }
    bool is_seen(Xapian::docid id) const { return id < seen_.size() && seen_[id]; }

    void verbose(const char* what, const std::string& id) {
        if (!o_.verbose) return;
        progress_.clear();
        err_ << "indexer: " << what << " " << text::one_line(id) << "\n";
    }

    // `existing`: the document it replaces, if any.
    void store(Article& a, const std::string& where, const IndexWriter::Existing* existing) {
        // Two inputs of one run with the same id: the later wins, and the user is told.
        auto [it, fresh] = ids_this_run_.try_emplace(a.id, Origin{where, 0, reading_feed_});
        if (!fresh) {
            warn(where + ": id '" + a.id + "' was already indexed in this run from " +
                 it->second.where + "; this one replaces it");
            it->second.where = where;
            taken_over(it->second.feed);
            it->second.feed = reading_feed_;
        }
        // Taken from a feed of this run that was not read (unchanged), or read in an earlier
        // run: it loses the id all the same.
        if (existing)
            if (const auto feed =
                    feeds_in_run_.find(term_with_prefix(existing->doc, schema::kFilePrefix));
                feed != feeds_in_run_.end())
                if (std::string key = feed_key(feed->second.second); key != reading_feed_)
                    taken_over(key);
        auto r = writer_->add(a);
        mark_seen(r.docid);
        bool added = r.outcome == IndexWriter::Outcome::Added;
        ++(added ? c_.added : c_.replaced);
        verbose(added ? "added" : "replaced", a.id);
    }

    // Whether a record of a JSON Lines file this run comes to later holds the id (and wins, on
    // every run: an unchanged feed is not read again, so the input at `where` must not take the
    // id back); then skipped, with a warning.
    // (Records from stdin come before the file the run comes to next.)
    bool given_later(const IndexWriter::Existing& existing, const std::string& where,
                     const std::string& id, bool from_stdin = false) {
        const auto feed = feeds_in_run_.find(term_with_prefix(existing.doc, schema::kFilePrefix));
        if (feed == feeds_in_run_.end() ||
            feed->second.first + (from_stdin ? 1 : 0) <= run_position_)
            return false;
        // A later feed that changed is read again this run: it takes the id back if it still
        // gives it (a review: feeds of one size and mtime swapped lost a record this way).
        if (!feed_unchanged(feed->second.second)) return false;
        if (!reading_feed_.empty()) feed_yielded_ = true;
        mark_seen(existing.docid);
        ++c_.skipped;
        warn(where + ": id '" + id + "' is also given by a record of " +
             decode_stored(existing.doc.get_data()).path + ", which comes later and wins");
        return true;
    }

    void index_file(const InputFile& f, const std::string& root_term) {
        if (!f.format) {
            ++c_.skipped;
            verbose("skipped (not a supported format)", f.path);
            return;
        }
        if (*f.format == Format::JsonLines) return index_jsonl_file(f, root_term);

        const std::string id = o_.id_prefix + f.id;
        std::optional<IndexWriter::Existing> existing;
        if (writer_) existing = writer_->find(id);
        // A rejected input keeps what was indexed from it before: bad input never loses data.
        if (existing) mark_seen(existing->docid);
        if (!f.problem.empty()) return reject(f.path, f.problem);
        std::uint64_t size = 0;
        std::int64_t mtime = 0;
        std::string identity;
        if (!file_state(f.path, size, mtime, identity))
            return reject(f.path, std::string("cannot open: ") + std::strerror(errno));

        if (existing && !from_here(*existing, root_term))
            if (std::string old = root_of(existing->doc); !old.empty() && old != root_term)
                adopted_roots_.emplace(std::move(old), root_term);
        if (existing && given_later(*existing, f.path, id)) return;
        // Unchanged by size, mtime, inode and ctime: nothing to read.
        if (existing && !force_ && from_here(*existing, root_term) && !stale(*existing) &&
            value_number(existing->doc, schema::kFileSizeSlot) == static_cast<double>(size) &&
            value_number(existing->doc, schema::kFileMtimeSlot) == static_cast<double>(mtime) &&
            existing->doc.get_value(schema::kFileIdentitySlot) == identity) {
            mark_seen(existing->docid);
            ++c_.unchanged;
            verbose("unchanged", id);
            return;
        }

        std::string content;
        if (!read_all(f.path, content)) return;
        c_.bytes += content.size();
        std::string hash = schema::content_hash(content);
        if (existing && !force_ && from_here(*existing, root_term) && !stale(*existing) &&
            existing->doc.get_value(schema::kContentHashSlot) == hash) {
            // Touched but not changed: remember the new mtime so the next run need not read it.
            existing->doc.add_value(schema::kFileSizeSlot,
                                    Xapian::sortable_serialise(static_cast<double>(size)));
            existing->doc.add_value(schema::kFileMtimeSlot,
                                    Xapian::sortable_serialise(static_cast<double>(mtime)));
            existing->doc.add_value(schema::kFileIdentitySlot, identity);
            writer_->update_values(*existing);
            mark_seen(existing->docid);
            ++c_.unchanged;
            verbose("unchanged", id);
            return;
        }

        // Parsing happens here, or on a worker thread in a bulk build.
        const std::size_t bytes = content.size();
        auto make = [format = *f.format, content = std::move(content), id,
                     path = printable_path(fs::absolute(f.path).lexically_normal().string()),
                     name = fs::path(f.id).filename().string(), size, mtime, identity,
                     hash = std::move(hash), root_term]() {
            Article a = read_document(format, content);
            a.id = id;
            a.path = path;
            if (a.date.empty())
                if (auto d = dates::from_filename(name)) a.date = *d;
            if (a.title.empty()) {
                a.title = name;
                a.title_derived = true;
            }
            a.file_size = size;
            a.file_mtime_ns = mtime;
            a.file_identity = identity;
            a.content_hash = hash;
            if (!root_term.empty()) a.origin_terms.push_back(root_term);
            return a;
        };
        if (bulk_) return dispatch(id, f.path, bytes, std::move(make));
        Article a;
        try {
            a = make();
        } catch (const InputError& e) {
            return reject(f.path, e.what());
        }
        if (std::string w = date_warning(a); !w.empty()) warn(f.path + ": " + w);
        store(a, f.path, existing ? &*existing : nullptr);
    }

    bool read_all(const std::string& path, std::string& out) {
        int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
        if (fd < 0) {
            reject(path, std::string("cannot open: ") + std::strerror(errno));
            return false;
        }
        struct stat st {};
        if (::fstat(fd, &st) == 0 && st.st_size > 0)
            out.reserve(static_cast<std::size_t>(st.st_size));
        char buf[1 << 16];
        for (;;) {
            ssize_t n = ::read(fd, buf, sizeof buf);
            if (n == 0) break;
            if (n < 0) {
                if (errno == EINTR) continue;
                int e = errno;
                ::close(fd);
                reject(path, std::string("read error: ") + std::strerror(e));
                return false;
            }
            out.append(buf, static_cast<std::size_t>(n));
        }
        ::close(fd);
        return true;
    }

    void index_jsonl_file(const InputFile& f, const std::string& root_term) {
        std::uint64_t size = 0;
        std::int64_t mtime = 0;
        std::string identity;
        const bool readable = f.problem.empty() && file_state(f.path, size, mtime, identity);
        const std::string stat_error = std::strerror(errno);
        const std::string file_term = feed_term(f.path);
        const std::string meta_key = feed_key(f.path);
        // Records upsert: while its file exists, a record stays until a {"deleted": true} line
        // removes it (a record that became malformed keeps its last good version).
        Xapian::doccount records = 0;
        std::string previous;
        if (writer_) {
            // The records this file gave before (a record from elsewhere is re-stored), sorted:
            // a list, not a bitmap of every docid, as a tree may hold thousands of feeds.
            auto& db = writer_->database();
            in_feed_.assign(db.postlist_begin(file_term), db.postlist_end(file_term));
            records = static_cast<Xapian::doccount>(in_feed_.size());
            for (Xapian::docid id : in_feed_) mark_seen(id);
            previous = db.get_metadata(meta_key);
        }
        // (Its records were kept: an input that cannot be read loses nothing.)
        if (!readable) {
            walk_missed_a_feed_ = true;
            return reject(f.path, f.problem.empty() ? "cannot open: " + stat_error : f.problem);
        }
        // Unchanged since it was read completely: nothing to read (while a change of analysis
        // is unfinished, its records are looked at one by one). A feed that vanished had its
        // signature removed with its records, so one restored with its old mtime is read.
        // (Signatures of other formats are read once more.)
        const FeedSignature last = FeedSignature::parse(previous);
        // Read with another --id-prefix than last time (or a run reading it with another was
        // stopped): its records are read again under their new ids, and those left under other
        // ids go (else each would be there twice, the files of the tree having moved to their new
        // ids). Known from the prefix recorded when it was last read whole.
        const std::string prefix_key = id_prefix_key(f.path);
        const std::string recorded_prefix =
            writer_ ? writer_->database().get_metadata(prefix_key) : std::string();
        const bool prefix_changed = !recorded_prefix.empty() && recorded_prefix != id_prefix_mark();
        if (prefix_changed)  // (known only to an incremental run)
            for (Xapian::docid id : in_feed_) unmark_seen(id);
        if (!force_ && !writer_->analysis_changed() && !prefix_changed &&
            last.describes(size, mtime, identity)) {
            c_.unchanged += records;  // the whole file is as last indexed
            verbose("unchanged", f.path + " (" + std::to_string(records) +
                                     (records == 1 ? " record" : " records") + ", not read)");
            // Its rejected lines are still there: reported and counted on every run.
            for (const auto& [line, why] : last.rejections)
                reject(f.path + ":" + std::to_string(line), why + " (the file is unchanged)");
            if (last.rejected > last.rejections.size()) {
                const std::uint64_t more = last.rejected - last.rejections.size();
                reject(f.path, std::to_string(more) + (last.rejections.empty() ? "" : " more") +
                                   " line(s) were rejected when this unchanged file was read "
                                   "(see the warnings of that run, or run with --force)");
                c_.rejected += more - 1;
            }
            return;
        }
        std::ifstream in(f.path, std::ios::binary);
        if (!in) {
            walk_missed_a_feed_ = true;
            return reject(f.path, std::string("cannot open: ") + std::strerror(errno));
        }
        {
            // A compressed or binary file named .jsonl: one rejection, not one per "line". (A
            // feed that begins with a record is read line by line: a line with a NUL byte is
            // rejected on its own.)
            char head[8192];
            in.read(head, sizeof head);
            const std::string_view start(head, static_cast<std::size_t>(in.gcount()));
            if (start.starts_with("\xFF\xFE") || start.starts_with("\xFE\xFF")) {
                walk_missed_a_feed_ = true;
                return reject(f.path,
                              "UTF-16 text: JSON Lines must be UTF-8 (convert it, e.g. iconv -f "
                              "UTF-16 -t UTF-8)");
            }
            if (text::looks_binary(start) && !begins_with_object(start)) {
                walk_missed_a_feed_ = true;
                return reject(
                    f.path,
                    "binary file (NUL or control bytes); compressed feeds must be unpacked first");
            }
            in.clear();
            in.seekg(0);
        }
        std::vector<std::string> origins{file_term};
        if (!root_term.empty()) origins.push_back(root_term);
        const std::size_t rejections_before = rejections_.size();
        reading_feed_ = meta_key;
        feed_yielded_ = false;
        const bool whole = read_jsonl_stream(in, f.path, &origins);
        reading_feed_.clear();
        if (!whole) {  // (a JSON array, a read error)
            walk_missed_a_feed_ = true;
            return;
        }
        if (prefix_changed)
            for (Xapian::docid id : in_feed_)
                if (!is_seen(id)) {
                    writer_->remove(id);
                    ++c_.deleted;
                }
        // (Whether or not it keeps a signature.)
        if (writer_)
            writer_->set_metadata(prefix_key, id_prefix_mark());
        else
            metadata_to_record_.emplace_back(prefix_key, id_prefix_mark());
        // A feed sharing an id with a later input keeps no signature: read on every run, it
        // gives the id again in the run that finds the later input gone (a review: skipped as
        // unchanged, it lost the record for good, or until the next run).
        if (feed_yielded_) {
            taken_over(meta_key);
            return;
        }
        // Its rejected lines, kept with its signature to be reported again while it is
        // unchanged (the first kKeptRejections of them; the others counted). (A bulk build's
        // workers may report other files' rejections meanwhile.)
        FeedSignature read;
        read.known = true;
        read.size = size;
        read.mtime = mtime;
        read.identity = identity;
        const std::string at_line = f.path + ":";
        for (std::size_t i = rejections_before; i < rejections_.size(); ++i) {
            const std::string_view where = rejections_[i].input;
            if (!where.starts_with(at_line)) continue;
            ++read.rejected;
            if (read.rejections.size() < kKeptRejections)
                read.rejections.emplace_back(
                    std::strtoull(std::string(where.substr(at_line.size())).c_str(), nullptr, 10),
                    rejections_[i].reason);
        }
        feeds_read_.emplace_back(meta_key, std::move(read));
    }

    // Whether a file's first bytes are a JSON object's (after a byte order mark and spaces).
    static bool begins_with_object(std::string_view s) {
        if (s.starts_with("\xEF\xBB\xBF")) s.remove_prefix(3);
        const std::size_t first = s.find_first_not_of(" \t\r\n");
        return first != std::string_view::npos && s[first] == '{';
    }
    static constexpr std::size_t kKeptRejections = 100;

    // What a JSON Lines file was when it was last read completely: its size, mtime and identity
    // (file_state), how many of its lines were rejected, and the first of those (line number
    // and reason). Written "SIZE MTIME REJECTED IDENTITY s2", then a line "LINE<TAB>REASON" for
    // each kept. ("s2": signed by a build that signs no feed giving an id up to a later input;
    // signatures without it are not trusted, so such a feed is read once more.)
    struct FeedSignature {
        bool known = false;
        std::uint64_t size = 0;
        std::int64_t mtime = 0;
        std::uint64_t rejected = 0;
        std::string identity;  // inode and ctime
        std::vector<std::pair<std::uint64_t, std::string>> rejections;
        static FeedSignature parse(const std::string& s) {
            FeedSignature f;
            const std::size_t eol = s.find('\n');
            std::istringstream in(s.substr(0, eol));
            std::string rest;
            f.known = static_cast<bool>(in >> f.size >> f.mtime >> f.rejected);
            f.known =
                f.known && (in >> f.identity) && (in >> rest) && rest == "s2" && !(in >> rest);
            for (std::size_t at = eol; f.known && at != std::string::npos && at + 1 < s.size();) {
                const std::size_t next = s.find('\n', at + 1);
                const std::string line = s.substr(at + 1, next - at - 1);
                const std::size_t tab = line.find('\t');
                if (tab == std::string::npos) return FeedSignature{};
                f.rejections.emplace_back(std::strtoull(line.c_str(), nullptr, 10),
                                          line.substr(tab + 1));
                at = next;
            }
            if (f.rejections.size() > f.rejected) return FeedSignature{};
            return f;
        }
        // Whether it is the signature of a file of this size, mtime and identity.
        bool describes(std::uint64_t s, std::int64_t m, const std::string& i) const {
            return known && size == s && mtime == m && identity == i;
        }
        std::string serialised() const {
            std::string out =
                std::to_string(size) + " " + std::to_string(mtime) + " " + std::to_string(rejected);
            out += " " + (identity.empty() ? std::string("-") : identity) + " s2";
            for (const auto& [line, why] : rejections) {
                out += "\n" + std::to_string(line) + "\t";
                for (char c : why) out += c == '\n' ? ' ' : c;
            }
            return out;
        }
    };
    // The signatures of the feeds read completely in this run, and where its directory SOURCEs
    // lead, written with its last commit (a run stopped before reads them again).
    void record_run_metadata(
        const std::function<void(const std::string&, const std::string&)>& set) {
        for (const auto& [key, signature] : feeds_read_) set(key, signature.serialised());
        feeds_read_.clear();
        for (const auto& [key, value] : metadata_to_record_) set(key, value);
        metadata_to_record_.clear();
    }

    // Returns false when the stream could not be read to its end.
    bool read_jsonl_stream(std::istream& in, const std::string& label,
                           const std::vector<std::string>* origins) {
        const bool from_file = origins != nullptr;
        // The records found unchanged so far (their ids' hashes: a feed may be large), and on
        // which line.
        std::unordered_map<std::size_t, std::size_t> unchanged_here;
        std::string line;
        bool first_line = true;
        for (std::size_t lineno = 1; std::getline(in, line); ++lineno) {
            check_stop();
            c_.bytes += line.size() + 1;
            if (!line.empty() && line.back() == '\r') line.pop_back();
            if (lineno == 1 && line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);  // a BOM
            if (line.find_first_not_of(" \t") == std::string::npos) continue;
            // One JSON array over many lines ("[", then "{...},") is no JSON Lines: its
            // records cannot be read one per line.
            if (first_line && text::trim(line).starts_with('[')) {
                reject(label + ":" + std::to_string(lineno),
                       "a JSON array, not JSON Lines (one object per line; jq -c '.[]' converts "
                       "it)");
                return false;
            }
            first_line = false;
            JsonRecord rec;
            try {
                rec = parse_json_record(line);
            } catch (const InputError& e) {
                reject(label + ":" + std::to_string(lineno), e.what());
                continue;
            }
            rec.article.id = o_.id_prefix + rec.article.id;
            if (bulk_) {
                rec.article.content_hash = schema::content_hash(line);
                bulk_record(rec, label, lineno, origins);
                continue;
            }
            auto existing = writer_->find(rec.article.id);
            const bool from_this_feed =
                existing && from_file &&
                std::binary_search(in_feed_.begin(), in_feed_.end(), existing->docid);
            const std::string where = label + ":" + std::to_string(lineno);
            // (A later input giving the id wins over a deletion here too.)
            if (existing && !from_this_feed &&
                given_later(*existing, where, rec.article.id, !from_file))
                continue;
            if (rec.deleted) {
                if (writer_->remove(rec.article.id)) {
                    ++c_.deleted;
                    verbose("deleted", rec.article.id);
                }
                continue;
            }
            const std::string hash = schema::content_hash(line);
            // Two lines with one id: the later wins, with a warning on every run that reads
            // them, the earlier unchanged or not.
            const std::size_t id_hash = std::hash<std::string>{}(rec.article.id);
            if (auto earlier = unchanged_here.find(id_hash); earlier != unchanged_here.end())
                warn(where + ": id '" + rec.article.id + "' was already indexed in this run from " +
                     label + ":" + std::to_string(earlier->second) + "; this one replaces it");
            // (A record of a feed file indexed before from another file, or from stdin, is
            // re-stored: its path and origin follow the file it is in now.)
            if (existing && !force_ && !stale(*existing) && (!from_file || from_this_feed) &&
                existing->doc.get_value(schema::kContentHashSlot) == hash) {
                mark_seen(existing->docid);
                ++c_.unchanged;
                verbose("unchanged", rec.article.id);
                unchanged_here[id_hash] = lineno;
                continue;
            }
            unchanged_here.erase(id_hash);
            if (from_file) {
                rec.article.path = printable_path(fs::absolute(label).lexically_normal().string());
                rec.article.origin_terms = *origins;
            }
            rec.article.content_hash = hash;
            if (std::string w = date_warning(rec.article); !w.empty()) warn(where + ": " + w);
            // The same record taken over from a feed this run does not read (a copy of it, the
            // tree copied or moved): that feed no longer holds it, and is read again if a run
            // comes back to it (a review found such records lost: the old feed, unchanged, was
            // skipped, while the copy's tree was pruned). (A different record is a correction,
            // which stands until its feed changes.)
            if (existing && from_file && existing->doc.get_value(schema::kContentHashSlot) == hash)
                if (const std::string term = term_with_prefix(existing->doc, schema::kFilePrefix);
                    !term.empty() && term != (*origins)[0] && !feeds_in_run_.count(term))
                    forget_signature(feed_key(decode_stored(existing->doc.get_data()).path));
            store(rec.article, where, existing ? &*existing : nullptr);
        }
        check_stop();  // a signal interrupts a blocked read: stop, not a read error
        if (in.bad()) {
            reject(label, std::string("read error: ") + std::strerror(errno));
            return false;
        }
        return true;
    }

    void bulk_record(JsonRecord& rec, const std::string& label, std::size_t lineno,
                     const std::vector<std::string>* origins) {
        const std::string id = rec.article.id;  // the article moves into the item below
        const std::string where = label + ":" + std::to_string(lineno);
        if (rec.deleted) {  // only what this run added can be deleted in a full build
            if (auto it = ids_this_run_.find(id); it != ids_this_run_.end()) {
                bulk_->add(BulkItem{id, where, true, 0, nullptr}, it->second.shard);
                ids_this_run_.erase(it);
                ++c_.deleted;
                verbose("deleted", id);
            }
            return;
        }
        if (origins) {
            rec.article.path = printable_path(fs::absolute(label).lexically_normal().string());
            rec.article.origin_terms = *origins;
        }
        const std::size_t bytes = rec.article.body.size() + rec.article.title.size();
        dispatch(id, where, bytes, [a = std::move(rec.article)]() mutable { return std::move(a); });
    }

    // Remove documents that came from this directory SOURCE but were not seen in this walk.
    // (A feed whose records go has its signature forgotten: back in place, unchanged, it is
    // read again rather than skipped without them.)
    void prune(const std::string& root_term) {
        auto& db = writer_->database();
        std::vector<Xapian::docid> gone;
        for (auto it = db.postlist_begin(root_term); it != db.postlist_end(root_term); ++it)
            if (*it >= seen_.size() || !seen_[*it]) gone.push_back(*it);
        std::set<std::string> feeds;
        for (Xapian::docid id : gone) {
            check_stop();
            const Xapian::Document doc = db.get_document(id);
            if (!term_with_prefix(doc, schema::kFilePrefix).empty())
                feeds.insert(feed_key(decode_stored(doc.get_data()).path));
            writer_->remove(id);
            ++c_.deleted;
        }
        for (const auto& key : feeds) forget_signature(key);
    }
    // The documents of a tree no SOURCE of the run gave (a tree taken over, or one a SOURCE
    // led to before), and the signatures of its feeds: a feed there, back under a SOURCE
    // unchanged (a link pointed back, a tree moved back), is read again (a review found such
    // records lost for good: skipped as unchanged, while their copies were pruned).
    void prune_tree(const std::string& root_term) {
        prune(root_term);
        if (root_term.size() >= schema::kMaxTermBytes) return;  // (a hash: its path is unknown)
        for (const auto& key :
             writer_->metadata_keys(feeds_under_key(root_term.substr(schema::kRootPrefix.size()))))
            forget_signature(key);
    }

    const IndexerOptions& o_;
    std::istream& in_;
    std::ostream& err_;
    Progress progress_;
    IndexWriter* writer_ = nullptr;  // an incremental run...
    BulkBuilder* bulk_ = nullptr;    // ...or a full build
    // Recorded with the last commit (or after the merge): each feed's signature key and its
    // signature.
    std::vector<std::pair<std::string, FeedSignature>> feeds_read_;
    bool force_ = false;
    std::vector<bool> seen_;     // by docid: documents confirmed present in this run
    std::vector<bool> in_root_;  // by docid: from the directory SOURCE being walked
    // The run's JSON Lines files: their records' terms -> their place in the run, and path.
    std::map<std::string, std::pair<std::size_t, std::string>> feeds_in_run_;
    std::size_t run_position_ = 0;  // the file being indexed
    // Root terms of the trees whose documents were taken over this run, and by whom.
    std::map<std::string, std::string> adopted_roots_;
    struct Repointed {
        std::string key;     // the SOURCE's metadata key
        std::string before;  // the root term of the tree it led to
        std::string now;     // and of the one it leads to now
    };
    std::vector<Repointed> repointed_;    // directory SOURCEs that lead to another tree now
    std::set<std::string> pruned_roots_;  // the trees walked whole, with files, and pruned
    std::set<std::string> walked_roots_;  // the trees walked this run
    bool walk_missed_a_feed_ = false;     // a feed of the tree being walked could not be read
    // Metadata recorded with the run's last commit: where its directory SOURCEs lead.
    std::vector<std::pair<std::string, std::string>> metadata_to_record_;
    std::vector<Xapian::docid> in_feed_;  // sorted: the records of the feed file being read
    std::set<std::string> unprunable_;    // directory sources whose walk hit errors
    struct Origin {
        std::string where;   // the input it came from
        unsigned shard = 0;  // the bulk build's shard that holds it
        std::string feed;    // the signature key of the feed it came from ("": not a feed)
    };
    // The signature key of the feed being read ("" while reading a file or stdin), and whether
    // it gave up an id to a later input.
    std::string reading_feed_;
    bool feed_yielded_ = false;
    std::unordered_map<std::string, Origin> ids_this_run_;
    Counts c_;
    std::vector<Rejection> rejections_;
};

// Never scatter database files into a directory that holds something else.
void refuse_foreign_directory(const std::string& db) {
    std::error_code ec;
    if (!fs::is_directory(db, ec) || fs::is_empty(db, ec)) return;
    for (const char* marker : {"iamglass", "iamchert", "XAPIANDB", "flintlock"})
        if (fs::exists(fs::path(db) / marker, ec)) return;
    throw UsageError(db +
                     " is a directory that is not a Xapian database: refusing to write into it");
}

AnalysisRequest requested_analysis(const IndexerOptions& o) {
    AnalysisRequest r{o.language, o.title_weight};
    if (r.language) r.language = canonical_language(*r.language);  // fails early on a typo
    return r;
}

// A full build (--rebuild, or the first build of a database): index into a sibling directory
// while holding the database's write lock (creating the database first when it does not exist),
// then swap the two directories with one atomic rename (renameat2 RENAME_EXCHANGE), so readers see
// either the whole old index or the whole new one.
// `db` with symbolic links resolved: a rebuild swaps the real directory, not a link to it (the
// link would become the new database and the real one stay as it was).
std::string real_path(const std::string& db) {
    std::error_code ec;
    fs::path link = fs::path(db).lexically_normal();
    if (!link.has_filename()) link = link.parent_path();  // ("news.db/")
    if (!fs::is_symlink(link, ec)) return db;
    const fs::path real = fs::canonical(db, ec);
    return ec ? db : real.string();
}

class Rebuild {
  public:
    Rebuild(const std::string& db, double wait_lock) : db_(real_path(db)) {
        std::error_code ec;
        existed_ = fs::exists(db_, ec);
        created_ = !existed_ || fs::is_empty(db_, ec);  // (an empty directory made for it)
        for (;;) {
            const std::vector<std::string> paths = shard_paths(db_);
            for (const auto& shard : paths) {  // every shard's write lock
                locks_.push_back(lock(shard, wait_lock));
                // A new database is committed at once (its format recorded): searchers opening
                // it meanwhile find an empty index, not one without a revision (which Xapian
                // reports as changed on every reopen).
                if (created_) {
                    locks_.back().set_metadata(std::string(schema::kMetaSchemaVersion),
                                               std::to_string(schema::kSchemaVersion));
                    locks_.back().commit();
                }
            }
            // Another rebuild waited for may have swapped in another number of shards.
            if (created_ || shard_paths(db_) == paths) break;
            locks_.clear();
        }
        if (!locks_.front().get_metadata(std::string(schema::kMetaAnalysis)).empty()) {
            old_config_ = AnalysisConfig::load(locks_.front());
            // A change of analysis not finished yet is what the rebuild builds with.
            const std::string pending =
                locks_.front().get_metadata(std::string(schema::kMetaAnalysisPending));
            if (!pending.empty())
                old_config_->title_weight = AnalysisConfig::from_json(pending).title_weight;
        }
        remove_leftovers(db_);
        const auto [dir, stem] = scratch_place(db_);
        const std::string pid = std::to_string(::getpid());
        fresh_ = (dir / (stem + ".rebuild-" + pid)).string();
        work_ = (dir / (stem + ".shards-" + pid)).string();
        fs::remove_all(fresh_, ec);
        fs::remove_all(work_, ec);
    }
    ~Rebuild() {
        std::error_code ec;
        if (fresh_.empty()) return;  // swapped in
        fs::remove_all(fresh_, ec);  // abandoned (error or signal)
        fs::remove_all(work_, ec);
        if (created_ && doc_count() == 0) {  // leave nothing behind (but a directory made for it)
            // Removed while still locked: an indexer waiting for the lock (--wait-lock) then
            // finds no database, never one being removed under it, and builds it itself.
            if (!existed_) {
                fs::remove_all(db_, ec);
            } else {
                for (const auto& e : fs::directory_iterator(db_, ec)) fs::remove_all(e.path(), ec);
            }
            try {
                close();
            } catch (const Xapian::Error&) {
            }
        }
    }
    Rebuild(const Rebuild&) = delete;
    Rebuild& operator=(const Rebuild&) = delete;

    const std::string& path() const { return fresh_; }     // where the new database goes
    const std::string& work_dir() const { return work_; }  // scratch space (shards)
    bool created() const { return created_; }
    const std::optional<AnalysisConfig>& old_config() const { return old_config_; }
    Xapian::doccount doc_count() const {
        Xapian::doccount n = 0;
        for (const auto& l : locks_) n += l.get_doccount();
        return n;
    }
    unsigned shard_count() const { return static_cast<unsigned>(locks_.size()); }

    void swap_in() {
        // The new directory gets the old one's permissions and owner (a group-writable, setgid
        // directory stays one: its group's next run must still open the lock file).
        struct stat old {};
        if (existed_ && ::stat(db_.c_str(), &old) == 0) {
            // (An owner not ours to give away is kept as it is: chown fails harmlessly.)
            const auto give = [&](const char* path, mode_t mode) {
                [[maybe_unused]] const int owned = ::chown(path, old.st_uid, old.st_gid);
                ::chmod(path, mode);
            };
            const mode_t dirs = old.st_mode & 07777;
            const mode_t files = old.st_mode & 0666;  // the directory's read/write bits
            give(fresh_.c_str(), dirs);
            std::error_code ec;
            for (const auto& e : fs::recursive_directory_iterator(fresh_, ec))
                give(e.path().c_str(), e.is_directory() ? dirs : files);
        }
        if (::renameat2(AT_FDCWD, fresh_.c_str(), AT_FDCWD, db_.c_str(), RENAME_EXCHANGE) != 0)
            throw std::runtime_error(
                "cannot swap in the new index: " + std::string(std::strerror(errno)) +
                (errno == EBUSY ? " (" + db_ +
                                      " is a mount point? keep the database in a "
                                      "directory of that volume)"
                                : std::string()) +
                "; the new index was abandoned, the old one is unchanged");
        close();  // its files now live at fresh_, which goes next
        std::error_code ec;
        fs::remove_all(fresh_, ec);
        fs::remove_all(work_, ec);
        fresh_.clear();
    }

  private:
    void close() {
        for (auto& l : locks_) l.close();
    }
    // A shard's write lock, waiting up to `wait_lock` seconds for another indexer's. A first
    // build waited for that was stopped takes its new database with it: this run then finds
    // none (or an empty directory made for it) and is the first build itself.
    Xapian::WritableDatabase lock(const std::string& shard, double wait_lock) {
        const auto deadline =
            std::chrono::steady_clock::now() + std::chrono::duration<double>(wait_lock);
        for (;;) {
            try {
                return open_writable(shard, created_ ? Xapian::DB_CREATE_OR_OPEN : Xapian::DB_OPEN,
                                     wait_lock, stop_if_signalled);
            } catch (const Xapian::DatabaseLockError&) {
                throw;
            } catch (const Xapian::DatabaseOpeningError&) {
                std::error_code ec;
                if (created_ || !locks_.empty()) throw;
                if (!fs::exists(db_, ec) || fs::is_empty(db_, ec)) {
                    existed_ = existed_ && fs::exists(db_, ec);
                    created_ = true;
                    continue;
                }
                if (std::chrono::steady_clock::now() >= deadline) throw;
                std::this_thread::sleep_for(std::chrono::milliseconds(100));
            }
        }
    }

    std::string db_;
    std::string fresh_;
    std::string work_;
    bool created_ = false;
    bool existed_ = false;  // the directory was there before (empty)
    std::vector<Xapian::WritableDatabase> locks_;
    std::optional<AnalysisConfig> old_config_;
};

// True when `db` does not exist yet or holds no documents: the first run is a full build.
bool needs_full_build(const std::string& db) {
    std::error_code ec;
    if (!fs::exists(db, ec) || fs::is_empty(db, ec)) return true;  // (a directory made for it)
    try {
        return Xapian::Database(db).get_doccount() == 0;
    } catch (const Xapian::Error&) {
        return false;  // let the incremental path report what is wrong with it
    }
}

// Returns false (and says why) when the report could not be written whole.
bool write_report(const IndexerOptions& o, const Counts* c, const std::vector<Rejection>* rejected,
                  const std::string& status, const std::string& error, double seconds,
                  Xapian::doccount documents, std::ostream& err) {
    if (o.report.empty()) return true;
    nlohmann::json j;
    j["status"] = status;
    if (!error.empty()) j["error"] = error;
    j["database"] = o.db;
    j["sources"] = o.sources;
    if (c) {
        j["counts"] = {{"added", c->added},         {"replaced", c->replaced},
                       {"unchanged", c->unchanged}, {"deleted", c->deleted},
                       {"skipped", c->skipped},     {"rejected", c->rejected}};
        j["bytes_read"] = c->bytes;
    }
    j["documents"] = documents;
    j["seconds"] = std::round(seconds * 1000) / 1000;
    j["rejected"] = nlohmann::json::array();
    if (rejected)
        for (const auto& r : *rejected)
            j["rejected"].push_back({{"input", r.input}, {"reason", r.reason}});
    errno = 0;
    std::ofstream out(o.report);
    out << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
    out.close();  // (a full disk shows here, not at the open)
    if (out) return true;
    err << "indexer: --report " << text::one_line(o.report)
        << ": cannot write it: " << std::strerror(errno ? errno : EIO) << "\n";
    return false;
}

// indexer --merge OUT SOURCE...: Xapian's compactor over the sources searched as one.
int run_merge(const IndexerOptions& o, std::ostream& err) {
    const auto start = std::chrono::steady_clock::now();
    SignalGuard signals;
    std::string scratch;  // the merge is written here, then renamed: never half a database
    std::string lock;     // held while it runs (lock_merge_scratch)
    int lock_fd = -1;
    struct Cleanup {
        std::string& path;
        std::string& lock;
        int& fd;
        ~Cleanup() {
            std::error_code ec;
            if (!path.empty()) fs::remove_all(path, ec);
            if (!lock.empty()) fs::remove(lock, ec);
            if (fd >= 0) ::close(fd);
        }
    } cleanup{scratch, lock, lock_fd};
    try {
        if (o.sources.empty())
            throw UsageError("--merge " + o.merge + ": give the databases to merge as arguments");
        if (fs::exists(o.merge))
            throw UsageError("--merge " + o.merge + ": already exists (the merge makes a new one)");
        Xapian::Database all;
        std::optional<AnalysisConfig> first;
        std::optional<unsigned> first_weight;
        for (const auto& src : o.sources) {
            Xapian::Database d;
            try {
                d = open_database(src,
                                  10);  // (as the searcher reads it, a stub checked line by line)
            } catch (const Xapian::Error& e) {
                throw UsageError("--merge: cannot open " + src + ": " + e.get_msg());
            } catch (const UsageError& e) {  // (a stub whose databases disagree, a review found)
                throw UsageError(std::string("--merge: ") + e.what());
            }
            const AnalysisConfig cfg = AnalysisConfig::load(d);
            if (first && cfg.language != first->language)
                throw UsageError("--merge: " + src + " was built with '" + cfg.language +
                                 "', the others with '" + first->language +
                                 "'; mixing stemmers would break search");
            if (first)
                if (const std::string why = first->term_difference(cfg); !why.empty())
                    throw UsageError("--merge: " + src + " and " + o.sources.front() + " " + why +
                                     "; rebuild the older one first (indexer --rebuild)");
            // Title weights differing would leave the merged documents weighed two ways, for
            // good (nothing would be pending to re-index the others). A change still pending
            // in a source counts as made.
            const std::string pending = d.get_metadata(std::string(schema::kMetaAnalysisPending));
            const unsigned weight = pending.empty()
                                        ? cfg.title_weight
                                        : AnalysisConfig::from_json(pending).title_weight;
            if (first_weight && weight != *first_weight)
                throw UsageError("--merge: " + src + " weighs titles " + std::to_string(weight) +
                                 " times, " + o.sources.front() + " " +
                                 std::to_string(*first_weight) +
                                 " times; re-index one with the other's --title-weight first");
            if (!first) {
                first = cfg;
                first_weight = weight;
            }
            all.add_database(d);
        }
        // An id in two sources would be two documents once merged.
        const std::string q(schema::kIdPrefix);
        for (auto t = all.allterms_begin(q); t != all.allterms_end(q); ++t)
            if (t.get_termfreq() > 1)
                throw UsageError("--merge: id '" + (*t).substr(q.size()) +
                                 "' is in more than one source; merge only disjoint databases");
        remove_dead_merges(o.merge);
        const auto [dir, stem] = scratch_place(o.merge);
        const std::string place = (dir / (stem + ".merge-" + std::to_string(::getpid()))).string();
        lock_fd = lock_merge_scratch(place);
        if (lock_fd >= 0) lock = place + ".lock";
        scratch = place;
        compact_database(all, scratch, [&](const std::string& status) {
            stop_if_signalled();
            if (o.verbose || (!o.quiet && status.find(':') == std::string::npos))
                err << "indexer: merging " << status << "\n";
        });
        stop_if_signalled();
        fs::rename(scratch, o.merge);
        scratch.clear();
        if (!o.quiet) {
            char secs[32];
            std::snprintf(
                secs, sizeof secs, "%.2f",
                std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
            err << "indexer: merged " << o.sources.size() << " database(s), " << all.get_doccount()
                << " documents, into " << o.merge << " in " << secs << " s\n";
        }
        return kExitOk;
    } catch (const Stopped& s) {
        err << "indexer: stopped by " << signal_name(s.signal) << "; the merge was abandoned\n";
        return 128 + s.signal;
    } catch (const UsageError& e) {
        err << "indexer: " << text::one_line(e.what()) << "\n";
    } catch (const Xapian::Error& e) {
        err << "indexer: --merge " << o.merge << ": " << e.get_type() << ": "
            << text::one_line(e.get_msg())
            << (e.get_error_string() ? std::string(" (") + e.get_error_string() + ")"
                                     : std::string())
            << "; nothing was written\n";
    } catch (const fs::filesystem_error& e) {
        err << "indexer: --merge " << o.merge << ": " << text::one_line(e.what()) << "\n";
    }
    return kExitError;
}

}  // namespace

int run_indexer(const IndexerOptions& opts, std::istream& in, std::ostream& err) {
    if (!opts.merge.empty()) return run_merge(opts, err);
    const std::string& db = opts.db;
    const auto start = std::chrono::steady_clock::now();
    auto seconds = [&] {
        return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    };
    std::unique_ptr<Run> run;
    std::optional<Xapian::doccount> replaced_documents;  // what a rebuild swapped out
    bool full_build = false;  // all or nothing: an error or signal leaves the database as it was
    std::string error;
    int code = kExitError;
    SignalGuard signals;
    try {
        if (db.empty()) throw UsageError("--db is required (the database directory)");
        if (opts.sources.empty() && opts.delete_ids.empty())
            throw UsageError("nothing to do: give SOURCE arguments or --delete ID");
        if (opts.rebuild && !opts.delete_ids.empty())
            throw UsageError(
                "--rebuild and --delete do not go together (rebuild from the sources instead)");
        AnalysisRequest requested = requested_analysis(opts);
        for (const auto& s : opts.sources)
            if (s != "-" && !fs::exists(s)) throw UsageError(s + ": no such file or directory");
        refuse_foreign_directory(db);
        std::error_code ec;
        if (opts.sources.empty() && (!fs::exists(db, ec) || fs::is_empty(db, ec)))  // --delete
            throw UsageError(db + ": no such database (nothing to delete from)");
        if (!opts.report.empty()) {
            // Found unwritable before the run, not after it (and without truncating it yet).
            const int fd = ::open(opts.report.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
            if (fd < 0) throw UsageError("--report " + opts.report + ": " + std::strerror(errno));
            ::close(fd);
        }
        run = std::make_unique<Run>(opts, in, err);
        // Full builds go through the bulk path (worker threads, shards merged by the compactor,
        // swapped in at the end); JSON Lines on stdin stream into committed batches instead.
        const bool from_stdin =
            std::find(opts.sources.begin(), opts.sources.end(), "-") != opts.sources.end();
        const bool bulk_ok = !from_stdin && opts.delete_ids.empty();
        bool done = false;
        if (opts.rebuild || (bulk_ok && needs_full_build(db))) {
            Rebuild rebuild(db, opts.wait_lock);
            if (opts.rebuild || rebuild.doc_count() == 0) {
                const Xapian::doccount before = rebuild.doc_count();
                if (const auto& old = rebuild.old_config()) {  // keep what was not asked
                    if (!requested.language) requested.language = old->language;
                    if (!requested.title_weight) requested.title_weight = old->title_weight;
                }
                full_build = true;
                // The number of shards: as asked, or as the database had.
                const unsigned shards =
                    opts.shards ? opts.shards : (rebuild.created() ? 1 : rebuild.shard_count());
                const int built = bulk_ok ? run->go_bulk(rebuild.path(), rebuild.work_dir(),
                                                         config_for_new_database(requested), shards)
                                          : run->go(rebuild.path(), requested, shards);
                rebuild.swap_in();  // (a failure here is the run's failure: exit 2)
                code = built;
                if (opts.rebuild && !rebuild.created()) replaced_documents = before;
                done = true;
            }  // else another indexer filled it meanwhile: update it incrementally
        }
        if (!done) code = run->go(db, requested, opts.shards);
    } catch (const Stopped& s) {
        if (run) run->progress().clear();
        err << "indexer: stopped by " << signal_name(s.signal)
            << (s.waiting      ? " while waiting for another indexer's lock; nothing was written\n"
                : opts.rebuild ? "; the rebuild was abandoned, the old index is unchanged\n"
                : full_build
                    ? "; the first build was abandoned (a full build is all or nothing); run "
                      "again to start over\n"
                    : " after committing the current batch; run again to finish\n");
        error = "stopped by signal";
        code = 128 + s.signal;
        if (s.waiting) run.reset();  // nothing to count
    } catch (const UsageError& e) {
        error = e.what();
    } catch (const Xapian::DatabaseLockError& e) {
        if (e.get_msg().find("already locked") != std::string::npos) {
            char waited[32];
            std::snprintf(waited, sizeof waited, "%g", opts.wait_lock);
            error = db + " is locked: another indexer is writing to it " +
                    (opts.wait_lock > 0 ? "(still after --wait-lock " + std::string(waited) + " s)"
                                        : std::string("(use --wait-lock SECONDS to wait)"));
        } else {  // e.g. "Couldn't open lockfile: Permission denied"
            const std::string& m = e.get_msg();
            auto colon = m.find(": ");
            error = "cannot write to " + db + ": " +
                    (colon == std::string::npos ? m : m.substr(colon + 2));
        }
    } catch (const Xapian::DatabaseCorruptError& e) {
        error = db + " is corrupt (" + e.get_msg() + "); check it with xapian-check, or rebuild it";
    } catch (const Xapian::DatabaseCreateError& e) {  // no database yet: nothing to keep
        std::string m = e.get_msg();
        if (m.starts_with(db + ": ")) m.erase(0, db.size() + 2);
        error =
            "cannot create the database " + db + ": " + m +
            (e.get_error_string() ? std::string(" (") + e.get_error_string() + ")" : std::string());
    } catch (const Xapian::DatabaseOpeningError& e) {
        error = "cannot open " + db + " as a database: " + e.get_msg();
    } catch (const Xapian::Error& e) {
        error = db + ": " + e.get_type() + ": " + e.get_msg() +
                (e.get_error_string() ? std::string(" (") + e.get_error_string() + ")"
                                      : std::string()) +
                (full_build ? "; the build was abandoned, the database is as before"
                            : "; the database is as after its last commit");
    } catch (const fs::filesystem_error& e) {
        error = e.what();
    } catch (const std::bad_alloc&) {
        error = "out of memory (try a smaller --memory or --batch-size)";
    } catch (const std::exception& e) {
        error = e.what();
    }
    if (run) run->progress().clear();
    if (!error.empty() && code == kExitError) err << "indexer: " << text::one_line(error) << "\n";

    Xapian::doccount documents = 0;
    try {
        documents = Xapian::Database(db).get_doccount();
    } catch (const Xapian::Error&) {
    }
    const double secs = seconds();
    // A full build stopped or failed was abandoned whole: it counts nothing.
    const bool abandoned = full_build && code != kExitOk && code != kExitPartial;
    if (run && !opts.quiet && code != kExitError && !abandoned) {
        const Counts& c = run->counts();
        char time_buf[32];
        std::snprintf(time_buf, sizeof time_buf, "%.2f", secs);
        err << "indexer: " << c.added << " added, " << c.replaced << " replaced, " << c.unchanged
            << " unchanged, " << c.deleted << " deleted, " << c.skipped << " skipped, "
            << c.rejected << " rejected in " << time_buf << " s (" << documents << " documents in "
            << db;
        // A rebuild replaces the whole index: say what it had, which no count above shows.
        if (replaced_documents)
            err << ", which had " << *replaced_documents << " before the rebuild";
        err << ")\n";
    }
    const char* status = code == kExitOk        ? "ok"
                         : code == kExitPartial ? "partial"
                         : code == kExitError   ? "error"
                                                : "stopped";
    // (A report that cannot be written was the error.)
    if (!error.starts_with("--report ") &&
        !write_report(opts, run && !abandoned ? &run->counts() : nullptr,
                      run ? &run->rejections() : nullptr, status, error, secs, documents, err))
        code = kExitError;
    return code;
}

}  // namespace fts
