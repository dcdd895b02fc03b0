#pragma once
// The current state of a request, derived from its events.

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/work_order/events.h"

namespace hotline {

enum class RequestStatus {
  kRegistered,      // 已登记，待处理
  kInConsultation,  // 会商中 (DIS-5)
  kToDispatch,      // 待派单
  kDispatched,      // 已派单 (work orders carry it on)
  kConcluded,       // 已办结 by triage: answered, transferred, told the channel …
};
std::string_view to_string(RequestStatus s);
std::string_view to_chinese(RequestStatus s);

// ICN-2 [M9]: one transfer to another city's hotline, with its answer.
struct HotlineTransfer {
  std::string hotline;  // unit id of the other hotline
  bool joint = false;   // this hotline handles its part too
  std::string note;
  Instant sent_at{};
  std::string sent_by;
  std::string their_reference;  // empty until they answer with it
  TransferResult result = TransferResult::kPending;
  std::string answer_note;
  std::optional<Instant> answered_at;
  // The request's status before a hand-over (not joint) concluded it; a
  // refusal gives the request back to the office in that status.
  RequestStatus status_before = RequestStatus::kRegistered;

  bool open() const {
    return result == TransferResult::kPending || result == TransferResult::kAccepted;
  }
};

struct RequestState {
  std::string number;
  std::int64_t version = 0;
  RequestStatus status = RequestStatus::kRegistered;
  Instant registered_at{};
  RequestDetails details;
  std::optional<Deadline> dispatch_due;
  std::optional<RequestTriaged> triage;
  std::optional<ConsultationOpened> consultation;
  std::optional<ConsultationConcluded> consultation_result;
  std::vector<DispatchedOrder> orders;
  bool dispatched_late = false;
  Actor registered_by;  // who registered it: the agent who took the call (INT-7)
  // INT-6 [M14]: a complaint about hotline staff, handled by the office.
  std::optional<ConductComplaintFiled> conduct_complaint;
  std::optional<ConductComplaintHandled> conduct_handling;
  std::optional<Instant> conduct_handled_at;
  std::optional<AgentServiceEvaluated> agent_evaluation;  // INT-7 [R14(1)]
  std::vector<HotlineTransfer> transfers;                 // ICN-2 [M9]
  // The open transfer to `hotline`, if any (one at a time per hotline).
  const HotlineTransfer* open_transfer(std::string_view hotline) const;

  bool is_conduct_complaint() const { return conduct_complaint.has_value(); }
};

Status apply(RequestState& state, const Event& event);
Result<RequestState> fold_request(const std::vector<Event>& events);

}  // namespace hotline
