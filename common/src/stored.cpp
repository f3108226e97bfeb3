// fts stored fields: a JSON header line and the article's text, zstd-compressed.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/stored.h"

#include <zdict.h>
#include <zstd.h>

#include <charconv>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "fts/schema.h"
#include "fts/text.h"

namespace fts {

namespace {

// zstd level 3: with a dictionary, 0.370 of Wikipedia's text at ~140 MB/s a core (level 5: 0.364
// at 80 MB/s; 7: 0.346 at 40 MB/s, 9% of a full build's time; zlib, which Xapian applies
// otherwise: 0.40 at 31 MB/s).
constexpr int kLevel = 3;
constexpr std::size_t kMinCompressed = 64;  // shorter texts are stored as they are
constexpr std::size_t kSampleCut = 16 * 1024;
// Every search that shows text reads the dictionary (and zstd builds its tables from it): 64 KB
// rather than zstd's default 110 KB stores 1,500 Wikipedia articles in 0.3754 of their text
// instead of 0.3747 (32 KB: 0.3797; none: 0.4131) and costs a one-shot search ~25 fewer page
// faults.
constexpr std::size_t kDictionaryBytes = 64 * 1024;

std::string dictionary_key(std::uint32_t id) {
    return std::string(schema::kMetaDictionaryPrefix) + std::to_string(id);
}

}  // namespace

std::optional<TextDictionary> current_dictionary(const Xapian::Database& db) {
    const std::string id = db.get_metadata(std::string(schema::kMetaDictionary));
    std::uint32_t n = 0;
    if (id.empty() || std::from_chars(id.data(), id.data() + id.size(), n).ec != std::errc())
        return std::nullopt;
    std::string bytes = db.get_metadata(dictionary_key(n));
    if (bytes.empty()) return std::nullopt;
    return TextDictionary{n, std::move(bytes)};
}

void record_dictionary(Xapian::WritableDatabase& db, const TextDictionary& dict) {
    db.set_metadata(dictionary_key(dict.id), dict.bytes);
    db.set_metadata(std::string(schema::kMetaDictionary), std::to_string(dict.id));
}

std::optional<TextDictionary> train_dictionary(const std::vector<std::string>& samples) {
    std::string buffer;
    std::vector<std::size_t> sizes;
    for (const auto& s : samples) {
        if (buffer.size() >= kDictionarySampleBytes) break;
        const std::size_t n = std::min(s.size(), kSampleCut);
        if (n < kMinCompressed) continue;
        buffer.append(s, 0, n);
        sizes.push_back(n);
    }
    if (buffer.size() < kDictionarySampleMinBytes || sizes.size() < 16) return std::nullopt;
    std::string dict(kDictionaryBytes, '\0');
    const std::size_t n = ZDICT_trainFromBuffer(dict.data(), dict.size(), buffer.data(),
                                                sizes.data(), static_cast<unsigned>(sizes.size()));
    if (ZDICT_isError(n)) return std::nullopt;  // too little variety to learn from
    dict.resize(n);
    const unsigned id = ZDICT_getDictID(dict.data(), dict.size());
    if (id == 0) return std::nullopt;
    return TextDictionary{id, std::move(dict)};
}

struct TextCompressor::Impl {
    ZSTD_CCtx* cctx = nullptr;
    ZSTD_CDict* cdict = nullptr;
    ~Impl() {
        ZSTD_freeCDict(cdict);
        ZSTD_freeCCtx(cctx);
    }
};

TextCompressor::TextCompressor(std::optional<TextDictionary> dict)
    : dict_(std::move(dict)), impl_(std::make_unique<Impl>()) {
    impl_->cctx = ZSTD_createCCtx();
    if (!impl_->cctx) throw std::bad_alloc();
    if (dict_) {
        impl_->cdict = ZSTD_createCDict(dict_->bytes.data(), dict_->bytes.size(), kLevel);
        if (!impl_->cdict) throw std::runtime_error("zstd: cannot load the text dictionary");
    }
}

TextCompressor::~TextCompressor() = default;

std::string TextCompressor::compress(std::string_view text) {
    std::string out(ZSTD_compressBound(text.size()), '\0');
    const std::size_t n = impl_->cdict
                              ? ZSTD_compress_usingCDict(impl_->cctx, out.data(), out.size(),
                                                         text.data(), text.size(), impl_->cdict)
                              : ZSTD_compressCCtx(impl_->cctx, out.data(), out.size(), text.data(),
                                                  text.size(), kLevel);
    if (ZSTD_isError(n)) throw std::runtime_error(std::string("zstd: ") + ZSTD_getErrorName(n));
    out.resize(n);
    return out;
}

std::string encode_stored(const Article& a, TextCompressor* z) {
    nlohmann::json j;
    j["id"] = a.id;
    j["title"] = a.title;
    if (!a.path.empty()) j["path"] = a.path;
    if (!a.url.empty()) j["url"] = a.url;
    if (!a.date.empty()) j["date"] = a.date;
    if (!a.author.empty()) j["author"] = a.author;
    if (!a.source.empty()) j["source"] = a.source;
    if (!a.tags.empty()) j["tags"] = a.tags;
    const std::string_view text = text::utf8_prefix(a.body, kMaxStoredTextBytes);
    if (text.size() < a.body.size()) j["cut"] = a.body.size();  // what `:open` cannot show
    const bool compressed = text.size() >= kMinCompressed;
    if (compressed) j["enc"] = "zstd";
    // Replace rather than throw on invalid UTF-8: readers validate, so this is only a safety net.
    // The dump escapes control characters, so the header never holds a newline.
    std::string out = j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out += '\n';
    if (!compressed) {
        out += text;
    } else if (z) {
        out += z->compress(text);
    } else {
        thread_local TextCompressor plain;
        out += plain.compress(text);
    }
    return out;
}

struct StoredReader::Dicts {
    ZSTD_DCtx* dctx = nullptr;
    std::map<std::uint32_t, ZSTD_DDict*> loaded;  // null: the database lacks that dictionary
    ~Dicts() {
        for (auto& [id, d] : loaded) ZSTD_freeDDict(d);
        ZSTD_freeDCtx(dctx);
    }
};

StoredReader::StoredReader() = default;
StoredReader::StoredReader(std::vector<Xapian::Database> dbs) : dbs_(std::move(dbs)) {}
StoredReader::~StoredReader() = default;

Article StoredReader::decode(const std::string& data) {
    Article a;
    const std::size_t nl = data.find('\n');
    const std::string_view header =
        nl == std::string::npos ? std::string_view(data) : std::string_view(data).substr(0, nl);
    auto j = nlohmann::json::parse(header, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) return a;  // a document written by another tool
    auto get = [&](const char* key) {
        auto it = j.find(key);
        return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    a.id = get("id");
    a.title = get("title");
    a.path = get("path");
    a.url = get("url");
    a.date = get("date");
    a.author = get("author");
    a.source = get("source");
    if (auto it = j.find("cut"); it != j.end() && it->is_number_unsigned())
        a.stored_text_cut_from = it->get<std::uint64_t>();
    if (auto it = j.find("tags"); it != j.end() && it->is_array())
        for (const auto& t : *it)
            if (t.is_string()) a.tags.push_back(t.get<std::string>());
    if (nl == std::string::npos) {  // format 1
        a.body = get("text");
        return a;
    }
    const std::string_view rest = std::string_view(data).substr(nl + 1);
    if (get("enc") != "zstd") {
        a.body = rest;
        return a;
    }
    const unsigned long long size = ZSTD_getFrameContentSize(rest.data(), rest.size());
    if (size == ZSTD_CONTENTSIZE_ERROR || size == ZSTD_CONTENTSIZE_UNKNOWN ||
        size > 2 * kMaxStoredTextBytes)
        return a;
    if (!dicts_) dicts_ = std::make_unique<Dicts>();
    if (!dicts_->dctx && !(dicts_->dctx = ZSTD_createDCtx())) throw std::bad_alloc();
    ZSTD_DDict* ddict = nullptr;
    if (const unsigned id = ZSTD_getDictID_fromFrame(rest.data(), rest.size()); id != 0) {
        auto it = dicts_->loaded.find(id);
        if (it == dicts_->loaded.end()) {
            std::string bytes;
            for (const auto& db : dbs_)
                if (bytes.empty()) bytes = db.get_metadata(dictionary_key(id));
            ZSTD_DDict* d = bytes.empty() ? nullptr : ZSTD_createDDict(bytes.data(), bytes.size());
            it = dicts_->loaded.emplace(id, d).first;
        }
        if (!(ddict = it->second)) return a;  // its dictionary is missing: no text to show
    }
    std::string body(size, '\0');
    const std::size_t n = ddict ? ZSTD_decompress_usingDDict(dicts_->dctx, body.data(), body.size(),
                                                             rest.data(), rest.size(), ddict)
                                : ZSTD_decompressDCtx(dicts_->dctx, body.data(), body.size(),
                                                      rest.data(), rest.size());
    if (ZSTD_isError(n)) return a;
    body.resize(n);
    a.body = std::move(body);
    return a;
}

Article decode_stored(const std::string& data) {
    return StoredReader().decode(data);
}

}  // namespace fts
