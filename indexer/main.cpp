// indexer: builds a Xapian database from articles. GPL-2.0-or-later.
#include <iostream>

#include "fts/cli.h"
#include "fts/indexer_app.h"
#include "fts/process.h"

int main(int argc, char** argv) {
    fts::keep_standard_streams_apart();
    CLI::App app{"", "indexer"};
    fts::IndexerOptions opts;
    fts::add_indexer_options(app, opts);
    return fts::run_cli(app, argc, argv,
                        [&] { return fts::run_indexer(opts, std::cin, std::cerr); });
}
