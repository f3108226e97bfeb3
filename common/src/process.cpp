// fts process: heap made resident at start, exit without destructors.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/process.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace fts {

bool prefault_heap(std::size_t bytes) {
#if defined(__GLIBC__) && defined(MADV_POPULATE_WRITE)
    if (bytes == 0) return false;
    // Allocations up to twice `bytes` come from the heap, not from mappings of their own (each its
    // own page faults), and freeing them does not give the heap's top back to the kernel.
    mallopt(M_MMAP_THRESHOLD, static_cast<int>(2 * bytes));
    mallopt(M_TRIM_THRESHOLD, static_cast<int>(4 * bytes));
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const auto before = reinterpret_cast<std::uintptr_t>(::sbrk(0));
    // Grow the heap by `bytes` (allocated and freed: kept as its free top).
    void* volatile block = std::malloc(bytes);
    std::free(block);
    const auto after = reinterpret_cast<std::uintptr_t>(::sbrk(0));
    if (before == static_cast<std::uintptr_t>(-1) || after <= before) return false;
    // From the heap's start, not from where it was grown: the static initialisers' allocations
    // leave most pages of malloc's first 132 KB untouched (~13 faults later in a search). Pages
    // already resident cost nothing more.
    const std::uintptr_t grown = (before + page - 1) & ~(page - 1);
    std::uintptr_t from = grown;
#if __GLIBC_PREREQ(2, 33)
    const struct mallinfo2 arena = mallinfo2();  // .arena: bytes malloc took with sbrk
    if (arena.arena > 0 && arena.arena <= after) from = (after - arena.arena) & ~(page - 1);
#endif
    // Fails harmlessly (EINVAL) on kernels without it: the pages then fault in one by one. A heap
    // not in one piece (ENOMEM: a hole below) gets its grown part done only.
    auto populate = [&](std::uintptr_t start) {
        return ::madvise(reinterpret_cast<void*>(start), after - start, MADV_POPULATE_WRITE) == 0;
    };
    return populate(from) || (from < grown && populate(grown));
#else
    (void)bytes;
    return false;
#endif
}

void keep_standard_streams_apart() {
    for (int fd = 0; fd <= 2; ++fd) {
        if (::fcntl(fd, F_GETFD) != -1 || errno != EBADF) continue;
        // (The lowest free number: this one, as those below it are open by now.)
        const int opened = ::open("/dev/null", fd == 2 ? O_WRONLY : O_RDONLY);
        if (opened != fd && opened >= 0) ::close(opened);  // (cannot happen; never keep it)
    }
}

void exit_now(int code) {
    std::cout.flush();
    std::cerr.flush();
    std::fflush(nullptr);
    std::_Exit(code);
}

}  // namespace fts
