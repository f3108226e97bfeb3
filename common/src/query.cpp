// fts query builder.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/query.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <functional>
#include <memory>
#include <optional>
#include <set>

#include "fts/dates.h"
#include "fts/errors.h"
#include "fts/schema.h"
#include "fts/text.h"

namespace fts {

// The first bad date seen during one parse (see date_range).
struct DateErrors {
    std::string first;
};

namespace {

// Marks the last '*' of a quoted filter value (`id:"notes*"`): what the quotes ask for is the
// value as typed, which the field's processor cannot tell from `id:notes*` (U+E000, a private
// use character no query types).
constexpr std::string_view kLiteralStar = "\xEE\x80\x80";

// A boolean field whose values are matched exactly, after an optional normalisation.
class ExactField : public Xapian::FieldProcessor {
  public:
    ExactField(std::string_view prefix, bool lower) : prefix_(prefix), lower_(lower) {}
    Xapian::Query operator()(const std::string& value) override {
        std::string v = lower_ ? text::lowercase(value) : value;
        if (v.ends_with(kLiteralStar)) {
            // A quoted value's last '*', marked (literal_quoted_stars): a '*', no wildcard.
            v.resize(v.size() - kLiteralStar.size());
            v += '*';
        } else if (v.size() > 1 && v.back() == '*') {
            // A trailing '*' is a wildcard here too: `id:world/*` is every article of a folder,
            // `tag:ener*` every tag that begins so (it found nothing: a term with a '*').
            while (!v.empty() && v.back() == '*') v.pop_back();  // (`id:world/**` too)
            if (v.empty()) return Xapian::Query(prefix_ + "*");
            return Xapian::Query(
                Xapian::Query::OP_WILDCARD,
                prefix_ + std::string(text::utf8_prefix(v, schema::kMaxTermBytes - prefix_.size())),
                0, Xapian::Query::WILDCARD_LIMIT_ERROR, Xapian::Query::OP_OR);
        }
        if (prefix_ == schema::kIdPrefix) {
            // An id as typed, or as the outputs write one holding a control character
            // (`tab%09here`): either (an id may hold "%20" as it is).
            const std::string decoded = text::percent_unescape(v);
            if (decoded == v) return Xapian::Query(schema::id_term(v));
            return Xapian::Query(Xapian::Query::OP_OR, Xapian::Query(schema::id_term(v)),
                                 Xapian::Query(schema::id_term(decoded)));
        }
        std::string term =
            prefix_ + std::string(text::utf8_prefix(v, schema::kMaxTermBytes - prefix_.size()));
        return Xapian::Query(term);
    }

  private:
    std::string prefix_;
    bool lower_;
};

// A date range [b, e] ("YYYYMMDD" bounds; open ends are the oldest and newest dates in the
// database) as the boolean terms every dated article carries: whole years, then whole months,
// then days at either end. Not a range of the date value: Xapian 1.4.22's matcher, filtering an
// OR that holds a phrase by a value range, gave documents holding one of the phrase's words the
// phrase's weight (found by a differential test; reproduced with Xapian alone).
Xapian::Query date_terms(const Xapian::Database& db, std::optional<std::string> b,
                         std::optional<std::string> e) {
    // An open end is the oldest or newest date's whole year: articles dated by that year or a
    // month of it alone are then covered (a review: `date:..` missed the newest such ones).
    if (!b) {
        b = db.get_value_lower_bound(schema::kDateSlot);
        if (b->size() == 8) b = b->substr(0, 4) + "0101";
    }
    if (!e) {
        e = db.get_value_upper_bound(schema::kDateSlot);
        if (e->size() == 8) e = e->substr(0, 4) + "1231";
    }
    if (b->size() != 8 || e->size() != 8 || *b > *e) return Xapian::Query::MatchNothing;
    struct Day {
        int y, m, d;
        auto operator<=>(const Day&) const = default;
    };
    auto parse = [](const std::string& s) {
        return Day{std::stoi(s.substr(0, 4)), std::stoi(s.substr(4, 2)), std::stoi(s.substr(6, 2))};
    };
    auto days_in = [](int y, int m) {
        static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
        const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
        return m == 2 && leap ? 29 : kDays[m - 1];
    };
    auto digits = [](int v, int width) {
        std::string out = std::to_string(v);
        return std::string(out.size() < static_cast<std::size_t>(width) ? width - out.size() : 0,
                           '0') +
               out;
    };
    const Day last = parse(*e);
    std::vector<Xapian::Query> terms;
    for (Day cur = parse(*b); cur <= last;) {
        if (cur.m == 1 && cur.d == 1 && Day{cur.y, 12, 31} <= last) {
            int y = cur.y;
            while (Day{y + 1, 12, 31} <= last) ++y;
            // The years in between that hold articles (a range may span centuries).
            const std::string from = std::string(schema::kYearPrefix) + digits(cur.y, 4);
            const std::string to = std::string(schema::kYearPrefix) + digits(y, 4);
            const std::string prefix(schema::kYearPrefix);
            auto t = db.allterms_begin(prefix);
            for (t.skip_to(from); t != db.allterms_end(prefix) && *t <= to; ++t)
                terms.emplace_back(*t);
            cur = Day{y + 1, 1, 1};
        } else if (cur.d == 1 && Day{cur.y, cur.m, days_in(cur.y, cur.m)} <= last) {
            terms.emplace_back(std::string(schema::kMonthPrefix) + digits(cur.y, 4) +
                               digits(cur.m, 2));
            cur = cur.m == 12 ? Day{cur.y + 1, 1, 1} : Day{cur.y, cur.m + 1, 1};
        } else {
            terms.emplace_back(std::string(schema::kDayPrefix) + digits(cur.y, 4) +
                               digits(cur.m, 2) + digits(cur.d, 2));
            if (cur.d < days_in(cur.y, cur.m)) {
                ++cur.d;
            } else {
                cur = cur.m == 12 ? Day{cur.y + 1, 1, 1} : Day{cur.y, cur.m + 1, 1};
            }
        }
    }
    if (terms.empty()) return Xapian::Query::MatchNothing;
    return Xapian::Query(Xapian::Query::OP_OR, terms.begin(), terms.end());
}

// Exceptions must not cross Xapian's query parser (it leaks its parse state when they do), so
// the date processors record a bad date here and match nothing; parse() reports it afterwards.
Xapian::Query date_range(const Xapian::Database& db, const std::string& begin,
                         const std::string& end, DateErrors& errors) {
    std::optional<std::string> b, e;
    const char* kHint = ": not a date (use YYYY, YYYY-MM or YYYY-MM-DD)";
    if (end.find("..") != std::string::npos || begin.find("..") != std::string::npos) {
        if (errors.first.empty())
            errors.first = "date:" + begin + ".." + end + ": a range has one '..'";
        return Xapian::Query::MatchNothing;
    }
    if (!begin.empty() && !(b = dates::range_start(begin))) {
        if (errors.first.empty()) errors.first = "date:" + begin + kHint;
        return Xapian::Query::MatchNothing;
    }
    if (!end.empty() && !(e = dates::range_end(end))) {
        if (errors.first.empty()) errors.first = "date:.." + end + kHint;
        return Xapian::Query::MatchNothing;
    }
    if (b && e && *b > *e) {  // as --since after --until: an error, not an empty result
        if (errors.first.empty())
            errors.first = "date:" + begin + ".." + end + ": the range ends before it starts";
        return Xapian::Query::MatchNothing;
    }
    return date_terms(db, b, e);  // ("date:.." too: every dated article, as the help says)
}

// date:2024-01..2024-03, date:2024.., date:..2023-06-30 (YYYY, YYYY-MM or YYYY-MM-DD bounds).
class DateRange : public Xapian::RangeProcessor {
  public:
    DateRange(const Xapian::Database& db, std::shared_ptr<DateErrors> errors)
        : Xapian::RangeProcessor(schema::kDateSlot, std::string(schema::kDateField) + ":"),
          db_(db),
          errors_(std::move(errors)) {}
    Xapian::Query operator()(const std::string& begin, const std::string& end) override {
        return date_range(db_, begin, end, *errors_);
    }

  private:
    Xapian::Database db_;
    std::shared_ptr<DateErrors> errors_;
};

// date:2024, date:2024-03 or date:2024-03-15 on its own: the whole year, month or day.
class DateField : public Xapian::FieldProcessor {
  public:
    DateField(const Xapian::Database& db, std::shared_ptr<DateErrors> errors)
        : db_(db), errors_(std::move(errors)) {}
    Xapian::Query operator()(const std::string& value) override {
        auto dots = value.find("..");
        if (dots != std::string::npos)
            return date_range(db_, value.substr(0, dots), value.substr(dots + 2), *errors_);
        return date_range(db_, value, value, *errors_);
    }

  private:
    Xapian::Database db_;
    std::shared_ptr<DateErrors> errors_;
};

// year:2024: the articles of that year. Anything but four digits is a mistake to report (it
// found nothing, without a word), recorded as a bad date is.
class YearField : public Xapian::FieldProcessor {
  public:
    explicit YearField(std::shared_ptr<DateErrors> errors) : errors_(std::move(errors)) {}
    Xapian::Query operator()(const std::string& value) override {
        if (value.size() == 4 &&
            std::all_of(value.begin(), value.end(), [](char c) { return c >= '0' && c <= '9'; }))
            return Xapian::Query(std::string(schema::kYearPrefix) + value);
        if (errors_->first.empty())
            errors_->first = std::string(schema::kYearField) + ":" + value +
                             ": not a year (use YYYY; date:2020..2024 for a range)";
        return Xapian::Query::MatchNothing;
    }

  private:
    std::shared_ptr<DateErrors> errors_;
};

constexpr unsigned kFlags = Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN |
                            Xapian::QueryParser::FLAG_LOVEHATE |
                            Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PURE_NOT;

// Every term costs a posting list read, and a wildcard up to kMaxWildcardExpansion of them:
// refuse queries that would run for minutes.
std::size_t cost(const Xapian::Query& q) {
    if (q.get_type() == Xapian::Query::LEAF_TERM) return 1;
    if (q.get_type() == Xapian::Query::OP_WILDCARD) return kMaxWildcardExpansion;
    std::size_t total = 0;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) total += cost(q.get_subquery(i));
    return total;
}

void check_size(const Xapian::Query& q) {
    const std::size_t terms = cost(q);
    if (terms > kMaxQueryTerms)
        throw UsageError("query too large (" + std::to_string(terms) +
                         " terms counting wildcard expansions; at most " +
                         std::to_string(kMaxQueryTerms) + ")");
}

}  // namespace

QueryBuilder::QueryBuilder(const Xapian::Database& db, const AnalysisConfig& cfg, bool stopwords)
    : db_(db),
      stemmer_(cfg.stemmer()),
      flags_(cfg.query_flags()),
      stopper_(cfg.stopper()),
      date_errors_(std::make_shared<DateErrors>()) {
    cfg.configure(qp_, stopwords);
    qp_.set_database(db);  // needed for wildcards
    qp_.set_default_op(Xapian::Query::OP_OR);
    qp_.set_max_expansion(kMaxWildcardExpansion, Xapian::Query::WILDCARD_LIMIT_MOST_FREQUENT,
                          Xapian::QueryParser::FLAG_WILDCARD | Xapian::QueryParser::FLAG_PARTIAL);
    qp_.add_prefix(std::string(schema::kTitleField), std::string(schema::kTitlePrefix));
    qp_.add_prefix(std::string(schema::kAuthorField), std::string(schema::kAuthorPrefix));
    qp_.add_prefix(std::string(schema::kSourceField), std::string(schema::kSourcePrefix));
    stemmed_wildcards_ = cfg.stemming == "all" && cfg.language != "none";
    cjk_ = !cfg.cjk_ngrams      ? CjkQuery::Off
           : stemmed_wildcards_ ? CjkQuery::StemGroups
                                : CjkQuery::Groups;
    fold_wildcards_ = stemmed_wildcards_ && cfg.fold_accents;
    unpositioned_ = cfg.unpositioned_stopper();
    if (stemmed_wildcards_) {  // hidden fields for wildcards over stems (see stemmed_wildcard)
        qp_.add_prefix("zstem", "Z");
        qp_.add_prefix("ztitle", "Z" + std::string(schema::kTitlePrefix));
        qp_.add_prefix("zauthor", "Z" + std::string(schema::kAuthorPrefix));
        qp_.add_prefix("zsource", "Z" + std::string(schema::kSourcePrefix));
    }
    qp_.add_boolean_prefix(std::string(schema::kTagField),
                           (new ExactField(schema::kTagPrefix, true))->release());
    qp_.add_boolean_prefix(std::string(schema::kIdField),
                           (new ExactField(schema::kIdPrefix, false))->release());
    qp_.add_boolean_prefix(std::string(schema::kYearField),
                           (new YearField(date_errors_))->release());
    qp_.add_boolean_prefix(std::string(schema::kDateField),
                           (new DateField(db, date_errors_))->release());
}

namespace {
bool word_byte(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || std::isalnum(u);
}
// Fields whose values are matched exactly, never analysed as words.
const std::set<std::string> kExactFields{"tag", "id", "year", "date"};

// The quoted values of exact fields in a query (id:"My Notes.md", tag:"rule of law"): byte
// ranges from the field's name to the closing quote. Xapian reads each as one term, as typed;
// none of its words is a word of the query (no case folding, stopwords, operators or spelling).
std::vector<std::pair<std::size_t, std::size_t>> exact_quoted_values(std::string_view text) {
    std::vector<std::pair<std::size_t, std::size_t>> spans;
    bool in_quote = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (text[i] != '"') continue;
        if (in_quote) {
            in_quote = false;
            continue;
        }
        std::size_t name = i;
        if (name > 0 && text[name - 1] == ':') {
            --name;
            while (name > 0 && std::isalpha(static_cast<unsigned char>(text[name - 1]))) --name;
        }
        const std::size_t close = text.find('"', i + 1);
        const bool starts =
            name == 0 || std::string_view(" \t(+-").find(text[name - 1]) != std::string_view::npos;
        if (name < i && starts && close != std::string_view::npos &&
            kExactFields.count(text::lowercase(text.substr(name, i - 1 - name)))) {
            spans.emplace_back(name, close + 1);
            i = close;
            continue;
        }
        in_quote = true;
    }
    return spans;
}

// The span of `spans` holding byte `i`, or null.
const std::pair<std::size_t, std::size_t>* span_at(
    const std::vector<std::pair<std::size_t, std::size_t>>& spans, std::size_t i) {
    for (const auto& s : spans)
        if (i >= s.first && i < s.second) return &s;
    return nullptr;
}

const std::set<std::string> kOperatorWords{"AND", "OR", "NOT", "XOR", "NEAR", "ADJ"};

// Whether `t` is an operator word (NEAR/3 and ADJ/2 included).
bool operator_word(std::string_view t) {
    return kOperatorWords.count(std::string(t.substr(0, t.find('/')))) > 0;
}

// The items of one bracket level of `text` (words, operators, field:value, "phrases" and whole
// (groups), each with what is attached to it).
std::vector<std::string> level_items(std::string_view text) {
    std::vector<std::string> items;
    std::string item;
    bool quoted = false;
    int depth = 0;
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        if (!quoted && c == '(') ++depth;
        if (!quoted && c == ')' && depth > 0) --depth;
        if (!quoted && depth == 0 && (c == ' ' || c == '\t')) {
            if (!item.empty()) items.push_back(std::move(item));
            item.clear();
            continue;
        }
        item += c;
    }
    if (!item.empty()) items.push_back(std::move(item));
    return items;
}

// An item that is an exclusion: `-word`, `-field:value`, `-"a phrase"`, `-(group)`.
bool exclusion_item(const std::string& i) {
    return i.size() > 1 && i[0] == '-' && i[1] != '-';
}

// The fields whose words are analysed as the text's are (title:, author:, source:).
bool text_field(std::string_view field) {
    return field == schema::kTitleField || field == schema::kAuthorField ||
           field == schema::kSourceField;
}

// The filter (tag, id, year, date) whose value a query token holds ("id:a*b", "+tag:(x",
// "\"tag:x"), or "" when it holds none: such a value is matched as typed, not as words.
std::string_view filter_field(std::string_view token) {
    const std::size_t lead = std::min(token.find_first_not_of("+-(\""), token.size());
    const std::string_view body = token.substr(lead);
    for (const std::string& field : kExactFields)
        if (body.size() > field.size() && body.starts_with(field) && body[field.size()] == ':')
            return field;
    return {};
}

std::vector<std::string> split_spaces(std::string_view text) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t end = std::min(text.find_first_of(" \t\n\r", i), text.size());
        if (end > i) out.emplace_back(text.substr(i, end - i));
        i = end + 1;
    }
    return out;
}

// The query's curly double quotes (as pasted from a document) made straight: Xapian reads “…” as
// a phrase, but the rest of the query's handling looks for '"'.
std::string straight_quotes(std::string_view text) {
    std::string out(text);
    for (const char* curly : {"\u201C", "\u201D", "\u201E"})
        for (std::size_t at; (at = out.find(curly)) != std::string::npos;)
            out.replace(at, std::strlen(curly), "\"");
    return out;
}

// A field group ("title:(storm OR gra*)", "-author:(kon* OR \"jane doe\")") as its parts, each
// with the field ("-(title:storm OR title:gra*)"): Xapian 1.4 applies a group's field to its words
// itself, but not the way wildcards and CJK runs are rewritten here (they went to the text).
std::string distribute_field_groups(std::string_view text) {
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t colon = text.find(":(", i);
        if (colon == std::string_view::npos) break;
        std::size_t name = colon;
        while (name > 0 && std::isalpha(static_cast<unsigned char>(text[name - 1]))) --name;
        const std::string field = text::lowercase(text.substr(name, colon - name));
        // At a token's start, after its sign ("-title:(...)"; "oil-title:(" is a joined word).
        auto space = [&](std::size_t at) {
            return std::string_view(" \t(").find(text[at]) != std::string_view::npos;
        };
        const bool starts =
            name == 0 || space(name - 1) ||
            ((text[name - 1] == '-' || text[name - 1] == '+') && (name == 1 || space(name - 2)));
        // Its closing bracket (brackets inside quotes do not count).
        std::size_t close = std::string_view::npos;
        bool quoted = std::count(text.begin(), text.begin() + static_cast<long>(colon), '"') % 2;
        for (std::size_t j = colon + 1, depth = 0; j < text.size() && !quoted; ++j) {
            if (text[j] == '"') quoted = !quoted;
            if (quoted) {
                // (skip to the phrase's end)
                const std::size_t end = text.find('"', j + 1);
                if (end == std::string_view::npos) break;
                j = end;
                quoted = false;
                continue;
            }
            if (text[j] == '(') ++depth;
            if (text[j] == ')' && --depth == 0) {
                close = j;
                break;
            }
        }
        if (!starts || close == std::string_view::npos ||
            (!text_field(field) && !kExactFields.count(field))) {
            out.append(text.substr(i, colon + 2 - i));
            i = colon + 2;
            continue;
        }
        out.append(text.substr(i, name - i));
        out += '(';
        bool in_phrase = false;
        bool after_operand = false;  // an operator word is one between two operands only
        std::string inner;
        const auto group = split_spaces(text.substr(colon + 2, close - colon - 2));
        for (std::size_t k = 0; k < group.size(); ++k) {
            const std::string& t = group[k];
            if (!inner.empty()) inner += ' ';
            const std::size_t lead = std::min(t.find_first_not_of("+-("), t.size());
            const std::string bare = t.substr(lead);
            const bool op =
                lead == 0 && after_operand && k + 1 < group.size() && operator_word(bare);
            after_operand = !op && !bare.empty() && bare.back() != '(';
            if (!in_phrase && !op && !bare.empty() && bare[0] != ')' &&
                bare.find(':') == std::string::npos)
                inner += t.substr(0, lead) + field + ":" + bare;
            else
                inner += t;
            if (std::count(t.begin(), t.end(), '"') % 2) in_phrase = !in_phrase;
        }
        out += inner + ')';
        i = close + 1;
    }
    out.append(text.substr(std::min(i, text.size())));
    return out;
}

// `text` with each closing bracket that closes nothing (outside quotes) made a space: Xapian
// skips one after a word but not after a wildcard ("gra*)" found nothing).
std::string without_stray_closers(std::string text) {
    int depth = 0;
    bool quoted = false;
    for (char& c : text) {
        if (c == '"') quoted = !quoted;
        if (quoted) continue;
        if (c == '(') ++depth;
        if (c == ')' && depth-- == 0) {
            c = ' ';
            depth = 0;
        }
    }
    return text;
}

// `text` without operator words at its ends ("grain AND" -> "grain", "OR -storm" -> "-storm").
std::string without_dangling_operators(const std::string& text) {
    std::vector<std::string> tokens = split_spaces(text);
    const std::size_t typed = tokens.size();
    auto dangling = [](const std::string& t) { return operator_word(t) || t == "-" || t == "+"; };
    while (!tokens.empty() && dangling(tokens.back())) tokens.pop_back();
    while (!tokens.empty() && dangling(tokens.front()) && tokens.front() != "NOT")
        tokens.erase(tokens.begin());
    std::string out;
    for (const auto& t : tokens) out += (out.empty() ? "" : " ") + t;
    return out.empty() || tokens.size() == typed ? text : out;
}

// With stemming "all" the index holds only stems ("Zclimat"), so a wildcard must expand over
// them: "clim*" becomes "zstem:clim*" and "title:clim*" "ztitle:clim*", hidden fields whose
// prefixes add the Z (the stem of a word starts with the word's beginning in the languages
// Snowball stems, give or take a final letter).
//
// A word whose stem it does not start ("energy*": the stem of energy is "energi", of company
// "compani") would find none of the word's own forms: its stem is searched too, as the plain word
// ("energy*" -> "(zstem:energy* OR energy)"), so that "word*" finds at least what "word" finds.
std::string stemmed_wildcard(const std::string& token, const Xapian::Stem* stemmer) {
    if (token.find('"') != std::string::npos) return token;
    std::size_t end = token.find_last_not_of(")");
    if (end == std::string::npos || token[end] != '*' || end == 0) return token;
    std::size_t lead = token.find_first_not_of("+-(");
    if (lead == std::string::npos || lead >= end) return token;
    std::size_t colon = token.find(':', lead);
    std::string field, hidden = "zstem:";
    if (colon != std::string::npos) {
        field = token.substr(lead, colon - lead);
        if (!text_field(field)) return token;
        hidden = "z" + field + ":";
    }
    const std::size_t word_at = colon == std::string::npos ? lead : colon + 1;
    const std::string word = token.substr(word_at, end - word_at);
    std::string wildcard = hidden + word + "*";
    if (stemmer && !word.empty() && word.find('*') == std::string::npos && word_byte(word.back())) {
        const std::string stem = (*stemmer)(word);
        if (!stem.empty() && !stem.starts_with(word))
            wildcard = "(" + wildcard + " OR " + (field.empty() ? "" : field + ":") + word + ")";
    }
    return token.substr(0, lead) + wildcard + token.substr(end + 1);
}

// Runs of CJK word characters (ideographs, kana, Hangul; not CJK punctuation, which separates
// words) are searched as groups of their n-grams. Two quirks of Xapian 1.4's query parser are met
// here. Its term generator gives CJK n-grams the stem prefix Z under STEM_ALL_Z ("Z東京"), its
// parser does not ("東京"): with `stem_prefix`, runs go to the hidden fields whose prefixes add
// the Z ("東京" -> "zstem:東京", "title:東京" -> "ztitle:東京"). And it fails on a word, a CJK run
// and another word in a row ("a 東京 b": a parse error): every run is bracketed on its own,
// split from the rest of its token ("東京tower" -> "(zstem:東京) tower").
std::string cjk_groups(const std::string& token, bool stem_prefix) {
    if (!text::has_cjk(token)) return token;
    std::size_t length = 0;
    const std::size_t lead = std::min(token.find_first_not_of("+-("), token.size());
    const std::string sign = token.substr(0, lead).find('-') != std::string::npos   ? "-"
                             : token.substr(0, lead).find('+') != std::string::npos ? "+"
                                                                                    : "";
    std::size_t close = token.find_last_not_of(')');
    close = close == std::string::npos ? token.size() : close + 1;
    std::string body = token.substr(lead, close > lead ? close - lead : 0);
    std::string field, hidden = stem_prefix ? "zstem:" : "";
    if (const auto colon = body.find(':'); colon != std::string::npos) {
        field = body.substr(0, colon);
        if (field.starts_with("z")) return token;  // already pointed at the stems
        if (!text_field(field)) return token;      // an exact field (tag:, id:): not analysed
        hidden = (stem_prefix ? "z" : "") + field + ":";
        body.erase(0, colon + 1);
    }
    std::string out = token.substr(0, lead);
    bool first = true;
    for (std::size_t i = 0; i < body.size();) {
        const bool cjk = text::cjk_word_at(body, i, length);
        std::size_t j = i;
        for (std::size_t l = 0; j < body.size() && text::cjk_word_at(body, j, l) == cjk; j += l) {
        }
        std::string piece = body.substr(i, j - i);
        if (!first) out += " " + sign;
        out += cjk ? "(" + hidden + piece + ")" : (field.empty() ? piece : field + ":" + piece);
        first = false;
        i = j;
    }
    return out + token.substr(close);
}

// A quoted phrase with CJK characters cannot match as a phrase (the index numbers each character
// and each pair of them as a word of its own): it becomes a group requiring all its words,
// `"東京 tower"` -> `(東京 AND tower)`, `title:"東京"` -> `(title:東京)`, its sign kept.
std::string cjk_phrases_to_groups(std::string_view text) {
    const auto spans = exact_quoted_values(text);
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        const std::size_t open = text.find('"', i);
        if (open == std::string_view::npos) break;
        const std::size_t end = text.find('"', open + 1);
        if (end == std::string_view::npos) break;
        const std::string_view inner = text.substr(open + 1, end - open - 1);
        // (An exact field's value, tag:"東京 大阪", is one term, as typed.)
        if (!text::has_cjk(inner) || span_at(spans, open)) {
            out.append(text.substr(i, end + 1 - i));
            i = end + 1;
            continue;
        }
        // The field written just before the quote (title:"..."), if any.
        std::size_t word = open;
        while (word > i && text[word - 1] != ' ' && text[word - 1] != '(' &&
               text[word - 1] != '+' && text[word - 1] != '-')
            --word;
        std::string field(text.substr(word, open - word));
        if (!field.empty() && field.back() != ':') field.clear();
        out.append(text.substr(i, word - i));
        out += '(';
        bool first = true;
        std::size_t k = 0;
        while (k < inner.size()) {
            while (k < inner.size() && inner[k] == ' ') ++k;
            const std::size_t stop = std::min(inner.find(' ', k), inner.size());
            if (stop > k) {
                out += (first ? "" : " AND ") + field + std::string(inner.substr(k, stop - k));
                first = false;
            }
            k = stop;
        }
        out += ')';
        i = end + 1;
    }
    out.append(text.substr(std::min(i, text.size())));
    return out;
}
}  // namespace

std::string fold_wildcard_tokens(const std::string& text) {
    // A wildcard expands over the index's terms as typed, unstemmed: on a database that folds
    // accents, "zür*" must look for "zur...". Exact fields (tag:, id:) keep their accents.
    std::string out;
    std::size_t i = 0;
    while (i < text.size()) {
        std::size_t end = text.find(' ', i);
        if (end == std::string::npos) end = text.size();
        const std::string_view token(text.data() + i, end - i);
        const std::string_view field = filter_field(token);
        const bool exact = field == schema::kTagField || field == schema::kIdField;
        out += token.find('*') != std::string_view::npos && !exact ? text::fold_accents(token)
                                                                   : std::string(token);
        if (end < text.size()) out += ' ';
        i = end + 1;
    }
    return out;
}

std::string without_invisible_in_words(std::string_view query) {
    std::string out;
    std::size_t i = 0;
    while (i < query.size()) {
        std::size_t start = i;
        while (start < query.size() && (query[start] == ' ' || query[start] == '\t')) ++start;
        out.append(query.substr(i, start - i));
        if (start == query.size()) break;
        // The token: to the next space, or, for a quoted filter value, to its closing quote.
        std::size_t end = std::min(query.find_first_of(" \t", start), query.size());
        const std::string_view field = filter_field(query.substr(start, end - start));
        const bool value = field == schema::kIdField || field == schema::kTagField;
        if (value) {
            const std::size_t colon = query.find(':', start);
            if (colon + 1 < query.size() && query[colon + 1] == '"') {
                const std::size_t close = query.find('"', colon + 2);
                end = close == std::string_view::npos
                          ? query.size()
                          : std::min(query.find_first_of(" \t", close), query.size());
            }
        }
        const std::string_view token = query.substr(start, end - start);
        out += value ? std::string(token) : text::without_invisible(token);
        i = end;
    }
    return out;
}

std::string wildcard_pattern(const Xapian::Query& q) {
    if (q.get_type() != Xapian::Query::OP_WILDCARD) return "";
    // "Query(WILDCARD SYNONYM Zclim)": the combining operator, then the pattern.
    const std::string d = q.get_description();
    const std::string head = "Query(WILDCARD ";
    if (!d.starts_with(head) || !d.ends_with(")")) return "";
    const std::size_t space = d.find(' ', head.size());
    if (space == std::string::npos) return "";
    return d.substr(space + 1, d.size() - space - 2);
}

std::vector<std::string> wildcard_patterns(const Xapian::Query& query) {
    std::vector<std::string> patterns;
    std::vector<Xapian::Query> todo{query};
    while (!todo.empty()) {
        const Xapian::Query q = todo.back();
        todo.pop_back();
        if (std::string pattern = wildcard_pattern(q); !pattern.empty())
            patterns.push_back(std::move(pattern));
        for (std::size_t i = 0; i < q.get_num_subqueries(); ++i) todo.push_back(q.get_subquery(i));
    }
    return patterns;
}

std::string wildcard_as_typed(const std::string& pattern) {
    const auto [word, field] = schema::split_term(pattern);
    return (field == "text" ? "" : field + ":") + word + "*";
}

namespace {
// The length of an acronym written with dots that starts at `i` ("U.S.", "U.S.A"), or 0: capital
// letters, each but the last followed by a dot. Xapian reads one as the word ("usa"), as its term
// generator did, only while its letters are capitals.
std::size_t acronym_at(std::string_view text, std::size_t i) {
    if (i > 0 && word_byte(text[i - 1])) return 0;
    std::size_t j = i, letters = 0;
    while (j + 1 < text.size() && std::isupper(static_cast<unsigned char>(text[j])) &&
           text[j + 1] == '.') {
        j += 2;
        ++letters;
    }
    if (letters == 0) return 0;
    if (j < text.size() && std::isupper(static_cast<unsigned char>(text[j])) &&
        (j + 1 == text.size() || !word_byte(text[j + 1]))) {
        ++j;
        ++letters;
    }
    if (letters < 2 || (j < text.size() && word_byte(text[j]))) return 0;
    return j - i;
}

// Lower case, but for acronyms written with dots.
std::string lowercase_but_acronyms(std::string_view text) {
    std::string out;
    std::size_t done = 0;  // text before it is in `out`
    for (std::size_t i = 0; i < text.size(); ++i)
        if (const std::size_t n = acronym_at(text, i)) {
            out += text::lowercase(text.substr(done, i - done));
            out.append(text.substr(i, n));
            done = i + n;
            i = done - 1;
        }
    return out + text::lowercase(text.substr(done));
}
}  // namespace

std::string normalise_query(std::string_view raw, bool stemmed_wildcards, CjkQuery cjk,
                            const Xapian::Stem* stemmer) {
    const std::string text = cjk != CjkQuery::Off ? cjk_phrases_to_groups(raw) : std::string(raw);
    const bool stem_prefix = cjk == CjkQuery::StemGroups;
    // Split on spaces (keeping them), so each token can be looked at on its own.
    // (An exact field's quoted value is one token, spaces and all.)
    const auto spans = exact_quoted_values(text);
    std::vector<std::string> tokens;
    std::string current;
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if ((c == ' ' || c == '\t' || c == '\n' || c == '\r') && !span_at(spans, i)) {
            if (!current.empty()) tokens.push_back(std::move(current));
            current.clear();
        } else {
            current += c;
        }
    }
    if (!current.empty()) tokens.push_back(std::move(current));

    static const std::set<std::string> kFields{"title", "author", "source", "tag", "year", "date"};
    // Exclusions only ("-mali", "-storm AND -grain", "(-storm)"): each "-word" alone would be
    // read as the word; the user means "everything without it".
    bool all_hate = false;
    for (const auto& t : tokens) {
        const std::size_t open = std::min(t.find_first_not_of('('), t.size());
        const std::string bare = t.substr(open, t.find_last_not_of(')') + 1 - open);
        if (open == 0 && (bare == "AND" || bare == "OR")) continue;
        all_hate = bare.size() > 1 && bare[0] == '-' && bare[1] != '-';
        if (!all_hate) break;
    }

    std::string out;
    bool in_phrase = false;
    for (auto t : tokens) {
        if (!out.empty()) out += ' ';
        const bool quoted = t.find('"') != std::string::npos;
        const bool phrase_token = in_phrase || quoted;
        if (std::count(t.begin(), t.end(), '"') % 2 == 1) in_phrase = !in_phrase;
        if (const std::size_t open = std::min(t.find_first_not_of('('), t.size());
            all_hate && open < t.size() && t[open] == '-') {
            out += t.substr(0, open) + "NOT ";
            t.erase(0, open + 1);
        }
        // An operator word, also right after an opening bracket: `grain AND (NOT moscow)` (read
        // as the word "not", a stopword, it searched for moscow).
        const std::size_t bare = phrase_token ? 0 : std::min(t.find_first_not_of('('), t.size());
        if (operator_word(std::string_view(t).substr(bare))) {
            out += t;
            continue;
        }
        // Field names are case-insensitive; an id's value is kept exactly as typed.
        std::size_t lead = t.find_first_not_of("+-(\"");
        std::size_t colon = t.find(':');
        if (lead != std::string::npos && colon != std::string::npos && colon > lead) {
            std::string field = text::lowercase(t.substr(lead, colon - lead));
            // A field with nothing after it ("author:") names nothing to look for: dropped, not
            // searched as the word "author" (as Xapian would).
            if ((field == schema::kIdField || kFields.count(field)) &&
                t.find_first_not_of(")", colon + 1) == std::string::npos) {
                out += t.substr(0, lead) + t.substr(colon + 1);
                continue;
            }
            if (field == schema::kIdField) {
                out += t.substr(0, lead) + field + t.substr(colon);
                continue;
            }
            if (kFields.count(field)) {
                std::string normal =
                    t.substr(0, lead) + field + lowercase_but_acronyms(t.substr(colon));
                if (stemmed_wildcards && !phrase_token) normal = stemmed_wildcard(normal, stemmer);
                out += cjk != CjkQuery::Off && !phrase_token ? cjk_groups(normal, stem_prefix)
                                                             : normal;
                continue;
            }
        }
        // Lower case everywhere else: Xapian only stems lower-case words, and "Visits" at the
        // start of a query should find "visit" like "visits" does.
        std::string normal = lowercase_but_acronyms(t);
        // (Inside a phrase Xapian searches a wildcard's word as typed: "crude oil* prices".)
        if (stemmed_wildcards && !phrase_token) normal = stemmed_wildcard(normal, stemmer);
        out += cjk != CjkQuery::Off && !phrase_token ? cjk_groups(normal, stem_prefix) : normal;
    }
    return out;
}

namespace {
// Characters that make Xapian's QueryParser read the words they join as a phrase.
bool is_joiner(char c) {
    return c == '-' || c == '/' || c == '.' || c == '@' || c == '\\';
}
}  // namespace

std::string unposition_phrases(std::string_view text, const Xapian::Stopper& stopwords) {
    const auto spans = exact_quoted_values(text);
    std::string out;
    bool in_quote = false;
    std::size_t quote_at = 0;       // where the open quote is in `out`
    std::size_t kept = 0;           // words kept in the current quote
    std::vector<std::string> gone;  // stopwords dropped from it
    std::size_t i = 0;
    while (i < text.size()) {
        const char c = text[i];
        if (const auto* span = span_at(spans, i); span && !in_quote) {  // tag:"rule of law"
            out.append(text.substr(i, span->second - i));
            i = span->second;
            continue;
        }
        if (c == '"') {
            if (!in_quote) {
                in_quote = true;
                quote_at = out.size();
                kept = 0;
                gone.clear();
                out += c;
            } else {
                in_quote = false;
                // Only stopwords: every one of them, anywhere (a field prefix applies to each).
                std::size_t token = out.find_last_of(" (", quote_at == 0 ? 0 : quote_at - 1);
                token = (token == std::string::npos || quote_at == 0) ? 0 : token + 1;
                const std::string lead = out.substr(token, quote_at - token);
                // Its sign (+/-) applies to the group: -"the who" excludes articles holding both.
                const std::string sign = lead.substr(0, lead.find_first_not_of("+-"));
                const std::string field = lead.substr(sign.size());
                if (kept == 0 && !gone.empty() && sign.size() <= 1 &&
                    (field.empty() || field.back() == ':')) {
                    std::string all = sign + "(";
                    for (std::size_t k = 0; k < gone.size(); ++k)
                        // (In lower case: "NOT" of "to be or NOT to be" is a word here.)
                        all += (k ? " AND " : "") + field + text::lowercase(gone[k]);
                    out.replace(token, std::string::npos, all + ")");
                } else if (kept > 0 && !gone.empty() && sign.size() <= 1 && field.size() > 1 &&
                           text_field(std::string_view(field).substr(0, field.size() - 1))) {
                    // A field's phrase (`source:"Wire A"`, `author:"Jean de la Fontaine"`):
                    // its stopwords are required in the field too, or "Wire A" was "Wire B" and
                    // "Continental Wire" as well (names differ by such words; the fields' lists
                    // are short, unlike the text's).
                    while (out.back() == ' ') out.pop_back();
                    std::string all = sign + "(" + field + out.substr(quote_at) + "\"";
                    for (const auto& w : gone) all += " AND " + field + text::lowercase(w);
                    out.replace(token, std::string::npos, all + ")");
                } else {
                    if (kept == 0)  // anything else before a phrase of stopwords: left as typed
                        for (const auto& w : gone) out += (out.back() == '"' ? "" : " ") + w;
                    while (out.back() == ' ') out.pop_back();
                    out += c;
                }
            }
            ++i;
            continue;
        }
        if (!word_byte(c)) {
            out += c;
            ++i;
            continue;
        }
        if (const std::size_t n = acronym_at(text, i)) {  // "U.S.A.": one word, not U, S and "a"
            if (in_quote) ++kept;
            out.append(text.substr(i, n));
            i += n;
            continue;
        }
        std::size_t end = i;
        // A word as Xapian reads it: "it's" is one word (and no stopword).
        while (end < text.size() &&
               (word_byte(text[end]) ||
                (text[end] == '\'' && end + 1 < text.size() && word_byte(text[end + 1]))))
            ++end;
        const std::string word(text.substr(i, end - i));
        // The token this word is part of, for a field prefix ("tag:", "id:" values are exact).
        const std::size_t space = text.find_last_of(" \t(", i);
        const std::size_t token = space == std::string_view::npos ? 0 : space + 1;
        const std::size_t colon = text.substr(token, i - token).find(':');
        const bool exact =
            colon != std::string_view::npos &&
            kExactFields.count(text::lowercase(std::string(text.substr(token, colon))));
        const bool joined_before = i >= 2 && is_joiner(text[i - 1]) && word_byte(text[i - 2]);
        const bool joined_after =
            end + 1 < text.size() && is_joiner(text[end]) && word_byte(text[end + 1]);
        const bool field_name = end < text.size() && text[end] == ':';
        // (Inside quotes AND, OR, NOT are words, and the index has stopwords in lower case.)
        if (!exact && !field_name && (in_quote || joined_before || joined_after) &&
            stopwords(text::lowercase(word))) {
            if (in_quote) {
                gone.push_back(word);
                while (end < text.size() && (text[end] == ' ' || text[end] == '\t')) ++end;
            } else if (joined_after) {
                ++end;  // its joiner goes with it
            } else if (!out.empty() && is_joiner(out.back())) {
                out.pop_back();
            }
            i = end;
            continue;
        }
        if (in_quote) ++kept;
        out += word;
        i = end;
    }
    return out;
}

namespace {

using Op = Xapian::Query::op;

bool positional(Op op) {
    return op == Xapian::Query::OP_PHRASE || op == Xapian::Query::OP_NEAR;
}

bool has_positional(const Xapian::Query& q) {
    if (positional(q.get_type())) return true;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        if (has_positional(q.get_subquery(i))) return true;
    return false;
}

// The parts of `q` that weigh: not the filter of a FILTER, nor what an AND_NOT excludes.
std::size_t weighed_parts(const Xapian::Query& q) {
    const Op op = q.get_type();
    if (op == Xapian::Query::OP_FILTER || op == Xapian::Query::OP_AND_NOT)
        return std::min<std::size_t>(1, q.get_num_subqueries());
    return q.get_num_subqueries();
}

// Operators without a parameter, which can be rebuilt from their subqueries.
bool rebuildable(Op op) {
    return op == Xapian::Query::OP_AND || op == Xapian::Query::OP_OR ||
           op == Xapian::Query::OP_AND_NOT || op == Xapian::Query::OP_AND_MAYBE ||
           op == Xapian::Query::OP_FILTER || op == Xapian::Query::OP_XOR;
}

Xapian::Query all_but(const Xapian::Query& q) {
    return Xapian::Query(Xapian::Query::OP_AND_NOT, Xapian::Query::MatchAll, q);
}

// `required` with each of `optional` adding its weight where it matches, one at a time (an OR
// among them is split into its parts: the same weights).
Xapian::Query with_optional(Xapian::Query required, const std::vector<Xapian::Query>& optional) {
    for (const auto& o : optional) {
        if (o.get_type() == Xapian::Query::OP_OR) {
            for (std::size_t k = 0; k < o.get_num_subqueries(); ++k)
                required = Xapian::Query(Xapian::Query::OP_AND_MAYBE, required, o.get_subquery(k));
        } else {
            required = Xapian::Query(Xapian::Query::OP_AND_MAYBE, required, o);
        }
    }
    return required;
}

}  // namespace

bool checked_wrongly(const Xapian::Query& q) {
    const Op op = q.get_type();
    if ((op == Xapian::Query::OP_OR || op == Xapian::Query::OP_XOR) && has_positional(q))
        return true;
    if (positional(op)) return false;
    for (std::size_t i = 0; i < weighed_parts(q); ++i)
        if (checked_wrongly(q.get_subquery(i))) return true;
    return false;
}

Xapian::Query filtered(const Xapian::Query& q, const Xapian::Query& filter) {
    if (!checked_wrongly(q)) return Xapian::Query(Xapian::Query::OP_FILTER, q, filter);
    return Xapian::Query(Xapian::Query::OP_AND_NOT, q, all_but(filter));
}

Xapian::Query matcher_safe(const Xapian::Query& q) {
    const Op op = q.get_type();
    if (!rebuildable(op) || !checked_wrongly(q)) return q;
    std::vector<Xapian::Query> subs;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        subs.push_back(i < weighed_parts(q) ? matcher_safe(q.get_subquery(i)) : q.get_subquery(i));
    if (op == Xapian::Query::OP_AND_MAYBE)
        return with_optional(subs.front(), {subs.begin() + 1, subs.end()});
    if (op == Xapian::Query::OP_FILTER) {
        const Xapian::Query rest(Xapian::Query::OP_AND, subs.begin() + 1, subs.end());
        return filtered(subs.front(), rest);
    }
    if (op == Xapian::Query::OP_AND) {
        // The parts that would be checked wrongly add their weight to the others' (or to the
        // first of them), and restrict the matches without weighing.
        std::vector<Xapian::Query> safe, risky;
        for (const auto& sub : subs) (checked_wrongly(sub) ? risky : safe).push_back(sub);
        if (risky.empty()) return Xapian::Query(op, subs.begin(), subs.end());
        Xapian::Query required =
            safe.empty() ? risky.front()
                         : Xapian::Query(Xapian::Query::OP_AND, safe.begin(), safe.end());
        const Xapian::Query weighed =
            with_optional(required, {risky.begin() + (safe.empty() ? 1 : 0), risky.end()});
        if (safe.empty() && risky.size() == 1) return weighed;
        const std::vector<Xapian::Query> restrict(risky.begin() + (safe.empty() ? 1 : 0),
                                                  risky.end());
        return Xapian::Query(
            Xapian::Query::OP_AND_NOT, weighed,
            all_but(Xapian::Query(Xapian::Query::OP_AND, restrict.begin(), restrict.end())));
    }
    return Xapian::Query(op, subs.begin(), subs.end());
}

namespace {

// A term's postings, unweighted (see unweighted_terms_as_postings).
class TermPostings : public Xapian::PostingSource {
  public:
    explicit TermPostings(std::string term) : term_(std::move(term)) {}
    void init(const Xapian::Database& db) override {
        it_ = db.postlist_begin(term_);
        end_ = db.postlist_end(term_);
        freq_ = db.get_termfreq(term_);
        started_ = false;
    }
    Xapian::doccount get_termfreq_min() const override { return freq_; }
    Xapian::doccount get_termfreq_est() const override { return freq_; }
    Xapian::doccount get_termfreq_max() const override { return freq_; }
    void next(double) override {
        if (started_) ++it_;
        started_ = true;
    }
    void skip_to(Xapian::docid did, double) override {
        started_ = true;
        it_.skip_to(did);
    }
    bool at_end() const override { return it_ == end_; }
    Xapian::docid get_docid() const override { return *it_; }
    TermPostings* clone() const override { return new TermPostings(term_); }
    std::string get_description() const override { return "postings of " + term_; }

  private:
    std::string term_;
    Xapian::PostingIterator it_, end_;
    Xapian::doccount freq_ = 0;
    bool started_ = false;
};

bool has_unweighted_term(const Xapian::Query& q, bool weighted) {
    const Op op = q.get_type();
    if (op == Xapian::Query::LEAF_TERM) return !weighted;
    if (op == Xapian::Query::OP_SCALE_WEIGHT) {
        // (Xapian 1.4 has no accessor for the factor: a scaled part that weighs is left as it is,
        // as it could not be rebuilt; one that does not weigh needs no factor.)
        const bool weighs = weighted && q.get_description().rfind("Query(0 * ", 0) != 0;
        return !weighs && q.get_num_subqueries() > 0 &&
               has_unweighted_term(q.get_subquery(0), false);
    }
    if (!rebuildable(op)) return false;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        if (has_unweighted_term(q.get_subquery(i), weighted && i < weighed_parts(q))) return true;
    return false;
}

}  // namespace

Xapian::Query unweighted_terms_as_postings(const Xapian::Query& q, bool weighted) {
    if (!has_unweighted_term(q, weighted)) return q;
    const Op op = q.get_type();
    if (op == Xapian::Query::LEAF_TERM)
        return Xapian::Query((new TermPostings(*q.get_terms_begin()))->release());
    if (op == Xapian::Query::OP_SCALE_WEIGHT)  // one that does not weigh (has_unweighted_term)
        return Xapian::Query(op, unweighted_terms_as_postings(q.get_subquery(0), false), 0.0);
    std::vector<Xapian::Query> subs;
    for (std::size_t i = 0; i < q.get_num_subqueries(); ++i)
        subs.push_back(
            unweighted_terms_as_postings(q.get_subquery(i), weighted && i < weighed_parts(q)));
    return Xapian::Query(op, subs.begin(), subs.end());
}

std::string negations_as_not(const std::string& text) {
    // The query's top-level items (outside quotes and brackets).
    const std::vector<std::string> items = level_items(text);
    if (items.empty()) return text;
    for (const auto& i : items)
        if (!exclusion_item(i)) return text;
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "NOT " : " NOT ") + i.substr(1);
    return out;
}

Xapian::Query QueryBuilder::date_filter(const Xapian::Database& db, const std::string& since,
                                        const std::string& until) {
    const char* kHint = ": not a date (use YYYY, YYYY-MM or YYYY-MM-DD)";
    std::optional<std::string> b, e;
    if (!since.empty() && !(b = dates::range_start(since)))
        throw UsageError("--since " + since + kHint);
    if (!until.empty() && !(e = dates::range_end(until)))
        throw UsageError("--until " + until + kHint);
    if (b && e && *b > *e) throw UsageError("--since " + since + " is after --until " + until);
    if (!b && !e) return Xapian::Query::MatchAll;
    return date_terms(db, b, e);
}

namespace {

// The character at `s[i]`: its length in bytes, and whether Xapian counts it part of a word
// (letters, digits, marks; not «, », … or other punctuation).
std::pair<std::size_t, bool> char_at(const std::string& s, std::size_t i) {
    const auto u = static_cast<unsigned char>(s[i]);
    if (u < 0x80) return {1, std::isalnum(u) != 0};
    const std::size_t len = u >= 0xF0 ? 4 : u >= 0xE0 ? 3 : u >= 0xC0 ? 2 : 1;
    if (len == 1 || i + len > s.size()) return {1, false};  // (not UTF-8: no word of the index)
    unsigned cp = u & (0x7F >> len);
    for (std::size_t k = 1; k < len; ++k) {
        const auto c = static_cast<unsigned char>(s[i + k]);
        if ((c & 0xC0) != 0x80) return {1, false};
        cp = (cp << 6) | (c & 0x3F);
    }
    return {len, Xapian::Unicode::is_wordchar(cp)};
}

// For each byte of `raw`, whether it is inside a bracketed group a '-' or NOT excludes
// (`-(gas OR crude)`, `NOT (banana OR applf)`), at any depth.
std::vector<bool> in_excluded_groups(const std::string& raw) {
    std::vector<bool> out(raw.size(), false);
    std::vector<bool> open{false};  // per open bracket: whether it is excluded
    bool quoted = false;
    for (std::size_t i = 0; i < raw.size(); ++i) {
        const char c = raw[i];
        if (c == '"') quoted = !quoted;
        if (!quoted && c == '(') {
            // What stands right before it ("-", "NOT", "+-"), else the word before that.
            std::size_t from = i;
            while (from > 0 && raw[from - 1] != ' ' && raw[from - 1] != '\t' &&
                   raw[from - 1] != '(')
                --from;
            const std::string_view lead = std::string_view(raw).substr(from, i - from);
            std::size_t word_end = from;  // the word before, past the spaces
            while (word_end > 0 && (raw[word_end - 1] == ' ' || raw[word_end - 1] == '\t'))
                --word_end;
            const bool minus = !lead.empty() && lead.back() == '-';
            const bool after_not =
                lead == "NOT" ||
                (lead.empty() && word_end >= 3 && raw.compare(word_end - 3, 3, "NOT") == 0 &&
                 (word_end == 3 || raw[word_end - 4] == ' ' || raw[word_end - 4] == '\t' ||
                  raw[word_end - 4] == '('));
            open.push_back(open.back() || minus || after_not);
        }
        out[i] = open.back();
        if (!quoted && c == ')' && open.size() > 1) open.pop_back();
    }
    return out;
}

}  // namespace

std::string QueryBuilder::suggest(const std::string& typed) const {
    const std::string raw = straight_quotes(typed);
    std::string out;
    bool changed = false;
    try {
        const auto spans = exact_quoted_values(raw);
        const std::vector<bool> excluded_group = in_excluded_groups(raw);
        std::size_t i = 0;
        while (i < raw.size()) {
            if (const auto* span = span_at(spans, i)) {  // id:"Big File" is no typo
                out.append(raw, i, span->second - i);
                i = span->second;
                continue;
            }
            if (const auto [len, word] = char_at(raw, i); !word) {
                out.append(raw, i, len);
                i += len;
                continue;
            }
            // A word as Xapian reads it: '_' joins (`build_id` is one term), and so do an
            // apostrophe or an ampersand between two letters (`couldn't`, `AT&T`).
            std::size_t end = i;
            while (end < raw.size()) {
                if (const auto [len, word] = char_at(raw, end); word) {
                    end += len;
                } else if (raw[end] == '_' ||
                           ((raw[end] == '\'' || raw[end] == '&') && end + 1 < raw.size() &&
                            char_at(raw, end + 1).second)) {
                    ++end;
                } else {
                    break;
                }
            }
            const std::string word = raw.substr(i, end - i);
            const char next = end < raw.size() ? raw[end] : ' ';
            // The token this word starts from (after the last space before it).
            const std::size_t token_start = raw.find_last_of(" \t", i) == std::string::npos
                                                ? 0
                                                : raw.find_last_of(" \t", i) + 1;
            const std::string before = raw.substr(token_start, i - token_start);
            const auto colon = before.find(':');
            const auto lead = before.find_first_not_of("+-(\"");
            std::string field;
            if (colon != std::string::npos && lead != std::string::npos && lead < colon)
                field = text::lowercase(before.substr(lead, colon - lead));
            const bool digits = std::all_of(word.begin(), word.end(), [](char c) {
                return std::isdigit(static_cast<unsigned char>(c));
            });
            // An excluded word (`-coffee`, `-title:coffee`, `NOT coffee`) is no typo to correct:
            // another word in its place would exclude what was not asked.
            const std::string signs = before.substr(0, std::min(lead, before.size()));
            const auto words_before = split_spaces(std::string_view(raw).substr(0, token_start));
            const bool excluded = signs.find('-') != std::string::npos ||
                                  (!words_before.empty() && words_before.back() == "NOT") ||
                                  excluded_group[i];
            // (CJK words are indexed as characters and pairs, never whole: nothing to check.)
            const bool check = !excluded && next != ':' && next != '*' &&
                               !kOperatorWords.count(word) && !text::has_cjk(word) &&
                               !kExactFields.count(field) && word.size() >= 3 && !digits;
            std::string replacement = word;
            if (check) {
                // A word is known when the index holds it or its stem (as the query would look
                // it up) in the text or a field a search can name (a byline's "amina" is no
                // typo), or the spelling table holds it. The spelling table is read last: the
                // search reads the text's terms anyway, and most words are known.
                const std::string lower = text::lowercase(word);
                const std::string stem = stemmer_(lower);
                const auto in_text_or_field = [&](std::string_view prefix) {
                    const std::string p(prefix);
                    return db_.term_exists(p + lower) || db_.term_exists("Z" + p + stem);
                };
                const auto spelled = [&] {
                    Xapian::TermIterator t = db_.spellings_begin();
                    t.skip_to(lower);
                    return t != db_.spellings_end() && *t == lower;
                };
                const bool known = in_text_or_field("") ||
                                   in_text_or_field(schema::kAuthorPrefix) ||
                                   in_text_or_field(schema::kTitlePrefix) ||
                                   in_text_or_field(schema::kSourcePrefix) || spelled();
                if (!known) {
                    std::string s = db_.get_spelling_suggestion(lower);
                    // A stopword is no correction: it is dropped from the query, finding nothing.
                    if (!s.empty() && s != lower && !(stopper_ && (*stopper_)(s))) {
                        replacement = s;
                        changed = true;
                    }
                }
            }
            out += replacement;
            i = end;
        }
    } catch (const Xapian::Error&) {
        return "";  // no spelling data on this backend: no suggestion
    }
    return changed ? out : "";
}

namespace {

// `(NOT word)` as `(-word)`: Xapian reads the first as "everything without the word" beside
// the rest (`grain (NOT moscow)`: grain, or any article without moscow), the second not at all,
// and then the exclusion is lifted to apply to the rest (lifted_exclusions).
std::string not_groups_as_exclusions(const std::string& text) {
    std::string out = text;
    std::vector<std::size_t> opens;
    bool quoted = false;
    for (std::size_t i = 0; i < out.size(); ++i) {
        if (out[i] == '"') quoted = !quoted;
        if (quoted) continue;
        if (out[i] == '(') opens.push_back(i);
        if (out[i] != ')' || opens.empty()) continue;
        const std::size_t open = opens.back();
        opens.pop_back();
        const auto items = level_items(std::string_view(out).substr(open + 1, i - open - 1));
        if (items.size() != 2 || items[0] != "NOT" || kOperatorWords.count(items[1]) ||
            items[1][0] == '-' || items[1][0] == '+' || items[1][0] == '(')
            continue;
        // Joined by AND (`grain AND (NOT moscow)`), or after NOT, Xapian reads it rightly.
        const auto before = split_spaces(std::string_view(out).substr(0, open));
        const auto after = split_spaces(std::string_view(out).substr(i + 1));
        const auto bare = [](std::string t) {
            t.erase(0, std::min(t.find_first_not_of('('), t.size()));
            return t;
        };
        if ((!before.empty() && (bare(before.back()) == "AND" || bare(before.back()) == "NOT")) ||
            (!after.empty() && bare(after.front()) == "AND"))
            continue;
        const std::string group = "(-" + items[1] + ")";
        out.replace(open, i + 1 - open, group);
        i = open + group.size() - 1;
    }
    return out;
}

// A bracketed group of one filter's values alone (`(tag:energy OR tag:grain)`, which
// distribute_field_groups makes of `tag:(energy OR grain)`, or `(tag:energy)`) at the query's top
// level, as its values side by side (`tag:energy tag:grain`: alternatives, as the same filter's
// values are): Xapian 1.4 takes boolean terms for a filter only outside brackets, and ORed a
// group's into the query (`apple tag:(energy)` listed every energy article, at weight 0). Not
// when an operator other than AND joins the group to its neighbours, nor when it is excluded.
std::string filter_groups_lifted(const std::string& text) {
    if (text.find('(') == std::string::npos) return text;
    std::vector<std::string> items = level_items(text);
    bool changed = false;
    for (std::size_t k = 0; k < items.size(); ++k) {
        std::string item = items[k];
        if (!item.empty() && item[0] == '+') item.erase(0, 1);
        if (item.size() < 3 || item.front() != '(' || item.back() != ')') continue;
        const auto joined_by = [&](std::size_t at) {
            return at < items.size() && operator_word(items[at]) && items[at] != "AND";
        };
        if (joined_by(k + 1) || (k > 0 && joined_by(k - 1))) continue;
        std::string_view field;
        std::string values;
        bool only_values = true;
        for (const auto& t : level_items(std::string_view(item).substr(1, item.size() - 2))) {
            if (t == "OR") continue;
            const std::string_view f = filter_field(t);
            if (f.empty() || (!field.empty() && f != field) || t[0] == '+' || t[0] == '-' ||
                t[0] == '(') {
                only_values = false;
                break;
            }
            field = f;
            values += (values.empty() ? "" : " ") + t;
        }
        if (!only_values || values.empty()) continue;
        items[k] = values;
        changed = true;
    }
    if (!changed) return text;
    std::string out;
    for (const auto& i : items) out += (out.empty() ? "" : " ") + i;
    return out;
}

// `text` with the last '*' of each quoted filter value marked (kLiteralStar).
std::string literal_quoted_stars(const std::string& text) {
    if (text.find("*\"") == std::string::npos) return text;
    std::string out = text;
    const auto spans = exact_quoted_values(text);
    for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
        const std::size_t close = it->second - 1;  // the closing quote
        if (close > it->first && out[close] == '"' && out[close - 1] == '*')
            out.replace(close - 1, 1, kLiteralStar);
    }
    return out;
}

}  // namespace

std::string QueryBuilder::prepared(const std::string& raw) const {
    std::string text =
        normalise_query(not_groups_as_exclusions(filter_groups_lifted(without_stray_closers(
                            distribute_field_groups(literal_quoted_stars(straight_quotes(raw)))))),
                        stemmed_wildcards_, cjk_, &stemmer_);
    if (fold_wildcards_) text = fold_wildcard_tokens(text);
    if (unpositioned_) text = unposition_phrases(text, *unpositioned_);
    return negations_as_not(text);
}

namespace {

// What Xapian 1.4's parser keeps when it re-reads a query its grammar rejects (QueryParser::
// parse_query: a bare "parse error" is retried with only these flags, without a word said).
constexpr unsigned kKeptOnRetry =
    Xapian::QueryParser::FLAG_CJK_NGRAM | Xapian::QueryParser::FLAG_NO_POSITIONS;

// Whether `text` has anything the parser's flags act on (operators, signs, phrases, brackets,
// wildcards): otherwise it reads the same with or without them.
bool has_syntax(const std::string& text) {
    if (text.find_first_of("+-\"()*") != std::string::npos) return true;
    for (const auto& t : split_spaces(text))
        if (operator_word(t)) return true;
    return false;
}

// The exclusions of a bracketed group that holds nothing else (joined by AND or OR, or spelled
// `NOT word`), or nothing.
std::vector<std::string> group_exclusions(const std::string& group) {
    if (group.size() < 2 || group.front() != '(' || group.back() != ')') return {};
    std::vector<std::string> out;
    bool negate = false;
    for (const auto& i : level_items(std::string_view(group).substr(1, group.size() - 2))) {
        if (i == "AND" || i == "OR") continue;
        if (i == "NOT" && !negate) {
            negate = true;
        } else if (negate && !exclusion_item(i) && i[0] != '+') {
            out.push_back("-" + i);
            negate = false;
        } else if (!negate && exclusion_item(i)) {
            out.push_back(i);
        } else {
            return {};
        }
    }
    return negate ? std::vector<std::string>{} : out;
}

// A query whose bracketed exclusions (`(-gas)`, `(NOT gas)`) stand beside the rest, with them
// applying to the whole of it: `sahel AND (grain OR storm) (-moscow)` -> `(sahel AND (grain OR
// storm)) -moscow`, `oil AND (-gas)` -> `(oil) -gas` (the operator that joined the group goes).
// Only groups at the top level; `text` itself when there are none, or one follows NOT.
std::string lifted_exclusions(const std::string& text) {
    std::vector<std::string> items = level_items(text);
    std::vector<std::string> lifted;
    const auto op = [](const std::string& i) { return i == "AND" || i == "OR"; };
    for (std::size_t k = 0; k < items.size(); ++k) {
        const std::vector<std::string> out = group_exclusions(items[k]);
        if (out.empty()) continue;
        // (NOT beside it, before or after: its operands would change; not lifted.)
        if ((k > 0 && items[k - 1] == "NOT") || (k + 1 < items.size() && items[k + 1] == "NOT"))
            return text;
        // After AND, with what the AND joins: after the items that follow it (`a AND (-x) b` ->
        // `a AND b -x`: a AND (b AND_NOT x)), else each joined by AND (`a AND -x AND -y`).
        // (Xapian reads `a AND -x b` as a AND_NOT (x OR b).)
        if (k > 0 && items[k - 1] == "AND") {
            std::size_t j = k + 1;
            while (j < items.size() && !op(items[j]) && items[j] != "NOT" &&
                   group_exclusions(items[j]).empty())
                ++j;
            items[k].clear();
            std::string& to = j > k + 1 ? items[j - 1] : items[k];
            for (const auto& e : out) to += (to.empty() ? "" : j > k + 1 ? " " : " AND ") + e;
            continue;
        }
        lifted.insert(lifted.end(), out.begin(), out.end());
        items[k].clear();
        if (k > 0 && op(items[k - 1]))
            items[k - 1].clear();
        else if (k + 1 < items.size() && op(items[k + 1]))
            items[k + 1].clear();
    }
    std::vector<std::string> rest;
    for (auto& i : items)
        if (!i.empty()) rest.push_back(i);
    const auto joined = [](const auto& begin, const auto& end) {
        std::string out;
        for (auto i = begin; i != end; ++i) out += (out.empty() ? "" : " ") + *i;
        return out;
    };
    if (lifted.empty()) return joined(rest.begin(), rest.end());  // (after AND only, in place)
    auto from = rest.begin(), to = rest.end();
    while (from != to && op(*from)) ++from;
    while (from != to && op(*(to - 1))) --to;
    const std::string others = joined(from, to);
    const std::string exclusions = joined(lifted.begin(), lifted.end());
    return others.empty() ? exclusions : "(" + others + ") " + exclusions;
}

// A query the parser cannot read as typed, as a plain list of its items that Xapian always
// reads: brackets and operator words go; an item is excluded when a '-' or NOT applies to it or
// to a group holding it (`-(gas OR crude) AND oil` -> `-gas -crude +oil`, `oil NOT gas (-wheat)`
// -> `oil -gas -wheat`), and required when it has a '+' or an AND joins it (`-gas AND oil` ->
// `-gas +oil`). Precedence is lost (`a OR b AND c` -> `a +b +c`): the caller says so.
std::string items_with_signs(const std::string& text) {
    // Items (words, field:value, "phrases", each with its sign), "(" (signed: "-(", "+("), ")".
    std::vector<std::string> tokens;
    std::string item;
    bool quoted = false;
    const auto flush = [&] {
        if (!item.empty()) tokens.push_back(std::move(item));
        item.clear();
    };
    for (char c : text) {
        if (c == '"') quoted = !quoted;
        if (!quoted && (c == ' ' || c == '\t')) {
            flush();
        } else if (!quoted && c == '(') {
            if (item == "-" || item == "+") {
                tokens.push_back(item + "(");
                item.clear();
            } else {
                flush();
                tokens.push_back("(");
            }
        } else if (!quoted && c == ')') {
            flush();
            tokens.push_back(")");
        } else {
            item += c;
        }
    }
    flush();
    std::vector<bool> negated{false};  // per open group: whether a '-' or NOT applies to it
    std::vector<std::pair<char, std::string>> out;  // sign ('-', '+' or 0) and item
    bool not_next = false, and_next = false;
    for (std::size_t k = 0; k < tokens.size(); ++k) {
        const std::string& t = tokens[k];
        if (t == "NOT") {
            not_next = true;
        } else if (t == "(" || t == "-(" || t == "+(") {
            negated.push_back(negated.back() != (t == "-(" || not_next));
            not_next = and_next = false;
        } else if (t == ")") {
            if (negated.size() > 1) negated.pop_back();
        } else if (operator_word(t)) {
            // AND makes the items beside it required (not a group: its items are apart).
            // (Nothing on its left in its group, `(AND gas)`: no AND at all.)
            const bool after_item =
                k > 0 && tokens[k - 1].back() != '(' && !operator_word(tokens[k - 1]);
            if (t == "AND" && after_item) {
                if (tokens[k - 1] != ")" && !out.empty() && out.back().first == 0)
                    out.back().first = '+';
                and_next = true;
            }
        } else if (t != "-" && t != "+" && t != "\"\"" && t != "-\"\"" && t != "+\"\"") {
            const char sign = t[0] == '-' || t[0] == '+' ? t[0] : 0;
            const bool excluded = negated.back() != (sign == '-' || not_next);
            out.emplace_back(excluded                  ? '-'
                             : sign == '+' || and_next ? '+'
                                                       : 0,
                             sign ? t.substr(1) : t);
            not_next = and_next = false;
        }
    }
    std::string joined;
    for (const auto& [sign, i] : out)
        joined += (joined.empty() ? "" : " ") + (sign ? std::string(1, sign) : "") + i;
    return joined;
}

// A parsed query as read, without the positions its words were at (which dropping an operator
// word shifts).
std::string reading(const Xapian::Query& q) {
    std::string d = q.get_description(), out;
    for (std::size_t i = 0; i < d.size(); ++i) {
        if (d[i] == '@' && i + 1 < d.size() && std::isdigit(static_cast<unsigned char>(d[i + 1]))) {
            while (i + 1 < d.size() && std::isdigit(static_cast<unsigned char>(d[i + 1]))) ++i;
            continue;
        }
        out += d[i];
    }
    return out;
}

// A query's reading for telling two readings apart: ORs and ANDs within ORs and ANDs are one
// list and their order does not count (`apple (banana cherry)` reads as `apple banana cherry`
// does), the rest as reading() gives it.
std::string same_reading(const Xapian::Query& q) {
    const Op op = q.get_type();
    if (op != Xapian::Query::OP_OR && op != Xapian::Query::OP_AND) return reading(q);
    std::vector<std::string> parts;
    const std::function<void(const Xapian::Query&)> add = [&](const Xapian::Query& s) {
        if (s.get_type() != op) {
            parts.push_back(same_reading(s));
            return;
        }
        for (std::size_t k = 0; k < s.get_num_subqueries(); ++k) add(s.get_subquery(k));
    };
    add(q);
    std::sort(parts.begin(), parts.end());
    std::string out = op == Xapian::Query::OP_OR ? "OR(" : "AND(";
    for (const auto& part : parts) out += part + ",";
    return out + ")";
}

}  // namespace

QueryBuilder::Parsed QueryBuilder::parse(const std::string& raw) {
    Parsed p;
    if (raw.size() > kMaxQueryBytes)
        throw UsageError("query too long (" + std::to_string(raw.size()) + " bytes; at most " +
                         std::to_string(kMaxQueryBytes) + ")");
    // Xapian 1.4 re-reads a query its grammar rejects (`-gas AND oil`, `(-gas) oil`) with its
    // operators, signs and phrases off, without a word: the excluded words were then searched
    // for. Such a reading is the one without those flags: when the query reads the same with and
    // without them, it is read again as its items with their signs (items_with_signs), and where
    // that differs, said so.
    bool read_without_operators = false;
    auto attempt = [&](const std::string& query, unsigned flags) {
        const std::string text = prepared(query);
        std::optional<std::string> plain;
        if (has_syntax(text)) plain = reading(qp_.parse_query(text, flags & kKeptOnRetry));
        date_errors_->first.clear();
        Xapian::Query q = qp_.parse_query(text, flags);
        if (!date_errors_->first.empty()) throw UsageError(date_errors_->first);
        read_without_operators = plain && *plain == reading(q);
        p.query = matcher_safe(q);
        check_size(p.query);
    };
    // The query as its items with their signs, when that reads otherwise than `raw` did.
    // `instead` read in place of the query, when it reads otherwise (`whole`: only if the parser
    // reads it with its operators), with a warning that shows it.
    auto read_instead = [&](const std::string& instead, const std::string& why, bool whole) {
        // (Nothing but quotes and stars, or the query as typed: nothing else to read.)
        if (instead.find_first_not_of("\"*+- ") == std::string::npos ||
            instead == straight_quotes(raw))
            return false;
        const Xapian::Query before = p.query;
        try {
            attempt(instead, kFlags | flags_);
        } catch (const Xapian::QueryParserError&) {
            p.query = before;
            return false;
        }
        if ((whole && read_without_operators) ||
            (!before.empty() && same_reading(before) == same_reading(p.query))) {
            p.query = before;  // read the same (the operators changed nothing: `+oil`, `oil (gas)`)
            return false;
        }
        p.warnings.push_back("query syntax: " + why + "; searching for '" + instead + "' instead");
        return true;
    };
    // First the bracketed exclusions lifted out of the rest, else the items with their signs.
    auto with_signs = [&](const std::string& why) {
        const std::string grouped =
            without_stray_closers(distribute_field_groups(straight_quotes(raw)));
        return read_instead(lifted_exclusions(grouped), why, true) ||
               read_instead(items_with_signs(grouped), why, false);
    };
    std::string error;
    try {
        attempt(raw, kFlags | flags_);
        if (read_without_operators) with_signs("its operators cannot be combined as typed");
        // A wildcard inside a phrase ("crude oi*"): Xapian searches the word without its '*'.
        const auto exact = exact_quoted_values(raw);  // (id:"a*.md" is a value, as typed)
        for (std::size_t open = raw.find('"'); open != std::string::npos;) {
            const std::size_t close = raw.find('"', open + 1);
            if (close == std::string::npos) break;
            if (raw.find('*', open) < close && !span_at(exact, open)) {
                p.warnings.push_back(
                    raw.substr(open, close + 1 - open) +
                    ": a wildcard inside a phrase is not expanded (its word is searched "
                    "as typed)");
                break;
            }
            open = raw.find('"', close + 1);
        }
        for (const auto& t : split_spaces(raw)) {  // "*", "title:*": a wildcard of nothing
            const std::size_t lead = std::min(t.find_first_not_of("+-("), t.size());
            const std::size_t colon = t.find(':', lead);
            const std::size_t star = colon == std::string::npos ? lead : colon + 1;
            if (star < t.size() && t[star] == '*' &&
                t.find_first_not_of(")", star + 1) == std::string::npos) {
                p.warnings.push_back("'" + t +
                                     "': a wildcard needs a letter or more before '*' (clim*); "
                                     "to list every article, give no query words (--sort -date)");
                break;
            }
            // "*mate": Xapian drops a leading '*' without a word (a review).
            if (star < t.size() && t[star] == '*' && star + 1 < t.size() && t[star + 1] != '*' &&
                t[star + 1] != ')' && t.find('"') == std::string::npos && filter_field(t).empty()) {
                p.warnings.push_back("'" + t +
                                     "': a wildcard goes at the end of a word (clim*), not at its "
                                     "start: searching for the word after '*'");
                break;
            }
        }
        // A '*' inside a word ("clim*te", "oi*l") is no wildcard: Xapian splits the word there
        // and searches its parts. (Not in phrases, said above, nor in the values of filters, as
        // typed: id:a*b.)
        int filter_group = 0;  // brackets open within a filter's group: tag:(energy OR gr*in)
        for (const auto& t : split_spaces(raw)) {
            if (filter_group > 0) {
                filter_group += static_cast<int>(std::count(t.begin(), t.end(), '(')) -
                                static_cast<int>(std::count(t.begin(), t.end(), ')'));
                continue;
            }
            if (t.find('"') != std::string::npos) continue;
            if (!filter_field(t).empty()) {
                const std::string value = t.substr(t.find(':') + 1);
                if (value.starts_with('('))
                    filter_group = static_cast<int>(std::count(value.begin(), value.end(), '(')) -
                                   static_cast<int>(std::count(value.begin(), value.end(), ')'));
                continue;
            }
            const auto word = [&](std::size_t i) {
                const auto c = static_cast<unsigned char>(t[i]);
                return std::isalnum(c) || c >= 0x80;
            };
            const std::size_t star = t.find('*');
            if (star != std::string::npos && star > 0 && star + 1 < t.size() && word(star - 1) &&
                word(star + 1)) {
                p.warnings.push_back("'" + t +
                                     "': '*' is a wildcard only at the end of a word (clim*); "
                                     "inside one it splits the word, whose parts are searched");
                break;
            }
        }
        // Only symbols or punctuation ("🎉", "..."): nothing the index holds, said rather than
        // an empty list alone (a review).
        const auto wordless = [&] {
            for (std::size_t i = 0; i < raw.size();) {
                const auto [len, word] = char_at(raw, i);
                if (word) return false;
                i += len;
            }
            return true;
        };
        // (A filter that matches nothing, `date:2030`, has words: no warning.)
        if (p.query.empty() && p.warnings.empty() && !text::trim(raw).empty() && wordless())
            p.warnings.push_back("'" + std::string(text::trim(raw)) +
                                 "': no word to search for (symbols and punctuation are not "
                                 "indexed)");
        return p;
    } catch (const Xapian::QueryParserError& e) {
        error = e.get_msg();
    }
    // An operator left dangling at either end ("grain AND", "-storm OR"): the query without it.
    if (std::string trimmed = without_dangling_operators(raw); trimmed != raw) {
        try {
            attempt(trimmed, kFlags | flags_);
            p.warnings.push_back("query syntax: " + error + "; searching for '" + trimmed +
                                 "' instead");
            return p;
        } catch (const Xapian::QueryParserError&) {
        }
    }
    if (with_signs(error)) return p;
    p.warnings.push_back("query syntax: " + error + "; searching for the words instead");
    // Fallback: the words alone, every operator character and operator word treated as a
    // separator, analysed as any query's words (CJK runs bracketed on their own).
    std::string words;
    for (char c : raw) {
        unsigned char u = static_cast<unsigned char>(c);
        words.push_back(u >= 0x80 || std::isalnum(u) ? c : ' ');
    }
    std::string plain;
    for (const auto& w : split_spaces(words))
        if (!kOperatorWords.count(w)) plain += (plain.empty() ? "" : " ") + w;
    if (plain.empty()) plain = text::lowercase(words);  // operators alone ("AND"): the words
    try {
        attempt(plain, kFlags | flags_);
    } catch (const Xapian::QueryParserError& e) {
        throw UsageError("cannot understand the query: " + e.get_msg());
    }
    return p;
}

}  // namespace fts
