// CLI tests: re-runs converge. Whatever happened between two runs (a feed removed and restored
// from a backup, a tree reached through a symbolic link, a crash between the commits of two
// shards, an analysis change stopped half way), the next run leaves the index complete.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "cli_support.h"

using namespace fts::test;
namespace fs = std::filesystem;

namespace {

std::string ids_for(const std::string& db, const std::string& query) {
    return searcher({"--db", db, "--format", "ids", "-n", "100", "--", query}).out;
}

std::string feed_of(int records, const std::string& word) {
    std::string s;
    for (int i = 0; i < records; ++i)
        s += "{\"id\":\"rec" + std::to_string(i) + "\",\"body\":\"" + word + " " +
             std::to_string(i) + "\"}\n";
    return s;
}

}  // namespace

// A review found the records of a feed that was removed, then restored from a backup with its
// old mtime (cp -a, rsync -a, tar), lost for good: the restored file matched the signature of
// when it was read and was skipped.
TEST(Reruns, AFeedRestoredWithItsOldMtimeIsReadAgain) {
    TempDir tmp;
    write_file(tmp / "t/feed.jsonl", feed_of(2, "alpha"));
    write_file(tmp / "t/note.txt", "Note\n\ngamma\n");
    const auto mtime = fs::last_write_time(tmp / "t/feed.jsonl");
    fs::copy_file(tmp / "t/feed.jsonl", tmp / "backup.jsonl");
    ASSERT_EQ(indexer({"--db", tmp / "db", tmp / "t"}).exit_code, 0);
    fs::remove(tmp / "t/feed.jsonl");
    auto r = indexer({"--db", tmp / "db", tmp / "t"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(doc_count(tmp / "db"), 1u) << r.err;
    fs::copy_file(tmp / "backup.jsonl", tmp / "t/feed.jsonl");
    fs::last_write_time(tmp / "t/feed.jsonl", mtime);
    r = indexer({"--db", tmp / "db", tmp / "t"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(doc_count(tmp / "db"), 3u) << r.err;
    EXPECT_EQ(ids_for(tmp / "db", "alpha"), "rec0\nrec1\n");
    // And the run after that finds everything unchanged.
    r = indexer({"--db", tmp / "db", tmp / "t"});
    EXPECT_NE(summary(r).find("3 unchanged"), std::string::npos) << r.err;
}

// A review found every record of a feed deleted for good by indexing one tree through a symbolic
// link, then through its real path: the records' feed term followed the spelling of the path
// (the tree's own term resolved links), and the second run pruned them.
TEST(Reruns, ATreeReachedThroughASymbolicLinkIsTheSameTree) {
    TempDir tmp;
    write_file(tmp / "real/feed.jsonl", feed_of(2, "alpha"));
    write_file(tmp / "real/note.txt", "Note\n\ngamma\n");
    fs::create_directory_symlink("real", tmp / "link");
    for (const char* via : {"real", "link", "real", "link", "real"}) {
        auto r = indexer({"--db", tmp / "db", tmp / via});
        EXPECT_EQ(r.exit_code, 0) << via << ": " << r.err;
        EXPECT_EQ(doc_count(tmp / "db"), 3u) << via << ": " << r.err;
        EXPECT_EQ(ids_for(tmp / "db", "alpha"), "rec0\nrec1\n") << via << ": " << r.err;
    }
}

// A first version of the fix above re-read a feed whose records were fewer than when it was read
// (a review found it): a record deleted with --delete came back, and a newer version of a record
// from stdin or another feed was overwritten by the unchanged feed's older one.
TEST(Reruns, AnUnchangedFeedIsNotReadAgainAfterDeletionsOrCorrections) {
    TempDir tmp;
    write_file(tmp / "t/feed.jsonl", feed_of(3, "alpha"));
    ASSERT_EQ(indexer({"--db", tmp / "db", tmp / "t"}).exit_code, 0);
    ASSERT_EQ(indexer({"--db", tmp / "db", "--delete", "rec0"}).exit_code, 0);
    ASSERT_EQ(
        indexer({"--db", tmp / "db", "-"}, "{\"id\":\"rec1\",\"body\":\"corrected\"}\n").exit_code,
        0);
    for (int run = 0; run < 2; ++run) {
        auto r = indexer({"--db", tmp / "db", tmp / "t"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(ids_for(tmp / "db", "alpha"), "rec2\n") << r.err;
        EXPECT_EQ(ids_for(tmp / "db", "corrected"), "rec1\n") << r.err;
    }
}

// A review found a shard directory that had gone (an unmounted disk) re-created empty by the
// next run, which exited 0: its documents were never indexed again.
TEST(Reruns, AMissingShardIsRefusedAndNothingIsWritten) {
    TempDir tmp;
    write_file(tmp / "t/feed.jsonl", feed_of(40, "feedword"));
    ASSERT_EQ(indexer({"--db", tmp / "db", "--shards", "2", tmp / "t"}).exit_code, 0);
    fs::rename(tmp / "db/shard1", tmp / "away");
    write_file(tmp / "t/new.txt", "New\n\nnewword\n");
    auto r = indexer({"--db", tmp / "db", tmp / "t"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_NE(r.err.find("shard1: a shard listed in"), std::string::npos) << r.err;
    EXPECT_FALSE(fs::exists(tmp / "db/shard1"));
    fs::create_directory(tmp / "db/shard1");  // an empty mount point
    r = indexer({"--db", tmp / "db", tmp / "t"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    fs::remove(tmp / "db/shard1");
    fs::rename(tmp / "away", tmp / "db/shard1");
    r = indexer({"--db", tmp / "db", tmp / "t"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(doc_count(tmp / "db"), 41u);
}

// A review found an analysis change (--title-weight) stopped half way left for good: the new
// weight was recorded with the first batch, so the next run found nothing to change. It is now
// pending until every document carries it (each document records the analysis it was indexed
// with); runs re-index the documents they are given that lack it. A second review found the first
// version of this counting repeated ids as documents, never finishing when each SOURCE had a run
// of its own, and --rebuild dropping the pending weight.
TEST(Reruns, AnAnalysisChangeIsFinishedDocumentByDocument) {
    TempDir tmp;
    write_file(tmp / "a/one.txt", "Zebra one\n\nalpha\n");
    write_file(tmp / "a/dup.jsonl",
               "{\"id\":\"x\",\"title\":\"Zebra x\"}\n"
               "{\"id\":\"x\",\"title\":\"Zebra x again\"}\n");
    write_file(tmp / "b/two.txt", "Zebra two\n\nbeta\n");
    ASSERT_EQ(indexer({"--db", tmp / "db", tmp / "a", tmp / "b"}).exit_code, 0);
    auto title_wdf = [&](const std::string& id) {
        Xapian::Database db(tmp / "db");
        auto doc = db.get_document(*db.postlist_begin("Q" + id));
        auto t = doc.termlist_begin();
        t.skip_to("Zzebra");
        return *t == "Zzebra" ? t.get_wdf() : 0u;
    };
    auto pending = [&] {
        return Xapian::Database(tmp / "db")
            .get_metadata(std::string(fts::schema::kMetaAnalysisPending));
    };
    ASSERT_EQ(title_wdf("one.txt"), 2u);
    // Only one of the two SOURCEs (whose feed repeats an id): the other keeps the old weight.
    auto r = indexer({"--db", tmp / "db", "--title-weight", "5", tmp / "a"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("1 documents keep the old analysis"), std::string::npos) << r.err;
    EXPECT_EQ(title_wdf("one.txt"), 5u);
    EXPECT_EQ(title_wdf("two.txt"), 2u);
    EXPECT_NE(pending(), "");
    // The same SOURCE again, without the option: its file is not re-indexed, still pending.
    r = indexer({"--db", tmp / "db", "-v", tmp / "a"});
    EXPECT_EQ(r.err.find("replaced one.txt"), std::string::npos) << r.err;
    // (-v says so: one line per input, unchanged ones too; a review found them left out.)
    EXPECT_NE(r.err.find("indexer: unchanged one.txt\n"), std::string::npos) << r.err;
    EXPECT_NE(pending(), "");
    // The other SOURCE on its own: re-indexed with the pending weight, and the change finished.
    r = indexer({"--db", tmp / "db", tmp / "b"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(summary(r).find("1 replaced"), std::string::npos) << r.err;
    EXPECT_EQ(r.err.find("keep the old"), std::string::npos) << r.err;
    EXPECT_EQ(title_wdf("two.txt"), 5u);
    EXPECT_EQ(pending(), "");
    EXPECT_NE(Xapian::Database(tmp / "db")
                  .get_metadata(std::string(fts::schema::kMetaAnalysis))
                  .find("\"title_weight\":5"),
              std::string::npos);
    r = indexer({"--db", tmp / "db", tmp / "b"});
    EXPECT_NE(summary(r).find("0 replaced, 1 unchanged"), std::string::npos) << r.err;
    // A pending change is what a --rebuild builds with.
    ASSERT_EQ(indexer({"--db", tmp / "db", "--title-weight", "3", tmp / "b"}).exit_code, 0);
    ASSERT_NE(pending(), "");
    r = indexer({"--db", tmp / "db", "--rebuild", tmp / "a", tmp / "b"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(title_wdf("one.txt"), 3u);
    EXPECT_EQ(title_wdf("two.txt"), 3u);
}

// A review found a bad line of a feed reported by the run that read it only: later runs skipped
// the unchanged file and exited 0, so a job's alert fired once.
TEST(Reruns, RejectedLinesOfAnUnchangedFeedAreReportedOnEveryRun) {
    TempDir tmp;
    write_file(tmp / "t/feed.jsonl", feed_of(2, "alpha") + "{not json\n");
    auto r = indexer({"--db", tmp / "db", tmp / "t"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    for (int run = 0; run < 2; ++run) {
        r = indexer({"--db", tmp / "db", tmp / "t"});
        EXPECT_EQ(r.exit_code, 1) << r.err;
        // Named with its line and reason, as when it was read (a review: the report's list
        // lost which lines were bad).
        EXPECT_NE(r.err.find("feed.jsonl:3: malformed JSON at byte"), std::string::npos) << r.err;
        EXPECT_NE(r.err.find("(the file is unchanged)"), std::string::npos) << r.err;
        EXPECT_NE(summary(r).find("2 unchanged"), std::string::npos) << r.err;
        EXPECT_NE(summary(r).find("1 rejected"), std::string::npos) << r.err;
    }
    write_file(tmp / "t/feed.jsonl", feed_of(2, "alpha") + "{not json\n" + "{nor this\n");
    r = indexer({"--db", tmp / "db", tmp / "t"});
    EXPECT_NE(summary(r).find("2 rejected"), std::string::npos) << r.err;
    r = indexer({"--db", tmp / "db", tmp / "t"});
    EXPECT_NE(summary(r).find("2 rejected"), std::string::npos) << r.err;
    write_file(tmp / "t/feed.jsonl", feed_of(2, "alpha"));
    r = indexer({"--db", tmp / "db", tmp / "t"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    r = indexer({"--db", tmp / "db", tmp / "t"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
}

namespace {
// Run the indexer on `tree` and then stdin with one record per batch, and SIGKILL it once
// `done()` says the tree's part is committed (it is then waiting for stdin's records).
void kill_after_the_tree(const std::string& db, const std::string& tree,
                         const std::function<bool()>& done) {
    Child child({kIndexer, "--db", db, "--batch-size", "1", tree, "-"});
    for (int i = 0; i < 400 && !done(); ++i)
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
    EXPECT_TRUE(done());
    child.signal(SIGKILL);
    child.wait();
}
}  // namespace

// A crash-test review found feed records lost or mixed for good when a run was stopped after
// changing a feed's records but before the feed's signature was written (at the run's end): a
// file restored from a backup with its old mtime then matched the old signature and was
// skipped. Signatures now go, committed, before any record of their feed changes.
TEST(Reruns, AStoppedRunLeavesChangedAndVanishedFeedsToBeReadAgain) {
    TempDir tmp;
    const std::string db = tmp / "db";
    write_file(tmp / "t/a/f.jsonl", feed_of(6, "alpha"));
    write_file(tmp / "t/note.txt", "Note\n\ngamma\n");
    const auto mtime = fs::last_write_time(tmp / "t/a/f.jsonl");
    ASSERT_EQ(indexer({"--db", db, tmp / "t"}).exit_code, 0);
    fs::copy_file(tmp / "t/a/f.jsonl", tmp / "backup.jsonl");
    const auto restore = [&] {
        fs::copy_file(tmp / "backup.jsonl", tmp / "t/a/f.jsonl",
                      fs::copy_options::overwrite_existing);
        fs::last_write_time(tmp / "t/a/f.jsonl", mtime);
    };
    const auto found = [&](const std::string& q) {
        try {
            const std::string out = ids_for(db, q);
            return static_cast<int>(std::count(out.begin(), out.end(), '\n'));
        } catch (...) {
            return -1;
        }
    };
    // Changed (every record rewritten), the run killed once they are committed, the old file
    // restored: its records as it says.
    write_file(tmp / "t/a/f.jsonl", feed_of(6, "betaword"));
    kill_after_the_tree(db, tmp / "t", [&] { return found("betaword") == 6; });
    restore();
    auto r = indexer({"--db", db, tmp / "t"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(found("alpha"), 6);
    EXPECT_EQ(found("betaword"), 0);
    // Vanished (its records pruned), the run killed once they are gone, the file restored: its
    // records back.
    fs::remove(tmp / "t/a/f.jsonl");
    kill_after_the_tree(db, tmp / "t", [&] { return found("alpha") == 0; });
    restore();
    r = indexer({"--db", db, tmp / "t"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(found("alpha"), 6);
    EXPECT_EQ(doc_count(db), 7u);
}

// The same review: a feed moved away while its tree could not be pruned (a directory that could
// not be read), then moved back, lost its records (still skipped as unchanged, while the copy
// they had been re-stored from was pruned as vanished).
TEST(Reruns, AFeedMovedAwayAndBackDuringAnUnprunableRunKeepsItsRecords) {
    if (::geteuid() != 0 || std::system("command -v setpriv >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "needs root and setpriv to run the indexer as an unprivileged user";
    TempDir tmp;
    const std::string db = tmp / "db";
    write_file(tmp / "t/a/f.jsonl", feed_of(2, "alpha"));
    write_file(tmp / "t/a/one.txt", "One\n\ngamma\n");
    write_file(tmp / "t/closed/two.txt", "Two\n\ndelta\n");
    fs::permissions(tmp.path(), fs::perms::all, fs::perm_options::add);
    const auto as_nobody = [&] {
        return run({"/bin/sh", "-c",
                    "chmod -R a+rwX '" + tmp.path() +
                        "' 2>/dev/null; setpriv --reuid=65534 --regid=65534 --clear-groups " +
                        kIndexer + " --db '" + db + "' '" + (tmp / "t") + "'"});
    };
    ASSERT_EQ(as_nobody().exit_code, 0);
    fs::rename(tmp / "t/a/f.jsonl", tmp / "t/a/g.jsonl");
    fs::permissions(tmp / "t/closed", fs::perms::none);
    auto r = run({"/bin/sh", "-c",
                  "setpriv --reuid=65534 --regid=65534 --clear-groups " + kIndexer + " --db '" +
                      db + "' '" + (tmp / "t") + "'"});
    EXPECT_EQ(r.exit_code, 1) << r.err;  // not pruned: a part unreadable
    EXPECT_NE(r.err.find("not removing vanished files of"), std::string::npos) << r.err;
    fs::permissions(tmp / "t/closed", fs::perms::owner_all);
    fs::rename(tmp / "t/a/g.jsonl", tmp / "t/a/f.jsonl");
    for (int run = 0; run < 2; ++run) {
        r = as_nobody();
        EXPECT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(ids_for(db, "alpha"), "rec0\nrec1\n") << "run " << run;
    }
}

// Regression (a review): of two feeds giving one id, the later won the first run; the earlier
// then changed (a record added) took the id back on the next, the later being unchanged and not
// read again.
TEST(Reruns, OfTwoFeedsWithOneIdTheLaterWinsOnEveryRun) {
    TempDir tmp;
    write_file(tmp / "t/a.jsonl", "{\"id\":\"x\",\"body\":\"alphaversion\"}\n");
    write_file(tmp / "t/b.jsonl", "{\"id\":\"x\",\"body\":\"betaversion\"}\n");
    ASSERT_EQ(indexer({"--db", tmp / "db", tmp / "t"}).exit_code, 0);
    EXPECT_EQ(ids_for(tmp / "db", "betaversion"), "x\n");
    write_file(tmp / "t/a.jsonl",
               "{\"id\":\"x\",\"body\":\"alphaversion\"}\n{\"id\":\"y\",\"body\":\"gamma\"}\n");
    for (int run = 0; run < 2; ++run) {
        auto r = indexer({"--db", tmp / "db", tmp / "t"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(ids_for(tmp / "db", "betaversion"), "x\n") << r.err;
        EXPECT_EQ(ids_for(tmp / "db", "alphaversion"), "") << r.err;
        EXPECT_EQ(doc_count(tmp / "db"), 2u);
        if (run == 0) {
            EXPECT_NE(r.err.find("a.jsonl:1: id 'x' is also given by a record of"),
                      std::string::npos)
                << r.err;
        }
    }
    // A plain file in an earlier SOURCE yields to the feed of a later one too.
    write_file(tmp / "s/x", "");
    write_file(tmp / "u/x.txt", "T\n\nfileversion\n");
    write_file(tmp / "v/f.jsonl", "{\"id\":\"x.txt\",\"body\":\"recordversion\"}\n");
    for (int run = 0; run < 2; ++run) {
        auto r = indexer({"--db", tmp / "db2", tmp / "u", tmp / "v"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(ids_for(tmp / "db2", "recordversion"), "x.txt\n") << r.err;
    }
}

// Regression (a review): a feed that gave an id up to a later feed or file, then found
// unchanged and skipped, lost the record for good when the later input went (its records
// pruned, the earlier feed's line never read again), or, never re-read, until the run after.
// Now a feed that shares an id with a later input keeps no signature: read on every run, it
// gives the id again in the very run that finds the later input gone.
TEST(Reruns, AnIdComesBackFromTheEarlierFeedWhenTheLaterInputGoes) {
    for (const std::string later : {"b.jsonl", "x.txt"}) {
        for (const bool earlier_changed : {true, false}) {
            SCOPED_TRACE(later + (earlier_changed ? ", earlier feed changed" : ", untouched"));
            TempDir tmp;
            write_file(tmp / "t/a.jsonl", "{\"id\":\"x.txt\",\"body\":\"alphaversion\"}\n");
            if (later == "b.jsonl")
                write_file(tmp / "t/b.jsonl", "{\"id\":\"x.txt\",\"body\":\"betaversion\"}\n");
            else
                write_file(tmp / "t/x.txt", "T\n\nbetaversion\n");
            ASSERT_EQ(indexer({"--db", tmp / "db", tmp / "t"}).exit_code, 0);
            if (earlier_changed)
                write_file(tmp / "t/a.jsonl",
                           "{\"id\":\"x.txt\",\"body\":\"alphaversion\"}\n"
                           "{\"id\":\"y\",\"body\":\"gamma\"}\n");
            ASSERT_EQ(indexer({"--db", tmp / "db", tmp / "t"}).exit_code, 0);
            ASSERT_EQ(ids_for(tmp / "db", "betaversion"), "x.txt\n");
            fs::remove(tmp / ("t/" + later));
            auto r = indexer({"--db", tmp / "db", tmp / "t"});
            EXPECT_EQ(r.exit_code, 0) << r.err;
            EXPECT_EQ(ids_for(tmp / "db", "alphaversion"), "x.txt\n") << r.err;
            EXPECT_EQ(ids_for(tmp / "db", "betaversion"), "");
            // And it stays, the feed now skipped as unchanged.
            r = indexer({"--db", tmp / "db", "-v", tmp / "t"});
            EXPECT_NE(r.err.find("unchanged " + (tmp / "t/a.jsonl")), std::string::npos) << r.err;
            EXPECT_EQ(ids_for(tmp / "db", "alphaversion"), "x.txt\n") << r.err;
        }
    }
}

// Two unchanged feeds giving one id, given in the other order than before: the one now later
// wins at once (the earlier, which gave the id up, keeps no signature and is read again).
TEST(Reruns, TwoFeedsGivenInTheOtherOrderSwapTheirWinner) {
    TempDir tmp;
    write_file(tmp / "A/a.jsonl", "{\"id\":\"x\",\"body\":\"alphaversion\"}\n");
    write_file(tmp / "B/b.jsonl", "{\"id\":\"x\",\"body\":\"betaversion\"}\n");
    ASSERT_EQ(indexer({"--db", tmp / "db", tmp / "A", tmp / "B"}).exit_code, 0);
    EXPECT_EQ(ids_for(tmp / "db", "betaversion"), "x\n");
    for (int run = 0; run < 2; ++run) {
        auto r = indexer({"--db", tmp / "db", tmp / "B", tmp / "A"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(ids_for(tmp / "db", "alphaversion"), "x\n") << r.err;
        EXPECT_EQ(doc_count(tmp / "db"), 1u);
    }
}

// Regression (a review): a {"deleted": true} line in an earlier feed removed the record a later
// feed gives, for good (the later feed, unchanged, was not read again).
TEST(Reruns, ADeletionInAnEarlierFeedLeavesTheLaterFeedsRecord) {
    TempDir tmp;
    write_file(tmp / "t/a.jsonl", "{\"id\":\"x\",\"body\":\"alphaversion\"}\n");
    write_file(tmp / "t/b.jsonl", "{\"id\":\"x\",\"body\":\"betaversion\"}\n");
    ASSERT_EQ(indexer({"--db", tmp / "db", tmp / "t"}).exit_code, 0);
    ASSERT_EQ(indexer({"--db", tmp / "db", tmp / "t"}).exit_code, 0);
    write_file(tmp / "t/a.jsonl",
               "{\"id\":\"x\",\"body\":\"alphaversion\"}\n{\"id\":\"x\",\"deleted\":true}\n");
    for (int run = 0; run < 2; ++run) {
        auto r = indexer({"--db", tmp / "db", tmp / "t"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(ids_for(tmp / "db", "betaversion"), "x\n") << r.err;
    }
    // Once the later feed is gone, the deletion is the last word: x goes.
    fs::remove(tmp / "t/b.jsonl");
    ASSERT_EQ(indexer({"--db", tmp / "db", tmp / "t"}).exit_code, 0);
    EXPECT_EQ(doc_count(tmp / "db"), 0u);
}

// Regression (a review): with another --id-prefix, the tree's files moved to their new ids but
// an unchanged feed was skipped: its records kept the old ids, and once it changed were there
// twice, under both, for good. A feed's signature records the prefix it was read with.
TEST(Reruns, ANewIdPrefixMovesFeedRecordsAsItMovesFiles) {
    TempDir tmp;
    write_file(tmp / "t/one.txt", "T1\n\nalpha\n");
    write_file(tmp / "t/f.jsonl", "{\"id\":\"r1\",\"body\":\"gamma\"}\n");
    ASSERT_EQ(indexer({"--db", tmp / "db", "--id-prefix", "old/", tmp / "t"}).exit_code, 0);
    auto r = indexer({"--db", tmp / "db", "--id-prefix", "new/", tmp / "t"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(ids_for(tmp / "db", "gamma"), "new/r1\n");
    EXPECT_EQ(ids_for(tmp / "db", "alpha"), "new/one.txt\n");
    write_file(tmp / "t/f.jsonl",
               "{\"id\":\"r1\",\"body\":\"gamma\"}\n{\"id\":\"r2\",\"body\":\"delta\"}\n");
    r = indexer({"--db", tmp / "db", "--id-prefix", "new/", tmp / "t"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(ids_for(tmp / "db", "gamma"), "new/r1\n");
    EXPECT_EQ(doc_count(tmp / "db"), 3u);
    // The same prefix again: the feed is unchanged, not read.
    r = indexer({"--db", tmp / "db", "-v", "--id-prefix", "new/", tmp / "t"});
    EXPECT_NE(r.err.find("unchanged " + (tmp / "t/f.jsonl") + " (2 records, not read)"),
              std::string::npos)
        << r.err;
    // (A review of that change:) a feed changed in the run that changes the prefix, a run
    // re-keying a feed stopped part way, and a feed that keeps no signature (it gives an id up
    // to a later one) move their records too, and leave none under other ids.
    write_file(tmp / "t/f.jsonl",
               "{\"id\":\"r1\",\"body\":\"gamma\"}\n{\"id\":\"r2\",\"body\":\"delta\"}\n"
               "{\"id\":\"r3\",\"body\":\"epsilon\"}\n");
    r = indexer({"--db", tmp / "db", "--id-prefix", "third/", tmp / "t"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(ids_for(tmp / "db", "gamma"), "third/r1\n");
    EXPECT_EQ(doc_count(tmp / "db"), 4u);
    write_file(tmp / "t/g.jsonl", "{\"id\":\"r1\",\"body\":\"gamma later\"}\n");
    ASSERT_EQ(indexer({"--db", tmp / "db", "--id-prefix", "third/", tmp / "t"}).exit_code, 0);
    r = indexer({"--db", tmp / "db", "--id-prefix", "fourth/", tmp / "t"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(ids_for(tmp / "db", "delta"), "fourth/r2\n");
    EXPECT_EQ(ids_for(tmp / "db", "gamma"), "fourth/r1\n");
    EXPECT_EQ(doc_count(tmp / "db"), 4u);  // one.txt, r1 (from g.jsonl), r2, r3
    fs::remove(tmp / "t/g.jsonl");
    ASSERT_EQ(indexer({"--db", tmp / "db", "--id-prefix", "fourth/", tmp / "t"}).exit_code, 0);
    EXPECT_EQ(ids_for(tmp / "db", "gamma"), "fourth/r1\n");
    // The feed alone, without a prefix: its records move to their bare ids.
    r = indexer({"--db", tmp / "db", tmp / "t/f.jsonl"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(ids_for(tmp / "db", "gamma"), "r1\n");
    EXPECT_EQ(ids_for(tmp / "db", "delta"), "r2\n");
}

// A run re-keying a feed's records (another --id-prefix) stopped part way: whatever prefix the
// next run has, it reads the feed again and leaves its records under that prefix only.
TEST(Reruns, AStoppedRunReKeyingAFeedLeavesNoRecordsUnderItsPrefix) {
    TempDir tmp;
    std::string feed;
    for (int i = 0; i < 40000; ++i)
        feed += "{\"id\":\"r" + std::to_string(i) + "\",\"body\":\"word" + std::to_string(i) +
                " lorem\"}\n";
    write_file(tmp / "big.jsonl", feed);
    ASSERT_EQ(
        indexer({"--db", tmp / "db", "-q", "--id-prefix", "p1/", tmp / "big.jsonl"}).exit_code, 0);
    Child stopped({kIndexer, "--db", tmp / "db", "-q", "--id-prefix", "p2/", "--batch-size", "100",
                   tmp / "big.jsonl"});
    std::this_thread::sleep_for(std::chrono::milliseconds(700));
    stopped.signal(SIGINT);
    const int code = stopped.wait().exit_code;
    ASSERT_TRUE(code == 130 || code == 0) << code;
    auto r = indexer({"--db", tmp / "db", "-q", "--id-prefix", "p1/", tmp / "big.jsonl"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(doc_count(tmp / "db"), 40000u);
    EXPECT_EQ(ids_for(tmp / "db", "word7"), "p1/r7\n");
}

// Signatures written before feeds giving an id up to a later one kept none are not trusted: such
// a feed is read once more, and gives the id again once the later input is gone.
TEST(Reruns, SignaturesOfAnEarlierBuildAreReadOnceMore) {
    TempDir tmp;
    write_file(tmp / "t/a.jsonl", "{\"id\":\"x\",\"body\":\"alphaversion\"}\n");
    write_file(tmp / "t/b.jsonl", "{\"id\":\"x\",\"body\":\"betaversion\"}\n");
    ASSERT_EQ(indexer({"--db", tmp / "db", tmp / "t"}).exit_code, 0);
    {  // as an earlier build signed them: a.jsonl too, without the version mark
        Xapian::WritableDatabase db(tmp / "db", Xapian::DB_OPEN);
        std::vector<std::string> keys(db.metadata_keys_begin("fts.jsonl:"),
                                      db.metadata_keys_end("fts.jsonl:"));
        ASSERT_EQ(keys.size(), 1u);  // b.jsonl's (a.jsonl gives x up: no signature)
        ASSERT_TRUE(keys[0].ends_with("/b.jsonl")) << keys[0];
        for (const std::string name : {"a.jsonl", "b.jsonl"}) {
            struct stat st {};
            ASSERT_EQ(::stat((tmp / ("t/" + name)).c_str(), &st), 0);
            const std::string key = keys[0].substr(0, keys[0].size() - 7) + name;
            db.set_metadata(
                key, std::to_string(st.st_size) + " " +
                         std::to_string(st.st_mtim.tv_sec * 1000000000LL + st.st_mtim.tv_nsec) +
                         " 0 " + std::to_string(st.st_ino) + ":" +
                         std::to_string(st.st_ctim.tv_sec) + "." +
                         std::to_string(st.st_ctim.tv_nsec));
        }
        db.commit();
    }
    fs::remove(tmp / "t/b.jsonl");
    auto r = indexer({"--db", tmp / "db", tmp / "t"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(ids_for(tmp / "db", "alphaversion"), "x\n") << r.err;
}

// Regression (a review): two lines of one feed with one id were warned about on some runs and
// not others (not when the earlier was unchanged); now on every run that reads the feed, and the
// later line wins.
TEST(Reruns, TwoLinesOfAFeedWithOneIdAreWarnedAboutOnEveryRead) {
    TempDir tmp;
    const std::string first = "{\"id\":\"dup\",\"body\":\"firstversion\"}\n";
    const std::string second = "{\"id\":\"dup\",\"body\":\"secondversion\"}\n";
    write_file(tmp / "t/f.jsonl", first + second);
    for (const std::string& feed :
         {first + second, first + second, second + first, second + first}) {
        write_file(tmp / "t/f.jsonl", feed);
        auto r = indexer({"--db", tmp / "db", tmp / "t"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        EXPECT_NE(r.err.find("f.jsonl:2: id 'dup' was already indexed in this run from"),
                  std::string::npos)
            << r.err;
        EXPECT_EQ(ids_for(tmp / "db", feed == first + second ? "secondversion" : "firstversion"),
                  "dup\n")
            << r.err;
    }
}

// Regression (a review): a NUL byte in one line of a feed rejected the whole file as binary;
// a feed that begins with a record is read line by line, and only that line is rejected.
TEST(Reruns, ALineWithANulByteIsRejectedAlone) {
    TempDir tmp;
    write_file(tmp / "t/f.jsonl",
               std::string("{\"id\":\"n1\",\"body\":\"a\"}\n{\"id\":\"n2\",\"body\":\"x") + '\0' +
                   "y\"}\n{\"id\":\"n3\",\"body\":\"b\"}\n");
    auto r = indexer({"--db", tmp / "db", tmp / "t"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("f.jsonl:2: malformed JSON"), std::string::npos) << r.err;
    EXPECT_EQ(doc_count(tmp / "db"), 2u);
    // A compressed feed is still one rejection.
    write_file(tmp / "u/g.jsonl", std::string("\x1f\x8b\x08\0\0\0\0\0\0\x03\x01\x02", 12));
    r = indexer({"--db", tmp / "db2", tmp / "u"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("g.jsonl: binary file"), std::string::npos) << r.err;
}

// Regression (a review's deep trees): a feed whose path is longer than Xapian's 255-byte keys
// failed the whole run ("Key too long"), first build and later runs alike. Its signature's key
// is shortened with a hash, and a feed that vanished and came back is still read again.
TEST(Reruns, AFeedWithALongPathIsIndexedAndFollowed) {
    TempDir tmp;
    const std::string deep = tmp / "t" + "/" + std::string(120, 'd') + "/" + std::string(120, 'e');
    write_file(deep + "/feed.jsonl", feed_of(2, "alpha"));
    write_file(tmp / "t/note.txt", "Note\n\ngamma\n");
    auto r = indexer({"--db", tmp / "db", tmp / "t"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(doc_count(tmp / "db"), 3u);
    write_file(deep + "/feed.jsonl", feed_of(3, "alpha"));
    r = indexer({"--db", tmp / "db", tmp / "t"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    r = indexer({"--db", tmp / "db", tmp / "t"});
    EXPECT_NE(summary(r).find("0 added, 0 replaced, 4 unchanged"), std::string::npos) << r.err;
    const auto mtime = fs::last_write_time(deep + "/feed.jsonl");
    fs::rename(deep + "/feed.jsonl", tmp / "saved.jsonl");
    r = indexer({"--db", tmp / "db", tmp / "t"});
    EXPECT_EQ(doc_count(tmp / "db"), 1u) << r.err;
    fs::rename(tmp / "saved.jsonl", deep + "/feed.jsonl");
    fs::last_write_time(deep + "/feed.jsonl", mtime);
    r = indexer({"--db", tmp / "db", tmp / "t"});
    EXPECT_EQ(doc_count(tmp / "db"), 4u) << r.err;
}

// Regression (a review): a tree copied elsewhere and indexed from there while the old place was
// still there; the old place removed later: what only the old place held (a file removed from
// the copy) stayed indexed for good, as no later run took a document over from it.
TEST(Reruns, WhatIsLeftOfACopiedTreeGoesOnceTheOldPlaceIsGone) {
    TempDir tmp;
    write_file(tmp / "A/x.txt", "X\n\nxenon\n");
    write_file(tmp / "A/y.txt", "Y\n\nyttrium\n");
    ASSERT_EQ(indexer({"--db", tmp / "db", tmp / "A"}).exit_code, 0);
    fs::copy(tmp / "A", tmp / "A2", fs::copy_options::recursive);
    fs::remove(tmp / "A2/x.txt");
    auto r = indexer({"--db", tmp / "db", tmp / "A2"});
    EXPECT_NE(r.err.find("which is still there"), std::string::npos) << r.err;
    EXPECT_EQ(doc_count(tmp / "db"), 2u);  // x.txt: the old place still has it
    fs::remove_all(tmp / "A");
    for (int run = 0; run < 2; ++run) {
        r = indexer({"--db", tmp / "db", tmp / "A2"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(doc_count(tmp / "db"), 1u) << r.err;
        EXPECT_EQ(ids_for(tmp / "db", "xenon OR yttrium"), "y.txt\n");
    }
    // Nothing about the old place is kept once it is settled.
    Xapian::Database db(tmp / "db");
    EXPECT_EQ(db.metadata_keys_begin(std::string(fts::schema::kMetaAdoptedPrefix)),
              db.metadata_keys_end(std::string(fts::schema::kMetaAdoptedPrefix)));
}

// Regression (a review): a SOURCE that is a symbolic link re-pointed from one release to the next
// (current -> r1, then current -> r2) kept the documents only r1 held, for good, with paths under
// `current` that no longer exist; and the warning advised --id-prefix.
TEST(Reruns, ASourceLinkRepointedToAnotherTreeHoldsWhatThatTreeHolds) {
    TempDir tmp;
    write_file(tmp / "r1/a.txt", "A\n\nalpha\n");
    write_file(tmp / "r1/b.txt", "B\n\nbeta\n");
    write_file(tmp / "r2/a.txt", "A\n\nalpha\n");
    write_file(tmp / "r2/c.txt", "C\n\ngamma\n");
    fs::create_directory_symlink(tmp / "r1", tmp / "current");
    ASSERT_EQ(indexer({"--db", tmp / "db", tmp / "current"}).exit_code, 0);
    fs::remove(tmp / "current");
    fs::create_directory_symlink(tmp / "r2", tmp / "current");
    for (int run = 0; run < 2; ++run) {
        auto r = indexer({"--db", tmp / "db", tmp / "current"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
        EXPECT_EQ(ids_for(tmp / "db", "alpha OR beta OR gamma"), "a.txt\nc.txt\n") << r.err;
        EXPECT_EQ(doc_count(tmp / "db"), 2u);
    }
}

// A review of the change above found it removing documents it must keep: a link re-pointed to a
// directory not filled yet (a deploy's next step) emptied the index; the old tree, indexed as a
// SOURCE of its own, lost what was its own; a run with --no-prune recorded the new place, so
// what the old tree left was never removed.
TEST(Reruns, ARepointedSourceLinkRemovesNothingItMustKeep) {
    TempDir tmp;
    const auto repoint = [&](const std::string& to) {
        fs::remove(tmp / "current");
        fs::create_directory_symlink(tmp / to, tmp / "current");
    };
    for (const char* f : {"a", "b", "c"})
        write_file(tmp / ("r1/" + std::string(f) + ".txt"), std::string(f) + "\n\nzebra\n");
    fs::create_directories(tmp / "r2");
    repoint("r1");
    ASSERT_EQ(indexer({"--db", tmp / "db", tmp / "current"}).exit_code, 0);
    // An empty tree proves nothing: kept, and looked at again on the next run.
    repoint("r2");
    auto r = indexer({"--db", tmp / "db", tmp / "current"});
    EXPECT_EQ(doc_count(tmp / "db"), 3u) << r.err;
    // --no-prune keeps them, and does not settle the move either.
    write_file(tmp / "r2/a.txt", "a\n\nzebra\n");
    r = indexer({"--db", tmp / "db", "--no-prune", tmp / "current"});
    EXPECT_EQ(doc_count(tmp / "db"), 3u) << r.err;
    r = indexer({"--db", tmp / "db", tmp / "current"});
    EXPECT_EQ(doc_count(tmp / "db"), 1u) << r.err;
    EXPECT_EQ(ids_for(tmp / "db", "zebra"), "a.txt\n");
    // The old tree also indexed as a SOURCE of its own keeps its documents.
    write_file(tmp / "s1/x.txt", "x\n\nokapi\n");
    write_file(tmp / "s2/y.txt", "y\n\nokapi\n");
    fs::create_directory_symlink(tmp / "s1", tmp / "link");
    ASSERT_EQ(indexer({"--db", tmp / "db2", tmp / "link"}).exit_code, 0);
    ASSERT_EQ(indexer({"--db", tmp / "db2", "--id-prefix", "s1/", tmp / "s1"}).exit_code, 0);
    fs::remove(tmp / "link");
    fs::create_directory_symlink(tmp / "s2", tmp / "link");
    r = indexer({"--db", tmp / "db2", tmp / "link"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(ids_for(tmp / "db2", "okapi"), "s1/x.txt\ny.txt\n") << r.err;
}

// Regression (a review): two files of the same size and mtime (as tar and cp -p leave them)
// swapped with mv were taken as unchanged, each id showing the other file's text. Their inode
// and ctime differ: they are read again.
TEST(Reruns, FilesSwappedWithTheSameSizeAndMtimeAreReadAgain) {
    TempDir tmp;
    write_file(tmp / "t/x.txt", "X\n\nxenon\n");
    write_file(tmp / "t/y.txt", "Y\n\nyeast\n");
    const auto when = fs::last_write_time(tmp / "t/x.txt");
    fs::last_write_time(tmp / "t/y.txt", when);
    ASSERT_EQ(indexer({"--db", tmp / "db", tmp / "t"}).exit_code, 0);
    auto r = indexer({"--db", tmp / "db", tmp / "t"});
    EXPECT_NE(summary(r).find("0 replaced, 2 unchanged"), std::string::npos) << r.err;
    fs::rename(tmp / "t/x.txt", tmp / "t/swap");
    fs::rename(tmp / "t/y.txt", tmp / "t/x.txt");
    fs::rename(tmp / "t/swap", tmp / "t/y.txt");
    r = indexer({"--db", tmp / "db", tmp / "t"});
    EXPECT_NE(summary(r).find("2 replaced"), std::string::npos) << r.err;
    EXPECT_EQ(ids_for(tmp / "db", "xenon"), "y.txt\n");
    EXPECT_EQ(ids_for(tmp / "db", "yeast"), "x.txt\n");
    r = indexer({"--db", tmp / "db", tmp / "t"});
    EXPECT_NE(summary(r).find("0 replaced, 2 unchanged"), std::string::npos) << r.err;
}

// A review of the "later wins" change: records from stdin before an unchanged feed took the id
// from it on the second run; two feeds of one size and mtime swapped with mv lost a record (the
// earlier skipped it as "given later", the later no longer gave it). (A run given only the
// earlier feed takes the id, and the later, unchanged, does not take it back: a correction from
// another feed or stdin stands until the feed changes, as documented.)
TEST(Reruns, TheLaterInputWinsAcrossStdinRunsAndSwaps) {
    TempDir tmp;
    const auto title_of = [&](const std::string& db, const std::string& id) {
        return searcher({"--db", db, "--format", "tsv", "--fields", "title", "id:" + id}).out;
    };
    write_file(tmp / "f.jsonl", "{\"id\":\"X\",\"title\":\"from feed\",\"text\":\"zebra\"}\n");
    const std::string in = "{\"id\":\"X\",\"title\":\"from stdin\",\"text\":\"zebra\"}\n";
    for (int run = 0; run < 2; ++run) {
        auto r = indexer({"--db", tmp / "db", "-", tmp / "f.jsonl"}, in);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(title_of(tmp / "db", "X"), "from feed\n") << r.err;
    }
    write_file(tmp / "a.jsonl", "{\"id\":\"X\",\"title\":\"one\",\"text\":\"zebra\"}\n");
    write_file(tmp / "b.jsonl", "{\"id\":\"X\",\"title\":\"two\",\"text\":\"zebra\"}\n");
    ASSERT_EQ(indexer({"--db", tmp / "db2", tmp / "a.jsonl", tmp / "b.jsonl"}).exit_code, 0);
    write_file(tmp / "a.jsonl", "{\"id\":\"X\",\"title\":\"one changed\",\"text\":\"zebra\"}\n");
    ASSERT_EQ(indexer({"--db", tmp / "db2", tmp / "a.jsonl"}).exit_code, 0);
    EXPECT_EQ(title_of(tmp / "db2", "X"), "one changed\n");
    ASSERT_EQ(indexer({"--db", tmp / "db2", tmp / "a.jsonl", tmp / "b.jsonl"}).exit_code, 0);
    EXPECT_EQ(title_of(tmp / "db2", "X"), "one changed\n");
    // Swapped feeds.
    write_file(tmp / "s/a.jsonl", "{\"id\":\"A\",\"text\":\"zebra alpha\"}\n");
    write_file(tmp / "s/b.jsonl", "{\"id\":\"B\",\"text\":\"zebra bravo\"}\n");
    fs::last_write_time(tmp / "s/b.jsonl", fs::last_write_time(tmp / "s/a.jsonl"));
    ASSERT_EQ(indexer({"--db", tmp / "db3", tmp / "s"}).exit_code, 0);
    fs::rename(tmp / "s/a.jsonl", tmp / "swap");
    fs::rename(tmp / "s/b.jsonl", tmp / "s/a.jsonl");
    fs::rename(tmp / "swap", tmp / "s/b.jsonl");
    ASSERT_EQ(indexer({"--db", tmp / "db3", tmp / "s"}).exit_code, 0);
    fs::remove(tmp / "s/b.jsonl");
    auto r = indexer({"--db", tmp / "db3", tmp / "s"});
    EXPECT_EQ(ids_for(tmp / "db3", "zebra"), "B\n") << r.err;
}

// A review of the re-pointing fixes: a link pointed back to a tree it led to before (r1, r2,
// r1), or a tree moved away and back, lost the records of its feed for good: the feed's
// signature outlived its records and it was skipped unread. A tree whose feed could not be read
// settles no move either (its records were not seen).
TEST(Reruns, FeedsOfATreeLeftAndComeBackToAreReadAgain) {
    TempDir tmp;
    const std::string feed =
        "{\"id\":\"f1\",\"body\":\"zebra\"}\n{\"id\":\"f2\",\"body\":\"zebra\"}\n";
    write_file(tmp / "r1/a.txt", "A\n\nzebra\n");
    write_file(tmp / "r1/feed.jsonl", feed);
    write_file(tmp / "r2/a.txt", "A\n\nzebra\n");
    write_file(tmp / "r2/b.txt", "B\n\nzebra\n");
    for (const char* to : {"r1", "r2", "r1", "r1"}) {
        fs::remove(tmp / "current");
        fs::create_directory_symlink(tmp / to, tmp / "current");
        auto r = indexer({"--db", tmp / "db", tmp / "current"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(doc_count(tmp / "db"), std::string(to) == "r1" ? 3u : 2u) << to << r.err;
    }
    write_file(tmp / "A/a.txt", "A\n\nzebra\n");
    write_file(tmp / "A/feed.jsonl", feed);
    ASSERT_EQ(indexer({"--db", tmp / "db2", tmp / "A"}).exit_code, 0);
    fs::rename(tmp / "A", tmp / "B");
    ASSERT_EQ(indexer({"--db", tmp / "db2", tmp / "B"}).exit_code, 0);
    fs::rename(tmp / "B", tmp / "A");
    for (int run = 0; run < 2; ++run) {
        auto r = indexer({"--db", tmp / "db2", tmp / "A"});
        EXPECT_EQ(r.exit_code, 0) << r.err;
        EXPECT_EQ(doc_count(tmp / "db2"), 3u) << r.err;
    }
    // Moved again, its feed unreadable there: nothing of it goes.
    if (::geteuid() != 0 || std::system("command -v setpriv >/dev/null 2>&1") != 0) return;
    fs::rename(tmp / "A", tmp / "C");
    fs::permissions(tmp.path(), fs::perms::all, fs::perm_options::add);
    auto r = run({"/bin/sh", "-c",
                  "chmod -R a+rwX '" + tmp.path() + "' && chmod 000 '" + (tmp / "C/feed.jsonl") +
                      "' && setpriv --reuid=65534 --regid=65534 --clear-groups " + kIndexer +
                      " --db '" + (tmp / "db2") + "' '" + (tmp / "C") + "'"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(doc_count(tmp / "db2"), 3u) << r.err;
}

// The same review, again: a tree copied, indexed from the copy, the copy removed, then the
// original indexed: its feed, unchanged, was skipped while its records (taken over by the copy's
// feed) went with the copy. And a link re-pointed to a tree whose feed was no JSON Lines (a JSON
// array) settled the move, losing the records the new feed would have given.
TEST(Reruns, RecordsCopiedToAnotherFeedComeBackWithTheOriginal) {
    TempDir tmp;
    const std::string feed =
        "{\"id\":\"f1\",\"body\":\"zebra\"}\n{\"id\":\"f2\",\"body\":\"zebra\"}\n";
    write_file(tmp / "A/f.jsonl", feed);
    write_file(tmp / "A/p.txt", "P\n\nzebra\n");
    ASSERT_EQ(indexer({"--db", tmp / "db", tmp / "A"}).exit_code, 0);
    fs::copy(tmp / "A", tmp / "B", fs::copy_options::recursive);
    ASSERT_EQ(indexer({"--db", tmp / "db", tmp / "B"}).exit_code, 0);
    fs::remove_all(tmp / "B");
    for (int run = 0; run < 2; ++run) {
        auto r = indexer({"--db", tmp / "db", tmp / "A"});
        EXPECT_EQ(ids_for(tmp / "db", "zebra"), "f1\nf2\np.txt\n") << r.err;
    }
    write_file(tmp / "r1/f.jsonl", feed);
    write_file(tmp / "r1/p.txt", "P\n\nzebra\n");
    write_file(tmp / "r2/f.jsonl",
               "[\n{\"id\":\"f1\",\"body\":\"zebra\"},\n{\"id\":\"f2\",\"body\":\"zebra\"}\n]\n");
    write_file(tmp / "r2/p.txt", "P\n\nzebra\n");
    fs::create_directory_symlink(tmp / "r1", tmp / "current");
    ASSERT_EQ(indexer({"--db", tmp / "db2", tmp / "current"}).exit_code, 0);
    fs::remove(tmp / "current");
    fs::create_directory_symlink(tmp / "r2", tmp / "current");
    auto r = indexer({"--db", tmp / "db2", tmp / "current"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_EQ(doc_count(tmp / "db2"), 3u) << r.err;
}
