#pragma once
// TYP-1 request type and TYP-2 urgency as the agent's registration screen
// suggests them (issue 15, docs/classification.md "What the screen should do
// with it"). Each suggestion is either sure — a lexicon pattern or type cue
// fired, named so that the agent sees why — or to be checked with the caller,
// with the question(s) whose answer decides it. The small type and urgency
// models are not calibrated (their top bin is right 85 % of the time), so a
// model's confidence never makes a suggestion sure: a raise by the model
// alone is asked about, not asserted.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/triage/request_type_rules.h"
#include "core/triage/text_classifier.h"
#include "core/triage/urgency_rules.h"
#include "core/work_order/classification.h"

namespace hotline::triage {

// The office's settings (data/triage/settings.toml [suggestions]).
struct TypeUrgencySettings {
  // TYP-2: the urgency model raises the lexicon's class to a more urgent one
  // it gives at least this (recall first; docs/classification.md).
  double urgency_model_raise = 0.3;
  // TYP-1: without a cue, the type model's top label when at least this sure.
  double type_model_confidence = 0.5;
  // zh-CN questions for the caller, asked when the suggestion is not sure:
  // one per urgent class the model alone raised to, and the type's
  // questions when no cue fired. Empty: nothing is asked.
  std::string life_safety_question;
  std::string utilities_question;
  std::vector<std::string> type_questions;
};

// A suggested urgency or request type: sure when a lexicon pattern or type
// cue fired (确定), else to be checked with the caller (请核对).
template <class Value>
struct ClassSuggestion {
  Value value{};
  bool sure = false;
  std::string source = "default";      // "lexicon", "model" or "default"
  std::vector<std::string> matched;    // what fired ("燃气+味"; for a type, cues of every type)
  std::optional<double> confidence;    // the model's, when the model decided
  std::vector<std::string> questions;  // to ask the caller when not sure
};
using UrgencySuggestion = ClassSuggestion<Urgency>;
using TypeSuggestion = ClassSuggestion<RequestType>;

// What the screen's type and urgency suggestions are made from: the
// lexicons (data) and, optionally, the models (not owned).
struct TypeUrgencyRules {
  std::optional<UrgencyRules> urgency;
  std::optional<RequestTypeRules> type;
  const TextClassifier* urgency_model = nullptr;
  const TextClassifier* type_model = nullptr;
};

// A lexicon match is sure; a class only the model gives (combine_urgency) is
// to be checked with that class's question; nothing found is general, not
// sure, with nothing to ask (the model's score of general, when it has one).
UrgencySuggestion suggest_urgency(const UrgencyRules& rules, const TextClassifier* model,
                                  std::string_view text, const TypeUrgencySettings& settings);

// A cue is sure; otherwise the model's type (when sure enough) or the
// lexicon's default, with the type questions.
TypeSuggestion suggest_type(const RequestTypeRules& rules, const TextClassifier* model,
                            std::string_view text, const TypeUrgencySettings& settings);

}  // namespace hotline::triage
