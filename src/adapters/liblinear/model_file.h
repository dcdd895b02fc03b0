#pragma once
// Opens any hotline model file by its header: the "algorithm" line says
// fasttext, linear or ensemble (files without one are fastText, written
// before there were others).

#include <memory>
#include <string>

#include "core/result.h"
#include "core/triage/text_classifier.h"

namespace hotline::ml {

struct LoadedModel {
  std::unique_ptr<TextClassifier> classifier;
  std::string algorithm;  // fasttext, linear, ensemble
  std::string task;       // category, type, urgency
};

Result<LoadedModel> load_model(const std::string& path);

}  // namespace hotline::ml
