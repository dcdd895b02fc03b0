#pragma once
// Small helpers shared by the engine's command files.

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/text.h"
#include "core/work_order/work_order_state.h"

namespace hotline {

// "<action> refused: work order … is <status>", naming the rule and article.
inline Error wrong_status(const WorkOrderState& s, std::string_view action,
                          std::string_view action_zh, std::string rule, std::string article) {
  return Error::refused(
      std::move(rule), std::move(article),
      std::string(action) + " refused: work order " + s.id + " is " +
          std::string(to_string(s.status)),
      "工单当前状态为" + std::string(to_chinese(s.status)) + "，不能" + std::string(action_zh));
}

// A command that needs the actor's reasons (reviews, send-backs, supervision).
inline Status require_reason(std::string_view reason, std::string_view what_zh) {
  if (trim(reason).empty()) {
    return fail(Error::invalid("reason", "give the reason", "须填写" + std::string(what_zh)));
  }
  return {};
}

template <typename T>
bool contains(const std::vector<T>& v, const T& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace hotline
