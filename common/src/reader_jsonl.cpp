// fts readers: one JSON Lines record, parsed with nlohmann::json.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <algorithm>
#include <nlohmann/json.hpp>
#include <utility>
#include <vector>

#include "fts/errors.h"
#include "fts/readers.h"
#include "fts/text.h"
#include "readers_internal.h"

namespace fts {

namespace {

using nlohmann::json;

// A string field, or empty when absent/null. Lists of strings are joined (authors).
std::string string_field(const json& obj, const char* key, bool allow_list = false) {
    auto it = obj.find(key);
    if (it == obj.end() || it->is_null()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (allow_list && it->is_array()) {
        std::string out;
        for (const auto& v : *it) {
            if (!v.is_string())
                throw InputError(std::string("field '") + key + "' must hold strings");
            if (!out.empty()) out += ", ";
            out += v.get<std::string>();
        }
        return out;
    }
    throw InputError(std::string("field '") + key + "' must be a string");
}

}  // namespace

JsonRecord parse_json_record(std::string_view line) {
    if (auto bad = text::find_invalid_utf8(line))
        throw InputError("invalid UTF-8 at byte " + std::to_string(*bad + 1));
    json obj;
    try {
        obj = json::parse(line.begin(), line.end());
    } catch (const json::parse_error& e) {
        std::string what = e.what();
        throw InputError("malformed JSON at byte " + std::to_string(e.byte) + " (" +
                         what.substr(what.find(':') + 2) + ")");
    } catch (const json::exception& e) {
        // Valid syntax the parser still refuses (a number out of range, nesting too deep).
        std::string what = e.what();
        throw InputError("unreadable JSON (" + what.substr(what.find(']') + 2) + ")");
    }
    if (!obj.is_object()) throw InputError("record is not a JSON object");
    // Field names are read as front matter's are, without regard to case ("Title", "ID"); the
    // name in lower case wins when a record has both.
    std::vector<std::pair<std::string, json>> renamed;
    for (auto it = obj.begin(); it != obj.end(); ++it)
        if (std::any_of(it.key().begin(), it.key().end(),
                        [](char c) { return c >= 'A' && c <= 'Z'; }))
            if (const std::string lower = text::lowercase(it.key()); !obj.contains(lower))
                renamed.emplace_back(lower, it.value());
    for (auto& [name, value] : renamed)
        if (!obj.contains(name)) obj[name] = std::move(value);

    JsonRecord rec;
    Article& a = rec.article;
    auto id = obj.find("id");
    if (id == obj.end() || id->is_null()) throw InputError("record has no 'id'");
    if (id->is_string()) {
        a.id = id->get<std::string>();
    } else if (id->is_number_integer()) {
        a.id = id->dump();
    } else {
        throw InputError("field 'id' must be a string or an integer");
    }
    if (text::trim(a.id).empty()) throw InputError("field 'id' is empty");

    // Only true deletes (and false is an ordinary record): "yes", 1 or "true" are no reason to
    // blank a document, but a mistake to report.
    if (auto del = obj.find("deleted"); del != obj.end() && !del->is_null()) {
        if (!del->is_boolean()) throw InputError("field 'deleted' must be true or false");
        if (del->get<bool>()) {
            rec.deleted = true;
            return rec;
        }
    }

    a.title = string_field(obj, "title");
    // The text under the first of its names that has some (each of the wrong type is refused).
    for (const char* name : {"body", "text", "content"})
        if (std::string t = string_field(obj, name); a.body.empty()) a.body = std::move(t);
    // Line ends as files' are read: "\r\n" (and a lone "\r") is "\n".
    if (a.body.find('\r') != std::string::npos) {
        std::string lf;
        lf.reserve(a.body.size());
        for (std::size_t i = 0; i < a.body.size(); ++i)
            if (a.body[i] != '\r')
                lf += a.body[i];
            else if (i + 1 >= a.body.size() || a.body[i + 1] != '\n')
                lf += '\n';
        a.body = std::move(lf);
    }
    a.author = string_field(obj, "author", /*allow_list=*/true);
    if (auto it = obj.find("author"); it != obj.end() && it->is_array())
        for (const auto& v : *it) a.authors.push_back(v.get<std::string>());  // strings: checked
    a.source = string_field(obj, "source");
    a.url = string_field(obj, "url");
    if (a.source.empty() && !a.url.empty()) a.source = detail::url_host(a.url);

    if (auto d = obj.find("date"); d != obj.end() && !d->is_null()) {
        if (d->is_string()) {
            detail::set_date(a, d->get<std::string>());
        } else if (d->is_number_integer()) {
            detail::set_date(a, d->dump());  // 20240315
        } else {
            throw InputError("field 'date' must be a string");
        }
    }
    if (auto t = obj.find("tags"); t != obj.end() && !t->is_null()) {
        if (t->is_string()) {
            a.tags = detail::split_tags(t->get<std::string>());
        } else if (t->is_array()) {
            for (const auto& v : *t) {
                if (!v.is_string()) throw InputError("field 'tags' must hold strings");
                detail::add_tag(a.tags, v.get<std::string>());  // "Washington, D.C." is one
            }
        } else {
            throw InputError("field 'tags' must be a list of strings");
        }
    }
    detail::ensure_title(a);
    // Nothing to make a title of (no text either): the id, as a file's name is a file's title.
    if (a.title.empty()) {
        a.title = text::collapse_whitespace(a.id);
        a.title_derived = true;
    }
    return rec;
}

}  // namespace fts
