#pragma once
// EVA-4 [R22] with SEC-1 [M19]: a sampled work order as a social supervisor
// sees it — the matter, the units (public bodies) and how it went, never
// the person: no applicant name, phone or address, no street address of the
// matter, no staff account ids or handler's name and contact, no
// attachments; free text passed through mask_personal_text with the
// applicant's and handler's own strings.

#include <optional>
#include <string>

#include "core/org/organisation.h"
#include "core/work_order/request_state.h"
#include "core/work_order/work_order_state.h"

namespace hotline::oversight {

struct SampledWorkOrder {
  std::string id;
  std::string request;
  std::string month;  // the month whose sample it belongs to
  WorkOrderStatus status = WorkOrderStatus::kClosed;
  std::string lead_unit, lead_unit_name;
  std::string district, district_name;
  std::string category;
  RequestType type = RequestType::kInquiry;
  Channel channel = Channel::kPhone;
  Instant requested_at{}, dispatched_at{};
  std::optional<Instant> accepted_at, replied_at;
  std::string subject, detail;              // masked
  std::string reply_process, reply_result;  // masked
  std::string reply_policy_basis;           // masked
  bool replied_late = false;
  std::optional<Satisfaction> satisfaction;  // the last evaluation, if any
  int returns_approved = 0;
  int extensions_approved = 0;
  int handled_again = 0;
  int supervisions = 0;
};

// False when the request may not be shown at all even when sampled: a
// confidential request (M14) or a complaint about hotline staff (INT-6).
bool may_show(const RequestState& request);

SampledWorkOrder sampled_view(const WorkOrderState& work_order, const RequestState& request,
                              const Organisation& organisation, std::string month);

}  // namespace hotline::oversight
