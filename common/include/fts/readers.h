// fts readers: turn the bytes of one input (text, Markdown, HTML file, or one JSON Lines record)
// into an Article. Readers never touch the index and throw InputError for bad input.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "fts/article.h"

namespace fts {

// The format of a file, chosen by its extension (case-insensitive); nullopt for other files.
std::optional<Format> format_for_path(std::string_view path);

// Read one whole file's content. The caller fills id/path. Throws InputError.
Article read_text(std::string_view content);
Article read_markdown(std::string_view content);
Article read_html(std::string_view content);
Article read_document(Format format, std::string_view content);  // Text, Markdown or Html

// One JSON Lines record. Sets id from the record; `deleted` tells whether the record asks for
// the id to be removed instead. Throws InputError naming the offending field.
struct JsonRecord {
    Article article;
    bool deleted = false;
};
JsonRecord parse_json_record(std::string_view line);

}  // namespace fts
