// Unit tests: fts::text and fts::schema::id_term.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include "fts/schema.h"
#include "fts/text.h"

using fts::text::find_invalid_utf8;

TEST(Utf8, AcceptsValid) {
    EXPECT_EQ(find_invalid_utf8(""), std::nullopt);
    EXPECT_EQ(find_invalid_utf8("plain ascii"), std::nullopt);
    EXPECT_EQ(find_invalid_utf8("Goïta, Zürich, São Paulo — “quoted” 日本 🙂"),
              std::nullopt);
}

TEST(Utf8, RejectsInvalidWithOffset) {
    EXPECT_EQ(find_invalid_utf8("abc\xff"), 3u);
    EXPECT_EQ(find_invalid_utf8("ab\xc3"), 2u);               // truncated sequence
    EXPECT_EQ(find_invalid_utf8("x\xc0\xaf"), 1u);            // overlong '/'
    EXPECT_EQ(find_invalid_utf8("x\xe0\x80\xaf"), 1u);        // overlong, 3 bytes
    EXPECT_EQ(find_invalid_utf8("\xed\xa0\x80"), 0u);         // UTF-16 surrogate
    EXPECT_EQ(find_invalid_utf8("ok \xf4\x90\x80\x80"), 3u);  // above U+10FFFF
    EXPECT_EQ(find_invalid_utf8("\x80"), 0u);                 // lone continuation byte
}

TEST(Text, LooksBinary) {
    EXPECT_TRUE(fts::text::looks_binary(std::string("abc\0def", 7)));
    EXPECT_TRUE(fts::text::looks_binary("\x01\x02\x03\x04\x05\x06 ab"));
    EXPECT_FALSE(fts::text::looks_binary("normal text\nwith lines\tand tabs\n"));
    EXPECT_FALSE(fts::text::looks_binary(""));
}

TEST(Text, CollapseAndTrim) {
    EXPECT_EQ(fts::text::collapse_whitespace("  a \n\t b  c "), "a b c");
    EXPECT_EQ(fts::text::trim("\n x y \t"), "x y");
    EXPECT_EQ(fts::text::lowercase("ÉCOLE Zürich"), "école zürich");
}

TEST(Text, DeriveTitleCutsAtSentenceOrWord) {
    EXPECT_EQ(fts::text::derive_title("Short first sentence here. And more text follows."),
              "Short first sentence here.");
    std::string t = fts::text::derive_title(
        "Malian Interim President General Assimi Goïta arrived in Moscow on Sunday for a "
        "four-day state visit aimed at strengthening bilateral ties with Russia. More.");
    EXPECT_LE(t.size(), 80u + 3u);
    EXPECT_EQ(t.rfind("Malian Interim President", 0), 0u);
    EXPECT_EQ(t.substr(t.size() - 3), "\u2026");
    EXPECT_EQ(fts::text::derive_title("   "), "");
}

TEST(Text, Utf8PrefixNeverSplitsCharacters) {
    EXPECT_EQ(fts::text::utf8_prefix("aï", 2), "a");
    EXPECT_EQ(fts::text::utf8_prefix("aï", 3), "aï");
}

TEST(Schema, IdTermsStayWithinXapianLimit) {
    EXPECT_EQ(fts::schema::id_term("world/a.txt"), "Qworld/a.txt");
    std::string long_a(1000, 'a'), long_b = long_a;
    long_b.back() = 'b';
    std::string ta = fts::schema::id_term(long_a), tb = fts::schema::id_term(long_b);
    EXPECT_LE(ta.size(), fts::schema::kMaxTermBytes);
    EXPECT_NE(ta, tb);                            // different ids stay different
    EXPECT_EQ(ta, fts::schema::id_term(long_a));  // and stable
}
