// fts cli skeleton.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/cli.h"

#include <cmath>
#include <cstdlib>
#include <iostream>
#include <string_view>

#include "fts/errors.h"

namespace fts {

namespace {

// "0.000000" -> "0", "2.500000" -> "2.5".
std::string trim_number(std::string n) {
    if (n.find('.') == std::string::npos) return n;
    while (!n.empty() && n.back() == '0') n.pop_back();
    if (!n.empty() && n.back() == '.') n.pop_back();
    return n;
}

}  // namespace

CLI::Validator number_range(double low, double high) {
    const CLI::Range range(low, high);
    return CLI::Validator(
        [range, low, high](std::string& input) {
            double value = 0;
            if (CLI::detail::lexical_cast(input, value) && std::isnan(value))
                return "Value " + input + " not in range " + std::to_string(low) + " to " +
                       std::to_string(high);
            return range(input);
        },
        range.get_description());
}

std::string plain_usage_error(const std::string& m, std::string_view dash_word_hint) {
    // (Plain string cuts, not <regex>: GCC 12 warns inside <regex> under the sanitizers.)
    const auto between = [&](std::size_t from, std::string_view open, std::string_view close,
                             std::string& out) {
        const std::size_t a = m.find(open, from);
        if (a == std::string::npos) return std::string::npos;
        const std::size_t b = close.empty() ? m.size() : m.find(close, a + open.size());
        if (b == std::string::npos) return std::string::npos;
        out = m.substr(a + open.size(), b - a - open.size());
        return b;
    };
    std::string opt, value, low, high;
    if (const auto at = m.find(": At Most 1 required but received "); at != std::string::npos)
        return m.substr(0, at) + ": given " +
               m.substr(at + std::string_view(": At Most 1 required but received ").size()) +
               " times; give it once";
    if (const auto at = m.find(": Value "); at != std::string::npos) {
        opt = m.substr(0, at);
        const std::size_t v = between(at, ": Value ", " not in range ", value);
        if (v != std::string::npos &&
            between(v, " not in range ", " to ", low) != std::string::npos &&
            between(v, " to ", "", high) != std::string::npos) {
            const std::string bounds = trim_number(low) + " to " + trim_number(high);
            char* end = nullptr;
            const double x = std::strtod(value.c_str(), &end);
            const bool number = !value.empty() && end && *end == '\0' && !std::isnan(x);
            // A number within the bounds, refused: the option takes whole numbers written in
            // digits ("--limit 2.5", "--limit 1e1").
            const bool whole_wanted = number && x >= std::strtod(low.c_str(), nullptr) &&
                                      x <= std::strtod(high.c_str(), nullptr);
            return opt + ": " +
                   (whole_wanted ? value + " is not a whole number (" + bounds + ")"
                    : number     ? value + " is out of range (" + bounds + ")"
                                 : "'" + value + "' is not a number (" + bounds + ")");
        }
    }
    if (m.starts_with("Could not convert: ")) {
        const std::string rest = m.substr(std::string_view("Could not convert: ").size());
        if (const auto eq = rest.find(" = "); eq != std::string::npos)
            return rest.substr(0, eq) + ": '" + rest.substr(eq + 3) + "' is not a valid value";
    }
    if (const auto at = m.find(": Check "); at != std::string::npos && m.ends_with(" FAILED")) {
        std::string set;
        if (between(at, ": Check ", " value in {", value) != std::string::npos &&
            between(at, " value in {", "}", set) != std::string::npos) {
            std::string names;
            for (std::size_t i = 0; i <= set.size();) {
                std::size_t comma = set.find(',', i);
                if (comma == std::string::npos) comma = set.size();
                const std::string item = set.substr(i, comma - i);
                const std::size_t arrow = item.find("->");
                names += (names.empty() ? "" : ", ") + item.substr(0, arrow);
                i = comma + 1;
            }
            return m.substr(0, at) + ": '" + value + "' is not one of " + names;
        }
    }
    // CLI11's "--queries excludes --interactive".
    if (const auto at = m.find(" excludes ");
        at != std::string::npos && m.find(' ') == at && m.find(':') == std::string::npos)
        return m.substr(0, at) + " and " + m.substr(at + std::string_view(" excludes ").size()) +
               " cannot be given together";
    for (const std::string_view head : {"The following argument was not expected: ",
                                        "The following arguments were not expected: "})
        if (m.starts_with(head)) {
            const std::string args = m.substr(head.size());
            const bool dash = !args.empty() && args[0] == '-';
            const bool dash_word = dash && args.size() > 1 && args[1] != '-';
            return "unexpected argument " + args +
                   (dash_word && !dash_word_hint.empty()
                        ? " (no such option; " + std::string(dash_word_hint) + ")"
                    : dash ? " (no such option)"
                           : "");
        }
    return m;
}

int run_cli(CLI::App& app, int argc, char** argv, const std::function<int()>& run,
            std::string_view dash_word_hint) {
    app.set_version_flag("--version", std::string(app.get_name()) + " (fts) " FTS_VERSION);
    try {
        app.parse(argc, argv);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        std::cerr << app.get_name() << ": " << plain_usage_error(e.what(), dash_word_hint)
                  << " (see --help)\n";
        return kExitError;
    }
    return run();
}

}  // namespace fts
