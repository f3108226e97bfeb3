// fts sources: walk the SOURCE arguments (files, directory trees) into a sorted list of inputs,
// honouring hidden-file rules and .ftsignore files.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "fts/article.h"

namespace fts {

struct InputFile {
    std::string path;              // path to open (source root joined with the relative path)
    std::string id;                // stable id: path relative to the source root ('/'-separated)
    std::optional<Format> format;  // nullopt: not a supported format (skipped)
    std::uint64_t size = 0;        // bytes, as seen by the walk (for progress)
    // Why it cannot be read, when the walk knows (a dangling symbolic link): it is rejected,
    // keeping what was indexed from it, without holding back the pruning of the rest.
    std::string problem;
};

// The id of a file at `relative` path. A file name that is not UTF-8 (Latin-1 "caf\xe9.txt")
// cannot be shown, typed or written in JSON as it is: its bytes from 0x80 (and '%') are written
// %XX ("caf%E9.txt"), the same in every output and as `id:` or `--like` take it. UTF-8 names
// are their own ids.
std::string id_from_path(std::string_view relative);
// The path of a file as its document records it (the `path` field), written as ids are: a path
// that is not UTF-8 has its bytes from 0x80 and '%' written %XX (percent-decoding it gives the
// bytes back), where JSON would have turned them into U+FFFD and lost the file.
inline std::string printable_path(std::string_view path) {
    return id_from_path(path);
}

struct WalkProblem {
    std::string path;
    std::string reason;
    // Whether files indexed before may be behind it (a directory that cannot be read): then
    // nothing vanished from the tree is removed that run. A path longer than the system takes
    // hides nothing that could have been indexed.
    bool hides_files = true;
};

// Expand one SOURCE. A file yields itself (id = its file name); a directory is walked
// recursively in name order, skipping hidden entries (".name"), symlinked directories (no loops)
// and anything an .ftsignore file leaves out (its patterns read as .gitignore reads them:
// anchored or bare-name globs, `**`, `!` negation, folder-only patterns). Problems
// (unreadable directories, dangling links) are reported through `problem` and the walk goes on.
std::vector<InputFile> walk_source(const std::string& source,
                                   const std::function<void(const WalkProblem&)>& problem);

}  // namespace fts
