// fts readers: plain text. A short first line followed by a blank line (or underlined with === or
// ---) is the title; otherwise the title is derived from the first sentence (see corpus/README.md).
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/readers.h"
#include "fts/text.h"
#include "readers_internal.h"

namespace fts {

namespace {

constexpr std::size_t kMaxTitleBytes = 150;
constexpr std::size_t kMaxTitleWords = 20;

bool is_underline(std::string_view line) {
    line = text::trim(line);
    if (line.size() < 3) return false;
    char c = line[0];
    if (c != '=' && c != '-') return false;
    return line.find_first_not_of(c) == std::string_view::npos;
}

bool plausible_title(std::string_view line) {
    line = text::trim(line);
    if (line.empty() || line.size() > kMaxTitleBytes) return false;
    char last = line.back();
    if (last == '.' || last == ',' || last == ';' || last == ':') return false;
    std::size_t words = 1;  // runs of spaces or tabs between words
    for (std::size_t i = 1; i < line.size(); ++i)
        words += (line[i] == ' ' || line[i] == '\t') && line[i - 1] != ' ' && line[i - 1] != '\t';
    return words <= kMaxTitleWords;
}

}  // namespace

Article read_text(std::string_view content) {
    std::string text = detail::checked_text(content);
    Article a;
    std::string_view all(text);
    // Skip leading blank lines.
    std::size_t start = 0;
    while (start < all.size()) {
        std::size_t eol = all.find('\n', start);
        std::string_view line =
            all.substr(start, eol == std::string_view::npos ? all.npos : eol - start);
        if (!text::trim(line).empty() || eol == std::string_view::npos) break;
        start = eol + 1;
    }
    std::string_view rest = all.substr(std::min(start, all.size()));
    std::size_t eol1 = rest.find('\n');
    if (eol1 != std::string_view::npos) {
        std::string_view first = rest.substr(0, eol1);
        std::size_t eol2 = rest.find('\n', eol1 + 1);
        std::string_view second =
            rest.substr(eol1 + 1, eol2 == std::string_view::npos ? rest.npos : eol2 - eol1 - 1);
        bool blank_after = text::trim(second).empty() && eol2 != std::string_view::npos;
        if (plausible_title(first) && (blank_after || is_underline(second))) {
            a.title = std::string(text::trim(first));
            rest = eol2 == std::string_view::npos ? std::string_view() : rest.substr(eol2 + 1);
        }
    }
    a.body = std::string(text::trim(rest));
    detail::ensure_title(a);
    return a;
}

}  // namespace fts
