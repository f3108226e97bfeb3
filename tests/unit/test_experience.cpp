// Unit tests for the search-experience pieces that live in the library.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>
#include <xapian.h>

#include <sstream>

#include "fts/dates.h"
#include "fts/errors.h"
#include "fts/index_writer.h"
#include "fts/printer.h"
#include "fts/query.h"
#include "fts/schema.h"
#include "fts/search.h"
#include "support.h"
#include "unit_support.h"

namespace {

using fts::test::article;

}  // namespace

TEST(Schema, ListsRoundTripAndStopAtGarbage) {
    const std::vector<std::string> tags{"energy", "", "burkina faso", "a:b"};
    EXPECT_EQ(fts::schema::decode_list(fts::schema::encode_list(tags)), tags);
    EXPECT_EQ(fts::schema::decode_list("3:abc99:x"), std::vector<std::string>{"abc"});
    EXPECT_TRUE(fts::schema::decode_list("").empty());
}

TEST(Schema, FingerprintIgnoresCasePunctuationAndSpacing) {
    using fts::schema::body_fingerprint;
    EXPECT_EQ(body_fingerprint("The “seven-week” trip,  Dr. Fontaine said.", "a"),
              body_fingerprint("the \"seven week\" trip\nDr Fontaine said", "b"));
    EXPECT_NE(body_fingerprint("The seven-week trip", "a"),
              body_fingerprint("The eight-week trip", "a"));
    // Articles without words are never folded together.
    EXPECT_NE(body_fingerprint("", "a"), body_fingerprint("", "b"));
}

TEST(Dates, DaysSinceEpoch) {
    EXPECT_EQ(fts::dates::days_since_epoch("19700101"), 0);
    EXPECT_EQ(fts::dates::days_since_epoch("20240301"), 19783);
    EXPECT_EQ(*fts::dates::days_since_epoch("20250309") - *fts::dates::days_since_epoch("20241118"),
              111);
    EXPECT_EQ(fts::dates::days_since_epoch("20241301"), std::nullopt);
}

TEST(Printer, FieldsAreCheckedAndKeptInOrder) {
    EXPECT_EQ(fts::parse_fields("id, title ,score"),
              (std::vector<std::string>{"id", "title", "score"}));
    EXPECT_THROW(fts::parse_fields("id,colour"), fts::UsageError);
    EXPECT_THROW(fts::parse_fields(" , "), fts::UsageError);
    EXPECT_EQ(fts::parse_facet("tags"), fts::Facet::Tag);
    EXPECT_EQ(fts::parse_facet("colour"), std::nullopt);
}

// Regression: an id with a space (a file "my notes.md"), tab or line break broke TREC run files
// (7 columns) and id lists (two lines for one hit).
TEST(Printer, TrecAndIdLinesStayWholeWhateverTheId) {
    fts::SearchResult r;
    for (const char* id : {"my notes.md", "tab\there", "two\nlines", "plain/a%20b.md"}) {
        fts::Hit h;
        h.doc.id = id;
        h.rank = static_cast<unsigned>(r.hits.size() + 1);
        h.score = 1.5;
        r.hits.push_back(h);
    }
    std::ostringstream trec, ids;
    fts::print_trec(trec, r, "q1", "fts");
    fts::print_ids(ids, r);
    EXPECT_EQ(trec.str(),
              "q1 Q0 my%20notes.md 1 1.500000 fts\n"
              "q1 Q0 tab%09here 2 1.499999 fts\n"
              "q1 Q0 two%0Alines 3 1.499998 fts\n"
              "q1 Q0 plain/a%20b.md 4 1.499997 fts\n");
    EXPECT_EQ(ids.str(), "my notes.md\ntab%09here\ntwo%0Alines\nplain/a%20b.md\n");
}

// A review: evaluation tools order a run by score (ties by document id, descending), so a list
// sorted by date, filters alone (every score 0) or ties were evaluated in another order than
// printed. The score column now goes down strictly; scores that already do are kept.
TEST(Printer, TrecScoresGoDownTheListStrictly) {
    auto trec = [](std::initializer_list<double> scores) {
        fts::SearchResult r;
        for (double s : scores) {
            fts::Hit h;
            h.doc.id = "d" + std::to_string(r.hits.size() + 1);
            h.rank = static_cast<unsigned>(r.hits.size() + 1);
            h.score = s;
            r.hits.push_back(h);
        }
        std::ostringstream out;
        fts::print_trec(out, r, "q", "t");
        std::vector<std::string> column;
        std::istringstream lines(out.str());
        for (std::string qid, q0, id, rank, score, tag;
             lines >> qid >> q0 >> id >> rank >> score >> tag;)
            column.push_back(score);
        return column;
    };
    EXPECT_EQ(trec({9.5, 7.25, 0.5}),
              (std::vector<std::string>{"9.500000", "7.250000", "0.500000"}));
    EXPECT_EQ(trec({18.7, 12.9, 19.6, 2.6}),
              (std::vector<std::string>{"18.700000", "12.900000", "12.899999", "2.600000"}));
    EXPECT_EQ(trec({0, 0, 0}), (std::vector<std::string>{"0.000000", "-0.000001", "-0.000002"}));
}

TEST(Query, DateFilterNamesTheOption) {
    EXPECT_NO_THROW(fts::QueryBuilder::date_filter(Xapian::Database(), "2024", "2024-06"));
    try {
        fts::QueryBuilder::date_filter(Xapian::Database(), "2024-02-30", "");
        FAIL();
    } catch (const fts::UsageError& e) {
        EXPECT_STREQ(e.what(), "--since 2024-02-30: not a date (use YYYY, YYYY-MM or YYYY-MM-DD)");
    }
}

// Date ranges are the boolean date terms (years, months, days), not a range of the date value
// (see DateRangesAreExactAroundEveryBoundary for why).
TEST(Query, DateRangesAreWholeYearsMonthsAndDays) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (const char* date : {"20190101", "20231231", "20240229", "20251116"}) {
        Xapian::Document d;
        d.add_value(fts::schema::kDateSlot, date);
        d.add_boolean_term(std::string(fts::schema::kYearPrefix) + std::string(date, 4));
        db.add_document(d);
    }
    auto terms = [&](const std::string& since, const std::string& until) {
        return fts::QueryBuilder::date_filter(db, since, until).get_description();
    };
    EXPECT_EQ(terms("2024-02-28", "2024-03"), "Query((D20240228 OR D20240229 OR M202403))");
    EXPECT_EQ(terms("2023-12-30", "2025-01-02"),
              "Query((D20231230 OR D20231231 OR Y2024 OR D20250101 OR D20250102))");
    // Open ends: the oldest and newest dates held; whole years only where articles are.
    EXPECT_EQ(terms("", "2023"), "Query((Y2019 OR Y2023))");
    // (An open end runs to the end of the newest date's year, so that an article dated by
    // that year or a month of it alone is covered: a review found `date:..` missing them.)
    EXPECT_EQ(terms("2025-11", ""), "Query((M202511 OR M202512))");
    EXPECT_EQ(terms("2030", ""), "Query()");
}

class ExperienceIndex : public ::testing::Test {
  protected:
    void SetUp() override {
        fts::IndexWriter w(tmp_ / "db", {}, {});
        w.add(article("a", "Grain corridor", "Traders reopen the grain corridor to Niger.",
                      "20240315", {"Sahel", "trade"}));
        w.add(article("b", "Grain talks", "Delegations discuss grain and power in Moscow.",
                      "20240620", {"sahel", "energy"}));
        w.add(article("c", "Grain talks again", "Delegations discuss grain and power in Moscow!",
                      "20230101", {"energy"}));
        w.add(article("d", "Comet", "A comet was seen over the valley.", "", {}));
        w.commit();
    }
    fts::test::TempDir tmp_;
};

TEST_F(ExperienceIndex, SpellingSuggestionsComeFromTheIndexedWords) {
    Xapian::Database db(tmp_ / "db");
    fts::QueryBuilder qb(db, fts::AnalysisConfig::load(db));
    EXPECT_EQ(qb.suggest("grian corridr"), "grain corridor");
    EXPECT_EQ(qb.suggest("title:delegatons AND \"comit\""), "title:delegations AND \"comet\"");
    EXPECT_EQ(qb.suggest("grain tag:sahle year:2024 trad*"), "");  // nothing to correct
    EXPECT_EQ(qb.suggest("discussing"), "");                       // its stem is indexed
}

// Regression: a byline's name ("amina", indexed only in the author field) was "corrected" to
// "among", a stopword that finds nothing.
TEST(Suggestions, FieldWordsAreKnownAndStopwordsAreNeverOffered) {
    fts::test::TempDir tmp;
    {
        fts::IndexWriter w(tmp / "db", {}, {});
        auto a = article("a", "Markets", "Among the traders, prices rose among the stalls.");
        a.author = "Amina Diallo";
        w.add(a);
        w.commit();
    }
    Xapian::Database db(tmp / "db");
    fts::QueryBuilder qb(db, fts::AnalysisConfig::load(db));
    EXPECT_EQ(qb.suggest("amina diallo"), "");
    EXPECT_EQ(qb.suggest("amonng"), "");         // its nearest word is the stopword "among"
    EXPECT_EQ(qb.suggest("tradrs"), "traders");  // other corrections as before
    // Regression: an excluded word was "corrected" into another one to exclude.
    for (const char* q : {"traders -amonng", "traders -title:amonng", "traders NOT amonng",
                          "title:(traders OR -pricse)", "traders (-pricse)"})
        EXPECT_EQ(qb.suggest(q), "") << q;
    EXPECT_EQ(qb.suggest("tradrs -pricse"), "traders -pricse");
    // Regression (a review): nor one inside an excluded group, which --correct then emptied.
    for (const char* q : {"traders NOT (stalls OR pricse)", "traders -(stalls OR pricse)",
                          "traders -(stalls OR (rose pricse))", "-(pricse)", "traders NOT(pricse)",
                          "traders AND NOT(stalls OR pricse)"})
        EXPECT_EQ(qb.suggest(q), "") << q;
    EXPECT_EQ(qb.suggest("(tradrs) NOT (stalls)"), "(traders) NOT (stalls)");
    // Regression (a review): a word beside punctuation Xapian does not count in words ("«", "…")
    // was taken for an unknown word and "corrected" to itself.
    for (const char* q : {"«traders»", "traders…", "“traders”", "¿traders?"})
        EXPECT_EQ(qb.suggest(q), "") << q;
    EXPECT_EQ(qb.suggest("«tradrs»"), "«traders»");
}

// Regression (a review): an indexed word holding '_' was read as two ("build" and "id"), and
// "build" was corrected: "did you mean: builder_id?", which --correct then searched, finding
// nothing. Words are split where Xapian splits them.
TEST(Suggestions, WordsJoinedByUnderscoresApostrophesAndAmpersandsAreKnown) {
    fts::test::TempDir tmp;
    {
        fts::IndexWriter w(tmp / "db", {}, {});
        w.add(article("a", "Notes", "Set build_id here; the builder ran. We couldn't reach AT&T."));
        w.commit();
    }
    Xapian::Database db(tmp / "db");
    fts::QueryBuilder qb(db, fts::AnalysisConfig::load(db));
    for (const char* q : {"build_id", "couldn't", "AT&T", "build_id builder"})
        EXPECT_EQ(qb.suggest(q), "") << q;
    EXPECT_EQ(qb.suggest("buildr build_id"), "builder build_id");
}

// Regression: a list of authors was one value of the author facet ("A, B (1)").
TEST(Facets, EachAuthorOfAListCounts) {
    fts::test::TempDir tmp;
    {
        fts::IndexWriter w(tmp / "db", {}, {});
        auto two = article("two", "Two", "Grain markets.");
        two.authors = {"Amina Diallo", "Pierre Kon\u00e9"};
        two.author = "Amina Diallo, Pierre Kon\u00e9";
        w.add(two);
        auto one = article("one", "One", "Grain prices.");
        one.author = "Amina Diallo";
        w.add(one);
        w.commit();
    }
    fts::Searcher s(std::vector<std::string>{tmp / "db"});
    fts::SearchOptions o;
    o.facets = {fts::Facet::Author};
    auto r = s.search("grain", o);
    ASSERT_EQ(r.facets.size(), 1u);
    std::vector<std::pair<std::string, Xapian::doccount>> authors;
    for (const auto& v : r.facets[0].values) authors.emplace_back(v.value, v.count);
    EXPECT_EQ(authors, (std::vector<std::pair<std::string, Xapian::doccount>>{
                           {"Amina Diallo", 2}, {"Pierre Kon\u00e9", 1}}));
    ASSERT_EQ(r.hits.size(), 2u);  // shown as written
    for (const auto& h : r.hits) {
        if (h.doc.id == "two") {
            EXPECT_EQ(h.doc.author, "Amina Diallo, Pierre Kon\u00e9");
        }
    }
}

// Regression: a list chosen by filters alone came in storage order, every score 0.
TEST_F(ExperienceIndex, FiltersAloneListNewestFirst) {
    fts::Searcher s(std::vector<std::string>{tmp_ / "db"});
    fts::SearchOptions o;
    o.since = "2023";
    auto r = s.search("", o);
    std::vector<std::string> ids;
    for (const auto& h : r.hits) ids.push_back(h.doc.id);
    EXPECT_EQ(ids, (std::vector<std::string>{"b", "a", "c"}));
    // Regression (review): filters typed in the query (tag:, date:) were listed in storage
    // order, or ranked by feedback learned from whichever came first.
    for (const char* query : {"tag:sahel", "date:2024"}) {
        ids.clear();
        for (const auto& h : s.search(query, fts::SearchOptions{}).hits) {
            ids.push_back(h.doc.id);
            EXPECT_EQ(h.score, 0) << query;
        }
        EXPECT_EQ(ids, (std::vector<std::string>{"b", "a"})) << query;
    }
}

TEST_F(ExperienceIndex, FacetsCollapseAndExplainAddUp) {
    fts::Searcher s(std::vector<std::string>{tmp_ / "db"});
    fts::SearchOptions o;
    o.facets = {fts::Facet::Tag, fts::Facet::Year};
    o.collapse = true;
    o.explain = true;
    auto r = s.search("grain", o);
    ASSERT_EQ(r.hits.size(), 2u);  // b and c are the same text
    EXPECT_EQ(r.hits[0].duplicates + r.hits[1].duplicates, 1u);
    ASSERT_EQ(r.facets.size(), 2u);
    // Facets count every match, duplicates included; tags are case-folded.
    std::vector<std::pair<std::string, Xapian::doccount>> tags;
    for (const auto& v : r.facets[0].values) tags.emplace_back(v.value, v.count);
    EXPECT_EQ(tags, (std::vector<std::pair<std::string, Xapian::doccount>>{
                        {"energy", 2}, {"sahel", 2}, {"trade", 1}}));
    EXPECT_EQ(r.facets[1].values.size(), 2u);
    for (const auto& h : r.hits) {
        ASSERT_TRUE(h.explanation);
        EXPECT_NEAR(h.explanation->sum, h.score, 1e-9);
    }
}

TEST_F(ExperienceIndex, LikeExcludesTheArticleAndUnknownIdsAreErrors) {
    fts::Searcher s(std::vector<std::string>{tmp_ / "db"});
    fts::SearchOptions o;
    o.like_id = "b";
    auto r = s.search("", o);
    ASSERT_FALSE(r.hits.empty());
    EXPECT_EQ(r.hits[0].doc.id, "c");
    for (const auto& h : r.hits) EXPECT_NE(h.doc.id, "b");
    o.like_id = "zzz";
    EXPECT_THROW(s.search("", o), fts::UsageError);
    EXPECT_EQ(s.article("a")->body, "Traders reopen the grain corridor to Niger.");
    EXPECT_FALSE(s.article("zzz"));
}
