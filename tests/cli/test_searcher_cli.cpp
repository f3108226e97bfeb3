// CLI tests: the real `searcher` binary against the corpus, indexed once per test run.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli_support.h"

using namespace fts::test;
using nlohmann::json;

namespace {

class SearcherCli : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        tmp_ = new TempDir();
        auto r = indexer({"--db", db(), kCorpus});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    static void TearDownTestSuite() {
        delete tmp_;
        tmp_ = nullptr;
    }
    static std::string db() { return *tmp_ / "db"; }

    static ProcessResult search(std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", db(), "--color=never"});
        return searcher(args);
    }

    static std::vector<std::string> ids(const std::string& query) {
        auto r = search({"--json", "-n", "100", "--", query});
        EXPECT_LE(r.exit_code, 1) << r.err;
        std::vector<std::string> out;
        const json j = json::parse(r.out);  // keep it alive: the loop borrows from it
        for (const auto& hit : j["results"]) out.push_back(hit["id"]);
        std::sort(out.begin(), out.end());
        return out;
    }

    static TempDir* tmp_;
};
TempDir* SearcherCli::tmp_ = nullptr;

bool contains(const std::vector<std::string>& v, const std::string& x) {
    return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

TEST_F(SearcherCli, PhraseIsExactButKeywordsAreNot) {
    auto africa_corps = ids("\"Africa Corps\"");
    EXPECT_EQ(africa_corps,
              (std::vector<std::string>{kSeedId, "world/moscow-sahel-delegations.md"}));
    auto r = search({"\"Corps Africa\""});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "No results for: \"Corps Africa\"\n");
    auto both = ids("africa AND corps");
    EXPECT_EQ(both.size(), 3u);
    EXPECT_TRUE(contains(both, "world/sahel-peace-corps-veterans.txt"));
}

TEST_F(SearcherCli, StemmingFindsOtherForms) {
    auto hits = ids("visits");
    EXPECT_TRUE(contains(hits, kSeedId));  // the seed says "visit", never "visits"
    EXPECT_TRUE(contains(hits, "world/niger-grain-corridor.md"));
    EXPECT_TRUE(contains(hits, "culture/library-archive-reopens.txt"));  // "visited"
}

TEST_F(SearcherCli, PhraseWithStopwordsStaysExact) {
    EXPECT_EQ(ids("\"state of emergency\""),
              (std::vector<std::string>{"world/coastal-storm-landfall.html",
                                        "world/river-flood-relief.txt"}));
}

TEST_F(SearcherCli, FieldsTagsAndDates) {
    EXPECT_EQ(ids("title:moscow"), std::vector<std::string>{"world/moscow-sahel-delegations.md"});
    EXPECT_EQ(ids("author:\"amina diallo\"").size(), 3u);
    EXPECT_EQ(ids("source:\"sahel dispatch\"").size(), 3u);
    EXPECT_EQ(ids("tag:energy").size(), 4u);
    EXPECT_EQ(ids("tag:elections").size(), 3u);
    EXPECT_EQ(ids("date:2024").size(), 8u);
    EXPECT_EQ(ids("date:2019..2020").size(), 5u);
    EXPECT_EQ(ids("date:2023-05"),
              std::vector<std::string>{"business/2023-05-14-harbour-strike.txt"});
    EXPECT_EQ(ids("id:wire-2024-0012"), std::vector<std::string>{"wire-2024-0012"});
}

TEST_F(SearcherCli, ScriptAndStyleAreNotIndexed) {
    EXPECT_EQ(search({"zorbleflux"}).exit_code, 1);
    EXPECT_EQ(search({"quuxstyle"}).exit_code, 1);
}

TEST_F(SearcherCli, TextOutputMatchesGolden) {
    auto r = search({"-n", "2", "\"Africa Corps\" OR Moscow"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err, "");
    EXPECT_EQ(r.out, read_file(std::string(FTS_SOURCE_DIR) +
                               "/tests/cli/golden/africa_corps_or_moscow.txt"));
}

// Regression: Xapian highlighted nothing of a phrase indexed as stems, so phrase queries got the
// article's opening instead of the passage with the phrase.
TEST_F(SearcherCli, PhraseQueriesGetTheirPassageHighlighted) {
    auto r = search({"--json", "-n", "1", "\"Africa Corps\""});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    const auto hit = nlohmann::json::parse(r.out)["results"][0];
    const std::string snippet = hit["snippet"].get<std::string>();
    ASSERT_FALSE(hit["highlights"].empty()) << snippet;
    // Highlights count characters: find the bytes of the first one.
    auto byte_at = [&](std::size_t chars) {
        std::size_t i = 0;
        for (; i < snippet.size() && chars > 0; ++i)
            if ((static_cast<unsigned char>(snippet[i + 1]) & 0xC0) != 0x80) --chars;
        return i;
    };
    const auto first = hit["highlights"][0];
    const std::size_t from = byte_at(first[0].get<std::size_t>());
    EXPECT_EQ(snippet.substr(from, byte_at(first[1].get<std::size_t>()) - from), "Africa");
}

// Stopwords are indexed without positions: phrases match without them, and a phrase of stopwords
// only finds the articles holding all of them.
TEST_F(SearcherCli, PhrasesWithStopwordsStillMatch) {
    EXPECT_EQ(ids("\"state of emergency\""),
              (std::vector<std::string>{"world/coastal-storm-landfall.html",
                                        "world/river-flood-relief.txt"}));
    EXPECT_EQ(ids("\"declared a state of emergency\"").size(), 2u);
    EXPECT_FALSE(ids("\"of the\"").empty());
    EXPECT_EQ(ids("\"of the\"").size(), ids("of AND the").size());
}

TEST_F(SearcherCli, JsonOutputHasTheDocumentedFields) {
    auto r = search({"--json", "-n", "3", "Sahel"});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    json j = json::parse(r.out);
    EXPECT_EQ(j["query"], "Sahel");
    EXPECT_GE(j["total"].get<int>(), 3);
    ASSERT_EQ(j["results"].size(), 3u);
    int rank = 0;
    for (const auto& hit : j["results"]) {
        EXPECT_EQ(hit["rank"], ++rank);
        for (const char* key : {"id", "title", "score", "date", "path", "url", "author", "source",
                                "tags", "snippet", "highlights"})
            EXPECT_TRUE(hit.contains(key)) << key;
        EXPECT_TRUE(hit["score"].is_number());
        for (const auto& span : hit["highlights"])
            EXPECT_LT(span[0].get<int>(), span[1].get<int>());
    }
    EXPECT_EQ(j["results"][0]["id"], "world/moscow-sahel-delegations.md");  // in title and source
    EXPECT_EQ(j["results"][0]["date"], "2024-06-20");
    EXPECT_TRUE(j["results"][0]["path"].get<std::string>().ends_with(
        "corpus/world/moscow-sahel-delegations.md"));
}

TEST_F(SearcherCli, OffsetAndLimitPage) {
    auto all = json::parse(search({"--json", "-n", "4", "sahel"}).out)["results"];
    auto page = json::parse(search({"--json", "-n", "2", "--offset", "2", "sahel"}).out)["results"];
    ASSERT_EQ(page.size(), 2u);
    EXPECT_EQ(page[0]["id"], all[2]["id"]);
    EXPECT_EQ(page[0]["rank"], 3);
}

// Regression (a review): a page within the first matches feedback re-orders reported the first
// match's estimate ("of about 100" for 40 phrase matches), not the exact count promised below 100.
TEST(SearcherPages, APageWithinTheFirstMatchesCountsThemExactly) {
    TempDir tmp;
    std::string lines;
    for (int i = 0; i < 400; ++i) {  // 40 phrase matches of different lengths
        std::string body = i % 10 == 0 ? "alpha beta gamma" : "beta gamma alpha";
        for (int k = 0; k < i % 7; ++k) body += " filler";
        body += " word" + std::to_string(i % 3);
        lines += json{{"id", "r" + std::to_string(i)}, {"body", body}}.dump() + "\n";
    }
    write_file(tmp / "rep.jsonl", lines);
    ASSERT_EQ(indexer({"--quiet", "--db", tmp / "rep.db", tmp / "rep.jsonl"}).exit_code, 0);
    const auto total = [&](std::vector<std::string> args) {
        args.insert(args.begin(), {"--db", tmp / "rep.db", "--json", "--feedback-depth", "5"});
        args.push_back("\"alpha beta\"");
        auto r = searcher(args);
        EXPECT_EQ(r.exit_code, 0) << r.err;
        return json::parse(r.out)["total"].get<int>();
    };
    EXPECT_EQ(total({"-n", "30"}), 40);
    EXPECT_EQ(total({"--offset", "2", "-n", "3"}), 40);
    EXPECT_EQ(total({"-n", "0"}), 40);
}

TEST_F(SearcherCli, ColorOnlyWhenAsked) {
    auto plain = searcher({"--db", db(), "Moscow"});  // stdout is a pipe: auto means no colour
    EXPECT_EQ(plain.out.find('\x1b'), std::string::npos);
    auto colored = searcher({"--db", db(), "--color=always", "Moscow"});
    EXPECT_NE(colored.out.find("\x1b[1;31mMoscow\x1b[0m"), std::string::npos) << colored.out;
}

TEST_F(SearcherCli, ExitCodesAndErrors) {
    EXPECT_EQ(search({"Moscow"}).exit_code, 0);
    EXPECT_EQ(search({"xyzzynothing"}).exit_code, 1);

    TempDir tmp;
    auto missing = searcher({"--db", tmp / "nothing", "Moscow"});
    EXPECT_EQ(missing.exit_code, 2);
    EXPECT_EQ(missing.err, "searcher: no index at " + (tmp / "nothing") + ": run indexer first\n");
    write_file(tmp / "empty/placeholder", "");
    auto not_db = searcher({"--db", tmp / "empty", "Moscow"});
    EXPECT_EQ(not_db.exit_code, 2);
    EXPECT_EQ(not_db.err, "searcher: no index at " + (tmp / "empty") + ": run indexer first\n");

    auto bad_date = search({"date:2024-13"});
    EXPECT_EQ(bad_date.exit_code, 2);
    EXPECT_EQ(bad_date.err,
              "searcher: date:2024-13: not a date (use YYYY, YYYY-MM or YYYY-MM-DD)\n");

    auto syntax = search({"moscow AND ("});
    EXPECT_EQ(syntax.exit_code, 0);
    EXPECT_NE(syntax.err.find("searcher: warning: query syntax"), std::string::npos) << syntax.err;

    EXPECT_EQ(search({""}).exit_code, 2);
    EXPECT_EQ(search({"--color=sometimes", "x"}).exit_code, 2);
}

TEST_F(SearcherCli, BatchQueriesInTrecFormat) {
    TempDir tmp;
    write_file(tmp / "q.tsv", "1\t\"Africa Corps\"\nnot a query line\n2\tzorbleflux\n3\tvisits\n");
    auto r =
        search({"--queries", tmp / "q.tsv", "--format", "trec", "-n", "1000", "--run-tag", "t1"});
    // Regression: a skipped line left the status at 0, so a script scored a run lacking a query;
    // now 2 once every other line is answered (as grep after an error).
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(r.err,
              "searcher: " + (tmp / "q.tsv") + ":2: expected 'qid<TAB>query' (line skipped)\n");
    std::istringstream lines(r.out);
    std::string qid, q0, docid, tag;
    int rank = 0, n1 = 0, n3 = 0;
    double score = 0;
    while (lines >> qid >> q0 >> docid >> rank >> score >> tag) {
        EXPECT_EQ(q0, "Q0");
        EXPECT_EQ(tag, "t1");
        EXPECT_GT(score, 0);
        (qid == "1" ? n1 : n3)++;
        EXPECT_NE(qid, "2");
    }
    EXPECT_EQ(n1, 2);
    EXPECT_EQ(n3, 6);
    // Regression (a review): a line of a tab alone was passed over without a word, and a qid
    // used twice (two queries' results under one qid in the run file) too. Blank lines stay
    // silent.
    write_file(tmp / "q2.tsv", "1\tvisits\n\t\n   \n\n1\tcorps\n");
    r = search({"--queries", tmp / "q2.tsv", "--format", "ids"});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(r.err, "searcher: " + (tmp / "q2.tsv") +
                         ":2: expected 'qid<TAB>query' (line skipped)\nsearcher: warning: " +
                         (tmp / "q2.tsv") + ":5: qid '1' was already used on line 1\n");
    // A qid used twice is only a warning; blank lines nothing.
    write_file(tmp / "q3.tsv", "1\tvisits\n\n  \n1\tcorps\n");
    EXPECT_EQ(search({"--queries", tmp / "q3.tsv", "--format", "ids"}).exit_code, 0);
    write_file(tmp / "q4.tsv", "1\tzorbleflux\n");
    EXPECT_EQ(search({"--queries", tmp / "q4.tsv", "--format", "ids"}).exit_code, 1);
}

// Regressions (a review as a script author): a directory given to --queries was read as an
// empty file, silently; a UTF-8 byte order mark became part of the first qid (a run file whose
// qid matched no judgement); a qid without a query was called a line without a tab; a --timings
// file that could not be written was lost without a word.
TEST_F(SearcherCli, BatchInputsAndTimingsThatCannotBeUsedAreSaid) {
    TempDir tmp;
    auto r = search({"--queries", tmp.path()});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "searcher: --queries: " + tmp.path() + " is a directory, not a file\n");
    write_file(tmp / "bom.tsv", "\xEF\xBB\xBFq1\tgrain\r\nq2\t \nq3\tstorm\n");
    r = search({"--queries", tmp / "bom.tsv", "--format", "trec", "-n", "1"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.out.substr(0, 3), "q1 ") << r.out;
    EXPECT_NE(r.out.find("\nq3 "), std::string::npos) << r.out;
    EXPECT_EQ(r.err,
              "searcher: " + (tmp / "bom.tsv") + ":2: qid 'q2' has no query (line skipped)\n");
    if (std::filesystem::exists("/dev/full")) {
        write_file(tmp / "q.tsv", "q1\tgrain\n");
        r = search({"--queries", tmp / "q.tsv", "--timings", "/dev/full", "--format", "ids"});
        EXPECT_EQ(r.exit_code, 2);
        EXPECT_NE(r.err.find("searcher: --timings: cannot write /dev/full"), std::string::npos)
            << r.err;
    }
}

// Regression: CLI11's own words for usage errors ("At Most 1 required but received 2",
// "Could not convert", "Check maybe value in {always->1,...} FAILED") reached the user.
TEST_F(SearcherCli, UsageErrorsInPlainWords) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{"-n", "5", "-n", "3", "x"}, "searcher: --limit: given 2 times; give it once"},
        {{"-n", "abc", "x"}, "searcher: --limit: 'abc' is not a number (0 to 1000000)"},
        {{"--k1", "200", "x"}, "searcher: --k1: 200 is out of range (0 to 100)"},
        {{"--offset", "-5", "x"}, "searcher: --offset: -5 is out of range (0 to 1000000000)"},
        {{"--color", "maybe", "x"}, "searcher: --color: 'maybe' is not one of always, auto, never"},
        {{"--k1", "inf", "x"}, "searcher: --k1: inf is out of range (0 to 100)"},
        {{"--ids", "x"}, "searcher: unexpected argument --ids (no such option)"},
        // (A review: --json silently won over --format tsv.)
        {{"--json", "--format", "tsv", "x"},
         "searcher: --format and --json cannot be given together"},
        {{"-i", "--queries", "q.tsv"},
         "searcher: --queries and --interactive cannot be given "
         "together"},
        {{"grain", "-moscow"},
         "searcher: unexpected argument -moscow (no such option; a query "
         "word starting with '-' excludes it only inside the quoted query, "
         "e.g. 'grain -moscow', and a query that starts with one goes after '--', e.g. "
         "searcher --db news.db -- '-tag:energy')"},
    };
    for (const auto& [args, message] : cases) {
        auto r = search(args);
        EXPECT_EQ(r.exit_code, 2) << message;
        EXPECT_EQ(r.err, message + " (see --help)\n");
    }
}

// Regression: a run tag with a space made 7 columns of every line of the run file.
TEST_F(SearcherCli, RunTagIsOneColumn) {
    for (const char* tag : {"a b", "", "tab\there"}) {
        auto r = search({"--format", "trec", "--run-tag", tag, "grain"});
        EXPECT_EQ(r.exit_code, 2) << tag;
        EXPECT_EQ(r.out, "");
        EXPECT_NE(r.err.find("searcher: --run-tag: a run tag is one word"), std::string::npos)
            << r.err;
    }
}

TEST_F(SearcherCli, BatchQueriesAsJsonLines) {
    TempDir tmp;
    write_file(tmp / "q.tsv", "a\tmoscow\nb\tsahel\n");
    auto r = search({"--queries", tmp / "q.tsv", "--json", "-n", "2"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    std::istringstream lines(r.out);
    std::string line;
    std::vector<std::string> qids;
    while (std::getline(lines, line)) qids.push_back(json::parse(line)["qid"]);
    EXPECT_EQ(qids, (std::vector<std::string>{"a", "b"}));
}

// Regression (a review): batch TSV and id lists had no qid: which query a line answered was lost.
TEST_F(SearcherCli, BatchTsvAndIdsStartWithTheQid) {
    TempDir tmp;
    write_file(tmp / "q.tsv", "a\tmoscow\nnone\tzorbleflux\nb\tsahel\n");
    auto tsv = search({"--queries", tmp / "q.tsv", "--format", "tsv", "--fields", "id", "-n", "2"});
    EXPECT_EQ(tsv.exit_code, 0) << tsv.err;
    auto ids = search({"--queries", tmp / "q.tsv", "--format", "ids", "-n", "2"});
    EXPECT_EQ(ids.exit_code, 0) << ids.err;
    // The same lines: qid, a tab, the id.
    EXPECT_EQ(tsv.out, ids.out);
    std::istringstream lines(ids.out);
    std::vector<std::string> qids;
    for (std::string line; std::getline(lines, line);) {
        ASSERT_NE(line.find('\t'), std::string::npos) << line;
        qids.push_back(line.substr(0, line.find('\t')));
    }
    EXPECT_EQ(qids, (std::vector<std::string>{"a", "a", "b", "b"}));
    // One query: no qid column.
    auto one = search({"--format", "tsv", "--fields", "id", "-n", "1", "moscow"});
    EXPECT_EQ(one.out.find('\t'), std::string::npos) << one.out;
}

// Regression (a review): one database given twice, or a copy of it, listed every document twice
// (and feedback learned from the pairs).
TEST_F(SearcherCli, TheSameDatabaseTwiceIsRefused) {
    TempDir tmp;
    std::filesystem::copy(db(), tmp / "copy.db", std::filesystem::copy_options::recursive);
    for (const std::string& other : {db(), std::string(tmp / "copy.db")}) {
        auto r = searcher({"--db", db(), "--db", other, "sahel"});
        EXPECT_EQ(r.exit_code, 2);
        EXPECT_EQ(r.err, "searcher: " + other + " and " + db() +
                             " hold the same database (the same UUID: a copy, or one path given "
                             "twice); give it once\n");
        EXPECT_EQ(r.out, "");
    }
}

TEST_F(SearcherCli, IdsFormatAndRankingSwitches) {
    auto with = search({"--format", "ids", "-n", "100", "sahel grain"});
    auto without =
        search({"--format", "ids", "-n", "100", "--no-feedback", "--no-stopwords", "sahel grain"});
    EXPECT_EQ(with.exit_code, 0);
    auto sorted_lines = [](const std::string& s) {
        std::vector<std::string> v;
        std::istringstream in(s);
        for (std::string l; std::getline(in, l);) v.push_back(l);
        std::sort(v.begin(), v.end());
        return v;
    };
    // Feedback re-ranks but never changes which documents match.
    EXPECT_EQ(sorted_lines(with.out), sorted_lines(without.out));
    EXPECT_EQ(search({"--b", "2", "x"}).exit_code, 2);
}

TEST_F(SearcherCli, CaseAndLoneExclusions) {
    EXPECT_EQ(ids("Visits"), ids("visits"));
    EXPECT_EQ(ids("Title:Moscow"), ids("title:moscow"));
    auto without = ids("-mali");
    EXPECT_EQ(without.size(), 31u - ids("mali").size());
    EXPECT_FALSE(contains(without, kSeedId));
}

TEST_F(SearcherCli, EmptyPageAndWriteErrors) {
    auto r = search({"-n", "0", "moscow"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.out, "No results on this page: about 2 in all (see --offset, --limit)\n");
    auto full = run({"/bin/sh", "-c", kSearcher + " --db '" + db() + "' moscow > /dev/full"});
    EXPECT_EQ(full.exit_code, 2);
    EXPECT_EQ(full.err, "searcher: cannot write the results: No space left on device\n");
    auto pipe = run({"/bin/sh", "-c",
                     kSearcher + " --db '" + db() +
                         "' -n 100 sahel | head -c 1 > /dev/null; echo ${PIPESTATUS:-0}"});
    EXPECT_EQ(pipe.err, "");
}

TEST_F(SearcherCli, DatabasesWithDifferentLanguagesAreNotMixed) {
    TempDir tmp;
    write_file(tmp / "fr/a.txt", "Maison\n\nLes maisons.\n");
    ASSERT_EQ(indexer({"--db", tmp / "fr.db", "--language", "french", tmp / "fr"}).exit_code, 0);
    auto r = searcher({"--db", db(), "--db", tmp / "fr.db", "maison"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("was indexed with language 'french'"), std::string::npos) << r.err;
}

// Regression (a review): a stub file listing a database built before fold_first beside a newer
// one was searched (each missing the other's accented words) and merged, without a word; several
// --db were refused. A stub's databases must agree too, for the searcher and for --merge.
TEST_F(SearcherCli, StubsAndMergesOfDatabasesMakingDifferentTermsAreRefused) {
    TempDir tmp;
    write_file(tmp / "a/r.txt", "CV\n\nHer résumé.\n");
    ASSERT_EQ(indexer({"--db", tmp / "new.db", tmp / "a"}).exit_code, 0);
    ASSERT_EQ(indexer({"--db", tmp / "old.db", tmp / "a"}).exit_code, 0);
    {
        Xapian::WritableDatabase w(tmp / "old.db", Xapian::DB_OPEN);
        w.set_metadata("fts.analysis",
                       R"({"language":"english","stemming":"all","stopword_positions":false,)"
                       R"("cjk_ngrams":true,"fold_accents":true,"title_weight":2})");
        w.commit();
    }
    write_file(tmp / "stub/XAPIANDB",
               "auto " + (tmp / "new.db") + "\nauto " + (tmp / "old.db") + "\n");
    auto r = searcher({"--db", tmp / "stub", "resume"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("listed together, fold accents differently"), std::string::npos) << r.err;
    auto m = indexer({"--merge", tmp / "m.db", tmp / "stub"});
    EXPECT_EQ(m.exit_code, 2);
    EXPECT_NE(m.err.find("--merge: "), std::string::npos) << m.err;
    EXPECT_NE(m.err.find("fold accents differently"), std::string::npos) << m.err;
    EXPECT_FALSE(std::filesystem::exists(tmp / "m.db"));
    // Agreeing databases in a stub are searched as before.
    write_file(tmp / "stub2/XAPIANDB", "auto " + (tmp / "new.db") + "\n");
    EXPECT_EQ(searcher({"--db", tmp / "stub2", "resume"}).exit_code, 0);
}

// A database built before stopwords lost their positions matches phrases with them: searched
// with a newer one, one phrase rewriting would be wrong for the other.
TEST_F(SearcherCli, DatabasesIndexingStopwordsDifferentlyAreNotMixed) {
    TempDir tmp;
    write_file(tmp / "old/a.txt", "State of emergency\n\nA state of emergency was declared.\n");
    ASSERT_EQ(indexer({"--db", tmp / "old.db", tmp / "old"}).exit_code, 0);
    {
        Xapian::WritableDatabase w(tmp / "old.db", Xapian::DB_OPEN);
        w.set_metadata("fts.analysis",
                       R"({"language":"english","stemming":"all","title_weight":2})");
        w.commit();
    }
    auto r = searcher({"--db", db(), "--db", tmp / "old.db", "\"state of emergency\""});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_NE(r.err.find("index stopwords differently"), std::string::npos) << r.err;
    // On its own, the older database still answers.
    EXPECT_EQ(searcher({"--db", tmp / "old.db", "emergency"}).exit_code, 0);
}
