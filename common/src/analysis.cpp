// fts analysis: shared TermGenerator/QueryParser configuration, stored as database metadata.
// SPDX-License-Identifier: GPL-2.0-or-later
#include "fts/analysis.h"

#include <cstdint>
#include <iterator>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>

#include "fts/errors.h"
#include "fts/schema.h"
#include "fts/text.h"
#include "fts/word_table.h"

namespace fts {

std::string canonical_language(const std::string& name) {
    if (name == "none") return name;
    try {
        if (name.empty()) throw Xapian::InvalidArgumentError("empty");
        // get_description() is "Xapian::Stem(french)" for "fr", "french" and "français" alike.
        std::string d = Xapian::Stem(name).get_description();
        auto open = d.find('('), close = d.rfind(')');
        if (open != std::string::npos && close != std::string::npos && close > open + 1)
            return d.substr(open + 1, close - open - 1);
        return name;
    } catch (const Xapian::InvalidArgumentError&) {
        throw UsageError("--language: unknown language '" + name + "' (choose one of: none " +
                         available_languages() + ")");
    }
}

std::string AnalysisConfig::term_difference(const AnalysisConfig& o) const {
    if (language != o.language) return "are in different languages";
    const bool stemmed = language != "none";
    if (stemmed && stemming != o.stemming) return "stem words differently";
    if ((unpositioned_stopper() != nullptr) != (o.unpositioned_stopper() != nullptr))
        return "index stopwords differently (one without positions)";
    if (stemmed &&
        (fold_accents != o.fold_accents || folds_before_stemming() != o.folds_before_stemming()))
        return "fold accents differently";
    if (cjk_ngrams != o.cjk_ngrams) return "index Chinese, Japanese and Korean differently";
    return "";
}

bool AnalysisConfig::folds_before_stemming() const {
    // Stemmers whose rules name no accented Latin letter (Dutch's removes them itself).
    static const std::set<std::string> kNoAccents{
        "english",         "porter",     "lovins", "earlyenglish", "dutch",
        "kraaij_pohlmann", "indonesian", "arabic", "greek",        "russian",
        "nepali",          "tamil",      "hindi",  "armenian",     "yiddish"};
    return fold_accents && fold_first && kNoAccents.count(language) > 0;
}

void AnalysisConfig::validate() const {
    canonical_language(language);
    if (title_weight > 100) throw UsageError("--title-weight: must be between 0 and 100");
}

namespace {

// A language's stemmer whose stems lose their accents (AnalysisConfig::fold_accents). Xapian's
// term generator and query parser stem every free-text word, so this is the one place both
// sides fold.
class FoldingStemmer : public Xapian::StemImplementation {
  public:
    FoldingStemmer(const std::string& language, bool first) : stem_(language), first_(first) {}
    std::string operator()(const std::string& word) override {
        std::string stem =
            first_ && text::may_fold(word) ? stem_(text::fold_accents(word)) : stem_(word);
        // Most stems have nothing to fold (ASCII, CJK, Cyrillic): returned as they are.
        return text::may_fold(stem) ? text::fold_accents(stem) : stem;
    }
    std::string get_description() const override {
        return "fts::FoldingStemmer(" + stem_.get_description() + ")";
    }

  private:
    Xapian::Stem stem_;
    bool first_;  // fold the word before stemming it (AnalysisConfig::folds_before_stemming)
};

// Remembers the stems of the words it was asked about: a collection's words follow Zipf's law,
// so most of an article's words were stemmed before (the indexer's TermGenerator asks for every
// word). One per TermGenerator, never shared between threads. Bounded: emptied when full.
class CachingStemmer : public Xapian::StemImplementation {
  public:
    explicit CachingStemmer(Xapian::Stem stem) : stem_(std::move(stem)) {}
    std::string operator()(const std::string& word) override {
        if (const Stemmed* s = cache_.find(word)) return stems_.substr(s->offset, s->length);
        if (cache_.size() >= kMaxWords) {
            cache_.clear();
            stems_.clear();
        }
        std::string stem = stem_(word);
        cache_.find_or_add(word, {static_cast<std::uint32_t>(stems_.size()),
                                  static_cast<std::uint32_t>(stem.size())});
        stems_ += stem;
        return stem;
    }
    std::string get_description() const override {
        return "fts::CachingStemmer(" + stem_.get_description() + ")";
    }

  private:
    static constexpr std::size_t kMaxWords = 100000;
    struct Stemmed {
        std::uint32_t offset, length;  // in stems_
    };
    Xapian::Stem stem_;
    WordTable<Stemmed> cache_;
    std::string stems_;  // the stems, end to end
};

}  // namespace

Xapian::Stem AnalysisConfig::stemmer(bool cached) const {
    if (language == "none" || language.empty()) return Xapian::Stem();
    Xapian::Stem stem = fold_accents
                            ? Xapian::Stem(new FoldingStemmer(language, folds_before_stemming()))
                            : Xapian::Stem(language);
    return cached ? Xapian::Stem(new CachingStemmer(stem)) : stem;
}

std::string AnalysisConfig::to_json() const {
    nlohmann::json j;
    j["language"] = language;
    j["title_weight"] = title_weight;
    j["stemming"] = stemming;
    j["stopword_positions"] = stopword_positions;
    j["cjk_ngrams"] = cjk_ngrams;
    j["fold_accents"] = fold_accents;
    j["fold_first"] = fold_first;
    return j.dump();
}

AnalysisConfig AnalysisConfig::from_json(const std::string& json) {
    AnalysisConfig c;
    auto j = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
    if (!j.is_object()) return c;
    if (auto it = j.find("language"); it != j.end() && it->is_string()) c.language = *it;
    if (auto it = j.find("title_weight"); it != j.end() && it->is_number_unsigned())
        c.title_weight = it->get<unsigned>();
    // Databases written before "stemming" was recorded used Xapian's STEM_SOME.
    c.stemming = "some";
    if (auto it = j.find("stemming"); it != j.end() && it->is_string() && *it == "all")
        c.stemming = "all";
    // Databases written before "stopword_positions" was recorded kept them.
    c.stopword_positions = true;
    if (auto it = j.find("stopword_positions"); it != j.end() && it->is_boolean())
        c.stopword_positions = it->get<bool>();
    c.cjk_ngrams = false;  // likewise: older databases hold whole runs of CJK characters
    if (auto it = j.find("cjk_ngrams"); it != j.end() && it->is_boolean())
        c.cjk_ngrams = it->get<bool>();
    c.fold_accents = false;  // and kept their accents
    if (auto it = j.find("fold_accents"); it != j.end() && it->is_boolean())
        c.fold_accents = it->get<bool>();
    c.fold_first = false;  // and folded the stem only
    if (auto it = j.find("fold_first"); it != j.end() && it->is_boolean())
        c.fold_first = it->get<bool>();
    return c;
}

AnalysisConfig AnalysisConfig::load(const Xapian::Database& db) {
    std::string stored = db.get_metadata(std::string(schema::kMetaAnalysis));
    if (stored.empty()) return AnalysisConfig{};
    AnalysisConfig c = from_json(stored);
    try {
        c.validate();
    } catch (const UsageError&) {
        c.language = "none";  // a stemmer this Xapian lacks: search unstemmed rather than fail
    }
    return c;
}

void AnalysisConfig::require_same_terms(
    const std::vector<std::pair<std::string, Xapian::Database>>& members) {
    std::optional<std::pair<std::string, AnalysisConfig>> first;
    for (const auto& [label, db] : members) {
        if (db.get_doccount() == 0) continue;
        const AnalysisConfig c = load(db);
        if (!first) {
            first.emplace(label, c);
            continue;
        }
        std::string why = first->second.term_difference(c);
        if (why == "are in different languages")
            why = "are in different languages ('" + first->second.language + "', '" + c.language +
                  "')";
        if (!why.empty())
            throw UsageError(first->first + " and " + label + ", listed together, " + why +
                             ": search them separately, or rebuild the older one (indexer "
                             "--rebuild)");
    }
}

void AnalysisConfig::store(Xapian::WritableDatabase& db) const {
    db.set_metadata(std::string(schema::kMetaAnalysis), to_json());
    db.set_metadata(std::string(schema::kMetaSchemaVersion),
                    std::to_string(schema::kSchemaVersion));
}

void AnalysisConfig::configure(Xapian::TermGenerator& tg) const {
    tg.set_stemmer(stemmer(/*cached=*/true));
    tg.set_stemming_strategy(language == "none"  ? Xapian::TermGenerator::STEM_NONE
                             : stemming == "all" ? Xapian::TermGenerator::STEM_ALL_Z
                                                 : Xapian::TermGenerator::STEM_SOME);
    tg.set_flags(cjk_ngrams ? Xapian::TermGenerator::FLAG_CJK_NGRAM : 0);
}

void AnalysisConfig::configure(Xapian::QueryParser& qp, bool stopwords) const {
    qp.set_stemmer(stemmer());
    if (stopwords) {
        if (const Xapian::Stopper* s = stopper()) qp.set_stopper(s);
    }
    qp.set_stemming_strategy(language == "none"  ? Xapian::QueryParser::STEM_NONE
                             : stemming == "all" ? Xapian::QueryParser::STEM_ALL_Z
                                                 : Xapian::QueryParser::STEM_SOME);
}

unsigned AnalysisConfig::query_flags() const {
    return cjk_ngrams ? Xapian::QueryParser::FLAG_CJK_NGRAM : 0;
}

namespace {
// English function words: articles, pronouns, auxiliaries, prepositions, conjunctions and the
// question words of natural-language queries ("what are the ..."). Words that carry meaning in
// news (e.g. "us", "may", "will" as nouns are rare; "new", "state" are kept) are left out.
constexpr const char* kEnglishStopwords[] = {
    "a",       "about",  "above", "after",    "again",      "against",    "all",     "am",
    "an",      "and",    "any",   "are",      "as",         "at",         "be",      "because",
    "been",    "before", "being", "below",    "between",    "both",       "but",     "by",
    "can",     "could",  "did",   "do",       "does",       "doing",      "down",    "during",
    "each",    "few",    "for",   "from",     "further",    "had",        "has",     "have",
    "having",  "he",     "her",   "here",     "hers",       "herself",    "him",     "himself",
    "his",     "how",    "i",     "if",       "in",         "into",       "is",      "it",
    "its",     "itself", "just",  "me",       "more",       "most",       "my",      "myself",
    "no",      "nor",    "not",   "of",       "off",        "on",         "once",    "only",
    "or",      "other",  "ought", "our",      "ours",       "ourselves",  "out",     "over",
    "own",     "same",   "she",   "should",   "so",         "some",       "such",    "than",
    "that",    "the",    "their", "theirs",   "them",       "themselves", "then",    "there",
    "these",   "they",   "this",  "those",    "through",    "to",         "too",     "under",
    "until",   "up",     "very",  "was",      "we",         "were",       "what",    "when",
    "where",   "which",  "while", "who",      "whom",       "why",        "with",    "would",
    "you",     "your",   "yours", "yourself", "yourselves", "also",       "whether", "within",
    "without", "upon",   "among", "etc",      "ie",         "eg",
};

// A stopword list in a hash set: the indexer asks about every word of every article (a sorted
// set, as Xapian's SimpleStopper keeps, costs a string comparison per level).
class WordSetStopper : public Xapian::Stopper {
  public:
    template <class It>
    WordSetStopper(It begin, It end) {
        for (; begin != end; ++begin) words_.find_or_add(*begin);
    }
    bool operator()(const std::string& word) const override { return words_.find(word) != nullptr; }
    std::string get_description() const override {
        return "fts::WordSetStopper(" + std::to_string(words_.size()) + " words)";
    }

  private:
    WordTable<bool> words_;
};

const Xapian::Stopper& english_stopper() {
    static const WordSetStopper stopper(std::begin(kEnglishStopwords), std::end(kEnglishStopwords));
    return stopper;
}
}  // namespace

const Xapian::Stopper* AnalysisConfig::stopper() const {
    if (language == "english" || language == "en") return &english_stopper();
    return nullptr;
}

std::string available_languages() {
    return Xapian::Stem::get_available_languages();
}

}  // namespace fts
