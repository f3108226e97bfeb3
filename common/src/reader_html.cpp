// fts readers: HTML, parsed with libxml2's forgiving HTML parser. Visible text only: script,
// style, template, noscript, nav and hidden elements are dropped; block elements become breaks.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <libxml/HTMLparser.h>
#include <libxml/tree.h>

#include <cstring>
#include <memory>

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

bool is_block(const xmlNode* n) {
    static const char* const kBlocks[] = {
        "p",     "div",        "br",      "h1",      "h2",         "h3",     "h4",     "h5",
        "h6",    "li",         "ul",      "ol",      "dl",         "dt",     "dd",     "tr",
        "td",    "th",         "table",   "section", "article",    "header", "footer", "main",
        "aside", "blockquote", "pre",     "figure",  "figcaption", "hr",     "form",   "address",
        "title", "body",       "caption", "summary", "details"};
    for (const char* s : kBlocks)
        if (named(n, s)) return true;
    return false;
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

void add_break(std::string& out) {
    while (!out.empty() && out.back() == ' ') out.pop_back();
    if (!out.empty() && out.back() != '\n') out += '\n';
}

struct Walker {
    Article& a;
    std::string body;
    std::string title_tag;
    std::string first_h1;
    std::string meta_title;

    void meta(const xmlNode* n) {
        std::string key = text::lowercase(attr(n, "name"));
        if (key.empty()) key = text::lowercase(attr(n, "property"));
        if (key.empty()) return;
        std::string value = text::collapse_whitespace(attr(n, "content"));
        if (value.empty()) return;
        if (key == "author" || key == "dc.creator" || key == "article:author" || key == "byl") {
            if (a.author.empty()) a.author = value;
        } else if (key == "date" || key == "dc.date" || key == "dc.date.issued" ||
                   key == "article:published_time" || key == "pubdate" || key == "publishdate") {
            if (a.date.empty()) detail::set_date(a, value);
        } else if (key == "og:site_name" || key == "source" || key == "dc.publisher") {
            if (a.source.empty()) a.source = value;
        } else if (key == "keywords" || key == "news_keywords" || key == "article:tag") {
            for (auto& t : detail::split_tags(value)) a.tags.push_back(std::move(t));
        } else if (key == "og:title") {
            meta_title = value;
        } else if (key == "og:url") {
            if (a.url.empty()) a.url = value;
        }
    }

    void head(const xmlNode* n) {
        for (const xmlNode* c = n->children; c; c = c->next) {
            if (c->type != XML_ELEMENT_NODE) continue;
            if (named(c, "title")) {
                title_tag = text_of(c);
            } else if (named(c, "meta")) {
                meta(c);
            } else if (named(c, "link") && text::lowercase(attr(c, "rel")) == "canonical") {
                a.url = attr(c, "href");
            }
        }
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
                // libxml2 keeps "<![CDATA[...]]>" in HTML as literal text; browsers treat it as
                // a bogus comment and show nothing, so neither do we.
                const char* t = reinterpret_cast<const char*>(n->content);
                if (t && std::strncmp(t, "<![CDATA[", 9) != 0) append_collapsed(body, t);
            } else if (n->type == XML_ELEMENT_NODE) {
                if (named(n, "head")) {
                    head(n);
                } else if (named(n, "meta")) {
                    meta(n);  // misplaced meta tags still count
                } else if (named(n, "title") && title_tag.empty()) {
                    title_tag = text_of(n);
                } else if (!skipped(n)) {
                    if (named(n, "h1") && first_h1.empty()) first_h1 = text_of(n);
                    if (is_block(n)) add_break(body);
                    if (named(n, "img")) {
                        std::string alt = attr(n, "alt");
                        if (!alt.empty()) body += " " + alt + " ";
                    }
                    descend = n->children != nullptr;
                }
            }
            if (descend) {
                n = n->children;
                continue;
            }
            // Next sibling, or climb until one exists.
            while (n && n != root && !n->next) {
                n = n->parent;
                if (n && n->type == XML_ELEMENT_NODE && is_block(n)) add_break(body);
            }
            if (!n || n == root) break;
            n = n->next;
        }
    }
};

bool declares_other_charset(std::string_view content) {
    std::string head = text::lowercase(content.substr(0, 2048));
    auto pos = head.find("charset");
    if (pos == std::string::npos) return false;
    auto val = head.find_first_not_of(" =\"'", pos + 7);
    if (val == std::string::npos) return false;
    return head.compare(val, 5, "utf-8") != 0 && head.compare(val, 4, "utf8") != 0;
}

}  // namespace

Article read_html(std::string_view content) {
    if (content.size() >= 3 && content.substr(0, 3) == "\xEF\xBB\xBF") content.remove_prefix(3);
    if (text::looks_binary(content)) throw InputError("binary file (NUL or control bytes)");
    const char* encoding = "UTF-8";
    if (auto bad = text::find_invalid_utf8(content)) {
        // A page that declares a legacy charset (windows-1252, iso-8859-1...) is decoded by
        // libxml2; anything else claiming to be text must be valid UTF-8.
        if (!declares_other_charset(content))
            throw InputError("invalid UTF-8 at byte " + std::to_string(*bad));
        encoding = nullptr;
    }
    if (content.size() > static_cast<std::size_t>(INT32_MAX)) throw InputError("file too large");
    std::unique_ptr<xmlDoc, DocDeleter> doc(
        htmlReadMemory(content.data(), static_cast<int>(content.size()), nullptr, encoding,
                       HTML_PARSE_RECOVER | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
                           HTML_PARSE_NONET | HTML_PARSE_COMPACT | HTML_PARSE_NOIMPLIED |
                           XML_PARSE_HUGE));  // deep nesting and huge text nodes happen too
    Article a;
    if (!doc) {
        if (text::trim(content).empty()) return a;  // empty file: an empty article
        throw InputError("not parseable as HTML");
    }
    Walker w{a, {}, {}, {}, {}};
    for (xmlNode* n = xmlDocGetRootElement(doc.get()); n; n = n->next) w.walk(n);
    // libxml2 may leave top-level siblings before the root element (text, comments).
    a.body = text::trim(w.body);
    a.title = !w.title_tag.empty()    ? w.title_tag
              : !w.meta_title.empty() ? w.meta_title
                                      : w.first_h1;
    if (a.source.empty() && !a.url.empty()) a.source = detail::url_host(a.url);
    detail::ensure_title(a);
    // A page whose declared charset libxml2 cannot decode ("utf-9") comes back undecoded:
    // whatever is not UTF-8 by now is replaced, never passed on.
    for (std::string* field : {&a.body, &a.title, &a.author, &a.source, &a.url})
        *field = text::repair_utf8(*field);
    for (auto& t : a.tags) t = text::repair_utf8(t);
    return a;
}

}  // namespace fts
