// CLI tests: what a query means, as the README says it (regressions found by a differential test
// that compared thousands of random queries with a model of the README).
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "cli_support.h"

using namespace fts::test;

namespace {

std::string ids_for(const std::string& db, const std::vector<std::string>& args) {
    std::vector<std::string> all{"--db", db, "--format", "ids", "-n", "100"};
    all.insert(all.end(), args.begin(), args.end());
    return searcher(all).out;
}

// Three articles: a holds the phrase "grain market" and the tag "Grain Trade"; c holds "the" and
// "of" (stopwords, indexed without positions), b neither.
class QuerySemantics : public ::testing::Test {
  protected:
    void SetUp() override {
        write_file(
            tmp_ / "docs.jsonl",
            R"({"id": "a", "title": "Grain report", "body": "The grain market opened.", "tags": ["Grain Trade"]})"
            "\n"
            R"({"id": "b", "title": "Storm report", "body": "A storm hit the coast.", "tags": ["energy"]})"
            "\n"
            R"({"id": "c", "title": "Market report", "body": "The market of the town and the grain of the farm.", "tags": ["energy"]})"
            "\n");
        ASSERT_EQ(indexer({"--db", db_, tmp_ / "docs.jsonl"}).exit_code, 0);
    }
    TempDir tmp_;
    std::string db_ = tmp_ / "db";
};

}  // namespace

// Xapian 1.4's parser reads `-` alone before a phrase or a field as the words themselves.
TEST_F(QuerySemantics, AQueryOfExclusionsOnlyExcludes) {
    EXPECT_EQ(ids_for(db_, {"--", "-grain"}), "b\n");
    EXPECT_EQ(ids_for(db_, {"--sort", "date", "--", "-\"grain market\""}), "b\nc\n");
    EXPECT_EQ(ids_for(db_, {"--sort", "date", "--", "-tag:\"grain trade\""}), "b\nc\n");
    EXPECT_EQ(ids_for(db_, {"--", "-tag:\"grain trade\" -storm"}), "c\n");
}

TEST_F(QuerySemantics, ASignBeforeAPhraseOfStopwordsAppliesToThePhrase) {
    EXPECT_EQ(ids_for(db_, {"--sort", "date", "--", "report -\"the of\""}), "a\nb\n");
    EXPECT_EQ(ids_for(db_, {"--", "report +\"the of\""}), "c\n");
}

TEST_F(QuerySemantics, OperatorWordsInsideQuotesArePartOfThePhrase) {
    EXPECT_EQ(ids_for(db_, {"--", "\"grain AND market\""}), "a\n");
    EXPECT_EQ(ids_for(db_, {"--", "\"grain and market\""}), "a\n");
}

// The total was Xapian's estimate at exactly 100 matches (it checked 100, not 101).
TEST(QueryTotals, ExactAtExactlyAHundredMatches) {
    TempDir tmp;
    std::string feed;
    for (int i = 0; i < 200; ++i)
        feed += "{\"id\":\"d" + std::to_string(i) + "\",\"body\":\"storm\",\"date\":\"" +
                (i % 2 ? "2021-05-01" : "2019-05-01") + "\"}\n";
    write_file(tmp / "docs.jsonl", feed);
    ASSERT_EQ(indexer({"--db", tmp / "db", tmp / "docs.jsonl"}).exit_code, 0);
    for (const char* until : {"2020", "2019-05-01"}) {
        auto r = searcher({"--db", tmp / "db", "--json", "--until", until, "storm"});
        EXPECT_EQ(nlohmann::json::parse(r.out)["total"], 100) << until;
    }
}

// Xapian 1.4.22's matcher gave a document without a phrase the phrase's weight when the query was
// filtered by a range of the date value (date ranges are now the date terms), and when a required
// word made the rest optional (`+a b "c d"`: its parts are now optional one by one).
TEST(QueryWeights, APhraseWeighsNothingInDocumentsWithoutIt) {
    TempDir tmp;
    write_file(
        tmp / "docs.jsonl",
        R"({"id": "d0", "title": "flood storm votes", "body": "vote storm", "date": "2021-05-01"})"
        "\n"
        R"({"id": "d1", "title": "floods storm flood", "body": "a flood storm votes a floods", "date": "2021-05-01"})"
        "\n"
        R"({"id": "d3", "title": "storm flood", "body": "storm a a floods", "date": "2021-05-01"})"
        "\n"
        R"({"id": "d4", "title": "flood floods vote", "body": "power votes", "date": "2021-05-01"})"
        "\n"
        R"({"id": "d5", "title": "power", "body": "vote flood", "date": "2019-05-01"})"
        "\n");
    ASSERT_EQ(indexer({"--db", tmp / "db", tmp / "docs.jsonl"}).exit_code, 0);
    const std::string q = "power \"a\" title:\"flood votes\"";
    auto scores = [&](std::vector<std::string> extra) {
        std::vector<std::string> args{"--db", tmp / "db", "--no-feedback", "--format",
                                      "tsv",  "--fields", "id,score"};
        args.insert(args.end(), extra.begin(), extra.end());
        args.push_back("--");
        args.push_back(q);
        return searcher(args).out;
    };
    const std::string all = scores({});
    ASSERT_NE(all.find("d3\t"), std::string::npos) << all;
    const std::string d3 =
        all.substr(all.find("d3\t"), all.find('\n', all.find("d3\t")) - all.find("d3\t"));
    for (const auto& extra : std::vector<std::vector<std::string>>{
             {"--since", "2020"}, {"--until", "2021-12"}, {"--since", "2021-05-01"}}) {
        const std::string filtered = scores(extra);
        EXPECT_EQ(filtered.substr(0, 3), "d4\t") << filtered;  // the one article with the phrase
        EXPECT_NE(filtered.find(d3 + "\n"), std::string::npos) << extra[0] << "\n" << filtered;
    }
}

TEST(QueryWeights, AShortPageOfARequiredWordAndAPhraseIsTheStartOfTheLongList) {
    // A few hundred articles over a small vocabulary, so that phrases and words overlap a lot.
    const std::vector<std::string> vocab{"flood", "market", "visit", "town",  "storm", "grain",
                                         "river", "vote",   "power", "coast", "farm",  "trade"};
    std::uint32_t seed = 12345;
    auto next = [&] { return (seed = seed * 1103515245u + 12345u) >> 16; };
    std::string feed;
    for (int i = 0; i < 300; ++i) {
        std::string title, body;
        for (int w = 0, n = 2 + next() % 3; w < n; ++w) title += vocab[next() % vocab.size()] + " ";
        for (int w = 0, n = 5 + next() % 20; w < n; ++w) body += vocab[next() % vocab.size()] + " ";
        feed += "{\"id\":\"d" + std::to_string(i) + "\",\"title\":\"" + title + "\",\"body\":\"" +
                body + "\"}\n";
    }
    TempDir tmp;
    write_file(tmp / "docs.jsonl", feed);
    ASSERT_EQ(indexer({"--db", tmp / "db", tmp / "docs.jsonl"}).exit_code, 0);
    auto top = [&](const std::string& q, const std::string& n, std::size_t lines) {
        std::string out = searcher({"--db", tmp / "db", "--no-feedback", "--format", "tsv",
                                    "--fields", "id,score", "-n", n, "--", q})
                              .out;
        std::size_t end = 0;
        for (std::size_t k = 0; k < lines && end != std::string::npos; ++k)
            end = out.find('\n', end + (k ? 1 : 0));
        return out.substr(0, end);
    };
    for (const char* q :
         {"+flood visit \"market market\"", "+flood visit \"market town\"",
          "+storm grain \"river river\" coast", "+vote +power \"farm trade\" town"}) {
        EXPECT_EQ(top(q, "5", 5), top(q, "1000", 5)) << q;
    }
}
