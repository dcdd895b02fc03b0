#pragma once
// CON-1 [D32, M12] as policy data (the [conduct] section, an option of the
// draft D32: a profile without it never suspends anyone). D32: 诉求人无正当
// 理由反复拨打热线或者长时间占用热线资源，经热线工作人员提醒并给予合理时间仍不能
// 提出符合热线办理范围诉求的，热线管理机构可以暂停其占用热线资源; M12 第三款 adds
// harassing, insulting or threatening staff. How many warnings, how long at
// most and when the review is due are the office's settings under D32, cited
// in the file; which urgencies always get through is M13(1)/R6.

#include <string>
#include <vector>

#include "core/policy/cited.h"
#include "core/policy/duration.h"
#include "core/work_order/classification.h"

namespace hotline {

struct ConductPolicy {
  bool present = false;
  std::string article;                           // "D32"
  Cited<int> warnings_before_suspension{1, ""};  // recorded warnings first
  Cited<PolicyDuration> longest_suspension;      // the end may be no later
  Cited<PolicyDuration> review_within;           // the office reviews by then
  // Requests of these urgencies are registered even while suspended.
  std::vector<Urgency> always_through;
  std::string always_through_article;
};

}  // namespace hotline
