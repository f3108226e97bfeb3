// fts printer.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/printer.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <nlohmann/json.hpp>
#include <ostream>

#include "fts/dates.h"
#include "fts/errors.h"
#include "fts/text.h"

namespace fts {

namespace {

constexpr const char* kBold = "\x1b[1m";
constexpr const char* kDim = "\x1b[2m";
constexpr const char* kMatch = "\x1b[1;31m";  // ripgrep's match colour
constexpr const char* kReset = "\x1b[0m";

// Text from documents goes to a terminal: control characters (C0, DEL, C1) could move the cursor
// or change colours, so each becomes '?': each byte of one (byte offsets stay valid, for the text
// output's highlighting), or one '?' for each (code points stay where they were: TSV's highlights
// count code points).
std::string printable(std::string s, bool per_byte = true) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7f) {
            out += '?';
        } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(s[i + 1]) <= 0x9F) {
            out += per_byte ? "??" : "?";
            ++i;
        } else {
            out += s[i];
        }
    }
    return out;
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

namespace {

const char* kind_name(Contribution::Kind k) {
    switch (k) {
        case Contribution::Kind::Term:
            return "term";
        case Contribution::Kind::Group:
            return "group";
        case Contribution::Kind::Feedback:
            return "feedback";
        case Contribution::Kind::Similar:
            return "similar";
        case Contribution::Kind::Recency:
            return "recency";
    }
    return "";
}

std::string times(Xapian::termcount n) {
    return std::to_string(n) + (n == 1 ? " time" : " times");
}

void print_explanation(std::ostream& out, const Hit& h, Xapian::doccount documents, bool color) {
    const Explanation& e = *h.explanation;
    // Filters alone (tag:, date:, --since) weigh nothing: said, not an empty sum.
    out << "   " << (color ? kDim : "") << "score " << fixed(h.score, 3)
        << (e.parts.empty() ? " (no query words: filters only rank nothing)" : " = sum of:")
        << (color ? kReset : "") << "\n";
    for (const Contribution& c : e.parts) {
        out << "   "
            << std::string(std::max(0, 9 - static_cast<int>(fixed(c.weight, 3).size())), ' ') << "+"
            << fixed(c.weight, 3) << "  ";
        switch (c.kind) {
            case Contribution::Kind::Term:
            case Contribution::Kind::Similar: {
                out << printable(c.term) << " ("
                    << (c.kind == Contribution::Kind::Similar ? "similar; " : "") << c.field << ": "
                    << times(c.wdf) << " here; in " << c.docs << " of " << documents << " articles"
                    << (c.occurrences > 1 ? "; " + times(c.occurrences) + " in the query" : "")
                    << ")";
                break;
            }
            case Contribution::Kind::Group:
                // A wildcard reads as typed ("clim*"); other groups as Xapian describes them.
                out << (c.field.starts_with("Query(") ? "expansion " : "words matching ")
                    << printable(c.field);
                break;
            case Contribution::Kind::Feedback:
                out << "feedback (" << c.detail << ")";
                break;
            case Contribution::Kind::Recency:
                out << "recency (" << c.detail << ")";
                break;
        }
        out << "\n";
    }
    if (std::fabs(e.sum - h.score) > 0.0005)
        out << "   (the parts add up to " << fixed(e.sum, 3) << "; " << fixed(h.score - e.sum, 3)
            << " is not accounted for)\n";
}

nlohmann::json explanation_json(const Hit& h) {
    using nlohmann::json;
    json parts = json::array();
    for (const Contribution& c : h.explanation->parts) {
        json p;
        p["kind"] = kind_name(c.kind);
        p["weight"] = std::round(c.weight * 10000) / 10000;
        if (c.kind == Contribution::Kind::Term || c.kind == Contribution::Kind::Similar) {
            p["term"] = c.term;
            p["field"] = c.field;
            p["wdf"] = c.wdf;
            p["docs"] = c.docs;
            if (c.kind == Contribution::Kind::Term) p["occurrences"] = c.occurrences;
        } else if (c.kind == Contribution::Kind::Group) {
            p["query"] = c.field;
        } else {
            p["detail"] = c.detail;
        }
        parts.push_back(std::move(p));
    }
    return {{"sum", std::round(h.explanation->sum * 10000) / 10000}, {"parts", parts}};
}

nlohmann::json hit_json(const Hit& h) {
    using nlohmann::json;
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
    item["duplicates"] = h.duplicates;
    item["explain"] = h.explanation ? explanation_json(h) : json(nullptr);
    return item;
}

nlohmann::json selected(const nlohmann::json& item, const std::vector<std::string>& fields) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& f : fields) out[f] = item.at(f);
    return out;
}

std::vector<std::string> fields_or_default(const PrintOptions& p, const SearchResult& r,
                                           OutputFormat format) {
    if (!p.fields.empty()) return p.fields;
    bool collapse = false, explain = false;
    for (const auto& h : r.hits) {
        collapse = collapse || h.duplicates > 0;
        explain = explain || h.explanation.has_value();
    }
    return default_fields(format, collapse || r.collapsed, explain);
}

std::string dump(const nlohmann::json& j) {
    return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace

const std::vector<std::string>& result_fields() {
    static const std::vector<std::string> kFields{
        "rank",   "id",     "title", "score",   "date",       "path",       "url",
        "author", "source", "tags",  "snippet", "highlights", "duplicates", "explain"};
    return kFields;
}

std::vector<std::string> default_fields(OutputFormat format, bool collapse, bool explain) {
    if (format == OutputFormat::Tsv) return {"rank", "id", "score", "date", "title"};
    std::vector<std::string> f(result_fields().begin(), result_fields().end() - 2);
    if (collapse) f.push_back("duplicates");
    if (explain) f.push_back("explain");
    return f;
}

std::vector<std::string> parse_fields(const std::string& list) {
    std::vector<std::string> out;
    std::string current;
    auto flush = [&] {
        std::string f(text::trim(current));
        current.clear();
        if (f.empty()) return;
        const auto& known = result_fields();
        if (std::find(known.begin(), known.end(), f) == known.end()) {
            std::string names;
            for (const auto& k : known) names += (names.empty() ? "" : ", ") + k;
            throw UsageError("--fields: unknown field '" + f + "' (choose from: " + names + ")");
        }
        // (JSON objects cannot hold a key twice: the columns would differ between formats.)
        if (std::find(out.begin(), out.end(), f) != out.end())
            throw UsageError("--fields: '" + f + "' given twice");
        out.push_back(f);
    };
    for (char c : list) {
        if (c == ',') {
            flush();
        } else {
            current += c;
        }
    }
    flush();
    if (out.empty()) throw UsageError("--fields: no field given (e.g. --fields id,title,score)");
    return out;
}

void print_text(std::ostream& out, const SearchResult& r, unsigned offset, bool color) {
    PrintOptions p;
    p.offset = offset;
    p.color = color;
    print_text(out, r, p);
}

void print_text(std::ostream& out, const SearchResult& r, const PrintOptions& p) {
    const bool color = p.color;
    auto paint = [&](const char* code, const std::string& s) {
        return color ? std::string(code) + s + kReset : s;
    };
    for (const auto& h : r.hits) {
        out << h.rank << ". " << paint(kBold, printable(h.doc.title)) << "  "
            << paint(kDim, "[" + fixed(h.score, 3) + "]") << "\n";
        // (The id as `ids` and `tsv` write it: a control character as %XX, which id: takes.)
        std::string meta = line_safe_id(h.doc.id, false);
        for (const std::string& part : {dates::to_iso(h.doc.date), h.doc.author, h.doc.source})
            if (!part.empty()) meta += " \u00b7 " + part;
        if (h.duplicates > 0)
            meta += " \u00b7 +" + std::to_string(h.duplicates) + " near-duplicate" +
                    (h.duplicates == 1 ? "" : "s");
        out << "   " << paint(kDim, printable(meta)) << "\n";
        if (!h.snippet.text.empty()) print_wrapped(out, h.snippet, color);
        if (h.explanation) print_explanation(out, h, r.documents, color);
        out << "\n";
    }
    if (r.hits.empty() && r.total == 0) {
        const std::string asked = r.corrected ? r.suggestion : r.query;
        if (r.like.empty())
            out << "No results for: " << printable(asked) << "\n";
        else
            out << "No results like " << printable(r.like)
                << (asked.empty() ? std::string() : " for: " + printable(asked)) << "\n";
    } else if (r.hits.empty()) {
        out << "No results on this page: about " << r.total << " in all (see --offset, --limit)\n";
    } else {
        out << "Results " << p.offset + 1 << "-" << p.offset + r.hits.size() << " of about "
            << r.total << "\n";
    }
    if (!r.facets.empty()) out << "\n";
    for (const auto& f : r.facets) {
        out << paint(kBold, facet_name(f.facet) + ":");
        std::size_t shown = 0;
        for (const auto& v : f.values) {
            if (p.facet_limit && shown == p.facet_limit) {
                out << " \u2026 " << f.values.size() - shown << " more";
                break;
            }
            out << (shown++ ? ", " : " ") << printable(v.value) << " (" << v.count << ")";
        }
        if (f.values.empty()) out << " (none)";
        out << "\n";
    }
}

void print_json(std::ostream& out, const SearchResult& r, const PrintOptions& p) {
    using nlohmann::json;
    json j;
    if (!p.qid.empty()) j["qid"] = p.qid;
    j["query"] = r.query;
    if (!r.like.empty()) j["like"] = r.like;
    j["suggestion"] = r.suggestion.empty() ? json(nullptr) : json(r.suggestion);
    j["corrected"] = r.corrected;
    j["total"] = r.total;
    j["offset"] = p.offset;
    j["results"] = json::array();
    const auto fields = fields_or_default(p, r, OutputFormat::Json);
    for (const auto& h : r.hits) j["results"].push_back(selected(hit_json(h), fields));
    if (!r.facets.empty()) {
        json facets = json::object(), more = json::object();
        for (const auto& f : r.facets) {
            json values = json::array();
            for (const auto& v : f.values) {
                if (p.facet_limit && values.size() == p.facet_limit) break;
                values.push_back({{"value", v.value}, {"count", v.count}});
            }
            facets[facet_name(f.facet)] = values;
            more[facet_name(f.facet)] = f.values.size() - values.size();
        }
        j["facets"] = facets;
        j["facets_more"] = more;  // values left out by --facet-limit, per facet
    }
    if (!r.warnings.empty()) j["warnings"] = r.warnings;
    out << dump(j) << "\n";
}

void print_query_error(std::ostream& out, const std::string& qid, const std::string& query,
                       const std::string& error) {
    nlohmann::json j;
    j["qid"] = qid;
    j["query"] = query;
    j["error"] = error;
    out << dump(j) << "\n";
}

void print_jsonl(std::ostream& out, const SearchResult& r, const PrintOptions& p) {
    const auto fields = fields_or_default(p, r, OutputFormat::Jsonl);
    for (const auto& h : r.hits) {
        nlohmann::json item = selected(hit_json(h), fields);
        if (!p.qid.empty()) item["qid"] = p.qid;
        out << dump(item) << "\n";
    }
}

void print_tsv(std::ostream& out, const SearchResult& r, const PrintOptions& p) {
    const auto fields = fields_or_default(p, r, OutputFormat::Tsv);
    // A cell on one line of its own column.
    const auto clean = [](std::string cell) {
        for (char& c : cell)
            if (c == '\t' || c == '\n' || c == '\r') c = ' ';
        return printable(cell, /*per_byte=*/false);
    };
    // Batch mode: each line starts with its query's qid, as in TREC run files.
    const std::string qid = p.qid.empty() ? std::string() : clean(p.qid);
    for (const auto& h : r.hits) {
        const nlohmann::json item = hit_json(h);
        std::string line = qid;
        bool first = p.qid.empty();
        for (const auto& f : fields) {
            const nlohmann::json& v = item.at(f);
            std::string cell;
            if (v.is_null()) {
            } else if (f == "id") {
                // (An id is written as in `ids` and `trec` output: a tab or line break as %XX,
                // so a script can look it up again.)
                cell = line_safe_id(v.get<std::string>(), false);
            } else if (v.is_string()) {
                cell = v.get<std::string>();
            } else if (f == "tags") {
                // (A comma or % inside a tag is written %2C / %25: the list splits on commas.)
                for (const auto& t : v)
                    cell += (cell.empty() ? "" : ",") +
                            text::percent_escape(t.get<std::string>(), [](unsigned char b) {
                                return b == ',' || b == '%';
                            });
            } else if (f == "score") {
                cell = fixed(h.score, 4);
            } else {
                cell = dump(v);
            }
            if (!first) line += '\t';
            first = false;
            line += clean(std::move(cell));
        }
        out << line << "\n";
    }
}

std::string line_safe_id(std::string_view id, bool spaces) {
    return text::percent_escape(
        id, [spaces](unsigned char b) { return b < 0x20 || b == 0x7f || (spaces && b == ' '); });
}

void print_trec(std::ostream& out, const SearchResult& r, const std::string& qid,
                const std::string& tag) {
    // Evaluation tools (trec_eval, evaluate.py) order a run by its scores, ties by document id,
    // not by its ranks: the score column goes down the list strictly, so that they keep ours. A
    // score no lower than the one above it (a tie, --sort date, filters alone) is printed one
    // millionth below it; the others as they are.
    long long above = std::numeric_limits<long long>::max();
    for (const auto& h : r.hits) {
        long long micro = std::llround(h.score * 1e6);
        if (micro >= above) micro = above - 1;
        above = micro;
        out << line_safe_id(qid, true) << " Q0 " << line_safe_id(h.doc.id, true) << " " << h.rank
            << " " << fixed(static_cast<double>(micro) / 1e6, 6) << " " << tag << "\n";
    }
}

void print_article_json(std::ostream& out, const Article& a) {
    using nlohmann::json;
    const auto or_null = [](const std::string& v) { return v.empty() ? json(nullptr) : json(v); };
    json j;
    j["id"] = a.id;
    j["title"] = a.title;
    j["date"] = a.date.empty() ? json(nullptr) : json(dates::to_iso(a.date));
    j["path"] = or_null(a.path);
    j["url"] = or_null(a.url);
    j["author"] = or_null(a.author);
    j["source"] = or_null(a.source);
    j["tags"] = a.tags;
    j["text"] = a.body;
    j["text_cut_from"] =
        a.stored_text_cut_from > a.body.size() ? json(a.stored_text_cut_from) : json(nullptr);
    out << dump(j) << "\n";
}

void print_article(std::ostream& out, const Article& a, bool color) {
    out << (color ? kBold : "") << printable(a.title) << (color ? kReset : "") << "\n";
    std::string meta = line_safe_id(a.id, false);
    for (const std::string& part : {dates::to_iso(a.date), a.author, a.source})
        if (!part.empty()) meta += " \u00b7 " + part;
    out << printable(meta) << "\n";
    if (!a.url.empty()) out << printable(a.url) << "\n";
    if (!a.path.empty()) out << printable(a.path) << "\n";
    if (!a.tags.empty()) {
        std::string tags;
        for (const auto& t : a.tags) tags += (tags.empty() ? "" : ", ") + t;
        out << "tags: " << printable(tags) << "\n";
    }
    // Line breaks are kept; other control characters are made harmless.
    std::string body = a.body;
    std::size_t start = 0;
    out << "\n";
    while (start <= body.size()) {
        std::size_t nl = body.find('\n', start);
        if (nl == std::string::npos) nl = body.size();
        out << printable(body.substr(start, nl - start)) << "\n";
        start = nl + 1;
    }
    const auto size = [](std::uint64_t bytes) {
        return bytes < 10u << 20 ? std::to_string(bytes >> 10) + " KiB"
                                 : std::to_string(bytes >> 20) + " MiB";
    };
    if (a.stored_text_cut_from > a.body.size())
        out << "\n[" << (color ? kBold : "") << "the index keeps the first " << size(a.body.size())
            << " of this article's " << size(a.stored_text_cut_from) << (color ? kReset : "")
            << (a.path.empty() ? std::string("]") : "; all of it: " + printable(a.path) + "]")
            << "\n";
}

void print_ids(std::ostream& out, const SearchResult& r, const std::string& qid) {
    const std::string prefix = qid.empty() ? std::string() : line_safe_id(qid, false) + "\t";
    for (const auto& h : r.hits) out << prefix << line_safe_id(h.doc.id, false) << "\n";
}

}  // namespace fts
