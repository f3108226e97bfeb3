// fts analysis: the one configuration of text analysis, shared by indexing and querying and
// stored inside the database so both sides always agree.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <xapian.h>

#include <string>

namespace fts {

struct AnalysisConfig {
    // A Xapian stemmer name ("english", "french", ...) or "none".
    std::string language = "english";
    // How many times title words count in the free-text index (wdf increment). Titles also go
    // into their own S-prefixed field at weight 1.
    unsigned title_weight = 2;
    // How words are stemmed in the index. "all": every word is indexed once, as its stem, with
    // positions (Xapian's STEM_ALL_Z): half the terms of "some", which also indexes every
    // unstemmed word; 1.6x faster to build, ~20% smaller, equal ranking quality; phrases match
    // any word forms ("states of emergency" for "state of emergency"). "some" is what databases
    // made before this setting existed use.
    std::string stemming = "all";
    // Whether the language's stopwords (the, of, and...) are indexed with their positions. New
    // databases index them as terms with their counts but no positions: ranking is the same, and
    // the position table, half of the index, is 15% smaller (they are a third of all words). A
    // phrase is matched without its stopwords ("state of emergency" as "state emergency", words
    // numbered as if the stopwords were not there). Databases made before this setting keep
    // them (true).
    bool stopword_positions = false;
    // Chinese, Japanese and Korean text, written without spaces between words, is indexed as
    // single characters and pairs of neighbours (Xapian's FLAG_CJK_NGRAM), so a word inside a
    // sentence is found. Databases made before this setting index each run of such characters
    // as one term (false).
    bool cjk_ngrams = true;
    // Accents of Latin letters are folded away in every term (the stemmer's output folded:
    // "zürich" and "zurich" are one term, "Koné" is found as "kone"), on both sides; words are
    // stemmed before folding, so a language's stemmer still sees its accents. Databases made
    // before this setting keep accents (false); unstemmed ("none") databases never fold.
    bool fold_accents = true;
    // Words lose their accents before stemming too, for the languages whose stemmer reads no
    // accented Latin letter (English and its kin, Dutch, Indonesian; and those written in other
    // scripts, for the loanwords among them): "résumé" stemmed as "resume" is ("resum"), where
    // folding only the stem made "resume" and missed it. Databases made before keep folding the
    // stem only (false).
    bool fold_first = true;
    // Whether this database's words lose their accents before they are stemmed.
    bool folds_before_stemming() const;
    // The free-text stopwords the index keeps without positions (null: none, all positioned).
    const Xapian::Stopper* unpositioned_stopper() const {
        return stopword_positions || stemming != "all" ? nullptr : stopper();
    }

    // How `other` makes different terms of the same text ("fold accents differently"), or ""
    // when the two agree: databases searched or merged together must.
    std::string term_difference(const AnalysisConfig& other) const;

    // Throws UsageError when the language is not one Xapian knows.
    void validate() const;
    Xapian::Stem stemmer(bool cached = false) const;

    std::string to_json() const;
    static AnalysisConfig from_json(const std::string& json);

    // Read the configuration a database was built with (defaults for databases without one).
    static AnalysisConfig load(const Xapian::Database& db);
    // Throws UsageError when two of `members` (databases searched or merged as one: a stub
    // file's lines, labelled for messages) that hold documents make different terms of the
    // same text.
    static void require_same_terms(
        const std::vector<std::pair<std::string, Xapian::Database>>& members);
    void store(Xapian::WritableDatabase& db) const;

    // Set up a TermGenerator / QueryParser the same way on both sides. With `stopwords`, the
    // query side drops the language's common words from free-text queries (never from phrases:
    // everything is indexed, so "state of emergency" still matches exactly).
    void configure(Xapian::TermGenerator& tg) const;
    void configure(Xapian::QueryParser& qp, bool stopwords = true) const;
    // Flags every QueryParser::parse_query() call adds (the parser keeps none of its own).
    unsigned query_flags() const;

    // The stopword list for this language (null when we have none for it).
    const Xapian::Stopper* stopper() const;
};

// The canonical name of a stemmer ("fr" -> "french", "none" stays); throws UsageError for names
// Xapian does not know.
std::string canonical_language(const std::string& name);

// All stemmer names Xapian offers, space-separated, for help and error messages.
std::string available_languages();

}  // namespace fts
