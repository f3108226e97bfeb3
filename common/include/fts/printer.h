// fts printer: the one place that formats search results for people (text) and scripts (JSON).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <iosfwd>
#include <string>

#include "fts/search.h"

namespace fts {

enum class ColorMode { Auto, Always, Never };

// Whether to colour output on this stream: Always/Never as asked; Auto when stdout is a terminal,
// NO_COLOR is unset and TERM is not "dumb".
bool use_color(ColorMode mode);

void print_text(std::ostream& out, const SearchResult& r, unsigned offset, bool color);
void print_json(std::ostream& out, const SearchResult& r, unsigned offset);

}  // namespace fts
