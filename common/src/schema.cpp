// fts schema: id term construction.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/schema.h"

#include <xxhash.h>

#include <cstdint>
#include <cstdio>

#include "fts/text.h"

namespace fts::schema {

std::string id_term(std::string_view id) {
    return unique_term(kIdPrefix, id);
}

std::string content_hash(std::string_view bytes) {
    char hex[20];
    std::snprintf(hex, sizeof hex, "%016llx",
                  static_cast<unsigned long long>(XXH3_64bits(bytes.data(), bytes.size())));
    return hex;
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

}  // namespace fts::schema
