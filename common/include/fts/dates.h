// fts dates: parse the date spellings articles use into the YYYYMMDD form the index stores.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace fts::dates {

// Accepts ISO 8601 dates and date-times ("2024-03-15", "2024-03-15T10:00:00Z", "20240315"),
// "2024/03/15", RFC 2822 ("Fri, 15 Mar 2024 10:00:00 +0000"), "15 March 2024", "March 15, 2024"
// and "15-MAR-2024". Returns "YYYYMMDD", or nullopt when the text is not a valid date.
std::optional<std::string> parse(std::string_view text);

// An article's date: a full date as parse() reads it, else a month or a year alone ("2024-03",
// "2024/03", "March 2024", "Mar. 2024", "2024"), as "YYYYMM00" or "YYYY0000": the parts it does
// not say are 00, so such a date sorts before the days it may be and is no day of them.
std::optional<std::string> parse_article_date(std::string_view text);

// A "YYYYMMDD" date whose unknown parts are 00 read as its first day ("20240300" -> "20240301")
// or, with `last`, its last ("20240300" -> "20240331", "20240000" -> "20241231").
std::string known_day(std::string_view yyyymmdd, bool last = false);

// A YYYY-MM-DD date at the start of a file name ("2023-05-14-harbour-strike.txt").
std::optional<std::string> from_filename(std::string_view filename);

// Bounds for a range written as YYYY, YYYY-MM or a full date: the first/last YYYYMMDD it covers.
std::optional<std::string> range_start(std::string_view text);
std::optional<std::string> range_end(std::string_view text);

// Days since 1970-01-01 of a "YYYYMMDD" date (nullopt when it is not one); a month or a year
// alone ("20240300", "20240000") counts from its first day.
std::optional<long> days_since_epoch(std::string_view yyyymmdd);

// "YYYYMMDD" -> "YYYY-MM-DD", a month alone "YYYY-MM", a year alone "YYYY" (empty stays empty).
std::string to_iso(std::string_view yyyymmdd);

}  // namespace fts::dates
