// Unit tests: fts::gather_evidence and fts::best_expansion_terms against Xapian's own expansion
// set (Enquire::get_eset), which feedback used before and whose rankings the judged collections
// were measured with.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>
#include <xapian.h>

#include <set>
#include <string>
#include <vector>

#include "fts/expansion.h"
#include "support.h"

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

}  // namespace
