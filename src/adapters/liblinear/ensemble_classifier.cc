#include "adapters/liblinear/ensemble_classifier.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include "adapters/classifier/model_file_io.h"

namespace hotline::ml {
namespace {}  // namespace

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
  out.reserve(sum.size());
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
    write_model_header(out, {"ensemble", task_, "", labels_});
    out << "linear-weight " << weight << '\n';
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
  std::unique_ptr<EnsembleClassifier> result(new EnsembleClassifier());
  // A part's own errors name what is wrong inside it; they pass through as they are.
  std::optional<Error> part_error;
  auto header = read_model_header(
      in, "ensemble", "",
      [&](const std::string& key, std::istream& fields,
          std::istream& rest) -> tl::expected<HeaderLine, std::string> {
        using Bad = tl::unexpected<std::string>;
        if (key == "linear-weight") {
          fields >> result->linear_weight_;
          if (!fields || !(result->linear_weight_ >= 0 && result->linear_weight_ <= 1)) {
            return Bad("linear-weight");
          }
          return HeaderLine::kNext;
        }
        if (key != "part") return Bad("unknown line '" + key + "'");
        std::string algorithm;
        std::size_t size = 0;
        if (!(fields >> algorithm >> size)) return Bad("part line");
        std::string bytes(size, '\0');
        if (!rest.read(bytes.data(), static_cast<std::streamsize>(size))) return Bad("truncated");
        std::istringstream part(std::move(bytes));
        if (algorithm == "linear") {
          auto l = LinearClassifier::read(part, name);
          if (!l) {
            part_error = l.error();
          } else {
            result->linear_ = std::move(*l);
          }
        } else if (algorithm == "fasttext") {
          auto f = FastTextClassifier::read(part, name);
          if (!f) {
            part_error = f.error();
          } else {
            result->fasttext_ = std::move(*f);
          }
        } else {
          return Bad("part " + algorithm);
        }
        if (part_error) return Bad("part " + algorithm);
        return result->linear_ && result->fasttext_ ? HeaderLine::kLast : HeaderLine::kNext;
      });
  if (part_error) return fail(*part_error);
  if (!header) return bad(header.error());
  result->task_ = header->task;
  result->labels_ = header->labels;
  if (!result->linear_ || !result->fasttext_) return bad("missing part");
  return result;
}

Result<std::unique_ptr<EnsembleClassifier>> EnsembleClassifier::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Error::invalid(path, "cannot read " + path, "无法读取模型文件 " + path));
  return read(in, path);
}

}  // namespace hotline::ml
