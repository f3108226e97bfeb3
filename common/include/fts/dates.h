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

// A YYYY-MM-DD date at the start of a file name ("2023-05-14-harbour-strike.txt").
std::optional<std::string> from_filename(std::string_view filename);

// Bounds for a range written as YYYY, YYYY-MM or a full date: the first/last YYYYMMDD it covers.
std::optional<std::string> range_start(std::string_view text);
std::optional<std::string> range_end(std::string_view text);

// Days since 1970-01-01 of a "YYYYMMDD" date (nullopt when it is not one).
std::optional<long> days_since_epoch(std::string_view yyyymmdd);

// "YYYYMMDD" -> "YYYY-MM-DD" (empty stays empty).
std::string to_iso(std::string_view yyyymmdd);

}  // namespace fts::dates
