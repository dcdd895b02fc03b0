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

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

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
  // Calls `emit(term)` for every term occurrence of `text`.
  template <typename Emit>
  void for_each_term(std::string_view text, Emit&& emit) const;
  SparseVector weigh(std::vector<std::uint32_t>& ids) const;

  FeatureOptions options_;
  WordSegmenter segmenter_;
  std::unordered_map<std::string, std::uint32_t> index_;
  std::vector<float> idf_;
};

}  // namespace hotline::ml
