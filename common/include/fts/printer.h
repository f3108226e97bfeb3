// fts printer: the one place that formats search results for people (text) and scripts (JSON).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <iosfwd>
#include <string>

#include "fts/search.h"

namespace fts {

enum class ColorMode { Auto, Always, Never };
enum class OutputFormat { Text, Json, Trec, Ids };

// Whether to colour output on this stream: Always/Never as asked; Auto when stdout is a terminal,
// NO_COLOR is unset and TERM is not "dumb".
bool use_color(ColorMode mode);

void print_text(std::ostream& out, const SearchResult& r, unsigned offset, bool color);
// One JSON object on one line; `qid` (batch mode) is included when not empty.
void print_json(std::ostream& out, const SearchResult& r, unsigned offset,
                const std::string& qid = "");
// TREC run lines: "qid Q0 docid rank score tag".
void print_trec(std::ostream& out, const SearchResult& r, const std::string& qid,
                const std::string& tag);
// One document id per line.
void print_ids(std::ostream& out, const SearchResult& r);

}  // namespace fts
