// fts sources: directory walking.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/sources.h"

#include <fnmatch.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>

#include "fts/errors.h"
#include "fts/readers.h"
#include "fts/text.h"

namespace fs = std::filesystem;

namespace fts {

namespace {

// One line of an .ftsignore, read as .gitignore reads it.
struct IgnorePattern {
    std::string glob;
    bool anchored = false;  // a '/' at its start or inside: the path below the .ftsignore only
    bool folders = false;   // a '/' at its end: folders only
};

struct IgnoreRules {
    std::string base;  // relative dir holding the .ftsignore ("" for the root), with trailing '/'
    std::vector<IgnorePattern> patterns;
};

// `is_folder` is asked only of a pattern for folders that matches.
bool ignored(const std::vector<IgnoreRules>& rules, const std::string& rel, const std::string& name,
             const std::function<bool()>& is_folder) {
    for (const auto& r : rules) {
        if (rel.compare(0, r.base.size(), r.base) != 0) continue;
        const std::string local = rel.substr(r.base.size());
        for (const auto& p : r.patterns) {
            const bool matches = p.anchored
                                     ? fnmatch(p.glob.c_str(), local.c_str(), FNM_PATHNAME) == 0
                                     : fnmatch(p.glob.c_str(), name.c_str(), 0) == 0;
            if (matches && (!p.folders || is_folder())) return true;
        }
    }
    return false;
}

void load_ignore(const fs::path& dir, const std::string& rel_dir, std::vector<IgnoreRules>& rules) {
    std::ifstream in(dir / ".ftsignore");
    if (!in) return;
    IgnoreRules r{rel_dir.empty() ? "" : rel_dir + "/", {}};
    for (std::string line; std::getline(in, line);) {
        std::string_view t = text::trim(line);
        if (t.empty() || t.front() == '#') continue;
        IgnorePattern p;
        if (t.back() == '/') {
            p.folders = true;
            t.remove_suffix(1);
        }
        if (!t.empty() && t.front() == '/') {
            p.anchored = true;
            t.remove_prefix(1);
        }
        if (t.empty()) continue;
        p.anchored = p.anchored || t.find('/') != std::string_view::npos;
        p.glob = std::string(t);
        r.patterns.push_back(std::move(p));
    }
    if (!r.patterns.empty()) rules.push_back(std::move(r));
}

void walk_dir(const fs::path& root, const fs::path& dir, const std::string& rel_dir,
              std::vector<IgnoreRules> rules, std::vector<InputFile>& out,
              const std::function<void(const WalkProblem&)>& problem) {
    load_ignore(dir, rel_dir, rules);
    std::error_code ec;
    fs::directory_iterator it(dir, ec);
    if (ec) {
        problem({dir.string(), "cannot read directory: " + ec.message(),
                 ec != std::errc::filename_too_long});
        return;
    }
    std::vector<fs::directory_entry> entries;
    for (; it != fs::directory_iterator(); it.increment(ec)) {
        if (ec) {
            problem({dir.string(), "cannot read directory: " + ec.message()});
            break;
        }
        entries.push_back(*it);
    }
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
        return a.path().filename() < b.path().filename();
    });
    for (const auto& e : entries) {
        std::string name = e.path().filename().string();
        if (name.empty() || name.front() == '.') continue;  // hidden, and .ftsignore itself
        std::string rel = rel_dir.empty() ? name : rel_dir + "/" + name;
        if (ignored(rules, rel, name, [&] {
                std::error_code dec;
                return e.is_directory(dec);
            }))
            continue;
        std::error_code sec;
        const bool is_link = e.is_symlink(sec);
        fs::file_status st = e.status(sec);  // follows links
        if (sec && !is_link) {
            const bool too_long = sec == std::errc::filename_too_long;
            problem({e.path().string(),
                     too_long ? "a path of " + std::to_string(e.path().native().size()) +
                                    " bytes, longer than the system takes: not indexed"
                              : "cannot stat: " + sec.message(),
                     !too_long});
            continue;
        }
        if (sec) {
            // A link whose target is gone (or a link to itself, or a ring of links: ELOOP).
            // Named as no format the indexer reads, it is passed over as its target would be (a
            // link to a directory is never followed); else it is an input that cannot be read,
            // not a part of the tree that cannot be seen: the rest may still be pruned.
            const auto format = format_for_path(name);
            if (!format) continue;
            out.push_back({e.path().string(), id_from_path(rel), format, 0,
                           sec == std::errc::too_many_symbolic_link_levels
                               ? "symbolic link loop"
                               : "dangling symbolic link"});
            continue;
        }
        if (fs::is_directory(st)) {
            if (is_link) continue;  // never follow directory links: no loops, no escaping the tree
            walk_dir(root, e.path(), rel, rules, out, problem);
        } else if (fs::is_regular_file(st)) {
            std::error_code zec;
            auto size = e.file_size(zec);
            out.push_back(
                {e.path().string(), id_from_path(rel), format_for_path(name), zec ? 0 : size, {}});
        }
        // Sockets, FIFOs, devices: not articles, silently passed over.
    }
}

}  // namespace

std::string id_from_path(std::string_view relative) {
    if (!text::find_invalid_utf8(relative)) return std::string(relative);
    return text::percent_escape(relative, [](unsigned char b) { return b >= 0x80 || b == '%'; });
}

std::vector<InputFile> walk_source(const std::string& source,
                                   const std::function<void(const WalkProblem&)>& problem) {
    std::vector<InputFile> out;
    fs::path p(source);
    std::error_code ec;
    fs::file_status st = fs::status(p, ec);
    if (ec || !fs::exists(st)) {
        problem({source, "no such file or directory"});
        return out;
    }
    if (fs::is_directory(st)) {
        walk_dir(p, p, "", {}, out, problem);
    } else if (!fs::is_regular_file(st)) {
        problem({source, "not a regular file (to read a stream, pipe JSON Lines into '-')"});
    } else {
        std::string name = p.filename().string();
        std::error_code zec;
        auto size = fs::file_size(p, zec);
        out.push_back({source, id_from_path(name), format_for_path(name), zec ? 0 : size, {}});
    }
    return out;
}

}  // namespace fts
