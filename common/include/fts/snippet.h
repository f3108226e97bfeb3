// fts snippet: the passage of an article that best shows a query's words, those words marked.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <xapian.h>

#include <cstddef>
#include <functional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace fts {

// Snippet text with the byte ranges [first, second) of the matched words.
struct Snippet {
    std::string text;
    std::vector<std::pair<std::size_t, std::size_t>> highlights;
};

// The words of a query that a snippet marks, as the text writes them: a word is marked when it
// is one of the query's unprefixed terms or its stem one of the query's stemmed ("Z") terms.
// Field terms (title:, author:...) mark nothing in the body. Words are split as Xapian's term
// generator splits them (runs of word characters, joined across an apostrophe or '&' between
// letters and a ',', '.' or ';' between digits, with up to three trailing '+' or '#').
class SnippetTerms {
  public:
    SnippetTerms(const Xapian::Query& query, Xapian::Stem stemmer);

    bool empty() const { return exact_.empty() && stems_.empty() && prefixes_.empty(); }
    // Which of the query's words `lower` (a lower-case word) is: an index from 0, or -1 for none.
    // Stems are computed once per distinct word.
    int match(const std::string& lower);
    // CJK text is indexed as characters and pairs of them, and a query such as 東京 asks for both
    // (東, 京, 東京). A character the query has only within a pair is the query's where that pair
    // is in the text, not alone (the 京 of 北京). Whether `ch` (one character) is in such a pair,
    // and whether `pair` (two) is one.
    bool cjk_in_pair(std::string_view ch) const { return cjk_in_pair_.contains(ch); }
    bool cjk_pair(std::string_view pair) const { return cjk_pairs_.contains(pair); }

  private:
    Xapian::Stem stemmer_;
    // Where the stemmer keeps an ASCII first letter: the first letters of the stems, to stem
    // only the words that may stem to one of them.
    bool by_first_letter_ = false;
    bool first_letters_[128] = {};
    // The ASCII first letters any of the query's words may have (stems' where the stemmer keeps
    // them, else all; words as written; wildcards'): a word starting with another ASCII letter
    // is none of them, told without a look-up (most words of a text).
    bool may_start_[128] = {};
    std::unordered_map<std::string, int> exact_;         // term -> index
    std::unordered_map<std::string, int> stems_;         // stem -> index
    std::unordered_map<std::string, int> seen_;          // word -> match() result
    std::vector<std::pair<std::string, int>> prefixes_;  // wildcards: word beginnings -> index
    std::set<std::string, std::less<>> cjk_pairs_, cjk_in_pair_;
    int count_ = 0;
};

// Whether `stemmer` keeps the first letter of every word that starts with an ASCII one (it
// changes endings, accents and case marks only; a word may stem to nothing). The Indonesian,
// Irish and Kraaij-Pohlmann stemmers strip prefixes, Lovins makes "ul" "l" and Turkish "bime"
// "p"; languages not listed are assumed to change first letters.
bool stemmer_keeps_ascii_initial(const Xapian::Stem& stemmer);

// At most about `bytes` of `text` (whitespace collapsed) where the query's words are densest:
// the most distinct words, then the most occurrences, with some words of context before the
// first; cut between words, and starting a sentence when one starts close before. "…" marks
// text left out in the middle of a sentence, also at `text`'s own ends unless `text_starts` /
// `text_ends` say the article starts / ends there. No highlights when no word of `text` is the
// query's.
Snippet make_snippet(std::string_view text, SnippetTerms& terms, std::size_t bytes,
                     bool text_starts = true, bool text_ends = true);

// The byte range of `body` (at most `window` long, on UTF-8 boundaries) holding the most of
// `words` (lowercase stems or words, found as the start of a word whatever its ASCII case), most
// often; the opening when none occurs. Cheap (no word splitting): it chooses the part of a long
// article that make_snippet() then reads.
std::pair<std::size_t, std::size_t> snippet_window(const std::string& body,
                                                   const std::vector<std::string>& words,
                                                   std::size_t window);

// The opening of `body`, about `bytes` long, cut at a space, "…" when cut; no highlights.
Snippet leading_snippet(const std::string& body, std::size_t bytes);

}  // namespace fts
