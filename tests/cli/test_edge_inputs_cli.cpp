// CLI tests: hostile and unusual inputs (empty files, huge lines, bad bytes, unreadable
// directories, duplicate and over-long ids, over-long terms).
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>
#include <unistd.h>
#include <xapian.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>

#include "cli_support.h"

using namespace fts::test;
namespace fs = std::filesystem;

namespace {
std::string ids_for(const std::string& db, const std::string& query) {
    return searcher({"--db", db, "--format", "ids", "-n", "100", "--", query}).out;
}
}  // namespace

TEST(EdgeInputs, EmptyFilesAreIndexedByName) {
    TempDir tmp;
    for (const char* name : {"e.txt", "e.md", "e.html", "e.jsonl"})
        write_file(tmp / (std::string("in/") + name), "");
    auto r = indexer({"--db", tmp / "db", tmp / "in"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(doc_count(tmp / "db"), 3u);  // an empty feed has no records
    auto j = nlohmann::json::parse(searcher({"--db", tmp / "db", "--json", "id:e.md"}).out);
    EXPECT_EQ(j["results"][0]["title"], "e.md");
}

TEST(EdgeInputs, TenMegabyteLines) {
    TempDir tmp;
    std::string line;
    while (line.size() < 10 * 1024 * 1024) line += "filler words without any break ";
    write_file(tmp / "in/long.txt", "Long line\n\n" + line + "needleattheend\n");
    write_file(tmp / "in/long.jsonl", "{\"id\":\"j\",\"text\":\"" + line + "jsonneedle\"}\n");
    auto r = indexer({"--db", tmp / "db", tmp / "in"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(ids_for(tmp / "db", "needleattheend"), "long.txt\n");
    EXPECT_EQ(ids_for(tmp / "db", "jsonneedle"), "j\n");
}

TEST(EdgeInputs, BadBytesAreRejectedWithTheirOffset) {
    TempDir tmp;
    write_file(tmp / "in/overlong.txt", "T\n\nslash \xC0\xAF here\n");
    write_file(tmp / "in/surrogate.md", "# T\n\n\xED\xA0\x80\n");
    write_file(tmp / "in/nul.html", std::string("<p>a\0b</p>", 10));
    write_file(tmp / "in/ok.txt", "Fine\n\nfine text\n");
    auto r = indexer({"--db", tmp / "db", tmp / "in"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("overlong.txt: invalid UTF-8 at byte 10"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("surrogate.md: invalid UTF-8 at byte 6"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("nul.html: binary file"), std::string::npos) << r.err;
    EXPECT_EQ(doc_count(tmp / "db"), 1u);
}

TEST(EdgeInputs, UnreadableDirectoryIsReportedAndItsDocumentsKept) {
    if (::geteuid() != 0 || std::system("command -v setpriv >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "needs root and setpriv to run the indexer as an unprivileged user";
    TempDir tmp;
    write_file(tmp / "in/open/a.txt", "A\n\nalpha\n");
    write_file(tmp / "in/closed/b.txt", "B\n\nbeta\n");
    fs::permissions(tmp.path(), fs::perms::all, fs::perm_options::add);
    const std::string as_nobody = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
    auto first = run({"/bin/sh", "-c",
                      "chmod -R a+rwX '" + tmp.path() + "' && " + as_nobody + kIndexer + " --db '" +
                          (tmp / "db") + "' '" + (tmp / "in") + "'"});
    ASSERT_EQ(first.exit_code, 0) << first.err;
    fs::permissions(tmp / "in/closed", fs::perms::none);
    auto r = run({"/bin/sh", "-c",
                  as_nobody + kIndexer + " --db '" + (tmp / "db") + "' '" + (tmp / "in") + "'"});
    fs::permissions(tmp / "in/closed", fs::perms::owner_all);
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("closed: cannot read directory: Permission denied"), std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("not removing vanished files of"), std::string::npos) << r.err;
    EXPECT_EQ(doc_count(tmp / "db"), 2u);  // b.txt was not lost
}

// Regression (a review): a dangling symbolic link anywhere in a tree, even one named as no
// format the indexer reads (a link to a directory that went away), held back the pruning of
// the whole SOURCE on every run, and counted as rejected. Now such a link is passed over, and a
// dangling `.txt` link keeps its document (rejected) while the rest of the tree is pruned.
TEST(EdgeInputs, ADanglingLinkKeepsItsOwnDocumentAndHoldsBackNoPruning) {
    TempDir tmp;
    write_file(tmp / "t/a.txt", "A\n\nalpha\n");
    write_file(tmp / "t/b.txt", "B\n\nbeta\n");
    write_file(tmp / "target/c.txt", "C\n\ngamma\n");
    fs::create_directory_symlink("../target", tmp / "t/shared");
    fs::create_symlink("../target/c.txt", tmp / "t/c.txt");
    fs::create_symlink("/nonexistent/file", tmp / "t/x.pdf");
    auto r = indexer({"--db", tmp / "db", tmp / "t"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(doc_count(tmp / "db"), 3u);
    fs::remove_all(tmp / "target");
    fs::remove(tmp / "t/b.txt");
    for (int run = 0; run < 2; ++run) {
        r = indexer({"--db", tmp / "db", tmp / "t"});
        EXPECT_EQ(r.exit_code, 1) << r.err;
        EXPECT_NE(r.err.find("t/c.txt: dangling symbolic link"), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find("x.pdf"), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find("shared"), std::string::npos) << r.err;
        EXPECT_EQ(r.err.find("not removing"), std::string::npos) << r.err;
        EXPECT_NE(summary(r).find("1 rejected"), std::string::npos) << r.err;
        EXPECT_EQ(ids_for(tmp / "db", "alpha OR beta OR gamma"), "a.txt\nc.txt\n") << r.err;
    }
}

TEST(EdgeInputs, DuplicateIdsInOneRunAreReported) {
    TempDir tmp;
    write_file(tmp / "a/story.txt", "A\n\nalphaonly\n");
    write_file(tmp / "b/story.txt", "B\n\nbetaonly\n");
    write_file(tmp / "f.jsonl",
               "{\"id\":\"x\",\"text\":\"one\"}\n{\"id\":\"x\",\"text\":\"two\"}\n");
    auto r =
        indexer({"--db", tmp / "db", tmp / "a/story.txt", tmp / "b/story.txt", tmp / "f.jsonl"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find((tmp / "b/story.txt") +
                         ": id 'story.txt' was already indexed in this run from " +
                         (tmp / "a/story.txt")),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find("f.jsonl:2: id 'x' was already indexed in this run from"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(doc_count(tmp / "db"), 2u);
    EXPECT_EQ(ids_for(tmp / "db", "two"), "x\n");
}

// Regression (a review): a file and a later JSON Lines record with the same id. The record won the
// first run; the second, with nothing changed, gave the id back to the file without a word (the
// unchanged feed is not read again), and --force flipped it once more.
TEST(EdgeInputs, AFileAndALaterRecordWithItsIdKeepTheRecordOnEveryRun) {
    TempDir tmp;
    write_file(tmp / "d/a.txt", "T\n\nfilebody\n");
    write_file(tmp / "d/z.jsonl", "{\"id\":\"a.txt\",\"body\":\"recordbody\"}\n");
    for (const std::vector<std::string>& extra :
         {std::vector<std::string>{}, {}, {"--force"}, {}}) {
        std::vector<std::string> args{"--db", tmp / "db"};
        args.insert(args.end(), extra.begin(), extra.end());
        args.push_back(tmp / "d");
        auto r = indexer(args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        EXPECT_NE(r.err.find("id 'a.txt'"), std::string::npos) << r.err;  // said every time
        EXPECT_EQ(ids_for(tmp / "db", "recordbody"), "a.txt\n") << r.err;
        EXPECT_EQ(ids_for(tmp / "db", "filebody"), "") << r.err;
    }
    // The feed no longer walked (ignored), then gone: the file has the id.
    write_file(tmp / "d/.ftsignore", "*.jsonl\n");
    EXPECT_EQ(indexer({"--db", tmp / "db", tmp / "d"}).exit_code, 0);
    EXPECT_EQ(ids_for(tmp / "db", "filebody"), "a.txt\n");
    EXPECT_EQ(doc_count(tmp / "db"), 1u);
    fs::remove(tmp / "d/z.jsonl");
    EXPECT_EQ(indexer({"--db", tmp / "db", tmp / "d"}).exit_code, 0);
    EXPECT_EQ(ids_for(tmp / "db", "filebody"), "a.txt\n");
    EXPECT_EQ(doc_count(tmp / "db"), 1u);
    // A file given on its own replaces a record of a feed that is not part of the run (a review
    // found it skipped).
    write_file(tmp / "f/z.jsonl", "{\"id\":\"r.md\",\"body\":\"feedversion\"}\n");
    write_file(tmp / "e/r.md", "# File\n\nfileversion\n");
    EXPECT_EQ(indexer({"--db", tmp / "db2", tmp / "f/z.jsonl"}).exit_code, 0);
    auto r = indexer({"--db", tmp / "db2", tmp / "e/r.md"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err.find("warning"), std::string::npos) << r.err;
    EXPECT_EQ(ids_for(tmp / "db2", "fileversion"), "r.md\n");
}

TEST(EdgeInputs, OverlongIdsAndTerms) {
    TempDir tmp;
    const std::string long_id(1000, 'i');
    const std::string long_word(500, 'w');
    const std::string long_tag(400, 't');
    std::string feed = "{\"id\":\"" + long_id + "\",\"text\":\"short " + long_word +
                       " words\",\"tags\":[\"" + long_tag + "\"],\"author\":\"" + long_word +
                       "\"}\n";
    ASSERT_EQ(indexer({"--db", tmp / "db", "-"}, feed).exit_code, 0);
    auto r = indexer({"--db", tmp / "db", "-"}, feed);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("1 unchanged"), std::string::npos) << r.err;
    EXPECT_EQ(doc_count(tmp / "db"), 1u);
    EXPECT_EQ(ids_for(tmp / "db", "id:" + long_id), long_id + "\n");
    EXPECT_EQ(ids_for(tmp / "db", "short"), long_id + "\n");
    EXPECT_EQ(ids_for(tmp / "db", "tag:" + long_tag), long_id + "\n");
}

TEST(EdgeInputs, TwoHundredMegabyteFile) {
    TempDir tmp;
    {
        // 200 MiB of varied words (a vocabulary of 26^3 made-up words), then one marker word.
        fs::create_directories(tmp / "in");
        std::ofstream out(tmp / "in/huge.txt", std::ios::binary);
        ASSERT_TRUE(out);
        out << "Huge file\n\n";
        std::string line;
        std::uint32_t x = 12345;
        std::size_t written = 0;
        while (written < 200u * 1024 * 1024) {
            line.clear();
            for (int w = 0; w < 14; ++w) {
                x = x * 1103515245u + 12345u;
                line += static_cast<char>('a' + (x >> 8) % 26);
                line += static_cast<char>('a' + (x >> 13) % 26);
                line += static_cast<char>('a' + (x >> 18) % 26);
                line += "ing ";
            }
            line += "end.\n";
            out << line;
            written += line.size();
        }
        out << "needleatthebottom\n";
    }
    auto r = indexer({"--db", tmp / "db", tmp / "in"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(doc_count(tmp / "db"), 1u);
    EXPECT_EQ(ids_for(tmp / "db", "needleatthebottom"), "huge.txt\n");
    // Only the first kMaxStoredTextBytes are kept for snippets.
    EXPECT_LT(Xapian::Database(tmp / "db").get_document(1).get_data().size(), 300u * 1024);
    // Regression: `:open` showed the kept part as if it were the whole article.
    auto open = run({kSearcher, "--db", tmp / "db", "-i", "--color", "never"},
                    "needleatthebottom\n:open 1\n");
    EXPECT_NE(open.out.find("[the index keeps the first 256 KiB of this article's 200 MiB"),
              std::string::npos)
        << open.out.substr(open.out.size() > 300 ? open.out.size() - 300 : 0);
    EXPECT_NE(open.out.find("MiB; all of it: " + std::string(tmp / "in/huge.txt") + "]"),
              std::string::npos);
}

// Regression (review): a file name that is not UTF-8 gave an id shown three ways (raw bytes in
// id lists, U+FFFD in JSON) that no `id:` query could find.
TEST(EdgeInputs, FileNamesThatAreNotUtf8GetOneTypableId) {
    TempDir tmp;
    write_file(tmp / "in/caf\xe9.txt", "Cafe\n\nespresso words\n");
    write_file(tmp / "in/plain%20name.txt", "Plain\n\nespresso again\n");
    ASSERT_EQ(indexer({"--db", tmp / "db", "-q", tmp / "in"}).exit_code, 0);
    const std::string db = tmp / "db";
    EXPECT_EQ(ids_in(db), (std::set<std::string>{"caf%E9.txt", "plain%20name.txt"}));
    EXPECT_EQ(searcher({"--db", db, "--format", "ids", "id:caf%E9.txt"}).out, "caf%E9.txt\n");
    auto json = searcher({"--db", db, "--json", "--fields", "id", "id:caf%E9.txt"});
    EXPECT_NE(json.out.find("\"id\":\"caf%E9.txt\""), std::string::npos) << json.out;
    // Regression (a review): its path became U+FFFD in every output, no way back to the file;
    // now written as the id is (percent-decoding it gives the bytes).
    auto tsv = searcher({"--db", db, "--format", "tsv", "--fields", "path", "id:caf%E9.txt"});
    EXPECT_EQ(tsv.out, std::string(tmp / "in/caf%E9.txt") + "\n");
    // (A UTF-8 path is as it is, '%' included.)
    tsv = searcher({"--db", db, "--format", "tsv", "--fields", "path", "id:plain%20name.txt"});
    EXPECT_EQ(tsv.out, std::string(tmp / "in/plain%20name.txt") + "\n");
    // So is a feed's: its records' path was U+FFFD, in a full build and an incremental run.
    write_file(tmp / "feeds/caf\xe9.jsonl", "{\"id\":\"f1\",\"body\":\"espresso\"}\n");
    for (const char* run : {"full build", "incremental run"}) {
        ASSERT_EQ(indexer({"--db", tmp / "db2", "-q", "--force", tmp / "feeds"}).exit_code, 0);
        tsv = searcher({"--db", tmp / "db2", "--format", "tsv", "--fields", "path", "id:f1"});
        EXPECT_EQ(tsv.out, std::string(tmp / "feeds/caf%E9.jsonl") + "\n") << run;
    }
}

// Regressions from a review of messy input: a JSON array saved as .jsonl had its one-line
// elements indexed and the rest rejected line by line; a byte order mark alone on the first line
// was a malformed record; a file named on the command line that the indexer does not read was
// skipped without a word.
TEST(EdgeInputs, JsonArraysByteOrderMarksAndUnreadableNamedFiles) {
    TempDir tmp;
    write_file(tmp / "arr.jsonl",
               "[\n {\"id\":\"a1\",\"body\":\"x\"},\n {\"id\":\"a2\",\"body\":\"y\"}\n]\n");
    auto r = indexer({"--db", tmp / "db", tmp / "arr.jsonl"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("arr.jsonl:1: a JSON array, not JSON Lines (one object per line; jq -c "
                         "'.[]' converts it)"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 2) << r.err;  // that, the summary
    write_file(tmp / "bom.jsonl", "\xEF\xBB\xBF\n{\"id\":\"s3\",\"body\":\"x\"}\n");
    write_file(tmp / "README", "hello\n");
    r = indexer({"--db", tmp / "db2", tmp / "bom.jsonl", tmp / "README"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(ids_in(tmp / "db2"), (std::set<std::string>{"s3"}));
    EXPECT_NE(r.err.find("README: skipped: not a format the indexer reads"), std::string::npos)
        << r.err;
}

// A month or a year alone ("2019", "March 2019") was "not understood" and the article undated:
// now it is dated as written, found by the year (and month) it says, by no day, and ranges that
// cover all of its period; it sorts before the days of that period.
TEST(EdgeInputs, ArticlesDatedByMonthOrYearAlone) {
    TempDir tmp;
    write_file(tmp / "f.jsonl",
               "{\"id\":\"y\",\"title\":\"Year\",\"body\":\"harbour\",\"date\":\"2019\"}\n"
               "{\"id\":\"m\",\"title\":\"Month\",\"body\":\"harbour\",\"date\":\"March 2019\"}\n"
               "{\"id\":\"d\",\"title\":\"Day\",\"body\":\"harbour\",\"date\":\"2019-01-01\"}\n"
               "{\"id\":\"n\",\"title\":\"Int\",\"body\":\"harbour\",\"date\":2018}\n");
    for (const char* run : {"full build", "incremental run"}) {
        auto r = indexer({"--db", tmp / "db", "--force", tmp / "f.jsonl"});
        EXPECT_EQ(r.exit_code, 0) << run << r.err;
        EXPECT_EQ(r.err.find("not understood"), std::string::npos) << run << r.err;
        const auto ids = [&](std::vector<std::string> args) {
            std::vector<std::string> a{"--db", tmp / "db", "--format", "ids", "-n", "10"};
            a.insert(a.end(), args.begin(), args.end());
            return searcher(a).out;
        };
        EXPECT_EQ(ids({"--sort", "date", "harbour"}), "n\ny\nd\nm\n") << run;
        EXPECT_EQ(ids({"--sort", "date", "harbour year:2019"}), "y\nd\nm\n") << run;
        EXPECT_EQ(ids({"--sort", "date", "harbour date:2019-03"}), "m\n") << run;
        EXPECT_EQ(ids({"harbour date:2019-01-01"}), "d\n") << run;
        EXPECT_EQ(ids({"--sort", "date", "--since", "2019-02", "harbour"}), "m\n") << run;
        // Open ends cover the newest and oldest dates' whole years (a review: `date:..` and
        // `--since 2019` missed the year-only article of the newest year).
        EXPECT_EQ(ids({"--sort", "date", "harbour date:.."}), "n\ny\nd\nm\n") << run;
        EXPECT_EQ(ids({"--sort", "date", "harbour date:2019.."}), "y\nd\nm\n") << run;
        EXPECT_EQ(ids({"--sort", "date", "--since", "2019", "harbour"}), "y\nd\nm\n") << run;
        EXPECT_EQ(ids({"--sort", "date", "--until", "2019", "harbour"}), "n\ny\nd\nm\n") << run;
        auto json = searcher(
            {"--db", tmp / "db", "--json", "--fields", "id,date", "--sort", "date", "harbour"});
        EXPECT_NE(json.out.find("{\"date\":\"2019\",\"id\":\"y\"}"), std::string::npos) << json.out;
        EXPECT_NE(json.out.find("{\"date\":\"2019-03\",\"id\":\"m\"}"), std::string::npos)
            << json.out;
        auto facet = searcher({"--db", tmp / "db", "--facet", "year", "-n", "0", "harbour"});
        EXPECT_NE(facet.out.find("year: 2019 (3), 2018 (1)"), std::string::npos) << facet.out;
        // A recency bonus counts such an article from its period's first day.
        auto recent = searcher({"--db", tmp / "db", "--format", "ids", "--recent", "harbour"});
        EXPECT_EQ(recent.exit_code, 0) << recent.err;
    }
}

// Regression: a date the indexer could not read left the article undated without a word.
TEST(EdgeInputs, UnreadableDatesAreWarnedInEveryKindOfRun) {
    TempDir tmp;
    write_file(tmp / "in/a.md", "---\ntitle: T\ndate: the ides of March\n---\nBody.\n");
    write_file(tmp / "in/b.md", "---\ntitle: T\ndate: 15 March 2024\n---\nBody.\n");
    write_file(tmp / "in/f.jsonl", "{\"id\":\"j\",\"body\":\"x\",\"date\":\"15.03.24\"}\n");
    const std::string said = ": date '";
    for (const char* run : {"first (bulk) build", "incremental run"}) {
        auto r = indexer({"--db", tmp / "db", "--force", tmp / "in"});
        EXPECT_EQ(r.exit_code, 0) << run << r.err;
        EXPECT_NE(r.err.find("a.md: date 'the ides of March' not understood"), std::string::npos)
            << run << r.err;
        EXPECT_NE(r.err.find("f.jsonl:1: date '15.03.24' not understood"), std::string::npos)
            << run << r.err;
        EXPECT_EQ(r.err.find("b.md" + said), std::string::npos) << run << r.err;
        EXPECT_EQ(doc_count(tmp / "db"), 3u);
    }
}

// Regression (a review): a tree deeper than the system's path limit (4,096 bytes) had its deep
// part reported on every run as a part that cannot be read, and nothing vanished from the rest
// of the tree was ever removed. Nothing there could have been indexed: the rest is pruned.
TEST(EdgeInputs, APathTooLongForTheSystemHoldsBackNoPruning) {
    TempDir tmp;
    write_file(tmp / "t/top.txt", "Top\n\ntopword\n");
    write_file(tmp / "t/gone.txt", "Gone\n\ngoneword\n");
    const std::string level(200, 'n');
    auto made = run({"/bin/bash", "-c",
                     "cd '" + (tmp / "t") + "' && for i in $(seq 1 22); do mkdir " + level +
                         " && cd " + level + " || exit 1; done; echo deep > deep.txt"});
    ASSERT_EQ(made.exit_code, 0) << made.err;
    auto r = indexer({"--db", tmp / "db", tmp / "t"});
    EXPECT_EQ(r.exit_code, 1) << r.err.substr(0, 300);
    EXPECT_NE(r.err.find("longer than the system takes: not indexed"), std::string::npos);
    fs::remove(tmp / "t/gone.txt");
    r = indexer({"--db", tmp / "db", tmp / "t"});
    EXPECT_EQ(r.err.find("not removing"), std::string::npos) << r.err.substr(0, 300);
    EXPECT_EQ(doc_count(tmp / "db"), 1u);
    // (TempDir cannot remove what is deeper than the limit: take the tree apart from inside.)
    run({"/bin/bash", "-c", "cd '" + (tmp / "t") + "' && rm -rf " + level});
}

// Regression (a review): a feed in UTF-16 with its byte order mark was called a binary or
// compressed file.
TEST(EdgeInputs, AUtf16FeedIsSaidToBeUtf16) {
    TempDir tmp;
    std::string utf16 = "\xFF\xFE";
    for (char c : std::string("{\"id\":\"u\",\"body\":\"x\"}\n")) {
        utf16 += c;
        utf16 += '\0';
    }
    write_file(tmp / "u16.jsonl", utf16);
    for (int run = 0; run < 2; ++run) {  // a full build, then an incremental run
        auto r = indexer({"--db", tmp / "db", tmp / "u16.jsonl"});
        EXPECT_EQ(r.exit_code, 1) << r.err;
        EXPECT_NE(r.err.find("u16.jsonl: UTF-16 text: JSON Lines must be UTF-8"), std::string::npos)
            << r.err;
        if (run == 0) {
            write_file(tmp / "a.txt", "A\n\nalpha\n");
            ASSERT_EQ(indexer({"--db", tmp / "db", tmp / "a.txt"}).exit_code, 0);
        }
    }
}
