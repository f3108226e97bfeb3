// fts interactive line input (libedit, BSD-licensed).
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/interactive.h"

#include <editline/readline.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

namespace fts {

LineReader::LineReader(std::istream& in, std::string prompt) : in_(in), prompt_(std::move(prompt)) {
    terminal_ = &in_ == &std::cin && ::isatty(STDIN_FILENO) == 1;
    if (terminal_) using_history();
}

LineReader::~LineReader() {
    if (terminal_) clear_history();
}

std::optional<std::string> LineReader::next() {
    if (!terminal_) {
        std::string line;
        if (!std::getline(in_, line)) return std::nullopt;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
    }
    std::cout.flush();
    char* raw = readline(prompt_.c_str());
    if (!raw) return std::nullopt;
    std::string line(raw);
    std::free(raw);
    if (line.find_first_not_of(" \t") != std::string::npos) add_history(line.c_str());
    return line;
}

}  // namespace fts
