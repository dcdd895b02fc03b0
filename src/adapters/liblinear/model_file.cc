#include "adapters/liblinear/model_file.h"

#include "adapters/classifier/model_file_io.h"
#include "adapters/fasttext/fasttext_classifier.h"
#include "adapters/liblinear/ensemble_classifier.h"
#include "adapters/liblinear/linear_classifier.h"

namespace hotline::ml {

Result<LoadedModel> load_model(const std::string& path) {
  auto found = model_algorithm(path);
  if (!found) return fail(found.error());
  const std::string algorithm = *found;
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
