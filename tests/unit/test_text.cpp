// Unit tests: fts::text, fts::WordTable and fts::schema::id_term.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>
#include <xapian.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "fts/bulk_build.h"
#include "fts/schema.h"
#include "fts/text.h"
#include "fts/word_table.h"

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

// Regression for the ASCII fast path of for_each_word: the same words as decoding every
// character with Xapian's Unicode tables (as it did before), on text mixing ASCII, other
// scripts, combining marks and invalid UTF-8.
TEST(Text, ForEachWordSplitsAsXapiansUnicodeTables) {
    auto reference = [](std::string_view s) {
        std::vector<std::string> out;
        std::string word;
        for (Xapian::Utf8Iterator it(s.data(), s.size()); it != Xapian::Utf8Iterator(); ++it) {
            if (Xapian::Unicode::is_wordchar(*it)) {
                Xapian::Unicode::append_utf8(word, Xapian::Unicode::tolower(*it));
            } else if (!word.empty()) {
                out.push_back(word);
                word.clear();
            }
        }
        if (!word.empty()) out.push_back(word);
        return out;
    };
    const std::vector<std::string> pieces = {"a",
                                             "Z",
                                             "q",
                                             "0",
                                             "9",
                                             "_",
                                             " ",
                                             "'",
                                             "-",
                                             ".",
                                             "\n",
                                             "\t",
                                             "\x01",
                                             "\x7f",
                                             "\xc3\x89",
                                             "\xc3\x9f",
                                             "\xce\xa9",
                                             "\xe4\xb8\xad",
                                             "e\xcc\x81",
                                             "\xff",
                                             "\xc3",
                                             "\xe2\x80\x94",
                                             "\xf0\x9f\x98\x80",
                                             "\xef\xbc\xa1",
                                             "\xd9\xa3"};
    std::uint32_t seed = 12345;
    for (int round = 0; round < 3000; ++round) {
        std::string text;
        const int n = 1 + round % 40;
        for (int i = 0; i < n; ++i) {
            seed = seed * 1664525u + 1013904223u;
            text += pieces[(seed >> 8) % pieces.size()];
        }
        std::vector<std::string> got;
        fts::text::for_each_word(text, [&](std::string_view w) { got.emplace_back(w); });
        ASSERT_EQ(got, reference(text)) << "text: " << text;
    }
}

TEST(Text, FoldAccentsOfLatinLetters) {
    EXPECT_EQ(fts::text::fold_accents("Zürich, São Paulo, Koné, Goïta"),
              "Zurich, Sao Paulo, Kone, Goita");
    EXPECT_EQ(fts::text::fold_accents("Øresund, Łódź, æther, Straße, Việt Nam"),
              "Oresund, Lodz, aether, Strasse, Viet Nam");
    EXPECT_EQ(fts::text::fold_accents("plain ascii"), "plain ascii");
    // Other scripts, symbols and invalid UTF-8 stay as they are.
    EXPECT_EQ(fts::text::fold_accents("東京 Москва € \xff"), "東京 Москва € \xff");
    EXPECT_FALSE(fts::text::may_fold("東京 Москва plain"));
    EXPECT_TRUE(fts::text::may_fold("Zürich"));
    EXPECT_TRUE(fts::text::may_fold("Việt"));
    // Written decomposed (a review: "Zürich" typed or stored as "u" and U+0308 was not folded),
    // on Latin letters only: Cyrillic "й" decomposed stays as it is, as precomposed it does.
    EXPECT_TRUE(fts::text::may_fold("Zu\u0308rich"));
    EXPECT_EQ(fts::text::fold_accents("Zu\u0308rich, Gene\u0300ve, Vie\u0302\u0323t"),
              "Zurich, Geneve, Viet");
    EXPECT_EQ(fts::text::fold_accents("\u0438\u0306 \u0301x"), "\u0438\u0306 \u0301x");
}

TEST(Text, ParagraphsEndAtBlankLines) {
    const auto paragraphs = [](std::string_view s) {
        std::vector<std::string> out;
        fts::text::for_each_paragraph(s, [&](std::string_view p) { out.emplace_back(p); });
        return out;
    };
    using V = std::vector<std::string>;
    EXPECT_EQ(paragraphs("one\ntwo"), V{"one\ntwo"});
    EXPECT_EQ(paragraphs("one\n\ntwo\n"), (V{"one\n", "two\n"}));
    EXPECT_EQ(paragraphs("one\r\n \t\r\n\n  two\n\n"), (V{"one\r\n", "two\n"}));
    EXPECT_EQ(paragraphs("one\n\n\n\n"), V{"one\n"});
    EXPECT_EQ(paragraphs(""), V{});
    EXPECT_EQ(paragraphs("a\n \nb\n \n"), (V{"a\n", "b\n"}));
}

TEST(Text, PiecesEndBeforeABreakAndMakeTheWhole) {
    const auto pieces = [](std::string_view s, std::size_t size) {
        std::vector<std::string> out;
        fts::text::for_each_piece(s, size, [&](std::string_view p) { out.emplace_back(p); });
        return out;
    };
    using V = std::vector<std::string>;
    EXPECT_EQ(pieces("one two three", 2), (V{"one", " two", " three"}));
    EXPECT_EQ(pieces("one two three", 5), (V{"one two", " three"}));
    EXPECT_EQ(pieces("one two", 100), V{"one two"});
    EXPECT_EQ(pieces("onetwothree x", 2), (V{"onetwothree", " x"}));
    EXPECT_EQ(pieces("onetwothree", 2), V{"onetwothree"});
    EXPECT_EQ(pieces("a\tb\nc", 1), (V{"a", "\tb", "\nc"}));
    EXPECT_EQ(pieces("", 1), V{});
}

// The indexer's per-word table (stem cache, spelling and stopword counts) against the standard
// library's map, through growth, removal and clearing.
TEST(WordTable, AgreesWithAnUnorderedMap) {
    fts::WordTable<std::uint32_t> table;
    std::unordered_map<std::string, std::uint32_t> model;
    std::mt19937 rng(7);
    auto random_word = [&] {
        std::string w(rng() % 40, 'a');  // the empty word too, and words past SSO's 15 bytes
        for (char& c : w) c = static_cast<char>('a' + rng() % 3);
        return w;
    };
    for (int round = 0; round < 3; ++round) {
        for (int i = 0; i < 20000; ++i) {
            const std::string w = random_word();
            table.find_or_add(w) += 1;
            model[w] += 1;
        }
        ASSERT_EQ(table.size(), model.size());
        for (const auto& [w, n] : model) {
            const std::uint32_t* v = std::as_const(table).find(w);
            ASSERT_NE(v, nullptr) << w;
            EXPECT_EQ(*v, n) << w;
        }
        EXPECT_EQ(table.find("not a word of the alphabet abc"), nullptr);
        std::size_t seen = 0;
        table.for_each([&](std::string_view w, std::uint32_t n) {
            ++seen;
            EXPECT_EQ(model.at(std::string(w)), n);
        });
        EXPECT_EQ(seen, model.size());
        // Remove the rare ones, as the spelling counts are pruned.
        table.erase_if([](std::string_view, std::uint32_t n) { return n < 2; });
        std::erase_if(model, [](const auto& e) { return e.second < 2; });
        ASSERT_EQ(table.size(), model.size());
        for (const auto& [w, n] : model) ASSERT_EQ(*table.find(w), n) << w;
    }
    table.clear();
    EXPECT_TRUE(table.empty());
    EXPECT_EQ(table.find(""), nullptr);
    EXPECT_EQ(table.find_or_add("again", 5), 5u);
    EXPECT_EQ(*table.find("again"), 5u);
    // An empty view without storage is the empty word.
    EXPECT_EQ(table.find(std::string_view{}), nullptr);
    table.find_or_add(std::string_view{}, 3);
    EXPECT_EQ(*table.find(""), 3u);
    EXPECT_EQ(*table.find(std::string_view{}), 3u);
}

// The spelling table's words: at the cut, words as frequent as the last one kept are chosen by
// byte order, whatever order the table holds them in (which changes with the number of workers).
TEST(WordTable, SpellingWordsAtTheCutDoNotDependOnTheTablesOrder) {
    std::vector<std::string> words;
    for (int i = 0; i < 1000; ++i) words.push_back("w" + std::to_string(i));
    std::vector<std::string> first;
    for (unsigned seed = 0; seed < 4; ++seed) {
        std::shuffle(words.begin(), words.end(), std::mt19937(seed));
        fts::SpellingCounts counts;
        for (const auto& w : words) counts.find_or_add(w) = w.size() == 2 ? 5 : 2;  // w0..w9: 5
        const auto kept = fts::select_spelling_words(counts, 100);
        ASSERT_EQ(kept.size(), 100u);
        std::vector<std::string> got;
        for (const auto& [n, w] : kept) got.emplace_back(w);
        std::sort(got.begin(), got.end());
        if (seed == 0) {
            first = got;
            // The ten seen five times, then the first 90 of those seen twice in byte order.
            std::vector<std::string> all(words);
            std::sort(all.begin(), all.end());
            std::vector<std::string> expected;
            for (const auto& w : all)
                if (w.size() == 2) expected.push_back(w);
            for (const auto& w : all)
                if (w.size() != 2 && expected.size() < 100) expected.push_back(w);
            std::sort(expected.begin(), expected.end());
            EXPECT_EQ(got, expected);
        }
        EXPECT_EQ(got, first) << "seed " << seed;
    }
    // A large vocabulary leaves out the words seen once.
    fts::SpellingCounts large;
    for (int i = 0; i < 100001; ++i) large.find_or_add("x" + std::to_string(i)) = i % 2 + 1;
    EXPECT_EQ(fts::select_spelling_words(large, 1000000).size(), 50000u);
}
