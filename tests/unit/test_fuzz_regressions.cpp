// Replays the fuzzing seed corpora (tests/fuzz/seeds/, which include every input a fuzzer ever
// crashed on, named regression-*) through the readers, the query path and the snippet maker in
// the normal suite.
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include <filesystem>

#include "../fuzz/snippet_input.h"
#include "fts/errors.h"
#include "fts/index_writer.h"
#include "fts/readers.h"
#include "fts/search.h"
#include "fts/text.h"
#include "support.h"

namespace fs = std::filesystem;

namespace {

// The seeds of one fuzz target, plus the corpus articles with extension `ext` (scripts/fuzz.sh
// seeds the reader targets with corpus/ too).
std::vector<std::string> seeds(const std::string& target, const std::string& ext = "") {
    std::vector<std::string> files;
    const std::string src(FTS_SOURCE_DIR);
    for (const auto& e : fs::directory_iterator(src + "/tests/fuzz/seeds/" + target))
        files.push_back(e.path().string());
    if (!ext.empty())
        for (const auto& e : fs::recursive_directory_iterator(src + "/corpus"))
            if (e.is_regular_file() && e.path().extension() == ext)
                files.push_back(e.path().string());
    return files;
}

void expect_valid(const fts::Article& a, const std::string& file) {
    EXPECT_FALSE(fts::text::find_invalid_utf8(a.title)) << file;
    EXPECT_FALSE(fts::text::find_invalid_utf8(a.body)) << file;
    EXPECT_FALSE(fts::text::find_invalid_utf8(a.author)) << file;
}

}  // namespace

TEST(FuzzRegressions, ReadersSurviveEverySeed) {
    int n = 0;
    for (const auto& [target, format, ext] :
         std::vector<std::tuple<std::string, fts::Format, std::string>>{
             {"text", fts::Format::Text, ".txt"},
             {"markdown", fts::Format::Markdown, ".md"},
             {"html", fts::Format::Html, ".html"}}) {
        for (const auto& f : seeds(target, ext)) {
            ++n;
            try {
                expect_valid(fts::read_document(format, fts::test::read_file(f)), f);
            } catch (const fts::InputError&) {
            }
        }
    }
    for (const auto& f : seeds("jsonl")) {
        ++n;
        try {
            expect_valid(fts::parse_json_record(fts::test::read_file(f)).article, f);
        } catch (const fts::InputError&) {
        }
    }
    EXPECT_GT(n, 10);
}

TEST(FuzzRegressions, QueriesSurviveEverySeed) {
    Xapian::WritableDatabase db(std::string(), Xapian::DB_BACKEND_INMEMORY);
    {
        fts::IndexWriter w(db, fts::AnalysisConfig{}, {});
        fts::Article a;
        a.id = "x";
        a.body = "Africa Corps in Mali, a state of emergency";
        a.date = "20240101";
        w.add(a);
        w.commit();
    }
    fts::Searcher s(db);
    for (const auto& f : seeds("query")) {
        try {
            s.search(fts::test::read_file(f), {});
        } catch (const fts::UsageError&) {
        }
    }
}

TEST(FuzzRegressions, UndecodableCharsetGivesValidUtf8) {
    // Found by fuzz_html: charset="utf-9" plus invalid bytes came back as invalid UTF-8.
    auto a = fts::read_html("<meta charset=\"utf-9\"><title>caf\xE9</title><p>na\xEFve \xFF</p>");
    expect_valid(a, "inline");
}

TEST(FuzzRegressions, YamlEscapesGiveValidUtf8) {
    // Found by fuzz_markdown: yaml-cpp decodes "\N" (next line) to a lone 0x85 byte.
    auto a = fts::read_markdown("---\ntitle: \"a \\NULL b c\"\nauthor: [\"\\N\"]\n---\nbody");
    expect_valid(a, "inline");
}

TEST(FuzzRegressions, SnippetsKeepTheirRulesOnEverySeed) {
    int n = 0;
    for (const auto& f : seeds("snippet")) {
        ++n;
        const std::string input = fts::test::read_file(f);
        EXPECT_TRUE(fts::fuzz::snippet_holds(reinterpret_cast<const std::uint8_t*>(input.data()),
                                             input.size()))
            << f;
    }
    EXPECT_GE(n, 3);
}
