// CLI tests for the search experience (issue 7): did you mean, dates, recency, facets, more like
// this, explanations, duplicates, output formats, manners and the interactive prompt.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>
#include <poll.h>
#include <pty.h>
#include <sys/wait.h>
#include <unistd.h>
#include <xapian.h>

#include <chrono>
#include <cmath>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <thread>

#include "cli_support.h"

using namespace fts::test;
using nlohmann::json;

namespace {

class ExperienceCli : public ::testing::Test {
  protected:
    static void SetUpTestSuite() {
        tmp_ = new TempDir();
        auto r = indexer({"--db", db(), "-q", kCorpus});
        ASSERT_EQ(r.exit_code, 0) << r.err;
    }
    static void TearDownTestSuite() {
        delete tmp_;
        tmp_ = nullptr;
    }
    static std::string db() { return *tmp_ / "db"; }
    static ProcessResult search(std::vector<std::string> args, const std::string& input = "") {
        args.insert(args.begin(), {kSearcher, "--db", db(), "--color=never"});
        return run(args, input);
    }
    static TempDir* tmp_;
};
TempDir* ExperienceCli::tmp_ = nullptr;

// Runs `argv` on a pseudo-terminal, as a person at a terminal would.
class Pty {
  public:
    Pty(const std::vector<std::string>& argv, const std::vector<std::string>& env) {
        pid_ = forkpty(&fd_, nullptr, nullptr, nullptr);
        if (pid_ == 0) {
            ::unsetenv("NO_COLOR");
            ::setenv("TERM", "xterm", 1);
            for (const auto& e : env) ::putenv(const_cast<char*>(e.c_str()));
            std::vector<char*> args;
            for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
            args.push_back(nullptr);
            ::execv(args[0], args.data());
            ::_exit(127);
        }
    }
    ~Pty() {
        if (fd_ >= 0) ::close(fd_);
        if (pid_ > 0 && !waited_) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
    }
    // Types like a person: a moment after the prompt appeared (libedit prints the prompt before
    // it puts the terminal in raw mode; keys typed before that are cooked by the terminal).
    void type(const std::string& keys) {
        std::this_thread::sleep_for(std::chrono::milliseconds(150));
        ASSERT_EQ(::write(fd_, keys.data(), keys.size()), static_cast<ssize_t>(keys.size()));
    }
    // Reads until `needle` has appeared `count` times in all output so far (or 10 s pass).
    bool wait_for(const std::string& needle, int count = 1) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (occurrences(needle) < count) {
            if (std::chrono::steady_clock::now() > deadline) return false;
            if (!read_some(100)) return occurrences(needle) >= count;
        }
        return true;
    }
    int exit_code() {
        int status = 0;
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(10);
        while (::waitpid(pid_, &status, WNOHANG) == 0) {
            if (std::chrono::steady_clock::now() > deadline) return -1;
            read_some(50);  // keep draining so the child never blocks on a full terminal
        }
        waited_ = true;
        return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    }
    const std::string& output() const { return output_; }

  private:
    // False once the terminal is closed.
    bool read_some(int timeout_ms) {
        pollfd p{fd_, POLLIN, 0};
        if (::poll(&p, 1, timeout_ms) <= 0) return true;
        char buf[4096];
        ssize_t n = ::read(fd_, buf, sizeof buf);
        if (n <= 0) return false;
        output_.append(buf, static_cast<std::size_t>(n));
        return true;
    }
    int occurrences(const std::string& needle) const {
        int n = 0;
        for (auto pos = output_.find(needle); pos != std::string::npos;
             pos = output_.find(needle, pos + 1))
            ++n;
        return n;
    }
    int fd_ = -1;
    pid_t pid_ = -1;
    bool waited_ = false;
    std::string output_;
};

std::vector<std::string> lines(const std::string& s) {
    std::vector<std::string> v;
    std::istringstream in(s);
    for (std::string l; std::getline(in, l);) v.push_back(l);
    return v;
}

}  // namespace

// ---- Did you mean --------------------------------------------------------------------------

TEST_F(ExperienceCli, DidYouMeanGoesToStderrInTextAndIntoJson) {
    auto r = search({"sahl delegatoins"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.out, "No results for: sahl delegatoins\n");
    EXPECT_EQ(r.err, "searcher: did you mean: sahel delegations?\n");

    auto j = json::parse(search({"--json", "title:delegatoins"}).out);
    EXPECT_EQ(j["suggestion"], "title:delegations");
    EXPECT_EQ(j["corrected"], false);

    // Words that are indexed (as themselves or by their stem) are never "corrected"; nor are
    // operators, exact fields, numbers and wildcards.
    EXPECT_EQ(search({"election AND votes"}).err, "");
    EXPECT_EQ(search({"tag:enrgy OR year:2024 OR delegat*"}).err, "");
}

TEST_F(ExperienceCli, CorrectSearchesTheSuggestion) {
    auto r = search({"--correct", "--format", "ids", "sahl delegatoins"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err,
              "searcher: showing results for: sahel delegations (instead of: sahl delegatoins)\n");
    EXPECT_EQ(lines(r.out).front(), "world/moscow-sahel-delegations.md");
    auto j = json::parse(search({"--correct", "--json", "-n", "1", "sahl"}).out);
    EXPECT_EQ(j["query"], "sahl");
    EXPECT_EQ(j["suggestion"], "sahel");
    EXPECT_EQ(j["corrected"], true);
    EXPECT_EQ(j["results"][0]["id"], "world/moscow-sahel-delegations.md");
}

TEST_F(ExperienceCli, NoSpellingDataMeansNoSuggestionNotAnError) {
    TempDir tmp;
    {
        Xapian::WritableDatabase w(tmp / "plain", Xapian::DB_CREATE);  // no spelling table
        Xapian::Document d;
        d.add_term("Zsahel");
        d.set_data("{\"id\": \"a\", \"title\": \"A\", \"text\": \"sahel\"}");
        w.add_document(d);
        w.commit();
    }
    auto r = searcher({"--db", tmp / "plain", "sahl"});
    EXPECT_EQ(r.exit_code, 1);
    EXPECT_EQ(r.err, "");
}

// ---- Dates -----------------------------------------------------------------------------------

TEST_F(ExperienceCli, SinceUntilAreTheDateRangeOfTheQueryLanguage) {
    const std::string expected =
        "world/niger-grain-corridor.md\nwire-2024-0027\nworld/moscow-sahel-delegations.md\n";
    EXPECT_EQ(
        search({"--since", "2024-03", "--until", "2024-06", "--sort", "date", "--format", "ids"})
            .out,
        expected);
    EXPECT_EQ(search({"--sort", "date", "--format", "ids", "date:2024-03..2024-06"}).out, expected);
    EXPECT_EQ(search({"--since", "2024-03-15", "--until", "2024-03-15", "--format", "ids"}).out,
              "world/niger-grain-corridor.md\n");
    EXPECT_EQ(search({"--until", "2019", "--format", "ids", "--sort", "-date"}).out,
              "business/2019-09-21-wind-farm-vote.md\ndigest-2019-06\n"
              "culture/museum-textile-exhibition.html\n");
}

TEST_F(ExperienceCli, SortByDate) {
    EXPECT_EQ(search({"--sort", "-date", "--format", "tsv", "--fields", "date,id", "-n", "3"}).out,
              "2025-03-09\tworld/island-nation-elections.html\n"
              "2025-01-22\ttech/open-source-database-release.md\n"
              "2024-11-18\twire-2024-0058\n");
    // Oldest first, undated articles last.
    auto all =
        lines(search({"--sort", "date", "--format", "tsv", "--fields", "date", "-n", "100"}).out);
    ASSERT_EQ(all.size(), 31u);
    EXPECT_EQ(all.front(), "2019-04-27");
    EXPECT_EQ(all[23], "2025-03-09");
    EXPECT_EQ(all[24], "");
    EXPECT_EQ(all.back(), "");
}

TEST_F(ExperienceCli, RecentFavoursNewerArticlesDeterministically) {
    // A 2019 story third on relevance; a 2022 one takes its place once recency counts...
    EXPECT_EQ(search({"--format", "ids", "-n", "3", "power"}).out,
              "world/moscow-sahel-delegations.md\nwire-2024-0012\n"
              "business/2019-09-21-wind-farm-vote.md\n");
    EXPECT_EQ(
        search({"--format", "ids", "-n", "3", "--recent", "power"}).out,
        "world/moscow-sahel-delegations.md\nwire-2024-0012\nworld/coastal-storm-landfall.html\n");
    // 2022-09-08 against 2024-11-18: the newer one stays ahead with recency...
    EXPECT_EQ(search({"--format", "ids", "climate"}).out,
              "wire-2024-0058\nscience/geothermal-pilot.md\n");
    EXPECT_EQ(search({"--format", "ids", "--recent", "climate"}).out,
              "wire-2024-0058\nscience/geothermal-pilot.md\n");
    // ...relative to the reference date, so another "now" favours the articles near it.
    EXPECT_EQ(search({"--format", "ids", "--recent", "--now", "2022-12", "climate"}).out,
              "science/geothermal-pilot.md\nwire-2024-0058\n");
    auto j = json::parse(search({"--json", "--recent", "--explain", "-n", "1", "climate"}).out);
    const auto& parts = j["results"][0]["explain"]["parts"];
    EXPECT_EQ(parts.back()["kind"], "recency");
    EXPECT_EQ(parts.back()["detail"],
              "dated 2024-11-18, 111 days before 2025-03-09; half-life 365 days");
    // With a date order it had nothing to do, and was accepted without a word (a review).
    auto r = search({"--recent", "--sort", "date", "climate"});
    EXPECT_EQ(r.exit_code, 2);
    EXPECT_EQ(r.err, "searcher: --recent: only with relevance order, not with --sort date\n");
}

// ---- Facets ----------------------------------------------------------------------------------

TEST_F(ExperienceCli, FacetsCountEveryMatchNotJustThePage) {
    auto r = search(
        {"--facet", "year", "--facet", "source", "-n", "1", "--snippet-length", "0", "tag:energy"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_EQ(r.out, lines(r.out).front() + "\n" + lines(r.out)[1] +
                         "\n\nResults 1-1 of about 4\n\n"
                         "year: 2024 (2), 2021 (1), 2022 (1)\n"
                         "source: Sahel Dispatch (2), example.org (1), Northern Ledger (1)\n");
    auto j = json::parse(search({"--json", "-n", "0", "--facet", "tag", "--facet-limit", "3",
                                 "--facet", "author", "tag:sahel"})
                             .out);
    EXPECT_EQ(j["facets"]["tag"], json::parse(R"([{"value":"sahel","count":4},
        {"value":"energy","count":2},{"value":"burkina faso","count":1}])"));
    EXPECT_EQ(j["facets"]["author"], json::parse(R"([{"value":"Amina Diallo","count":3},
        {"value":"Pierre Koné","count":1}])"));
}

TEST_F(ExperienceCli, FacetsOfArticlesIndexedBeforeSay) {
    TempDir tmp;
    {
        Xapian::WritableDatabase w(tmp / "old", Xapian::DB_CREATE);
        Xapian::Document d;
        d.add_term("Zsahel");
        d.add_value(0, "20240101");
        d.set_data("{\"id\": \"a\", \"title\": \"A\", \"text\": \"sahel\"}");
        w.add_document(d);
        w.commit();
    }
    auto r = searcher({"--db", tmp / "old", "--facet", "tag", "--facet", "year", "sahel"});
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err,
              "searcher: warning: --facet: 1 matching articles were indexed before facets existed "
              "and are not counted (re-index them with indexer --force)\n");
    EXPECT_NE(r.out.find("\ntag: (none)\nyear: 2024 (1)\n"), std::string::npos) << r.out;
}

// ---- More like this --------------------------------------------------------------------------

TEST_F(ExperienceCli, LikeFindsSimilarArticlesButNotItself) {
    EXPECT_EQ(search({"--like", "world/niger-grain-corridor.md", "--format", "ids"}).out,
              "world/moscow-sahel-delegations.md\nwire-2024-0012\n"
              "world/sahel-peace-corps-veterans.txt\nworld/000_86eb649a90199d64.txt\n");
    // Query words filter the similar articles; the near-duplicate is the most similar of all.
    EXPECT_EQ(search({"--like", "wire-2024-0041", "--format", "ids", "-n", "1"}).out,
              "digest-2024-09\n");
    EXPECT_EQ(search({"--like", "world/niger-grain-corridor.md", "--format", "ids", "moscow"}).out,
              "world/moscow-sahel-delegations.md\nworld/000_86eb649a90199d64.txt\n");
}

// ---- Explain ---------------------------------------------------------------------------------

TEST_F(ExperienceCli, ExplainShowsTermsAndFieldsThatAddUpToTheScore) {
    auto r = search(
        {"--no-feedback", "--explain", "-n", "1", "--snippet-length", "0", "title:grain corridor"});
    EXPECT_EQ(r.out,
              "1. Traders Reopen Grain Corridor Between Niger and Burkina Faso  [7.280]\n"
              "   world/niger-grain-corridor.md · 2024-03-15 · Amina Diallo · Sahel Dispatch\n"
              "   score 7.280 = sum of:\n"
              "       +4.946  corridor (text: 3 times here; in 1 of 31 articles)\n"
              "       +2.333  grain (title: 1 time here; in 2 of 31 articles)\n"
              "\n"
              "Results 1-1 of about 2\n");
    // Regression (a review): filters alone printed "score 0.000 = sum of:" and nothing.
    r = search({"--explain", "-n", "1", "--snippet-length", "0", "--since", "2025"});
    EXPECT_NE(r.out.find("   score 0.000 (no query words: filters only rank nothing)\n"),
              std::string::npos)
        << r.out;
    // With feedback, recency, phrases, wildcards, exclusions, like: the parts still add up.
    for (std::vector<std::string> args : {std::vector<std::string>{"sahel grain"},
                                          {"--recent", "\"state of emergency\" storm"},
                                          {"clim* -wind"},
                                          {"--like", "world/niger-grain-corridor.md"},
                                          {"sahel sahel +niger"},
                                          // Regression: the words of a phrase or an AND counted
                                          // in articles that have them but not the phrase.
                                          {"--no-feedback", "\"Africa Corps\" OR Moscow OR sahel"},
                                          {"\"africa corps\" OR africa OR sahel"},
                                          {"(grain AND corridor) OR sahel"},
                                          // ... and a wildcard twice, one branch matching.
                                          {"(energ* AND wind) OR (energ* AND solar)"},
                                          {"(clim* AND zzzqq) OR clim*"}}) {
        args.insert(args.begin(), {"--json", "--explain", "-n", "5"});
        auto j = json::parse(search(args).out);
        ASSERT_FALSE(j["results"].empty()) << args.back();
        for (const auto& hit : j["results"]) {
            double sum = 0;
            for (const auto& p : hit["explain"]["parts"]) sum += p["weight"].get<double>();
            EXPECT_NEAR(sum, hit["score"].get<double>(), 0.0005 * hit["explain"]["parts"].size())
                << args.back() << " " << hit["id"];
        }
    }
    auto j = json::parse(search({"--json", "--explain", "-n", "1", "sahel"}).out);
    EXPECT_EQ(j["results"][0]["explain"]["parts"].back()["kind"], "feedback");
}

TEST_F(ExperienceCli, ExplainAddsUpOverTwoDatabasesHoldingTheSameIds) {
    // Regression: the parts were found by id, so the other database's copy answered for them.
    TempDir other;
    ASSERT_EQ(indexer({"--db", other / "db", "-q", kCorpus}).exit_code, 0);
    auto j = json::parse(
        search({"--db", other / "db", "--json", "--explain", "-n", "4", "grain corridor"}).out);
    ASSERT_EQ(j["results"].size(), 4u);
    for (const auto& hit : j["results"]) {
        double sum = 0;
        for (const auto& p : hit["explain"]["parts"]) sum += p["weight"].get<double>();
        EXPECT_GT(hit["explain"]["parts"].size(), 0u) << hit["id"];
        EXPECT_NEAR(sum, hit["score"].get<double>(), 0.0005 * hit["explain"]["parts"].size())
            << hit["id"];
    }
}

// ---- Duplicates ------------------------------------------------------------------------------

TEST_F(ExperienceCli, CollapseFoldsTheSameStoryFromTwoFeeds) {
    EXPECT_EQ(search({"--format", "ids", "seamounts"}).out, "digest-2024-09\nwire-2024-0041\n");
    auto r = search({"--collapse", "--snippet-length", "0", "seamounts"});
    EXPECT_EQ(r.out,
              "1. Research ship maps unknown seamounts in South Atlantic  [26.371]\n"
              "   digest-2024-09 · 2024-09-03 · Regional Digest · +1 near-duplicate\n"
              "\n"
              "Results 1-1 of about 1\n");
    EXPECT_EQ(
        search({"--collapse", "--format", "tsv", "--fields", "id,duplicates", "-n", "3", "water"})
            .out,
        "digest-2024-09\t1\nscience/geothermal-pilot.md\t0\ndigest-2019-06\t0\n");
}

// ---- Output for scripts ----------------------------------------------------------------------

TEST_F(ExperienceCli, JsonLinesTsvAndFields) {
    EXPECT_EQ(search({"--format", "jsonl", "--fields", "rank,id", "water", "-n", "2"}).out,
              "{\"id\":\"digest-2024-09\",\"rank\":1}\n{\"id\":\"wire-2024-0041\",\"rank\":2}\n");
    EXPECT_EQ(search({"--format", "tsv", "-n", "2", "election"}).out,
              "1\tworld/island-nation-elections.html\t12.2079\t2025-03-09\tIsland Republic Votes "
              "in Closely Watched Parliamentary Elections\n"
              "2\twire-2024-0027\t11.1370\t2024-05-26\tNorthern Province Holds Regional Elections "
              "Under New Voting Rules\n");
    auto jl = lines(search({"--format", "jsonl", "-n", "3", "sahel"}).out);
    ASSERT_EQ(jl.size(), 3u);
    auto first = json::parse(jl[0]);
    for (const char* key : {"rank", "id", "title", "score", "date", "path", "url", "author",
                            "source", "tags", "snippet", "highlights"})
        EXPECT_TRUE(first.contains(key)) << key;
    EXPECT_FALSE(first.contains("explain"));
    // Warnings never go to stdout in line formats.
    auto w = search({"--format", "tsv", "--fields", "id", "moscow AND ("});
    EXPECT_EQ(w.out, "world/moscow-sahel-delegations.md\nworld/000_86eb649a90199d64.txt\n");
    EXPECT_NE(w.err.find("searcher: warning: query syntax"), std::string::npos);
}

TEST_F(ExperienceCli, BadInputIsOneLineNamingTheOptionAndExitTwo) {
    const std::vector<std::pair<std::vector<std::string>, std::string>> cases{
        {{"--facet", "colour", "x"},
         "searcher: --facet: unknown facet 'colour' (choose from: source, author, tag, year)\n"},
        {{"--since", "2024-13", "x"},
         "searcher: --since 2024-13: not a date (use YYYY, YYYY-MM or YYYY-MM-DD)\n"},
        {{"--until", "soon", "x"},
         "searcher: --until soon: not a date (use YYYY, YYYY-MM or YYYY-MM-DD)\n"},
        {{"--since", "2024", "--until", "2023", "x"},
         "searcher: --since 2024 is after --until 2023\n"},
        // Regression (a review): the same range in the query found nothing, with exit status 1.
        {{"grain date:2024-06..2024-03"},
         "searcher: date:2024-06..2024-03: the range ends before it starts\n"},
        {{"--recent", "--now", "yesterday", "x"},
         "searcher: --now yesterday: not a date (use YYYY, YYYY-MM or YYYY-MM-DD)\n"},
        {{"--like", "no/such-article.md"},
         "searcher: --like no/such-article.md: no article with this id\n"},
        {{"--json", "--fields", "id,colour", "x"},
         "searcher: --fields: unknown field 'colour' (choose from: rank, id, title, score, date, "
         "path, url, author, source, tags, snippet, highlights, duplicates, explain)\n"},
        {{"--fields", "id", "x"}, "searcher: --fields: only with --format json, jsonl or tsv\n"},
        // Regression (a review): an empty list meant the default fields, an empty item nothing.
        {{"--json", "--fields", "", "x"},
         "searcher: --fields: has an empty field name (e.g. --fields id,title,score) (see "
         "--help)\n"},
        {{"--json", "--fields", "id,,title", "x"},
         "searcher: --fields: has an empty field name (e.g. --fields id,title,score) (see "
         "--help)\n"},
        {{"--format", "tsv", "--facet", "tag", "x"},
         "searcher: --facet: only with --format text or json\n"},
        {{"--sort", "sideways", "x"},
         "searcher: --sort: sideways not in {relevance,date,-date} (see --help)\n"},
        // Regression: a depth or document count near 2^32 wrapped around and crashed.
        {{"--feedback-depth", "4294967290", "x"},
         "searcher: --feedback-depth: 4294967290 is out of range (0 to 100000) (see --help)\n"},
        {{"--feedback-docs", "4294967295", "x"},
         "searcher: --feedback-docs: 4294967295 is out of range (0 to 1000) (see --help)\n"},
        // A fraction for a whole number was reported "out of range" although within it.
        {{"--feedback-depth", "1.5", "x"},
         "searcher: --feedback-depth: 1.5 is not a whole number (0 to 100000) (see --help)\n"},
        {{"-n", "2.5", "x"},
         "searcher: --limit: 2.5 is not a whole number (0 to 1000000) (see --help)\n"},
        {{"--k1", "150.5", "x"}, "searcher: --k1: 150.5 is out of range (0 to 100) (see --help)\n"},
        // Regression (a review): "nan" passed every range check, and scores printed as nan.
        {{"--k1", "nan", "x"}, "searcher: --k1: 'nan' is not a number (0 to 100) (see --help)\n"},
        {{"--feedback-weight", "nan", "x"},
         "searcher: --feedback-weight: 'nan' is not a number (0 to 10) (see --help)\n"},
        {{"--half-life", "nan", "x"},
         "searcher: --half-life: 'nan' is not a number (0.001 to 1000000) (see --help)\n"},
        {{"-n", "1e1", "x"},
         "searcher: --limit: 1e1 is not a whole number (0 to 1000000) (see --help)\n"},
        {{"--offset", "1.5", "x"},
         "searcher: --offset: 1.5 is not a whole number (0 to 1000000000) (see --help)\n"},
        {{"--facet-limit", "abc", "x"},
         "searcher: --facet-limit: 'abc' is not a number (0 to 1000000) (see --help)\n"},
    };
    for (const auto& [args, message] : cases) {
        auto r = search(args);
        EXPECT_EQ(r.exit_code, 2) << args.front();
        EXPECT_EQ(r.err, message);
        EXPECT_EQ(r.out, "");
    }
}

// ---- Manners ---------------------------------------------------------------------------------

TEST_F(ExperienceCli, HelpHasAnExampleForEveryOption) {
    auto r = run({kSearcher, "--help"});
    EXPECT_EQ(r.exit_code, 0);
    // Every option's description (up to the next option) gives an example, except the
    // self-explanatory ones.
    std::vector<std::string> missing;
    std::string option, description;
    auto check = [&] {
        if (!option.empty() && description.find("e.g.") == std::string::npos &&
            option != "-h,--help" && option != "--version" && option != "--json")
            missing.push_back(option);
    };
    for (const auto& line : lines(r.out)) {
        auto start = line.find_first_not_of(' ');
        if (start != std::string::npos && start <= 4 && line[start] == '-') {
            check();
            option = line.substr(start, line.find(' ', start) - start);
            description = line;
        } else if (line.empty() || line.find_first_not_of(' ') == std::string::npos) {
            check();
            option.clear();
        } else {
            description += line;
        }
    }
    check();
    EXPECT_TRUE(missing.empty()) << ::testing::PrintToString(missing);
    for (const char* opt :
         {"--since", "--until", "--sort", "--recent", "--now", "--facet", "--like", "--explain",
          "--collapse", "--correct", "--fields", "--interactive"})
        EXPECT_NE(r.out.find(opt), std::string::npos) << opt;
}

TEST_F(ExperienceCli, VersionOfBothProgramsComesFromTheProject) {
    EXPECT_EQ(run({kSearcher, "--version"}).out, "searcher (fts) " FTS_VERSION "\n");
    EXPECT_EQ(run({kIndexer, "--version"}).out, "indexer (fts) " FTS_VERSION "\n");
}

TEST_F(ExperienceCli, InstallPutsBinariesManPagesAndCompletionInPlace) {
    TempDir prefix;
    auto r = run({FTS_CMAKE_COMMAND, "--install", FTS_BUILD_DIR, "--prefix", prefix.path()});
    ASSERT_EQ(r.exit_code, 0) << r.err;
    for (const char* f : {"bin/indexer", "bin/searcher", "share/man/man1/indexer.1",
                          "share/man/man1/searcher.1", "share/bash-completion/completions/indexer",
                          "share/bash-completion/completions/searcher"})
        EXPECT_TRUE(std::filesystem::exists(prefix / f)) << f;
    const std::string man = read_file(prefix / "share/man/man1/searcher.1");
    EXPECT_NE(man.find(".TH SEARCHER \"1\""), std::string::npos);
    EXPECT_NE(man.find("\\-\\-facet"), std::string::npos);
}

TEST_F(ExperienceCli, BashCompletionOffersOptionsAndValues) {
    const std::string script = std::string(FTS_SOURCE_DIR) + "/completions/fts.bash";
    auto complete = [&](const std::string& words, int cword) {
        return run({"/bin/bash", "-c",
                    "source '" + script + "'; COMP_WORDS=(" + words + "); COMP_CWORD=" +
                        std::to_string(cword) + "; _fts_complete; echo \"${COMPREPLY[*]}\""})
            .out;
    };
    EXPECT_EQ(complete("'" + kSearcher + "' --fac", 1), "--facet --facet-limit\n");
    EXPECT_EQ(complete("'" + kSearcher + "' --facet ''", 2), "source author tag year\n");
    EXPECT_EQ(complete("'" + kSearcher + "' --sort ''", 2), "relevance date -date\n");
    EXPECT_EQ(complete("'" + kSearcher + "' --fields id,da", 2), "id,date\n");
    EXPECT_EQ(complete("'" + kIndexer + "' --reb", 1), "--rebuild\n");
}

// ---- Interactive -----------------------------------------------------------------------------

TEST_F(ExperienceCli, InteractiveReadsLinesFromAPipeToo) {
    auto r = search({"-i", "-n", "1", "--snippet-length", "0"},
                    "grain\n:more\n:open 2\n:more\n:open 9\nsahl\n:bogus\n:quit\nnever run\n");
    EXPECT_EQ(r.exit_code, 0);
    EXPECT_EQ(r.err,
              "searcher: :open: no result '9' on the last page (give a rank shown there)\n"
              "searcher: did you mean: sahel?\n"
              "searcher: unknown command ':bogus' (try :help)\n");
    const std::string article = read_file(kCorpus + "/world/niger-grain-corridor.md");
    auto out = lines(r.out);
    ASSERT_GE(out.size(), 16u);
    EXPECT_EQ(std::vector<std::string>(out.begin(), out.begin() + 12),
              (std::vector<std::string>{
                  "1. Sahel Delegations Meet in Moscow for Talks on Grain and Power  [4.503]",
                  "   world/moscow-sahel-delegations.md · 2024-06-20 · Pierre Koné · Sahel "
                  "Dispatch",
                  "", "Results 1-1 of about 2",
                  "2. Traders Reopen Grain Corridor Between Niger and Burkina Faso  [3.422]",
                  "   world/niger-grain-corridor.md · 2024-03-15 · Amina Diallo · Sahel Dispatch",
                  "", "Results 2-2 of about 2",
                  "Traders Reopen Grain Corridor Between Niger and Burkina Faso",
                  "world/niger-grain-corridor.md · 2024-03-15 · Amina Diallo · Sahel Dispatch",
                  kCorpus + "/world/niger-grain-corridor.md", "tags: sahel, trade, niger"}));
    EXPECT_EQ(out[12], "");
    EXPECT_EQ(out[13],
              "Lorries loaded with millet, sorghum and onions began moving again this week "
              "along the road linking Niamey and Ouagadougou, after traders’ associations "
              "in both countries agreed on a new schedule of escorted convoys.");
    EXPECT_EQ(out[out.size() - 2],
              "No results on this page: about 2 in all (see --offset, --limit)");
    EXPECT_NE(r.out.find("Lorries loaded with millet, sorghum and onions began moving again this "
                         "week along the road linking Niamey and Ouagadougou"),
              std::string::npos);
    EXPECT_EQ(out.back(), "No results for: sahl");
    // EOF ends the session like :quit.
    EXPECT_EQ(search({"-i", "--format", "ids"}, "seamounts\n").out,
              "digest-2024-09\nwire-2024-0041\n");
}

TEST_F(ExperienceCli, InteractiveOnATerminalWithHistoryAndColour) {
    // Keys are typed only once the prompt is back, as a person would.
    Pty pty({kSearcher, "--db", db(), "-i", "-n", "1"}, {});
    ASSERT_TRUE(pty.wait_for("fts> ")) << pty.output();
    pty.type("grain\r");
    ASSERT_TRUE(pty.wait_for("about 2\r\nfts> ")) << pty.output();
    // Matches are painted on a terminal (NO_COLOR is unset here).
    EXPECT_NE(pty.output().find("\x1b[1;31mgrain\x1b[0m"), std::string::npos) << pty.output();
    pty.type("\x1b[A\r");  // up arrow: the last line again, from the history
    ASSERT_TRUE(pty.wait_for("about 2\r\nfts> ", 2)) << pty.output();
    EXPECT_EQ(pty.output().find("^[[A"), std::string::npos) << pty.output();  // read as a key
    pty.type(":open 1\r");
    ASSERT_TRUE(pty.wait_for("ministry’s website.\r\nfts> ")) << pty.output();
    pty.type("\x04");  // Ctrl-D
    EXPECT_EQ(pty.exit_code(), 0) << pty.output();
}

TEST_F(ExperienceCli, NoColorIsHonouredOnATerminal) {
    Pty pty({kSearcher, "--db", db(), "-i", "-n", "1"}, {"NO_COLOR=1"});
    ASSERT_TRUE(pty.wait_for("fts> ")) << pty.output();
    pty.type("grain\r");
    ASSERT_TRUE(pty.wait_for("about 2\r\nfts> ")) << pty.output();
    EXPECT_EQ(pty.output().find("\x1b[1;31m"), std::string::npos) << pty.output();
    pty.type(":quit\r");
    EXPECT_EQ(pty.exit_code(), 0) << pty.output();
}

// ---- A review of the less-used features (regressions) ---------------------------------------

// Regression: with results going to a file (searcher -i | tee log), libedit showed no prompt.
TEST_F(ExperienceCli, InteractivePromptGoesToTheTerminalWhenStdoutIsAFile) {
    TempDir tmp;
    const std::string log = tmp / "log";
    Pty pty({"/bin/sh", "-c",
             "exec '" + kSearcher + "' --db '" + db() + "' -i -n 1 --color never > '" + log + "'"},
            {});
    ASSERT_TRUE(pty.wait_for("fts> ")) << pty.output();
    pty.type("grain\r");
    ASSERT_TRUE(pty.wait_for("grain\r\nfts> ")) << pty.output();
    pty.type(":quit\r");
    EXPECT_EQ(pty.exit_code(), 0) << pty.output();
    EXPECT_EQ(pty.output().find("Results"), std::string::npos) << pty.output();
    EXPECT_NE(read_file(log).find("Results 1-1 of about 2"), std::string::npos) << read_file(log);
}

// Regression: a query that failed became the one :more paged (repeating its error) while :open
// still opened the earlier page; :help and :open wrote text into JSON output; -n 0 paged forever.
TEST_F(ExperienceCli, InteractiveKeepsTheLastQueryThatWorked) {
    auto r =
        search({"-i", "-n", "1", "--format", "ids"}, "grain\ndate:2024-13\n:more\n:more\n:help\n");
    EXPECT_EQ(r.out, "world/moscow-sahel-delegations.md\nworld/niger-grain-corridor.md\n");
    EXPECT_NE(r.err.find("date:2024-13"), std::string::npos) << r.err;
    EXPECT_NE(r.err.find(":open N"), std::string::npos) << r.err;  // the help, on stderr
    EXPECT_EQ(r.exit_code, 0);
    auto j = search({"-i", "-n", "1", "--format", "jsonl"}, "grain\n:open 1\n:help\n");
    auto out = lines(j.out);
    ASSERT_EQ(out.size(), 2u) << j.out;
    const json article = json::parse(out[1]);
    EXPECT_EQ(article["id"], "world/moscow-sahel-delegations.md");
    EXPECT_EQ(article["date"], "2024-06-20");
    EXPECT_NE(article["text"].get<std::string>().find("Moscow"), std::string::npos);
    EXPECT_TRUE(article["text_cut_from"].is_null());
    auto none = search({"-i", "-n", "0"}, "grain\n:more\n");
    EXPECT_NE(none.err.find(":more: -n 0 shows no results"), std::string::npos) << none.err;
    // Regression (a review): in JSON a query that failed got no line, so answers could not be
    // paired with the lines asked.
    j = search({"-i", "-n", "1", "--format", "json"}, "date:2024-13\nzzzzqqq\n:bogus\n");
    out = lines(j.out);
    ASSERT_EQ(out.size(), 3u) << j.out;
    EXPECT_EQ(json::parse(out[0])["query"], "date:2024-13");
    EXPECT_NE(json::parse(out[0])["error"].get<std::string>().find("not a date"),
              std::string::npos);
    EXPECT_EQ(json::parse(out[1])["total"], 0);
    EXPECT_EQ(json::parse(out[2])["query"], ":bogus");
}

// Regression: --now and --half-life without --recent were ignored without a word.
TEST_F(ExperienceCli, RecencyOptionsNeedRecent) {
    for (const std::vector<std::string>& args :
         {std::vector<std::string>{"--now", "1990", "grain"}, {"--half-life", "5", "grain"}}) {
        auto r = search(args);
        EXPECT_EQ(r.exit_code, 2);
        EXPECT_NE(r.err.find("requires --recent"), std::string::npos) << r.err;
    }
    EXPECT_EQ(
        search({"--recent", "--now", "1990", "--half-life", "5", "-n", "1", "grain"}).exit_code, 0);
}

// Regression: author and source facets split one name by its case (author: finds both), and JSON
// facets dropped the values past --facet-limit without saying so; --like with no similar
// article printed "No results for: " and nothing.
TEST(FacetsCli, NamesCountWithoutCaseAndJsonSaysWhatIsLeftOut) {
    TempDir tmp;
    const std::string feed =
        "{\"id\":\"a1\",\"body\":\"wind power\",\"author\":\"Amina Diallo\",\"source\":\"Sahel "
        "Dispatch\"}\n"
        "{\"id\":\"a2\",\"body\":\"wind farms\",\"author\":\"amina diallo\",\"source\":\"sahel "
        "dispatch\"}\n"
        "{\"id\":\"a3\",\"body\":\"wind\",\"author\":\"Amina Diallo\",\"source\":\"Sahel "
        "Dispatch\"}\n"
        "{\"id\":\"a4\",\"body\":\"wind\",\"author\":\"Other One\",\"source\":\"Other Feed\"}\n";
    ASSERT_EQ(indexer({"--db", tmp / "db", "-"}, feed).exit_code, 0);
    auto r = searcher({"--db", tmp / "db", "--facet", "author", "--facet", "source", "-n", "0",
                       "--color", "never", "wind"});
    EXPECT_NE(r.out.find("author: Amina Diallo (3), Other One (1)\n"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("source: Sahel Dispatch (3), Other Feed (1)\n"), std::string::npos)
        << r.out;
    auto j = json::parse(searcher({"--db", tmp / "db", "--facet", "author", "--facet-limit", "1",
                                   "--json", "-n", "0", "wind"})
                             .out);
    EXPECT_EQ(j["facets"]["author"].size(), 1u);
    EXPECT_EQ(j["facets_more"]["author"], 1);
    auto like = searcher({"--db", tmp / "db", "--like", "a4", "--color", "never", "zzzz"});
    EXPECT_EQ(like.exit_code, 1);
    EXPECT_EQ(like.out, "No results like a4 for: zzzz\n");
}
