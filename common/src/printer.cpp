// fts printer.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/printer.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <nlohmann/json.hpp>
#include <ostream>

#include "fts/dates.h"

namespace fts {

namespace {

constexpr const char* kBold = "\x1b[1m";
constexpr const char* kDim = "\x1b[2m";
constexpr const char* kMatch = "\x1b[1;31m";  // ripgrep's match colour
constexpr const char* kReset = "\x1b[0m";

// Text from documents goes to a terminal: control characters (C0, DEL, C1) could move the cursor
// or change colours, so each byte of one becomes '?' (byte offsets stay valid).
std::string printable(std::string s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7f) {
            s[i] = '?';
        } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
            s[i] = s[i + 1] = '?';
        }
    }
    return s;
}

std::string fixed(double v, int digits) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", digits, v);
    return buf;
}

// Character (code point) offset of a byte offset in UTF-8 text.
std::size_t char_offset(const std::string& s, std::size_t byte) {
    std::size_t chars = 0;
    for (std::size_t i = 0; i < byte && i < s.size(); ++i)
        if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) ++chars;
    return chars;
}

std::size_t columns(std::string_view s) {
    return char_offset(std::string(s), s.size());
}

// Word-wrap a snippet to kWidth columns under a 3-space indent, painting highlighted ranges.
void print_wrapped(std::ostream& out, const Snippet& snip, bool color) {
    constexpr std::size_t kWidth = 96;
    const std::string t = printable(snip.text);
    std::size_t col = 0;
    std::size_t hl = 0;  // next highlight range to consider
    out << "   ";
    for (std::size_t i = 0; i < t.size();) {
        std::size_t end = t.find(' ', i);
        if (end == std::string::npos) end = t.size();
        std::size_t width = columns(std::string_view(t).substr(i, end - i));
        if (col > 0 && col + 1 + width > kWidth) {
            out << "\n   ";
            col = 0;
        } else if (col > 0) {
            out << ' ';
            ++col;
        }
        // Emit the word, painting the parts inside highlight ranges.
        for (std::size_t p = i; p < end;) {
            while (hl < snip.highlights.size() && snip.highlights[hl].second <= p) ++hl;
            if (hl < snip.highlights.size() && snip.highlights[hl].first <= p) {
                std::size_t stop = std::min(end, snip.highlights[hl].second);
                std::string part = t.substr(p, stop - p);
                out << (color ? std::string(kMatch) + part + kReset : part);
                p = stop;
            } else {
                std::size_t stop =
                    hl < snip.highlights.size() ? std::min(end, snip.highlights[hl].first) : end;
                out << t.substr(p, stop - p);
                p = stop;
            }
        }
        col += width;
        i = end + 1;
    }
    out << "\n";
}

}  // namespace

bool use_color(ColorMode mode) {
    if (mode == ColorMode::Always) return true;
    if (mode == ColorMode::Never) return false;
    const char* no_color = std::getenv("NO_COLOR");
    if (no_color && *no_color) return false;
    const char* term = std::getenv("TERM");
    if (term && std::strcmp(term, "dumb") == 0) return false;
    return ::isatty(STDOUT_FILENO) == 1;
}

void print_text(std::ostream& out, const SearchResult& r, unsigned offset, bool color) {
    auto paint = [&](const char* code, const std::string& s) {
        return color ? std::string(code) + s + kReset : s;
    };
    for (const auto& h : r.hits) {
        out << h.rank << ". " << paint(kBold, printable(h.doc.title)) << "  "
            << paint(kDim, "[" + fixed(h.score, 3) + "]") << "\n";
        std::string meta = h.doc.id;
        for (const std::string& part : {dates::to_iso(h.doc.date), h.doc.author, h.doc.source})
            if (!part.empty()) meta += " \u00b7 " + part;
        out << "   " << paint(kDim, printable(meta)) << "\n";
        if (!h.snippet.text.empty()) print_wrapped(out, h.snippet, color);
        out << "\n";
    }
    if (r.hits.empty() && r.total == 0) {
        out << "No results for: " << printable(r.query) << "\n";
    } else if (r.hits.empty()) {
        out << "No results on this page: about " << r.total << " in all (see --offset, --limit)\n";
    } else {
        out << "Results " << offset + 1 << "-" << offset + r.hits.size() << " of about " << r.total
            << "\n";
    }
}

void print_json(std::ostream& out, const SearchResult& r, unsigned offset, const std::string& qid) {
    using nlohmann::json;
    json j;
    if (!qid.empty()) j["qid"] = qid;
    j["query"] = r.query;
    j["total"] = r.total;
    j["offset"] = offset;
    j["results"] = json::array();
    for (const auto& h : r.hits) {
        json item;
        item["rank"] = h.rank;
        item["id"] = h.doc.id;
        item["title"] = h.doc.title;
        item["score"] = std::round(h.score * 10000) / 10000;
        item["date"] = h.doc.date.empty() ? json(nullptr) : json(dates::to_iso(h.doc.date));
        item["path"] = h.doc.path.empty() ? json(nullptr) : json(h.doc.path);
        item["url"] = h.doc.url.empty() ? json(nullptr) : json(h.doc.url);
        item["author"] = h.doc.author.empty() ? json(nullptr) : json(h.doc.author);
        item["source"] = h.doc.source.empty() ? json(nullptr) : json(h.doc.source);
        item["tags"] = h.doc.tags;
        item["snippet"] = h.snippet.text;
        json hl = json::array();
        for (const auto& [b, e] : h.snippet.highlights)
            hl.push_back({char_offset(h.snippet.text, b), char_offset(h.snippet.text, e)});
        item["highlights"] = hl;
        j["results"].push_back(std::move(item));
    }
    if (!r.warnings.empty()) j["warnings"] = r.warnings;
    out << j.dump(-1, ' ', false, json::error_handler_t::replace) << "\n";
}

void print_trec(std::ostream& out, const SearchResult& r, const std::string& qid,
                const std::string& tag) {
    for (const auto& h : r.hits)
        out << qid << " Q0 " << h.doc.id << " " << h.rank << " " << fixed(h.score, 6) << " " << tag
            << "\n";
}

void print_ids(std::ostream& out, const SearchResult& r) {
    for (const auto& h : r.hits) out << h.doc.id << "\n";
}

}  // namespace fts
