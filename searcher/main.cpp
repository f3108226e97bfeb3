// searcher: ranked keyword and phrase search over an fts database. GPL-2.0-or-later.
#include <csignal>
#include <iostream>

#include "fts/cli.h"
#include "fts/process.h"
#include "fts/searcher_app.h"

int main(int argc, char** argv) {
    fts::keep_standard_streams_apart();
    fts::prefault_heap(fts::kSearcherHeapBytes);
    // A closed pipe (searcher ... | head) is reported as a write error we handle, not a signal.
    std::signal(SIGPIPE, SIG_IGN);
    CLI::App app{"", "searcher"};
    fts::SearcherOptions opts;
    fts::add_searcher_options(app, opts);
    fts::exit_now(fts::run_cli(
        app, argc, argv, [&] { return fts::run_searcher(opts, std::cout, std::cerr); },
        "a query word starting with '-' excludes it only inside the quoted query, e.g. "
        "'grain -moscow', and a query that starts with one goes after '--', e.g. "
        "searcher --db news.db -- '-tag:energy'"));
}
