// fts text helpers: UTF-8 validation (via ICU), whitespace normalisation, binary detection.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace fts::text {

// Byte offset of the first invalid UTF-8 sequence (overlong forms and surrogates are invalid), or
// nullopt when the whole string is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view s);

// Replace every invalid UTF-8 sequence with U+FFFD.
std::string repair_utf8(std::string_view s);

// True when the data looks binary rather than text (NUL bytes or many control characters in the
// first few KiB).
bool looks_binary(std::string_view s);

// The length in bytes of the whitespace character at byte `i` of `s` (ASCII whitespace, the
// no-break space U+00A0 and Unicode's other spaces and line separators), 0 when there is none.
std::size_t space_at(std::string_view s, std::size_t i);

// `s` (valid UTF-8) without the invisible characters the term generator skips inside words:
// zero-width space, non-joiner and joiner (U+200B-U+200D), word joiner (U+2060) and the zero-width
// no-break space (U+FEFF). A query pasted with one finds, highlights and spells what it shows.
std::string without_invisible(std::string_view s);

// One line, whatever `s` holds (a file name, a line of a file): control characters as \xNN.
std::string one_line(std::string_view s);

// Call `fn(paragraph)` for each paragraph of `s`, in order: the text between blank lines (a line
// of nothing but spaces, tabs and carriage returns), the line break before the blank line
// included. Text without a blank line is one paragraph.
template <class Fn>
void for_each_paragraph(std::string_view s, Fn&& fn) {
    std::size_t start = 0;
    for (std::size_t nl = s.find('\n'); nl != std::string_view::npos; nl = s.find('\n', nl + 1)) {
        std::size_t next = nl + 1;
        while (next < s.size() && (s[next] == ' ' || s[next] == '\t' || s[next] == '\r')) ++next;
        if (next >= s.size() || s[next] != '\n') continue;
        fn(s.substr(start, nl + 1 - start));
        while (next < s.size() &&
               (s[next] == '\n' || s[next] == ' ' || s[next] == '\t' || s[next] == '\r'))
            ++next;
        start = next;
        nl = next - 1;
        if (start >= s.size()) return;
    }
    if (start < s.size()) fn(s.substr(start));
}

// Call `fn(piece)` for consecutive pieces of `s` that together are `s`: each `size` bytes or a
// little more, cut just before an ASCII space, tab or line break (so no word is cut); text with
// no such break after `size` bytes is one piece.
template <class Fn>
void for_each_piece(std::string_view s, std::size_t size, Fn&& fn) {
    while (s.size() > size) {
        const std::size_t cut = s.find_first_of(" \t\n\r", size);
        if (cut == std::string_view::npos) break;
        fn(s.substr(0, cut));
        s.remove_prefix(cut);
    }
    if (!s.empty()) fn(s);
}

// Collapse runs of whitespace (space_at) into single ASCII spaces and trim both ends.
std::string collapse_whitespace(std::string_view s);

// Trim whitespace (space_at) from both ends.
std::string_view trim(std::string_view s);

// Lowercase (Unicode-aware, via Xapian::Unicode).
std::string lowercase(std::string_view s);

// `s` with the bytes `escape` picks written %XX (upper-case hex), the others as they are.
template <class Escape>
std::string percent_escape(std::string_view s, Escape escape) {
    static constexpr char kHex[] = "0123456789ABCDEF";
    std::string out;
    out.reserve(s.size());
    for (const char c : s) {
        const auto b = static_cast<unsigned char>(c);
        if (escape(b)) {
            out += '%';
            out += kHex[b >> 4];
            out += kHex[b & 15];
        } else {
            out += c;
        }
    }
    return out;
}

// `s` with every %XX (two hex digits) written back as its byte: what percent_escape undoes.
std::string percent_unescape(std::string_view s);

// Letters of the Latin script without their accents, in ASCII: "Zürich" -> "Zurich", "Koné" ->
// "Kone", "ø" -> "o", "æ" -> "ae", "ß" -> "ss" (ICU's transliteration, tabled at build time).
// Combining accents (U+0300-U+036F) after a Latin letter go too: "Zu\u0308rich" -> "Zurich".
// Other characters, and invalid UTF-8, are kept as they are.
std::string fold_accents(std::string_view s);
// Whether fold_accents() could change `s`: a letter of U+00C0-U+024F or U+1E00-U+1EFF or a
// combining accent in it (judged by their UTF-8 lead bytes: most non-ASCII text, CJK or Cyrillic,
// has none).
bool may_fold(std::string_view s);

// Chinese, Japanese and Korean characters (the Unicode blocks of CJK radicals, symbols,
// ideographs, kana, Hangul and their compatibility and extension forms), which Xapian's
// FLAG_CJK_NGRAM indexes one by one and in pairs.
bool cjk_char(unsigned code_point);
// Whether the character at byte `i` of `s` is a CJK word character (CJK punctuation is no
// word); sets `length` to its length in bytes (1 for a byte that starts no character).
bool cjk_word_at(std::string_view s, std::size_t i, std::size_t& length);
// Whether `s` holds a CJK word character.
bool has_cjk(std::string_view s);

// Call `fn(word)` for every word as Xapian's term generator splits text (runs of Unicode word
// characters), lowercased. `word` is only valid during the call.
void for_each_word(std::string_view s, const std::function<void(std::string_view)>& fn);

// A short title made from body text: the first sentence (or line), cut at a word boundary near
// max_bytes with an ellipsis. Empty if the body has no words.
std::string derive_title(std::string_view body, std::size_t max_bytes = 80);

// Cut a UTF-8 string to at most max_bytes without splitting a character.
std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes);

}  // namespace fts::text
