#include "core/triage/request_type_rules.h"

#include <algorithm>
#include <map>

namespace hotline {

Result<RequestTypeRules> RequestTypeRules::create(std::vector<LexiconEntry> entries) {
  RequestTypeRules rules;
  bool has_default = false;
  for (auto& e : entries) {
    const auto type = parse_request_type(e.label);
    if (!type) {
      return fail(Error::invalid("label", "unknown request type '" + e.label + "'",
                                 "未知的诉求类型：" + e.label));
    }
    if (e.pattern == "*") {
      if (has_default) {
        return fail(Error::invalid("pattern", "more than one default (*) entry",
                                   "默认类型（*）只能有一条"));
      }
      has_default = true;
      rules.default_ = *type;
      continue;
    }
    if (std::find(rules.priority_.begin(), rules.priority_.end(), *type) == rules.priority_.end()) {
      rules.priority_.push_back(*type);
    }
    rules.entries_.push_back(std::move(e));
  }
  if (!has_default) {
    return fail(Error::invalid("pattern", "no default (*) entry", "缺少默认类型（*）"));
  }
  return rules;
}

RequestTypeDecision RequestTypeRules::classify(std::string_view text) const {
  RequestTypeDecision d;
  std::map<RequestType, int> score;
  for (const auto* e : match_lexicon(entries_, text)) {
    ++score[*parse_request_type(e->label)];
    d.matched.push_back(e->pattern);
  }
  if (score.empty()) {
    d.type = default_;
    d.by_default = true;
    return d;
  }
  int best = -1;
  for (auto t : priority_) {
    auto it = score.find(t);
    if (it != score.end() && it->second > best) {
      best = it->second;
      d.type = t;
    }
  }
  return d;
}

RequestTypeDecision RequestTypeRules::classify(std::string_view text,
                                               const std::vector<LabelScore>& model,
                                               double threshold) const {
  RequestTypeDecision d = classify(text);
  if (!d.by_default || model.empty() || model.front().confidence < threshold) return d;
  if (const auto t = parse_request_type(model.front().label)) {
    d.type = *t;
    d.by_default = false;
    d.from_model = true;
    d.confidence = model.front().confidence;
  }
  return d;
}

}  // namespace hotline
