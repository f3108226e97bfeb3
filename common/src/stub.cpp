// fts stub databases.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/stub.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "fts/text.h"

namespace fs = std::filesystem;

namespace fts {

std::optional<std::string> stub_file(const std::string& path) {
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) return path;
    const fs::path inside = fs::path(path) / "XAPIANDB";
    if (fs::is_regular_file(inside, ec)) return inside.string();
    return std::nullopt;
}

std::vector<StubEntry> read_stub(const std::string& stub) {
    std::ifstream in(stub);
    std::vector<StubEntry> out;
    std::string line;
    for (std::size_t lineno = 1; std::getline(in, line); ++lineno) {
        std::istringstream words(line);
        StubEntry e;
        if (!(words >> e.type) || e.type[0] == '#') continue;
        std::getline(words >> std::ws, e.where);
        const fs::path p(e.where);
        e.path = p.is_relative() ? (fs::path(stub).parent_path() / p).string() : e.where;
        e.label = text::one_line(stub + ":" + std::to_string(lineno) + " (" + e.type + " " +
                                 e.where.substr(0, 200) + ")");
        out.push_back(std::move(e));
    }
    return out;
}

}  // namespace fts
