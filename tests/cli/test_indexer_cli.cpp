// CLI tests: the real `indexer` binary on temporary directories.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xapian.h>

#include <filesystem>
#include <set>
#include <sstream>

#include "cli_support.h"

using namespace fts::test;

TEST(IndexerCli, IndexesTheCorpusAndReindexingReplaces) {
    TempDir tmp;
    auto first = indexer({"--db", tmp / "db", kCorpus});
    EXPECT_EQ(first.exit_code, 0) << first.err;
    EXPECT_NE(
        summary(first).find("31 added, 0 replaced, 0 unchanged, 0 deleted, 0 skipped, 0 rejected"),
        std::string::npos)
        << first.err;
    EXPECT_EQ(doc_count(tmp / "db"), 31u);

    auto second = indexer({"--db", tmp / "db", kCorpus});
    EXPECT_EQ(second.exit_code, 0) << second.err;
    EXPECT_NE(summary(second).find("0 added, 0 replaced, 31 unchanged"), std::string::npos)
        << second.err;
    EXPECT_EQ(doc_count(tmp / "db"), 31u);  // same sources twice: no duplicates
}

TEST(IndexerCli, DatabaseOpensWithXapianTools) {
    if (std::system("command -v xapian-check >/dev/null 2>&1") != 0)
        GTEST_SKIP() << "xapian-check (xapian-tools) not installed";
    TempDir tmp;
    ASSERT_EQ(indexer({"--db", tmp / "db", kCorpus}).exit_code, 0);
    auto check = run({"/bin/sh", "-c", "xapian-check " + (tmp / "db")});
    EXPECT_EQ(check.exit_code, 0) << check.out << check.err;
    EXPECT_NE(check.out.find("No errors found"), std::string::npos) << check.out;
}

TEST(IndexerCli, BadInputIsReportedCountedAndSkipped) {
    TempDir tmp;
    write_file(tmp / "in/good.txt", "Good title\n\nA perfectly good article about harbours.\n");
    write_file(tmp / "in/bad-utf8.txt", "Title\n\nBroken \xC3\x28 byte.\n");
    write_file(tmp / "in/binary.txt", std::string("\x7f"
                                                  "ELF\0\0\0\x01\x02",
                                                  10));
    write_file(tmp / "in/bad.md", "---\ntitle: [unclosed\n---\nBody\n");
    write_file(tmp / "in/feed.jsonl",
               "{\"id\": \"r1\", \"title\": \"One\", \"body\": \"first record\"}\n"
               "{\"id\": \"r2\", \"title\": \n"
               "{\"title\": \"no id\"}\n"
               "\n"
               "{\"id\": \"r4\", \"body\": \"fourth record\"}\n");
    write_file(tmp / "in/photo.jpg", "not an article");
    auto r = indexer({"--db", tmp / "db", tmp / "in"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    const std::string in = tmp / "in";
    EXPECT_NE(r.err.find("indexer: warning: " + in + "/bad-utf8.txt: invalid UTF-8 at byte 15\n"),
              std::string::npos)
        << r.err;
    EXPECT_NE(r.err.find(in + "/binary.txt: binary file"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(in + "/bad.md: front matter line"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(in + "/feed.jsonl:2: malformed JSON at byte"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(in + "/feed.jsonl:3: record has no 'id'\n"), std::string::npos) << r.err;
    EXPECT_NE(summary(r).find("3 added, 0 replaced, 0 unchanged, 0 deleted, 1 skipped, 5 rejected"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(doc_count(tmp / "db"), 3u);  // good.txt, r1, r4
}

TEST(IndexerCli, UnreadableFileIsRejected) {
    // Root reads every file: run the indexer as an unprivileged user where we can.
    std::string prefix;
    if (::geteuid() == 0) {
        if (std::system("command -v setpriv >/dev/null 2>&1") != 0)
            GTEST_SKIP() << "root reads every file";
        prefix = "setpriv --reuid=65534 --regid=65534 --clear-groups ";
    }
    TempDir tmp;
    write_file(tmp / "in/secret.txt", "Secret\n\nText.\n");
    write_file(tmp / "in/open.txt", "Open\n\nText.\n");
    std::filesystem::permissions(tmp.path(), std::filesystem::perms::all,
                                 std::filesystem::perm_options::add);
    std::filesystem::permissions(tmp / "in", std::filesystem::perms::all,
                                 std::filesystem::perm_options::add);
    std::filesystem::permissions(tmp / "in/open.txt", std::filesystem::perms::all,
                                 std::filesystem::perm_options::add);
    std::filesystem::permissions(tmp / "in/secret.txt", std::filesystem::perms::none);
    auto r = run({"/bin/sh", "-c",
                  prefix + kIndexer + " --db '" + (tmp / "db") + "' '" + (tmp / "in") + "'"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("secret.txt: cannot open: Permission denied"), std::string::npos) << r.err;
    EXPECT_EQ(doc_count(tmp / "db"), 1u);
}

TEST(IndexerCli, JsonLinesFromStdinWithDeletion) {
    TempDir tmp;
    auto r = indexer({"--db", tmp / "db", "-"},
                     "{\"id\": \"a\", \"title\": \"A\", \"text\": \"alpha\"}\n"
                     "{\"id\": \"b\", \"title\": \"B\", \"text\": \"beta\"}\n");
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(doc_count(tmp / "db"), 2u);
    r = indexer({"--db", tmp / "db", "-"}, "{\"id\": \"a\", \"deleted\": true}\nnot json\n");
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("<stdin>:2: malformed JSON"), std::string::npos) << r.err;
    EXPECT_NE(summary(r).find("0 added, 0 replaced, 0 unchanged, 1 deleted"), std::string::npos)
        << r.err;
    EXPECT_EQ(doc_count(tmp / "db"), 1u);
}

TEST(IndexerCli, MissingSourceIsFatalAndChangesNothing) {
    TempDir tmp;
    auto r = indexer({"--db", tmp / "db", kCorpus, tmp / "nope"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "indexer: " + (tmp / "nope") + ": no such file or directory\n");
    EXPECT_FALSE(std::filesystem::exists(tmp / "db"));
}

TEST(IndexerCli, SecondWriterGetsAOneLineLockError) {
    TempDir tmp;
    ASSERT_EQ(indexer({"--db", tmp / "db", kCorpus}).exit_code, 0);
    Xapian::WritableDatabase holder(tmp / "db", Xapian::DB_OPEN);
    auto r = indexer({"--db", tmp / "db", kCorpus});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(
        r.err,
        "indexer: " + (tmp / "db") +
            " is locked: another indexer is writing to it (use --wait-lock SECONDS to wait)\n");
}

TEST(IndexerCli, UsageErrorsExitTwoWithOneLine) {
    TempDir tmp;
    auto r = indexer({"--db", tmp / "db", "--language", "klingon", kCorpus});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err.rfind("indexer: --language: unknown language 'klingon'", 0), 0u) << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1);
    r = indexer({"--db", tmp / "db", "--batch-size", "zero", kCorpus});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--batch-size"), std::string::npos) << r.err;
    r = indexer({kCorpus});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("--db is required"), std::string::npos) << r.err;
    // Regression (a review): "nan" passed the range check of a number option.
    r = indexer({"--db", tmp / "db", "--wait-lock", "nan", kCorpus});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err,
              "indexer: --wait-lock: 'nan' is not a number (0 to 1000000000) (see --help)\n");
    r = indexer({"--db", tmp / "db", "--jobs", "1.5", kCorpus});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "indexer: --jobs: 1.5 is not a whole number (1 to 256) (see --help)\n");
    // Regressions (a review): --delete on a path with no database created an empty one there; a
    // report that could not be written was found only after the whole run (and exited 0).
    r = indexer({"--db", tmp / "none", "--delete", "x"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err,
              "indexer: " + (tmp / "none") + ": no such database (nothing to delete from)\n");
    EXPECT_FALSE(std::filesystem::exists(tmp / "none"));
    r = indexer({"--db", tmp / "db", "--report", tmp / "no/such/dir/run.json", kCorpus});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "indexer: --report " + (tmp / "no/such/dir/run.json") +
                         ": No such file or directory\n");
    EXPECT_FALSE(std::filesystem::exists(tmp / "db"));
}

// A review found "1 deleted" in the summary while a SOURCE of the same run gave the document
// back, and nothing said so.
TEST(IndexerCli, ADeletedIdThatASourceGivesBackIsSaid) {
    TempDir tmp;
    write_file(tmp / "in/a.txt", "A\n\nalpha\n");
    ASSERT_EQ(indexer({"--db", tmp / "db", tmp / "in"}).exit_code, 0);
    auto r = indexer({"--db", tmp / "db", tmp / "in", "--delete", "a.txt"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("indexer: warning: --delete a.txt: a SOURCE of this run gave it again"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(doc_count(tmp / "db"), 1u);
    r = indexer({"--db", tmp / "db", "--delete", "a.txt"});
    EXPECT_EQ(r.err.find("gave it again"), std::string::npos) << r.err;
    EXPECT_EQ(doc_count(tmp / "db"), 0u);
}

// A review found a file name with a newline splitting its warning over two lines.
TEST(IndexerCli, AWarningIsOneLineWhateverTheFileName) {
    TempDir tmp;
    write_file(tmp / "in/bad\nname.txt", "T\n\n\xff\n");
    auto r = indexer({"--db", tmp / "db", "-q", tmp / "in"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err,
              "indexer: warning: " + (tmp / "in/bad") + "\\x0Aname.txt: invalid UTF-8 at byte 4\n");
}

TEST(IndexerCli, LanguageIsStoredAndMismatchRefused) {
    TempDir tmp;
    ASSERT_EQ(indexer({"--db", tmp / "db", "--language", "none", kCorpus}).exit_code, 0);
    // Unstemmed: "visits" only matches the one article with that exact word.
    auto s = searcher({"--db", tmp / "db", "--json", "visits"});
    EXPECT_EQ(s.exit_code, 0);
    EXPECT_NE(s.out.find("world/niger-grain-corridor.md"), std::string::npos);
    EXPECT_EQ(s.out.find(kSeedId), std::string::npos);
    auto r = indexer({"--db", tmp / "db", "--language", "english", kCorpus});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("was built with 'none'"), std::string::npos) << r.err;
}

// Regression (a review): a leading '/' was dropped, so "/drafts" left out every folder named
// drafts at any depth (and their documents were pruned without a word). As in .gitignore: a
// leading or inner '/' anchors a pattern to its directory, a trailing one matches folders only.
TEST(IndexerCli, IgnorePatternsReadAsGitignoreReadsThem) {
    TempDir tmp;
    write_file(tmp / "in/drafts/top.txt", "T\n\ntop\n");
    write_file(tmp / "in/sub/drafts/deep.txt", "D\n\ndeep\n");
    write_file(tmp / "in/sub/notes/n.txt", "N\n\nnote\n");
    write_file(tmp / "in/other/notes/m.txt", "M\n\nmemo\n");
    write_file(tmp / "in/archive", "a file named archive, not a folder\n");  // (skipped: no format)
    write_file(tmp / "in/x/archive/old.txt", "O\n\nold\n");
    write_file(tmp / "in/y/archive.txt", "A\n\nkept\n");
    write_file(tmp / "in/.ftsignore", "/drafts\nsub/notes\narchive/\n");
    auto r = indexer({"--db", tmp / "db", "-v", tmp / "in"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    // Every article, newest first (no query words): the ones no pattern left out.
    auto ids = searcher({"--db", tmp / "db", "--format", "ids", "--sort", "-date", "-n", "100"});
    std::set<std::string> indexed;
    std::istringstream out(ids.out);
    for (std::string id; std::getline(out, id);) indexed.insert(id);
    EXPECT_EQ(indexed,
              (std::set<std::string>{"sub/drafts/deep.txt", "other/notes/m.txt", "y/archive.txt"}));
}

// `!` brings back what an earlier pattern left out (the last pattern that matches wins, a deeper
// .ftsignore after the ones above it), `**` stands for any number of folders; a folder left out
// is not walked, so nothing in it comes back (as in git). These were read as plain fnmatch globs.
TEST(IndexerCli, IgnorePatternsNegationAndDoubleStar) {
    TempDir tmp;
    write_file(tmp / "in/a.md", "# A\n\nalpha\n");
    write_file(tmp / "in/keep.md", "# K\n\nkept\n");
    write_file(tmp / "in/b.txt", "B\n\nbeta\n");
    write_file(tmp / "in/logs/x/y/run.txt", "R\n\nrun\n");
    write_file(tmp / "in/logs/top.txt", "L\n\nlog\n");
    write_file(tmp / "in/src/a/b/gen/out.txt", "G\n\ngenerated\n");
    write_file(tmp / "in/src/gen/o2.txt", "G\n\ngenerated\n");
    write_file(tmp / "in/src/real.txt", "S\n\nsource\n");
    write_file(tmp / "in/old/secret.txt", "O\n\nold\n");
    write_file(tmp / "in/sub/c.md", "# C\n\ngamma\n");
    write_file(tmp / "in/sub/d.md", "# D\n\ndelta\n");
    write_file(tmp / "in/!bang.txt", "X\n\nbang\n");
    write_file(tmp / "in/.ftsignore",
               "*.md\n!keep.md\nlogs/**\nsrc/**/gen/\nold/\n!old/secret.txt\n\\!bang.txt\n");
    write_file(tmp / "in/sub/.ftsignore", "!c.md\n");
    // As git reads them: leading spaces are the name's, a trailing space only when escaped.
    write_file(tmp / "in/sp/  lead.txt", "L\n\nlead\n");
    write_file(tmp / "in/sp/lead.txt", "L\n\nkept\n");
    write_file(tmp / "in/sp/end .txt", "E\n\nend\n");
    write_file(tmp / "in/sp/.ftsignore", "  lead.txt\nend\\ .txt  \n");
    auto r = indexer({"--db", tmp / "db", "-v", tmp / "in"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(ids_in(tmp / "db"), (std::set<std::string>{"keep.md", "b.txt", "src/real.txt",
                                                         "sub/c.md", "sp/lead.txt"}));
}

// Regression (a review of upgrades): a database built before fold_first keeps folding the stem
// only (its terms were made so) without a word; each run now says so, and how to move it.
TEST(IndexerCli, ADatabaseOfAnEarlierAnalysisIsSaidSo) {
    TempDir tmp;
    write_file(tmp / "in/a.txt", "CV\n\nHer résumé.\n");
    auto r = indexer({"--db", tmp / "db", tmp / "in"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    write_file(tmp / "in/b.txt", "CV\n\nAnother.\n");
    r = indexer({"--db", tmp / "db", tmp / "in"});
    EXPECT_EQ(r.err.find("note:"), std::string::npos) << r.err;  // built now: nothing to say
    {
        Xapian::WritableDatabase w(tmp / "db", Xapian::DB_OPEN);
        w.set_metadata("fts.analysis",
                       R"({"language":"english","stemming":"all","stopword_positions":false,)"
                       R"("cjk_ngrams":true,"fold_accents":true,"title_weight":2})");
        w.commit();
    }
    write_file(tmp / "in/c.txt", "CV\n\nA third.\n");
    r = indexer({"--db", tmp / "db", tmp / "in"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("indexer: note: " + (tmp / "db") +
                         " and databases built now fold accents differently (it was built by an "
                         "earlier fts, and keeps its way); indexer --rebuild re-indexes it the "
                         "current way"),
              std::string::npos)
        << r.err;
    EXPECT_EQ(indexer({"--db", tmp / "db", "-q", tmp / "in"}).err, "");
}

TEST(IndexerCli, HiddenFilesSymlinkLoopsAndIgnoreFile) {
    TempDir tmp;
    write_file(tmp / "in/a.txt", "A\n\nalpha\n");
    write_file(tmp / "in/.hidden.txt", "H\n\nhidden\n");
    write_file(tmp / "in/drafts/d.txt", "D\n\ndraft\n");
    write_file(tmp / "in/.ftsignore", "# drafts are not published\ndrafts/\n");
    std::filesystem::create_directory_symlink(tmp / "in", tmp / "in/loop");
    auto r = indexer({"--db", tmp / "db", tmp / "in"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(doc_count(tmp / "db"), 1u);
    // A file link to itself is a loop, not a dangling link (a review's report).
    std::filesystem::create_symlink("self.txt", tmp / "in/self.txt");
    std::filesystem::create_symlink("gone.txt", tmp / "in/g.txt");
    r = indexer({"--db", tmp / "db", tmp / "in"});
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("in/self.txt: symbolic link loop"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find("in/g.txt: dangling symbolic link"), std::string::npos) << r.err;
}

TEST(IndexerCli, RefusesToWriteIntoAForeignDirectory) {
    TempDir tmp;
    write_file(tmp / "notes/todo.txt", "not a database");
    auto r = indexer({"--db", tmp / "notes", kCorpus});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err,
              "indexer: " + (tmp / "notes") +
                  " is a directory that is not a Xapian database: refusing to write into it\n");
    EXPECT_FALSE(std::filesystem::exists(tmp / "notes/iamglass"));
}

// Regression (a review): a Xapian database another tool wrote (omindex's) was written into, its
// documents mixed with ours, and the searcher showed them as results without title or id, exit 0.
TEST(IndexerCli, RefusesAnotherToolsXapianDatabase) {
    TempDir tmp;
    {
        Xapian::WritableDatabase w(tmp / "omega", Xapian::DB_CREATE);
        Xapian::Document d;
        d.add_term("Zgrain");
        d.set_data("url=/a.txt\nsample=grain\ncaption=A");
        w.add_document(d);
        w.commit();
    }
    auto r = indexer({"--db", tmp / "omega", kCorpus});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "indexer: " + (tmp / "omega") +
                         " is a Xapian database another tool wrote (no fts metadata, documents "
                         "not in fts's format): refusing to write into it (indexer --rebuild "
                         "replaces it)\n");
    EXPECT_EQ(Xapian::Database(tmp / "omega").get_doccount(), 1u);
    auto s = run({kSearcher, "--db", tmp / "omega", "grain"});
    EXPECT_EQ(s.exit_code, 2);
    EXPECT_NE(s.err.find("is a Xapian database another tool wrote"), std::string::npos) << s.err;
    // --rebuild replaces it, as asked.
    r = indexer({"--db", tmp / "omega", "--rebuild", kCorpus});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(run({kSearcher, "--db", tmp / "omega", "grain"}).exit_code, 0);
}

TEST(IndexerCli, PipesAndDevicesAreNotFiles) {
    TempDir tmp;
    ASSERT_EQ(::mkfifo((tmp / "fifo").c_str(), 0600), 0);
    auto r = indexer({"--db", tmp / "db", tmp / "fifo"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_NE(r.err.find("fifo: not a regular file"), std::string::npos) << r.err;
}

TEST(IndexerCli, TitleWeightAloneKeepsTheLanguage) {
    TempDir tmp;
    write_file(tmp / "in/a.txt", "Une maison\n\nLes maisons du village.\n");
    ASSERT_EQ(indexer({"--db", tmp / "db", "--language", "fr", tmp / "in"}).exit_code, 0);
    auto r = indexer({"--db", tmp / "db", "--title-weight", "3", tmp / "in"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_NE(r.err.find("1 replaced"), std::string::npos) << r.err;  // re-weighted
    EXPECT_EQ(indexer({"--db", tmp / "db", "--language", "french", tmp / "in"}).exit_code, 0);
    EXPECT_EQ(indexer({"--db", tmp / "db", "--language", "", tmp / "in"}).exit_code, 2);
}

TEST(IndexerCli, OutOfRangeJsonNumberRejectsOneLine) {
    TempDir tmp;
    auto r =
        indexer({"--db", tmp / "db", "-"},
                "{\"id\":\"a\",\"body\":\"x\"}\n{\"id\":\"b\",\"body\":\"y\",\"views\":1e400}\n");
    EXPECT_EQ(r.exit_code, 1) << r.err;
    EXPECT_NE(r.err.find("<stdin>:2: unreadable JSON"), std::string::npos) << r.err;
    EXPECT_EQ(doc_count(tmp / "db"), 1u);
}

// Regression (review): a database that could not be created was said to be "as after its last
// commit", which it never had.
TEST(IndexerCli, DatabaseThatCannotBeCreatedSaysSo) {
    TempDir tmp;
    auto r = indexer({"--db", tmp / "missing/db", kCorpus});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "indexer: cannot create the database " + (tmp / "missing/db") +
                         ": mkdir failed (No such file or directory)\n");
}
