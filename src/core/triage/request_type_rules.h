#pragma once
// TYP-1 request type by cue words [M10, R14, T11]: inquiry 咨询, assistance
// 求助, complaint 投诉, report 举报, suggestion 意见建议, praise 表扬.
//
// The cue lexicon is data (data/triage/type_lexicon.tsv, loaded by an
// adapter), with the same patterns as the urgency lexicon (urgency_rules.h).
// Each type scores the number of its patterns found; the highest score wins,
// ties go to the type listed first in the lexicon (its priority: an explicit
// 举报 outranks the 请问 in the same message). A pattern "*" names the type
// of a message without any cue.

#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/triage/text_classifier.h"
#include "core/triage/urgency_rules.h"
#include "core/work_order/classification.h"

namespace hotline {

struct RequestTypeDecision {
  RequestType type = RequestType::kComplaint;
  std::vector<std::string> matched;  // patterns that fired
  bool from_model = false;
  bool by_default = false;  // no cue and no sure model: the lexicon's default
  double confidence = 1.0;
};

class RequestTypeRules {
 public:
  // Labels must be the TYP-1 wire names; exactly one "*" entry is required.
  static Result<RequestTypeRules> create(std::vector<LexiconEntry> entries);

  RequestTypeDecision classify(std::string_view text) const;
  // The lexicon decides when a cue is found; otherwise the model's top label
  // when it is at least `threshold` sure; otherwise the default.
  RequestTypeDecision classify(std::string_view text, const std::vector<LabelScore>& model,
                               double threshold) const;

 private:
  std::vector<LexiconEntry> entries_;
  std::vector<RequestType> priority_;  // types in order of first appearance
  RequestType default_ = RequestType::kComplaint;
};

}  // namespace hotline
