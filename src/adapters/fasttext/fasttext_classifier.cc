#include "adapters/fasttext/fasttext_classifier.h"

#include <fasttext/fasttext.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "adapters/classifier/model_file_io.h"
#include "adapters/classifier/text_features.h"

namespace hotline::ml {
namespace {

namespace fs = std::filesystem;

// Bump when text_features.cc changes what a text becomes: a model trained on
// other features would silently predict worse.
constexpr std::string_view kFeatures = "chars-v1";
constexpr std::string_view kLabelPrefix = "__label__";

// Opens fastText's model check, which loadModel(std::istream&) expects done.
class LoadableFastText : public fasttext::FastText {
 public:
  bool check(std::istream& in) { return checkModel(in); }
};

// A file in the temporary directory, removed when this goes out of scope.
class TempFile {
 public:
  TempFile() {
    std::string pattern = (fs::temp_directory_path() / "hotline-ft-XXXXXX").string();
    const int fd = mkstemp(pattern.data());
    if (fd >= 0) {
      close(fd);
      path_ = pattern;
    }
  }
  ~TempFile() {
    if (!path_.empty()) std::remove(path_.c_str());
  }
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

std::string read_all(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

// Type and urgency are trained on a few hundred messages (514 in
// data/triage/, about 18,000 distinct character bigrams and trigrams):
// - bucket 50,000: fastText's input matrix is (characters + bucket) x dim
//   floats, 128 MB at 2M buckets whatever the data. 10,000 to 100,000
//   buckets scored as 2M did, the differences no larger than those between
//   training seeds (seeds 1-5, and 1-20 for 50,000; docs/classification.md,
//   "Model size of type and urgency"). 50,000 (a 3.3 MB file) leaves room
//   for the office's exported messages at fewer hash collisions;
// - epoch 50: every figure of these tasks was measured with it; 25 raised
//   more general messages (urgency) and lost 4 points on the second set
//   (type).
TrainOptions default_train_options(std::string_view task) {
  TrainOptions o;
  if (task == "type" || task == "urgency") {
    o.bucket = 50000;
    o.epoch = 50;
  }
  return o;
}

FastTextClassifier::~FastTextClassifier() = default;

Result<std::unique_ptr<FastTextClassifier>> FastTextClassifier::train(
    const std::vector<LabelledText>& rows, const TrainOptions& options, std::string task) {
  std::set<std::string> labels;
  for (const auto& r : rows) labels.insert(r.label);
  if (labels.size() < 2) {
    return fail(Error::invalid("data", "training needs at least two labels",
                               "训练数据至少需要两个不同的标签"));
  }
  // fastText divides by the bucket count when it hashes n-grams.
  if (options.ensemble < 1 || options.dim < 1 || options.epoch < 1 || options.threads < 1 ||
      options.bucket < 1) {
    return fail(Error::invalid("options",
                               "ensemble, dim, epoch, threads and bucket must be positive",
                               "ensemble、dim、epoch、threads、bucket 必须为正数"));
  }
  TempFile input;
  if (input.path().empty()) return fail(Error::storage("cannot create a temporary file"));
  {
    std::ofstream out(input.path(), std::ios::binary | std::ios::trunc);
    for (const auto& r : rows) {
      out << kLabelPrefix << r.label << ' ' << feature_line(r.text) << '\n';
    }
    out.flush();
    if (!out) return fail(Error::storage("cannot write the training file " + input.path()));
  }
  std::unique_ptr<FastTextClassifier> result(new FastTextClassifier());
  result->task_ = std::move(task);
  result->labels_.assign(labels.begin(), labels.end());
  for (int m = 0; m < options.ensemble; ++m) {
    fasttext::Args args;
    args.input = input.path();
    args.model = fasttext::model_name::sup;
    args.loss = fasttext::loss_name::softmax;
    args.dim = options.dim;
    args.epoch = options.epoch;
    args.lr = options.lr;
    args.wordNgrams = options.word_ngrams;
    args.minCount = options.min_count;
    args.minn = 0;
    args.maxn = 0;
    args.bucket = options.bucket;
    args.thread = options.threads;
    args.seed = options.seed + m;
    args.verbose = 0;
    args.label = std::string(kLabelPrefix);
    auto model = std::make_unique<fasttext::FastText>();
    try {
      model->train(args);
    } catch (const std::exception& e) {
      return fail(Error::internal(std::string("fastText training failed: ") + e.what()));
    }
    result->models_.push_back(std::move(model));
  }
  return result;
}

Status FastTextClassifier::write(std::ostream& out) const {
  std::string body;
  for (const auto& model : models_) {
    TempFile tmp;
    if (tmp.path().empty()) return fail(Error::storage("cannot create a temporary file"));
    try {
      model->saveModel(tmp.path());
    } catch (const std::exception& e) {
      return fail(Error::storage(std::string("fastText could not save: ") + e.what()));
    }
    const std::string bytes = read_all(tmp.path());
    body += "fasttext " + std::to_string(bytes.size()) + "\n" + bytes;
  }
  write_model_header(out, {"fasttext", task_, std::string(kFeatures), labels_});
  out << "models " << models_.size() << "\n" << body;
  if (!out) return fail(Error::storage("cannot write the fastText model"));
  return {};
}

Status FastTextClassifier::save(const std::string& path) const {
  return save_model_file(path, [this](std::ostream& out) { return write(out); });
}

Result<std::unique_ptr<FastTextClassifier>> FastTextClassifier::load(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Error::invalid(path, "cannot read " + path, "无法读取模型文件 " + path));
  return read(in, path);
}

Result<std::unique_ptr<FastTextClassifier>> FastTextClassifier::read(std::istream& in,
                                                                     const std::string& path) {
  auto bad = [&](const std::string& why) {
    return fail(Error::invalid(path, "not a hotline model file: " + why,
                               "不是有效的模型文件（" + why + "）：" + path));
  };
  std::unique_ptr<FastTextClassifier> result(new FastTextClassifier());
  std::size_t count = 0;
  // Files written before there were other algorithms have no algorithm line.
  auto header = read_model_header(in, "fasttext", kFeatures,
                                  [&](const std::string& key, std::istream& fields,
                                      std::istream&) -> tl::expected<HeaderLine, std::string> {
                                    if (key != "models")
                                      return tl::unexpected("unknown line '" + key + "'");
                                    fields >> count;
                                    return HeaderLine::kLast;
                                  });
  if (!header) return bad(header.error());
  result->task_ = header->task;
  result->labels_ = header->labels;
  std::string line;
  if (count == 0) return bad("no models");
  for (std::size_t m = 0; m < count; ++m) {
    std::size_t size = 0;
    if (!std::getline(in, line) || std::sscanf(line.c_str(), "fasttext %zu", &size) != 1) {
      return bad("model " + std::to_string(m));
    }
    std::string bytes(size, '\0');
    if (!in.read(bytes.data(), static_cast<std::streamsize>(size))) return bad("truncated");
    std::istringstream model_in(bytes);
    auto model = std::make_unique<LoadableFastText>();
    try {
      if (!model->check(model_in)) return bad("fastText version");
      model->loadModel(model_in);
    } catch (const std::exception& e) {
      return bad(e.what());
    }
    result->models_.push_back(std::move(model));
  }
  return result;
}

std::vector<LabelScore> FastTextClassifier::predict(std::string_view text, int k) const {
  std::map<std::string, double> sum;
  const std::string line = feature_line(text) + "\n";
  std::vector<std::pair<fasttext::real, std::string>> predictions;
  for (const auto& model : models_) {
    std::istringstream in(line);
    predictions.clear();
    model->predictLine(in, predictions, -1, 0.0);
    for (const auto& [p, label] : predictions) {
      sum[label.substr(kLabelPrefix.size())] += p;
    }
  }
  std::vector<LabelScore> out;
  out.reserve(sum.size());
  for (const auto& [label, p] : sum) {
    out.push_back({label, p / static_cast<double>(models_.size())});
  }
  std::stable_sort(out.begin(), out.end(), [](const LabelScore& a, const LabelScore& b) {
    return a.confidence > b.confidence;
  });
  if (k >= 0 && out.size() > static_cast<std::size_t>(k)) out.resize(k);
  return out;
}

}  // namespace hotline::ml
