// Unit tests: fts::AnalysisConfig.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include "fts/analysis.h"
#include "fts/errors.h"

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
