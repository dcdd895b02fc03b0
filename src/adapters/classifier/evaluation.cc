#include "adapters/classifier/evaluation.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <numeric>
#include <random>
#include <unordered_map>
#include <unordered_set>

#include "adapters/classifier/text_features.h"

namespace hotline::ml {

Scores score(const std::vector<std::string>& truth, const std::vector<std::string>& predicted) {
  Scores s;
  s.n = truth.size();
  std::map<std::string, ClassScore> by_label;
  std::size_t correct = 0;
  for (std::size_t i = 0; i < truth.size(); ++i) {
    auto& t = by_label[truth[i]];
    t.label = truth[i];
    ++t.support;
    auto& p = by_label[predicted[i]];
    p.label = predicted[i];
    ++p.predicted;
    if (truth[i] == predicted[i]) {
      ++t.correct;
      ++correct;
    }
  }
  s.accuracy = s.n ? static_cast<double>(correct) / static_cast<double>(s.n) : 0.0;
  double f1_sum = 0;
  std::size_t with_support = 0;
  for (auto& [label, c] : by_label) {
    c.precision =
        c.predicted ? static_cast<double>(c.correct) / static_cast<double>(c.predicted) : 0.0;
    c.recall = c.support ? static_cast<double>(c.correct) / static_cast<double>(c.support) : 0.0;
    c.f1 = c.precision + c.recall > 0 ? 2 * c.precision * c.recall / (c.precision + c.recall) : 0.0;
    if (c.support > 0) {
      f1_sum += c.f1;
      ++with_support;
    }
    s.classes.push_back(c);
  }
  s.macro_f1 = with_support ? f1_sum / static_cast<double>(with_support) : 0.0;
  return s;
}

bool looks_segmented(std::string_view text) {
  // Count spaces that sit between two non-ASCII bytes (Chinese words).
  std::size_t spaces = 0, bytes = 0;
  for (std::size_t i = 1; i + 1 < text.size(); ++i) {
    if (static_cast<unsigned char>(text[i]) >= 0x80) ++bytes;
    if (text[i] == ' ' && static_cast<unsigned char>(text[i - 1]) >= 0x80 &&
        static_cast<unsigned char>(text[i + 1]) >= 0x80) {
      ++spaces;
    }
  }
  // A Chinese character is 3 bytes; segmented text has a space every 2–3.
  return spaces >= 3 && spaces * 3 * 6 >= bytes;
}

namespace {

struct UnionFind {
  std::vector<std::size_t> parent;
  explicit UnionFind(std::size_t n) : parent(n) { std::iota(parent.begin(), parent.end(), 0); }
  std::size_t find(std::size_t x) {
    while (parent[x] != x) x = parent[x] = parent[parent[x]];
    return x;
  }
  void unite(std::size_t a, std::size_t b) {
    a = find(a);
    b = find(b);
    if (a != b) parent[std::max(a, b)] = std::min(a, b);
  }
};

}  // namespace

std::vector<std::size_t> group_duplicates(const std::vector<LabelledText>& rows,
                                          double min_overlap) {
  const std::size_t n = rows.size();
  std::unordered_map<std::string, std::uint32_t> bigram_id;
  std::vector<std::vector<std::uint32_t>> sets(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto tokens = text_tokens(rows[i].text);
    for (std::size_t t = 0; t + 1 < tokens.size(); ++t) {
      const auto [it, _] = bigram_id.try_emplace(tokens[t] + tokens[t + 1],
                                                 static_cast<std::uint32_t>(bigram_id.size()));
      sets[i].push_back(it->second);
    }
    if (tokens.size() == 1) {
      const auto [it, _] =
          bigram_id.try_emplace(tokens[0], static_cast<std::uint32_t>(bigram_id.size()));
      sets[i].push_back(it->second);
    }
    std::sort(sets[i].begin(), sets[i].end());
    sets[i].erase(std::unique(sets[i].begin(), sets[i].end()), sets[i].end());
  }
  // Inverted index on the rarer bigrams: candidate pairs share one of them.
  std::vector<std::vector<std::uint32_t>> postings(bigram_id.size());
  for (std::size_t i = 0; i < n; ++i) {
    for (auto b : sets[i]) postings[b].push_back(static_cast<std::uint32_t>(i));
  }
  constexpr std::size_t kRare = 30;
  UnionFind uf(n);
  std::unordered_map<std::uint32_t, std::uint32_t> shared;
  for (std::size_t i = 0; i < n; ++i) {
    shared.clear();
    std::size_t rare_i = 0;
    for (auto b : sets[i]) {
      if (postings[b].size() > kRare) continue;
      ++rare_i;
      for (auto j : postings[b]) {
        if (j > i) ++shared[j];
      }
    }
    for (const auto& [j, count] : shared) {
      (void)count;
      const auto& a = sets[i];
      const auto& b = sets[j];
      std::size_t common = 0;
      for (std::size_t x = 0, y = 0; x < a.size() && y < b.size();) {
        if (a[x] < b[y]) {
          ++x;
        } else if (b[y] < a[x]) {
          ++y;
        } else {
          ++common;
          ++x;
          ++y;
        }
      }
      const std::size_t smaller = std::min(a.size(), b.size());
      if (smaller > 0 && static_cast<double>(common) >= min_overlap * static_cast<double>(smaller))
        uf.unite(i, j);
    }
    (void)rare_i;
  }
  // Identical short texts without rare bigrams.
  std::unordered_map<std::string, std::size_t> exact;
  for (std::size_t i = 0; i < n; ++i) {
    const auto [it, inserted] = exact.try_emplace(feature_line(rows[i].text), i);
    if (!inserted) uf.unite(it->second, i);
  }
  std::vector<std::size_t> group(n);
  for (std::size_t i = 0; i < n; ++i) group[i] = uf.find(i);
  return group;
}

double calibration_error(const std::vector<double>& confidence, const std::vector<bool>& correct,
                         int bins) {
  if (confidence.empty() || bins < 1) return 0.0;
  std::vector<double> sum_confidence(bins, 0.0), sum_correct(bins, 0.0);
  for (std::size_t i = 0; i < confidence.size(); ++i) {
    const int b = std::clamp(static_cast<int>(confidence[i] * bins), 0, bins - 1);
    sum_confidence[b] += confidence[i];
    sum_correct[b] += correct[i] ? 1.0 : 0.0;
  }
  double error = 0;
  for (int b = 0; b < bins; ++b) error += std::abs(sum_confidence[b] - sum_correct[b]);
  return error / static_cast<double>(confidence.size());
}

std::vector<ReliabilityBin> reliability_curve(const std::vector<double>& confidence,
                                              const std::vector<bool>& correct, int bins) {
  std::vector<ReliabilityBin> curve(static_cast<std::size_t>(std::max(bins, 0)));
  if (curve.empty()) return curve;
  for (int b = 0; b < bins; ++b) {
    curve[b].low = static_cast<double>(b) / bins;
    curve[b].high = static_cast<double>(b + 1) / bins;
  }
  std::vector<double> right(curve.size(), 0.0);
  for (std::size_t i = 0; i < confidence.size() && i < correct.size(); ++i) {
    const int b = std::clamp(static_cast<int>(confidence[i] * bins), 0, bins - 1);
    ++curve[b].n;
    curve[b].mean_confidence += confidence[i];
    right[b] += correct[i] ? 1.0 : 0.0;
  }
  for (std::size_t b = 0; b < curve.size(); ++b) {
    if (curve[b].n == 0) continue;
    const auto n = static_cast<double>(curve[b].n);
    curve[b].mean_confidence /= n;
    curve[b].accuracy = right[b] / n;
  }
  return curve;
}

Result<CrossValidation> cross_validate(const std::vector<LabelledText>& rows,
                                       const TrainOptions& options, const std::string& task,
                                       int folds, std::uint32_t seed,
                                       const std::function<void(int, double)>& on_fold) {
  const Trainer trainer =
      [&](const std::vector<LabelledText>& train) -> Result<std::unique_ptr<TextClassifier>> {
    auto model = FastTextClassifier::train(train, options, task);
    if (!model) return fail(model.error());
    return std::unique_ptr<TextClassifier>(std::move(*model));
  };
  return cross_validate(rows, trainer, folds, seed, on_fold);
}

Result<CrossValidation> cross_validate(const std::vector<LabelledText>& rows,
                                       const Trainer& trainer, int folds, std::uint32_t seed,
                                       const std::function<void(int, double)>& on_fold) {
  if (folds < 2) {
    return fail(Error::invalid("folds", "at least 2 folds", "折数至少为 2"));
  }
  CrossValidation cv;
  cv.rows = rows.size();
  const auto group = group_duplicates(rows);
  // Groups in first-seen order, with their test row (raw copy preferred).
  std::vector<std::size_t> roots;
  std::unordered_map<std::size_t, std::size_t> test_row;
  for (std::size_t i = 0; i < rows.size(); ++i) {
    auto [it, inserted] = test_row.try_emplace(group[i], i);
    if (inserted) {
      roots.push_back(group[i]);
    } else if (looks_segmented(rows[it->second].text) && !looks_segmented(rows[i].text)) {
      it->second = i;
    }
  }
  cv.groups = roots.size();
  if (roots.size() < static_cast<std::size_t>(folds)) {
    return fail(Error::invalid("folds", "fewer messages than folds", "消息数少于折数"));
  }
  std::mt19937 rng(seed);
  std::shuffle(roots.begin(), roots.end(), rng);
  std::unordered_map<std::size_t, int> fold_of;
  for (std::size_t g = 0; g < roots.size(); ++g) fold_of[roots[g]] = static_cast<int>(g % folds);

  std::vector<std::string> raw_truth, raw_predicted;
  for (int f = 0; f < folds; ++f) {
    std::vector<LabelledText> train;
    std::vector<std::size_t> test;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      if (fold_of[group[i]] != f) {
        train.push_back(rows[i]);
      } else if (test_row[group[i]] == i) {
        test.push_back(i);
      }
    }
    const auto start = std::chrono::steady_clock::now();
    auto model = trainer(train);
    cv.train_seconds +=
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (!model) return fail(model.error());
    std::size_t correct = 0;
    for (auto i : test) {
      auto all = (*model)->predict(rows[i].text, -1);
      const std::string p = all.empty() ? "" : all[0].label;
      cv.scores.push_back(std::move(all));
      cv.truth.push_back(rows[i].label);
      cv.predicted.push_back(p);
      cv.tested_text.push_back(rows[i].text);
      if (!looks_segmented(rows[i].text)) {
        raw_truth.push_back(rows[i].label);
        raw_predicted.push_back(p);
      }
      if (p == rows[i].label) ++correct;
    }
    const double acc =
        test.empty() ? 0.0 : static_cast<double>(correct) / static_cast<double>(test.size());
    cv.fold_accuracy.push_back(acc);
    if (on_fold) on_fold(f, acc);
  }
  cv.all = score(cv.truth, cv.predicted);
  std::vector<double> top;
  std::vector<bool> right;
  for (std::size_t i = 0; i < cv.scores.size(); ++i) {
    top.push_back(cv.scores[i].empty() ? 0.0 : cv.scores[i][0].confidence);
    right.push_back(cv.predicted[i] == cv.truth[i]);
  }
  cv.calibration_error = calibration_error(top, right);
  cv.raw = score(raw_truth, raw_predicted);
  return cv;
}

}  // namespace hotline::ml
