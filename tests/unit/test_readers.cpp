// Unit tests: the readers (text, Markdown, HTML, JSON Lines records).
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include "fts/errors.h"
#include "fts/readers.h"

using fts::Format;
using fts::InputError;

TEST(Formats, ChosenByExtension) {
    EXPECT_EQ(fts::format_for_path("a/b.txt"), Format::Text);
    EXPECT_EQ(fts::format_for_path("B.MD"), Format::Markdown);
    EXPECT_EQ(fts::format_for_path("x.htm"), Format::Html);
    EXPECT_EQ(fts::format_for_path("feed.ndjson"), Format::JsonLines);
    EXPECT_EQ(fts::format_for_path("photo.jpg"), std::nullopt);
    EXPECT_EQ(fts::format_for_path(".txt"), std::nullopt);
    EXPECT_EQ(fts::format_for_path("dir.md/README"), std::nullopt);
}

TEST(TextReader, TitleLineThenBlank) {
    auto a = fts::read_text("Harbour strike ends\n\nDock workers returned.\nSecond line.\n");
    EXPECT_EQ(a.title, "Harbour strike ends");
    EXPECT_FALSE(a.title_derived);
    EXPECT_EQ(a.body, "Dock workers returned.\nSecond line.");
}

TEST(TextReader, UnderlinedTitle) {
    auto a = fts::read_text("Harbour strike ends\n===================\nDock workers returned.\n");
    EXPECT_EQ(a.title, "Harbour strike ends");
    EXPECT_EQ(a.body, "Dock workers returned.");
}

TEST(TextReader, NoTitleLineDerivesFromFirstSentence) {
    // Shaped like the seed article: a leading blank line, then a long paragraph.
    auto a = fts::read_text(
        "\nMalian Interim President General Assimi Goïta arrived in Moscow on Sunday for a "
        "four-day state visit. Goïta is scheduled to meet.\nNext paragraph.");
    EXPECT_TRUE(a.title_derived);
    EXPECT_EQ(a.title.rfind("Malian Interim President", 0), 0u);
    EXPECT_NE(a.body.find("Malian Interim President"), std::string::npos);  // body keeps it
}

TEST(TextReader, SentenceLikeFirstLineIsNotATitle) {
    auto a = fts::read_text("This is a full sentence.\n\nAnother paragraph.");
    EXPECT_TRUE(a.title_derived);
    EXPECT_EQ(a.title, "This is a full sentence.");
}

TEST(TextReader, NormalisesLineEndingsAndBom) {
    auto a = fts::read_text("\xEF\xBB\xBFTitle\r\n\r\nBody text\r\n");
    EXPECT_EQ(a.title, "Title");
    EXPECT_EQ(a.body, "Body text");
}

TEST(TextReader, RejectsBadInput) {
    EXPECT_THROW(fts::read_text(std::string("abc\0def", 7)), InputError);
    try {
        fts::read_text("good start \xC0\xAF bad");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "invalid UTF-8 at byte 11");
    }
}

TEST(TextReader, EmptyFile) {
    auto a = fts::read_text("");
    EXPECT_EQ(a.body, "");
    EXPECT_EQ(a.title, "");
}

TEST(MarkdownReader, FrontMatter) {
    auto a = fts::read_markdown(
        "---\ntitle: \"Grain corridor reopens\"\ndate: 2024-03-15\nauthor: Amina Diallo\n"
        "source: Sahel Dispatch\ntags: [trade, Niger]\n---\n# Heading in body\n\n"
        "Traders **returned** to the [border](https://example.org/x) market.\n\n- one\n- two\n");
    EXPECT_EQ(a.title, "Grain corridor reopens");
    EXPECT_EQ(a.date, "20240315");
    EXPECT_EQ(a.author, "Amina Diallo");
    EXPECT_EQ(a.source, "Sahel Dispatch");
    EXPECT_EQ(a.tags, (std::vector<std::string>{"trade", "Niger"}));
    EXPECT_NE(a.body.find("Heading in body"), std::string::npos);  // not the title here
    EXPECT_NE(a.body.find("Traders returned to the border market."), std::string::npos);
    EXPECT_EQ(a.body.find("**"), std::string::npos);
    EXPECT_EQ(a.body.find("example.org"), std::string::npos);
    EXPECT_NE(a.body.find("one"), std::string::npos);
}

TEST(MarkdownReader, BlockListTagsAndAuthorList) {
    auto a = fts::read_markdown(
        "---\ntags:\n  - energy\n  - geothermal\nauthor: [A. One, B. Two]\n---\nText.");
    EXPECT_EQ(a.tags, (std::vector<std::string>{"energy", "geothermal"}));
    EXPECT_EQ(a.author, "A. One, B. Two");
    EXPECT_EQ(a.authors, (std::vector<std::string>{"A. One", "B. Two"}));  // each for the facet
}

TEST(MarkdownReader, HeadingIsTitleWithoutFrontMatter) {
    auto a = fts::read_markdown("# Wind farm vote\n\n*Published 2019-09-21*\n\nThe town voted.");
    EXPECT_EQ(a.title, "Wind farm vote");
    EXPECT_FALSE(a.title_derived);
    EXPECT_EQ(a.body.find("Wind farm vote"), std::string::npos);
    EXPECT_NE(a.body.find("The town voted."), std::string::npos);
}

TEST(MarkdownReader, MalformedFrontMatterIsRejectedWithLine) {
    try {
        fts::read_markdown("---\ntitle: ok\ntags: [unclosed\n---\nBody");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("front matter line"), std::string::npos) << e.what();
    }
    // Two thematic breaks around a paragraph are not front matter.
    auto rules = fts::read_markdown("---\njust a paragraph\n---\nBody");
    EXPECT_NE(rules.body.find("just a paragraph"), std::string::npos);
    EXPECT_THROW(fts::read_markdown("---\n- a list\n---\nBody"), InputError);
    // Brackets inside quotes are text, not nesting.
    EXPECT_EQ(fts::read_markdown("---\ntitle: \"" + std::string(40, '[') + "\"\n---\nx").title,
              std::string(40, '['));
    EXPECT_THROW(fts::read_markdown("---\n" + std::string(100, '[') + "\n---\n"), InputError);
}

TEST(MarkdownReader, ThematicBreakWithoutClosingIsNotFrontMatter) {
    auto a = fts::read_markdown("---\nJust text after a rule.");
    EXPECT_NE(a.body.find("Just text after a rule."), std::string::npos);
}

TEST(HtmlReader, TitleMetaAndVisibleTextOnly) {
    auto a = fts::read_html(
        "<!DOCTYPE html><html><head><title>Storm &amp; floods</title>"
        "<meta name=\"author\" content=\"Tomás Rivera\">"
        "<meta name=\"date\" content=\"2022-11-03\">"
        "<meta name=\"keywords\" content=\"weather, floods\">"
        "<style>.quuxstyle { color: red }</style>"
        "<script>var zorbleflux = 1;</script></head>"
        "<body><nav>Home | World</nav><h1>Storm</h1><p>Caf&eacute; closed&mdash;rain.</p>"
        "<p>Second <b>para</b>graph.</p><div hidden>secret</div></body></html>");
    EXPECT_EQ(a.title, "Storm & floods");
    EXPECT_EQ(a.author, "Tomás Rivera");
    EXPECT_EQ(a.date, "20221103");
    EXPECT_EQ(a.tags, (std::vector<std::string>{"weather", "floods"}));
    EXPECT_NE(a.body.find("Café closed—rain."), std::string::npos) << a.body;
    EXPECT_NE(a.body.find("Second paragraph."), std::string::npos) << a.body;
    for (const char* absent : {"zorbleflux", "quuxstyle", "Home | World", "secret"})
        EXPECT_EQ(a.body.find(absent), std::string::npos) << absent;
}

TEST(HtmlReader, PublishedTimeAndTitleFallbacks) {
    auto a = fts::read_html(
        "<html><head><meta property=\"article:published_time\" content=\"2021-06-01T08:30:00Z\">"
        "<meta property=\"og:site_name\" content=\"Cocoa Weekly\"></head>"
        "<body><h1>Cocoa growers</h1><p>Text</p></body></html>");
    EXPECT_EQ(a.date, "20210601");
    EXPECT_EQ(a.title, "Cocoa growers");
    EXPECT_EQ(a.source, "Cocoa Weekly");
}

TEST(HtmlReader, LegacyCharsetIsDecoded) {
    auto a = fts::read_html(
        "<html><head><meta "
        "charset=\"iso-8859-1\"><title>Z\xFCrich</title></head><body>caf\xE9</body></html>");
    EXPECT_EQ(a.title, "Zürich");
    EXPECT_NE(a.body.find("café"), std::string::npos);
}

TEST(HtmlReader, InvalidUtf8WithoutCharsetIsRejected) {
    EXPECT_THROW(fts::read_html("<html><body>caf\xE9</body></html>"), InputError);
}

TEST(HtmlReader, DeepNestingDoesNotOverflow) {
    std::string html;
    for (int i = 0; i < 100000; ++i) html += "<div>";
    html += "deep";
    auto a = fts::read_html(html);
    SUCCEED();
}

TEST(JsonRecord, Fields) {
    auto r = fts::parse_json_record(
        R"({"id":"wire-1","title":"T","text":"Body words","date":"2024-02-11T10:00:00Z",)"
        R"("author":["A","B"],"url":"https://news.example.org/a?b=1","tags":["x","y"]})");
    EXPECT_FALSE(r.deleted);
    EXPECT_EQ(r.article.id, "wire-1");
    EXPECT_EQ(r.article.title, "T");
    EXPECT_EQ(r.article.body, "Body words");
    EXPECT_EQ(r.article.date, "20240211");
    EXPECT_EQ(r.article.author, "A, B");
    EXPECT_EQ(r.article.source, "news.example.org");
    EXPECT_EQ(r.article.tags, (std::vector<std::string>{"x", "y"}));
}

TEST(JsonRecord, NumericIdAndDeletion) {
    EXPECT_EQ(fts::parse_json_record(R"({"id": 42, "body": "x"})").article.id, "42");
    auto del = fts::parse_json_record(R"({"id": "a", "deleted": true})");
    EXPECT_TRUE(del.deleted);
    EXPECT_EQ(del.article.id, "a");
}

TEST(JsonRecord, ErrorsNameTheProblem) {
    auto message = [](const std::string& line) {
        try {
            fts::parse_json_record(line);
        } catch (const InputError& e) {
            return std::string(e.what());
        }
        return std::string("no error");
    };
    EXPECT_EQ(message(R"({"title": "no id"})"), "record has no 'id'");
    EXPECT_EQ(message(R"([1,2])"), "record is not a JSON object");
    EXPECT_EQ(message(R"({"id": "x", "title": 5})"), "field 'title' must be a string");
    EXPECT_EQ(message(R"({"id": "x", "tags": [1]})"), "field 'tags' must hold strings");
    EXPECT_EQ(message(R"({"id": 1.5})"), "field 'id' must be a string or an integer");
    EXPECT_EQ(message(R"({"id": "  "})"), "field 'id' is empty");
    EXPECT_EQ(message("{\"id\": \"x\xff\"}"), "invalid UTF-8 at byte 9");
    EXPECT_EQ(message(R"({"id": "x", )").rfind("malformed JSON at byte", 0), 0u);
}

TEST(MarkdownReader, InlineHtmlSeparatesWordsAndBlockHtmlKeepsText) {
    auto a =
        fts::read_markdown("line one<br>line two\n\n<div class=\"note\">\nboxed words\n</div>\n");
    EXPECT_NE(a.body.find("one line"), std::string::npos) << a.body;
    EXPECT_NE(a.body.find("boxed words"), std::string::npos) << a.body;
    EXPECT_EQ(a.body.find("class"), std::string::npos) << a.body;
}

TEST(HtmlReader, DeepNestingKeepsLaterTextAndCdataIsHidden) {
    std::string html = "<html><body>";
    for (int i = 0; i < 300; ++i) html += "<div>";
    html += "deepword";
    for (int i = 0; i < 300; ++i) html += "</div>";
    html += "<p>afterword</p><![CDATA[ cdataword ]]></body></html>";
    auto a = fts::read_html(html);
    EXPECT_NE(a.body.find("deepword"), std::string::npos);
    EXPECT_NE(a.body.find("afterword"), std::string::npos);
    EXPECT_EQ(a.body.find("cdataword"), std::string::npos);
}

TEST(TextReader, NulAnywhereIsBinary) {
    std::string content = "Title\n\n" + std::string(9000, 'a') + std::string(1, '\0') + " late";
    EXPECT_THROW(fts::read_text(content), InputError);
}

TEST(JsonRecord, OutOfRangeNumbersAreRejectedNotFatal) {
    try {
        fts::parse_json_record(R"({"id":"x","body":"y","views":1e400})");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_EQ(std::string(e.what()).rfind("unreadable JSON", 0), 0u) << e.what();
    }
}
