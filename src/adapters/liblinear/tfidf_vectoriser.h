#pragma once
// TfidfVectoriser: a message as a sparse TF-IDF vector for the linear
// classifier. Terms are
//
//   * character n-grams (1 to `ngrams`) over text_tokens — the same tokens
//     as the fastText model, so raw and word-segmented text agree;
//   * dictionary words (WordSegmenter), whose dictionary is the words of the
//     segmented training texts.
//
// A term's weight is (1 + ln tf) · idf, idf = ln((1 + N) / (1 + df)) + 1,
// and the vector has unit length (L2): long and short messages compare.
// Terms seen in fewer than `min_df` training messages are dropped (names,
// typos; they cannot generalise and they triple the model).
//
// Look-up at prediction goes by ids, not strings: a token is found among the
// single-token terms, an n-gram of n+1 tokens is (the n-gram's id, the last
// token's id) in an IdMap, a word is its segmenter number, a word bigram the
// pair of its words' ids. This works because a kept term's prefix is kept
// too: wherever "a b c" occurs, "a b" and "c" occur, so their document
// frequency is at least as high (the same for a word bigram and its words).

#include <cstdint>
#include <functional>
#include <iosfwd>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

#include "adapters/liblinear/id_map.h"
#include "adapters/liblinear/word_segmenter.h"
#include "core/result.h"

namespace hotline::ml {

struct FeatureOptions {
  int ngrams = 3;     // character n-grams up to this length
  bool words = true;  // dictionary words from the segmented training texts
  int min_df = 2;     // messages a term must occur in
  // Extra dictionary words (a file like jieba's dict.txt), used at training;
  // the words end up in the model file, so prediction needs no file.
  std::string dictionary;
  bool word_bigrams = false;  // pairs of consecutive dictionary words as terms
};

// (term index, weight), sorted by index.
using SparseVector = std::vector<std::pair<std::uint32_t, float>>;

class TfidfVectoriser {
 public:
  TfidfVectoriser() = default;

  // Learns the dictionary, the terms and their idf from `texts`; when
  // `vectors` is given, also fills it with each text's vector.
  static Result<TfidfVectoriser> fit(const std::vector<std::string>& texts,
                                     const FeatureOptions& options,
                                     std::vector<SparseVector>* vectors = nullptr);

  SparseVector transform(std::string_view text) const;
  std::size_t size() const { return idf_.size(); }
  const FeatureOptions& options() const { return options_; }
  const WordSegmenter& segmenter() const { return segmenter_; }

  // Text: the options, the word list, then one "term<TAB>idf" a line.
  void save(std::ostream& out) const;
  static Result<TfidfVectoriser> load(std::istream& in);

 private:
  // Calls `emit(term)` for every term occurrence of `text` (training).
  template <typename Emit>
  void for_each_term(std::string_view text, Emit&& emit) const;
  SparseVector weigh(std::vector<std::uint32_t>& ids) const;
  // Fills the id look-ups below from terms_; false when a term's prefix
  // (or a word bigram's word) is not a term.
  bool index_terms();

  FeatureOptions options_;
  WordSegmenter segmenter_;
  std::vector<std::string> terms_;  // by id, for the model file
  std::vector<float> idf_;
  // Single-token terms, found by string_view without a copy.
  struct Hash : std::hash<std::string_view> {
    using is_transparent = void;
  };
  std::unordered_map<std::string, std::uint32_t, Hash, std::equal_to<>> tokens_;
  IdMap next_;  // (n-gram, token) → n-gram + token; (word, word) → word bigram
  std::vector<std::uint32_t> word_terms_;  // segmenter word number → term (or none)
};

}  // namespace hotline::ml
