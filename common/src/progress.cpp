// fts progress bar.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/progress.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <ostream>
#include <string>

namespace fts {

Progress::Progress(std::ostream& err, ProgressMode mode)
    : err_(err),
      enabled_(mode == ProgressMode::Always ||
               (mode == ProgressMode::Auto && ::isatty(STDERR_FILENO) == 1)),
      start_(std::chrono::steady_clock::now()),
      last_draw_(start_) {
    // FTS_PROGRESS_AFTER_MS: how long a run must last before the bar appears (default 1000).
    if (const char* after = std::getenv("FTS_PROGRESS_AFTER_MS"))
        delay_seconds_ = std::atof(after) / 1000.0;
}

Progress::~Progress() {
    clear();
}

void Progress::set_total(std::uint64_t files, std::uint64_t bytes) {
    total_files_ = files;
    total_bytes_ = bytes;
}

void Progress::advance(std::uint64_t files, std::uint64_t bytes) {
    files_ += files;
    bytes_ += bytes;
    draw(false);
}

void Progress::draw(bool force) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    double elapsed = std::chrono::duration<double>(now - start_).count();
    if (!force &&
        (elapsed < delay_seconds_ || (shown_ && now - last_draw_ < std::chrono::milliseconds(100))))
        return;
    last_draw_ = now;
    const double mb = static_cast<double>(bytes_) / 1e6;
    const double total_mb = static_cast<double>(total_bytes_) / 1e6;
    const double rate = elapsed > 0 ? mb / elapsed : 0;
    char eta[32] = "--:--";
    if (rate > 0 && total_bytes_ >= bytes_) {
        auto left = static_cast<long>((total_mb - mb) / rate);
        std::snprintf(eta, sizeof eta, "%ld:%02ld", left / 60, left % 60);
    }
    const int width = 24;
    int filled = total_bytes_ ? static_cast<int>(width * (static_cast<double>(bytes_) /
                                                          static_cast<double>(total_bytes_)))
                              : 0;
    if (filled > width) filled = width;
    char line[256];
    std::snprintf(line, sizeof line, "\r[%-*s] %llu/%llu files  %.1f/%.1f MB  %.1f MB/s  ETA %s ",
                  width, std::string(static_cast<std::size_t>(filled), '#').c_str(),
                  static_cast<unsigned long long>(files_),
                  static_cast<unsigned long long>(total_files_), mb, total_mb, rate, eta);
    err_ << line << std::flush;
    shown_ = true;
}

void Progress::clear() {
    if (!shown_) return;
    err_ << "\r\x1b[K" << std::flush;
    shown_ = false;
}

}  // namespace fts
