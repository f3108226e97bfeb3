// fts tests: support code.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "support.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <csignal>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fts::test {

TempDir::TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "fts-test-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(path_, ec);
}

void write_file(const std::string& path, const std::string& content) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    std::ofstream out(path, std::ios::binary);
    out << content;
    if (!out) throw std::runtime_error("cannot write " + path);
}

std::string read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    return s.str();
}

ProcessResult run(const std::vector<std::string>& argv, const std::string& input) {
    return Child(argv).communicate(input);
}

}  // namespace fts::test

namespace fts::test {

Child::Child(const std::vector<std::string>& argv, bool capture, bool own_group) {
    // Close-on-exec: a child started later must not inherit this one's stdin (it would never see
    // its end of input) nor its output pipes. (dup2 gives the child its 0, 1 and 2 without it.)
    int in_pipe[2], out_pipe[2], err_pipe[2];
    if (::pipe2(in_pipe, O_CLOEXEC) || ::pipe2(out_pipe, O_CLOEXEC) || ::pipe2(err_pipe, O_CLOEXEC))
        throw std::runtime_error("pipe");
    pid_ = ::fork();
    if (pid_ < 0) throw std::runtime_error("fork");
    if (pid_ == 0) {
        if (own_group) ::setpgid(0, 0);
        ::dup2(in_pipe[0], 0);
        if (capture) {
            ::dup2(out_pipe[1], 1);
            ::dup2(err_pipe[1], 2);
        } else {
            int devnull = ::open("/dev/null", O_WRONLY);
            ::dup2(devnull, 1);
            ::dup2(devnull, 2);
        }
        for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1]})
            ::close(fd);
        std::vector<char*> args;
        for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
        args.push_back(nullptr);
        ::execv(args[0], args.data());
        ::_exit(127);
    }
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    in_ = in_pipe[1];
    out_ = out_pipe[0];
    err_ = err_pipe[0];
}

Child::~Child() {
    if (!waited_) {
        ::kill(pid_, SIGKILL);
        wait();
    }
}

void Child::write_stdin(const std::string& data) {
    std::size_t done = 0;
    while (done < data.size()) {
        ssize_t n = ::write(in_, data.data() + done, data.size() - done);
        if (n <= 0) throw std::runtime_error("write to child failed");
        done += static_cast<std::size_t>(n);
    }
}

void Child::close_stdin() {
    if (in_ >= 0) ::close(in_);
    in_ = -1;
}

void Child::signal(int sig) {
    ::kill(pid_, sig);
}

ProcessResult Child::wait() {
    return communicate("");
}

ProcessResult Child::communicate(const std::string& input) {
    // Feed stdin and drain stdout/stderr together, so neither side can block the other.
    ProcessResult r;
    std::size_t written = 0;
    bool in_open = in_ >= 0 && !input.empty();
    if (in_open) {
        ::fcntl(in_, F_SETFL, O_NONBLOCK);
    } else {
        close_stdin();
    }
    bool out_open = true, err_open = true;
    char buf[65536];
    while (out_open || err_open) {
        std::vector<pollfd> fds;
        if (out_open) fds.push_back({out_, POLLIN, 0});
        if (err_open) fds.push_back({err_, POLLIN, 0});
        if (in_open) fds.push_back({in_, POLLOUT, 0});
        ::poll(fds.data(), fds.size(), -1);
        for (const auto& p : fds) {
            if (!p.revents) continue;
            if (in_open && p.fd == in_) {
                ssize_t n = ::write(in_, input.data() + written, input.size() - written);
                if (n > 0) written += static_cast<std::size_t>(n);
                if (n < 0 || written == input.size()) {
                    close_stdin();
                    in_open = false;
                }
                continue;
            }
            ssize_t n = ::read(p.fd, buf, sizeof buf);
            if (n <= 0) {
                ::close(p.fd);
                (p.fd == out_ ? out_open : err_open) = false;
            } else {
                (p.fd == out_ ? r.out : r.err).append(buf, static_cast<std::size_t>(n));
            }
        }
    }
    close_stdin();
    int status = 0;
    ::waitpid(pid_, &status, 0);
    waited_ = true;
    r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return r;
}

}  // namespace fts::test

namespace fts::test {

std::string synthetic_text(unsigned seed, std::size_t words) {
    static const char* const kWords[] = {
        "harbour", "council",   "grain",    "corridor", "minister",   "river",     "drought",
        "market",  "election",  "shipping", "tariff",   "delegation", "reservoir", "power",
        "strike",  "wages",     "the",      "of",       "and",        "in",        "a",
        "to",      "was",       "for",      "budget",   "forecast",   "survey",    "pipeline",
        "railway", "treaty",    "festival", "museum",   "coastal",    "northern",  "regional",
        "annual",  "temporary", "public",   "private",  "federal"};
    constexpr std::size_t n = sizeof kWords / sizeof kWords[0];
    std::uint64_t x = 0x9E3779B97F4A7C15ull ^ seed;
    std::string out;
    for (std::size_t i = 0; i < words; ++i) {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        out += kWords[x % n];
        out += (i % 13 == 12) ? ". " : " ";
        if (i % 97 == 96) out += std::to_string(x % 10000) + " ";
    }
    return out;
}

}  // namespace fts::test
