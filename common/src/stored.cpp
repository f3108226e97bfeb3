// fts stored fields, as a small JSON object in the document data.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/stored.h"

#include <nlohmann/json.hpp>

#include "fts/text.h"

namespace fts {

std::string encode_stored(const Article& a) {
    nlohmann::json j;
    j["id"] = a.id;
    j["title"] = a.title;
    if (!a.path.empty()) j["path"] = a.path;
    if (!a.url.empty()) j["url"] = a.url;
    if (!a.date.empty()) j["date"] = a.date;
    if (!a.author.empty()) j["author"] = a.author;
    if (!a.source.empty()) j["source"] = a.source;
    if (!a.tags.empty()) j["tags"] = a.tags;
    j["text"] = text::utf8_prefix(a.body, kMaxStoredTextBytes);
    // Replace rather than throw on invalid UTF-8: readers validate, so this is only a safety net.
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

Article decode_stored(const std::string& data) {
    Article a;
    auto j = nlohmann::json::parse(data, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) return a;  // a document written by another tool
    auto get = [&](const char* key) {
        auto it = j.find(key);
        return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    a.id = get("id");
    a.title = get("title");
    a.path = get("path");
    a.url = get("url");
    a.date = get("date");
    a.author = get("author");
    a.source = get("source");
    a.body = get("text");
    if (auto it = j.find("tags"); it != j.end() && it->is_array())
        for (const auto& t : *it)
            if (t.is_string()) a.tags.push_back(t.get<std::string>());
    return a;
}

}  // namespace fts
