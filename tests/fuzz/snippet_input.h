// The snippet fuzz target's input and invariants, shared with the unit test that replays its
// seeds (tests/unit/test_fuzz_regressions.cpp).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <xapian.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fts/snippet.h"
#include "fts/text.h"

namespace fts::fuzz {

// First byte: the snippet length (8 + 4 x it); up to the first newline: the query's terms, a
// leading '~' making a stem; the rest: the text. False when a snippet of it breaks a rule: the
// highlights lie in order inside its text, on character boundaries; valid UTF-8 out of valid
// UTF-8 in; no longer than the budget allows (plus the ellipses and one word longer than it).
inline bool snippet_holds(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return true;
    const std::size_t bytes = 8 + 4 * static_cast<std::size_t>(data[0]);
    const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::size_t nl = input.find('\n');
    if (nl == std::string::npos) return true;
    std::vector<Xapian::Query> words;
    const std::string list = input.substr(0, nl);
    for (std::size_t at = 0; at < list.size();) {
        std::size_t space = list.find(' ', at);
        if (space == std::string::npos) space = list.size();
        std::string w = list.substr(at, space - at);
        if (!w.empty() && w.size() < 60) words.emplace_back(w[0] == '~' ? "Z" + w.substr(1) : w);
        at = space + 1;
    }
    const std::string text = text::repair_utf8(input.substr(nl + 1));
    SnippetTerms terms(Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end()),
                       Xapian::Stem("english"));
    std::size_t longest = 0, run = 0;
    for (char c : text) {
        run = (c == ' ' || c == '\n' || c == '\t') ? 0 : run + 1;
        longest = std::max(longest, run);
    }
    for (const bool ends : {true, false}) {
        const Snippet s = make_snippet(text, terms, bytes, ends, ends);
        std::size_t last = 0;
        for (auto [b, e] : s.highlights) {
            if (b < last || e <= b || e > s.text.size()) return false;
            if ((static_cast<unsigned char>(s.text[b]) & 0xC0) == 0x80) return false;
            if (e < s.text.size() && (static_cast<unsigned char>(s.text[e]) & 0xC0) == 0x80)
                return false;
            last = e;
        }
        if (text::find_invalid_utf8(s.text)) return false;
        if (!s.highlights.empty() && s.text.size() > bytes + 6 + longest) return false;
    }
    return true;
}

}  // namespace fts::fuzz
