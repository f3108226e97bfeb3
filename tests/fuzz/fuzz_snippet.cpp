// libFuzzer target for snippets: any text and query words give a snippet whose highlights lie in
// order inside its text, on character boundaries, no longer than a budget allows, and valid
// UTF-8 out of valid UTF-8 in.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <xapian.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "fts/snippet.h"
#include "fts/text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 2) return 0;
    // First byte: the snippet length; up to the first newline: the query's terms (a leading
    // '~' makes a stem); the rest: the text.
    const std::size_t bytes = 8 + 4 * static_cast<std::size_t>(data[0]);
    const std::string input(reinterpret_cast<const char*>(data) + 1, size - 1);
    const std::size_t nl = input.find('\n');
    if (nl == std::string::npos) return 0;
    std::vector<Xapian::Query> words;
    std::size_t at = 0;
    const std::string list = input.substr(0, nl);
    while (at < list.size()) {
        std::size_t space = list.find(' ', at);
        if (space == std::string::npos) space = list.size();
        std::string w = list.substr(at, space - at);
        if (!w.empty() && w.size() < 60) words.emplace_back(w[0] == '~' ? "Z" + w.substr(1) : w);
        at = space + 1;
    }
    const std::string text = fts::text::repair_utf8(input.substr(nl + 1));
    fts::SnippetTerms terms(Xapian::Query(Xapian::Query::OP_OR, words.begin(), words.end()),
                            Xapian::Stem("english"));
    for (const bool ends : {true, false}) {
        const fts::Snippet s = fts::make_snippet(text, terms, bytes, ends, ends);
        std::size_t last = 0;
        for (auto [b, e] : s.highlights) {
            if (b < last || e <= b || e > s.text.size()) __builtin_trap();
            if ((static_cast<unsigned char>(s.text[b]) & 0xC0) == 0x80) __builtin_trap();
            if (e < s.text.size() && (static_cast<unsigned char>(s.text[e]) & 0xC0) == 0x80)
                __builtin_trap();
            last = e;
        }
        if (fts::text::find_invalid_utf8(s.text)) __builtin_trap();
        // The budget, plus the two ellipses, plus one word that is longer than it on its own.
        std::size_t longest = 0, run = 0;
        for (char c : text) {
            run = (c == ' ' || c == '\n' || c == '\t') ? 0 : run + 1;
            longest = std::max(longest, run);
        }
        if (!s.highlights.empty() && s.text.size() > bytes + 6 + longest) __builtin_trap();
    }
    return 0;
}
