// fts text helpers.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/text.h"

#include <unicode/utf8.h>
#include <xapian.h>
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <cstdio>
#include <cstring>

#include "fts/word_table.h"

namespace fts {

std::uint64_t word_hash(std::string_view word) noexcept {
    return XXH3_64bits(word.data(), word.size());
}

}  // namespace fts

namespace fts::text {

std::string without_invisible(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        // U+200B-U+200D: E2 80 8B-8D; U+2060: E2 81 A0; U+FEFF: EF BB BF.
        if (i + 2 < s.size()) {
            const auto a = static_cast<unsigned char>(s[i]),
                       b = static_cast<unsigned char>(s[i + 1]),
                       c = static_cast<unsigned char>(s[i + 2]);
            if ((a == 0xE2 && b == 0x80 && c >= 0x8B && c <= 0x8D) ||
                (a == 0xE2 && b == 0x81 && c == 0xA0) || (a == 0xEF && b == 0xBB && c == 0xBF)) {
                i += 2;
                continue;
            }
        }
        out += s[i];
    }
    return out;
}

std::optional<std::size_t> find_invalid_utf8(std::string_view s) {
    const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
    std::size_t base = 0;
    // ICU indexes with int32_t: walk inputs over 1 GiB in windows (a character is at most 4 bytes,
    // so a window that ends mid-character is re-read from that character's start).
    while (base < s.size()) {
        const std::size_t window = std::min<std::size_t>(s.size() - base, std::size_t{1} << 30);
        const auto n = static_cast<std::int32_t>(window);
        const std::uint8_t* w = p + base;
        std::int32_t i = 0;
        std::int32_t last_start = 0;
        while (i < n) {
            if (w[i] < 0x80) {  // ASCII runs are the common case; skip them without ICU
                ++i;
                continue;
            }
            last_start = i;
            UChar32 c;
            U8_NEXT(w, i, n, c);  // strict: rejects overlong forms, surrogates, > U+10FFFF
            if (c < 0) {
                if (base + window < s.size() && n - last_start < 4) {
                    i = last_start;  // may be cut by the window: retry in the next one
                    break;
                }
                return base + static_cast<std::size_t>(last_start);
            }
        }
        if (i <= 0) return base;  // cannot happen, but never loop forever
        base += static_cast<std::size_t>(i);
    }
    return std::nullopt;
}

std::string repair_utf8(std::string_view s) {
    std::string out;
    while (auto bad = find_invalid_utf8(s)) {
        out.append(s.substr(0, *bad));
        out += "\uFFFD";
        // Skip the offending byte and any continuation bytes after it.
        std::size_t skip = *bad + 1;
        while (skip < s.size() && (static_cast<unsigned char>(s[skip]) & 0xC0) == 0x80) ++skip;
        s.remove_prefix(skip);
    }
    out.append(s);
    return out;
}

bool looks_binary(std::string_view s) {
    if (!s.empty() && std::memchr(s.data(), 0, s.size()))
        return true;  // no text format has NUL bytes
    std::string_view head = s.substr(0, 8192);
    std::size_t controls = 0;
    for (unsigned char c : head) {
        if (c == 0) return true;
        if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f' && c != '\v') ++controls;
    }
    return !head.empty() && controls * 10 > head.size();  // over 10% control characters
}

static bool is_space(unsigned char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

std::size_t space_at(std::string_view s, std::size_t i) {
    const auto b = [&](std::size_t k) {
        return i + k < s.size() ? static_cast<unsigned char>(s[i + k]) : 0;
    };
    if (i >= s.size()) return 0;
    if (is_space(b(0))) return 1;
    if (b(0) == 0xC2) return b(1) == 0xA0 || b(1) == 0x85 ? 2 : 0;  // U+00A0, U+0085
    if (b(0) == 0xE1) return b(1) == 0x9A && b(2) == 0x80 ? 3 : 0;  // U+1680
    if (b(0) == 0xE2 && b(1) == 0x80)  // U+2000-U+200A, U+2028, U+2029, U+202F
        return b(2) <= 0x8A || b(2) == 0xA8 || b(2) == 0xA9 || b(2) == 0xAF ? 3 : 0;
    if (b(0) == 0xE2) return b(1) == 0x81 && b(2) == 0x9F ? 3 : 0;  // U+205F
    if (b(0) == 0xE3) return b(1) == 0x80 && b(2) == 0x80 ? 3 : 0;  // U+3000
    return 0;
}

std::string one_line(std::string_view s) {
    std::string line;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u >= 0x20 && u != 0x7f) {
            line += c;
        } else {
            char esc[8];
            std::snprintf(esc, sizeof esc, "\\x%02X", u);
            line += esc;
        }
    }
    return line;
}

std::string collapse_whitespace(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    bool pending_space = false;
    for (std::size_t i = 0; i < s.size();) {
        if (const std::size_t n = space_at(s, i)) {
            pending_space = !out.empty();
            i += n;
            continue;
        }
        if (pending_space) out.push_back(' ');
        pending_space = false;
        out.push_back(s[i++]);
    }
    return out;
}

std::string_view trim(std::string_view s) {
    std::size_t from = 0;
    while (const std::size_t n = space_at(s, from)) from += n;
    s.remove_prefix(from);
    // From the end: a space is at most three bytes long.
    for (bool more = true; more && !s.empty();) {
        more = false;
        for (std::size_t n = 1; n <= 3 && n <= s.size(); ++n)
            if (space_at(s, s.size() - n) == n) {
                s.remove_suffix(n);
                more = true;
                break;
            }
    }
    return s;
}

namespace {
struct Fold {
    std::uint32_t code_point;
    const char* ascii;
};
constexpr Fold kFolds[] = {
#include "fold_table.inc"
};
}  // namespace

bool may_fold(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto b = static_cast<unsigned char>(s[i]);
        if (b >= 0xC3 && b <= 0xC9) return true;  // U+00C0-U+027F
        if (b == 0xCC || b == 0xCD) return true;  // U+0300-U+037F: combining accents
        if (b == 0xE1 && i + 1 < s.size()) {      // U+1E00-U+1EFF
            const auto next = static_cast<unsigned char>(s[i + 1]);
            if (next >= 0xB8 && next <= 0xBB) return true;
        }
    }
    return false;
}

std::string fold_accents(std::string_view s) {
    if (!may_fold(s)) return std::string(s);
    std::string out;
    out.reserve(s.size());
    const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
    const auto length = static_cast<std::int32_t>(s.size());
    for (std::int32_t i = 0; i < length;) {
        const std::int32_t start = i;
        UChar32 ch;
        U8_NEXT(p, i, length, ch);
        // Text written decomposed ("u" and U+0308 for "ü"): a combining accent on a Latin letter
        // goes, as the precomposed letter's accent does.
        if (ch >= 0x300 && ch <= 0x36F && !out.empty() &&
            std::isalpha(static_cast<unsigned char>(out.back())))
            continue;
        if (ch >= 0xC0) {
            const Fold* f = std::lower_bound(
                std::begin(kFolds), std::end(kFolds), static_cast<std::uint32_t>(ch),
                [](const Fold& x, std::uint32_t c) { return x.code_point < c; });
            if (f != std::end(kFolds) && f->code_point == static_cast<std::uint32_t>(ch)) {
                out += f->ascii;
                continue;
            }
        }
        out.append(s.substr(static_cast<std::size_t>(start), static_cast<std::size_t>(i - start)));
    }
    return out;
}

bool cjk_char(unsigned ch) {
    return (ch >= 0x2E80 && ch <= 0x2FFF) || (ch >= 0x3000 && ch <= 0x9FFF) ||
           (ch >= 0xA700 && ch <= 0xA71F) || (ch >= 0xAC00 && ch <= 0xD7AF) ||
           (ch >= 0xF900 && ch <= 0xFAFF) || (ch >= 0xFE30 && ch <= 0xFE4F) ||
           (ch >= 0xFF00 && ch <= 0xFFEF) || (ch >= 0x20000 && ch <= 0x2A6DF) ||
           (ch >= 0x2F800 && ch <= 0x2FA1F);
}

bool cjk_word_at(std::string_view s, std::size_t i, std::size_t& length) {
    length = 1;
    if (static_cast<unsigned char>(s[i]) < 0xE0) return false;  // CJK takes 3 or 4 bytes
    const auto* p = reinterpret_cast<const std::uint8_t*>(s.data());
    auto next = static_cast<std::int32_t>(i);
    UChar32 ch;
    U8_NEXT(p, next, static_cast<std::int32_t>(s.size()), ch);
    length = static_cast<std::size_t>(next) - i;
    return ch > 0 && cjk_char(static_cast<unsigned>(ch)) &&
           Xapian::Unicode::is_wordchar(static_cast<unsigned>(ch));
}

bool has_cjk(std::string_view s) {
    std::size_t length = 0;
    for (std::size_t i = 0; i < s.size(); i += length)
        if (cjk_word_at(s, i, length)) return true;
    return false;
}

std::string percent_unescape(std::string_view s) {
    const auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        const int lower = c | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    };
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out += static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::string lowercase(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (Xapian::Utf8Iterator it(s.data(), s.size()); it != Xapian::Utf8Iterator(); ++it)
        Xapian::Unicode::append_utf8(out, Xapian::Unicode::tolower(*it));
    return out;
}

std::string_view utf8_prefix(std::string_view s, std::size_t max_bytes) {
    if (s.size() <= max_bytes) return s;
    std::size_t n = max_bytes;
    // Step back over continuation bytes so we never cut a character in half.
    while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
    return s.substr(0, n);
}

void for_each_word(std::string_view s, const std::function<void(std::string_view)>& fn) {
    std::string word;
    const char* p = s.data();
    const char* const end = p + s.size();
    while (p != end) {
        const auto byte = static_cast<unsigned char>(*p);
        if (byte < 0x80) {  // ASCII, most of most text: no decoding, no table lookup
            ++p;
            const bool upper = byte >= 'A' && byte <= 'Z';
            if (upper || (byte >= 'a' && byte <= 'z') || (byte >= '0' && byte <= '9') ||
                byte == '_') {
                word += static_cast<char>(upper ? byte - 'A' + 'a' : byte);
                continue;
            }
        } else {
            Xapian::Utf8Iterator it(p, static_cast<std::size_t>(end - p));
            const unsigned ch = *it;
            ++it;
            p = it == Xapian::Utf8Iterator() ? end : it.raw();
            if (Xapian::Unicode::is_wordchar(ch)) {
                Xapian::Unicode::append_utf8(word, Xapian::Unicode::tolower(ch));
                continue;
            }
        }
        if (!word.empty()) {
            fn(word);
            word.clear();
        }
    }
    if (!word.empty()) fn(word);
}

std::string derive_title(std::string_view body, std::size_t max_bytes) {
    std::string_view rest = trim(body);
    // First line, then first sentence within it.
    std::string_view line = rest.substr(0, rest.find('\n'));
    std::size_t end = line.size();
    for (std::size_t i = 0; i + 1 < line.size(); ++i) {
        char c = line[i];
        if ((c == '.' || c == '!' || c == '?') && line[i + 1] == ' ' && i > 20) {
            end = i + 1;
            break;
        }
    }
    std::string sentence = collapse_whitespace(line.substr(0, end));
    if (sentence.size() <= max_bytes) return sentence;
    std::string_view cut = utf8_prefix(sentence, max_bytes);
    if (auto sp = cut.rfind(' '); sp != std::string_view::npos && sp > max_bytes / 2)
        cut = cut.substr(0, sp);
    while (!cut.empty() && (cut.back() == ',' || cut.back() == ';' || cut.back() == ':'))
        cut.remove_suffix(1);
    return std::string(cut) + "\u2026";
}

}  // namespace fts::text
