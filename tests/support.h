// fts tests: temporary directories, files and running the real binaries.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace fts::test {

// A fresh directory under $TMPDIR, removed (recursively) when the object dies.
class TempDir {
  public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::string& path() const { return path_; }
    std::string operator/(const std::string& rel) const { return path_ + "/" + rel; }

  private:
    std::string path_;
};

void write_file(const std::string& path, const std::string& content);  // creates parent dirs
std::string read_file(const std::string& path);
// Prose-like text of `words` words drawn from a fixed vocabulary (deterministic for a seed): enough
// variety to train a compression dictionary on, the same for the same seed.
std::string synthetic_text(unsigned seed, std::size_t words);

struct ProcessResult {
    int exit_code = -1;  // 128+N when killed by signal N
    std::string out;
    std::string err;
};

// Run a program (argv[0] is its path) with `input` on stdin; capture stdout and stderr.
ProcessResult run(const std::vector<std::string>& argv, const std::string& input = "");

}  // namespace fts::test

namespace fts::test {

// A running child process with a pipe to its stdin, for tests that signal or feed it.
class Child {
  public:
    // `own_group`: the child leads a process group of its own, so that a program that signals its
    // whole group when it stops (xapian-tcpsrv does) cannot take the test runner with it.
    explicit Child(const std::vector<std::string>& argv, bool capture = true,
                   bool own_group = false);
    ~Child();
    Child(const Child&) = delete;
    Child& operator=(const Child&) = delete;
    void write_stdin(const std::string& data);
    void close_stdin();
    void signal(int sig);
    int pid() const { return pid_; }
    // Wait for exit; returns exit code (128+N when killed by signal N) and captured output.
    ProcessResult wait();
    // Write `input` to its stdin (then close it) while collecting its output, and wait.
    ProcessResult communicate(const std::string& input);

  private:
    int pid_ = -1;
    int in_ = -1, out_ = -1, err_ = -1;
    bool waited_ = false;
};

}  // namespace fts::test
