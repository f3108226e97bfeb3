// fts schema: id term construction.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/schema.h"

#include <cstdint>
#include <cstdio>

#include "fts/text.h"

namespace fts::schema {

namespace {
// FNV-1a, 64 bit: stable across platforms and releases, which std::hash is not.
std::uint64_t fnv1a(std::string_view s) {
    std::uint64_t h = 14695981039346656037ULL;
    for (unsigned char c : s) {
        h ^= c;
        h *= 1099511628211ULL;
    }
    return h;
}
}  // namespace

std::string id_term(std::string_view id) {
    std::string term(kIdPrefix);
    if (term.size() + id.size() <= kMaxTermBytes) {
        term += id;
        return term;
    }
    char hash[20];
    std::snprintf(hash, sizeof hash, "#%016llx", static_cast<unsigned long long>(fnv1a(id)));
    term += text::utf8_prefix(id, kMaxTermBytes - term.size() - 17);
    term += hash;
    return term;
}

}  // namespace fts::schema
