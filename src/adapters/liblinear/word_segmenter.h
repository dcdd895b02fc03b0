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

#include <cstddef>
#include <iosfwd>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

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

  // One word a line after a count line; read back by load.
  void save(std::ostream& out) const;
  static Result<WordSegmenter> load(std::istream& in);

 private:
  void add_word(std::string word, std::size_t characters);
  // Longest-match cuts of chars[begin, end): piece lengths in characters.
  std::vector<std::size_t> forward(const std::vector<std::string>& chars) const;
  std::vector<std::size_t> backward(const std::vector<std::string>& chars) const;
  bool contains(const std::vector<std::string>& chars, std::size_t at, std::size_t n) const;

  std::unordered_set<std::string> words_;
  std::size_t longest_ = 0;  // in characters
};

}  // namespace hotline::ml
