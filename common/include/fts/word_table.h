// fts word table: a hash table from words to small values for the indexer's per-word lookups
// (the stem cache, the spelling counts), which run for every word of every article.
// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>
#include <cstring>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace fts {

// XXH3-64 of the word's bytes.
std::uint64_t word_hash(std::string_view word) noexcept;

// Open addressing with linear probing over one array of slots; the words themselves are kept
// end to end in one string. A lookup touches one slot (a 32-bit tag of the hash rules out almost
// every other word without reading it) and the word's bytes: std::unordered_map<std::string, V>
// chases a bucket, a node and, for long words, a separate allocation (the stem cache and the
// spelling counts were ~13% of an indexing worker's time that way). Iteration order is
// unspecified. V must be trivially copyable.
template <class V>
class WordTable {
    static_assert(std::is_trivially_copyable_v<V>);

  public:
    WordTable() = default;
    WordTable(const WordTable&) = default;
    WordTable& operator=(const WordTable&) = default;
    WordTable(WordTable&& o) noexcept { swap(o); }
    WordTable& operator=(WordTable&& o) noexcept {
        WordTable taken;
        taken.swap(o);
        swap(taken);
        return *this;
    }

    std::size_t size() const { return size_; }
    bool empty() const { return size_ == 0; }

    // The value of `word`, or nullptr. Valid until the next insertion or removal.
    V* find(std::string_view word) {
        if (slots_.empty()) return nullptr;
        const std::uint64_t h = word_hash(word);
        for (std::size_t i = h & mask();; i = (i + 1) & mask()) {
            Slot& s = slots_[i];
            if (s.offset == kEmpty) return nullptr;
            if (same(s, tag_of(h), word)) return &s.value;
        }
    }
    const V* find(std::string_view word) const { return const_cast<WordTable*>(this)->find(word); }

    // The value of `word`, added as `initial` if the word is new. Valid until the next insertion
    // or removal.
    V& find_or_add(std::string_view word, V initial = V{}) {
        if ((size_ + 1) * 2 > slots_.size()) grow();
        const std::uint64_t h = word_hash(word);
        std::size_t i = h & mask();
        for (;; i = (i + 1) & mask()) {
            Slot& s = slots_[i];
            if (s.offset == kEmpty) break;
            if (same(s, tag_of(h), word)) return s.value;
        }
        if (words_.size() + word.size() >= kEmpty)
            throw std::length_error("fts::WordTable: more than 4 GB of words");
        Slot& s = slots_[i];
        s.offset = static_cast<std::uint32_t>(words_.size());
        s.length = static_cast<std::uint32_t>(word.size());
        s.tag = tag_of(h);
        s.value = initial;
        words_.append(word);
        ++size_;
        return s.value;
    }

    // Empty; keeps its memory for the words to come.
    void clear() {
        for (Slot& s : slots_) s.offset = kEmpty;
        words_.clear();
        size_ = 0;
    }

    // f(word, value) for every entry.
    template <class F>
    void for_each(F&& f) const {
        for (const Slot& s : slots_)
            if (s.offset != kEmpty) f(word_of(s), s.value);
    }
    template <class F>
    void for_each(F&& f) {
        for (Slot& s : slots_)
            if (s.offset != kEmpty) f(word_of(s), s.value);
    }

    // Removes every entry for which pred(word, value) holds (and the memory its word took). The
    // entries kept are copied to a new table sized for them (pred is asked twice per entry).
    template <class P>
    void erase_if(P&& pred) {
        std::size_t keep = 0;
        for_each([&](std::string_view w, const V& v) { keep += !pred(w, v); });
        WordTable kept;
        kept.reserve(keep);
        for_each([&](std::string_view w, const V& v) {
            if (!pred(w, v)) kept.find_or_add(w, v);
        });
        swap(kept);
    }

    void reserve(std::size_t words) {
        while (words * 2 > slots_.size()) grow();
    }

    void swap(WordTable& o) noexcept {
        slots_.swap(o.slots_);
        words_.swap(o.words_);
        std::swap(size_, o.size_);
    }

  private:
    static constexpr std::uint32_t kEmpty = std::numeric_limits<std::uint32_t>::max();
    struct Slot {
        std::uint32_t offset = kEmpty;  // of the word in words_; kEmpty: a free slot
        std::uint32_t length = 0;
        std::uint32_t tag = 0;  // the hash's upper half (the lower half chose the slot)
        V value{};
    };

    static std::uint32_t tag_of(std::uint64_t h) { return static_cast<std::uint32_t>(h >> 32); }
    std::size_t mask() const { return slots_.size() - 1; }
    std::string_view word_of(const Slot& s) const { return {words_.data() + s.offset, s.length}; }
    bool same(const Slot& s, std::uint32_t tag, std::string_view word) const {
        return s.tag == tag && s.length == word.size() &&
               (word.empty() ||
                std::memcmp(words_.data() + s.offset, word.data(), word.size()) == 0);
    }

    // Twice the slots (16 at first); the words stay where they are.
    void grow() {
        std::vector<Slot> old(slots_.empty() ? 16 : slots_.size() * 2);
        old.swap(slots_);
        for (const Slot& s : old) {
            if (s.offset == kEmpty) continue;
            std::size_t i = word_hash(word_of(s)) & mask();
            while (slots_[i].offset != kEmpty) i = (i + 1) & mask();
            slots_[i] = s;
        }
    }

    std::vector<Slot> slots_;  // a power of two of them, at most half in use
    std::string words_;
    std::size_t size_ = 0;
};

}  // namespace fts
