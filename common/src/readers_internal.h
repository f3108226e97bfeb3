// fts readers: helpers shared by the per-format readers (not part of the public API).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fts/article.h"

namespace fts::detail {

// Reject binary data and invalid UTF-8; strip a UTF-8 byte order mark; turn CRLF/CR into LF.
// Text in UTF-16 with a byte order mark is decoded first.
std::string checked_text(std::string_view content);

// `in` decoded from `charset` (a name iconv knows) to UTF-8, U+FFFD for each byte that is not
// a character of it; nullopt when iconv does not know the charset.
std::optional<std::string> decode_to_utf8(std::string_view in, const std::string& charset);

// Content that starts with a UTF-16 byte order mark, decoded to UTF-8 (nullopt: no such mark).
std::optional<std::string> from_utf16(std::string_view content);

// Throws InputError for binary data (NUL or many control bytes), naming UTF-16 when it looks so.
void reject_binary(std::string_view content);

// The HTML ("<p>a &amp; b</p>") of a raw HTML block of Markdown as the text a browser shows.
std::string html_fragment_text(std::string_view html);

// Split a tag list written as one string, "a, b; c", into trimmed, non-empty tags (the first
// spelling of tags that differ only in case).
std::vector<std::string> split_tags(std::string_view s);
// Add one tag as it is written (commas included: "Washington, D.C." from a list), whitespace
// collapsed; nothing when empty or already there in any case.
void add_tag(std::vector<std::string>& tags, std::string_view tag);

// Set article.date from free text, ignoring (but not failing on) unparseable dates.
void set_date(Article& a, std::string_view text);

// The host part of a URL ("https://www.example.org/x" -> "www.example.org").
std::string url_host(std::string_view url);

// When no title was found, derive one from the body.
void ensure_title(Article& a);

}  // namespace fts::detail
