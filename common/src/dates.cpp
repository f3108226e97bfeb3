// fts dates: a small, strict parser for the date spellings found in articles and feeds.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/dates.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <chrono>
#include <cstdio>
#include <vector>

namespace fts::dates {

namespace {

bool leap(int y) {
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int days_in_month(int y, int m) {
    static constexpr std::array<int, 12> kDays{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : kDays[static_cast<std::size_t>(m - 1)];
}

std::optional<std::string> make(int y, int m, int d) {
    if (y < 1000 || y > 9999 || m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return std::nullopt;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d%02d%02d", y, m, d);
    return std::string(buf);
}

int month_from_name(std::string_view w) {
    static constexpr std::array<std::string_view, 12> kNames{
        "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
    if (w.size() < 3) return 0;
    std::string lower;
    for (char c : w)
        lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    for (std::size_t i = 0; i < kNames.size(); ++i) {
        if (lower.compare(0, 3, kNames[i]) == 0) {
            // Accept "mar", "march", "sept"; reject "marble".
            static constexpr std::array<std::string_view, 12> kFull{
                "january", "february", "march",     "april",   "may",      "june",
                "july",    "august",   "september", "october", "november", "december"};
            if (lower.size() == 3 || lower == kFull[i] || lower == "sept")
                return static_cast<int>(i) + 1;
        }
    }
    return 0;
}

// Split into alternating runs of digits and letters, dropping separators.
struct Token {
    std::string text;
    bool digits;
};

std::vector<Token> tokenize(std::string_view s) {
    std::vector<Token> out;
    for (std::size_t i = 0; i < s.size();) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (std::isdigit(c) || std::isalpha(c)) {
            bool dig = std::isdigit(c);
            std::size_t j = i;
            while (j < s.size() && (dig ? std::isdigit(static_cast<unsigned char>(s[j]))
                                        : std::isalpha(static_cast<unsigned char>(s[j]))))
                ++j;
            out.push_back({std::string(s.substr(i, j - i)), dig});
            i = j;
        } else {
            ++i;
        }
    }
    return out;
}

int to_int(const std::string& s) {
    if (s.empty() || s.size() > 9) return -1;
    return std::stoi(s);
}

bool is_weekday(const std::string& w) {
    static constexpr std::array<std::string_view, 7> kDays{"mon", "tue", "wed", "thu",
                                                           "fri", "sat", "sun"};
    if (w.size() < 3) return false;
    std::string lower;
    for (char c : w)
        lower.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    for (auto d : kDays)
        if (lower.compare(0, 3, d) == 0) return true;
    return false;
}

}  // namespace

std::optional<std::string> parse(std::string_view text) {
    // Trim.
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    if (text.empty() || text.size() > 64) return std::nullopt;

    // Compact ISO: YYYYMMDD (optionally followed by a time).
    if (text.size() >= 8 && std::isdigit(static_cast<unsigned char>(text[0]))) {
        std::size_t n = 0;
        while (n < text.size() && std::isdigit(static_cast<unsigned char>(text[n]))) ++n;
        if (n == 8)
            return make(to_int(std::string(text.substr(0, 4))),
                        to_int(std::string(text.substr(4, 2))),
                        to_int(std::string(text.substr(6, 2))));
    }

    // DD.MM.YYYY, as German, Russian and other European papers write it.
    {
        std::size_t i = 0;
        const auto digits = [&](std::size_t lo, std::size_t hi) {
            const std::size_t from = i;
            while (i < text.size() && i - from < hi &&
                   std::isdigit(static_cast<unsigned char>(text[i])))
                ++i;
            return i - from >= lo;
        };
        if (digits(1, 2) && i < text.size() && text[i++] == '.' && digits(1, 2) &&
            i < text.size() && text[i++] == '.' && digits(4, 4) &&
            (i == text.size() || !std::isdigit(static_cast<unsigned char>(text[i])))) {
            const std::vector<Token> p = tokenize(text.substr(0, i));
            return make(to_int(p[2].text), to_int(p[1].text), to_int(p[0].text));
        }
    }

    std::vector<Token> t = tokenize(text);
    if (!t.empty() && !t[0].digits && is_weekday(t[0].text)) t.erase(t.begin());
    // Ordinal days: "March 15th, 2024", "15th of March 2024".
    for (std::size_t k = 1; k < t.size(); ++k) {
        std::string w;
        for (char c : t[k].text)
            w.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        const bool ordinal = !t[k].digits && t[k - 1].digits && t[k - 1].text.size() <= 2 &&
                             (w == "st" || w == "nd" || w == "rd" || w == "th");
        if (ordinal) {
            t.erase(t.begin() + static_cast<std::ptrdiff_t>(k));
            if (k < t.size() && !t[k].digits && t[k].text.size() == 2 &&
                std::tolower(static_cast<unsigned char>(t[k].text[0])) == 'o' &&
                std::tolower(static_cast<unsigned char>(t[k].text[1])) == 'f')
                t.erase(t.begin() + static_cast<std::ptrdiff_t>(k));
        }
    }
    if (t.size() < 3) return std::nullopt;

    // YYYY-MM-DD, YYYY/MM/DD, with anything (a time) after.
    if (t[0].digits && t[0].text.size() == 4 && t[1].digits && t[2].digits &&
        t[1].text.size() <= 2 && t[2].text.size() <= 2) {
        // Only separators '-', '/', '.' between the parts, and 'T' or space after.
        return make(to_int(t[0].text), to_int(t[1].text), to_int(t[2].text));
    }
    // DD Month YYYY, DD-MON-YYYY
    if (t[0].digits && t[0].text.size() <= 2 && !t[1].digits && t[2].digits &&
        t[2].text.size() == 4) {
        int m = month_from_name(t[1].text);
        if (m) return make(to_int(t[2].text), m, to_int(t[0].text));
    }
    // Month DD, YYYY
    if (!t[0].digits && t[1].digits && t[1].text.size() <= 2 && t[2].digits &&
        t[2].text.size() == 4) {
        int m = month_from_name(t[0].text);
        if (m) return make(to_int(t[2].text), m, to_int(t[1].text));
    }
    return std::nullopt;
}

std::optional<std::string> parse_article_date(std::string_view text) {
    if (auto d = parse(text)) return d;
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front())))
        text.remove_prefix(1);
    while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back())))
        text.remove_suffix(1);
    const auto all_digits = [](std::string_view s) {
        return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
            return std::isdigit(static_cast<unsigned char>(c));
        });
    };
    const auto year = [&](std::string_view s) -> int {
        return s.size() == 4 && all_digits(s) ? to_int(std::string(s)) : -1;
    };
    const auto month_of = [&](int y, int m) -> std::optional<std::string> {
        if (!make(y, m < 1 ? 1 : m, 1)) return std::nullopt;  // year and month in range
        char buf[16];
        std::snprintf(buf, sizeof buf, "%04d%02d00", y, m);
        return std::string(buf);
    };
    if (int y = year(text); y >= 0) {  // "2024"
        if (!make(y, 1, 1)) return std::nullopt;
        return std::string(text) + "0000";
    }
    // "2024-03", "2024/03", "2024.03"
    if (text.size() >= 6 && year(text.substr(0, 4)) >= 0 &&
        (text[4] == '-' || text[4] == '/' || text[4] == '.') && text.size() <= 7 &&
        all_digits(text.substr(5))) {
        const int m = to_int(std::string(text.substr(5)));
        return m >= 1 ? month_of(to_int(std::string(text.substr(0, 4))), m) : std::nullopt;
    }
    // "March 2024", "Mar. 2024", "March, 2024"
    std::size_t i = 0;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    const int m = month_from_name(text.substr(0, i));
    if (m == 0) return std::nullopt;
    std::string_view rest = text.substr(i);
    if (!rest.empty() && rest.front() == '.') rest.remove_prefix(1);
    if (!rest.empty() && rest.front() == ',') rest.remove_prefix(1);
    if (rest.empty() || !std::isspace(static_cast<unsigned char>(rest.front())))
        return std::nullopt;
    while (!rest.empty() && std::isspace(static_cast<unsigned char>(rest.front())))
        rest.remove_prefix(1);
    if (int y = year(rest); y >= 0) return month_of(y, m);
    return std::nullopt;
}

std::string known_day(std::string_view d, bool last) {
    if (d.size() != 8) return std::string(d);
    std::string out(d);
    const int y = to_int(out.substr(0, 4));
    if (out.compare(4, 2, "00") == 0) out.replace(4, 2, last ? "12" : "01");
    if (out.compare(6, 2, "00") == 0) {
        const int m = to_int(out.substr(4, 2));
        if (m < 1 || m > 12 || y < 0) return std::string(d);
        out.replace(6, 2, last ? std::to_string(days_in_month(y, m)) : "01");
    }
    return out;
}

std::optional<std::string> from_filename(std::string_view filename) {
    if (filename.size() < 10) return std::nullopt;
    std::string_view head = filename.substr(0, 10);
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (!std::isdigit(static_cast<unsigned char>(head[i]))) return std::nullopt;
    if (head[4] != '-' || head[7] != '-') return std::nullopt;
    if (filename.size() > 10 && std::isdigit(static_cast<unsigned char>(filename[10])))
        return std::nullopt;
    return parse(head);
}

namespace {
// Parse YYYY, YYYY-MM or a full date; fills the missing parts with `fill_month`/`fill_day`
// (0 = last).
std::optional<std::string> range_bound(std::string_view text, bool end) {
    std::vector<Token> t = tokenize(text);
    if (t.empty()) return std::nullopt;
    if (t.size() == 1 && t[0].digits && t[0].text.size() == 8) return parse(text);
    if (!t[0].digits || t[0].text.size() != 4) return parse(text);
    int y = to_int(t[0].text);
    if (t.size() == 1) return end ? make(y, 12, 31) : make(y, 1, 1);
    if (t.size() == 2 && t[1].digits && t[1].text.size() <= 2) {
        int m = to_int(t[1].text);
        if (m < 1 || m > 12) return std::nullopt;
        return end ? make(y, m, days_in_month(y, m)) : make(y, m, 1);
    }
    return parse(text);
}
}  // namespace

std::optional<std::string> range_start(std::string_view text) {
    return range_bound(text, false);
}
std::optional<std::string> range_end(std::string_view text) {
    return range_bound(text, true);
}

std::optional<long> days_since_epoch(std::string_view d) {
    const std::string known = known_day(d);
    if (known.size() != 8 || !parse(known)) return std::nullopt;
    d = known;
    using namespace std::chrono;
    const year_month_day ymd{year{std::stoi(std::string(d.substr(0, 4)))},
                             month{static_cast<unsigned>(std::stoi(std::string(d.substr(4, 2))))},
                             day{static_cast<unsigned>(std::stoi(std::string(d.substr(6, 2))))}};
    return static_cast<long>(sys_days(ymd).time_since_epoch().count());
}

std::string to_iso(std::string_view d) {
    if (d.size() != 8) return std::string(d);
    if (d.substr(4) == "0000") return std::string(d.substr(0, 4));
    if (d.substr(6) == "00") return std::string(d.substr(0, 4)) + "-" + std::string(d.substr(4, 2));
    std::string out;
    out.append(d.substr(0, 4))
        .append("-")
        .append(d.substr(4, 2))
        .append("-")
        .append(d.substr(6, 2));
    return out;
}

}  // namespace fts::dates
