// fts cli skeleton.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/cli.h"

#include <iostream>
#include <regex>

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

std::string plain_usage_error(const std::string& m) {
    std::smatch g;
    static const std::regex twice(R"(^(\S+): At Most 1 required but received (\d+)$)");
    if (std::regex_match(m, g, twice))
        return g[1].str() + ": given " + g[2].str() + " times; give it once";
    static const std::regex range(R"(^(\S+): Value (.*) not in range (\S+) to (\S+)$)");
    if (std::regex_match(m, g, range)) {
        const std::string bounds = trim_number(g[3]) + " to " + trim_number(g[4]);
        static const std::regex number(R"(^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$)");
        const std::string value = g[2];
        return g[1].str() + ": " +
               (std::regex_match(value, number)
                    ? value + " is out of range (" + bounds + ")"
                    : "'" + value + "' is not a number (" + bounds + ")");
    }
    static const std::regex convert(R"(^Could not convert: (\S+) = (.*)$)");
    if (std::regex_match(m, g, convert))
        return g[1].str() + ": '" + g[2].str() + "' is not a valid value";
    static const std::regex member(R"(^(\S+): Check (.*) value in \{(.*?)\}.* FAILED$)");
    if (std::regex_match(m, g, member)) {
        std::string names;
        const std::string set = g[3];
        static const std::regex name(R"(([^,{}]+?)->[^,]*)");
        for (auto it = std::sregex_iterator(set.begin(), set.end(), name);
             it != std::sregex_iterator(); ++it)
            names += (names.empty() ? "" : ", ") + (*it)[1].str();
        return g[1].str() + ": '" + g[2].str() + "' is not one of " + (names.empty() ? set : names);
    }
    static const std::regex extra(R"(^The following arguments? (?:was|were) not expected: (.*)$)");
    if (std::regex_match(m, g, extra)) {
        const std::string args = g[1];
        return "unexpected argument " + args +
               (!args.empty() && args[0] == '-'
                    ? " (no such option; a query word starting with '-' excludes it only inside "
                      "the quoted query, e.g. 'grain -moscow')"
                    : "");
    }
    return m;
}

int run_cli(CLI::App& app, int argc, char** argv, const std::function<int()>& run) {
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
        std::cerr << app.get_name() << ": " << plain_usage_error(e.what()) << " (see --help)\n";
        return kExitError;
    }
    return run();
}

}  // namespace fts
