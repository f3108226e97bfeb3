// fts stored fields: what each document keeps in its Xapian document data to show a result.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <xapian.h>

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "fts/article.h"

namespace fts {

// Snippets are cut from the stored text, which keeps at most this much of each article: enough
// for any news story or long encyclopedia entry, while a 200 MB log file neither bloats the
// index nor makes every search that hits it read 200 MB. (All of the text is indexed.)
inline constexpr std::size_t kMaxStoredTextBytes = 256 * 1024;

// Document data layout (format 2): one line of JSON with the displayable fields (readable with
// xapian-delve), a newline, then the text: a zstd frame when the header says "enc": "zstd", raw
// UTF-8 otherwise (short texts). Format 1 (databases built before) is one JSON object with the
// text in "text"; both are read.
//
// The text is compressed with a zstd dictionary trained on the collection's own text when the
// database has one (a full build trains it from its first few megabytes): articles are short, and
// on their own each compresses poorly (Wikipedia: zlib 0.40 of the text, zstd with the
// collection's dictionary 0.36). Dictionaries live in the database's metadata under
// schema::kMetaDictionaryPrefix + their zstd id, which every frame names, so merged databases
// keep reading documents compressed with either source's dictionary.
struct TextDictionary {
    std::uint32_t id = 0;
    std::string bytes;
};

// The dictionary a database compresses new documents' text with, if it has one.
std::optional<TextDictionary> current_dictionary(const Xapian::Database& db);
// Record `dict` in a database (its bytes under its id) as the one for new documents.
void record_dictionary(Xapian::WritableDatabase& db, const TextDictionary& dict);

// Train a dictionary from sample texts; nullopt when there is too little text to be worth it.
std::optional<TextDictionary> train_dictionary(const std::vector<std::string>& samples);
// How much sample text train_dictionary wants (each sample is cut to 16 KB).
inline constexpr std::size_t kDictionarySampleBytes = 4 << 20;
inline constexpr std::size_t kDictionarySampleMinBytes = 256 << 10;

// Compresses stored text, with a dictionary or without. One per thread (holds zstd's context).
class TextCompressor {
  public:
    explicit TextCompressor(std::optional<TextDictionary> dict = std::nullopt);
    ~TextCompressor();
    TextCompressor(const TextCompressor&) = delete;
    TextCompressor& operator=(const TextCompressor&) = delete;
    std::string compress(std::string_view text);
    const std::optional<TextDictionary>& dictionary() const { return dict_; }

  private:
    struct Impl;
    std::optional<TextDictionary> dict_;
    std::unique_ptr<Impl> impl_;
};

// Serialise the displayable fields of an article (without a compressor: one without dictionary).
std::string encode_stored(const Article& a, TextCompressor* z = nullptr);

// Reads document data of either format; fetches the dictionaries the frames name from the
// metadata of the databases searched (each asked in turn: Xapian answers a metadata question
// about several databases opened as one from the first alone), once each.
class StoredReader {
  public:
    StoredReader();  // no database: dictionary-less data only
    explicit StoredReader(std::vector<Xapian::Database> dbs);
    ~StoredReader();
    StoredReader(const StoredReader&) = delete;
    StoredReader& operator=(const StoredReader&) = delete;
    // Fields that cannot be read (data written by another tool, a dictionary missing) come back
    // empty.
    Article decode(const std::string& data);

  private:
    struct Dicts;
    std::vector<Xapian::Database> dbs_;
    std::unique_ptr<Dicts> dicts_;
};

Article decode_stored(const std::string& data);  // StoredReader().decode(data)

}  // namespace fts
