// fts process: what a short-lived command does at its start and end to waste less of its life.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstddef>

namespace fts {

// Heap a one-shot `searcher` run uses (~120 pages of 4 KB with snippets on Wikipedia, more with
// feedback), made ready at its start.
inline constexpr std::size_t kSearcherHeapBytes = 1024 * 1024;

// Makes the next `bytes` of malloc's heap resident in one system call, and has allocations up to
// that size taken from it. Each page a process touches first otherwise costs a page fault, ~12 us
// each on a virtual machine (the development VM), against ~1 us a page here. Does nothing where
// the kernel cannot (before Linux 5.14) or the C library is not glibc; says whether it did.
bool prefault_heap(std::size_t bytes);

// Gives a closed standard input, output or error (`indexer ... <&-`, a daemon's child) a file
// of its own before anything is opened: else the next file opened (a database's) would take its
// number, and be read as queries or written into as output. Input reads /dev/null (nothing);
// output goes to /dev/null opened read-only, so that writing results fails and is reported as
// for any unwritable output; error output to /dev/null. Call first in main().
void keep_standard_streams_apart();

// Flushes the standard streams and ends the process with `code`, without running the destructors
// of static objects and libraries: their code is paged in only to free memory and close files the
// kernel releases anyway (~0.4 ms of a one-shot search). Only once everything is written.
[[noreturn]] void exit_now(int code);

}  // namespace fts
