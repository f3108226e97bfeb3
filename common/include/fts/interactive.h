// fts interactive searching (searcher -i): a prompt with line editing and history (libedit) on a
// terminal, plain lines otherwise; the database stays open between queries.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <functional>
#include <iosfwd>
#include <optional>
#include <string>

namespace fts {

// Where the lines come from: libedit's readline() with the prompt and history when `in` is
// std::cin and stdin is a terminal; std::getline otherwise.
class LineReader {
  public:
    LineReader(std::istream& in, std::string prompt);
    ~LineReader();
    LineReader(const LineReader&) = delete;
    LineReader& operator=(const LineReader&) = delete;
    // The next line, or nullopt at end of input (EOF, Ctrl-D).
    std::optional<std::string> next();
    bool terminal() const { return terminal_; }

  private:
    std::istream& in_;
    std::string prompt_;
    bool terminal_ = false;
    bool prompt_on_stderr_ = false;  // the terminal is stdin and stderr, not stdout
};

// The commands of the prompt, besides queries: ":more", ":open N", ":help", ":quit".
inline constexpr const char* kInteractiveHelp =
    "Type a query to search (same syntax as on the command line), or:\n"
    "  :more     the next page of the last search\n"
    "  :open N   the whole stored text of result N of the last page\n"
    "  :help     this help\n"
    "  :quit     leave (also Ctrl-D)\n";

}  // namespace fts
