// fts readers: helpers shared by the per-format readers (not part of the public API).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "fts/article.h"

namespace fts::detail {

// Reject binary data and invalid UTF-8; strip a UTF-8 byte order mark; turn CRLF/CR into LF.
std::string checked_text(std::string_view content);

// Split a tag list written as "a, b; c" into trimmed, non-empty tags.
std::vector<std::string> split_tags(std::string_view s);

// Set article.date from free text, ignoring (but not failing on) unparseable dates.
void set_date(Article& a, std::string_view text);

// The host part of a URL ("https://www.example.org/x" -> "www.example.org").
std::string url_host(std::string_view url);

// When no title was found, derive one from the body.
void ensure_title(Article& a);

}  // namespace fts::detail
