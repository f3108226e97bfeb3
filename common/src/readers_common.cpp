// fts readers: format detection, dispatch and shared helpers.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <iconv.h>

#include <algorithm>
#include <cctype>
#include <cerrno>

#include "fts/dates.h"
#include "fts/errors.h"
#include "fts/readers.h"
#include "fts/text.h"
#include "readers_internal.h"

namespace fts {

std::optional<Format> format_for_path(std::string_view path) {
    auto slash = path.find_last_of('/');
    std::string_view name = slash == std::string_view::npos ? path : path.substr(slash + 1);
    auto dot = name.find_last_of('.');
    if (dot == std::string_view::npos || dot == 0) return std::nullopt;
    std::string ext;
    for (char c : name.substr(dot + 1))
        ext.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    if (ext == "txt" || ext == "text") return Format::Text;
    if (ext == "md" || ext == "markdown") return Format::Markdown;
    if (ext == "html" || ext == "htm" || ext == "xhtml") return Format::Html;
    if (ext == "jsonl" || ext == "ndjson") return Format::JsonLines;
    return std::nullopt;
}

Article read_document(Format format, std::string_view content) {
    switch (format) {
        case Format::Text:
            return read_text(content);
        case Format::Markdown:
            return read_markdown(content);
        case Format::Html:
            return read_html(content);
        case Format::JsonLines:
            break;
    }
    throw InputError("JSON Lines files hold many records; read them line by line");
}

std::string date_warning(const Article& a) {
    if (!a.date.empty() || a.unread_date.empty()) return {};
    return "date '" + a.unread_date +
           "' not understood (e.g. 2024-03-15, 15 March 2024; see corpus/README.md): indexed "
           "undated";
}

namespace detail {

std::optional<std::string> decode_to_utf8(std::string_view in, const std::string& charset) {
    iconv_t cd = iconv_open("UTF-8", charset.c_str());
    if (cd == reinterpret_cast<iconv_t>(-1)) return std::nullopt;
    std::string out(in.size() + in.size() / 2 + 16, '\0');
    char* src = const_cast<char*>(in.data());
    std::size_t src_left = in.size();
    std::size_t done = 0;
    while (src_left > 0) {
        char* dst = out.data() + done;
        std::size_t dst_left = out.size() - done;
        const std::size_t r = iconv(cd, &src, &src_left, &dst, &dst_left);
        done = out.size() - dst_left;
        if (r != static_cast<std::size_t>(-1)) break;
        if (errno == E2BIG) {
            out.resize(out.size() * 2);
        } else {  // EILSEQ, or EINVAL (a sequence cut off at the end): U+FFFD for a byte
            if (out.size() - done < 3) out.resize(out.size() * 2);
            out.replace(done, 3, "\xEF\xBF\xBD");
            done += 3;
            ++src;
            --src_left;
        }
    }
    iconv_close(cd);
    out.resize(done);
    return out;
}

std::optional<std::string> from_utf16(std::string_view content) {
    if (content.size() < 2) return std::nullopt;
    const auto b0 = static_cast<unsigned char>(content[0]);
    const auto b1 = static_cast<unsigned char>(content[1]);
    if (b0 == 0xFF && b1 == 0xFE) return decode_to_utf8(content.substr(2), "UTF-16LE");
    if (b0 == 0xFE && b1 == 0xFF) return decode_to_utf8(content.substr(2), "UTF-16BE");
    return std::nullopt;
}

void reject_binary(std::string_view content) {
    if (!text::looks_binary(content)) return;
    // ASCII text in UTF-16 without a byte order mark: every other byte NUL.
    std::size_t even = 0, odd = 0;
    const std::string_view head = content.substr(0, 512);
    for (std::size_t i = 0; i < head.size(); ++i) (i % 2 ? odd : even) += head[i] == '\0';
    if (head.size() >= 8 && (even * 4 >= head.size() || odd * 4 >= head.size()) &&
        (even == 0 || odd == 0))
        throw InputError(
            "UTF-16 text without a byte order mark (convert it to UTF-8, e.g. iconv -f UTF-16LE "
            "-t UTF-8)");
    throw InputError("binary file (NUL or control bytes)");
}

std::string checked_text(std::string_view content) {
    std::optional<std::string> utf16 = from_utf16(content);
    if (utf16) content = *utf16;
    // (Bytes are counted from 1, in the file as it is, as JSON's parse errors count them.)
    std::size_t bom = 0;
    if (content.size() >= 3 && content.substr(0, 3) == "\xEF\xBB\xBF") {
        content.remove_prefix(3);
        bom = utf16 ? 0 : 3;
    }
    reject_binary(content);
    if (auto bad = text::find_invalid_utf8(content))
        throw InputError("invalid UTF-8 at byte " + std::to_string(*bad + bom + 1));
    std::string out;
    out.reserve(content.size());
    for (std::size_t i = 0; i < content.size(); ++i) {
        char c = content[i];
        if (c == '\r') {
            out.push_back('\n');
            if (i + 1 < content.size() && content[i + 1] == '\n') ++i;
        } else {
            out.push_back(c);
        }
    }
    return out;
}

void add_tag(std::vector<std::string>& tags, std::string_view tag) {
    std::string t = text::collapse_whitespace(tag);
    if (t.empty()) return;
    const std::string key = text::lowercase(t);
    for (const auto& have : tags)
        if (text::lowercase(have) == key) return;  // the first spelling of a tag is kept
    tags.push_back(std::move(t));
}

std::vector<std::string> split_tags(std::string_view s) {
    std::vector<std::string> tags;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == ',' || s[i] == ';') {
            add_tag(tags, s.substr(start, i - start));
            start = i + 1;
        }
    }
    return tags;
}

void set_date(Article& a, std::string_view text) {
    if (auto d = dates::parse_article_date(text))
        a.date = *d;
    else if (a.unread_date.empty() && !text::trim(text).empty())
        a.unread_date = text::trim(text).substr(0, 80);
}

std::string url_host(std::string_view url) {
    auto scheme = url.find("://");
    if (scheme == std::string_view::npos) return {};
    std::string_view rest = url.substr(scheme + 3);
    rest = rest.substr(0, rest.find_first_of("/?#"));
    if (auto at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
    if (auto colon = rest.rfind(':');
        colon != std::string_view::npos && rest.find(']') == std::string_view::npos)
        rest = rest.substr(0, colon);
    return text::lowercase(rest);
}

void ensure_title(Article& a) {
    a.title = text::collapse_whitespace(a.title);
    if (a.title.empty()) {
        a.title = text::derive_title(a.body);
        a.title_derived = true;
    }
}

}  // namespace detail
}  // namespace fts
