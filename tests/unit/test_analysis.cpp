// Unit tests: fts::AnalysisConfig.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include <atomic>
#include <set>

#include "fts/analysis.h"
#include "fts/errors.h"
#include "fts/index_writer.h"
#include "fts/query.h"

namespace {

std::vector<Xapian::termpos> positions_in(const Xapian::Document& d, const std::string& term) {
    std::vector<Xapian::termpos> out;
    auto t = d.termlist_begin();
    t.skip_to(term);
    if (t != d.termlist_end() && *t == term)
        for (auto p = t.positionlist_begin(); p != t.positionlist_end(); ++p) out.push_back(*p);
    return out;
}

}  // namespace

TEST(Analysis, RoundTripsThroughDatabaseMetadata) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    fts::AnalysisConfig c;
    c.language = "french";
    c.title_weight = 3;
    c.store(db);
    fts::AnalysisConfig back = fts::AnalysisConfig::load(db);
    EXPECT_EQ(back.language, "french");
    EXPECT_EQ(back.title_weight, 3u);
}

TEST(Analysis, DefaultsForForeignDatabases) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    EXPECT_EQ(fts::AnalysisConfig::load(db).language, "english");
}

TEST(Analysis, UnknownLanguageIsAUsageError) {
    fts::AnalysisConfig c;
    c.language = "klingon";
    EXPECT_THROW(c.validate(), fts::UsageError);
    c.language = "none";
    EXPECT_NO_THROW(c.validate());
    EXPECT_EQ(c.stemmer()("visits"), "visits");
}

TEST(Analysis, FromJsonIgnoresGarbage) {
    EXPECT_EQ(fts::AnalysisConfig::from_json("not json").language, "english");
    EXPECT_EQ(fts::AnalysisConfig::from_json("{\"language\": 5}").language, "english");
}

TEST(Stopwords, NewDatabasesIndexThemWithoutPositions) {
    fts::AnalysisConfig cfg;  // a new database's
    EXPECT_FALSE(cfg.stopword_positions);
    Xapian::TermGenerator tg;
    cfg.configure(tg);
    fts::Article a;
    a.id = "x";
    a.title = "The state";
    a.author = "Ann of Cleves";
    a.body = "A state of the emergency, of course.";
    Xapian::Document doc = fts::build_document(a, cfg, tg);
    auto positions = [&](const std::string& term) { return positions_in(doc, term); };
    auto wdf = [&](const std::string& term) {
        auto t = doc.termlist_begin();
        t.skip_to(term);
        return t != doc.termlist_end() && *t == term ? t.get_wdf() : 0;
    };
    // Body: "a", "of", "the" counted, not positioned; the other words numbered without them.
    EXPECT_EQ(wdf("Zof"), 2u);
    EXPECT_EQ(wdf("Zthe"), 1u + cfg.title_weight);  // body once, title at its weight
    EXPECT_TRUE(positions("Zof").empty());
    EXPECT_EQ(positions("Zemerg").size(), 1u);
    EXPECT_EQ(positions("Zemerg").at(0), positions("Zcours").at(0) - 1);
    // Fields too: author "Ann of Cleves".
    EXPECT_EQ(wdf("ZAof"), 1u);
    EXPECT_EQ(positions("ZAcleve").at(0), positions("ZAann").at(0) + 1);
    EXPECT_EQ(wdf("ZSthe"), 1u);
    // The document's length is what it was with positioned stopwords.
    fts::AnalysisConfig old = cfg;
    old.stopword_positions = true;
    Xapian::TermGenerator tg_old;
    old.configure(tg_old);
    Xapian::Document before = fts::build_document(a, old, tg_old);
    EXPECT_EQ(before.termlist_count(), doc.termlist_count());
    Xapian::termcount len = 0, len_before = 0;
    for (auto t = doc.termlist_begin(); t != doc.termlist_end(); ++t) len += t.get_wdf();
    for (auto t = before.termlist_begin(); t != before.termlist_end(); ++t)
        len_before += t.get_wdf();
    EXPECT_EQ(len, len_before);
    EXPECT_EQ(positions_in(before, "Zof").size(), 2u);
}

// A full build given up (SIGINT, SIGTERM) stops indexing a huge article between two paragraphs:
// it waited for the whole article before (~19 s for one of 200 MB).
TEST(Analysis, AnArticleIsGivenUpBetweenParagraphs) {
    fts::AnalysisConfig cfg;
    Xapian::TermGenerator tg;
    cfg.configure(tg);
    fts::Article a;
    a.id = "x";
    a.body = "First paragraph.\n\nSecond paragraph.";
    std::atomic<bool> abandon{false};
    EXPECT_GT(fts::build_document(a, cfg, tg, nullptr, nullptr, &abandon).termlist_count(), 0u);
    abandon = true;
    EXPECT_THROW(fts::build_document(a, cfg, tg, nullptr, nullptr, &abandon), fts::Abandoned);
    fts::WriterOptions wo;
    wo.abandon = &abandon;
    fts::IndexWriter w(Xapian::WritableDatabase(std::string(), Xapian::DB_BACKEND_INMEMORY), cfg,
                       wo);
    EXPECT_THROW(w.add(a), fts::Abandoned);
}

// A huge paragraph is indexed in pieces (so that a build given up stops within it: a 50 MB
// one-paragraph article took 2.7 s to stop): its positions run on from piece to piece.
TEST(Analysis, AHugeParagraphKeepsItsPositionsWhole) {
    fts::AnalysisConfig cfg;
    Xapian::TermGenerator tg;
    cfg.configure(tg);
    fts::Article a;
    a.id = "x";
    a.title = "T";
    const int n = 150000;  // 3.3 MB: four pieces
    a.body.reserve(n * 22 + 10);
    for (int i = 0; i < n; ++i) a.body += "alpha beta gamma delta ";
    a.body += "omega";
    const Xapian::Document doc = fts::build_document(a, cfg, tg);
    const auto alpha = positions_in(doc, "Zalpha");
    const auto delta = positions_in(doc, "Zdelta");
    ASSERT_EQ(alpha.size(), static_cast<std::size_t>(n));
    ASSERT_EQ(delta.size(), static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) ASSERT_EQ(delta[i], alpha[i] + 3) << i;
    for (int i = 1; i < n; ++i) ASSERT_EQ(alpha[i], alpha[i - 1] + 4) << i;
    EXPECT_EQ(positions_in(doc, "Zomega"), std::vector<Xapian::termpos>{delta.back() + 1});
}

TEST(Stopwords, DatabasesWithoutTheSettingKeptTheirPositions) {
    EXPECT_TRUE(fts::AnalysisConfig::from_json(R"({"language":"english","stemming":"all"})")
                    .stopword_positions);
    fts::AnalysisConfig cfg;
    EXPECT_FALSE(fts::AnalysisConfig::from_json(cfg.to_json()).stopword_positions);
}

TEST(Accents, NewDatabasesFoldThemAfterStemmingOlderOnesKeepThem) {
    fts::AnalysisConfig cfg;
    EXPECT_TRUE(fts::AnalysisConfig::from_json(cfg.to_json()).fold_accents);
    EXPECT_EQ(cfg.stemmer()("zürich"), "zurich");
    fts::AnalysisConfig french;
    french.language = "french";
    EXPECT_EQ(french.stemmer()("nationalités"), "national");  // stemmed with its accents first
    const auto old = fts::AnalysisConfig::from_json(R"({"language":"english","stemming":"all"})");
    EXPECT_FALSE(old.fold_accents);
    EXPECT_EQ(old.stemmer()("zürich"), "zürich");
}

// Regression (two reviews): English folded the stem only, and its stemmer, reading no accented
// letter, stems "résumé" not at all: "resume" (stem "resum") missed it, "author:andre" missed
// André. English words now lose their accents first; French still stems with its accents.
TEST(Accents, EnglishWordsLoseThemBeforeStemming) {
    fts::AnalysisConfig cfg;
    ASSERT_TRUE(cfg.folds_before_stemming());
    auto stem = cfg.stemmer();
    for (const auto& [accented, plain] :
         std::vector<std::pair<std::string, std::string>>{{"résumé", "resume"},
                                                          {"résumés", "resumes"},
                                                          {"andré", "andre"},
                                                          {"exposé", "expose"},
                                                          {"naïveté", "naivete"},
                                                          {"brûlée", "brulee"}})
        EXPECT_EQ(stem(accented), stem(plain)) << accented;
    fts::AnalysisConfig french;
    french.language = "french";
    EXPECT_FALSE(french.folds_before_stemming());
    EXPECT_EQ(french.stemmer()("nationalités"), "national");
    // Databases made before fold the stem only, as their terms were made.
    const auto before = fts::AnalysisConfig::from_json(
        R"({"language":"english","stemming":"all","stopword_positions":false,"fold_accents":true})");
    EXPECT_FALSE(before.folds_before_stemming());
    EXPECT_EQ(before.stemmer()("résumé"), "resume");
    EXPECT_EQ(cfg.term_difference(before), "fold accents differently");
    EXPECT_EQ(fts::AnalysisConfig::from_json(cfg.to_json()).term_difference(cfg), "");
}

// Regression (review): databases searched or merged together were checked for their language
// and stopwords only; one folding accents and one not missed each other's words silently.
TEST(Analysis, DatabasesThatMakeDifferentTermsAreTold) {
    const fts::AnalysisConfig now;
    const auto old = fts::AnalysisConfig::from_json(
        R"({"language":"english","stemming":"all","stopword_positions":false})");
    EXPECT_EQ(now.term_difference(now), "");
    EXPECT_EQ(now.term_difference(old), "fold accents differently");
    auto no_cjk = now;
    no_cjk.cjk_ngrams = false;
    EXPECT_EQ(now.term_difference(no_cjk), "index Chinese, Japanese and Korean differently");
    auto french = now;
    french.language = "french";
    EXPECT_EQ(now.term_difference(french), "are in different languages");
}

TEST(Cjk, NewDatabasesIndexNgramsOlderOnesKeepWholeRuns) {
    EXPECT_FALSE(
        fts::AnalysisConfig::from_json(R"({"language":"english","stemming":"all"})").cjk_ngrams);
    fts::AnalysisConfig cfg;
    EXPECT_TRUE(fts::AnalysisConfig::from_json(cfg.to_json()).cjk_ngrams);
    Xapian::TermGenerator tg;
    cfg.configure(tg);
    fts::Article a;
    a.id = "j";
    a.body = "東京都は日本の首都です";
    const Xapian::Document doc = fts::build_document(a, cfg, tg);
    std::set<std::string> terms(doc.termlist_begin(), doc.termlist_end());
    EXPECT_TRUE(terms.count("Z東京") && terms.count("Z京") && terms.count("Z首都")) << terms.size();
}

TEST(Stopwords, PhrasesLoseTheStopwordsTheIndexHasNoPositionsFor) {
    const fts::AnalysisConfig cfg;
    const Xapian::Stopper& s = *cfg.stopper();
    EXPECT_EQ(fts::unposition_phrases("\"state of emergency\"", s), "\"state emergency\"");
    EXPECT_EQ(fts::unposition_phrases("state of emergency", s), "state of emergency");
    EXPECT_EQ(fts::unposition_phrases("state-of-the-art design", s), "state-art design");
    EXPECT_EQ(fts::unposition_phrases("art-of", s), "art");
    // A field's phrase requires its stopwords in the field (`source:"Wire A"` is no "Wire B").
    EXPECT_EQ(fts::unposition_phrases("title:\"war of the worlds\" mars", s),
              "(title:\"war worlds\" AND title:of AND title:the) mars");
    EXPECT_EQ(fts::unposition_phrases("-source:\"Wire A\"", s), "-(source:\"Wire\" AND source:a)");
    EXPECT_EQ(fts::unposition_phrases("\"the who\" concert", s), "(the AND who) concert");
    EXPECT_EQ(fts::unposition_phrases("title:\"the who\"", s), "(title:the AND title:who)");
    // A sign applies to the whole group (a review found `-"the who"` excluding nothing and
    // `+"the who"` finding nothing), with or without a field.
    EXPECT_EQ(fts::unposition_phrases("-\"the who\"", s), "-(the AND who)");
    EXPECT_EQ(fts::unposition_phrases("band +\"the who\"", s), "band +(the AND who)");
    EXPECT_EQ(fts::unposition_phrases("-title:\"the who\"", s), "-(title:the AND title:who)");
    // Inside quotes, AND/OR/NOT are words (the index has stopwords in lower case).
    EXPECT_EQ(fts::unposition_phrases("\"grain AND market\"", s), "\"grain market\"");
    EXPECT_EQ(fts::unposition_phrases("id:the-of tag:a-b \"a\"", s), "id:the-of tag:a-b (a)");
    EXPECT_EQ(fts::unposition_phrases("\"mali\" OR \"the sahel\"", s), "\"mali\" OR \"sahel\"");
    // "it's" is one word to Xapian, and not a stopword.
    EXPECT_EQ(fts::unposition_phrases("\"it's the law\"", s), "\"it's law\"");
}

// The indexer's stemmer remembers stems (10% fewer instructions indexing Wikipedia articles,
// identical terms): the same stems as the plain stemmer, also past its bound.
TEST(Analysis, CachedStemsAreTheStems) {
    const fts::AnalysisConfig cfg;
    Xapian::Stem plain = cfg.stemmer(), cached = cfg.stemmer(/*cached=*/true);
    for (int round = 0; round < 2; ++round)
        for (const char* w : {"running", "cafés", "Zürich", "nations", "the", "", "énergies"})
            EXPECT_EQ(cached(w), plain(w)) << w;
    for (int i = 0; i < 120000; ++i) {
        const std::string w = "connection" + std::to_string(i) + "s";
        if (i % 997 == 0) {
            EXPECT_EQ(cached(w), plain(w)) << w;
        }
        cached(w);
    }
    EXPECT_EQ(cached("connections"), plain("connections"));
}
