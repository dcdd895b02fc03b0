#include "adapters/liblinear/tfidf_vectoriser.h"

#include <algorithm>
#include <cmath>
#include <istream>
#include <ostream>
#include <sstream>

#include "adapters/classifier/evaluation.h"
#include "adapters/classifier/text_features.h"

namespace hotline::ml {
namespace {

// Word terms are marked so that a word never equals a character n-gram
// (n-grams join their tokens with spaces; no token holds ':').
constexpr std::string_view kWordMark = "w:";
constexpr std::uint32_t kNone = UINT32_MAX;

}  // namespace

template <typename Emit>
void TfidfVectoriser::for_each_term(std::string_view text, Emit&& emit) const {
  const auto tokens = text_tokens(text);
  std::string term;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    term.clear();
    for (int n = 1; n <= options_.ngrams && i + n <= tokens.size(); ++n) {
      if (n > 1) term += ' ';
      term += tokens[i + n - 1];
      emit(term);
    }
  }
  if (!options_.words) return;
  const auto words = segmenter_.words(tokens);
  for (std::size_t i = 0; i < words.size(); ++i) {
    term.assign(kWordMark);
    term += words[i];
    emit(term);
    if (options_.word_bigrams && i > 0) {
      term.assign(kWordMark);
      term += words[i - 1];
      term += '_';
      term += words[i];
      emit(term);
    }
  }
}

SparseVector TfidfVectoriser::weigh(std::vector<std::uint32_t>& ids) const {
  std::sort(ids.begin(), ids.end());
  SparseVector v;
  double norm = 0;
  for (std::size_t i = 0; i < ids.size();) {
    std::size_t j = i;
    while (j < ids.size() && ids[j] == ids[i]) ++j;
    const double w = (1.0 + std::log(static_cast<double>(j - i))) * idf_[ids[i]];
    v.emplace_back(ids[i], static_cast<float>(w));
    norm += w * w;
    i = j;
  }
  if (norm > 0) {
    const double scale = 1.0 / std::sqrt(norm);
    for (auto& [id, w] : v) w = static_cast<float>(w * scale);
  }
  return v;
}

Result<TfidfVectoriser> TfidfVectoriser::fit(const std::vector<std::string>& texts,
                                             const FeatureOptions& options,
                                             std::vector<SparseVector>* vectors) {
  if (options.ngrams < 1 || options.min_df < 1) {
    return fail(Error::invalid("options", "ngrams and min_df must be positive",
                               "ngrams 与 min_df 必须为正数"));
  }
  TfidfVectoriser v;
  v.options_ = options;
  if (options.words) {
    if (!options.dictionary.empty()) {
      if (auto st = v.segmenter_.add_dictionary(options.dictionary); !st) return fail(st.error());
    }
    for (const auto& t : texts) {
      if (looks_segmented(t)) v.segmenter_.add_segmented_text(t);
    }
  }
  // Every term gets a provisional id; the rare ones are dropped afterwards.
  std::unordered_map<std::string, std::uint32_t> all;
  std::vector<std::vector<std::uint32_t>> docs(texts.size());
  std::vector<std::uint32_t> df;
  for (std::size_t d = 0; d < texts.size(); ++d) {
    auto& ids = docs[d];
    v.for_each_term(texts[d], [&](const std::string& term) {
      const auto [it, inserted] = all.try_emplace(term, static_cast<std::uint32_t>(all.size()));
      ids.push_back(it->second);
    });
    std::vector<std::uint32_t> distinct = ids;
    std::sort(distinct.begin(), distinct.end());
    distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
    df.resize(all.size(), 0);
    for (auto id : distinct) ++df[id];
  }
  // Kept terms are numbered in sorted order: the same data, the same file.
  std::vector<std::pair<std::string_view, std::uint32_t>> kept;
  for (const auto& [term, id] : all) {
    if (df[id] >= static_cast<std::uint32_t>(options.min_df)) kept.emplace_back(term, id);
  }
  std::sort(kept.begin(), kept.end());
  constexpr std::uint32_t kDropped = UINT32_MAX;
  std::vector<std::uint32_t> renumber(all.size(), kDropped);
  const double n = static_cast<double>(texts.size());
  v.idf_.reserve(kept.size());
  v.terms_.reserve(kept.size());
  for (const auto& [term, id] : kept) {
    renumber[id] = static_cast<std::uint32_t>(v.idf_.size());
    v.terms_.emplace_back(term);
    v.idf_.push_back(static_cast<float>(std::log((1.0 + n) / (1.0 + df[id])) + 1.0));
  }
  if (!v.index_terms()) {
    return fail(Error::invalid("features", "a kept term lacks its prefix", "词项缺少其前缀"));
  }
  if (vectors) {
    vectors->clear();
    vectors->reserve(docs.size());
    for (auto& ids : docs) {
      std::vector<std::uint32_t> known;
      known.reserve(ids.size());
      for (auto id : ids) {
        if (renumber[id] != kDropped) known.push_back(renumber[id]);
      }
      vectors->push_back(v.weigh(known));
    }
  }
  return v;
}

bool TfidfVectoriser::index_terms() {
  tokens_.clear();
  next_ = IdMap();
  next_.reserve(terms_.size());
  word_terms_.assign(segmenter_.size(), kNone);
  // By number of tokens, so that an n-gram's prefix is indexed before it;
  // word bigrams after the words.
  std::vector<std::vector<std::uint32_t>> by_length;
  std::vector<std::uint32_t> word_pairs;
  for (std::size_t i = 0; i < terms_.size(); ++i) {
    const std::string_view term = terms_[i];
    const auto id = static_cast<std::uint32_t>(i);
    if (term.starts_with(kWordMark)) {
      const auto body = term.substr(kWordMark.size());
      if (body.find('_') != std::string_view::npos) {
        word_pairs.push_back(id);
      } else if (const auto w = segmenter_.find(body)) {
        word_terms_[*w] = id;
      }  // else not a dictionary word: never cut out of a message
      continue;
    }
    const auto n = static_cast<std::size_t>(std::count(term.begin(), term.end(), ' '));
    if (n == 0) {
      tokens_.emplace(term, id);
      continue;
    }
    if (by_length.size() < n) by_length.resize(n);
    by_length[n - 1].push_back(id);
  }
  auto token = [&](std::string_view t) {
    const auto it = tokens_.find(t);
    return it == tokens_.end() ? kNone : it->second;
  };
  auto extend = [&](std::uint32_t prefix, std::uint32_t next) {
    return prefix == kNone || next == kNone
               ? kNone
               : next_.find(IdMap::pair_key(prefix, next)).value_or(kNone);
  };
  for (const auto& terms : by_length) {
    for (const auto id : terms) {
      std::string_view rest = terms_[id];
      auto space = rest.find(' ');
      std::uint32_t prefix = token(rest.substr(0, space));
      rest.remove_prefix(space + 1);
      for (space = rest.find(' '); space != std::string_view::npos; space = rest.find(' ')) {
        prefix = extend(prefix, token(rest.substr(0, space)));
        rest.remove_prefix(space + 1);
      }
      const auto last = token(rest);
      if (prefix == kNone || last == kNone) return false;
      next_.insert(IdMap::pair_key(prefix, last), id);
    }
  }
  auto word_term = [&](std::string_view word) {
    const auto w = segmenter_.find(word);
    return w ? word_terms_[*w] : kNone;
  };
  for (const auto id : word_pairs) {
    const auto body = std::string_view(terms_[id]).substr(kWordMark.size());
    const auto cut = body.find('_');
    const auto first = word_term(body.substr(0, cut));
    const auto second = word_term(body.substr(cut + 1));
    if (first == kNone || second == kNone) return false;
    next_.insert(IdMap::pair_key(first, second), id);
  }
  return true;
}

SparseVector TfidfVectoriser::transform(std::string_view text) const {
  const auto tokens = text_tokens(text);
  std::vector<std::uint32_t> token_ids(tokens.size(), kNone);
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    if (const auto it = tokens_.find(tokens[i]); it != tokens_.end()) token_ids[i] = it->second;
  }
  std::vector<std::uint32_t> ids;
  ids.reserve(tokens.size() * static_cast<std::size_t>(options_.ngrams));
  // An n-gram is known only when its prefix is: stop extending at the first
  // unknown one.
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    std::uint32_t id = token_ids[i];
    for (int n = 1; id != kNone; ++n) {
      ids.push_back(id);
      if (n == options_.ngrams || i + n >= tokens.size() || token_ids[i + n] == kNone) break;
      id = next_.find(IdMap::pair_key(id, token_ids[i + n])).value_or(kNone);
    }
  }
  if (!options_.words) return weigh(ids);
  std::uint32_t previous = kNone;
  for (const auto w : segmenter_.word_ids(tokens)) {
    const auto id = word_terms_[w];
    if (id != kNone) ids.push_back(id);
    if (options_.word_bigrams && previous != kNone && id != kNone) {
      if (const auto pair = next_.find(IdMap::pair_key(previous, id))) ids.push_back(*pair);
    }
    previous = id;
  }
  return weigh(ids);
}

void TfidfVectoriser::save(std::ostream& out) const {
  // "words 2": words and word bigrams (files without bigrams read as before).
  const int words = !options_.words ? 0 : (options_.word_bigrams ? 2 : 1);
  out << "ngrams " << options_.ngrams << "\nwords " << words << "\nmin_df " << options_.min_df
      << '\n';
  segmenter_.save(out);
  out << "terms " << terms_.size() << '\n';
  char idf[32];
  for (std::size_t id = 0; id < terms_.size(); ++id) {
    std::snprintf(idf, sizeof idf, "%.9g", static_cast<double>(idf_[id]));
    out << terms_[id] << '\t' << idf << '\n';
  }
}

Result<TfidfVectoriser> TfidfVectoriser::load(std::istream& in) {
  auto bad = [](const std::string& why) {
    return fail(
        Error::invalid("features", "bad TF-IDF vocabulary: " + why, "TF-IDF 词汇表无效：" + why));
  };
  TfidfVectoriser v;
  std::string line, key;
  int words = 0;
  for (auto* field : {&v.options_.ngrams, &words, &v.options_.min_df}) {
    if (!std::getline(in, line)) return bad("truncated options");
    std::istringstream s(line);
    if (!(s >> key >> *field)) return bad("option line '" + line + "'");
  }
  v.options_.words = words != 0;
  if (v.options_.ngrams < 1) return bad("ngrams");
  v.options_.word_bigrams = words == 2;
  auto segmenter = WordSegmenter::load(in);
  if (!segmenter) return fail(segmenter.error());
  v.segmenter_ = std::move(*segmenter);
  std::size_t count = 0;
  if (!std::getline(in, line) || std::sscanf(line.c_str(), "terms %zu", &count) != 1) {
    return bad("no term count");
  }
  v.idf_.reserve(std::min<std::size_t>(count, 1u << 24));
  v.terms_.reserve(std::min<std::size_t>(count, 1u << 24));
  for (std::size_t i = 0; i < count; ++i) {
    if (!std::getline(in, line)) return bad("truncated terms");
    const auto tab = line.rfind('\t');
    if (tab == std::string::npos) return bad("term line " + std::to_string(i + 1));
    char* end = nullptr;
    const float idf = std::strtof(line.c_str() + tab + 1, &end);
    if (end == line.c_str() + tab + 1 || !(idf > 0))
      return bad("idf of term " + std::to_string(i + 1));
    v.terms_.push_back(line.substr(0, tab));
    v.idf_.push_back(idf);
  }
  if (!v.index_terms()) return bad("a term without its prefix or words");
  return v;
}

}  // namespace hotline::ml
