#include "core/triage/type_urgency_suggestion.h"

namespace hotline::triage {
namespace {

// Every label's score: a class below the model's top one still raises
// (combine_urgency), so all of them are asked for.
std::vector<LabelScore> all_scores(const TextClassifier& model, std::string_view text) {
  const std::size_t labels = model.labels().size();
  return model.predict(text, labels > 0 ? static_cast<int>(labels) : 3);
}

}  // namespace

UrgencySuggestion suggest_urgency(const UrgencyRules& rules, const TextClassifier* model,
                                  std::string_view text, const TypeUrgencySettings& settings) {
  const UrgencyDecision lexicon = rules.classify(text);
  std::vector<LabelScore> scores;
  if (model != nullptr) scores = all_scores(*model, text);
  const UrgencyDecision d = combine_urgency(lexicon, scores, settings.urgency_model_raise);
  UrgencySuggestion s;
  s.value = d.urgency;
  s.matched = d.matched;
  if (d.from_model) {
    s.source = "model";
    s.confidence = d.confidence;
    const std::string& q = d.urgency == Urgency::kLifeSafety ? settings.life_safety_question
                                                             : settings.utilities_question;
    if (!q.empty()) s.questions.push_back(q);
  } else if (!d.matched.empty()) {
    s.sure = true;
    s.source = "lexicon";
  } else if (model != nullptr) {
    s.source = "model";
    for (const auto& l : scores) {
      if (parse_urgency(l.label) == Urgency::kGeneral) s.confidence = l.confidence;
    }
  }
  return s;
}

TypeSuggestion suggest_type(const RequestTypeRules& rules, const TextClassifier* model,
                            std::string_view text, const TypeUrgencySettings& settings) {
  const RequestTypeDecision d = model != nullptr ? rules.classify(text, model->predict(text, 1),
                                                                  settings.type_model_confidence)
                                                 : rules.classify(text);
  TypeSuggestion s;
  s.value = d.type;
  s.matched = d.matched;
  if (!d.by_default && !d.from_model) {
    s.sure = true;
    s.source = "lexicon";
    return s;
  }
  if (d.from_model) {
    s.source = "model";
    s.confidence = d.confidence;
  }
  s.questions = settings.type_questions;
  return s;
}

}  // namespace hotline::triage
