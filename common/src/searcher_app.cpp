// fts searcher application.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/searcher_app.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <iostream>
#include <ostream>

#include "fts/errors.h"
#include "fts/search.h"
#include "fts/text.h"

namespace fts {

void add_searcher_options(CLI::App& app, SearcherOptions& o) {
    app.description(
        "Search a database built by `indexer`: ranked (BM25) keyword and phrase queries.");
    app.add_option("--db", o.dbs,
                   "Database directory or stub file (repeat to search several as one)")
        ->required()
        ->expected(1)  // one value per --db, so the query words that follow are not taken
        ->allow_extra_args(false)
        ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    auto* query =
        app.add_option("query", o.query_words, "The query (words are joined with spaces)");
    auto* queries = app.add_option("--queries", o.queries_file,
                                   "Answer every 'qid<TAB>query' line of FILE ('-': stdin) in one "
                                   "process");
    query->excludes(queries);
    app.add_option("-n,--limit", o.limit, "Number of results to show (default 10)")
        ->check(CLI::Range(0u, 1000000u));
    app.add_option("--offset", o.offset, "Skip this many results first (paging)");
    std::map<std::string, OutputFormat> formats{{"text", OutputFormat::Text},
                                                {"json", OutputFormat::Json},
                                                {"trec", OutputFormat::Trec},
                                                {"ids", OutputFormat::Ids}};
    app.add_option("--format", o.format,
                   "text (for people), json (one object; one per line with --queries), trec "
                   "(qid Q0 docid rank score tag), ids (one id per line)")
        ->transform(CLI::CheckedTransformer(formats, CLI::ignore_case));
    app.add_flag_callback(
        "--json", [&o] { o.format = OutputFormat::Json; }, "Same as --format json");
    app.add_option("--run-tag", o.run_tag, "Tag column of --format trec (default fts)");
    std::map<std::string, ColorMode> colors{
        {"auto", ColorMode::Auto}, {"always", ColorMode::Always}, {"never", ColorMode::Never}};
    app.add_option("--color", o.color, "Highlight matches: auto (terminal only), always, never")
        ->transform(CLI::CheckedTransformer(colors, CLI::ignore_case));
    app.add_option("--snippet-length", o.snippet_bytes,
                   "Approximate snippet size in bytes (0: none)")
        ->check(CLI::Range(std::size_t{0}, std::size_t{100000}));

    auto* rank = app.add_option_group(
        "Ranking", "How results are ordered (defaults tuned on judged collections)");
    rank->add_option("--k1", o.ranking.k1, "BM25 term-frequency saturation (default 1.6)")
        ->check(CLI::Range(0.0, 100.0));
    rank->add_option("--b", o.ranking.b, "BM25 length normalisation, 0..1 (default 0.5)")
        ->check(CLI::Range(0.0, 1.0));
    rank->add_flag("!--no-stopwords", o.ranking.stopwords,
                   "Keep common words (the, of, what...) in free-text queries");
    rank->add_flag("--feedback,!--no-feedback", o.ranking.feedback,
                   "Pseudo-relevance feedback: re-rank matches with terms of the top results "
                   "(default on; never adds or removes matches)");
    rank->add_option("--feedback-docs", o.ranking.feedback_docs,
                     "Top results feedback learns from (default 10)");
    rank->add_option("--feedback-terms", o.ranking.feedback_terms,
                     "Terms feedback adds (default 20)");
    rank->add_option("--feedback-weight", o.ranking.feedback_weight,
                     "Weight of feedback terms relative to the query (default 0.5)")
        ->check(CLI::Range(0.0, 10.0));
    app.footer(
        "Query syntax: words (ranked, any may match), \"exact phrase\", AND OR NOT, +must "
        "-mustnot,\n"
        "( ), title: author: source: tag: id: year: fields, clim* wildcards, and dates:\n"
        "date:2024, date:2024-03, date:2024-01..2024-06-30, date:2023.. (date ranges need dated "
        "articles).\n\n"
        "Exit status: 0 results found, 1 no results, 2 error.\n\n"
        "Examples:\n"
        "  searcher --db news.db '\"Africa Corps\" OR Moscow'\n"
        "  searcher --db news.db 'title:election date:2024..'\n"
        "  searcher --db news.db --json -n 5 climate energy | jq '.results[].id'\n"
        "  searcher --db news.db --queries topics.tsv --format trec -n 1000 > run.txt");
}

namespace {

void print(std::ostream& out, const SearcherOptions& o, const SearchResult& r,
           const std::string& qid) {
    switch (o.format) {
        case OutputFormat::Text:
            if (!qid.empty()) out << "== " << qid << ": " << r.query << "\n";
            print_text(out, r, o.offset, use_color(o.color));
            break;
        case OutputFormat::Json:
            print_json(out, r, o.offset, qid);
            break;
        case OutputFormat::Trec:
            print_trec(out, r, qid.empty() ? "1" : qid, o.run_tag);
            break;
        case OutputFormat::Ids:
            print_ids(out, r);
            break;
    }
}

int run_batch(const SearcherOptions& o, Searcher& searcher, const SearchOptions& so,
              std::ostream& out, std::ostream& err) {
    std::ifstream file;
    std::istream* in = &std::cin;
    if (o.queries_file != "-") {
        file.open(o.queries_file);
        if (!file) throw UsageError("--queries: cannot open " + o.queries_file);
        in = &file;
    }
    bool any_hits = false;
    std::string line;
    for (std::size_t lineno = 1; std::getline(*in, line); ++lineno) {
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (text::trim(line).empty()) continue;
        auto tab = line.find('\t');
        std::string qid(text::trim(line.substr(0, tab)));
        std::string query = tab == std::string::npos ? "" : line.substr(tab + 1);
        if (tab == std::string::npos || qid.empty() || text::trim(query).empty()) {
            err << "searcher: warning: " << o.queries_file << ":" << lineno
                << ": expected 'qid<TAB>query'\n";
            continue;
        }
        SearchResult r;
        try {
            r = searcher.search(query, so);
        } catch (const UsageError& e) {
            err << "searcher: warning: " << o.queries_file << ":" << lineno << ": " << e.what()
                << "\n";
            continue;
        }
        for (const auto& w : r.warnings)
            err << "searcher: warning: " << o.queries_file << ":" << lineno << ": " << w << "\n";
        any_hits = any_hits || !r.hits.empty() || r.total > 0;
        print(out, o, r, qid);
    }
    out.flush();
    return any_hits ? kExitOk : kExitNoHits;
}

}  // namespace

namespace {
// Results that could not be written are an error, except for a reader that went away (a closed
// pipe, as with `searcher ... | head`), which ends the run quietly as ripgrep does.
int finish(std::ostream& out, std::ostream& err, int code) {
    out.flush();
    if (out) return code;
    if (errno == EPIPE) return code;
    err << "searcher: cannot write the results: " << std::strerror(errno ? errno : EIO) << "\n";
    return kExitError;
}
}  // namespace

int run_searcher(const SearcherOptions& o, std::ostream& out, std::ostream& err) {
    errno = 0;
    try {
        std::string query;
        for (const auto& w : o.query_words) {
            if (!query.empty()) query += ' ';
            query += w;
        }
        const bool batch = !o.queries_file.empty();
        if (!batch && text::trim(query).empty()) throw UsageError("no query given (try --help)");
        Searcher searcher(o.dbs);
        SearchOptions so;
        so.limit = o.limit;
        so.offset = o.offset;
        so.snippet_bytes = o.snippet_bytes;
        so.snippets = o.snippet_bytes > 0 &&
                      (o.format == OutputFormat::Text || o.format == OutputFormat::Json);
        so.ranking = o.ranking;
        if (batch) return finish(out, err, run_batch(o, searcher, so, out, err));
        SearchResult r = searcher.search(query, so);
        for (const auto& w : r.warnings) err << "searcher: warning: " << w << "\n";
        print(out, o, r, "");
        return finish(out, err, r.hits.empty() && r.total == 0 ? kExitNoHits : kExitOk);
    } catch (const UsageError& e) {
        err << "searcher: " << e.what() << "\n";
    } catch (const Xapian::DatabaseError& e) {
        err << "searcher: database error: " << e.get_type() << ": " << e.get_msg() << "\n";
    } catch (const Xapian::Error& e) {
        err << "searcher: " << e.get_type() << ": " << e.get_msg() << "\n";
    } catch (const std::exception& e) {
        err << "searcher: " << e.what() << "\n";
    }
    return kExitError;
}

}  // namespace fts
