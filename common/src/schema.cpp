// fts schema: id term construction.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/schema.h"

#include <xapian.h>
// Compiled in rather than linked: one shared library fewer to load at each searcher's start.
#define XXH_INLINE_ALL
#include <xxhash.h>

#include <charconv>
#include <cstdint>
#include <cstdio>

#include "fts/text.h"

namespace fts::schema {

int stored_version(const Xapian::Database& db) {
    const std::string v = db.get_metadata(std::string(kMetaSchemaVersion));
    int n = 0;
    if (v.empty() || std::from_chars(v.data(), v.data() + v.size(), n).ec != std::errc()) return 1;
    return n;
}

bool written_by_fts(const Xapian::Database& db) {
    try {
        if (db.get_doccount() == 0) return true;
        if (db.metadata_keys_begin("fts.") != db.metadata_keys_end("fts.")) return true;
        // (The first document: every fts document's data starts with its JSON header.)
        Xapian::PostingIterator first = db.postlist_begin("");
        if (first == db.postlist_end("")) return true;
        const std::string data = db.get_document(*first).get_data();
        return !data.empty() && data[0] == '{';
    } catch (const Xapian::UnimplementedError&) {
        return true;
    }
}

std::string id_term(std::string_view id) {
    return unique_term(kIdPrefix, id);
}

unsigned shard_of(std::string_view idterm, unsigned shards) {
    if (shards <= 1) return 0;
    return static_cast<unsigned>(XXH3_64bits(idterm.data(), idterm.size()) % shards);
}

std::string content_hash(std::string_view bytes) {
    char hex[20];
    std::snprintf(hex, sizeof hex, "%016llx",
                  static_cast<unsigned long long>(XXH3_64bits(bytes.data(), bytes.size())));
    return hex;
}

std::string analysis_term(std::string_view json) {
    return std::string(kAnalysisPrefix) + content_hash(json).substr(0, 8);
}

std::pair<std::string_view, std::string_view> field_word(std::string_view t) {
    for (auto [prefix, field] :
         {std::pair{kSourcePrefix, kSourceField}, std::pair{kTitlePrefix, kTitleField},
          std::pair{kAuthorPrefix, kAuthorField}})
        if (t.starts_with(prefix)) return {t.substr(prefix.size()), field};
    return {t, "text"};
}

std::pair<std::string, std::string> split_term(std::string_view t) {
    if (!t.empty() && t[0] == 'Z') t.remove_prefix(1);
    const auto [word, field] = field_word(t);
    return {std::string(word), std::string(field)};
}

std::string unique_term(std::string_view prefix, std::string_view id) {
    std::string term(prefix);
    if (term.size() + id.size() <= kMaxTermBytes) {
        term += id;
        return term;
    }
    char hash[20];
    std::snprintf(hash, sizeof hash, "#%016llx",
                  static_cast<unsigned long long>(XXH3_64bits(id.data(), id.size())));
    term += text::utf8_prefix(id, kMaxTermBytes - term.size() - 17);
    term += hash;
    return term;
}

std::string encode_list(const std::vector<std::string>& items) {
    std::string out;
    for (const auto& item : items) {
        out += std::to_string(item.size());
        out += ':';
        out += item;
    }
    return out;
}

std::vector<std::string> decode_list(std::string_view encoded) {
    std::vector<std::string> items;
    while (!encoded.empty()) {
        std::size_t colon = encoded.find(':');
        if (colon == 0 || colon == std::string_view::npos || colon > 9) break;
        std::size_t len = 0;
        for (char c : encoded.substr(0, colon)) {
            if (c < '0' || c > '9') return items;
            len = len * 10 + static_cast<std::size_t>(c - '0');
        }
        if (len > encoded.size() - colon - 1) break;
        items.emplace_back(encoded.substr(colon + 1, len));
        encoded.remove_prefix(colon + 1 + len);
    }
    return items;
}

std::string body_fingerprint(std::string_view body, std::string_view id) {
    // Words as Xapian's term generator sees them, lowercased, each followed by one space.
    std::string words;
    text::for_each_word(body, [&](std::string_view w) {
        words += w;
        words += ' ';
    });
    if (words.empty()) return "id:" + content_hash(id);
    return content_hash(words);
}

}  // namespace fts::schema
