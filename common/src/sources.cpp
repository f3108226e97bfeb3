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
    std::vector<std::string> segments;  // the glob split at '/' (one segment when not anchored)
    bool anchored = false;  // a '/' at its start or inside: the path below the .ftsignore only
    bool folders = false;   // a '/' at its end: folders only
    bool negated = false;   // a '!' at its start: brings back what an earlier pattern left out
};

struct IgnoreRules {
    std::string base;  // relative dir holding the .ftsignore ("" for the root), with trailing '/'
    std::vector<IgnorePattern> patterns;
};

// Matches the glob's segments [i, end) against the path's [j, end): each segment is an fnmatch
// glob of one name, and a segment "**" stands for any number of folders (at least one name when
// it ends the pattern: "logs/**" is what is inside logs, not logs itself).
bool segments_match(const std::vector<std::string>& glob, std::size_t i,
                    const std::vector<std::string_view>& path, std::size_t j) {
    for (; i < glob.size(); ++i, ++j) {
        if (glob[i] == "**") {
            if (i + 1 == glob.size()) return j < path.size();
            for (std::size_t k = j; k <= path.size(); ++k)
                if (segments_match(glob, i + 1, path, k)) return true;
            return false;
        }
        if (j >= path.size()) return false;
        const std::string name(path[j]);
        if (fnmatch(glob[i].c_str(), name.c_str(), 0) != 0) return false;
    }
    return j == path.size();
}

std::vector<std::string_view> split_path(std::string_view rel) {
    std::vector<std::string_view> out;
    for (std::size_t start = 0;;) {
        const auto slash = rel.find('/', start);
        out.push_back(rel.substr(start, slash == std::string_view::npos ? slash : slash - start));
        if (slash == std::string_view::npos) return out;
        start = slash + 1;
    }
}

// As git decides: the last pattern that matches wins (an .ftsignore deeper in the tree after the
// ones above it), and a '!' pattern brings the path back. A folder left out is never walked, so
// nothing inside it can be brought back (as in git). `is_folder` is asked only of a pattern for
// folders that matches.
bool ignored(const std::vector<IgnoreRules>& rules, const std::string& rel, const std::string& name,
             const std::function<bool()>& is_folder) {
    bool out = false;
    for (const auto& r : rules) {
        if (rel.compare(0, r.base.size(), r.base) != 0) continue;
        std::vector<std::string_view> local;  // split once, when an anchored pattern needs it
        for (const auto& p : r.patterns) {
            if (p.negated == !out) continue;  // cannot change the answer
            bool matches;
            if (p.anchored) {
                if (local.empty()) local = split_path(std::string_view(rel).substr(r.base.size()));
                matches = segments_match(p.segments, 0, local, 0);
            } else {
                matches = fnmatch(p.segments.front().c_str(), name.c_str(), 0) == 0;
            }
            if (matches && (!p.folders || is_folder())) out = !p.negated;
        }
    }
    return out;
}

void load_ignore(const fs::path& dir, const std::string& rel_dir, std::vector<IgnoreRules>& rules) {
    std::ifstream in(dir / ".ftsignore");
    if (!in) return;
    IgnoreRules r{rel_dir.empty() ? "" : rel_dir + "/", {}};
    for (std::string line; std::getline(in, line);) {
        // As git reads a line: trailing spaces go unless a backslash keeps one ("name\ "),
        // leading ones are part of the pattern.
        if (!line.empty() && line.back() == '\r') line.pop_back();
        std::size_t end = line.size();
        while (end > 0 && (line[end - 1] == ' ' || line[end - 1] == '\t')) --end;
        std::size_t backslashes = 0;
        while (backslashes < end && line[end - 1 - backslashes] == '\\') ++backslashes;
        if (backslashes % 2 == 1 && end < line.size() && line[end] == ' ') ++end;
        std::string_view t = std::string_view(line).substr(0, end);
        if (t.empty() || t.front() == '#') continue;  // "\#name" names a file starting with '#'
        IgnorePattern p;
        if (t.front() == '!') {  // "\!name" names a file starting with '!'
            p.negated = true;
            t.remove_prefix(1);
        }
        std::string glob(t);
        if (!glob.empty() && glob.back() == '/') {
            p.folders = true;
            glob.pop_back();
        }
        if (!glob.empty() && glob.front() == '/') {
            p.anchored = true;
            glob.erase(0, 1);
        }
        if (glob.empty()) continue;
        p.anchored = p.anchored || glob.find('/') != std::string::npos;
        if (p.anchored) {
            for (auto seg : split_path(glob))
                if (!seg.empty()) p.segments.emplace_back(seg);  // "a//b" is "a/b"
            if (p.segments.empty()) continue;
        } else {
            p.segments.push_back(std::move(glob));
        }
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
