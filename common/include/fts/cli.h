// fts cli: the shared skeleton of both programs' main(): parse, map CLI11 errors to exit code 2.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <CLI/CLI.hpp>
#include <functional>
#include <string>
#include <string_view>

namespace fts {

// Parses argv into `app` (whose options were registered by the caller), then calls `run`.
// Help/version print and exit 0; a usage error prints one line naming the option and returns 2.
// `dash_word_hint`: said of an unexpected "-word" argument (the searcher: how to exclude a word).
int run_cli(CLI::App& app, int argc, char** argv, const std::function<int()>& run,
            std::string_view dash_word_hint = {});

// CLI::Range(low, high) for a number option that also refuses "nan" (which CLI11's range lets
// through: no comparison with it is false), with the same description and message.
CLI::Validator number_range(double low, double high);

// CLI11's message for a usage error, in plain words where CLI11's own are cryptic ("At Most 1
// required but received 2", "Could not convert", "Check X value in {...} FAILED").
std::string plain_usage_error(const std::string& cli11_message,
                              std::string_view dash_word_hint = {});

}  // namespace fts
