#pragma once
// A deadline as an event records it: the instant and the rule that set it.
// Events carry their deadlines, so a later change of a policy file never
// moves an existing one (R11: 工单确定的反馈期限).

#include <string>

#include "core/time.h"

namespace hotline {

struct Deadline {
  Instant due{};
  std::string article;  // "R11"
  std::string rule;     // "7 working days from acceptance"
};

}  // namespace hotline
