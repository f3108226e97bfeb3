// fts CLI tests: paths of the binaries and the corpus, and small helpers.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <xapian.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "fts/schema.h"
#include "support.h"

namespace fts::test {

inline const std::string kIndexer = FTS_INDEXER;
inline const std::string kSearcher = FTS_SEARCHER;
inline const std::string kCorpus = std::string(FTS_SOURCE_DIR) + "/corpus";
inline const std::string kSeedId = "world/000_86eb649a90199d64.txt";

inline ProcessResult indexer(std::vector<std::string> args, const std::string& input = "") {
    args.insert(args.begin(), kIndexer);
    return run(args, input);
}

// The indexer's closing summary line ("indexer: N added, ...").
inline std::string summary(const ProcessResult& r) {
    auto pos = r.err.rfind("indexer: ");
    return pos == std::string::npos ? "" : r.err.substr(pos);
}

inline Xapian::doccount doc_count(const std::string& db) {
    return Xapian::Database(db).get_doccount();
}

// The ids of the documents in a database.
inline std::set<std::string> ids_in(const std::string& db) {
    std::set<std::string> ids;
    Xapian::Database d(db);
    for (auto t = d.allterms_begin("Q"); t != d.allterms_end("Q"); ++t) ids.insert((*t).substr(1));
    return ids;
}

// id -> content hash: two databases hold the same documents in the same versions.
inline std::map<std::string, std::string> state_of(const std::string& db) {
    std::map<std::string, std::string> state;
    Xapian::Database d(db);
    for (auto t = d.allterms_begin("Q"); t != d.allterms_end("Q"); ++t) {
        auto doc = d.get_document(*d.postlist_begin(*t));
        state[(*t).substr(1)] = doc.get_value(fts::schema::kContentHashSlot);
    }
    return state;
}

inline ProcessResult searcher(std::vector<std::string> args) {
    args.insert(args.begin(), kSearcher);
    return run(args);
}

}  // namespace fts::test
