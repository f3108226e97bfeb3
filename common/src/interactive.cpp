// fts interactive line input (libedit, BSD-licensed).
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/interactive.h"

#include <dlfcn.h>
#include <editline/readline.h>
#include <unistd.h>

#include <cstdlib>
#include <iostream>

#ifndef FTS_LIBEDIT_SONAME
#define FTS_LIBEDIT_SONAME "libedit.so.2"
#endif

namespace fts {

namespace {

// libedit, opened the first time a prompt on a terminal needs it. Linked, it and the libraries it
// needs (libtinfo, libbsd, libmd) were loaded by every searcher process: ~1 ms of the start of a
// one-shot search, which never prompts. The header only gives the functions' types here.
struct Editline {
    decltype(&::readline) readline = nullptr;
    decltype(&::add_history) add_history = nullptr;
    decltype(&::using_history) using_history = nullptr;
    decltype(&::clear_history) clear_history = nullptr;
    FILE** outstream = nullptr;  // rl_outstream: where the prompt and the line being edited go
};

// Null (after one line on stderr) when libedit cannot be opened: the prompt then reads plain
// lines, without editing or history.
const Editline* editline() {
    static const Editline* const loaded = []() -> const Editline* {
        static Editline e;
        for (const char* name : {FTS_LIBEDIT_SONAME, "libedit.so"}) {
            void* lib = ::dlopen(name, RTLD_NOW | RTLD_LOCAL);
            if (!lib) continue;
            e.readline = reinterpret_cast<decltype(e.readline)>(::dlsym(lib, "readline"));
            e.add_history = reinterpret_cast<decltype(e.add_history)>(::dlsym(lib, "add_history"));
            e.using_history =
                reinterpret_cast<decltype(e.using_history)>(::dlsym(lib, "using_history"));
            e.clear_history =
                reinterpret_cast<decltype(e.clear_history)>(::dlsym(lib, "clear_history"));
            e.outstream = reinterpret_cast<FILE**>(::dlsym(lib, "rl_outstream"));
            if (e.readline && e.add_history && e.using_history && e.clear_history) return &e;
            ::dlclose(lib);
        }
        std::cerr << "searcher: cannot load " FTS_LIBEDIT_SONAME
                     ": no line editing or history at this prompt\n";
        return nullptr;
    }();
    return loaded;
}

}  // namespace

LineReader::LineReader(std::istream& in, std::string prompt) : in_(in), prompt_(std::move(prompt)) {
    terminal_ = &in_ == &std::cin && ::isatty(STDIN_FILENO) == 1;
    // Results going to a file or a pipe (searcher -i | tee log): the prompt and the line being
    // edited go to the terminal on stderr (libedit shows neither on an output that is not one).
    prompt_on_stderr_ = terminal_ && ::isatty(STDOUT_FILENO) != 1 && ::isatty(STDERR_FILENO) == 1;
    if (terminal_ && editline()) {
        // (Before using_history(), which sets libedit up on the streams it has then.)
        if (prompt_on_stderr_ && editline()->outstream) *editline()->outstream = stderr;
        editline()->using_history();
    }
}

LineReader::~LineReader() {
    if (terminal_ && editline()) editline()->clear_history();
}

std::optional<std::string> LineReader::next() {
    const Editline* edit = terminal_ ? editline() : nullptr;
    if (!edit) {
        if (terminal_) (prompt_on_stderr_ ? std::cerr : std::cout) << prompt_ << std::flush;
        std::string line;
        if (!std::getline(in_, line)) return std::nullopt;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        return line;
    }
    std::cout.flush();
    char* raw = edit->readline(prompt_.c_str());
    if (!raw) return std::nullopt;
    std::string line(raw);
    std::free(raw);
    if (line.find_first_not_of(" \t") != std::string::npos) edit->add_history(line.c_str());
    return line;
}

}  // namespace fts
