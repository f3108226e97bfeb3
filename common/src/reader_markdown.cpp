// fts readers: Markdown. Optional YAML front matter (yaml-cpp), body rendered to plain text with
// cmark (the CommonMark reference parser); the first level-1 heading is the fallback title.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <cmark.h>
#include <yaml-cpp/yaml.h>

#include <memory>

#include "fts/errors.h"
#include "fts/readers.h"
#include "fts/text.h"
#include "readers_internal.h"

namespace fts {

namespace {

// yaml-cpp recurses per nesting level; front matter is flat, so refuse pathological nesting
// before handing it over.
constexpr int kMaxYamlNesting = 32;

bool too_deep(std::string_view yaml) {
    int depth = 0, max_depth = 0;
    char quote = 0;  // brackets inside quoted strings do not nest
    for (char c : yaml) {
        if (quote) {
            if (c == quote || c == '\n') quote = 0;
            continue;
        }
        if (c == '"' || c == '\'') quote = c;
        if (c == '[' || c == '{') max_depth = std::max(max_depth, ++depth);
        if ((c == ']' || c == '}') && depth > 0) --depth;
    }
    return max_depth > kMaxYamlNesting;
}

// The text of a raw HTML block, tags removed (a crude cut: it is HTML inside Markdown).
std::string strip_tags(std::string_view html) {
    std::string out;
    bool in_tag = false;
    for (char c : html) {
        if (c == '<') {
            in_tag = true;
            out += ' ';
        } else if (c == '>' && in_tag) {
            in_tag = false;
        } else if (!in_tag) {
            out += c;
        }
    }
    return out;
}

// yaml-cpp turns some escapes of double-quoted strings ("\N") into bytes that are
// not UTF-8 (found by fuzz_markdown): every value is repaired before use.
std::string scalar_or_join(const YAML::Node& node, const char* field) {
    if (!node || node.IsNull()) return {};
    if (node.IsScalar()) return text::repair_utf8(node.Scalar());
    if (node.IsSequence()) {
        std::string out;
        for (const auto& item : node) {
            if (!item.IsScalar()) continue;
            if (!out.empty()) out += ", ";
            out += item.Scalar();
        }
        return text::repair_utf8(out);
    }
    throw InputError(std::string("front matter: '") + field + "' must be text or a list");
}

// Split "---\n<yaml>\n---\n<body>" and apply the YAML fields. Returns the body.
std::string_view front_matter(std::string_view text, Article& a) {
    if (text.substr(0, 4) != "---\n") return text;
    std::size_t pos = 4;
    std::size_t yaml_end = std::string_view::npos, body_start = 0;
    while (pos <= text.size()) {
        std::size_t eol = text.find('\n', pos);
        std::string_view line =
            text.substr(pos, eol == std::string_view::npos ? text.npos : eol - pos);
        if (text::trim(line) == "---" || text::trim(line) == "...") {
            yaml_end = pos;
            body_start = eol == std::string_view::npos ? text.size() : eol + 1;
            break;
        }
        if (eol == std::string_view::npos) break;
        pos = eol + 1;
    }
    if (yaml_end == std::string_view::npos) return text;  // a thematic break, not front matter
    std::string_view yaml = text.substr(4, yaml_end - 4);
    if (too_deep(yaml)) throw InputError("front matter: nested too deeply");
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml));
    } catch (const YAML::Exception& e) {
        throw InputError("front matter line " + std::to_string(e.mark.line + 2) + ": " + e.msg);
    }
    if (root.IsNull()) return text.substr(body_start);
    // Text between two thematic breaks ("---") parses as a YAML scalar: that is body, not metadata.
    if (root.IsScalar()) return text;
    if (!root.IsMap()) throw InputError("front matter is not a list of 'key: value' lines");
    try {
        for (const auto& kv : root) {
            if (!kv.first.IsScalar()) continue;
            std::string key = text::lowercase(kv.first.Scalar());
            const YAML::Node& v = kv.second;
            if (key == "title") {
                a.title = scalar_or_join(v, "title");
            } else if (key == "date" || key == "published") {
                if (a.date.empty()) detail::set_date(a, scalar_or_join(v, "date"));
            } else if (key == "author" || key == "authors") {
                a.author = scalar_or_join(v, "author");
                if (v.IsSequence())
                    for (const auto& item : v)
                        if (item.IsScalar()) a.authors.push_back(text::repair_utf8(item.Scalar()));
            } else if (key == "source") {
                a.source = scalar_or_join(v, "source");
            } else if (key == "url" || key == "link") {
                a.url = scalar_or_join(v, "url");
            } else if (key == "tags" || key == "keywords" || key == "categories") {
                for (auto& t : detail::split_tags(scalar_or_join(v, key.c_str())))
                    a.tags.push_back(std::move(t));
            }
        }
    } catch (const YAML::Exception& e) {
        throw InputError("front matter line " + std::to_string(e.mark.line + 2) + ": " + e.msg);
    }
    return text.substr(body_start);
}

struct NodeDeleter {
    void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct IterDeleter {
    void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};

bool is_block(cmark_node_type t) {
    return t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || t == CMARK_NODE_ITEM ||
           t == CMARK_NODE_CODE_BLOCK || t == CMARK_NODE_BLOCK_QUOTE || t == CMARK_NODE_LIST ||
           t == CMARK_NODE_THEMATIC_BREAK;
}

}  // namespace

Article read_markdown(std::string_view content) {
    std::string text = detail::checked_text(content);
    Article a;
    std::string_view body_md = front_matter(text, a);

    std::unique_ptr<cmark_node, NodeDeleter> doc(
        cmark_parse_document(body_md.data(), body_md.size(), CMARK_OPT_DEFAULT));
    std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(doc.get()));

    std::string body, heading;
    cmark_node* title_heading = nullptr;  // the H1 used as title is left out of the body
    bool in_title_heading = false;
    const bool want_heading_title = a.title.empty();
    for (cmark_event_type ev; (ev = cmark_iter_next(iter.get())) != CMARK_EVENT_DONE;) {
        cmark_node* node = cmark_iter_get_node(iter.get());
        cmark_node_type type = cmark_node_get_type(node);
        if (type == CMARK_NODE_HEADING && want_heading_title && !title_heading &&
            cmark_node_get_heading_level(node) == 1 && ev == CMARK_EVENT_ENTER) {
            title_heading = node;
            in_title_heading = true;
            continue;
        }
        if (node == title_heading && ev == CMARK_EVENT_EXIT) {
            in_title_heading = false;
            continue;
        }
        std::string& out = in_title_heading ? heading : body;
        switch (type) {
            case CMARK_NODE_TEXT:
            case CMARK_NODE_CODE:
                if (const char* lit = cmark_node_get_literal(node)) out += lit;
                break;
            case CMARK_NODE_CODE_BLOCK:
                if (const char* lit = cmark_node_get_literal(node)) out.append(lit).append("\n");
                break;
            case CMARK_NODE_SOFTBREAK:
            case CMARK_NODE_HTML_INLINE:  // <br>, <span>: at least a word boundary
                out += ' ';
                break;
            case CMARK_NODE_HTML_BLOCK:
                if (const char* lit = cmark_node_get_literal(node))
                    out.append(strip_tags(lit)).append("\n");
                break;
            case CMARK_NODE_LINEBREAK:
                out += '\n';
                break;
            default:
                if (is_block(type) && ev == CMARK_EVENT_EXIT && !out.empty() && out.back() != '\n')
                    out += "\n\n";
                break;
        }
    }
    if (a.title.empty()) a.title = heading;
    a.body = std::string(text::trim(body));
    detail::ensure_title(a);
    return a;
}

}  // namespace fts
