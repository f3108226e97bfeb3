// fts Article: the plain data every reader produces and the index writer consumes.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace fts {

enum class Format { Text, Markdown, Html, JsonLines };

struct Article {
    std::string id;     // stable id: path relative to the source root, or a JSONL record's id
    std::string title;  // shown in results
    bool title_derived = false;  // true when title was made from the body (not indexed as a field)
    std::string body;            // plain text (markup removed); used for indexing and snippets
    std::string date;            // "YYYYMMDD" or empty
    std::string unread_date;     // a date the input gave that could not be read (for a warning)
    std::string author;          // as shown: a list of authors joined with ", "
    std::vector<std::string> authors;  // the list, when the input gave one (facets count each)
    std::string source;                // outlet / feed name
    std::string url;                   // link, when the input gives one
    std::string path;  // file the article came from (as given on the command line), if any
    std::vector<std::string> tags;
    // Set when read back from the index: the length of the whole text when only its first
    // kMaxStoredTextBytes were stored (0: the stored text is all of it).
    std::uint64_t stored_text_cut_from = 0;
    // Bookkeeping for incremental runs (set by the indexer, not by readers): identity of the
    // source file, a hash of the raw input, and boolean terms recording where it came from.
    std::optional<std::uint64_t> file_size;
    std::optional<std::int64_t> file_mtime_ns;
    std::string file_identity;  // schema::kFileIdentitySlot
    std::string content_hash;
    std::vector<std::string> origin_terms;
};

// The warning for an article left undated although its input gave a date ("" when none).
std::string date_warning(const Article& a);

}  // namespace fts
