// Unit tests: the readers (text, Markdown, HTML, JSON Lines records).
// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include "fts/errors.h"
#include "fts/readers.h"
#include "fts/text.h"

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
        EXPECT_STREQ(e.what(), "invalid UTF-8 at byte 12");
    }
    // Counted from 1, in the file as it is (a byte order mark included), as JSON's parse errors
    // and the searcher count (a review found them one apart).
    try {
        fts::read_text(
            "\xEF\xBB\xBF"
            "ab\xff");
        FAIL();
    } catch (const InputError& e) {
        EXPECT_STREQ(e.what(), "invalid UTF-8 at byte 6");
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

// Regressions (a review): field names were case-sensitive (unlike front matter's: "Title" was
// no title), and "\r\n" inside a JSON string stayed in the text (files' CRLF becomes LF).
TEST(JsonRecord, FieldNamesWithoutCaseAndLineEnds) {
    auto r = fts::parse_json_record(
        R"({"ID":"x1","Title":"Harbour","BODY":"one\r\ntwo\rthree","Tags":["A"],"title_x":1})");
    EXPECT_EQ(r.article.id, "x1");
    EXPECT_EQ(r.article.title, "Harbour");
    EXPECT_EQ(r.article.body, "one\ntwo\nthree");
    EXPECT_EQ(r.article.tags, std::vector<std::string>{"A"});
    auto both = fts::parse_json_record(R"({"id":"x2","Title":"Upper","title":"lower","body":"b"})");
    EXPECT_EQ(both.article.title, "lower");
}

TEST(JsonRecord, NumericIdAndDeletion) {
    EXPECT_EQ(fts::parse_json_record(R"({"id": 42, "body": "x"})").article.id, "42");
    auto del = fts::parse_json_record(R"({"id": "a", "deleted": true})");
    EXPECT_TRUE(del.deleted);
    EXPECT_EQ(del.article.id, "a");
    // false (or null) is an ordinary record.
    auto kept = fts::parse_json_record(R"({"id": "a", "deleted": false, "body": "x"})");
    EXPECT_FALSE(kept.deleted);
    EXPECT_EQ(kept.article.body, "x");
    EXPECT_FALSE(fts::parse_json_record(R"({"id": "a", "deleted": null})").deleted);
}

// Regression (a review): "deleted": "yes", 1, "true" or [true] made an empty record that
// replaced the document (its text gone, without a word); and a text under a second name of
// the wrong type was let through.
TEST(JsonRecord, OnlyABooleanDeletes) {
    for (const char* value : {R"("yes")", "1", R"("true")", "[true]", "{}"})
        EXPECT_THROW(fts::parse_json_record(std::string(R"({"id":"k","deleted":)") + value + "}"),
                     InputError)
            << value;
    EXPECT_THROW(fts::parse_json_record(R"({"id":"u","body":"x","text":5})"), InputError);
    // A record with neither title nor text is shown by its id (it was an empty title).
    const auto empty = fts::parse_json_record(R"({"id":"wire-0042","body":""})").article;
    EXPECT_EQ(empty.title, "wire-0042");
    EXPECT_TRUE(empty.title_derived);
    EXPECT_EQ(
        fts::parse_json_record(R"({"id":"u","body":"","text":"t","content":"c"})").article.body,
        "t");
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
    EXPECT_EQ(message("{\"id\": \"x\xff\"}"), "invalid UTF-8 at byte 10");
    EXPECT_EQ(message(R"({"id": "x", )").rfind("malformed JSON at byte", 0), 0u);
}

// Regression (a review): every inline tag was a space ("H<sub>2</sub>O" was "H 2 O"), and an
// inline script's or style's text was indexed and shown.
TEST(MarkdownReader, InlineHtmlReadAsABrowserShowsIt) {
    auto a = fts::read_markdown(
        "# Water\n\nThe H<sub>2</sub>O level and <script>trackerzz()</script> tail, "
        "un<b>bold</b>ed, <style>p{}</style>styled<br/>next<img src=x>word.\n\n"
        "An <script>open script\n\nNext paragraph stays.\n");
    EXPECT_EQ(a.body,
              "The H2O level and  tail, unbolded, styled next word.\n\nAn\n\nNext paragraph "
              "stays.");
    // (A review of that rule: <wbr> joins, a textarea's text is shown, an image's alt kept.)
    auto b = fts::read_markdown(
        "Long<wbr>word, <textarea>typed text</textarea>, <img src=x alt=\"A &amp; cat\">.\n");
    EXPECT_EQ(b.body, "Longword,  typed text ,  A & cat .");
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

// Regressions from a review of messy real-world input (each failed before its fix).

TEST(HtmlReader, PageWithoutHtmlOrBodyTagsKeepsItsText) {
    // HTML5 lets <html>, <head> and <body> out: the text after a first <meta>, <style> or <h1>
    // was lost, or became the title.
    auto a = fts::read_html(
        "<meta charset=\"utf-8\">\n<title>Dam breach floods valley</title>\n"
        "<p>Residents were evacuated after the dam gave way.</p>\n");
    EXPECT_EQ(a.title, "Dam breach floods valley");
    EXPECT_EQ(a.body, "Residents were evacuated after the dam gave way.");
    auto b = fts::read_html(
        "<h1>Dam breach floods valley</h1>\n<p>Residents were evacuated.</p>\n"
        "<p>Repairs will take months.</p>\n");
    EXPECT_EQ(b.title, "Dam breach floods valley");
    EXPECT_NE(b.body.find("Repairs will take months."), std::string::npos) << b.body;
    for (const char* first : {"<style>p{}</style>", "<script>x()</script>", "<nav>Home</nav>",
                              "<button>Go</button>", "<span aria-hidden=\"true\">x</span>"}) {
        auto c = fts::read_html(std::string(first) + "\n<p>Residents were evacuated.</p>\n");
        EXPECT_EQ(c.body, "Residents were evacuated.") << first;
    }
    auto d = fts::read_html(
        "<head><title>Headless</title><meta name=\"author\" content=\"Ana\"></head>"
        "<body><p>Residents evacuated.</p></body>");
    EXPECT_EQ(d.title, "Headless");
    EXPECT_EQ(d.author, "Ana");
    EXPECT_EQ(d.body, "Residents evacuated.");
}

// Regression (a review): libxml2 keeps the HTML5 elements it does not know (<article>, <main>,
// <section>, <header>, <time>, custom ones) in <head> when they come first on a page without
// <body>: such a page was indexed with its title and no word of its text.
TEST(HtmlReader, Html5ElementsBeforeAnyBodyTagAreText) {
    for (const char* wrap : {"article", "main", "section", "time", "my-widget"}) {
        const std::string w(wrap);
        auto a = fts::read_html(
            "<!doctype html>\n<meta charset=\"utf-8\">\n<title>Port strike</title>\n<" + w +
            "><p>Dockers walked out on Monday.</p></" + w + ">\n<p>Ships wait.</p>\n");
        EXPECT_EQ(a.title, "Port strike") << wrap;
        EXPECT_NE(a.body.find("Dockers walked out on Monday."), std::string::npos)
            << wrap << a.body;
        EXPECT_NE(a.body.find("Ships wait."), std::string::npos) << wrap << a.body;
    }
    // What belongs in <head> stays out of the text.
    auto b = fts::read_html(
        "<title>T</title><style>p{}</style><script>track()</script><base href=\"/\">"
        "<article>Body words</article>");
    EXPECT_EQ(b.body, "Body words");
}

// Regressions (a review): the last <title> was the title and one in the body was text (browsers
// take the first and show none); a relative canonical link beat an absolute og:url, and left the
// source empty.
TEST(HtmlReader, FirstTitleAndAbsoluteUrlWin) {
    auto a = fts::read_html(
        "<head><title>First</title><title>Second</title></head><body><p>b</p><title>Third</title>"
        "</body>");
    EXPECT_EQ(a.title, "First");
    EXPECT_EQ(a.body, "b");
    auto b = fts::read_html(
        "<head><link rel=\"canonical\" href=\"/a/b\"><meta property=\"og:url\" "
        "content=\"https://www.og-host.com/a/b\"></head><body>x</body>");
    EXPECT_EQ(b.url, "https://www.og-host.com/a/b");
    EXPECT_EQ(b.source, "www.og-host.com");
    auto c = fts::read_html(
        "<head><link rel=\"canonical\" href=\"//www.example-news.com/a\"></head><body>x</body>");
    EXPECT_EQ(c.url, "https://www.example-news.com/a");
    EXPECT_EQ(c.source, "www.example-news.com");
    auto d = fts::read_html(
        "<head><meta property=\"og:url\" content=\"https://og.example/x\"><link rel=\"canonical\" "
        "href=\"https://canon.example/x\"></head><body>x</body>");
    EXPECT_EQ(d.url, "https://canon.example/x");
    auto e = fts::read_html("<head><link rel=\"canonical\" href=\"/only\"></head><body>x</body>");
    EXPECT_EQ(e.url, "/only");
}

// Regression (a review): Word's conditionals and processing instructions were text, and numeric
// references to no character vanished, gluing the words either side; browsers show neither
// the markup nor the words glued.
TEST(HtmlReader, BogusCommentsAndReferencesToNoCharacter) {
    auto a = fts::read_html(
        "<p>Second <![if !supportLists]>1.<![endif]>item</p><p>y <? echo \"phpzz\" ?> z</p>"
        "<!--[if gte mso 9]><xml>junk</xml><![endif]--><p>after</p>");
    EXPECT_EQ(a.body, "Second 1.item\n\ny z\n\nafter");
    auto b = fts::read_html("<p>a&#0;b c&#xD800;d e&#x110000;f g&#9999999999;h &#x; &#; &#65;</p>");
    EXPECT_EQ(b.body, "a\uFFFDb c\uFFFDd e\uFFFDf g\uFFFDh &#x; &#; A");
    // Scripts, styles and CDATA keep what looks like one (they are hidden anyway), and the page
    // after them is read.
    auto c = fts::read_html(
        "<script>if (a<?b) x('<![if');</script><style>p{content:'<?'}</style><p>kept words</p>");
    EXPECT_EQ(c.body, "kept words");
}

// Regressions (a review): the site's header, footer and sidebar were the article's text (and
// its snippets), and the site's name ended every title ("... | The Gazette").
TEST(HtmlReader, SiteHeaderFooterAndNameAreNoPartOfTheArticle) {
    auto a = fts::read_html(
        "<html><head><title>Port strike ends | The Gazette</title>"
        "<meta property=\"og:site_name\" content=\"The Gazette\"></head><body>"
        "<header><a>Home</a> <a>Subscribe</a></header><aside>Most read: cats</aside>"
        "<article><header><h2>Dockers return</h2></header><p>Ships are unloaded again.</p>"
        "<aside>Pull quote: back to work</aside><footer>By A. Writer</footer></article>"
        "<footer>Copyright The Gazette</footer></body></html>");
    EXPECT_EQ(a.title, "Port strike ends");
    EXPECT_EQ(a.source, "The Gazette");
    EXPECT_EQ(a.body,
              "Dockers return\n\nShips are unloaded again.\n\nPull quote: back to work\n\nBy A. "
              "Writer");
    auto b = fts::read_html(
        "<body><header><h1>Only heading</h1></header><main><p>Text.</p></main></body>");
    EXPECT_EQ(b.title, "Only heading");
    EXPECT_EQ(b.body, "Text.");
    auto c = fts::read_html(
        "<title>Gazette - The Gazette news</title><meta name=\"source\" "
        "content=\"The Gazette\"><p>x</p>");
    EXPECT_EQ(c.title, "Gazette - The Gazette news");  // the name is not at its end
    // (A review of that rule: a header or footer below <body> is the text's own, and a page
    // whose text is all in the page's header is not emptied.)
    for (const char* html :
         {"<body><div class=post><header><h1>Entry heading</h1></header><p>Body</p></div></body>",
          "<body><section><header><h2>Entry heading</h2></header><p>Body</p></section></body>",
          "<body><blockquote><p>Body</p><footer>Entry heading</footer></blockquote></body>",
          "<body><header><h1>Entry heading</h1><p>Body</p></header></body>"}) {
        auto d = fts::read_html(html);
        EXPECT_NE(d.body.find("Entry heading"), std::string::npos) << html << d.body;
        EXPECT_NE(d.body.find("Body"), std::string::npos) << html << d.body;
    }
}

TEST(HtmlReader, HeadingTitleIsItsVisibleText) {
    EXPECT_EQ(fts::read_html("<html><body><h1>Storm <em>hits</em><br>coast</h1><p>B.</p>").title,
              "Storm hits coast");
    EXPECT_EQ(fts::read_html("<body><h1>Flood<span hidden>SEO words</span> <script>track()"
                             "</script>warning</h1><p>B.</p>")
                  .title,
              "Flood warning");
}

TEST(HtmlReader, DeclaredCharsetIsDecodedToTheEnd) {
    // libxml2 stopped at the first byte its decoder refused: the rest of the page was lost.
    auto a = fts::read_html(
        "<html><head><meta charset=\"us-ascii\"><title>Ascii</title></head>"
        "<body><p>first caf\xe9 second</p><p>third para words</p></body></html>");
    EXPECT_NE(a.body.find("first café second"), std::string::npos) << a.body;  // windows-1252
    EXPECT_NE(a.body.find("third para words"), std::string::npos) << a.body;
    // gb2312 is read as GBK (GB18030): 镕 is GBK only. 朱镕基 in GBK:
    auto b = fts::read_html(
        "<html><head><meta charset=\"gb2312\"></head><body><p>\xd6\xec\xe9\x46\xbb\xf9 premier"
        "</p><p>second paragraph</p></body></html>");
    EXPECT_NE(b.body.find("朱镕基 premier"), std::string::npos) << b.body;
    EXPECT_NE(b.body.find("second paragraph"), std::string::npos) << b.body;
    // A byte that is no character of the charset is U+FFFD, the rest still read.
    auto c = fts::read_html("<meta charset=\"shift_jis\"><p>a\x82\xa0 \xff b</p><p>end words</p>");
    EXPECT_NE(c.body.find("end words"), std::string::npos) << c.body;
    EXPECT_FALSE(fts::text::find_invalid_utf8(c.body)) << c.body;
}

TEST(HtmlReader, MoreCharsetLabelsAndWhichDeclarationWins) {
    // Labels glibc's iconv does not know by these names (a review found them read as
    // windows-1252 by the first version).
    EXPECT_EQ(fts::read_html("<meta charset=\"x-cp1251\"><p>\xcf\xf0\xe8\xe2\xe5\xf2</p>").body,
              "Привет");
    EXPECT_EQ(fts::read_html("<meta charset=\"iso-8859-8-i\"><p>\xf9\xec\xe5\xed</p>").body,
              "שלום");
    EXPECT_EQ(fts::read_html("<meta charset=\"x-mac-roman\"><p>caf\x8e</p>").body, "café");
    // A <meta> wins over an XML declaration, as in browsers.
    EXPECT_EQ(fts::read_html("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<html><head><meta "
                             "http-equiv=\"Content-Type\" content=\"text/html; "
                             "charset=windows-1252\"></head><body><p>caf\xe9</p></body></html>")
                  .body,
              "café");
    // A page declaring UTF-8 (or UTF-16, which means UTF-8) gets U+FFFD for a stray byte.
    EXPECT_EQ(fts::read_html("<meta charset=\"utf-16\"><p>caf\xe9 x</p>").body, "caf\ufffd x");
}

TEST(HtmlReader, CharsetOfXmlDeclarationAndMetaOnly) {
    auto a = fts::read_html(
        "<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<html><body><p>Z\xfcrich</p></body>"
        "</html>");
    EXPECT_EQ(a.body, "Zürich");
    // A charset attribute of a <script> is not the page's.
    auto b = fts::read_html(
        "<html><head><script src=\"a.js\" charset=\"utf-8\"></script>"
        "<meta charset=\"windows-1252\"></head><body><p>caf\xe9</p></body></html>");
    EXPECT_EQ(b.body, "café");
    auto c = fts::read_html(
        "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=ISO-8859-1\">"
        "<p>na\xefve \x93quoted\x94 \x80</p>");
    EXPECT_EQ(c.body, "naïve “quoted” €");  // iso-8859-1 means windows-1252, as in browsers
}

TEST(HtmlReader, NumericReferencesToC1MeanWindows1252) {
    auto a = fts::read_html(
        "<html><body><p>he don&#146;t know, &#147;quoted&#148; &#133; &#128;5</p></body></html>");
    EXPECT_EQ(a.body, "he don’t know, “quoted” … €5");
}

TEST(HtmlReader, MoreBlockElementsSeparateWords) {
    auto a = fts::read_html(
        "<html><body><center>Photo by Reuters</center>Officials confirmed.<fieldset><legend>Poll"
        "</legend>Vote now</fieldset><label>Name</label><textarea>typed</textarea></body></html>");
    for (const char* glued : {"ReutersOfficials", "PollVote", "Nametyped"})
        EXPECT_EQ(a.body.find(glued), std::string::npos) << glued << " in " << a.body;
}

TEST(HtmlReader, CdataSectionHidesOnlyItself) {
    EXPECT_EQ(fts::read_html("<p><![CDATA[junk]]> Important words here</p>").body,
              "Important words here");
    EXPECT_EQ(fts::read_html("<p>before <![CDATA[hidden]]> after</p>").body, "before after");
}

TEST(HtmlReader, BylineAndRepeatedTags) {
    auto a = fts::read_html(
        "<html><head><meta name=\"byl\" content=\"By John Smith\">"
        "<meta name=\"keywords\" content=\"Floods, Weather\">"
        "<meta property=\"article:tag\" content=\"floods\"></head><body>x</body></html>");
    EXPECT_EQ(a.author, "John Smith");
    EXPECT_EQ(a.tags, (std::vector<std::string>{"Floods", "Weather"}));
}

TEST(Readers, UnicodeSpacesAreWhitespace) {
    // A no-break space alone was a title that looked empty.
    EXPECT_EQ(fts::read_html("<html><body><p>&nbsp;</p><p>Storm&nbsp;hits the coast.</p>").title,
              "Storm hits the coast.");
    EXPECT_EQ(fts::read_text("\xc2\xa0\n\nStorm hits the coast.\n").title, "Storm hits the coast.");
    auto r = fts::parse_json_record(R"({"id":"n","title":"\u00a0\u3000","body":"Body here."})");
    EXPECT_EQ(r.article.title, "Body here.");
    EXPECT_EQ(fts::text::trim("\xc2\xa0 a b\xe2\x80\x83"), "a b");
    EXPECT_EQ(fts::text::collapse_whitespace("a\xc2\xa0\xc2\xa0 b"), "a b");
}

TEST(Readers, Utf16WithByteOrderMarkIsDecoded) {
    static const char kLe[] = "\xff\xfeT\0i\0t\0l\0e\0\n\0\n\0B\0o\0d\0y\0\n\0";
    const std::string le(kLe, sizeof kLe - 1);
    auto a = fts::read_text(le);
    EXPECT_EQ(a.title, "Title");
    EXPECT_EQ(a.body, "Body");
    static const char kBe[] = "\xfe\xff\0<\0p\0>\0w\0i\0d\0e";
    const std::string be(kBe, sizeof kBe - 1);
    EXPECT_EQ(fts::read_html(be).body, "wide");
    try {
        static const char kNoMark[] = "T\0i\0t\0l\0e\0 \0t\0e\0x\0t\0";
        fts::read_text(std::string(kNoMark, sizeof kNoMark - 1));
        ADD_FAILURE() << "UTF-16 without a mark was read";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("UTF-16"), std::string::npos) << e.what();
    }
}

TEST(TextReader, TitleWordsCountedAcrossTabs) {
    std::string line = "Title";
    for (int i = 0; i < 25; ++i) line += "\tword";
    EXPECT_TRUE(fts::read_text(line + "\n\nBody.\n").title_derived);
}

TEST(MarkdownReader, RawHtmlGivesWhatABrowserShows) {
    auto a = fts::read_markdown(
        "# T\n\n<div>\n<script>var trackingcode = 1;</script>\n<style>.x{color:red}</style>\n"
        "<p>Fish &amp; chips &mdash; great</p>\n</div>\n\n"
        "<!-- editor: check a > b before publishing, secretnote -->\n\nBody text.\n");
    EXPECT_NE(a.body.find("Fish & chips — great"), std::string::npos) << a.body;
    EXPECT_NE(a.body.find("Body text."), std::string::npos) << a.body;
    for (const char* absent : {"trackingcode", "color", "secretnote", "&amp;", "-->"})
        EXPECT_EQ(a.body.find(absent), std::string::npos) << absent << " in " << a.body;
}

TEST(MarkdownReader, TomlFrontMatter) {
    auto a = fts::read_markdown(
        "+++\ntitle = \"Harbour strike ends\"  # a comment\ndate = 2024-03-15T10:00:00Z\n"
        "author = 'Ana Ruiz'\ntags = [\"labour\",\n  \"Washington, D.C.\"]\ndraft = false\n"
        "[params]\ntitle = \"not this\"\n+++\n\nThe strike ended.\n");
    EXPECT_EQ(a.title, "Harbour strike ends");
    EXPECT_EQ(a.date, "20240315");
    EXPECT_EQ(a.author, "Ana Ruiz");
    EXPECT_EQ(a.tags, (std::vector<std::string>{"labour", "Washington, D.C."}));
    EXPECT_EQ(a.body, "The strike ended.");
    try {
        fts::read_markdown("+++\ntitle = \"open\n+++\nx\n");
        ADD_FAILURE() << "an unclosed string was read";
    } catch (const InputError& e) {
        EXPECT_NE(std::string(e.what()).find("front matter line 2"), std::string::npos) << e.what();
    }
}

// Regression (a review): valid TOML a Hugo site writes (multi-line strings, inline tables,
// nested arrays), even under a key or table the reader ignores, rejected the whole article; a
// YAML author written as a map did too, and a list of them gave no author.
TEST(MarkdownReader, FrontMatterAsHugoAndJekyllWriteIt) {
    auto a = fts::read_markdown(
        "+++\ntitle = \"\"\"Hugo \\\n    post\"\"\"\ndescription = \"\"\"\nMulti\nline\"\"\"\n"
        "summary = \'\'\'raw \\n text\'\'\'\nimages = [[\"a\", \"b\"], [\"c\"]]\n"
        "author = { name = \"Jane Roe\", twitter = \"@j\" }\n"
        "authors = [{name=\"A One\"}, {name = \"B Two\"}]\n"
        "[params]\n  author = { name = \"X\" }\n  list = [{src=\"a\"}]\n+++\nBody.\n");
    EXPECT_EQ(a.title, "Hugo post");
    EXPECT_EQ(a.author, "A One, B Two");
    EXPECT_EQ(a.authors, (std::vector<std::string>{"A One", "B Two"}));
    EXPECT_EQ(a.body, "Body.");
    auto b = fts::read_markdown("+++\nauthor = {name = \"Jane Roe\"}\n+++\nBody.\n");
    EXPECT_EQ(b.author, "Jane Roe");
    for (const char* bad : {"+++\nx = \"\"\"open\n+++\nB\n", "+++\nx = {a = 1\n+++\nB\n",
                            "+++\nx = [\"a\" \"b\"]\n+++\nB\n"}) {
        EXPECT_THROW(fts::read_markdown(bad), InputError) << bad;
    }
    EXPECT_THROW(fts::read_markdown("+++\nx = " + std::string(100, '[') + "\n+++\nB\n"),
                 InputError);
    // (A review: a line "+++" inside a multi-line string ended the front matter there.)
    auto f = fts::read_markdown(
        "+++\ntitle = \"T\"\nnote = \"\"\"\nabove\n+++\nbelow\"\"\"\nraw = "
        "\'\'\'\n+++\n\'\'\'\n+++\nBody.\n");
    EXPECT_EQ(f.title, "T");
    EXPECT_EQ(f.body, "Body.");
    auto c = fts::read_markdown(
        "---\ntitle: T\nauthor:\n  name: Jane Roe\n  twitter: \"@j\"\n---\nBody.\n");
    EXPECT_EQ(c.author, "Jane Roe");
    auto d = fts::read_markdown("---\ntitle: T\nauthors: [{name: A One}, {name: B Two}]\n---\nB\n");
    EXPECT_EQ(d.author, "A One, B Two");
    auto e = fts::read_markdown("---\ntitle: T\nauthor: {twitter: \"@j\"}\n---\nBody.\n");
    EXPECT_EQ(e.author, "");
    EXPECT_EQ(e.body, "Body.");
}

TEST(MarkdownReader, FenceWithTrailingSpacesOpensFrontMatter) {
    auto a = fts::read_markdown("--- \ntitle: Trailing space fence\n---\nBody here.\n");
    EXPECT_EQ(a.title, "Trailing space fence");
    EXPECT_EQ(a.body, "Body here.");
}

TEST(Readers, TagListItemsKeepTheirCommas) {
    auto r = fts::parse_json_record(R"({"id":"t","body":"x","tags":["Washington, D.C.","a","A"]})");
    EXPECT_EQ(r.article.tags, (std::vector<std::string>{"Washington, D.C.", "a"}));
    auto m = fts::read_markdown("---\ntags: [\"Washington, D.C.\", Politics]\n---\nBody.\n");
    EXPECT_EQ(m.tags, (std::vector<std::string>{"Washington, D.C.", "Politics"}));
    EXPECT_EQ(fts::parse_json_record(R"({"id":"t","body":"x","tags":"a, b; A"})").article.tags,
              (std::vector<std::string>{"a", "b"}));
}

TEST(HtmlReader, ReferencesWithoutSemicolonReadAsBrowsersDo) {
    EXPECT_EQ(fts::read_html("<p>a&nbsp b &copy 2024 &AMP; &COPY x&eacute</p>").body,
              "a\u00a0 b \u00a9 2024 & \u00a9 x\u00e9");
    EXPECT_EQ(fts::read_html("<title>AT&amp;T &copy 2024</title><p>x</p>").title,
              "AT&T \u00a9 2024");
    // A name no HTML knows is left as written; HTML5's names are read too (libxml2 2.9 knows
    // HTML 4's): Central European names, symbols, two-character references; a name for '&' or
    // '<' stays text.
    EXPECT_EQ(fts::read_html("<p>AT&T &notit; R&D &Ccaron;apek</p>").body,
              "AT&T &notit; R&D Čapek");
    EXPECT_EQ(fts::read_html("<p>&Lstrok;&oacute;d&zacute; &check; &NotEqualTilde; &lt;b&gt; "
                             "&amp;lt; &lpar;x&rpar; &apos;a&apos; &Ccaron &ccaron;</p>")
                  .body,
              "Łódź ✓ ≂̸ <b> &lt; (x) 'a' &Ccaron č");
    EXPECT_EQ(fts::read_html("<title>Karel &Ccaron;apek</title><p>x</p>").title, "Karel Čapek");
    // Where HTML 4 and HTML5 differ, HTML5 (as browsers): U+27E8/U+27E9, not U+2329/U+232A.
    EXPECT_EQ(fts::read_html("<p>&lang;x&rang; &amp;copy; &AMP;</p>").body,
              "\u27e8x\u27e9 &copy; &");
    // A review of the first version: what the source escapes is decoded once, and a URL's
    // "&para=2" is no reference.
    EXPECT_EQ(fts::read_html("<p>Write &amp;copy; and &amp;lt for it: https://x.org/?a=1&amp;"
                             "para=2&reg=3 &#38;copy</p>")
                  .body,
              "Write &copy; and &lt for it: https://x.org/?a=1&para=2&reg=3 &copy");
}

TEST(MarkdownReader, PublishedFlagIsNoDate) {
    // Jekyll's "published: false" keeps a draft unpublished: no date, and no warning about one.
    auto a = fts::read_markdown("---\ntitle: J\npublished: true\n---\nbody\n");
    EXPECT_EQ(a.date, "");
    EXPECT_EQ(fts::date_warning(a), "");
    EXPECT_EQ(fts::read_markdown("---\npublished: 2024-03-15\n---\nbody\n").date, "20240315");
}

TEST(MarkdownReader, PipeTableCellsAreParagraphs) {
    // GitHub's pipe tables: each cell its own paragraph (as HTML table cells are), no pipes or
    // delimiter row in the text; the lines before the table stay a paragraph of their own.
    auto a = fts::read_markdown(
        "# Prices\n\nIntro line\n| Fruit | Price *per* kilo |\n|:------|---------------:|\n"
        "| apple | 3 euros |\n| pear | `a|b` |\n|  | last |\n\nAfter the table.\n");
    EXPECT_EQ(a.body,
              "Intro line\n\nFruit\n\nPrice per kilo\n\napple\n\n3 euros\n\npear\n\na|b\n\nlast\n\n"
              "After the table.");
    // Without the outer pipes, and in a list item.
    EXPECT_EQ(fts::read_markdown("x\n\n- a | b\n  --- | :-:\n  1 | 2\n").body,
              "x\n\na\n\nb\n\n1\n\n2");
    EXPECT_EQ(fts::read_markdown("x\n\n| one |\n|---|\n| two |\n").body, "x\n\none\n\ntwo");
}

// Regression: an escaped pipe split its cell (or, in the header, made the table no table).
TEST(MarkdownReader, EscapedPipesAreTheCellsOwn) {
    EXPECT_EQ(fts::read_markdown("x\n\n| a \\| b | c |\n|---|---|\n| 1 \\|\\| 2 | 3 |\n").body,
              "x\n\na | b\n\nc\n\n1 || 2\n\n3");
    // An escaped backslash before a pipe escapes nothing; code keeps what was typed, but in a
    // table's code an escaped pipe is a pipe (GitHub's reading, GFM's example 200).
    EXPECT_EQ(fts::read_markdown("x\n\n| a \\\\| b |\n|---|---|\n| `p\\|q` | r |\n").body,
              "x\n\na \\\n\nb\n\np|q\n\nr");
    EXPECT_EQ(fts::read_markdown("x\n\n    code \\| block\n\ntext \\| pipe `a\\|b`\n").body,
              "x\n\ncode \\| block\n\ntext | pipe a\\|b");
    EXPECT_EQ(fts::read_markdown("x `a\\|b` y\n| h |\n|---|\n| `c\\|d` |\n").body,
              "x a\\|b y\n\nh\n\nc|d");
    // A character reference to a pipe is no border either (GitHub splits rows at the pipes
    // typed); in code it is what was typed, and an escaped ampersand makes it no reference.
    EXPECT_EQ(fts::read_markdown("x\n\n| a &#124; b | c &vert; d &#x7C; e |\n|---|---|\n"
                                 "| `&#124;` &#0124; | \\&#124; &#125; &#124 |\n")
                  .body,
              "x\n\na | b\n\nc | d | e\n\n&#124; |\n\n&#124; } &#124");
    EXPECT_EQ(fts::read_markdown("x\n\na &verbar; b\n\n    c &#124; d\n").body,
              "x\n\na | b\n\nc &#124; d");
    // The character that marks them is taken from those the text does not hold.
    EXPECT_EQ(fts::read_markdown("\xee\x80\x80 x\n\n| a \\| b | c |\n|---|---|\n").body,
              "\xee\x80\x80 x\n\na | b\n\nc");
}

TEST(MarkdownReader, PipesThatAreNoTableStayText) {
    // A header whose cells the delimiter row does not match, a delimiter row of something else,
    // pipes in running text, a thematic break.
    EXPECT_EQ(fts::read_markdown("x\n\n| a | b |\n|---|\n| 1 | 2 |\n").body,
              "x\n\n| a | b | |---| | 1 | 2 |");
    EXPECT_EQ(fts::read_markdown("x\n\n| a | b |\n| c | d |\n").body, "x\n\n| a | b | | c | d |");
    EXPECT_EQ(fts::read_markdown("x\n\nthis | that\nand more\n").body, "x\n\nthis | that and more");
    EXPECT_EQ(fts::read_markdown("x\n\na | b\n\n---\n\nc\n").body, "x\n\na | b\n\nc");
}
