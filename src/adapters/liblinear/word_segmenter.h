#pragma once
// WordSegmenter: Chinese words by dictionary, for the linear classifier's
// word features. Debian has no C++ Chinese segmenter, but the tipdm
// training data carries its own: train_segmented.tsv puts spaces between
// words. The dictionary is those words (two or more Chinese characters),
// collected at training time and stored in the model file, so a raw message
// is cut the same way at prediction.
//
// Cutting is bidirectional maximum matching over each run of Chinese
// characters: forward and backward longest-match, keeping the cut with fewer
// pieces, then fewer single characters, then the backward one (it errs less
// on Chinese). Only dictionary words come out: single characters are
// already features of their own.
//
// The dictionary is held as two tries over code points (one for the words,
// one for the words reversed), whose children are in an IdMap: a longest
// match walks one character at a time and stops where no word continues,
// instead of looking up every substring of 2 to 8 characters.

#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "adapters/liblinear/id_map.h"
#include "core/result.h"

namespace hotline::ml {

class WordSegmenter {
 public:
  WordSegmenter() = default;

  // Adds the space-separated words of one segmented text (normalised like
  // text_tokens: full width folded, places reduced to their kind).
  void add_segmented_text(std::string_view text);
  // Adds the words of a dictionary file, one entry a line, the word first
  // (jieba's dict.txt: "word frequency tag"); the rest of a line is ignored.
  // Words are normalised and filtered as in add_segmented_text.
  Status add_dictionary(const std::string& path);
  std::size_t size() const { return words_.size(); }

  // The dictionary words of `tokens` (text_tokens of a message), in order.
  std::vector<std::string> words(const std::vector<std::string>& tokens) const;
  // The same words as their numbers (0 .. size()-1, see word()).
  std::vector<std::uint32_t> word_ids(const std::vector<std::string>& tokens) const;
  const std::string& word(std::uint32_t id) const { return words_[id]; }
  // The number of a dictionary word, if it is one.
  std::optional<std::uint32_t> find(std::string_view word) const;

  // One word a line after a count line; read back by load.
  void save(std::ostream& out) const;
  static Result<WordSegmenter> load(std::istream& in);

 private:
  static constexpr std::uint32_t kNoWord = UINT32_MAX;
  // A trie over code points; node 0 is the root.
  struct Trie {
    IdMap children;                            // (node, code point) → child node
    std::vector<std::uint32_t> word{kNoWord};  // per node: the word ending there
    std::uint32_t child(std::uint32_t node, char32_t c) const;
    std::uint32_t add(std::uint32_t node, char32_t c);
  };
  // A piece of a cut: its length in characters and its word (or kNoWord).
  struct Piece {
    std::size_t length;
    std::uint32_t word;
  };
  void add_word(std::string word, std::size_t characters);
  // Longest-match cuts of a run of Chinese characters.
  std::vector<Piece> forward(const std::vector<char32_t>& run) const;
  std::vector<Piece> backward(const std::vector<char32_t>& run) const;

  std::vector<std::string> words_;  // by number
  Trie forward_, backward_;         // the words, and the words reversed
  std::size_t longest_ = 0;         // in characters
};

}  // namespace hotline::ml
