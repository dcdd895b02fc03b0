#include "adapters/liblinear/ensemble_classifier.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "adapters/fasttext/model_writer.h"

namespace hotline::ml {
namespace {

constexpr std::string_view kMagic = "hotline-text-classifier 1";

}  // namespace

Result<std::unique_ptr<EnsembleClassifier>> EnsembleClassifier::train(
    const std::vector<LabelledText>& rows, const LinearOptions& linear,
    const TrainOptions& fasttext, double linear_weight, std::string task) {
  if (!(linear_weight >= 0 && linear_weight <= 1)) {
    return fail(Error::invalid("linear_weight", "the linear model's weight must be in [0, 1]",
                               "线性模型的权重应在 0 与 1 之间"));
  }
  auto l = LinearClassifier::train(rows, linear, task);
  if (!l) return fail(l.error());
  auto f = FastTextClassifier::train(rows, fasttext, task);
  if (!f) return fail(f.error());
  std::unique_ptr<EnsembleClassifier> result(new EnsembleClassifier());
  result->task_ = std::move(task);
  result->labels_ = (*l)->labels();
  result->linear_weight_ = linear_weight;
  result->linear_ = std::move(*l);
  result->fasttext_ = std::move(*f);
  return result;
}

std::vector<LabelScore> EnsembleClassifier::predict(std::string_view text, int k) const {
  std::map<std::string, double> sum;
  for (const auto& s : linear_->predict(text, -1)) sum[s.label] += linear_weight_ * s.confidence;
  for (const auto& s : fasttext_->predict(text, -1)) {
    sum[s.label] += (1 - linear_weight_) * s.confidence;
  }
  std::vector<LabelScore> out;
  for (const auto& [label, p] : sum) out.push_back({label, p});
  std::stable_sort(out.begin(), out.end(), [](const LabelScore& a, const LabelScore& b) {
    return a.confidence > b.confidence;
  });
  if (k >= 0 && out.size() > static_cast<std::size_t>(k)) out.resize(k);
  return out;
}

Status EnsembleClassifier::save(const std::string& path) const {
  std::ostringstream linear, fasttext;
  if (auto st = linear_->write(linear); !st) return st;
  if (auto st = fasttext_->write(fasttext); !st) return st;
  return save_model_file(path, [&](std::ostream& out) -> Status {
    char weight[32];
    std::snprintf(weight, sizeof weight, "%.17g", linear_weight_);
    out << kMagic << "\nalgorithm ensemble\ntask " << task_ << "\nlabels";
    for (const auto& l : labels_) out << ' ' << l;
    out << "\nlinear-weight " << weight << '\n';
    const std::string l = linear.str(), f = fasttext.str();
    out << "part linear " << l.size() << '\n' << l;
    out << "part fasttext " << f.size() << '\n' << f;
    return {};
  });
}

Result<std::unique_ptr<EnsembleClassifier>> EnsembleClassifier::read(std::istream& in,
                                                                     const std::string& name) {
  auto bad = [&](const std::string& why) {
    return fail(Error::invalid(name, "not a hotline ensemble model file: " + why,
                               "不是有效的组合模型文件（" + why + "）：" + name));
  };
  std::string line;
  if (!std::getline(in, line) || line != kMagic) return bad("header");
  std::unique_ptr<EnsembleClassifier> result(new EnsembleClassifier());
  while (!(result->linear_ && result->fasttext_) && std::getline(in, line)) {
    std::istringstream fields(line);
    std::string key;
    fields >> key;
    if (key == "algorithm") {
      std::string algorithm;
      fields >> algorithm;
      if (algorithm != "ensemble") return bad("algorithm " + algorithm);
    } else if (key == "task") {
      fields >> result->task_;
    } else if (key == "labels") {
      std::string l;
      while (fields >> l) result->labels_.push_back(l);
    } else if (key == "linear-weight") {
      fields >> result->linear_weight_;
      if (!fields || !(result->linear_weight_ >= 0 && result->linear_weight_ <= 1)) {
        return bad("linear-weight");
      }
    } else if (key == "part") {
      std::string algorithm;
      std::size_t size = 0;
      if (!(fields >> algorithm >> size)) return bad("part line");
      std::string bytes(size, '\0');
      if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) return bad("truncated");
      std::istringstream part(std::move(bytes));
      if (algorithm == "linear") {
        auto l = LinearClassifier::read(part, name);
        if (!l) return fail(l.error());
        result->linear_ = std::move(*l);
      } else if (algorithm == "fasttext") {
        auto f = FastTextClassifier::read(part, name);
        if (!f) return fail(f.error());
        result->fasttext_ = std::move(*f);
      } else {
        return bad("part " + algorithm);
      }
    } else {
      return bad("unknown line '" + key + "'");
    }
  }
  if (!result->linear_ || !result->fasttext_) return bad("missing part");
  return result;
}

Result<std::unique_ptr<EnsembleClassifier>> EnsembleClassifier::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Error::invalid(path, "cannot read " + path, "无法读取模型文件 " + path));
  return read(in, path);
}

}  // namespace hotline::ml
