// CLI tests for batch indexing that can be trusted: incremental runs, pruning, deletion,
// rebuild, reports, locks, signals, SIGKILL at random moments, disk full, concurrent readers.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>
#include <sys/mount.h>
#include <unistd.h>
#include <xapian.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstring>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <random>
#include <set>
#include <thread>

#include "cli_support.h"
#include "fts/schema.h"
#include "fts/sources.h"

using namespace fts::test;
namespace fs = std::filesystem;

namespace {

bool xapian_check_ok(const std::string& db, std::string* output = nullptr) {
    auto r = run({"/bin/sh", "-c", "xapian-check '" + db + "' 2>&1"});
    if (output) *output = r.out;
    return r.exit_code == 0 && r.out.find("No errors found") != std::string::npos;
}

bool have_xapian_check() {
    return std::system("command -v xapian-check >/dev/null 2>&1") == 0;
}

// A tree of `n` small articles in a few folders, each with some distinct words.
void make_tree(const std::string& dir, int n, int words = 60) {
    std::mt19937 rng(12345);
    static const char* vocab[] = {"harbour",  "grain",   "election", "storm",    "market", "river",
                                  "council",  "energy",  "museum",   "bank",     "school", "rail",
                                  "festival", "drought", "vaccine",  "satellite"};
    for (int i = 0; i < n; ++i) {
        std::string body;
        for (int w = 0; w < words; ++w) {
            body += vocab[rng() % 16];
            body += (w % 12 == 11) ? ".\n" : " ";
        }
        char name[64];
        std::snprintf(name, sizeof name, "d%02d/article-%05d.txt", i % 7, i);
        write_file(dir + "/" + name, "Article " + std::to_string(i) + "\n\n" + body + "\n");
    }
}

}  // namespace

TEST(Incremental, UnchangedTouchedChangedAndVanishedFiles) {
    TempDir tmp;
    fs::copy(kCorpus, tmp / "c", fs::copy_options::recursive);
    const std::string db = tmp / "db";
    auto r = indexer({"--db", db, tmp / "c"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(summary(r).find("31 added, 0 replaced, 0 unchanged, 0 deleted"), std::string::npos)
        << r.err;

    r = indexer({"--db", db, tmp / "c"});
    EXPECT_NE(summary(r).find("0 added, 0 replaced, 31 unchanged, 0 deleted"), std::string::npos)
        << r.err;

    // Touched but identical: recognised by its hash, still unchanged.
    fs::last_write_time(tmp / "c/world/river-flood-relief.txt", fs::file_time_type::clock::now());
    r = indexer({"--db", db, tmp / "c"});
    EXPECT_NE(summary(r).find("0 added, 0 replaced, 31 unchanged"), std::string::npos) << r.err;

    // Changed, vanished, new.
    write_file(tmp / "c/tech/community-mesh-network.txt", "Mesh\n\nNow about zeppelins.\n");
    fs::remove(tmp / "c/culture/choir-competition.md");
    write_file(tmp / "c/culture/new-piece.md", "# New piece\n\nFresh words.\n");
    r = indexer({"--db", db, tmp / "c"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(summary(r).find("1 added, 1 replaced, 29 unchanged, 1 deleted"), std::string::npos)
        << r.err;
    auto ids = ids_in(db);
    EXPECT_EQ(ids.count("culture/choir-competition.md"), 0u);
    EXPECT_EQ(ids.count("culture/new-piece.md"), 1u);
    EXPECT_EQ(searcher({"--db", db, "--format", "ids", "zeppelins"}).out,
              "tech/community-mesh-network.txt\n");

    // --no-prune keeps documents of vanished files.
    fs::remove(tmp / "c/culture/new-piece.md");
    r = indexer({"--db", db, "--no-prune", tmp / "c"});
    EXPECT_EQ(ids_in(db).count("culture/new-piece.md"), 1u);
    r = indexer({"--db", db, tmp / "c"});
    EXPECT_EQ(ids_in(db).count("culture/new-piece.md"), 0u);
}

TEST(Incremental, BadInputNeverLosesWhatWasIndexed) {
    TempDir tmp;
    write_file(tmp / "c/a.txt", "A\n\nalpha words\n");
    write_file(tmp / "c/b.txt", "B\n\nbeta words\n");
    const std::string db = tmp / "db";
    ASSERT_EQ(indexer({"--db", db, tmp / "c"}).exit_code, 0);
    write_file(tmp / "c/a.txt", "A\n\nnow broken \xff\n");
    auto r = indexer({"--db", db, tmp / "c"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(doc_count(db), 2u);  // the old a.txt stays until a good version arrives
    EXPECT_EQ(searcher({"--db", db, "--format", "ids", "alpha"}).out, "a.txt\n");
}

TEST(Incremental, JsonLinesUpsertAndDelete) {
    TempDir tmp;
    const std::string db = tmp / "db";
    write_file(tmp / "f/feed.jsonl",
               "{\"id\":\"a\",\"text\":\"alpha\"}\n{\"id\":\"b\",\"text\":\"beta\"}\n");
    ASSERT_EQ(indexer({"--db", db, tmp / "f"}).exit_code, 0);
    auto r = indexer({"--db", db, tmp / "f"});
    EXPECT_NE(summary(r).find("0 added, 0 replaced, 2 unchanged"), std::string::npos) << r.err;
    write_file(tmp / "f/feed.jsonl",
               "{\"id\":\"a\",\"text\":\"alpha\"}\n{\"id\":\"b\",\"text\":\"beta two\"}\n"
               "{\"id\":\"c\",\"text\":\"gamma\"}\n{\"id\":\"a\",\"deleted\":true}\n");
    r = indexer({"--db", db, tmp / "f"});
    EXPECT_NE(summary(r).find("1 added, 1 replaced, 1 unchanged, 1 deleted"), std::string::npos)
        << r.err;
    EXPECT_EQ(ids_in(db), (std::set<std::string>{"b", "c"}));
    // The feed file vanishes: its records go with it.
    fs::remove(tmp / "f/feed.jsonl");
    write_file(tmp / "f/other.txt", "Other\n\ntext\n");
    r = indexer({"--db", db, tmp / "f"});
    EXPECT_EQ(ids_in(db), (std::set<std::string>{"other.txt"}));
}

// Regression: a tree moved (or copied) to a new place kept its documents' old path and SOURCE, so
// files later removed from the new place were never pruned, and its feed's records went uncounted.
TEST(Incremental, MovedTreeIsFollowedAndItsVanishedFilesPruned) {
    TempDir tmp;
    const std::string db = tmp / "db";
    write_file(tmp / "A/f.jsonl",
               "{\"id\":\"r1\",\"text\":\"apple\"}\n{\"id\":\"r2\",\"text\":\"apple banana\"}\n");
    write_file(tmp / "A/p.txt", "P\n\nplain apple\n");
    ASSERT_EQ(indexer({"--db", db, tmp / "A"}).exit_code, 0);
    fs::copy(tmp / "A", tmp / "B", fs::copy_options::recursive);
    // Ids are relative to the SOURCE: the same documents, now from B (re-indexed once).
    auto r = indexer({"--db", db, tmp / "B"});
    EXPECT_NE(summary(r).find("0 added, 3 replaced, 0 unchanged"), std::string::npos) << r.err;
    r = indexer({"--db", db, tmp / "B"});
    EXPECT_NE(summary(r).find("0 added, 0 replaced, 3 unchanged"), std::string::npos) << r.err;
    auto paths = searcher({"--db", db, "--format", "tsv", "--fields", "id,path", "apple"});
    EXPECT_EQ(paths.out.find(std::string(tmp / "A")), std::string::npos) << paths.out;
    fs::remove_all(tmp / "A");
    fs::remove(tmp / "B/f.jsonl");
    fs::remove(tmp / "B/p.txt");
    write_file(tmp / "B/o.txt", "O\n\nother\n");
    r = indexer({"--db", db, tmp / "B"});
    EXPECT_NE(summary(r).find("1 added, 0 replaced, 0 unchanged, 3 deleted"), std::string::npos)
        << r.err;
    EXPECT_EQ(ids_in(db), (std::set<std::string>{"o.txt"}));
}

// Regression (review): a tree moved and then trimmed before the next run left the removed files'
// documents under the old SOURCE, which no run would ever prune.
TEST(Incremental, MovedAndTrimmedTreeLeavesNothingBehind) {
    TempDir tmp;
    const std::string db = tmp / "db";
    write_file(tmp / "a/keep.txt", "K\n\nkept words\n");
    write_file(tmp / "a/world/gone.txt", "G\n\ngone words\n");
    ASSERT_EQ(indexer({"--db", db, tmp / "a"}).exit_code, 0);
    fs::rename(tmp / "a", tmp / "b");
    fs::remove(tmp / "b/world/gone.txt");
    auto r = indexer({"--db", db, tmp / "b"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(summary(r).find("0 added, 1 replaced, 0 unchanged, 1 deleted"), std::string::npos)
        << r.err;
    EXPECT_EQ(ids_in(db), (std::set<std::string>{"keep.txt"}));
}

TEST(Incremental, DeleteById) {
    TempDir tmp;
    const std::string db = tmp / "db";
    ASSERT_EQ(indexer({"--db", db, kCorpus}).exit_code, 0);
    auto r = indexer({"--db", db, "--delete", kSeedId, "--delete", "no-such-id"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("indexer: warning: --delete no-such-id: no document with this id\n"),
              std::string::npos)
        << r.err;
    EXPECT_NE(summary(r).find("1 deleted"), std::string::npos) << r.err;
    EXPECT_EQ(doc_count(db), 30u);
}

// Regression: `--delete A B` read B as a SOURCE, failed on it and deleted nothing.
TEST(Incremental, DeleteTakesSeveralIds) {
    TempDir tmp;
    const std::string db = tmp / "db";
    write_file(tmp / "f/feed.jsonl",
               "{\"id\":\"a\",\"text\":\"x\"}\n{\"id\":\"b\",\"text\":\"x\"}\n"
               "{\"id\":\"c\",\"text\":\"x\"}\n");
    ASSERT_EQ(indexer({"--db", db, tmp / "f"}).exit_code, 0);
    auto r = indexer({"--db", db, "--delete", "a", "b", "--quiet"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(ids_in(db), (std::set<std::string>{"c"}));
}

// Regression: a directory SOURCE with no files (an unmounted disk, a wrong path) emptied the
// index without a word; a rebuild from it said nothing of what it replaced.
TEST(Incremental, EmptySourceIsNotPrunedAndARebuildSaysWhatItReplaced) {
    TempDir tmp;
    const std::string db = tmp / "db";
    write_file(tmp / "s/a.txt", "A\n\nalpha\n");
    write_file(tmp / "s/b.txt", "B\n\nbeta\n");
    ASSERT_EQ(indexer({"--db", db, tmp / "s"}).exit_code, 0);
    fs::remove(tmp / "s/a.txt");
    fs::remove(tmp / "s/b.txt");
    auto r = indexer({"--db", db, tmp / "s"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("warning: not removing the 2 documents of " + std::string(tmp / "s") +
                         ": it has no files now"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(doc_count(db), 2u);
    r = indexer({"--db", db, "--rebuild", tmp / "s"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(summary(r).find("(0 documents in " + db + ", which had 2 before the rebuild)"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(doc_count(db), 0u);
}

TEST(Rebuild, SwapsInAFreshIndexAtomically) {
    TempDir tmp;
    fs::copy(kCorpus, tmp / "c", fs::copy_options::recursive);
    const std::string db = tmp / "db";
    ASSERT_EQ(indexer({"--db", db, "--language", "english", tmp / "c"}).exit_code, 0);
    fs::remove(tmp / "c/world/river-flood-relief.txt");
    Xapian::Database reader(db);  // a reader holding the old index open keeps working
    auto r = indexer({"--db", db, "--rebuild", tmp / "c"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(summary(r).find("30 added"), std::string::npos) << r.err;
    EXPECT_EQ(doc_count(db), 30u);
    EXPECT_EQ(reader.get_doccount(), 31u);
    for (const auto& e : fs::directory_iterator(tmp.path()))
        EXPECT_EQ(e.path().filename().string().find(".rebuild-"), std::string::npos) << e.path();
    // The rebuilt index keeps the old analysis unless told otherwise.
    EXPECT_NE(Xapian::Database(db).get_metadata("fts.analysis").find("english"), std::string::npos);
    if (have_xapian_check()) {
        EXPECT_TRUE(xapian_check_ok(db));
    }
}

TEST(Report, JsonSummaryOfTheRun) {
    TempDir tmp;
    write_file(tmp / "c/good.txt", "Good\n\ntext\n");
    write_file(tmp / "c/bad.txt", "Bad\n\n\xc0\xaf\n");
    auto r = indexer({"--db", tmp / "db", "--report", tmp / "report.json", tmp / "c"});
    EXPECT_EQ(r.exit_code, 1);
    auto j = nlohmann::json::parse(read_file(tmp / "report.json"));
    EXPECT_EQ(j["status"], "partial");
    EXPECT_EQ(j["counts"]["added"], 1);
    EXPECT_EQ(j["counts"]["rejected"], 1);
    EXPECT_EQ(j["documents"], 1);
    ASSERT_EQ(j["rejected"].size(), 1u);
    EXPECT_EQ(j["rejected"][0]["input"], tmp / "c/bad.txt");
    EXPECT_EQ(j["rejected"][0]["reason"], "invalid UTF-8 at byte 6");
    EXPECT_GT(j["bytes_read"].get<int>(), 0);
    EXPECT_TRUE(j["seconds"].is_number());
}

// Regression (a crash-test review): an indexer waiting (--wait-lock) for a first build that was
// then stopped failed, exit 2 ("cannot open ... as a database"): the stopped build had removed
// the database it had begun, as it should. The waiting indexer now builds it itself.
TEST(Locking, AWaitingIndexerBuildsTheDatabaseAStoppedFirstBuildLeftUnmade) {
    TempDir tmp;
    const std::string db = tmp / "db";
    // The first build holds the lock while it waits for stdin's records.
    Child first({kIndexer, "--db", db, "--rebuild", kCorpus, "-"});
    for (int i = 0; i < 200 && !fs::exists(db + "/iamglass"); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    ASSERT_TRUE(fs::exists(db + "/iamglass"));
    Child second({kIndexer, "--db", db, "--wait-lock", "60", kCorpus});
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // waiting for the lock
    first.signal(SIGINT);
    EXPECT_EQ(first.wait().exit_code, 130);
    auto r = second.wait();
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(doc_count(db), 31u);
}

TEST(Locking, SecondWriterFailsOrWaits) {
    TempDir tmp;
    const std::string db = tmp / "db";
    ASSERT_EQ(indexer({"--db", db, kCorpus}).exit_code, 0);
    auto holder = std::make_unique<Xapian::WritableDatabase>(db, Xapian::DB_OPEN);
    auto r = indexer({"--db", db, "--delete", kSeedId});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(
        r.err,
        "indexer: " + db +
            " is locked: another indexer is writing to it (use --wait-lock SECONDS to wait)\n");
    EXPECT_EQ(doc_count(db), 31u);
    // Regression: after waiting in vain, the message still advised --wait-lock.
    r = indexer({"--db", db, "--wait-lock", "0.3", "--delete", kSeedId});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "indexer: " + db +
                         " is locked: another indexer is writing to it (still after --wait-lock "
                         "0.3 s)\n");
    // --wait-lock: the holder lets go after a moment and the second indexer proceeds.
    std::thread release([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(700));
        holder->close();
    });
    r = indexer({"--db", db, "--wait-lock", "30", "--delete", kSeedId});
    release.join();
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(doc_count(db), 30u);
}

// (SIGHUP, a closed terminal, stops a run as SIGTERM does: a review found it killed the run.)
class Signals : public ::testing::TestWithParam<int> {};

TEST_P(Signals, CommitTheCurrentBatchAndStop) {
    const int sig = GetParam();
    const std::string name = sig == SIGTERM ? "SIGTERM" : "SIGHUP";
    TempDir tmp;
    const std::string db = tmp / "db";
    Child child({kIndexer, "--db", db, "--batch-size", "10", "-"});
    std::string records;
    for (int i = 0; i < 25; ++i)
        records += "{\"id\":\"r" + std::to_string(i) + "\",\"text\":\"words\"}\n";
    child.write_stdin(records);
    // Wait until the first batches are committed, then stop it while it waits for more input.
    auto committed = [&]() -> Xapian::doccount {
        try {
            return doc_count(db);
        } catch (const Xapian::Error&) {
            return 0;  // not created yet
        }
    };
    for (int i = 0; i < 200 && committed() < 20; ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    child.signal(sig);
    auto r = child.wait();
    EXPECT_EQ(r.exit_code, 128 + sig);
    EXPECT_NE(r.err.find("indexer: stopped by " + name +
                         " after committing the current batch; run again to finish\n"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(doc_count(db), 25u);
}
INSTANTIATE_TEST_SUITE_P(TermAndHangup, Signals, ::testing::Values(SIGTERM, SIGHUP));

TEST(CrashSafety, SigkillAtRandomMomentsNeverCorruptsOrLosesCommittedBatches) {
    if (!have_xapian_check()) GTEST_SKIP() << "xapian-check (xapian-tools) not installed";
    TempDir tmp;
    const int kFiles = 1200;
    const int kBatch = 37;
    make_tree(tmp / "src", kFiles);
    write_file(tmp / "seed/seed.txt", "Seed\n\nthe first committed state\n");
    std::vector<std::string> order;  // the order the indexer visits files in
    for (const auto& f : fts::walk_source(tmp / "src", [](const fts::WalkProblem&) {}))
        order.push_back(f.id);
    ASSERT_EQ(order.size(), static_cast<std::size_t>(kFiles));

    // Reference: an uninterrupted run, timed to pick kill moments across its whole length.
    const std::string ref = tmp / "ref";
    ASSERT_EQ(indexer({"--db", ref, tmp / "seed"}).exit_code, 0);
    auto t0 = std::chrono::steady_clock::now();
    ASSERT_EQ(indexer({"--db", ref, "--batch-size", std::to_string(kBatch), tmp / "src"}).exit_code,
              0);
    const auto full = std::chrono::steady_clock::now() - t0;
    const auto reference = state_of(ref);

    // Kill moments are spread over the first 90% of a run's length; a kill that lands after the
    // run finished proves nothing, so rounds go on until 20 kills landed mid-run.
    std::mt19937 rng(20261126);
    int kills = 0, mid_run = 0;
    for (int round = 0; mid_run < 20 && round < 80; ++round) {
        const std::string db = tmp / ("db" + std::to_string(round));
        ASSERT_EQ(indexer({"--db", db, tmp / "seed"}).exit_code, 0);
        auto delay =
            std::chrono::duration_cast<std::chrono::microseconds>(full) * (rng() % 900) / 1000;
        {
            Child child({kIndexer, "--db", db, "--batch-size", std::to_string(kBatch), tmp / "src"},
                        false);
            std::this_thread::sleep_for(delay);
            child.signal(SIGKILL);
            auto r = child.wait();
            ++kills;
            if (r.exit_code == 128 + SIGKILL) ++mid_run;
        }
        std::string check;
        ASSERT_TRUE(xapian_check_ok(db, &check)) << "round " << round << ": " << check;
        // Exactly the committed batches: a prefix of the visiting order, in whole batches.
        auto ids = ids_in(db);
        ASSERT_EQ(ids.count("seed.txt"), 1u);
        const std::size_t n = ids.size() - 1;
        EXPECT_TRUE(n % kBatch == 0 || n == order.size())
            << "round " << round << ": " << n << " documents";
        for (std::size_t i = 0; i < order.size(); ++i)
            ASSERT_EQ(ids.count(order[i]), i < n ? 1u : 0u)
                << "round " << round << ": " << order[i];
        // The next run finishes the work and ends where an uninterrupted run ends.
        auto r = indexer({"--db", db, "--batch-size", std::to_string(kBatch), tmp / "src"});
        ASSERT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(state_of(db), reference) << "round " << round;
        fs::remove_all(db);
    }
    EXPECT_GE(mid_run, 20) << "too few kills landed while the indexer was running";
    std::cout << "[ kills    ] " << kills << " SIGKILLs, " << mid_run << " mid-run\n";
}

// Mounts a 1 MiB tmpfs at `dir` for the life of the object (root only).
class SmallDisk {
  public:
    explicit SmallDisk(const std::string& dir) : path_(dir) {
        fs::create_directories(dir);
        if (::geteuid() != 0) {
            why_ = "mounting a small tmpfs needs root";
        } else if (::mount("tmpfs", dir.c_str(), "tmpfs", 0, "size=1m") != 0) {
            why_ = std::string("cannot mount tmpfs here: ") + std::strerror(errno);
        } else {
            mounted_ = true;
        }
    }
    ~SmallDisk() {
        if (mounted_) ::umount2(path_.c_str(), MNT_DETACH);
    }
    bool mounted() const { return mounted_; }
    const std::string& why() const { return why_; }

  private:
    std::string path_, why_;
    bool mounted_ = false;
};

TEST(DiskFull, WriteFailureStopsWithExit2AndKeepsTheLastCommit) {
    TempDir tmp;
    SmallDisk small(tmp / "small");
    if (!small.mounted()) GTEST_SKIP() << small.why();
    make_tree(tmp / "src", 3000, 120);
    write_file(tmp / "seed/seed.txt", "Seed\n\nalready indexed\n");
    const std::string db = tmp / "small/db";
    ASSERT_EQ(indexer({"--db", db, tmp / "seed"}).exit_code, 0);  // then updates are incremental
    auto r = indexer({"--db", db, "--batch-size", "50", tmp / "src"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("the database is as after its last commit"), std::string::npos) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    const auto n = doc_count(db) - 1;
    EXPECT_EQ(n % 50, 0u);
    EXPECT_GT(n, 0u);
    if (have_xapian_check()) {
        std::string check;
        EXPECT_TRUE(xapian_check_ok(db, &check)) << check;
    }
}

TEST(DiskFull, FirstBuildIsAbandonedWholeAndLeavesNothingBehind) {
    TempDir tmp;
    SmallDisk small(tmp / "small");
    if (!small.mounted()) GTEST_SKIP() << small.why();
    make_tree(tmp / "src", 3000, 120);
    const std::string db = tmp / "small/db";
    auto r = indexer({"--db", db, tmp / "src"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("No space left on device"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("the build was abandoned, the database is as before"), std::string::npos)
        << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    // No half-built database, no shards or scratch directories left on the full disk.
    EXPECT_TRUE(fs::is_empty(tmp / "small")) << r.err;
}

TEST(Concurrency, SearcherKeepsAnsweringWhileTheIndexerCommits) {
    TempDir tmp;
    make_tree(tmp / "src", 1500);
    const std::string db = tmp / "db";
    ASSERT_EQ(indexer({"--db", db, kCorpus}).exit_code, 0);
    Child writer({kIndexer, "--db", db, "--batch-size", "10", tmp / "src"});
    // Regression: a search overtaken by two commits could read a term as absent, without an
    // error, and find nothing (about one run in twelve with a busy second core); a search during
    // which the database moved is now done again. 80 searches take about as long as the writer.
    int answered = 0;
    const int searches = 80;
    for (int i = 0; i < searches; ++i) {
        const std::string q = i % 2 ? "harbour grain" : "\"state of emergency\"";
        auto r = searcher({"--db", db, "--format", "ids", "-n", "50", q});
        EXPECT_LE(r.exit_code, 1) << r.err;
        EXPECT_EQ(r.err, "");
        answered += r.exit_code == 0;
        if (r.exit_code != 0) {  // say what was missed, and whether it is still missing
            auto again = searcher({"--db", db, "--format", "json", "-n", "3", q});
            ADD_FAILURE() << "search " << i << " (" << q << ") exit " << r.exit_code << ", out '"
                          << r.out << "', err '" << r.err << "'; again: exit " << again.exit_code
                          << " " << again.out.substr(0, 400) << again.err;
        }
    }
    auto w = writer.wait();
    EXPECT_EQ(w.exit_code, 0) << w.err;
    EXPECT_EQ(answered, searches);
    EXPECT_EQ(doc_count(db), 1531u);
}

TEST(Concurrency, BatchSearcherMovesToARebuiltDatabaseWithItsConfiguration) {
    // Regression (review): a batch searcher kept the language, stopwords and text dictionaries
    // of the database it opened when it moved to a rebuilt one at the same path, and did not
    // move at all when the new database had the same revision number.
    TempDir tmp;
    const std::string db = tmp / "db";
    ASSERT_EQ(indexer({"--db", db, kCorpus}).exit_code, 0);
    Child batch({kSearcher, "--db", db, "--queries", "-", "--format", "jsonl", "-n", "3"});
    batch.write_stdin("q1\telections\n");
    std::this_thread::sleep_for(std::chrono::milliseconds(500));  // q1 answered meanwhile
    auto rebuilt = indexer({"--db", db, "--rebuild", "--language", "french", kCorpus});
    ASSERT_EQ(rebuilt.exit_code, 0) << rebuilt.err;
    auto r = batch.communicate("q2\telections\n");
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto fresh = run({kSearcher, "--db", db, "--queries", "-", "--format", "jsonl", "-n", "3"},
                     "q2\telections\n");
    ASSERT_EQ(fresh.exit_code, 0) << fresh.err;
    ASSERT_FALSE(fresh.out.empty());
    // q2's lines are the last ones of the batch's output.
    ASSERT_GE(r.out.size(), fresh.out.size());
    EXPECT_EQ(r.out.substr(r.out.size() - fresh.out.size()), fresh.out);
}

TEST(Progress, BarOnlyWhenAskedOrOnATerminal) {
    TempDir tmp;
    auto quiet = indexer({"--db", tmp / "a", kCorpus});
    EXPECT_EQ(quiet.err.find('\r'), std::string::npos);  // stderr is a pipe: no bar
    auto r = run({"/usr/bin/env", "FTS_PROGRESS_AFTER_MS=0", kIndexer, "--db", tmp / "b",
                  "--progress", "always", kCorpus});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("\r["), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("/24 files"), std::string::npos) << r.err;  // 24 files, 31 documents
    EXPECT_NE(r.err.find("MB/s  ETA"), std::string::npos) << r.err;
    auto never = run({"/usr/bin/env", "FTS_PROGRESS_AFTER_MS=0", kIndexer, "--db", tmp / "c",
                      "--progress", "never", kCorpus});
    EXPECT_EQ(never.err.find('\r'), std::string::npos);
}

// Regressions from a review as an ops engineer runs the indexer.

// An indexer waiting for the lock of a --rebuild that changed the number of shards wrote with the
// layout it had read before waiting: its documents went nowhere (1 -> 3 shards) or to the wrong
// shards (2 -> 3: duplicates later). It now locks the layout it finds once it has the lock.
TEST(Locking, AWaiterFollowsTheShardsARebuildSwappedIn) {
    for (const char* before : {"1", "2"}) {
        TempDir tmp;
        const std::string db = tmp / "db";
        const std::string feed = "{\"id\":\"w1\",\"body\":\"walrus\"}\n";
        ASSERT_EQ(indexer({"--db", db, "--shards", before, "-"}, feed).exit_code, 0);
        // The rebuild holds the lock while it waits for stdin's records.
        Child rebuild({kIndexer, "--db", db, "--rebuild", "--shards", "3", "-"});
        std::this_thread::sleep_for(std::chrono::milliseconds(500));
        Child waiter({kIndexer, "--db", db, "--wait-lock", "60", "--id-prefix", "d/", kCorpus});
        std::this_thread::sleep_for(std::chrono::milliseconds(500));  // waiting for the lock
        auto r = rebuild.communicate(feed);
        ASSERT_EQ(r.exit_code, 0) << r.err;
        r = waiter.wait();
        ASSERT_EQ(r.exit_code, 0) << before << ": " << r.err;
        EXPECT_EQ(doc_count(db), 32u) << before;
        EXPECT_EQ(searcher({"--db", db, "--format", "ids", "id:d/" + kSeedId}).out,
                  "d/" + kSeedId + "\n")
            << before;
        // Indexing again replaces, never duplicates.
        r = indexer({"--db", db, "--force", "--id-prefix", "d/", kCorpus});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        EXPECT_NE(r.err.find("0 added, 31 replaced"), std::string::npos) << before << r.err;
        EXPECT_EQ(doc_count(db), 32u) << before;
    }
}

// A waiting indexer ignored SIGTERM until it got the lock (up to --wait-lock seconds).
TEST(Locking, AWaiterStopsOnASignal) {
    TempDir tmp;
    const std::string db = tmp / "db";
    ASSERT_EQ(indexer({"--db", db, kCorpus}).exit_code, 0);
    auto holder = std::make_unique<Xapian::WritableDatabase>(db, Xapian::DB_OPEN);
    Child waiter({kIndexer, "--db", db, "--wait-lock", "600", kCorpus});
    std::this_thread::sleep_for(std::chrono::milliseconds(500));
    const auto start = std::chrono::steady_clock::now();
    waiter.signal(SIGTERM);
    auto r = waiter.wait();
    EXPECT_EQ(r.exit_code, 143) << r.err;
    EXPECT_EQ(r.err,
              "indexer: stopped by SIGTERM while waiting for another indexer's lock; "
              "nothing was written\n");
    EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
}

// A first build into a directory made empty beforehand (mkdir) is a full build: all or nothing,
// and --shards works.
TEST(Rebuild, AnEmptyDirectoryMadeBeforehandIsAFirstBuild) {
    TempDir tmp;
    fs::create_directories(tmp / "db");
    auto r = indexer({"--db", tmp / "db", "--shards", "3", kCorpus});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(doc_count(tmp / "db"), 31u);
    EXPECT_TRUE(fs::exists(tmp / "db/XAPIANDB"));
}

// --rebuild through a symbolic link to the database replaced the link with the new index and
// left the real database as it was; a rebuild also lost the directory's permissions.
TEST(Rebuild, ThroughALinkTheRealDatabaseIsReplacedWithItsPermissions) {
    TempDir tmp;
    const std::string real = tmp / "vol/news.db";
    fs::create_directories(tmp / "vol");
    fs::create_directories(tmp / "srv");
    ASSERT_EQ(indexer({"--db", real, "-"}, "{\"id\":\"a\",\"body\":\"old\"}\n").exit_code, 0);
    fs::permissions(real, fs::perms::owner_all | fs::perms::group_all | fs::perms::others_read |
                              fs::perms::others_exec | fs::perms::set_gid);
    fs::create_directory_symlink("../vol/news.db", tmp / "srv/news.db");
    auto r = indexer({"--db", tmp / "srv/news.db", "--rebuild", kCorpus});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_TRUE(fs::is_symlink(tmp / "srv/news.db"));
    EXPECT_EQ(doc_count(real), 31u);
    const auto perms = fs::status(real).permissions();
    EXPECT_EQ(perms & (fs::perms::group_write | fs::perms::set_gid),
              fs::perms::group_write | fs::perms::set_gid);
}

// A report that could not be written (a full disk) gave an empty file and exit 0.
TEST(Report, AReportThatCannotBeWrittenIsAnError) {
    if (!fs::exists("/dev/full")) GTEST_SKIP() << "no /dev/full";
    TempDir tmp;
    auto r = indexer({"--db", tmp / "db", "--report", "/dev/full", kCorpus});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("--report /dev/full: cannot write it"), std::string::npos) << r.err;
}

// --merge stopped by a signal left half a database that a second run refused: it now writes
// beside its output and renames it at the end (a signal then removes that scratch copy).
TEST(Merge, LeavesOnlyItsOutput) {
    TempDir tmp;
    ASSERT_EQ(indexer({"--db", tmp / "a", kCorpus}).exit_code, 0);
    ASSERT_EQ(indexer({"--db", tmp / "b", "--id-prefix", "b/", kCorpus}).exit_code, 0);
    auto r = indexer({"--merge", tmp / "m", tmp / "a", tmp / "b"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(doc_count(tmp / "m"), 62u);
    // Nothing beside it but the merge.
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(tmp.path()))
        names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    EXPECT_EQ(names, (std::vector<std::string>{"a", "b", "m"}));
}
