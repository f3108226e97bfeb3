// libFuzzer targets for the readers: one binary per format, chosen at compile time by
// FTS_FUZZ_FORMAT (0 text, 1 Markdown, 2 HTML, 3 JSON Lines record). Any input must either
// produce an Article or be rejected with InputError: no crash, hang, leak or sanitizer report.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fts/errors.h"
#include "fts/readers.h"
#include "fts/text.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    try {
#if FTS_FUZZ_FORMAT == 0
        fts::Article a = fts::read_text(input);
#elif FTS_FUZZ_FORMAT == 1
        fts::Article a = fts::read_markdown(input);
#elif FTS_FUZZ_FORMAT == 2
        fts::Article a = fts::read_html(input);
#else
        fts::Article a = fts::parse_json_record(input).article;
#endif
        // What a reader returns is what gets indexed and printed: it must be valid UTF-8.
        if (fts::text::find_invalid_utf8(a.title) || fts::text::find_invalid_utf8(a.body) ||
            fts::text::find_invalid_utf8(a.author))
            __builtin_trap();
    } catch (const fts::InputError&) {
    }
    return 0;
}
