// fts searcher application.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/searcher_app.h"

#include <ostream>

#include "fts/errors.h"
#include "fts/search.h"

namespace fts {

void add_searcher_options(CLI::App& app, SearcherOptions& o) {
    app.description(
        "Search a database built by `indexer`: ranked (BM25) keyword and phrase queries.");
    app.add_option("--db", o.dbs,
                   "Database directory or stub file (repeat to search several as one)")
        ->required();
    app.add_option("query", o.query_words, "The query (words are joined with spaces)")->required();
    app.add_option("-n,--limit", o.limit, "Number of results to show (default 10)")
        ->check(CLI::Range(0u, 100000u));
    app.add_option("--offset", o.offset, "Skip this many results first (paging)");
    app.add_flag("--json", o.json, "Print one JSON object instead of text");
    std::map<std::string, ColorMode> colors{
        {"auto", ColorMode::Auto}, {"always", ColorMode::Always}, {"never", ColorMode::Never}};
    app.add_option("--color", o.color, "Highlight matches: auto (terminal only), always, never")
        ->transform(CLI::CheckedTransformer(colors, CLI::ignore_case));
    app.add_option("--snippet-length", o.snippet_bytes,
                   "Approximate snippet size in bytes (0: none)")
        ->check(CLI::Range(std::size_t{0}, std::size_t{100000}));
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
        "  searcher --db news.db --json -n 5 climate energy | jq '.results[].id'");
}

int run_searcher(const SearcherOptions& o, std::ostream& out, std::ostream& err) {
    try {
        std::string query;
        for (const auto& w : o.query_words) {
            if (!query.empty()) query += ' ';
            query += w;
        }
        if (query.find_first_not_of(" \t\n") == std::string::npos) throw UsageError("empty query");
        Searcher searcher(o.dbs);
        SearchOptions so;
        so.limit = o.limit;
        so.offset = o.offset;
        so.snippet_bytes = o.snippet_bytes;
        so.snippets = o.snippet_bytes > 0;
        SearchResult r = searcher.search(query, so);
        for (const auto& w : r.warnings) err << "searcher: warning: " << w << "\n";
        if (o.json) {
            print_json(out, r, o.offset);
        } else {
            print_text(out, r, o.offset, use_color(o.color));
        }
        out.flush();
        return r.hits.empty() && r.total == 0 ? kExitNoHits : kExitOk;
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
