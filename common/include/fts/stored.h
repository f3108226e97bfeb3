// fts stored fields: what each document keeps in its Xapian document data to show a result.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <string>

#include "fts/article.h"

namespace fts {

// Snippets are cut from the stored text, which keeps at most this much of each article: enough
// for any news story or long encyclopedia entry, while a 200 MB log file neither bloats the
// index nor makes every search that hits it read 200 MB. (All of the text is indexed.)
inline constexpr std::size_t kMaxStoredTextBytes = 256 * 1024;

// Serialise / restore the displayable fields of an article (JSON, readable with xapian-delve).
std::string encode_stored(const Article& a);
Article decode_stored(const std::string& data);

}  // namespace fts
