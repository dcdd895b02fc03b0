#include "adapters/liblinear/model_file.h"

#include <fstream>
#include <sstream>

#include "adapters/fasttext/fasttext_classifier.h"
#include "adapters/liblinear/ensemble_classifier.h"
#include "adapters/liblinear/linear_classifier.h"

namespace hotline::ml {

Result<LoadedModel> load_model(const std::string& path) {
  std::string algorithm = "fasttext";
  {
    std::ifstream in(path, std::ios::binary);
    if (!in) return fail(Error::invalid(path, "cannot read " + path, "无法读取模型文件 " + path));
    // The header is a few short lines; stop at the first that is not one.
    std::string line;
    for (int i = 0; i < 8 && std::getline(in, line) && line.size() < 4096; ++i) {
      if (line.rfind("algorithm ", 0) == 0) {
        algorithm = line.substr(10);
        break;
      }
    }
  }
  LoadedModel m;
  m.algorithm = algorithm;
  auto take = [&](auto loaded) -> Result<LoadedModel> {
    if (!loaded) return fail(loaded.error());
    m.task = (*loaded)->task();
    m.classifier = std::move(*loaded);
    return std::move(m);
  };
  if (algorithm == "fasttext") return take(FastTextClassifier::load(path));
  if (algorithm == "linear") return take(LinearClassifier::load(path));
  if (algorithm == "ensemble") return take(EnsembleClassifier::load(path));
  return fail(Error::invalid(path, "unknown model algorithm '" + algorithm + "'",
                             "未知的模型算法：" + algorithm));
}

}  // namespace hotline::ml
