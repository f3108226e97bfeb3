// fts printer: the one place that formats search results for people (text) and scripts (JSON,
// JSON Lines, TSV, TREC, ids).
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <iosfwd>
#include <string>
#include <string_view>
#include <vector>

#include "fts/search.h"

namespace fts {

enum class ColorMode { Auto, Always, Never };
enum class OutputFormat { Text, Json, Jsonl, Tsv, Trec, Ids };

// Whether to colour output on this stream: Always/Never as asked; Auto when stdout is a terminal,
// NO_COLOR is unset and TERM is not "dumb".
bool use_color(ColorMode mode);

// The fields of a result, as named in JSON, JSON Lines and TSV output (and --fields):
// rank id title score date path url author source tags snippet highlights duplicates explain.
const std::vector<std::string>& result_fields();
// The fields shown when --fields is not given: everything for JSON (duplicates with --collapse,
// explain with --explain); rank id score date title for TSV.
std::vector<std::string> default_fields(OutputFormat format, bool collapse, bool explain);
// Parses "id,title,score" (spaces allowed); throws UsageError naming --fields for an unknown or
// missing field.
std::vector<std::string> parse_fields(const std::string& list);

struct PrintOptions {
    unsigned offset = 0;
    bool color = false;
    std::vector<std::string> fields;  // JSON, JSON Lines, TSV; empty: all (JSON) / default (TSV)
    unsigned facet_limit = 10;        // values shown per facet (0: all)
    std::string qid;  // batch mode: in JSON and JSON Lines, and the first column of TSV
};

// For people: ranked hits with snippets, near-duplicate counts and score explanations; then the
// summary line and the facets. (Suggestions and warnings go to stderr: see searcher_app.)
void print_text(std::ostream& out, const SearchResult& r, const PrintOptions& p);
void print_text(std::ostream& out, const SearchResult& r, unsigned offset, bool color);
// One JSON object on one line: query, suggestion, corrected, total, offset, results, facets
// (when asked), warnings (when any), qid (batch mode).
void print_json(std::ostream& out, const SearchResult& r, const PrintOptions& p);
// Batch mode, JSON and JSON Lines: a query that could not be run, as {"qid", "query", "error"}
// on its line, so that a script reading the answers by qid finds every one.
void print_query_error(std::ostream& out, const std::string& qid, const std::string& query,
                       const std::string& error);
// One JSON object per hit, one per line (with "qid" in batch mode).
void print_jsonl(std::ostream& out, const SearchResult& r, const PrintOptions& p);
// One line per hit, the fields separated by tabs (tabs and line breaks in values become spaces;
// tags are joined with ','; highlights and explain are JSON).
void print_tsv(std::ostream& out, const SearchResult& r, const PrintOptions& p);
// An id fit for a line of trec or ids output: control characters (and, with `spaces`, the
// space) as %XX, so an id never breaks a line or a column. Everything else, '%' included, as is.
std::string line_safe_id(std::string_view id, bool spaces);
// TREC run lines: "qid Q0 docid rank score tag" (docid through line_safe_id, spaces encoded).
void print_trec(std::ostream& out, const SearchResult& r, const std::string& qid,
                const std::string& tag);
// The whole stored article (interactive :open): title, id and metadata, url or path, then its
// stored text (at most kMaxStoredTextBytes of it).
void print_article(std::ostream& out, const Article& a, bool color);
// The same as one JSON object on one line (searcher -i with --format json or jsonl): id, title,
// date, path, url, author, source, tags, text, and text_cut_from (the article's size in bytes
// when the index keeps only the start of its text, else null).
void print_article_json(std::ostream& out, const Article& a);
// One document id per line (through line_safe_id, spaces kept); in batch mode `qid<TAB>id`.
void print_ids(std::ostream& out, const SearchResult& r, const std::string& qid = {});

}  // namespace fts
