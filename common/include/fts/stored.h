// fts stored fields: what each document keeps in its Xapian document data to show a result.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <string>

#include "fts/article.h"

namespace fts {

// Serialise / restore the displayable fields of an article (JSON, readable with xapian-delve).
std::string encode_stored(const Article& a);
Article decode_stored(const std::string& data);

}  // namespace fts
