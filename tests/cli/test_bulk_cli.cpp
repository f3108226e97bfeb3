// CLI tests for full builds (a new or empty database, --rebuild): worker threads index shards that
// Xapian's compactor merges. The result must be the index an incremental run builds, all or
// nothing, whatever the number of workers.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>
#include <xapian.h>
#include <zstd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <thread>

#include "cli_support.h"

using namespace fts::test;
namespace fs = std::filesystem;

namespace {

// (id, score) of every hit of a query, sorted: docids differ between builds, so ties may be
// listed in another order, but the scores of the same documents must not differ.
std::vector<std::pair<std::string, double>> scored_hits(const std::string& db,
                                                        const std::string& query) {
    auto r = searcher({"--db", db, "--json", "--limit", "100", query});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::vector<std::pair<std::string, double>> hits;
    const auto page = nlohmann::json::parse(r.out);
    for (const auto& h : page["results"])
        hits.emplace_back(h["id"].get<std::string>(), h["score"].get<double>());
    std::sort(hits.begin(), hits.end());
    return hits;
}

}  // namespace

TEST(BulkBuild, SameIndexAndScoresAsAnIncrementalBuild) {
    TempDir tmp;
    // Full builds with one and with four workers...
    ASSERT_EQ(indexer({"--db", tmp / "one", "--jobs", "1", kCorpus}).exit_code, 0);
    auto four = indexer({"--db", tmp / "four", "--jobs", "4", kCorpus});
    ASSERT_EQ(four.exit_code, 0) << four.err;
    EXPECT_NE(
        summary(four).find("31 added, 0 replaced, 0 unchanged, 0 deleted, 0 skipped, 0 rejected"),
        std::string::npos)
        << four.err;
    // ...and the same articles added one batch at a time to a database that was not empty.
    write_file(tmp / "seed/seed.txt", "Seed\n\nnot part of the corpus\n");
    ASSERT_EQ(indexer({"--db", tmp / "inc", tmp / "seed"}).exit_code, 0);
    ASSERT_EQ(indexer({"--db", tmp / "inc", "--batch-size", "7", kCorpus}).exit_code, 0);
    ASSERT_EQ(indexer({"--db", tmp / "inc", "--delete", "seed.txt"}).exit_code, 0);

    const auto reference = state_of(tmp / "inc");
    ASSERT_EQ(reference.size(), 31u);
    EXPECT_EQ(state_of(tmp / "one"), reference);
    EXPECT_EQ(state_of(tmp / "four"), reference);
    for (const char* q : {"\"Africa Corps\"", "state of emergency", "title:flood OR author:diallo",
                          "energy -tag:elections", "date:2024"}) {
        auto expected = scored_hits(tmp / "inc", q);
        EXPECT_FALSE(expected.empty()) << q;
        EXPECT_EQ(scored_hits(tmp / "one", q), expected) << q;
        EXPECT_EQ(scored_hits(tmp / "four", q), expected) << q;
    }
    // The spelling table ("did you mean") is built either way.
    for (const char* db : {"inc", "one", "four"}) {
        auto r = searcher({"--db", tmp / db, "sahl delegatoins"});
        EXPECT_EQ(r.err, "searcher: did you mean: sahel delegations?\n") << db;
    }
    // The merged database is an ordinary one: the next run is incremental and finds no change.
    auto again = indexer({"--db", tmp / "four", kCorpus});
    EXPECT_NE(summary(again).find("0 added, 0 replaced, 31 unchanged"), std::string::npos)
        << again.err;
    // No scratch directories are left beside it.
    for (const auto& e : fs::directory_iterator(tmp.path()))
        EXPECT_NE(e.path().filename().string().front(), '.') << e.path();
}

TEST(BulkBuild, LaterVersionsAndDeletionsOfAnIdWinAcrossWorkers) {
    TempDir tmp;
    std::string feed;
    for (int i = 0; i < 40; ++i)
        feed += "{\"id\":\"r" + std::to_string(i) + "\",\"text\":\"first version " +
                std::to_string(i) + "\"}\n";
    for (int i = 0; i < 40; i += 2)
        feed += "{\"id\":\"r" + std::to_string(i) + "\",\"text\":\"second version\"}\n";
    for (int i = 0; i < 40; i += 5)
        feed += "{\"id\":\"r" + std::to_string(i) + "\",\"deleted\":true}\n";
    write_file(tmp / "feed.jsonl", feed);
    auto r = indexer({"--db", tmp / "db", "--jobs", "4", tmp / "feed.jsonl"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(summary(r).find("40 added, 20 replaced, 0 unchanged, 8 deleted"), std::string::npos)
        << r.err;
    const auto ids = ids_in(tmp / "db");
    EXPECT_EQ(ids.size(), 32u);
    for (int i = 0; i < 40; ++i) EXPECT_EQ(ids.count("r" + std::to_string(i)), i % 5 ? 1u : 0u);
    auto second = searcher({"--db", tmp / "db", "--format", "ids", "--limit", "100", "second"});
    auto first = searcher({"--db", tmp / "db", "--format", "ids", "--limit", "100", "first"});
    // Even ids not deleted (0, 10, 20, 30 were) have their second version only.
    EXPECT_EQ(std::count(second.out.begin(), second.out.end(), '\n'), 16) << second.out;
    EXPECT_EQ(std::count(first.out.begin(), first.out.end(), '\n'), 16) << first.out;
    // Unchanged feed: the next run is incremental and skips it whole.
    auto again = indexer({"--db", tmp / "db", tmp / "feed.jsonl"});
    EXPECT_NE(summary(again).find("0 added, 0 replaced, 32 unchanged"), std::string::npos)
        << again.err;
}

TEST(BulkBuild, WorkerRejectionsAreCountedAndNamed) {
    TempDir tmp;
    write_file(tmp / "src/good.md", "# Good\n\nfine words\n");
    write_file(tmp / "src/bad.txt", std::string("binary\0data", 11));
    write_file(tmp / "src/feed.jsonl", "{\"id\":\"a\",\"text\":\"ok\"}\n{\"id\":\n");
    auto r = indexer({"--db", tmp / "db", "--jobs", "3", tmp / "src"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("bad.txt: "), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("feed.jsonl:2: "), std::string::npos) << r.err;
    EXPECT_NE(summary(r).find("2 added, 0 replaced, 0 unchanged, 0 deleted, 0 skipped, 2 rejected"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(doc_count(tmp / "db"), 2u);
}

TEST(BulkBuild, SignalAbandonsTheFirstBuildWhole) {
    TempDir tmp;
    std::string feed;
    for (int i = 0; i < 30000; ++i) {
        feed += "{\"id\":\"n" + std::to_string(i) + "\",\"title\":\"Story " + std::to_string(i) +
                "\",\"text\":\"";
        for (int w = 0; w < 60; ++w) feed += "word" + std::to_string((i * 31 + w * 7) % 5000) + " ";
        feed += "\"}\n";
    }
    write_file(tmp / "feed.jsonl", feed);
    const std::string db = tmp / "db";
    Child child({kIndexer, "--db", db, tmp / "feed.jsonl"});
    std::this_thread::sleep_for(std::chrono::milliseconds(400));
    child.signal(SIGINT);
    auto r = child.wait();
    ASSERT_EQ(r.exit_code, 128 + SIGINT) << r.err;
    EXPECT_NE(r.err.find("indexer: stopped by SIGINT; the first build was abandoned (a full build "
                         "is all or nothing); run again to start over\n"),
              std::string::npos)
        << r.err;
    EXPECT_FALSE(fs::exists(db));
    for (const auto& e : fs::directory_iterator(tmp.path()))
        EXPECT_EQ(e.path().filename(), "feed.jsonl") << e.path();
}

TEST(BulkBuild, LeftoversOfAKilledBuildAreRemoved) {
    TempDir tmp;
    ASSERT_EQ(indexer({"--db", tmp / "db", kCorpus}).exit_code, 0);
    fs::create_directories(tmp / ".db.rebuild-999999999/x");
    fs::create_directories(tmp / ".db.shards-999999999/shard0");
    fs::create_directories(tmp / ".db.shards-keep");  // not ours: never touched
    ASSERT_EQ(indexer({"--db", tmp / "db", "--rebuild", kCorpus}).exit_code, 0);
    EXPECT_FALSE(fs::exists(tmp / ".db.rebuild-999999999"));
    EXPECT_FALSE(fs::exists(tmp / ".db.shards-999999999"));
    EXPECT_TRUE(fs::exists(tmp / ".db.shards-keep"));
    EXPECT_EQ(doc_count(tmp / "db"), 31u);
    // An incremental run removes them too (a review found them left until the next full build).
    fs::create_directories(tmp / ".db.shards-999999998/shard0");
    ASSERT_EQ(indexer({"--db", tmp / "db", kCorpus}).exit_code, 0);
    EXPECT_FALSE(fs::exists(tmp / ".db.shards-999999998"));
    EXPECT_TRUE(fs::exists(tmp / ".db.shards-keep"));
}

// A review found --rebuild refusing a directory made empty for it ("Failed to open glass revision
// file"), where a plain first run took it; and a searcher reading a database an indexer was
// creating failed with "the index changed during each of 26 tries" (Xapian reports a database
// never written to as changed on every reopen): it is an empty index.
TEST(BulkBuild, AnEmptyDirectoryAndAnEmptyDatabase) {
    TempDir tmp;
    fs::create_directories(tmp / "db");
    auto r = indexer({"--db", tmp / "db", "--rebuild", kCorpus});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(doc_count(tmp / "db"), 31u);
    { Xapian::WritableDatabase(tmp / "empty", Xapian::DB_CREATE).commit(); }
    auto s = searcher({"--db", tmp / "empty", "grain"});
    EXPECT_EQ(s.exit_code, 1) << s.err;
    EXPECT_EQ(s.err, "");
    EXPECT_NE(s.out.find("No results"), std::string::npos) << s.out;
    // Beside another database (a second review found that still failing).
    s = searcher({"--db", tmp / "db", "--db", tmp / "empty", "--format", "ids", "grain"});
    EXPECT_EQ(s.exit_code, 0) << s.err;
    EXPECT_EQ(s.err, "");
    // --delete on an empty directory: no database there either.
    fs::create_directories(tmp / "emptydir");
    auto d = indexer({"--db", tmp / "emptydir", "--delete", "x"});
    EXPECT_EQ(d.exit_code, 2) << d.err;
    EXPECT_TRUE(fs::is_empty(tmp / "emptydir"));
}

TEST(BulkBuild, MemoryAndJobsOptionsAreChecked) {
    TempDir tmp;
    for (const char* bad : {"10", "lots", "5X", "-1G", "99999999999T"}) {
        auto r = indexer({"--db", tmp / "db", "--memory", bad, kCorpus});
        EXPECT_EQ(r.exit_code, 2) << bad;
        EXPECT_NE(r.err.find("--memory"), std::string::npos) << r.err;
        EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
    }
    auto zero = indexer({"--db", tmp / "db", "--jobs", "0", kCorpus});
    EXPECT_EQ(zero.exit_code, 2);
    EXPECT_NE(zero.err.find("--jobs"), std::string::npos) << zero.err;
    // The smallest budget still builds the same index.
    auto small = indexer({"--db", tmp / "db", "--memory", "16M", "--jobs", "2", kCorpus});
    EXPECT_EQ(small.exit_code, 0) << small.err;
    EXPECT_EQ(doc_count(tmp / "db"), 31u);
}

namespace {

// A JSON Lines collection big enough to train the stored text's dictionary on (>256 KB of text);
// article 7 holds `marker`.
void write_collection(const std::string& file, unsigned seed, const std::string& marker) {
    std::string out;
    for (unsigned i = 0; i < 300; ++i) {
        nlohmann::json j;
        j["id"] = marker + "-" + std::to_string(i);
        j["title"] = "Article " + std::to_string(i);
        j["body"] = synthetic_text(seed * 1000 + i, 200) + (i == 7 ? " " + marker + "." : "");
        out += j.dump() + "\n";
    }
    write_file(file, out);
}

std::string snippet_of(const std::string& db, const std::string& query) {
    auto r = searcher({"--db", db, "--json", "-n", "1", query});
    EXPECT_EQ(r.exit_code, 0) << query << ": " << r.err;
    const auto page = nlohmann::json::parse(r.out);
    return page["results"].empty() ? "" : page["results"][0]["snippet"].get<std::string>();
}

std::uint32_t dictionary_of_document(const std::string& db, const std::string& id) {
    Xapian::Database d(db);
    Xapian::PostingIterator p = d.postlist_begin("Q" + id);
    if (p == d.postlist_end("Q" + id)) return 0;
    const std::string data = d.get_document(*p).get_data();
    const std::string_view frame = std::string_view(data).substr(data.find('\n') + 1);
    return ZSTD_getDictID_fromFrame(frame.data(), frame.size());
}

}  // namespace

TEST(BulkBuild, StoredTextIsCompressedWithADictionaryOfTheCollection) {
    TempDir tmp;
    write_collection(tmp / "a/a.jsonl", 1, "quillwort");
    ASSERT_EQ(indexer({"--db", tmp / "a.db", "--jobs", "2", tmp / "a"}).exit_code, 0);
    const std::string id = Xapian::Database(tmp / "a.db").get_metadata("fts.zdict");
    ASSERT_FALSE(id.empty());
    EXPECT_FALSE(Xapian::Database(tmp / "a.db").get_metadata("fts.zdict." + id).empty());
    EXPECT_EQ(std::to_string(dictionary_of_document(tmp / "a.db", "quillwort-7")), id);
    EXPECT_NE(snippet_of(tmp / "a.db", "quillwort").find("quillwort"), std::string::npos);

    // Later incremental runs compress with the same dictionary.
    write_file(tmp / "a/new.txt", "Late news\n\n" + synthetic_text(5, 150) + " marshwort.");
    ASSERT_EQ(indexer({"--db", tmp / "a.db", tmp / "a"}).exit_code, 0);
    EXPECT_EQ(std::to_string(dictionary_of_document(tmp / "a.db", "new.txt")), id);
    EXPECT_NE(snippet_of(tmp / "a.db", "marshwort").find("marshwort"), std::string::npos);

    // Another collection trains another dictionary; merged, both are kept and read.
    write_collection(tmp / "b/b.jsonl", 2, "sedgeling");
    ASSERT_EQ(indexer({"--db", tmp / "b.db", tmp / "b"}).exit_code, 0);
    const std::string other = Xapian::Database(tmp / "b.db").get_metadata("fts.zdict");
    ASSERT_FALSE(other.empty());
    EXPECT_NE(other, id);
    ASSERT_EQ(indexer({"--merge", tmp / "m.db", tmp / "a.db", tmp / "b.db"}).exit_code, 0);
    EXPECT_NE(snippet_of(tmp / "m.db", "quillwort").find("quillwort"), std::string::npos);
    EXPECT_NE(snippet_of(tmp / "m.db", "sedgeling").find("sedgeling"), std::string::npos);
    // Searched together as two databases, each document finds its own dictionary.
    auto both = searcher({"--db", tmp / "b.db", "--db", tmp / "a.db", "--json", "quillwort"});
    ASSERT_EQ(both.exit_code, 0) << both.err;
    EXPECT_NE(both.out.find("quillwort."), std::string::npos);

    // Shards: every shard holds the dictionary (Xapian reads metadata from the first alone).
    ASSERT_EQ(indexer({"--db", tmp / "s.db", "--shards", "2", tmp / "a"}).exit_code, 0);
    for (const char* shard : {"shard0", "shard1"}) {
        const std::string sid =
            Xapian::Database(tmp / ("s.db/" + std::string(shard))).get_metadata("fts.zdict");
        EXPECT_FALSE(sid.empty()) << shard;
    }
    EXPECT_NE(snippet_of(tmp / "s.db", "quillwort").find("quillwort"), std::string::npos);
}

TEST(BulkBuild, SmallCollectionsAreStoredWithoutADictionary) {
    TempDir tmp;
    ASSERT_EQ(indexer({"--db", tmp / "db", kCorpus}).exit_code, 0);
    EXPECT_EQ(Xapian::Database(tmp / "db").get_metadata("fts.zdict"), "");
    EXPECT_NE(snippet_of(tmp / "db", "\"Africa Corps\"").find("Africa Corps"), std::string::npos);
}
