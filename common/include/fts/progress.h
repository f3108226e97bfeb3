// fts progress: a one-line progress bar on stderr for long indexing runs.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <chrono>
#include <cstdint>
#include <iosfwd>

namespace fts {

enum class ProgressMode { Auto, Always, Never };

// Draws "files done/total, MB done/total, MB/s, ETA" on one line, redrawn at most 10 times a
// second, and only once the run has lasted a second (short runs stay quiet). Auto: only when
// stderr is a terminal.
class Progress {
  public:
    Progress(std::ostream& err, ProgressMode mode);
    ~Progress();
    void set_total(std::uint64_t files, std::uint64_t bytes);
    void advance(std::uint64_t files, std::uint64_t bytes);
    void clear();  // erase the line (before other messages and at the end)

  private:
    void draw(bool force);

    std::ostream& err_;
    bool enabled_;
    bool shown_ = false;
    double delay_seconds_ = 1.0;
    std::uint64_t total_files_ = 0, total_bytes_ = 0, files_ = 0, bytes_ = 0;
    std::chrono::steady_clock::time_point start_, last_draw_;
};

}  // namespace fts
