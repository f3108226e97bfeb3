// Unit tests: fts::dates.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include "fts/dates.h"

using fts::dates::parse;

TEST(Dates, IsoForms) {
    EXPECT_EQ(parse("2024-03-15"), "20240315");
    EXPECT_EQ(parse("2024-03-15T10:00:00Z"), "20240315");
    EXPECT_EQ(parse("2024-03-15T23:59:59+02:00"), "20240315");
    EXPECT_EQ(parse("20240315"), "20240315");
    EXPECT_EQ(parse("2024/3/5"), "20240305");
    EXPECT_EQ(parse("  2024-03-15  "), "20240315");
}

TEST(Dates, WrittenForms) {
    EXPECT_EQ(parse("Fri, 15 Mar 2024 10:00:00 +0000"), "20240315");
    EXPECT_EQ(parse("15 March 2024"), "20240315");
    EXPECT_EQ(parse("March 15, 2024"), "20240315");
    EXPECT_EQ(parse("26-FEB-1987 15:01:01.79"), "19870226");
    EXPECT_EQ(parse("1 Sept 2020"), "20200901");
}

TEST(Dates, RejectsNonsense) {
    EXPECT_EQ(parse(""), std::nullopt);
    EXPECT_EQ(parse("yesterday"), std::nullopt);
    EXPECT_EQ(parse("2024-02-30"), std::nullopt);
    EXPECT_EQ(parse("2023-02-29"), std::nullopt);
    EXPECT_EQ(parse("2024-13-01"), std::nullopt);
    EXPECT_EQ(parse("15 Marble 2024"), std::nullopt);
    EXPECT_EQ(parse("99999999999999999999"), std::nullopt);
    EXPECT_EQ(parse("2024"), std::nullopt);
    EXPECT_EQ(parse("2024-02-29"), "20240229");  // leap year
}

TEST(Dates, FromFilename) {
    EXPECT_EQ(fts::dates::from_filename("2023-05-14-harbour-strike.txt"), "20230514");
    EXPECT_EQ(fts::dates::from_filename("2023-05-14.md"), "20230514");
    EXPECT_EQ(fts::dates::from_filename("harbour-2023-05-14.txt"), std::nullopt);
    EXPECT_EQ(fts::dates::from_filename("2023-05-145.txt"), std::nullopt);
    EXPECT_EQ(fts::dates::from_filename("2023-19-14-x.txt"), std::nullopt);
}

TEST(Dates, RangeBounds) {
    EXPECT_EQ(fts::dates::range_start("2024"), "20240101");
    EXPECT_EQ(fts::dates::range_end("2024"), "20241231");
    EXPECT_EQ(fts::dates::range_start("2024-02"), "20240201");
    EXPECT_EQ(fts::dates::range_end("2024-02"), "20240229");
    EXPECT_EQ(fts::dates::range_end("2023-02"), "20230228");
    EXPECT_EQ(fts::dates::range_end("2024-03-15"), "20240315");
    EXPECT_EQ(fts::dates::range_start("2024-13"), std::nullopt);
    EXPECT_EQ(fts::dates::to_iso("20240315"), "2024-03-15");
}

// A review found these common spellings left articles undated.
TEST(Dates, OrdinalDaysAndDottedEuropeanDates) {
    EXPECT_EQ(parse("March 15th, 2024"), "20240315");
    EXPECT_EQ(parse("15th March 2024"), "20240315");
    EXPECT_EQ(parse("1st of May 2023"), "20230501");
    EXPECT_EQ(parse("Tuesday, April 2nd, 2024"), "20240402");
    EXPECT_EQ(parse("15.03.2024"), "20240315");  // day first
    EXPECT_EQ(parse("5.3.2024 10:00"), "20240305");
    EXPECT_EQ(parse("31.02.2024"), std::nullopt);
    EXPECT_EQ(parse("15.03.24"), std::nullopt);  // which century: not guessed
    EXPECT_EQ(parse("March 15xx, 2024"), std::nullopt);
}

// An article dated by its month or year alone was indexed undated (with a warning): its parts
// not said are 00, it has no term for them, and it reads back as written.
TEST(Dates, MonthsAndYearsAlone) {
    using fts::dates::parse_article_date;
    EXPECT_EQ(parse_article_date("2024"), "20240000");
    EXPECT_EQ(parse_article_date(" 2024-03 "), "20240300");
    EXPECT_EQ(parse_article_date("2024/3"), "20240300");
    EXPECT_EQ(parse_article_date("March 2024"), "20240300");
    EXPECT_EQ(parse_article_date("Sept. 2024"), "20240900");
    EXPECT_EQ(parse_article_date("mar, 2024"), "20240300");
    EXPECT_EQ(parse_article_date("2024-03-15"), "20240315");  // a full date is a full date
    for (const char* bad : {"2024-13", "2024-00", "0999", "24", "202", "20245", "March", "2024 x",
                            "Marble 2024", "March2024", "2024-03-", "2024-003", "x 2024"})
        EXPECT_EQ(parse_article_date(bad), std::nullopt) << bad;
    EXPECT_EQ(parse(std::string("2024")), std::nullopt);  // (parse() stays full dates only)
    EXPECT_EQ(fts::dates::to_iso("20240000"), "2024");
    EXPECT_EQ(fts::dates::to_iso("20240300"), "2024-03");
    EXPECT_EQ(fts::dates::known_day("20240000"), "20240101");
    EXPECT_EQ(fts::dates::known_day("20240000", true), "20241231");
    EXPECT_EQ(fts::dates::known_day("20240200", true), "20240229");
    EXPECT_EQ(fts::dates::known_day("20240315", true), "20240315");
    EXPECT_EQ(fts::dates::days_since_epoch("20240300"), fts::dates::days_since_epoch("20240301"));
}
