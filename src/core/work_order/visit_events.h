#pragma once
// INT-7 [R14(1)]: after the call the applicant evaluates the agent's service
// (话务服务), once per request, on the request's stream; the agent is the one
// who took the call and registered it, so figures per agent follow from the
// events alone.
//
// VIS-4 [T17]: spot-check return visits of closed work orders, by the office
// (委政务服务处随机抽查回访) and by the unit itself (各承办单位受理部门随机抽查).
// Duties not fulfilled, or a new question of the applicant, send the work
// order back to the unit for handling again, on the work order's stream.

#include <optional>
#include <string>
#include <string_view>

#include "core/work_order/deadline.h"
#include "core/work_order/evaluation.h"

namespace hotline {

struct AgentServiceEvaluated {
  std::string agent;  // account id of the agent who took the call
  VisitMethod method = VisitMethod::kPhone;
  Satisfaction satisfaction = Satisfaction::kSatisfied;
  std::string remark;
};

enum class SpotCheckBy { kOffice, kUnit };
std::string_view to_string(SpotCheckBy b);
std::string_view to_chinese(SpotCheckBy b);
std::optional<SpotCheckBy> parse_spot_check_by(std::string_view s);

enum class SpotCheckFinding { kFulfilled, kDutiesNotFulfilled, kNewQuestion };
std::string_view to_string(SpotCheckFinding f);
std::string_view to_chinese(SpotCheckFinding f);
std::optional<SpotCheckFinding> parse_spot_check_finding(std::string_view s);

struct SpotCheckVisited {
  SpotCheckBy by = SpotCheckBy::kOffice;
  VisitMethod method = VisitMethod::kPhone;
  SpotCheckFinding finding = SpotCheckFinding::kFulfilled;
  std::string note;  // what the visit found, or the applicant's new question
  // Set when the finding sends the work order back to the unit (T17).
  std::optional<Deadline> handle_due;
};

}  // namespace hotline
