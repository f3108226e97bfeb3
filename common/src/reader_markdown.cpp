// fts readers: Markdown. Optional YAML front matter (yaml-cpp), body rendered to plain text with
// cmark (the CommonMark reference parser); the first level-1 heading is the fallback title.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <cmark.h>
#include <xapian.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
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

// A front matter field's value: one text, or a list of texts.
struct Field {
    std::vector<std::string> items;
    bool list = false;
    std::string joined() const {
        std::string out;
        for (const auto& i : items) {
            if (!out.empty()) out += ", ";
            out += i;
        }
        return out;
    }
};

void apply_field(Article& a, const std::string& key, const Field& v) {
    if (key == "title") {
        a.title = v.joined();
    } else if (key == "date" || key == "published") {
        // (Jekyll's "published: true" says whether to publish, not when.)
        const std::string value = text::lowercase(v.joined());
        const bool flag = value == "true" || value == "false" || value == "yes" || value == "no";
        if (a.date.empty() && !(key == "published" && flag)) detail::set_date(a, v.joined());
    } else if (key == "author" || key == "authors") {
        a.author = v.joined();
        if (v.list) a.authors = v.items;
    } else if (key == "source") {
        a.source = v.joined();
    } else if (key == "url" || key == "link") {
        a.url = v.joined();
    } else if (key == "tags" || key == "keywords" || key == "categories") {
        if (v.list) {  // a list: each item one tag, commas and all
            for (const auto& item : v.items) detail::add_tag(a.tags, item);
        } else {
            for (const auto& t : detail::split_tags(v.joined())) detail::add_tag(a.tags, t);
        }
    }
}

bool known_key(const std::string& key) {
    for (const char* k : {"title", "date", "published", "author", "authors", "source", "url",
                          "link", "tags", "keywords", "categories"})
        if (key == k) return true;
    return false;
}

// yaml-cpp turns some escapes of double-quoted strings ("\N") into bytes that are
// not UTF-8 (found by fuzz_markdown): every value is repaired before use.
Field yaml_field(const YAML::Node& node, const std::string& key) {
    Field f;
    if (!node || node.IsNull()) return f;
    if (node.IsScalar()) {
        f.items.push_back(text::repair_utf8(node.Scalar()));
    } else if (node.IsSequence()) {
        f.list = true;
        for (const auto& item : node)
            if (item.IsScalar()) f.items.push_back(text::repair_utf8(item.Scalar()));
    } else {
        throw InputError("front matter: '" + key + "' must be text or a list");
    }
    return f;
}

// False when the text is no front matter but one YAML scalar: text between two thematic breaks
// ("---"), which is body.
bool apply_yaml(std::string_view yaml, Article& a) {
    if (too_deep(yaml)) throw InputError("front matter: nested too deeply");
    YAML::Node root;
    try {
        root = YAML::Load(std::string(yaml));
    } catch (const YAML::Exception& e) {
        throw InputError("front matter line " + std::to_string(e.mark.line + 2) + ": " + e.msg);
    }
    if (root.IsNull()) return true;
    if (root.IsScalar()) return false;
    if (!root.IsMap()) throw InputError("front matter is not a list of 'key: value' lines");
    try {
        for (const auto& kv : root) {
            if (!kv.first.IsScalar()) continue;
            const std::string key = text::lowercase(kv.first.Scalar());
            if (known_key(key)) apply_field(a, key, yaml_field(kv.second, key));
        }
    } catch (const YAML::Exception& e) {
        throw InputError("front matter line " + std::to_string(e.mark.line + 2) + ": " + e.msg);
    }
    return true;
}

// TOML front matter (Hugo's "+++"): the top-level `key = value` lines whose value is a string,
// a date or time, a number or a boolean, or an array of them; tables ([params]) and what they
// hold are skipped, as other keys are.
class TomlReader {
  public:
    TomlReader(std::string_view toml, Article& a) : s_(toml), a_(a) {}

    void read() {
        bool in_table = false;
        while (skip_blank_lines(), i_ < s_.size()) {
            if (s_[i_] == '[') {  // [table] or [[array of tables]]: their keys are not ours
                in_table = true;
                skip_line();
                continue;
            }
            std::string key = read_key();
            skip_spaces();
            if (i_ >= s_.size() || s_[i_] != '=') fail("expected 'key = value'");
            ++i_;
            skip_spaces();
            Field v = read_value();
            skip_spaces();
            if (i_ < s_.size() && s_[i_] == '#') skip_line();
            if (i_ < s_.size() && s_[i_] != '\n') fail("unexpected text after the value");
            key = text::lowercase(key);
            if (!in_table && known_key(key)) apply_field(a_, key, v);
        }
    }

  private:
    [[noreturn]] void fail(const std::string& what) const {
        const auto line = std::count(s_.begin(), s_.begin() + std::min(i_, s_.size()), '\n');
        throw InputError("front matter line " + std::to_string(line + 2) + ": " + what);
    }
    void skip_spaces() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t')) ++i_;
    }
    void skip_line() {
        const std::size_t eol = s_.find('\n', i_);
        i_ = eol == std::string_view::npos ? s_.size() : eol;
    }
    void skip_blank_lines() {  // spaces, newlines and comments
        for (;;) {
            skip_spaces();
            if (i_ < s_.size() && s_[i_] == '#') skip_line();
            if (i_ < s_.size() && s_[i_] == '\n') {
                ++i_;
                continue;
            }
            return;
        }
    }
    std::string read_key() {
        if (s_[i_] == '"' || s_[i_] == '\'') return read_string();
        const std::size_t start = i_;
        while (i_ < s_.size() && (std::isalnum(static_cast<unsigned char>(s_[i_])) ||
                                  s_[i_] == '_' || s_[i_] == '-' || s_[i_] == '.'))
            ++i_;
        if (i_ == start) fail("expected a key");
        return std::string(s_.substr(start, i_ - start));
    }
    std::string read_string() {
        const char quote = s_[i_];
        if (s_.substr(i_, 3) == std::string(3, quote)) fail("multi-line strings are not read");
        std::string out;
        for (++i_; i_ < s_.size() && s_[i_] != quote; ++i_) {
            if (s_[i_] == '\n') break;
            if (quote == '"' && s_[i_] == '\\' && i_ + 1 < s_.size()) {
                const char e = s_[++i_];
                if (e == 'n') {
                    out += '\n';
                } else if (e == 't') {
                    out += '\t';
                } else if (e == 'u' || e == 'U') {
                    const std::size_t digits = e == 'u' ? 4 : 8;
                    unsigned cp = 0;
                    for (std::size_t k = 0; k < digits; ++k) {
                        const char h = ++i_ < s_.size() ? s_[i_] : 'x';
                        if (!std::isxdigit(static_cast<unsigned char>(h))) fail("bad \\u escape");
                        cp = cp * 16 +
                             static_cast<unsigned>(
                                 std::isdigit(static_cast<unsigned char>(h))
                                     ? h - '0'
                                     : std::tolower(static_cast<unsigned char>(h)) - 'a' + 10);
                    }
                    if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
                    Xapian::Unicode::append_utf8(out, cp);
                } else {
                    out += e;  // \" \\ and the others, as written
                }
                continue;
            }
            out += s_[i_];
        }
        if (i_ >= s_.size() || s_[i_] != quote) fail("a string is not closed");
        ++i_;
        return text::repair_utf8(out);
    }
    std::string read_bare() {  // dates, times, numbers, booleans: as written
        const std::size_t start = i_;
        while (i_ < s_.size() && s_[i_] != '\n' && s_[i_] != ',' && s_[i_] != ']' && s_[i_] != '#')
            ++i_;
        std::string v(text::trim(s_.substr(start, i_ - start)));
        if (v.empty()) fail("expected a value");
        return v;
    }
    Field read_value() {
        Field f;
        if (i_ >= s_.size()) fail("expected a value");
        if (s_[i_] == '{') fail("inline tables are not read");
        if (s_[i_] != '[') {
            f.items.push_back(s_[i_] == '"' || s_[i_] == '\'' ? read_string() : read_bare());
            return f;
        }
        f.list = true;
        ++i_;
        for (;;) {
            skip_blank_lines();
            if (i_ >= s_.size()) fail("an array is not closed");
            if (s_[i_] == ']') {
                ++i_;
                return f;
            }
            if (s_[i_] == '[' || s_[i_] == '{') fail("nested arrays are not read");
            f.items.push_back(s_[i_] == '"' || s_[i_] == '\'' ? read_string() : read_bare());
            skip_blank_lines();
            if (i_ < s_.size() && s_[i_] == ',') ++i_;
        }
    }

    std::string_view s_;
    Article& a_;
    std::size_t i_ = 0;
};

// The line `text` starts with is `fence` alone (trailing spaces allowed): its length with the
// newline, else 0.
std::size_t fence_line(std::string_view text, std::string_view fence) {
    if (!text.starts_with(fence)) return 0;
    std::size_t i = fence.size();
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t')) ++i;
    return i < text.size() && text[i] == '\n' ? i + 1 : 0;
}

// Split "---\n<yaml>\n---\n<body>" (or "+++\n<toml>\n+++\n<body>") and apply the fields.
// Returns the body.
std::string_view front_matter(std::string_view text, Article& a) {
    const bool toml = fence_line(text, "+++") > 0;
    const std::string_view fence = toml ? "+++" : "---";
    const std::size_t open = fence_line(text, fence);
    if (open == 0) return text;
    std::size_t pos = open;
    std::size_t end = std::string_view::npos, body_start = 0;
    while (pos <= text.size()) {
        std::size_t eol = text.find('\n', pos);
        std::string_view line =
            text.substr(pos, eol == std::string_view::npos ? text.npos : eol - pos);
        if (text::trim(line) == fence || (!toml && text::trim(line) == "...")) {
            end = pos;
            body_start = eol == std::string_view::npos ? text.size() : eol + 1;
            break;
        }
        if (eol == std::string_view::npos) break;
        pos = eol + 1;
    }
    if (end == std::string_view::npos) return text;  // a thematic break, not front matter
    const std::string_view inside = text.substr(open, end - open);
    if (toml) {
        TomlReader(inside, a).read();
        return text.substr(body_start);
    }
    return apply_yaml(inside, a) ? text.substr(body_start) : text;
}

struct NodeDeleter {
    void operator()(cmark_node* n) const { cmark_node_free(n); }
};
struct IterDeleter {
    void operator()(cmark_iter* i) const { cmark_iter_free(i); }
};

// Ends the text so far with a blank line (the indexer's paragraph boundary), unless it does.
std::string& end_paragraph(std::string& out) {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (out.empty()) return out;
    if (out.back() != '\n') out += '\n';
    if (out.size() < 2 || out[out.size() - 2] != '\n') out += '\n';
    return out;
}

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
            case CMARK_NODE_CODE_BLOCK:  // (blocks end with a blank line: a paragraph)
                if (const char* lit = cmark_node_get_literal(node)) end_paragraph(out.append(lit));
                break;
            case CMARK_NODE_SOFTBREAK:
            case CMARK_NODE_HTML_INLINE:  // <br>, <span>: at least a word boundary
                out += ' ';
                break;
            case CMARK_NODE_HTML_BLOCK:  // what a browser shows of it: no comments, no scripts
                if (const char* lit = cmark_node_get_literal(node))
                    end_paragraph(out.append(detail::html_fragment_text(lit)));
                break;
            case CMARK_NODE_LINEBREAK:
                out += '\n';
                break;
            default:
                if (is_block(type) && ev == CMARK_EVENT_EXIT) end_paragraph(out);
                break;
        }
    }
    if (a.title.empty()) a.title = heading;
    a.body = std::string(text::trim(body));
    detail::ensure_title(a);
    return a;
}

}  // namespace fts
