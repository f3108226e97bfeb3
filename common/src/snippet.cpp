// fts snippet: passage choice, word matching and highlighting, on the stored text of a hit.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/snippet.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <set>

#include "fts/query.h"
#include "fts/schema.h"
#include "fts/text.h"

namespace fts {

namespace {

const std::string kOmit = "\u2026";

// One code point of UTF-8 text at `p` (stored text is valid UTF-8; a stray byte reads as
// U+FFFD) and its length in bytes.
unsigned code_point(const char* p, const char* end, std::size_t& length) {
    const auto byte = static_cast<unsigned char>(*p);
    length = 1;
    if (byte < 0x80) return byte;
    const std::size_t need = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 0;
    if (need == 0 || static_cast<std::size_t>(end - p) < need) return 0xFFFD;
    unsigned ch = byte & (0x7F >> need);
    for (std::size_t i = 1; i < need; ++i) {
        const auto next = static_cast<unsigned char>(p[i]);
        if ((next & 0xC0) != 0x80) return 0xFFFD;
        ch = (ch << 6) | (next & 0x3F);
    }
    length = need;
    return ch;
}

bool is_word_char(unsigned ch) {
    if (ch < 0x80)
        return (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
               ch == '_';
    return Xapian::Unicode::is_wordchar(ch);
}

bool is_digit(unsigned ch) {
    if (ch < 0x80) return ch >= '0' && ch <= '9';
    return Xapian::Unicode::get_category(ch) == Xapian::Unicode::DECIMAL_DIGIT_NUMBER;
}

// What Xapian's term generator makes of a character between two word characters: part of the
// word (the character to add), nothing (0: the word ends) or kInvisible (skipped: zero-width
// characters, as in Persian and Indic words). Between two digits ("1,000", "3.14")...
constexpr unsigned kInvisible = 0xFFFFFFFF;
bool invisible(unsigned ch) {
    return ch >= 0x200b && (ch <= 0x200d || ch == 0x2060 || ch == 0xfeff);
}
unsigned digit_infix(unsigned ch) {
    if (ch == ',' || ch == '.' || ch == ';' || ch == 0x37e || ch == 0x589 || ch == 0x60d ||
        ch == 0x7f8 || ch == 0x2044 || ch == 0xfe10 || ch == 0xfe13 || ch == 0xfe14)
        return ch;
    return invisible(ch) ? kInvisible : 0;
}
// ...and otherwise ("it's", "80's", "AT&T"; every apostrophe written as ').
unsigned letter_infix(unsigned ch) {
    if (ch == '\'' || ch == '&' || ch == 0xb7 || ch == 0x5f4 || ch == 0x2027) return ch;
    if (ch == 0x2019 || ch == 0x201b) return '\'';
    return invisible(ch) ? kInvisible : 0;
}

void append_lower(std::string& word, unsigned ch) {
    if (ch < 0x80)
        word += static_cast<char>(ch >= 'A' && ch <= 'Z' ? ch - 'A' + 'a' : ch);
    else
        Xapian::Unicode::append_utf8(word, Xapian::Unicode::tolower(ch));
}

constexpr std::string_view kSpaces = " \n\t\r\f\v";
bool is_space(char c) {
    return kSpaces.find(c) != std::string_view::npos;
}

struct Word {
    std::size_t begin = 0, end = 0;
    int term = -1;  // SnippetTerms::match()
};

// The words of `text` as the term generator splits them, each matched against the query's.
std::vector<Word> split_words(std::string_view text, SnippetTerms& terms) {
    std::vector<Word> words;
    std::string lower;
    const char* const s = text.data();
    const char* const end = s + text.size();
    const std::size_t n = text.size();
    const auto capital = [&](std::size_t at) { return at < n && s[at] >= 'A' && s[at] <= 'Z'; };
    std::size_t i = 0, length = 0;
    while (i < n) {
        unsigned ch = code_point(s + i, end, length);
        if (!is_word_char(ch)) {
            i += length;
            continue;
        }
        Word w;
        w.begin = i;
        lower.clear();
        // CJK characters: the term generator indexes them one by one (and in pairs), so each
        // is a word of its own here.
        if (text::cjk_char(ch)) {
            lower.assign(s + i, length);
            w.end = i += length;
            w.term = terms.match(lower);
            words.push_back(w);
            continue;
        }
        // Initials separated by dots (U.S.A., U.N, P.T.O.): one word of their letters, its
        // final dot included, when more than one letter and no word character follows.
        if (capital(i)) {
            std::size_t p = i;
            do {
                lower += static_cast<char>(s[p++] - 'A' + 'a');
            } while (p < n && s[p] == '.' && capital(++p));
            if (lower.size() > 1 && (p == n || !is_word_char(code_point(s + p, end, length)))) {
                w.end = i = p;
                w.term = terms.match(lower);
                words.push_back(w);
                continue;
            }
            lower.clear();
        }
        unsigned previous = 0;
        while (i < n) {
            ch = code_point(s + i, end, length);
            if (text::cjk_char(ch)) break;
            if (is_word_char(ch)) {
                append_lower(lower, ch);
                previous = ch;
                i += length;
                continue;
            }
            // A character between two word characters may belong to the word.
            if (i + length >= n) break;
            std::size_t next_length = 0;
            const unsigned next = code_point(s + i + length, end, next_length);
            if (!is_word_char(next)) break;
            const unsigned infix =
                is_digit(previous) && is_digit(next) ? digit_infix(ch) : letter_infix(ch);
            if (infix == 0) break;
            if (infix != kInvisible) append_lower(lower, infix);
            i += length;
        }
        // "C++", "C#": up to three '+' or '#' ending a word (more, or a word character after
        // them, and none are part of it).
        std::size_t j = i;
        while (j < n && (s[j] == '+' || s[j] == '#')) ++j;
        if (j > i && j - i <= 3 && (j == n || !is_word_char(code_point(s + j, end, length)))) {
            lower.append(s + i, j - i);
            i = j;
        }
        w.end = i;
        w.term = terms.match(lower);
        words.push_back(w);
    }
    return words;
}

// Marks that close what comes before them: sentence ends, closing quotes and brackets.
bool sentence_end(unsigned ch) {
    return ch == '.' || ch == '!' || ch == '?' || ch == 0x3002 || ch == 0xff01 || ch == 0xff1f;
}
bool closing_mark(unsigned ch) {
    if (sentence_end(ch) || ch == '"' || ch == '\'' || ch == ')' || ch == ']' || ch == '}')
        return true;
    if (ch < 0x80) return false;
    const auto category = Xapian::Unicode::get_category(ch);
    return category == Xapian::Unicode::CLOSE_PUNCTUATION ||
           category == Xapian::Unicode::FINAL_QUOTE_PUNCTUATION || ch == 0x2019;
}

// Whether `text` ends a sentence: its last marks include a sentence end.
bool ends_sentence(std::string_view text) {
    const char* const begin = text.data();
    const char* p = begin + text.size();
    for (int marks = 0; marks < 4 && p > begin; ++marks) {
        const char* start = p - 1;
        while (start > begin && (static_cast<unsigned char>(*start) & 0xC0) == 0x80) --start;
        std::size_t length = 0;
        const unsigned ch = code_point(start, p, length);
        if (sentence_end(ch)) return true;
        if (!closing_mark(ch)) return false;
        p = start;
    }
    return false;
}

// Where a sentence starts at `p`: the text's start, after a blank line, and where no lower-case
// letter follows: after ". ", "! " or "? ", or after a single line break that ends a short line (a
// heading, a list item). Hard-wrapped text (mail, wires) breaks lines inside its sentences.
bool sentence_starts(std::string_view text, std::size_t p) {
    if (p == 0) return true;
    if (!is_space(text[p - 1])) return false;
    std::size_t q = p, breaks = 0;
    while (q > 0 && is_space(text[q - 1])) breaks += text[--q] == '\n';
    if (q == 0 || breaks >= 2) return true;
    // No sentence starts with a lower-case letter ("the U.S. benchmark", "e.g. this").
    if (p >= text.size() || (text[p] >= 'a' && text[p] <= 'z')) return false;
    if (text[q - 1] == '.' || text[q - 1] == '!' || text[q - 1] == '?') return true;
    if (breaks == 0) return false;
    constexpr std::size_t kShortLine = 40;
    const std::size_t line = text.rfind('\n', q - 1);
    return q - (line == std::string_view::npos ? 0 : line + 1) <= kShortLine;
}

}  // namespace

bool stemmer_keeps_ascii_initial(const Xapian::Stem& stemmer) {
    static const std::set<std::string> kKeep{
        "Xapian::Stem(none)",       "Xapian::Stem(english)",      "Xapian::Stem(porter)",
        "Xapian::Stem(danish)",     "Xapian::Stem(dutch)",        "Xapian::Stem(finnish)",
        "Xapian::Stem(french)",     "Xapian::Stem(german)",       "Xapian::Stem(german2)",
        "Xapian::Stem(hungarian)",  "Xapian::Stem(italian)",      "Xapian::Stem(norwegian)",
        "Xapian::Stem(portuguese)", "Xapian::Stem(romanian)",     "Xapian::Stem(russian)",
        "Xapian::Stem(spanish)",    "Xapian::Stem(swedish)",      "Xapian::Stem(catalan)",
        "Xapian::Stem(basque)",     "Xapian::Stem(earlyenglish)", "Xapian::Stem(lithuanian)"};
    // Folding accents away (AnalysisConfig::fold_accents) keeps an ASCII initial as it is.
    std::string d = stemmer.get_description();
    static const std::string kFolding = "fts::FoldingStemmer(";
    if (d.starts_with(kFolding) && d.ends_with(")"))
        d = d.substr(kFolding.size(), d.size() - kFolding.size() - 1);
    return kKeep.count(d) > 0;
}

SnippetTerms::SnippetTerms(const Xapian::Query& query, Xapian::Stem stemmer)
    : stemmer_(std::move(stemmer)), by_first_letter_(stemmer_keeps_ascii_initial(stemmer_)) {
    const auto capital = [](char c) { return c >= 'A' && c <= 'Z'; };
    // A field's terms (title:storm: "ZSstorm", "Sstorm") mark the word in the text too; ids,
    // tags and dates ("Q...", "K...", "Y...") are no words of the text.
    for (auto t = query.get_unique_terms_begin(); t != query.get_unique_terms_end(); ++t) {
        const std::string& term = *t;
        const std::string word = schema::split_term(term).first;
        if (word.empty() || capital(word[0])) continue;
        if (term[0] == 'Z') {  // a stem
            if (stems_.count(word)) continue;
            stems_.emplace(word, count_++);
            const auto first = static_cast<unsigned char>(word[0]);
            if (first < 0x80) first_letters_[first] = true;
        } else if (!exact_.count(word)) {  // a word as written
            exact_.emplace(word, count_++);
        }
    }
    // Wildcards (clim*) mark the words that begin with them.
    for (const auto& pattern : wildcard_patterns(query))
        if (std::string begin = schema::split_term(pattern).first; !begin.empty())
            prefixes_.emplace_back(std::move(begin), count_++);
    // The query's pairs of CJK characters, and the characters in them.
    for (const auto* words : {&stems_, &exact_})
        for (const auto& [word, index] : *words) {
            std::size_t first = 0, second = 0;
            if (word.empty()) continue;
            const unsigned a = code_point(word.data(), word.data() + word.size(), first);
            if (!text::cjk_char(a) || first >= word.size()) continue;
            const unsigned b = code_point(word.data() + first, word.data() + word.size(), second);
            if (!text::cjk_char(b) || first + second != word.size()) continue;
            cjk_pairs_.insert(word);
            cjk_in_pair_.insert(word.substr(0, first));
            cjk_in_pair_.insert(word.substr(first));
        }
    const auto may_start = [&](const std::string& word) {
        if (const auto first = static_cast<unsigned char>(word[0]); first < 0x80)
            may_start_[first] = true;
    };
    if (!stems_.empty() && !by_first_letter_)
        std::fill(std::begin(may_start_), std::end(may_start_), true);
    for (const auto& [stem, index] : stems_) may_start(stem);
    for (const auto& [word, index] : exact_) may_start(word);
    // (An ASCII first letter is its own when accents are folded away.)
    for (const auto& [begin, index] : prefixes_) may_start(begin);
}

int SnippetTerms::match(const std::string& lower) {
    if (lower.empty()) return -1;
    if (const auto first = static_cast<unsigned char>(lower[0]); first < 0x80 && !may_start_[first])
        return -1;
    if (auto seen = seen_.find(lower); seen != seen_.end()) return seen->second;
    int term = -1;
    if (auto e = exact_.find(lower); e != exact_.end())
        term = e->second;
    else if (!stems_.empty()) {
        // Most words cannot stem to the query's stems: their first letter says so, unstemmed.
        const auto first = static_cast<unsigned char>(lower[0]);
        const bool may = !by_first_letter_ || first >= 0x80 || first_letters_[first];
        if (may)
            if (auto s = stems_.find(stemmer_(lower)); s != stems_.end()) term = s->second;
    }
    for (std::size_t i = 0; term < 0 && i < prefixes_.size(); ++i)
        if (lower.starts_with(prefixes_[i].first) ||
            text::fold_accents(lower).starts_with(prefixes_[i].first))
            term = prefixes_[i].second;
    seen_.emplace(lower, term);
    return term;
}

Snippet make_snippet(std::string_view text, SnippetTerms& terms, std::size_t bytes,
                     bool text_starts, bool text_ends) {
    Snippet out;
    if (terms.empty() || bytes == 0) return out;
    std::vector<Word> words = split_words(text, terms);
    // A CJK character the query has only within pairs counts where such a pair is (SnippetTerms).
    const auto piece = [&](const Word& w) { return text.substr(w.begin, w.end - w.begin); };
    std::vector<bool> in_pair(words.size(), false);
    for (std::size_t i = 0; i + 1 < words.size(); ++i)
        if (words[i].term >= 0 && words[i + 1].term >= 0 && words[i].end == words[i + 1].begin &&
            terms.cjk_pair(std::string(piece(words[i])) + std::string(piece(words[i + 1]))))
            in_pair[i] = in_pair[i + 1] = true;
    for (std::size_t i = 0; i < words.size(); ++i)
        if (words[i].term >= 0 && !in_pair[i] && terms.cjk_in_pair(piece(words[i])))
            words[i].term = -1;
    std::vector<std::size_t> hits;  // indexes into words
    for (std::size_t i = 0; i < words.size(); ++i)
        if (words[i].term >= 0) hits.push_back(i);
    if (hits.empty()) return out;
    const std::size_t n = text.size();
    std::size_t from = 0, to = n;
    if (n > bytes) {
        // The run of hits within `bytes` with the most distinct words, then the most hits.
        std::unordered_map<int, std::size_t> in_run;
        std::size_t best_lo = 0, best_hi = 0, best_distinct = 0, best_count = 0;
        for (std::size_t lo = 0, hi = 0; hi < hits.size(); ++hi) {
            ++in_run[words[hits[hi]].term];
            while (lo < hi && words[hits[hi]].end - words[hits[lo]].begin > bytes) {
                if (--in_run[words[hits[lo]].term] == 0) in_run.erase(words[hits[lo]].term);
                ++lo;
            }
            if (in_run.size() > best_distinct ||
                (in_run.size() == best_distinct && hi - lo + 1 > best_count)) {
                best_distinct = in_run.size();
                best_count = hi - lo + 1;
                best_lo = lo;
                best_hi = hi;
            }
        }
        const std::size_t first = words[hits[best_lo]].begin;
        const std::size_t last = words[hits[best_hi]].end;
        const std::size_t slack = last - first < bytes ? bytes - (last - first) : 0;
        // Context before the first hit: from the start of its sentence when that is within two
        // thirds of the room left, else a third of the room (more near the text's end, to fill
        // the room), from a word's start.
        const std::size_t earliest = first - std::min(first, slack * 2 / 3);
        from = std::string_view::npos;
        for (std::size_t p = first + 1; p-- > earliest;)
            if (sentence_starts(text, p)) {
                from = p;
                break;
            }
        // A sentence starting so late that the text ends well within the room (the hit in an
        // article's last sentence): the room goes before it, from the earliest sentence start
        // that fits and fills most of it, else from a word's start (the text's end is no reason
        // for a short snippet).
        if (from != std::string_view::npos && n - from < bytes * 3 / 4) {
            const std::size_t fits = n - bytes;  // (n > bytes here)
            std::size_t earlier = std::string_view::npos;
            for (std::size_t p = fits; p < from && earlier == std::string_view::npos; ++p)
                if (sentence_starts(text, p)) earlier = p;
            if (earlier != std::string_view::npos && n - earlier < bytes * 3 / 4)
                earlier = std::string_view::npos;  // still short: from a word's start instead
            for (const Word& w : words)
                if (earlier == std::string_view::npos && w.begin >= fits) earlier = w.begin;
            from = std::min(from, earlier);
        }
        if (from == std::string_view::npos) {
            std::size_t want = first - std::min(first, slack / 3);
            if (n - want < bytes) want = std::min(first, n - bytes);
            from = first;
            for (const Word& w : words)
                if (w.begin >= want) {
                    from = std::min(w.begin, first);
                    break;
                }
        }
        // End after the last whole word that fits...
        to = from;
        for (const Word& w : words)
            if (w.begin >= from && w.end - from <= bytes) to = std::max(to, w.end);
        to = std::max(to, last);
        // ...with the marks closing it right after it (a full stop, a closing quote or bracket).
        for (int marks = 0; marks < 4 && to < n; ++marks) {
            std::size_t length = 0;
            if (!closing_mark(code_point(text.data() + to, text.data() + n, length))) break;
            to += length;
        }
    }
    // Text left out: before `from` or after `to`, whitespace aside, or beyond `text`.
    const std::size_t text_begin = std::min(text.find_first_not_of(kSpaces), n);
    const std::size_t text_end = text.find_last_not_of(kSpaces) + 1;  // 0 when none
    // Copy [from, to), whitespace collapsed, noting where the hits land.
    // "…" where text was left out, unless a sentence starts or ends there.
    if (from > text_begin ? !sentence_starts(text, from) : !text_starts) out.text = kOmit;
    std::size_t next_hit = 0;
    while (next_hit < hits.size() && words[hits[next_hit]].begin < from) ++next_hit;
    std::size_t open_at = std::string::npos;
    for (std::size_t i = from; i < to; ++i) {
        if (next_hit < hits.size() && i == words[hits[next_hit]].begin) open_at = out.text.size();
        if (next_hit < hits.size() && i == words[hits[next_hit]].end) {
            if (open_at != std::string::npos) out.highlights.emplace_back(open_at, out.text.size());
            open_at = std::string::npos;
            ++next_hit;
            if (next_hit < hits.size() && i == words[hits[next_hit]].begin)
                open_at = out.text.size();
        }
        if (is_space(text[i])) {
            if (!out.text.empty() && out.text.back() != ' ' && out.text != kOmit) out.text += ' ';
            continue;
        }
        out.text += text[i];
    }
    if (next_hit < hits.size() && open_at != std::string::npos && words[hits[next_hit]].end <= to)
        out.highlights.emplace_back(open_at, out.text.size());
    while (!out.text.empty() && out.text.back() == ' ') out.text.pop_back();
    if ((to < text_end || !text_ends) && !ends_sentence(text.substr(from, to - from)))
        out.text += kOmit;
    return out;
}

std::pair<std::size_t, std::size_t> snippet_window(const std::string& body,
                                                   const std::vector<std::string>& words,
                                                   std::size_t window) {
    if (body.size() <= window) return {0, body.size()};
    auto boundary = [&](std::size_t i) {
        while (i > 0 && i < body.size() && (static_cast<unsigned char>(body[i]) & 0xC0) == 0x80)
            --i;
        return std::min(i, body.size());
    };
    // Where each word starts a word of the text (stems are prefixes of most forms), ASCII case
    // folded, the first 500 times each. Found in place, not in a lower-case copy of the text: each
    // new page a process touches costs a page fault, and one search has few hits.
    const auto lower = [](unsigned char c) {
        return c >= 'A' && c <= 'Z' ? static_cast<unsigned char>(c - 'A' + 'a') : c;
    };
    const auto* text = reinterpret_cast<const unsigned char*>(body.data());
    const auto* end = text + body.size();
    // The next byte from `from` on that is `c`, or `end`.
    const auto next = [end](const unsigned char* from, unsigned char c) {
        if (from >= end) return end;
        const void* at = std::memchr(from, c, static_cast<std::size_t>(end - from));
        return at ? static_cast<const unsigned char*>(at) : end;
    };
    std::vector<std::pair<std::size_t, std::size_t>> hits;  // (position, word index)
    // Where the first `length` bytes of words[w] start a word, added to `hits`; how many.
    const auto find = [&](std::size_t w, std::size_t length) {
        const auto* word = reinterpret_cast<const unsigned char*>(words[w].data());
        // Its first letter in either case.
        const unsigned char small = word[0];
        const unsigned char capital =
            small >= 'a' && small <= 'z' ? static_cast<unsigned char>(small - 'a' + 'A') : small;
        const unsigned char* at_small = next(text, small);
        const unsigned char* at_capital = capital == small ? end : next(text, capital);
        std::size_t found = 0;
        while (found < 500) {
            const unsigned char* p = std::min(at_small, at_capital);
            if (p == end) break;
            if (p == at_small)
                at_small = next(p + 1, small);
            else
                at_capital = next(p + 1, capital);
            if (static_cast<std::size_t>(end - p) < length || (p > text && std::isalnum(p[-1])))
                continue;
            std::size_t i = 1;
            while (i < length && lower(p[i]) == word[i]) ++i;
            if (i < length) continue;
            hits.emplace_back(static_cast<std::size_t>(p - text), w);
            ++found;
        }
        return found;
    };
    for (std::size_t w = 0; w < words.size(); ++w) {
        const std::size_t length = words[w].size();
        if (length == 0) continue;
        // A stem that begins none of its forms: English makes a final y an i ("militari" for
        // military, "bodi"), looked for again without it (make_snippet() then matches the words
        // themselves, stemmed). Unfound, the whole opening would be read word by word.
        if (find(w, length) == 0 && length >= 4 && words[w].back() == 'i') find(w, length - 1);
    }
    std::sort(hits.begin(), hits.end());
    // None found byte for byte: the text may write them otherwise (accents the index folds away:
    // "Zürich" for "zurich"): the passage is then looked for, word by word, in a wider opening.
    if (hits.empty()) return {0, boundary(std::min(body.size(), 16 * window))};
    // Slide a window over the hits: most distinct words first, then most hits.
    std::size_t best_start = hits.front().first, best_distinct = 0, best_count = 0;
    std::vector<std::size_t> in_window(words.size(), 0);
    std::size_t distinct = 0;
    for (std::size_t lo = 0, hi = 0; hi < hits.size(); ++hi) {
        if (in_window[hits[hi].second]++ == 0) ++distinct;
        while (hits[hi].first - hits[lo].first > window / 2) {
            if (--in_window[hits[lo].second] == 0) --distinct;
            ++lo;
        }
        if (distinct > best_distinct || (distinct == best_distinct && hi - lo + 1 > best_count)) {
            best_distinct = distinct;
            best_count = hi - lo + 1;
            best_start = hits[lo].first;
        }
    }
    const std::size_t from = boundary(best_start > window / 4 ? best_start - window / 4 : 0);
    return {from, boundary(std::min(body.size(), from + window))};
}

Snippet leading_snippet(const std::string& body, std::size_t bytes) {
    std::string flat = text::collapse_whitespace(text::utf8_prefix(body, bytes + 64));
    if (flat.size() <= bytes) return {flat, {}};
    std::string_view cut = text::utf8_prefix(flat, bytes);
    if (auto sp = cut.rfind(' '); sp != std::string_view::npos && sp > bytes / 2)
        cut = cut.substr(0, sp);
    return {std::string(cut) + kOmit, {}};
}

}  // namespace fts
