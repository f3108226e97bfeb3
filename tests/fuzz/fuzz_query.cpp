// libFuzzer target for query parsing and search: any query text must give results, a warning
// or a UsageError, never a crash, hang or Xapian exception escaping.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "fts/errors.h"
#include "fts/index_writer.h"
#include "fts/search.h"

namespace {
fts::Searcher& searcher() {
    static Xapian::WritableDatabase db = [] {
        Xapian::WritableDatabase d(std::string(), Xapian::DB_BACKEND_INMEMORY);
        fts::IndexWriter w(d, fts::AnalysisConfig{}, {});
        const char* bodies[] = {"Russia deployed its Africa Corps to Mali in a state of emergency.",
                                "Peace Corps volunteers visited West Africa villages.",
                                "Harbour workers ended the strike; grain prices fell 3.5%."};
        for (int i = 0; i < 3; ++i) {
            fts::Article a;
            a.id = "doc" + std::to_string(i);
            a.title = "Title " + std::to_string(i);
            a.body = bodies[i];
            a.date = "2024010" + std::to_string(i + 1);
            a.author = "Amina Diallo";
            a.tags = {"energy", "world"};
            w.add(a);
        }
        // Longer than a snippet window, so the search for the query's words in the text (case
        // folded, in place) runs on fuzzed words too.
        fts::Article longer;
        longer.id = "long";
        longer.title = "Long";
        for (int i = 0; i < 60; ++i)
            longer.body += "Grain HARBOUR état Éclair x-ray 3.5% Aéb; the STATE of emergency. ";
        w.add(longer);
        w.commit();
        return d;
    }();
    static fts::Searcher s(db);
    return s;
}
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string query(reinterpret_cast<const char*>(data), size);
    try {
        fts::SearchOptions o;
        o.limit = 5;
        searcher().search(query, o);
    } catch (const fts::UsageError&) {
    }
    return 0;
}
