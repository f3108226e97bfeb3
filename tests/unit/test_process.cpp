// Unit tests: fts::prefault_heap.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>
#include <sys/mman.h>
#include <unistd.h>

#include <cstdint>
#include <string>
#include <vector>

#include "fts/process.h"

TEST(Process, PrefaultedHeapIsResidentAndStillAllocates) {
    constexpr std::size_t kBytes = 256 * 1024;
    if (!fts::prefault_heap(kBytes))
        GTEST_SKIP() << "no MADV_POPULATE_WRITE here (kernel before 5.14, or not glibc's malloc)";
    // The heap's top, where the next allocations come from, is resident: no page faults there.
    const auto page = static_cast<std::size_t>(::sysconf(_SC_PAGESIZE));
    auto* top = static_cast<char*>(::sbrk(0));
    const std::size_t pages = kBytes / page;
    std::vector<unsigned char> resident(pages);
    ASSERT_EQ(::mincore(top - pages * page, pages * page, resident.data()), 0);
    for (std::size_t i = 0; i < pages; ++i) EXPECT_TRUE(resident[i] & 1) << "page " << i;
    // And memory is handed out as before, small and large.
    std::vector<std::string> blocks;
    for (int i = 0; i < 200; ++i) blocks.emplace_back(static_cast<std::size_t>(i) * 997, 'x');
    blocks.emplace_back(3 * kBytes, 'y');
    EXPECT_EQ(blocks[150].size(), 150u * 997);
    EXPECT_EQ(blocks.back()[3 * kBytes - 1], 'y');
}
