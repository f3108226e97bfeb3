// fts schema: the one place that spells term prefixes, value slots and metadata keys.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <xapian.h>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace fts::schema {

// Term prefixes, following Xapian's (omega's) conventions.
inline constexpr std::string_view kIdPrefix = "Q";       // unique id (boolean)
inline constexpr std::string_view kTitlePrefix = "S";    // title words (free text)
inline constexpr std::string_view kAuthorPrefix = "A";   // author words (free text)
inline constexpr std::string_view kTagPrefix = "K";      // tags/keywords (boolean, lowercased)
inline constexpr std::string_view kSourcePrefix = "XS";  // source/outlet words (free text)
inline constexpr std::string_view kYearPrefix = "Y";     // YYYY (boolean)
inline constexpr std::string_view kMonthPrefix = "M";    // YYYYMM (boolean)
inline constexpr std::string_view kDayPrefix = "D";      // YYYYMMDD (boolean)
// Bookkeeping for incremental runs (boolean, never typed by users):
inline constexpr std::string_view kRootPrefix = "XR";  // directory SOURCE a document came from
inline constexpr std::string_view kFilePrefix = "XF";  // JSON Lines file a record came from
// The analysis a document was indexed with (boolean; see analysis_term).
inline constexpr std::string_view kAnalysisPrefix = "XA";

// Query-language field names mapped onto the prefixes above (see query.cpp).
inline constexpr std::string_view kTitleField = "title";
inline constexpr std::string_view kAuthorField = "author";
inline constexpr std::string_view kSourceField = "source";
inline constexpr std::string_view kTagField = "tag";
inline constexpr std::string_view kIdField = "id";
inline constexpr std::string_view kYearField = "year";
inline constexpr std::string_view kDateField = "date";

// Value slots.
enum Slot : Xapian::valueno {
    kDateSlot = 0,         // "YYYYMMDD" (empty when the article has no date)
    kFileSizeSlot = 1,     // source file size, sortable_serialise (files only)
    kFileMtimeSlot = 2,    // source file mtime in ns, sortable_serialise (files only)
    kContentHashSlot = 3,  // XXH3-64 of the raw input (file bytes or JSON line), 16 hex digits
    // For the searcher's facets and duplicate folding. Documents indexed before these slots
    // existed lack them until re-indexed (indexer --force or --rebuild).
    kSourceSlot = 4,  // source/outlet as written (empty when none)
    kAuthorSlot = 5,  // author as written (empty when none); several: kListMark + encode_list()
    kTagsSlot = 6,    // lowercased tags, encode_list() (empty when none)
    kFingerprintSlot = 7,  // near-duplicate key, body_fingerprint(): never empty
    // The article's id as written: result lists that need only ids (TREC runs, --format ids,
    // feedback's tie-break) read it here, a fraction of the cost of the document's term list.
    // Absent from documents indexed before it existed (their id term is read instead).
    kIdSlot = 8,
    // The terms feedback may learn from the document (its kTermsPerDocument most frequent
    // candidates, expansion.h), so a search need not read its term list. Absent from documents
    // indexed before it existed (their term list is read instead, to the same effect).
    kFeedbackSlot = 9,
    // The source file's inode and ctime ("INODE:SECONDS.NANOSECONDS", files only): a file swapped
    // for another of the same size and mtime (as tar and cp -p leave them) is read again. A
    // document without it has its file read once more (and kept if its bytes are the same).
    kFileIdentitySlot = 10,
};

// Database metadata keys (everything we keep lives inside the Xapian database).
inline constexpr std::string_view kMetaSchemaVersion = "fts.schema";
inline constexpr std::string_view kMetaAnalysis = "fts.analysis";  // JSON, see analysis.h
// The analysis a re-index is moving to, until every document has it (JSON, as kMetaAnalysis).
inline constexpr std::string_view kMetaAnalysisPending = "fts.analysis.pending";
// "fts.jsonl:<absolute path>" (a long one shortened with a hash, as unique_term does) -> the
// signature of the JSON Lines file last indexed whole: "<size> <mtime ns> <lines rejected>
// <inode>:<ctime>", then "<line>\t<reason>" for its first rejected lines (indexer_app.cpp).
inline constexpr std::string_view kMetaJsonlPrefix = "fts.jsonl:";
// "fts.source:<directory SOURCE as given, absolute>" -> the root term of the tree it led to when
// last walked (so a symbolic link re-pointed to another tree is seen to be one).
inline constexpr std::string_view kMetaSourcePrefix = "fts.source:";
// "fts.adopted:<root term>" -> "<root term>\n<root term of the SOURCE that took its documents
// over>", while the tree taken over is still there: what is left of it goes once it is gone.
inline constexpr std::string_view kMetaAdoptedPrefix = "fts.adopted:";
// The --id-prefix each feed was last read whole with, keyed by the hash of its signature key.
inline constexpr std::string_view kMetaIdPrefixPrefix = "fts.idprefix:";
// "fts.zdict" -> the id of the dictionary new documents' text is compressed with;
// "fts.zdict.<id>" -> that dictionary (see stored.h).
inline constexpr std::string_view kMetaDictionary = "fts.zdict";
inline constexpr std::string_view kMetaDictionaryPrefix = "fts.zdict.";
// 2: document data is a JSON header line and zstd-compressed text (stored.h).
// 3: terms may be folded before stemming (AnalysisConfig::fold_first) and dates may leave their
//    day or month unsaid ("20240300"): builds before read both wrongly, so they refuse it (a
//    review: an older indexer re-indexed a newer database the old way, and it said nothing).
//    Written by every run of this build, so a database it touched is refused by older ones.
inline constexpr int kSchemaVersion = 3;
// The format a database records (1 when it records none).
int stored_version(const Xapian::Database& db);
// Whether `db` may be one fts wrote: empty, or holding fts metadata, or (before fts recorded
// any) documents whose data is fts's JSON header. Another tool's (omindex's: "url=...") is not:
// the indexer would mix its documents in, and the searcher show them without titles or ids.
// True where it cannot be told (a remote database without metadata listing).
bool written_by_fts(const Xapian::Database& db);

// Xapian's glass backend rejects terms over 245 bytes; keep ours well below that.
inline constexpr std::size_t kMaxTermBytes = 240;

// The unique id term for an article id. Ids too long for a term are truncated and suffixed with a
// hash of the whole id, so they stay unique and stable.
std::string id_term(std::string_view id);

// A free-text term's word and field: "ZSmoscow" -> ("moscow", "title"), "Zrun" -> ("run",
// "text"); the word is a stem when the term starts with Z. Other terms (ids, tags, dates) come
// back whole with "text": their capital initial tells them apart.
std::pair<std::string, std::string> split_term(std::string_view term);

// The word of a term without its stem prefix, and its field: "Smoscow" -> ("moscow", "title"),
// "run" -> ("run", "text"); other terms come back whole with "text".
std::pair<std::string_view, std::string_view> field_word(std::string_view term);

// A boolean term `prefix + value`, with over-long values shortened the same way as ids.
std::string unique_term(std::string_view prefix, std::string_view value);

// The shard (0..shards-1) a document with this id term lives in: stable across runs, machines
// and builds (XXH3-64 of the term), so updates and deletions find it.
unsigned shard_of(std::string_view idterm, unsigned shards);

// XXH3-64 of some bytes as 16 hex digits (content hashes for change detection).
std::string content_hash(std::string_view bytes);
// The term of the analysis settings `json` (AnalysisConfig::to_json): every document carries the
// one it was indexed with, so a change of analysis knows which documents still lack it.
std::string analysis_term(std::string_view json);

// A list of strings in one value slot (kTagsSlot): each item as its byte length in decimal, ':',
// then its bytes. decode_list() stops at the first malformed item.
std::string encode_list(const std::vector<std::string>& items);
// Starts a value slot that holds a list (kAuthorSlot: several authors), not one value.
inline constexpr char kListMark = '\x1f';
std::vector<std::string> decode_list(std::string_view encoded);

// The near-duplicate key of an article (kFingerprintSlot): a hash of its body's words, lowercased,
// in order, ignoring punctuation, spacing and (already stripped) markup, so the same story from
// two feeds gets the same key. A body without words gets a key unique to the id (never folded).
std::string body_fingerprint(std::string_view body, std::string_view id);

}  // namespace fts::schema
