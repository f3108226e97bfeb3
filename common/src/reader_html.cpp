// fts readers: HTML, parsed with libxml2's forgiving HTML parser. Visible text only: script,
// style, template, noscript, nav and hidden elements are dropped; block elements become breaks.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>
#include <xapian.h>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <cstring>
#include <iterator>
#include <map>
#include <memory>
#include <set>
#include <vector>

#include "fts/errors.h"
#include "fts/readers.h"
#include "fts/text.h"
#include "readers_internal.h"

namespace fts {

namespace {

struct DocDeleter {
    void operator()(xmlDoc* d) const { xmlFreeDoc(d); }
};

const char* name_of(const xmlNode* n) {
    return reinterpret_cast<const char*>(n->name);
}

bool named(const xmlNode* n, const char* name) {
    return n->name && std::strcmp(name_of(n), name) == 0;
}

std::string attr(const xmlNode* n, const char* name) {
    xmlChar* v = xmlGetProp(n, reinterpret_cast<const xmlChar*>(name));
    if (!v) return {};
    std::string s(reinterpret_cast<const char*>(v));
    xmlFree(v);
    return s;
}

bool skipped(const xmlNode* n) {
    static const char* const kSkip[] = {"script", "style",  "noscript", "template",
                                        "nav",    "svg",    "head",     "iframe",
                                        "object", "button", "select",   "canvas"};
    for (const char* s : kSkip)
        if (named(n, s)) return true;
    if (xmlHasProp(n, reinterpret_cast<const xmlChar*>("hidden"))) return true;
    return attr(n, "aria-hidden") == "true";
}

// A page's own header, footer or sidebar (<header>, <footer>, <aside> that are children of
// <body> itself): the site's name, menus, links and notices, the same on every page, not the
// article's text (a review found them filling snippets). Deeper ones (in an <article>, a
// <section>, a blog's <div class="post">, a <blockquote>'s attribution) are the text's own; and
// a page whose text is all in such elements keeps them (read_html walks it again).
bool page_chrome(const xmlNode* n) {
    if (!named(n, "header") && !named(n, "footer") && !named(n, "aside")) return false;
    const xmlNode* p = n->parent;
    return !p || p->type != XML_ELEMENT_NODE || named(p, "body") || named(p, "html") ||
           named(p, "head");
}

// The first element named `name` at or below `n` (iteratively: pages nest deep), or null.
const xmlNode* first_named(const xmlNode* n, const char* name) {
    std::vector<const xmlNode*> todo{n};
    while (!todo.empty()) {
        const xmlNode* c = todo.back();
        todo.pop_back();
        if (c->type == XML_ELEMENT_NODE && named(c, name)) return c;
        std::vector<const xmlNode*> kids;
        for (const xmlNode* k = c->children; k; k = k->next) kids.push_back(k);
        todo.insert(todo.end(), kids.rbegin(), kids.rend());
    }
    return nullptr;
}

bool is_block(const xmlNode* n) {
    static const char* const kBlocks[] = {
        "p",          "div",      "br",       "h1",       "h2",         "h3",      "h4",
        "h5",         "h6",       "li",       "ul",       "ol",         "dl",      "dt",
        "dd",         "tr",       "td",       "th",       "table",      "section", "article",
        "header",     "footer",   "main",     "aside",    "blockquote", "pre",     "figure",
        "figcaption", "hr",       "form",     "address",  "title",      "body",    "caption",
        "summary",    "details",  "center",   "fieldset", "legend",     "menu",    "dialog",
        "hgroup",     "textarea", "dir",      "option",   "optgroup",   "search",  "video",
        "audio",      "map",      "noframes", "frameset", "listing",    "xmp",     "label"};
    for (const char* s : kBlocks)
        if (named(n, s)) return true;
    return false;
}

// Elements that separate words (is_block) but sit inside a sentence, so end only a line: a
// phrase may go on across them ("enter your <label>email address</label> below").
bool ends_a_line_only(const xmlNode* n) {
    static const char* const kInline[] = {"br",  "label",  "video",    "audio",
                                          "map", "option", "optgroup", "textarea"};
    for (const char* s : kInline)
        if (named(n, s)) return true;
    return false;
}

// Elements whose text keeps its line breaks (browsers show them as written).
bool preformatted(const xmlNode* n) {
    return named(n, "pre") || named(n, "listing") || named(n, "xmp") || named(n, "textarea");
}

// HTML whitespace is collapsible: every run becomes one space (breaks come from block elements).
void append_collapsed(std::string& out, std::string_view s) {
    for (char c : s) {
        bool space = c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
        if (space) {
            if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
        } else {
            out += c;
        }
    }
}

// A block element ends a paragraph: a blank line, as in plain text and Markdown, where the
// indexer leaves a gap in the word positions so phrases do not span two blocks (a heading and
// the text after it, two list items or table cells). A <br> ends only a line.
void add_break(std::string& out, bool paragraph) {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (out.empty()) return;
    if (out.back() != '\n') out += '\n';
    if (paragraph && (out.size() < 2 || out[out.size() - 2] != '\n')) out += '\n';
}

// Text of a <pre>: spaces and tabs collapse, line breaks stay (a blank line: a paragraph).
void append_preformatted(std::string& out, std::string_view s) {
    for (char c : s) {
        if (c == '\r') continue;
        if (c == '\n') {
            while (!out.empty() && out.back() == ' ') out.pop_back();
            const std::size_t n = out.size();
            if (n > 0 && !(n >= 2 && out[n - 1] == '\n' && out[n - 2] == '\n')) out += '\n';
        } else if (c == ' ' || c == '\t' || c == '\f') {
            if (!out.empty() && out.back() != ' ' && out.back() != '\n') out += ' ';
        } else {
            out += c;
        }
    }
}

std::string ascii_lowercase(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

// libxml2 keeps "<![CDATA[...]]>" in HTML as literal text; browsers read it as a bogus comment,
// which ends at the first '>', and show nothing of it, so neither do we.
std::string without_cdata(std::string_view t) {
    std::string out;
    for (std::size_t at; (at = t.find("<![CDATA[")) != std::string_view::npos;) {
        out.append(t.substr(0, at));
        const std::size_t end = t.find('>', at);
        t = end == std::string_view::npos ? std::string_view() : t.substr(end + 1);
    }
    out.append(t);
    return out;
}

// Before parsing: the references browsers read that libxml2 does not, given their ';' for it:
// the Latin-1 names of HTML 4 written without one ("&nbsp", "&copy 2024"; only where a name ends
// the run of letters and no '=' follows, so that "?a=1&para=2" in a URL stays as it is) and
// HTML5's upper-case &AMP; &COPY; &GT; &LT; &QUOT; &REG;. On the source, never on decoded text,
// where "&amp;copy;" must stay "&copy;".
// HTML5's named references (scripts/gen_html5_entities.py), for the names libxml2 2.9 does not
// know (it has HTML 4's): &Ccaron; &check; &NotEqualTilde;...
struct Html5Entity {
    const char* name;
    unsigned first, second;  // code points; second 0 when there is one
};
constexpr Html5Entity kHtml5Entities[] = {
#include "html5_entities.inc"
};

const Html5Entity* html5_entity(std::string_view name) {
    const auto* end = std::end(kHtml5Entities);
    const auto* it = std::lower_bound(
        std::begin(kHtml5Entities), end, name,
        [](const Html5Entity& e, std::string_view n) { return std::string_view(e.name) < n; });
    return it != end && std::string_view(it->name) == name ? it : nullptr;
}

std::string with_references_completed(std::string_view html) {
    if (html.find('&') == std::string_view::npos) return std::string(html);
    static const std::set<std::string> kUpper{"AMP", "COPY", "GT", "LT", "QUOT", "REG"};
    std::string out;
    out.reserve(html.size() + 64);
    for (std::size_t i = 0; i < html.size();) {
        if (html[i] != '&') {
            out += html[i++];
            continue;
        }
        std::size_t end = i + 1;
        while (end < html.size() && std::isalnum(static_cast<unsigned char>(html[end]))) ++end;
        std::string name(html.substr(i + 1, end - i - 1));
        const char next = end < html.size() ? html[end] : '\0';
        if (kUpper.count(name) && (next == ';' || next != '=')) name = ascii_lowercase(name);
        const htmlEntityDesc* e =
            name.empty() || name.size() > 8
                ? nullptr
                : htmlEntityLookup(reinterpret_cast<const xmlChar*>(name.c_str()));
        // (With its ';', HTML5's table decides: it differs from HTML 4's for &lang; and &rang;.)
        const Html5Entity* h5 = next == ';' ? html5_entity(name) : nullptr;
        if (e && next == ';' && !h5) {
            out += "&" + name;  // (the ';' is copied next)
        } else if (e && e->value <= 0xFF && next != '=' && next != ';') {
            out += "&" + name + ";";
        } else if (h5) {
            // As numeric references, which libxml2 decodes (a name for '<' or '&' stays text).
            char ref[32];
            std::snprintf(ref, sizeof ref, "&#x%X", h5->first);
            out += ref;
            if (h5->second) {
                std::snprintf(ref, sizeof ref, ";&#x%X", h5->second);
                out += ref;
            }
        } else {
            out.append(html.substr(i, end - i));
        }
        i = end;
    }
    return out;
}

// Before parsing: what browsers read as a "bogus comment" and libxml2 as text. Word's and old
// IE's downlevel conditionals (<![if !supportLists]>, <![endif]>) and processing instructions
// (<?php ... ?>) end at their first '>' and show nothing; a numeric reference to no character
// (&#0; &#xD800; &#x110000;) is U+FFFD and one without digits (&#; &#x;) is its text (libxml2
// dropped them all, gluing the words either side). Comments, CDATA sections, <script> and
// <style> are copied as they are.
std::string as_browsers_read(std::string_view html) {
    if (html.find("<!") == std::string_view::npos && html.find("<?") == std::string_view::npos &&
        html.find("&#") == std::string_view::npos)
        return std::string(html);
    const auto starts = [&](std::size_t i, std::string_view what) {
        if (html.size() - i < what.size()) return false;
        for (std::size_t k = 0; k < what.size(); ++k)
            if (std::tolower(static_cast<unsigned char>(html[i + k])) != what[k]) return false;
        return true;
    };
    const auto copy_to = [&](std::string& out, std::size_t& i, std::string_view end) {
        std::size_t at = i;
        while (at < html.size() && !starts(at, end)) ++at;
        at = std::min(html.size(), at + end.size());
        out.append(html.substr(i, at - i));
        i = at;
    };
    std::string out;
    out.reserve(html.size());
    for (std::size_t i = 0; i < html.size();) {
        const char c = html[i];
        if (c == '<' && starts(i, "<!--")) {
            copy_to(out, i, "-->");
        } else if (c == '<' && starts(i, "<![cdata[")) {
            copy_to(out, i, "]]>");
        } else if (c == '<' && (starts(i, "<script") || starts(i, "<style"))) {
            const std::size_t name_end = i + (starts(i, "<script") ? 7 : 6);
            const char after = name_end < html.size() ? html[name_end] : '>';
            if (after == '>' || after == '/' || std::isspace(static_cast<unsigned char>(after)))
                copy_to(out, i, starts(i, "<script") ? "</script" : "</style");
            else
                out += html[i++];
        } else if (c == '<' && (starts(i, "<![") || starts(i, "<?"))) {
            const std::size_t end = html.find('>', i);
            i = end == std::string_view::npos ? html.size() : end + 1;
        } else if (c == '&' && i + 1 < html.size() && html[i + 1] == '#') {
            std::size_t j = i + 2;
            const bool hex = j < html.size() && (html[j] == 'x' || html[j] == 'X');
            if (hex) ++j;
            const std::size_t digits = j;
            unsigned long long v = 0;
            for (; j < html.size() && (hex ? std::isxdigit(static_cast<unsigned char>(html[j]))
                                           : std::isdigit(static_cast<unsigned char>(html[j])));
                 ++j)
                if (v <= 0x10FFFF)
                    v = v * (hex ? 16 : 10) +
                        static_cast<unsigned>(std::isdigit(static_cast<unsigned char>(html[j]))
                                                  ? html[j] - '0'
                                                  : std::tolower(html[j]) - 'a' + 10);
            if (j == digits) {
                out += "&amp;";  // no digits: the text as written
                ++i;
            } else if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) {
                out += "&#xFFFD";  // (its ';', if any, is copied next)
                i = j;
            } else {
                out.append(html.substr(i, j - i));
                i = j;
            }
        } else {
            out += html[i++];
        }
    }
    return out;
}

struct Walker {
    Article& a;
    std::string body;
    std::string title_tag;
    std::string first_h1;
    std::string meta_title;
    std::string canonical;                     // <link rel="canonical">'s href
    bool nested = false;                       // a walk for visible_text(): no titles of its own
    bool drop_chrome = true;                   // leave the page's header, footer, sidebar out
    bool dropped_chrome = false;               // and some were
    int pre = 0;                               // how many preformatted elements the walk is inside
    std::size_t after_br = std::string::npos;  // the text's size just after a <br>'s line break

    // The break an element ends with: a paragraph for a block, a line for an inline one, and for
    // a <br> right after another (<br><br>, the paragraph of pages without <p>) a paragraph.
    void break_after(const xmlNode* n) {
        const bool br = named(n, "br");
        const bool line = ends_a_line_only(n) && !(br && body.size() == after_br);
        add_break(body, !line);
        if (br) after_br = body.size();
    }

    void meta(const xmlNode* n) {
        std::string key = text::lowercase(attr(n, "name"));
        if (key.empty()) key = text::lowercase(attr(n, "property"));
        if (key.empty()) return;
        std::string value = text::collapse_whitespace(attr(n, "content"));
        if (value.empty()) return;
        if (key == "author" || key == "dc.creator" || key == "article:author" || key == "byl") {
            // The New York Times' "byl" is a byline: "By Jane Doe".
            if (key == "byl" && ascii_lowercase(value.substr(0, 3)) == "by ")
                value = text::collapse_whitespace(value.substr(3));
            if (a.author.empty()) a.author = value;
        } else if (key == "date" || key == "dc.date" || key == "dc.date.issued" ||
                   key == "article:published_time" || key == "pubdate" || key == "publishdate") {
            if (a.date.empty()) detail::set_date(a, value);
        } else if (key == "og:site_name" || key == "source" || key == "dc.publisher") {
            if (a.source.empty()) a.source = value;
        } else if (key == "keywords" || key == "news_keywords" || key == "article:tag") {
            for (const auto& t : detail::split_tags(value)) detail::add_tag(a.tags, t);
        } else if (key == "og:title") {
            meta_title = value;
        } else if (key == "og:url") {
            if (a.url.empty()) a.url = value;
        }
    }

    // What libxml2 (an HTML 4 parser) puts in <head>: its own elements, and, on a page that
    // leaves <body> out, whatever HTML5 element comes before the first it knows as a body's
    // (<article>, <main>, <section>, <header>, <time>...): those are the page's text, walked as
    // the body's (a review found such pages indexed without a word of their text).
    void head(const xmlNode* n) {
        for (const xmlNode* c = n->children; c; c = c->next) {
            if (c->type == XML_TEXT_NODE) {
                walk(c);
            } else if (c->type != XML_ELEMENT_NODE) {
                continue;
            } else if (named(c, "title")) {
                if (title_tag.empty()) title_tag = text_of(c);  // browsers show the first
            } else if (named(c, "meta")) {
                meta(c);
            } else if (named(c, "link")) {
                if (text::lowercase(attr(c, "rel")) == "canonical" && canonical.empty())
                    canonical = text::trim(attr(c, "href"));
            } else if (!named(c, "base")) {
                walk(c);  // (scripts, styles and the like are skipped there)
            }
        }
    }

    // The page's URL: the canonical link, else og:url; an absolute one before a relative one
    // ("/a/b" says no host), and "//host/a" read as https.
    void settle_url() {
        const auto absolute = [](std::string& u) {
            if (u.starts_with("//")) u = "https:" + u;
            return u.find("://") != std::string::npos;
        };
        std::string og = a.url;
        const bool canonical_absolute = absolute(canonical), og_absolute = absolute(og);
        a.url = canonical_absolute || (!og_absolute && !canonical.empty()) ? canonical : og;
    }

    // The text a browser shows of an element (as the body gets it), on one line.
    static std::string visible_text(const xmlNode* n) {
        Article ignored;
        Walker w{ignored, {}, {}, {}, {}, {}, true};
        w.walk(n);
        return text::collapse_whitespace(w.body);
    }

    static std::string text_of(const xmlNode* n) {
        xmlChar* v = xmlNodeGetContent(n);
        if (!v) return {};
        std::string s = text::collapse_whitespace(reinterpret_cast<const char*>(v));
        xmlFree(v);
        return s;
    }

    // Iterative walk: hostile documents can nest deeper than the stack allows.
    void walk(const xmlNode* root) {
        const xmlNode* n = root;
        while (n) {
            bool descend = false;
            if (n->type == XML_TEXT_NODE) {
                if (const char* t = reinterpret_cast<const char*>(n->content)) {
                    if (pre > 0)
                        append_preformatted(body, without_cdata(t));
                    else
                        append_collapsed(body, without_cdata(t));
                }
            } else if (n->type == XML_ELEMENT_NODE) {
                if (named(n, "head")) {
                    head(n);
                } else if (named(n, "meta")) {
                    meta(n);                     // misplaced meta tags still count
                } else if (named(n, "title")) {  // never shown in the page
                    if (title_tag.empty()) title_tag = text_of(n);
                } else if (named(n, "link")) {
                    if (text::lowercase(attr(n, "rel")) == "canonical" && canonical.empty())
                        canonical = text::trim(attr(n, "href"));
                } else if (drop_chrome && page_chrome(n)) {
                    dropped_chrome = true;
                    // (Its <h1> may still be the page's title when nothing else names it.)
                    if (first_h1.empty() && !nested)
                        if (const xmlNode* h1 = first_named(n, "h1")) first_h1 = visible_text(h1);
                } else if (!skipped(n)) {
                    if (named(n, "h1") && first_h1.empty() && !nested) first_h1 = visible_text(n);
                    if (is_block(n)) break_after(n);
                    if (named(n, "img")) {
                        std::string alt = attr(n, "alt");
                        if (!alt.empty()) body += " " + alt + " ";
                    }
                    descend = n->children != nullptr;
                    if (descend && preformatted(n)) ++pre;
                }
            }
            if (descend) {
                n = n->children;
                continue;
            }
            // Next sibling, or climb until one exists.
            while (n && n != root && !n->next) {
                n = n->parent;
                if (n && n->type == XML_ELEMENT_NODE && preformatted(n) && pre > 0) --pre;
                if (n && n->type == XML_ELEMENT_NODE && is_block(n)) break_after(n);
            }
            if (!n || n == root) break;
            n = n->next;
        }
    }
};

// The charset a page declares in its first 4 KB: an XML declaration's encoding, or a <meta>
// tag's charset (<meta charset=...> or <meta http-equiv content="...; charset=...">); "" when
// none.
std::string declared_charset(std::string_view content) {
    const std::string head = ascii_lowercase(content.substr(0, 4096));
    const auto value_after = [&](std::size_t at, std::size_t end) {
        at = head.find_first_not_of(" \t\r\n", at);
        if (at == std::string::npos || at >= end || head[at] != '=') return std::string();
        at = head.find_first_not_of(" \t\r\n\"'", at + 1);
        if (at == std::string::npos || at >= end) return std::string();
        const std::size_t stop = std::min(head.find_first_of(" \t\r\n\"';>/?", at), end);
        return head.substr(at, stop - at);
    };
    // (Browsers read an HTML page's <meta> and ignore an XML declaration; XHTML has only that.)
    for (std::size_t at = 0; (at = head.find("<meta", at)) != std::string::npos; at += 5) {
        const std::size_t end = std::min(head.find('>', at), head.size());
        for (std::size_t c = head.find("charset", at); c < end; c = head.find("charset", c + 7)) {
            std::string v = value_after(c + 7, end);
            if (!v.empty()) return v;
        }
    }
    if (head.starts_with("<?xml")) {
        const std::size_t end = head.find("?>");
        const std::size_t at = head.find("encoding");
        if (end != std::string::npos && at < end) {
            std::string v = value_after(at + 8, end);
            if (!v.empty()) return v;
        }
    }
    return {};
}

// The iconv name of a charset label, as browsers read labels (the WHATWG Encoding Standard):
// "iso-8859-1" and "us-ascii" mean windows-1252, "gb2312" means GBK (read as GB18030, its
// superset), "shift_jis" means Windows-31J, and a page that declares UTF-16 in ASCII is UTF-8.
std::string iconv_charset(const std::string& label) {
    static const std::map<std::string, std::string> kLabels = [] {
        std::map<std::string, std::string> m;
        const auto add = [&](const char* name, std::initializer_list<const char*> labels) {
            for (const char* l : labels) m.emplace(l, name);
        };
        add("CP1252", {"ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819",
                       "iso-8859-1", "iso-ir-100", "iso8859-1", "iso88591", "iso_8859-1",
                       "iso_8859-1:1987", "l1", "latin1", "us-ascii", "windows-1252", "x-cp1252"});
        add("CP1254",
            {"cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599",
             "iso_8859-9", "iso_8859-9:1989", "l5", "latin5", "windows-1254", "x-cp1254"});
        add("CP874",
            {"dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"});
        add("GB18030", {"chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80",
                        "gbk", "iso-ir-58", "x-gbk", "gb18030"});
        add("CP932", {"csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis",
                      "windows-31j", "x-sjis"});
        add("CP949", {"cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean",
                      "ks_c_5601-1987", "ks_c_5601-1989", "ksc5601", "ksc_5601", "windows-949"});
        add("BIG5-HKSCS", {"big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"});
        for (const char* n : {"1250", "1251", "1253", "1255", "1256", "1257", "1258"}) {
            const std::string cp = std::string("cp") + n;
            m.emplace(cp, "CP" + std::string(n));
            m.emplace("windows-" + std::string(n), "CP" + std::string(n));
            m.emplace("x-" + cp, "CP" + std::string(n));
        }
        add("ISO-8859-2", {"csisolatin2", "iso-8859-2", "iso-ir-101", "iso8859-2", "iso88592",
                           "iso_8859-2", "iso_8859-2:1987", "l2", "latin2"});
        add("ISO-8859-3", {"csisolatin3", "iso-8859-3", "iso-ir-109", "iso8859-3", "iso88593",
                           "iso_8859-3", "iso_8859-3:1988", "l3", "latin3"});
        add("ISO-8859-4", {"csisolatin4", "iso-8859-4", "iso-ir-110", "iso8859-4", "iso88594",
                           "iso_8859-4", "iso_8859-4:1988", "l4", "latin4"});
        add("ISO-8859-5", {"csisolatincyrillic", "cyrillic", "iso-8859-5", "iso-ir-144",
                           "iso8859-5", "iso88595", "iso_8859-5", "iso_8859-5:1988"});
        add("ISO-8859-6", {"arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic",
                           "ecma-114", "iso-8859-6", "iso-8859-6-e", "iso-8859-6-i", "iso-ir-127",
                           "iso8859-6", "iso88596", "iso_8859-6", "iso_8859-6:1987"});
        add("ISO-8859-7", {"csisolatingreek", "ecma-118", "elot_928", "greek", "greek8",
                           "iso-8859-7", "iso-ir-126", "iso8859-7", "iso88597", "iso_8859-7",
                           "iso_8859-7:1987", "sun_eu_greek"});
        add("ISO-8859-8", {"csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8",
                           "iso-8859-8-e", "iso-ir-138", "iso8859-8", "iso88598", "iso_8859-8",
                           "iso_8859-8:1988", "visual", "csiso88598i", "iso-8859-8-i", "logical"});
        add("ISO-8859-10", {"csisolatin6", "iso-8859-10", "iso-ir-157", "iso8859-10", "iso885910",
                            "l6", "latin6"});
        add("ISO-8859-13", {"iso-8859-13", "iso8859-13", "iso885913"});
        add("ISO-8859-14", {"iso-8859-14", "iso8859-14", "iso885914"});
        add("ISO-8859-15",
            {"csisolatin9", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "l9"});
        add("ISO-8859-16", {"iso-8859-16"});
        add("KOI8-R", {"cskoi8r", "koi", "koi8", "koi8-r", "koi8_r"});
        add("KOI8-U", {"koi8-ru", "koi8-u"});
        add("MACINTOSH", {"csmacintosh", "mac", "macintosh", "x-mac-roman"});
        add("MAC-CYRILLIC", {"x-mac-cyrillic", "x-mac-ukrainian"});
        add("IBM866", {"866", "cp866", "csibm866", "ibm866"});
        add("EUC-JP", {"cseucpkdfmtjapanese", "euc-jp", "x-euc-jp"});
        add("UTF-8", {"unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8",
                      "x-unicode20utf8", "csunicode", "iso-10646-ucs-2", "ucs-2", "unicode",
                      "unicodefeff", "utf-16", "utf-16le", "utf-16be"});
        return m;
    }();
    auto it = kLabels.find(label);
    return it != kLabels.end() ? it->second : label;
}

// Numeric references to U+0080-U+009F ("&#146;", written by old Windows tools) mean the
// windows-1252 characters of those bytes, as browsers read them; the five bytes windows-1252
// leaves undefined stay as they are.
void windows_1252_controls(std::string& s) {
    static const char* const kMap[32] = {
        "\u20AC", nullptr,  "\u201A", "\u0192", "\u201E", "\u2026", "\u2020", "\u2021",
        "\u02C6", "\u2030", "\u0160", "\u2039", "\u0152", nullptr,  "\u017D", nullptr,
        nullptr,  "\u2018", "\u2019", "\u201C", "\u201D", "\u2022", "\u2013", "\u2014",
        "\u02DC", "\u2122", "\u0161", "\u203A", "\u0153", nullptr,  "\u017E", "\u0178"};
    if (s.find('\xC2') == std::string::npos) return;
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto next = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
        if (s[i] == '\xC2' && next >= 0x80 && next <= 0x9F && kMap[next - 0x80]) {
            out += kMap[next - 0x80];
            ++i;
        } else {
            out += s[i];
        }
    }
    s = std::move(out);
}

std::unique_ptr<xmlDoc, DocDeleter> parse_utf8(std::string_view source) {
    const std::string html = with_references_completed(as_browsers_read(source));
    // Not HTML_PARSE_NOIMPLIED: a page without <html> and <body> (HTML5 lets them out, and
    // fragments have none) must still get its <head> and <body> parts told apart, or the text
    // after a first <meta>, <style> or <h1> ends up inside it.
    return std::unique_ptr<xmlDoc, DocDeleter>(htmlReadMemory(
        html.data(), static_cast<int>(html.size()), nullptr, "UTF-8",
        HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING | HTML_PARSE_NONET |
            HTML_PARSE_COMPACT | XML_PARSE_HUGE));  // deep nesting and huge text nodes happen too
}

}  // namespace

Article read_html(std::string_view content) {
    std::optional<std::string> decoded = detail::from_utf16(content);
    if (decoded) content = *decoded;
    if (content.size() >= 3 && content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
    detail::reject_binary(content);
    if (auto bad = text::find_invalid_utf8(content)) {
        // A page that declares a legacy charset (windows-1252, iso-8859-1, Shift_JIS...) is
        // decoded from it, each byte that is no character of it becoming U+FFFD; a charset iconv
        // does not know is read as windows-1252, as browsers read undeclared pages. Anything
        // else claiming to be text must be valid UTF-8.
        const std::string label = declared_charset(content);
        if (label.empty())
            throw InputError("invalid UTF-8 at byte " + std::to_string(*bad + 1) +
                             " (and no charset declared)");
        const std::string charset = iconv_charset(label);
        // (A page that says UTF-8, or UTF-16 in ASCII, is read as browsers read it: UTF-8,
        // each byte that is not U+FFFD.)
        decoded = charset == "UTF-8" ? text::repair_utf8(content)
                                     : detail::decode_to_utf8(content, charset);
        if (!decoded) decoded = detail::decode_to_utf8(content, "CP1252");
        if (!decoded) throw InputError("cannot decode charset '" + label + "'");
        content = *decoded;
    }
    if (content.size() > static_cast<std::size_t>(INT32_MAX)) throw InputError("file too large");
    auto doc = parse_utf8(content);
    Article a;
    if (!doc) {
        if (text::trim(content).empty()) return a;  // empty file: an empty article
        throw InputError("not parseable as HTML");
    }
    Walker first{a, {}, {}, {}, {}, {}};
    for (xmlNode* n = xmlDocGetRootElement(doc.get()); n; n = n->next) first.walk(n);
    // A page whose text is all in its header, footer or sidebar keeps it: walked again.
    const bool again = first.dropped_chrome && text::trim(first.body).empty();
    if (again) a = Article{};
    Walker second{a, {}, {}, {}, {}, {}};
    second.drop_chrome = false;
    if (again)
        for (xmlNode* n = xmlDocGetRootElement(doc.get()); n; n = n->next) second.walk(n);
    Walker& w = again ? second : first;
    // libxml2 may leave top-level siblings before the root element (text, comments).
    a.body = text::trim(w.body);
    w.settle_url();
    a.title = !w.title_tag.empty()    ? w.title_tag
              : !w.meta_title.empty() ? w.meta_title
                                      : w.first_h1;
    // "Port strike ends | The Gazette": the site's name the page declares (og:site_name...) is
    // no part of the article's title (a review: title:gazette matched every page of the site).
    if (!a.source.empty())
        for (const std::string_view sep :
             {" | ", " - ", " \u2013 ", " \u2014 ", " :: ", " \u00B7 "}) {
            const std::string tail = text::lowercase(std::string(sep) + a.source);
            if (a.title.size() > tail.size() && text::lowercase(a.title).ends_with(tail)) {
                a.title.resize(a.title.size() - tail.size());
                break;
            }
        }
    if (a.source.empty() && !a.url.empty()) a.source = detail::url_host(a.url);
    detail::ensure_title(a);
    // Whatever is not UTF-8 by now (libxml2 passes some bytes on) is replaced, never passed on.
    for (std::string* field : {&a.body, &a.title, &a.author, &a.source, &a.url}) {
        *field = text::repair_utf8(*field);
        windows_1252_controls(*field);
    }
    for (auto& t : a.tags) {
        t = text::repair_utf8(t);
        windows_1252_controls(t);
    }
    return a;
}

namespace detail {

std::string html_fragment_text(std::string_view html) {
    if (html.size() > static_cast<std::size_t>(INT32_MAX) || text::trim(html).empty()) return {};
    auto doc = parse_utf8(html);
    if (!doc) return {};
    Article ignored;
    Walker w{ignored, {}, {}, {}, {}, {}};
    for (xmlNode* n = xmlDocGetRootElement(doc.get()); n; n = n->next) w.walk(n);
    std::string out = text::repair_utf8(text::trim(w.body));
    windows_1252_controls(out);
    return out;
}

}  // namespace detail

}  // namespace fts
