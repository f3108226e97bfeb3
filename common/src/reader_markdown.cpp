// fts readers: Markdown. Optional YAML front matter (yaml-cpp), body rendered to plain text with
// cmark (the CommonMark reference parser); the first level-1 heading is the fallback title.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <cmark.h>
#include <xapian.h>
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <memory>
#include <optional>
#include <set>
#include <string>

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
        for (const auto& item : node) {
            if (item.IsScalar()) {
                f.items.push_back(text::repair_utf8(item.Scalar()));
            } else if (item.IsMap()) {  // authors: [{name: A}, {name: B}]
                if (const YAML::Node name = item["name"]; name && name.IsScalar())
                    f.items.push_back(text::repair_utf8(name.Scalar()));
            }
        }
    } else if (node.IsMap()) {  // author: {name: Jane, twitter: "@j"}: its name, if any
        if (const YAML::Node name = node["name"]; name && name.IsScalar())
            f.items.push_back(text::repair_utf8(name.Scalar()));
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
    // After a backslash of a basic string: the character(s) it stands for.
    void read_escape(std::string& out) {
        const char e = ++i_ < s_.size() ? s_[i_] : '\\';
        ++i_;
        if (e == 'n') {
            out += '\n';
        } else if (e == 't') {
            out += '\t';
        } else if (e == 'u' || e == 'U') {
            const std::size_t digits = e == 'u' ? 4 : 8;
            unsigned cp = 0;
            for (std::size_t k = 0; k < digits; ++k, ++i_) {
                const char h = i_ < s_.size() ? s_[i_] : 'x';
                if (!std::isxdigit(static_cast<unsigned char>(h))) fail("bad \\u escape");
                cp = cp * 16 + static_cast<unsigned>(
                                   std::isdigit(static_cast<unsigned char>(h))
                                       ? h - '0'
                                       : std::tolower(static_cast<unsigned char>(h)) - 'a' + 10);
            }
            if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) cp = 0xFFFD;
            Xapian::Unicode::append_utf8(out, cp);
        } else {
            out += e;  // \" \\ and the others, as written
        }
    }
    std::string read_string() {
        const char quote = s_[i_];
        if (s_.substr(i_, 3) == std::string(3, quote)) return read_multiline_string(quote);
        std::string out;
        for (++i_; i_ < s_.size() && s_[i_] != quote && s_[i_] != '\n';) {
            if (quote == '"' && s_[i_] == '\\')
                read_escape(out);
            else
                out += s_[i_++];
        }
        if (i_ >= s_.size() || s_[i_] != quote) fail("a string is not closed");
        ++i_;
        return text::repair_utf8(out);
    }
    // """...""" or '''...''' (Hugo's descriptions): a newline right after the opening is not
    // part of it; in a basic one a backslash ending a line joins it to the next text.
    std::string read_multiline_string(char quote) {
        const std::string closing(3, quote);
        i_ += 3;
        if (i_ < s_.size() && s_[i_] == '\n') ++i_;
        std::string out;
        for (;;) {
            if (i_ >= s_.size()) fail("a string is not closed");
            if (s_.substr(i_, 3) == closing) {
                i_ += 3;
                for (int extra = 0; extra < 2 && i_ < s_.size() && s_[i_] == quote; ++extra, ++i_)
                    out += quote;  // up to two quotes may end the text itself
                return text::repair_utf8(out);
            }
            if (quote == '"' && s_[i_] == '\\') {
                std::size_t j = i_ + 1;
                while (j < s_.size() && (s_[j] == ' ' || s_[j] == '\t')) ++j;
                if (j < s_.size() && s_[j] == '\n') {
                    i_ = j;
                    while (i_ < s_.size() && std::isspace(static_cast<unsigned char>(s_[i_]))) ++i_;
                    continue;
                }
                read_escape(out);
                continue;
            }
            out += s_[i_++];
        }
    }
    std::string read_bare() {  // dates, times, numbers, booleans: as written
        const std::size_t start = i_;
        while (i_ < s_.size() && s_[i_] != '\n' && s_[i_] != ',' && s_[i_] != ']' &&
               s_[i_] != '}' && s_[i_] != '#')
            ++i_;
        std::string v(text::trim(s_.substr(start, i_ - start)));
        if (v.empty()) fail("expected a value");
        return v;
    }
    // A value; an inline table ({ name = "Jane", twitter = "@j" }) stands for its `name` (none
    // when it has none), and an array's arrays and tables give their texts in order.
    Field read_value(int depth = 0) {
        if (depth > kMaxYamlNesting) fail("nested too deeply");
        Field f;
        if (i_ >= s_.size()) fail("expected a value");
        if (s_[i_] == '{') return read_inline_table(depth + 1);
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
            const Field item = read_value(depth + 1);
            f.items.insert(f.items.end(), item.items.begin(), item.items.end());
            skip_blank_lines();
            if (i_ < s_.size() && s_[i_] == ',') {
                ++i_;
            } else if (i_ < s_.size() && s_[i_] != ']') {
                fail("expected ',' or ']' in an array");
            }
        }
    }
    Field read_inline_table(int depth) {
        Field name;
        ++i_;  // '{'
        for (;;) {
            skip_blank_lines();
            if (i_ >= s_.size()) fail("an inline table is not closed");
            if (s_[i_] == '}') {
                ++i_;
                return name;
            }
            const std::string key = text::lowercase(read_key());
            skip_spaces();
            if (i_ >= s_.size() || s_[i_] != '=') fail("expected 'key = value'");
            ++i_;
            skip_spaces();
            Field v = read_value(depth);
            if (key == "name" && !v.list) name = std::move(v);
            skip_blank_lines();
            if (i_ < s_.size() && s_[i_] == ',') {
                ++i_;
            } else if (i_ < s_.size() && s_[i_] != '}') {
                fail("expected ',' or '}' in an inline table");
            }
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
    std::size_t end = std::string_view::npos, body_start = 0;
    // The closing fence's line. (A line "+++" inside a TOML multi-line string is the string's, a
    // review found; a string never closed is left to the TOML reader to report.)
    const auto find_close = [&](bool skip_strings) {
        std::string_view open_string;  // the """ or ''' of a multi-line string still open
        for (std::size_t pos = open; pos <= text.size();) {
            const std::size_t eol = text.find('\n', pos);
            const std::string_view line =
                text.substr(pos, eol == std::string_view::npos ? text.npos : eol - pos);
            const bool in_string = !open_string.empty();
            for (std::size_t at = 0; skip_strings && at + 3 <= line.size();) {
                const std::string_view three = line.substr(at, 3);
                if (open_string.empty() && (three == "\"\"\"" || three == "'''")) {
                    open_string = three;
                    at += 3;
                } else if (!open_string.empty() && three == open_string &&
                           (open_string[0] == '\'' || at == 0 || line[at - 1] != '\\')) {
                    open_string = {};
                    at += 3;
                } else {
                    ++at;
                }
            }
            if (!in_string && (text::trim(line) == fence || (!toml && text::trim(line) == "..."))) {
                end = pos;
                body_start = eol == std::string_view::npos ? text.size() : eol + 1;
                return;
            }
            if (eol == std::string_view::npos) return;
            pos = eol + 1;
        }
    };
    find_close(toml);
    if (end == std::string_view::npos && toml) find_close(false);
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

// GitHub's pipe tables (an extension CommonMark does not parse: cmark reads one as a paragraph)
// become what the HTML reader makes of a table: each cell a paragraph of its own, so a phrase
// never runs from one cell into the next and snippets show no pipes or delimiter rows. The
// paragraph's text as cmark rendered it, with where its source lines ended and where its text
// (not its code spans) has pipes.
struct Paragraph {
    std::size_t start = 0;             // where it begins in the output
    std::vector<std::size_t> breaks;   // line ends: a space (soft) or '\n' (hard) at each
    std::vector<std::size_t> pipes;    // '|' of its text
    std::vector<std::size_t> escapes;  // the backslash of each escaped pipe in its code
};

// The cells of [from, to) split at the pipes within it; a leading and a trailing pipe enclose
// the row rather than start or end a cell.
std::vector<std::string_view> table_cells(std::string_view out, std::size_t from, std::size_t to,
                                          const std::vector<std::size_t>& pipes) {
    // (`pipes` is in order: a paragraph of many lines and pipes costs no more than it is long.)
    std::vector<std::size_t> at(std::lower_bound(pipes.begin(), pipes.end(), from),
                                std::lower_bound(pipes.begin(), pipes.end(), to));
    const std::string_view row = text::trim(out.substr(from, to - from));
    const std::size_t row_from =
        row.empty() ? to : static_cast<std::size_t>(row.data() - out.data());
    const std::size_t row_to = row_from + row.size();
    std::vector<std::string_view> cells;
    std::size_t begin = row_from;
    if (!at.empty() && at.front() == row_from) {
        begin = row_from + 1;
        at.erase(at.begin());
    }
    std::size_t end = row_to;
    if (!at.empty() && at.back() + 1 == row_to && at.back() >= begin) {
        end = at.back();
        at.pop_back();
    }
    for (std::size_t p : at) {
        cells.push_back(text::trim(out.substr(begin, p - begin)));
        begin = p + 1;
    }
    if (end > begin || !cells.empty() || row_to > row_from)
        cells.push_back(text::trim(out.substr(begin, end > begin ? end - begin : 0)));
    return cells;
}

// A delimiter row: cells of hyphens, each with an optional colon at either end (`:---:`), and a
// pipe somewhere (a line of hyphens alone is a heading's underline or a thematic break).
bool delimiter_row(const std::vector<std::string_view>& cells, bool has_pipe) {
    if (!has_pipe || cells.empty()) return false;
    for (std::string_view c : cells) {
        if (!c.empty() && c.front() == ':') c.remove_prefix(1);
        if (!c.empty() && c.back() == ':') c.remove_suffix(1);
        if (c.empty() || c.find_first_not_of('-') != std::string_view::npos) return false;
    }
    return true;
}

// Rewrites the paragraph that ends `out` if it holds a pipe table: the lines before the table stay
// one paragraph, every cell of the header and body rows becomes a paragraph, the delimiter row
// goes.
void tables_to_cells(std::string& out, const Paragraph& para) {
    if (para.pipes.empty() || para.breaks.empty()) return;
    std::vector<std::pair<std::size_t, std::size_t>> lines;  // [from, to) in out
    std::size_t from = para.start;
    for (std::size_t b : para.breaks) {
        lines.emplace_back(from, b);
        from = b + 1;
    }
    lines.emplace_back(from, out.size());
    auto has_pipe = [&](const std::pair<std::size_t, std::size_t>& l) {
        const auto p = std::lower_bound(para.pipes.begin(), para.pipes.end(), l.first);
        return p != para.pipes.end() && *p < l.second;
    };
    for (std::size_t h = 0; h + 1 < lines.size(); ++h) {
        const auto header = table_cells(out, lines[h].first, lines[h].second, para.pipes);
        const auto delimiter =
            table_cells(out, lines[h + 1].first, lines[h + 1].second, para.pipes);
        if (!has_pipe(lines[h]) || !delimiter_row(delimiter, has_pipe(lines[h + 1])) ||
            header.size() != delimiter.size())
            continue;
        std::string rewritten(out, para.start, lines[h].first - para.start);
        end_paragraph(rewritten);
        for (std::size_t r = h; r < lines.size(); ++r) {
            if (r == h + 1) continue;  // the delimiter row
            for (std::string_view cell :
                 table_cells(out, lines[r].first, lines[r].second, para.pipes)) {
                if (cell.empty()) continue;
                // (An escaped pipe in a cell's code is a pipe, as on GitHub.)
                const std::size_t at = static_cast<std::size_t>(cell.data() - out.data());
                std::size_t kept = 0;
                for (auto e = std::lower_bound(para.escapes.begin(), para.escapes.end(), at);
                     e != para.escapes.end() && *e < at + cell.size(); ++e) {
                    rewritten.append(cell.substr(kept, *e - at - kept));
                    kept = *e - at + 1;
                }
                end_paragraph(rewritten.append(cell.substr(kept)));
            }
        }
        out.replace(para.start, out.size() - para.start, rewritten);
        return;
    }
}

// A backslash-escaped pipe (`\|`) and a character reference to one (`&#124;`, `&vert;`) are
// pipes within a table cell, not borders between cells (GitHub splits a table's rows at the
// pipes typed before it reads what they hold). cmark, which knows no tables, gives them as a '|'
// like any other; so they are marked in the source before parsing, each spelling with a
// character of its own the text does not hold (from the private-use U+E000-U+F8FF), and given
// back after: '|' in text, as written in code and HTML (where CommonMark reads neither), except
// that an escaped pipe in code within a table is a '|' too, as on GitHub.
class PipeMarks {
  public:
    PipeMarks(std::string_view md, std::string_view text) {
        if (md.find('|') == std::string_view::npos) return;
        if (md.find("\\|") == std::string_view::npos && md.find('&') == std::string_view::npos)
            return;
        std::string out;
        out.reserve(md.size());
        for (std::size_t i = 0; i < md.size(); ++i) {
            if (md[i] == '\\' && i + 1 < md.size()) {  // any other escape stays as it is
                const std::string* mark = md[i + 1] == '|' ? mark_for("\\|", text) : nullptr;
                out += mark ? std::string_view(*mark) : md.substr(i, 2);
                ++i;
                continue;
            }
            if (md[i] == '&')
                if (const std::size_t n = pipe_reference(md.substr(i)))
                    if (const std::string* mark = mark_for(md.substr(i, n), text)) {
                        out += *mark;
                        i += n - 1;
                        continue;
                    }
            out += md[i];
        }
        if (!marks_.empty()) marked_ = std::move(out);
    }

    // The source to parse: marked, or as it was when nothing needed a mark.
    std::string_view source(std::string_view md) const { return marks_.empty() ? md : marked_; }

    // Calls `piece(text)` for the text between marks and `mark(spelling)` for each mark.
    template <class Piece, class Mark>
    void split(std::string_view lit, Piece piece, Mark mark) const {
        std::size_t from = 0;
        for (std::size_t i = 0; !marks_.empty() && i + 3 <= lit.size(); ++i) {
            const unsigned char c = static_cast<unsigned char>(lit[i]);
            if (c != 0xEE && c != 0xEF) continue;
            for (const auto& [m, spelling] : marks_)
                if (lit.compare(i, 3, m) == 0) {
                    piece(lit.substr(from, i - from));
                    mark(std::string_view(spelling));
                    from = i + 3;
                    i += 2;
                    break;
                }
        }
        piece(lit.substr(from));
    }

    // `lit` as its source spelled it.
    std::string restored(std::string_view lit) const {
        std::string out;
        split(
            lit, [&](std::string_view s) { out += s; }, [&](std::string_view s) { out += s; });
        return out;
    }

  private:
    // The length of the character reference to '|' that `s` begins with, or 0.
    static std::size_t pipe_reference(std::string_view s) {
        for (std::string_view name : {"&vert;", "&verbar;", "&VerticalLine;"})
            if (s.starts_with(name)) return name.size();
        std::size_t i = 2;
        const bool hex = s.size() > 2 && (s[2] == 'x' || s[2] == 'X');
        if (!s.starts_with("&#")) return 0;
        if (hex) ++i;
        const std::size_t digits_from = i;
        unsigned long value = 0;
        while (i < s.size() && i - digits_from < (hex ? 6u : 7u) &&
               (hex ? std::isxdigit(static_cast<unsigned char>(s[i]))
                    : std::isdigit(static_cast<unsigned char>(s[i])))) {
            value = value * (hex ? 16 : 10) +
                    static_cast<unsigned long>(std::isdigit(static_cast<unsigned char>(s[i]))
                                                   ? s[i] - '0'
                                                   : (s[i] | 0x20) - 'a' + 10);
            ++i;
        }
        if (i == digits_from || i >= s.size() || s[i] != ';' || value != '|') return 0;
        return i + 1;
    }

    // The mark for `spelling`, a new one if need be; null when none is left.
    const std::string* mark_for(std::string_view spelling, std::string_view text) {
        for (const auto& [m, s] : marks_)
            if (s == spelling) return &m;
        for (; next_ <= 0xF8FF; ++next_) {
            const std::string m{static_cast<char>(0xE0 | (next_ >> 12)),
                                static_cast<char>(0x80 | ((next_ >> 6) & 0x3F)),
                                static_cast<char>(0x80 | (next_ & 0x3F))};
            if (text.find(m) != std::string_view::npos) continue;
            ++next_;
            marks_.emplace_back(m, spelling);
            return &marks_.back().first;
        }
        return nullptr;
    }

    std::vector<std::pair<std::string, std::string>> marks_;  // mark, the spelling it stands for
    unsigned next_ = 0xE000;
    std::string marked_;
};

bool is_block(cmark_node_type t) {
    return t == CMARK_NODE_PARAGRAPH || t == CMARK_NODE_HEADING || t == CMARK_NODE_ITEM ||
           t == CMARK_NODE_CODE_BLOCK || t == CMARK_NODE_BLOCK_QUOTE || t == CMARK_NODE_LIST ||
           t == CMARK_NODE_THEMATIC_BREAK;
}

// An inline HTML tag as cmark gives it ("<sub>", "</script>", "<br/>", "<!-- x -->"): its name
// in lower case ("" for a comment or a declaration), and whether it closes or closes itself.
struct InlineTag {
    std::string name;
    bool closing = false, self_closing = false;
};

InlineTag inline_tag(std::string_view lit) {
    InlineTag t;
    std::size_t i = 1;
    if (lit.size() > 1 && lit[1] == '/') {
        t.closing = true;
        ++i;
    }
    while (i < lit.size() && std::isalnum(static_cast<unsigned char>(lit[i])))
        t.name += static_cast<char>(std::tolower(static_cast<unsigned char>(lit[i++])));
    t.self_closing = lit.size() >= 2 && lit[lit.size() - 2] == '/';
    return t;
}

bool joins_words(const std::string& name) {
    static const std::set<std::string> kInline{
        "a",      "abbr", "b",   "bdi",  "bdo",  "cite", "code", "data", "del",   "dfn",  "em",
        "font",   "i",    "ins", "kbd",  "mark", "q",    "s",    "samp", "small", "span", "strike",
        "strong", "sub",  "sup", "time", "tt",   "u",    "var",  "wbr",  ""};
    return kInline.count(name) > 0;
}

bool hides_text(const std::string& name) {
    return name == "script" || name == "style" || name == "noscript" || name == "template" ||
           name == "title";
}

}  // namespace

Article read_markdown(std::string_view content) {
    std::string text = detail::checked_text(content);
    Article a;
    std::string_view body_md = front_matter(text, a);

    const PipeMarks marks(body_md, text);
    body_md = marks.source(body_md);
    std::unique_ptr<cmark_node, NodeDeleter> doc(
        cmark_parse_document(body_md.data(), body_md.size(), CMARK_OPT_DEFAULT));
    std::unique_ptr<cmark_iter, IterDeleter> iter(cmark_iter_new(doc.get()));

    std::string body, heading;
    cmark_node* title_heading = nullptr;  // the H1 used as title is left out of the body
    bool in_title_heading = false;
    const bool want_heading_title = a.title.empty();
    std::optional<Paragraph> para;  // the paragraph being rendered (it may hold a table)
    std::string hidden;  // an inline <script>, <style>... whose text is not shown, until it closes
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
        if (type == CMARK_NODE_PARAGRAPH && !in_title_heading) {
            if (ev == CMARK_EVENT_ENTER) {
                para.emplace().start = out.size();
            } else if (para) {
                tables_to_cells(out, *para);
                para.reset();
            }
        }
        const bool in_para = para && !in_title_heading;
        if (!hidden.empty()) {
            if (type == CMARK_NODE_HTML_INLINE) {
                if (const char* lit = cmark_node_get_literal(node))
                    if (const auto tag = inline_tag(lit); tag.closing && tag.name == hidden)
                        hidden.clear();
                continue;
            }
            if (is_block(type) && ev == CMARK_EVENT_EXIT)
                hidden.clear();  // (never past its paragraph)
            else if (type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE ||
                     type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK)
                continue;
        }
        switch (type) {
            case CMARK_NODE_TEXT:
                if (const char* lit = cmark_node_get_literal(node)) {
                    // Pipes as typed split cells; escaped ones (marked) are the text's own.
                    marks.split(
                        lit,
                        [&](std::string_view piece) {
                            if (in_para)
                                for (std::size_t p = piece.find('|'); p != std::string_view::npos;
                                     p = piece.find('|', p + 1))
                                    para->pipes.push_back(out.size() + p);
                            out += piece;
                        },
                        [&](std::string_view) { out += '|'; });
                }
                break;
            case CMARK_NODE_CODE:  // (an escaped pipe in a table's code is a pipe: noted)
                if (const char* lit = cmark_node_get_literal(node))
                    marks.split(
                        lit, [&](std::string_view piece) { out += piece; },
                        [&](std::string_view spelling) {
                            if (in_para && spelling == "\\|") para->escapes.push_back(out.size());
                            out += spelling;
                        });
                break;
            case CMARK_NODE_CODE_BLOCK:  // (blocks end with a blank line: a paragraph)
                if (const char* lit = cmark_node_get_literal(node))
                    end_paragraph(out.append(marks.restored(lit)));
                break;
            case CMARK_NODE_SOFTBREAK:
                if (in_para) para->breaks.push_back(out.size());
                out += ' ';
                break;
            case CMARK_NODE_HTML_INLINE:
                // As a browser shows it: <b>, <sub>, <span> join what they touch (H<sub>2</sub>O
                // is H2O), other tags (<br>, <img>) part words, a script's or a style's text is
                // not shown.
                if (const char* lit = cmark_node_get_literal(node)) {
                    const auto tag = inline_tag(lit);
                    if (!tag.closing && !tag.self_closing && hides_text(tag.name)) {
                        hidden = tag.name;
                    } else if (tag.name == "img") {  // its alt text, as the HTML reader keeps it
                        const std::string alt = detail::html_fragment_text(lit);
                        out += alt.empty() ? std::string(" ") : " " + alt + " ";
                    } else if (!joins_words(tag.name)) {
                        out += ' ';
                    }
                }
                break;
            case CMARK_NODE_HTML_BLOCK:  // what a browser shows of it: no comments, no scripts
                if (const char* lit = cmark_node_get_literal(node))
                    end_paragraph(out.append(detail::html_fragment_text(marks.restored(lit))));
                break;
            case CMARK_NODE_LINEBREAK:
                if (in_para) para->breaks.push_back(out.size());
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
