#include "adapters/liblinear/linear_classifier.h"

#include <algorithm>
#include <bit>
#include <filesystem>
#include <fstream>
#include <istream>
#include <map>
#include <numeric>
#include <ostream>
#include <random>
#include <set>
#include <sstream>
#include <unordered_map>

#include "adapters/classifier/evaluation.h"
#include "adapters/classifier/model_file_io.h"
#include "adapters/liblinear/calibration.h"

namespace hotline::ml {
namespace {

// Bump when tfidf_vectoriser.cc or text_features.cc change what a text
// becomes: weights learnt on other terms would silently predict worse.
constexpr std::string_view kFeatures = "tfidf-v1";

static_assert(std::endian::native == std::endian::little, "model files hold little-endian floats");

const char* solver_name(LinearSolver s) { return s == LinearSolver::kSvm ? "svm" : "lr"; }

struct Fit {
  TfidfVectoriser vectoriser;
  OneVsRest model;
};

Result<Fit> fit(const std::vector<std::string>& texts, const std::vector<int>& y,
                std::size_t labels, const LinearOptions& o, double c) {
  Fit f;
  std::vector<SparseVector> x;
  auto v = TfidfVectoriser::fit(texts, o.features, &x);
  if (!v) return fail(v.error());
  f.vectoriser = std::move(*v);
  auto m = train_one_vs_rest(x, y, f.vectoriser.size(), labels, o.solver, c, o.threads, o.nb_alpha);
  if (!m) return fail(m.error());
  f.model = std::move(*m);
  return f;
}

std::size_t best_of(const std::vector<double>& d) {
  return static_cast<std::size_t>(std::max_element(d.begin(), d.end()) - d.begin());
}

}  // namespace

Result<std::unique_ptr<LinearClassifier>> LinearClassifier::train(
    const std::vector<LabelledText>& rows, const LinearOptions& options, std::string task) {
  std::set<std::string> label_set;
  for (const auto& r : rows) label_set.insert(r.label);
  if (label_set.size() < 2) {
    return fail(Error::invalid("data", "training needs at least two labels",
                               "训练数据至少需要两个不同的标签"));
  }
  if (options.c <= 0 && options.c_grid.empty()) {
    return fail(Error::invalid("c", "give C or a grid of C to choose from", "需要指定 C 或候选 C"));
  }
  if (!(options.held_out > 0 && options.held_out < 1)) {
    return fail(Error::invalid("held_out", "the held-out share must be in (0, 1)",
                               "留出比例应在 0 与 1 之间"));
  }
  std::unique_ptr<LinearClassifier> result(new LinearClassifier());
  result->task_ = std::move(task);
  result->labels_.assign(label_set.begin(), label_set.end());
  result->solver_ = options.solver;
  std::map<std::string, int> index;
  for (const auto& l : result->labels_) index.emplace(l, static_cast<int>(index.size()));
  const std::size_t labels = result->labels_.size();

  double c = options.c;
  const bool tune = c <= 0;
  if (tune || options.calibrate) {
    // Held-out message groups: no copy of a held-out message is trained on.
    const auto group = group_duplicates(rows);
    std::vector<std::size_t> roots(group);
    std::sort(roots.begin(), roots.end());
    roots.erase(std::unique(roots.begin(), roots.end()), roots.end());
    std::mt19937 rng(options.seed);
    std::shuffle(roots.begin(), roots.end(), rng);
    const auto cut = static_cast<std::size_t>(static_cast<double>(roots.size()) * options.held_out);
    std::unordered_map<std::size_t, bool> held(roots.size());
    for (std::size_t g = 0; g < roots.size(); ++g) held[roots[g]] = g < cut;
    std::vector<std::string> inner_texts, held_texts;
    std::vector<int> inner_y, held_y;
    for (std::size_t i = 0; i < rows.size(); ++i) {
      auto& texts = held[group[i]] ? held_texts : inner_texts;
      auto& y = held[group[i]] ? held_y : inner_y;
      texts.push_back(rows[i].text);
      y.push_back(index[rows[i].label]);
    }
    if (!held_texts.empty() && !inner_texts.empty()) {
      const std::vector<double> grid = tune ? options.c_grid : std::vector<double>{c};
      double best_accuracy = -1;
      std::vector<std::vector<double>> best_decisions;
      for (double candidate : grid) {
        auto f = fit(inner_texts, inner_y, labels, options, candidate);
        if (!f) return fail(f.error());
        std::vector<std::vector<double>> decisions;
        std::size_t correct = 0;
        for (std::size_t i = 0; i < held_texts.size(); ++i) {
          decisions.push_back(f->model.decide(f->vectoriser.transform(held_texts[i])));
          if (static_cast<int>(best_of(decisions.back())) == held_y[i]) ++correct;
        }
        const double accuracy =
            static_cast<double>(correct) / static_cast<double>(held_texts.size());
        if (accuracy > best_accuracy) {  // ties keep the smaller C (stronger regularisation)
          best_accuracy = accuracy;
          best_decisions = std::move(decisions);
          c = candidate;
        }
      }
      if (options.calibrate) result->temperature_ = fit_temperature(best_decisions, held_y);
    } else if (tune) {
      c = options.c_grid.front();
    }
  }
  result->c_ = c;
  std::vector<std::string> texts;
  std::vector<int> y;
  texts.reserve(rows.size());
  for (const auto& r : rows) {
    texts.push_back(r.text);
    y.push_back(index[r.label]);
  }
  auto f = fit(texts, y, labels, options, c);
  if (!f) return fail(f.error());
  result->vectoriser_ = std::move(f->vectoriser);
  result->model_ = std::move(f->model);
  return result;
}

std::vector<LabelScore> LinearClassifier::predict(std::string_view text, int k) const {
  const auto p = softmax(model_.decide(vectoriser_.transform(text)), temperature_);
  std::vector<LabelScore> out;
  for (std::size_t i = 0; i < p.size(); ++i) out.push_back({labels_[i], p[i]});
  std::stable_sort(out.begin(), out.end(), [](const LabelScore& a, const LabelScore& b) {
    return a.confidence > b.confidence;
  });
  if (k >= 0 && out.size() > static_cast<std::size_t>(k)) out.resize(k);
  return out;
}

Status LinearClassifier::write(std::ostream& out) const {
  char number[64];
  write_model_header(out, {"linear", task_, std::string(kFeatures), labels_});
  std::snprintf(number, sizeof number, "%.17g", c_);
  out << "solver " << solver_name(solver_) << "\nc " << number;
  std::snprintf(number, sizeof number, "%.17g", temperature_);
  out << "\ntemperature " << number << "\nvocabulary\n";
  vectoriser_.save(out);
  out << "weights " << model_.features << ' ' << model_.labels << '\n';
  out.write(reinterpret_cast<const char*>(model_.weights.data()),
            static_cast<std::streamsize>(model_.weights.size() * sizeof(float)));
  out.write(reinterpret_cast<const char*>(model_.bias.data()),
            static_cast<std::streamsize>(model_.bias.size() * sizeof(float)));
  if (!out) return fail(Error::storage("cannot write the linear model"));
  return {};
}

Status LinearClassifier::save(const std::string& path) const {
  return save_model_file(path, [this](std::ostream& out) { return write(out); });
}

Result<std::unique_ptr<LinearClassifier>> LinearClassifier::read(std::istream& in,
                                                                 const std::string& name) {
  auto bad = [&](const std::string& why) {
    return fail(Error::invalid(name, "not a hotline linear model file: " + why,
                               "不是有效的线性模型文件（" + why + "）：" + name));
  };
  std::unique_ptr<LinearClassifier> result(new LinearClassifier());
  bool vocabulary = false;
  auto header = read_model_header(
      in, "linear", kFeatures,
      [&](const std::string& key, std::istream& fields,
          std::istream&) -> tl::expected<HeaderLine, std::string> {
        using Bad = tl::unexpected<std::string>;
        if (key == "solver") {
          std::string s;
          fields >> s;
          if (s != "lr" && s != "svm") return Bad("solver " + s);
          result->solver_ = s == "svm" ? LinearSolver::kSvm : LinearSolver::kLogisticRegression;
        } else if (key == "c") {
          if (!(fields >> result->c_)) return Bad("c");
        } else if (key == "temperature") {
          if (!(fields >> result->temperature_) || !(result->temperature_ > 0)) {
            return Bad("temperature");
          }
        } else if (key == "vocabulary") {
          vocabulary = true;
          return HeaderLine::kLast;
        } else {
          return Bad("unknown line '" + key + "'");
        }
        return HeaderLine::kNext;
      });
  if (!header) return bad(header.error());
  result->task_ = header->task;
  result->labels_ = header->labels;
  std::string line;
  if (!vocabulary) return bad("no vocabulary");
  if (result->labels_.size() < 2) return bad("fewer than two labels");
  auto v = TfidfVectoriser::load(in);
  if (!v) return bad(v.error().message);
  result->vectoriser_ = std::move(*v);
  std::size_t features = 0, labels = 0;
  if (!std::getline(in, line) ||
      std::sscanf(line.c_str(), "weights %zu %zu", &features, &labels) != 2 ||
      features != result->vectoriser_.size() || labels != result->labels_.size()) {
    return bad("weights do not match the vocabulary and labels");
  }
  auto& m = result->model_;
  m.features = features;
  m.labels = labels;
  m.weights.resize(features * labels);
  m.bias.resize(labels);
  in.read(reinterpret_cast<char*>(m.weights.data()),
          static_cast<std::streamsize>(m.weights.size() * sizeof(float)));
  in.read(reinterpret_cast<char*>(m.bias.data()),
          static_cast<std::streamsize>(m.bias.size() * sizeof(float)));
  if (!in) return bad("truncated weights");
  return result;
}

Result<std::unique_ptr<LinearClassifier>> LinearClassifier::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Error::invalid(path, "cannot read " + path, "无法读取模型文件 " + path));
  return read(in, path);
}

}  // namespace hotline::ml
