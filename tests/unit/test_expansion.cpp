// Unit tests: fts::gather_evidence and fts::best_expansion_terms against Xapian's own expansion
// set (Enquire::get_eset), which feedback used before and whose rankings the judged collections
// were measured with.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <cstdio>
#include <set>
#include <string>
#include <vector>

#include "fts/expansion.h"
#include "fts/index_writer.h"
#include "fts/schema.h"
#include "support.h"
#include "unit_support.h"

namespace {

// Xapian's expansion set for `docs`, restricted to the terms of `evidence`.
std::vector<std::pair<std::string, double>> xapian_eset(const Xapian::Database& db,
                                                        const std::vector<Xapian::docid>& docs,
                                                        const fts::Evidence& evidence,
                                                        Xapian::termcount count) {
    struct Only : Xapian::ExpandDecider {
        const fts::Evidence* terms = nullptr;
        bool operator()(const std::string& t) const override { return terms->count(t) > 0; }
    } only;
    only.terms = &evidence;
    Xapian::RSet rset;
    for (Xapian::docid d : docs) rset.add_document(d);
    Xapian::Enquire enquire(db);
    Xapian::ESet eset = enquire.get_eset(count, rset, Xapian::Enquire::USE_EXACT_TERMFREQ, &only);
    std::vector<std::pair<std::string, double>> out;
    for (auto it = eset.begin(); it != eset.end(); ++it) out.emplace_back(*it, it.get_weight());
    return out;
}

void expect_same(const std::vector<std::pair<std::string, double>>& ours,
                 const std::vector<std::pair<std::string, double>>& xapian) {
    ASSERT_EQ(ours.size(), xapian.size());
    for (std::size_t i = 0; i < ours.size(); ++i) {
        EXPECT_EQ(ours[i].first, xapian[i].first) << "at " << i;
        EXPECT_NEAR(ours[i].second, xapian[i].second, 1e-12 * xapian[i].second) << "at " << i;
    }
}

Xapian::Document doc_of(const std::string& text) {
    Xapian::Document d;
    Xapian::TermGenerator tg;
    tg.set_stemmer(Xapian::Stem("english"));
    tg.set_stemming_strategy(Xapian::TermGenerator::STEM_ALL_Z);
    tg.set_document(d);
    tg.index_text(text);
    return d;
}

TEST(Expansion, WeighsAndKeepsTermsAsXapiansExpansionSet) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (unsigned i = 0; i < 60; ++i) db.add_document(doc_of(fts::test::synthetic_text(i, 40 + i)));
    // Terms of equal weight (same documents, same counts): ties at the cut.
    for (unsigned i = 0; i < 4; ++i)
        db.add_document(doc_of("quillwort marshwort sedgeling bracken fernwort " +
                               fts::test::synthetic_text(100 + i, 30)));
    db.commit();
    const std::vector<Xapian::docid> docs{61, 62, 63, 64, 3, 9};
    const auto evidence =
        fts::gather_evidence(db, docs, [](const std::string& t) { return t[0] == 'Z'; });
    ASSERT_GT(evidence.size(), 20u);
    EXPECT_EQ(evidence.at("Zquillwort").docs, 4u);
    for (Xapian::termcount count : {1u, 3u, 4u, 7u, 20u, 1000u})
        expect_same(fts::best_expansion_terms(db, evidence, 6, count),
                    xapian_eset(db, docs, evidence, count));
    EXPECT_TRUE(fts::best_expansion_terms(db, evidence, 6, 0).empty());
}

TEST(Expansion, TermsInMoreThanTheShareOfTheCollectionAreNotLearned) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    // "harbour" in 12 of 30 documents (40%), "crane" in 9 (30%); both in all 4 relevant ones.
    for (unsigned i = 0; i < 30; ++i)
        db.add_document(doc_of(std::string(i < 12 ? "harbour " : "") + (i < 9 ? "crane " : "") +
                               fts::test::synthetic_text(i, 20)));
    db.commit();
    const std::vector<Xapian::docid> docs{1, 2, 3, 4};
    const auto evidence = fts::gather_evidence(
        db, docs, [](const std::string& t) { return t == "Zharbour" || t == "Zcrane"; });
    const auto terms_of = [](const std::vector<std::pair<std::string, double>>& weighed) {
        std::set<std::string> out;
        for (const auto& [term, w] : weighed) out.insert(term);
        return out;
    };
    // Without a limit both weigh above 0, as in Xapian's expansion set.
    EXPECT_EQ(terms_of(fts::best_expansion_terms(db, evidence, 4, 10)),
              (std::set<std::string>{"Zcrane", "Zharbour"}));
    EXPECT_EQ(terms_of(fts::best_expansion_terms(db, evidence, 4, 10, {}, fts::kFeedbackMaxShare)),
              std::set<std::string>{"Zcrane"});
    // The frequency given (remote shards) is the one compared.
    EXPECT_TRUE(fts::best_expansion_terms(
                    db, evidence, 4, 10, [](const std::string&) { return 11u; }, 0.3)
                    .empty());
}

TEST(Expansion, ShardsGiveTheWeightsOfOneDatabase) {
    Xapian::WritableDatabase a(std::string(), Xapian::DB_BACKEND_INMEMORY);
    Xapian::WritableDatabase b(std::string(), Xapian::DB_BACKEND_INMEMORY);
    for (unsigned i = 0; i < 40; ++i)
        (i % 2 ? a : b).add_document(doc_of(fts::test::synthetic_text(i, 50)));
    a.commit();
    b.commit();
    Xapian::Database both;
    both.add_database(a);
    both.add_database(b);
    const std::vector<Xapian::docid> docs{1, 2, 5, 8};  // from both shards
    const auto evidence =
        fts::gather_evidence(both, docs, [](const std::string& t) { return t[0] == 'Z'; });
    expect_same(fts::best_expansion_terms(both, evidence, 4, 10),
                xapian_eset(both, docs, evidence, 10));
}

TEST(Expansion, CandidatesAreWordsOfTheTextAndFieldsNotNumbersOrStopwords) {
    Xapian::SimpleStopper stop;
    stop.add("the");
    stop.add("in");
    // Free-text words, and those of the title (S), author (A) and source (XS) fields.
    for (const char* yes : {"Zharbour", "Zcrane", "Zéte", "ZSharbour", "ZAdiallo", "ZXSexampl"})
        EXPECT_TRUE(fts::expansion_candidate(yes, true, &stop)) << yes;
    // Regression: numbers written with separators, and a field's stopwords ("ZSin"), took the
    // stored slots of short articles.
    for (const char* no : {"harbour", "Zab", "Z1984", "Z6,000", "Z3.14", "Zthe", "ZSin", "ZSab",
                           "Q42", "Z", "ZKsahel", "ZS", "ZXYfoo"})
        EXPECT_FALSE(fts::expansion_candidate(no, true, &stop)) << no;
    EXPECT_TRUE(fts::expansion_candidate("harbour", false, &stop));
    EXPECT_TRUE(fts::expansion_candidate("Sharbour", false, &stop));
    EXPECT_FALSE(fts::expansion_candidate("Kharbour", false, &stop));
    EXPECT_FALSE(fts::expansion_candidate("the", false, &stop));
}

TEST(Expansion, MostFrequentTermsKeepTheFirstOfEqualCountsInTermOrder) {
    Xapian::Document doc;
    // 40 candidates: wdf 1 for "Za00".."Za19", 2 for "Zb00".."Zb19"; one heavy non-candidate.
    for (int i = 0; i < 20; ++i) {
        char a[8], b[8];
        std::snprintf(a, sizeof a, "Za%02d", i);
        std::snprintf(b, sizeof b, "Zb%02d", i);
        doc.add_term(a, 1);
        doc.add_term(b, 2);
    }
    doc.add_term("Qid", 50);
    const auto terms = fts::most_frequent_terms(doc.termlist_begin(), doc.termlist_end(),
                                                [](const std::string& t) { return t[0] == 'Z'; });
    ASSERT_EQ(terms.size(), fts::kTermsPerDocument);
    // Every wdf 2 term, then the first wdf 1 terms in term order; the list in term order.
    EXPECT_TRUE(std::is_sorted(terms.begin(), terms.end()));
    EXPECT_EQ(terms.front(), (std::pair<std::string, Xapian::termcount>{"Za00", 1}));
    EXPECT_EQ(terms[fts::kTermsPerDocument - 21].first, "Za11");
    EXPECT_EQ(terms.back(), (std::pair<std::string, Xapian::termcount>{"Zb19", 2}));
}

TEST(Expansion, StoredTermCountsDecodeToWhatWasEncoded) {
    const fts::TermCounts terms{{"Zcrane", 1},
                                {"Zcranes", 300},  // shares a prefix; wdf over 7 bits
                                {"Zgantry", 127},
                                {"Zgantry\xc3\xa9", 128},
                                {std::string("Z") + std::string(244, 'x'), 4000000000u}};
    const std::string value = fts::encode_term_counts(terms);
    EXPECT_EQ(fts::decode_term_counts(value), terms);
    EXPECT_EQ(fts::decode_term_counts(fts::encode_term_counts({})), fts::TermCounts{});
    // Not a list (absent, another format, cut short, a prefix longer than the term before):
    // nullopt, and the document's term list is read instead.
    for (const std::string& bad :
         {std::string(), std::string("x"), value.substr(0, value.size() - 1), value.substr(0, 4),
          std::string("\x01\x05\x01xy")})
        EXPECT_FALSE(fts::decode_term_counts(bad)) << bad;
}

TEST(Expansion, IndexerStoresWhatTheTermListGives) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    fts::IndexWriter w(db, fts::AnalysisConfig{}, {});
    w.add(fts::test::article("long", "Harbour cranes",
                             fts::test::synthetic_text(7, 400) + " the the the harbour cranes"));
    w.add(fts::test::article("short", "", "Cranes at the harbour."));
    w.commit();
    const fts::AnalysisConfig cfg;
    for (Xapian::docid d : {1u, 2u}) {
        const auto stored =
            fts::decode_term_counts(db.get_document(d).get_value(fts::schema::kFeedbackSlot));
        ASSERT_TRUE(stored) << d;
        EXPECT_EQ(*stored, fts::most_frequent_terms(db.termlist_begin(d), db.termlist_end(d),
                                                    [&](const std::string& t) {
                                                        return fts::expansion_candidate(
                                                            t, true, cfg.stopper());
                                                    }))
            << d;
        EXPECT_FALSE(stored->empty());
        EXPECT_LE(stored->size(), fts::kTermsPerDocument);
    }
}

}  // namespace
