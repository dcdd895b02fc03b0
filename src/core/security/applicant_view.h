#pragma once
// What an applicant sees of their own request (INT-5 [M14, D13]; issue 9,
// item 8): its progress, the reply, and what they may do next — and
// nothing of the office's and units' internal record: no staff ids, no
// review, return or extension reasons, no dissatisfaction notes, no reply
// checks, no other unit's work. The staff views (work orders, histories)
// are not for applicants; this is built from them.

#include <optional>
#include <span>
#include <string>
#include <vector>

#include "core/org/organisation.h"
#include "core/work_order/request_state.h"
#include "core/work_order/work_order_state.h"

namespace hotline {

struct ApplicantReply {
  Instant replied_at{};
  std::string unit_name;  // who answers for it (the lead unit)
  std::string handler_contact;
  std::string process;
  std::string result;
  std::string policy_basis;
  std::vector<Attachment> attachments;  // photos of the result the unit sent with it (INT-3)
};

struct ApplicantStep {
  std::string action;      // "evaluate"
  std::string work_order;  // what it acts on
  std::string zh;          // what it means, for the applicant
};

struct ApplicantOrderProgress {
  std::string work_order;
  std::string unit_name;
  std::string status;     // accepting, handling, replied, closed
  std::string status_zh;  // 受理中, 办理中, 已答复, 已办结
  std::optional<Instant> due;
};

struct ApplicantView {
  std::string number;
  Instant registered_at{};
  std::string status;  // the request's (request_progress.h), as to_string(RequestStatus)
  std::string status_zh;
  std::string subject;
  std::string detail;
  std::string answer;  // what the office told them when it concluded without dispatch (TRI-8)
  std::vector<Attachment> attachments;  // what they sent with it (INT-3): theirs to see again
  std::vector<ApplicantOrderProgress> progress;
  std::vector<ApplicantReply> replies;
  std::vector<ApplicantStep> next;
};

// `request` settled (Engine::request); `orders` its work orders.
ApplicantView applicant_view(const RequestState& request, std::span<const WorkOrderState> orders,
                             const Organisation& organisation);

}  // namespace hotline
