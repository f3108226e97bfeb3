// fts stub databases: the XAPIANDB files that list the shards (local or remote) searched as one.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace fts {

// The stub file a --db path stands for, if it is one: the path itself when it is a file, or
// DIR/XAPIANDB.
std::optional<std::string> stub_file(const std::string& path);

// One database line of a stub ("auto PATH", "glass PATH", "remote HOST:PORT", "remote :PROG ARGS").
struct StubEntry {
    std::string type;   // auto, glass, remote, ...
    std::string where;  // the rest of the line
    std::string
        path;  // `where` resolved against the stub's directory (local types), as Xapian does
    std::string label;  // "STUB:LINE (type where)", for messages
};

// The database lines of a stub file, comments and blank lines skipped.
std::vector<StubEntry> read_stub(const std::string& stub);

}  // namespace fts
