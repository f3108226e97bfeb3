// libFuzzer target for snippets: any text and query words give a snippet that keeps the rules of
// snippet_input.h (highlights in order inside the text, on character boundaries, valid UTF-8,
// within the budget).
// SPDX-License-Identifier: GPL-2.0-or-later
#include <cstddef>
#include <cstdint>

#include "snippet_input.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (!fts::fuzz::snippet_holds(data, size)) __builtin_trap();
    return 0;
}
