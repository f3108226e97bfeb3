// fts readers: format detection, dispatch and shared helpers.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <algorithm>
#include <cctype>

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

namespace detail {

std::string checked_text(std::string_view content) {
    if (content.size() >= 3 && content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
    if (text::looks_binary(content)) throw InputError("binary file (NUL or control bytes)");
    if (auto bad = text::find_invalid_utf8(content))
        throw InputError("invalid UTF-8 at byte " + std::to_string(*bad));
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

std::vector<std::string> split_tags(std::string_view s) {
    std::vector<std::string> tags;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= s.size(); ++i) {
        if (i == s.size() || s[i] == ',' || s[i] == ';') {
            std::string tag = text::collapse_whitespace(s.substr(start, i - start));
            if (!tag.empty() && std::find(tags.begin(), tags.end(), tag) == tags.end())
                tags.push_back(std::move(tag));
            start = i + 1;
        }
    }
    return tags;
}

void set_date(Article& a, std::string_view text) {
    if (auto d = dates::parse(text)) a.date = *d;
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
