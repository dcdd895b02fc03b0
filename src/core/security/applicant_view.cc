#include "core/security/applicant_view.h"

namespace hotline {
namespace {

// Returns and redispatches are the office's business: to the applicant a
// work order is being taken on, handled, answered or done.
std::pair<const char*, const char*> public_status(WorkOrderStatus s) {
  switch (s) {
    case WorkOrderStatus::kDispatched:
    case WorkOrderStatus::kReturnPending:
    case WorkOrderStatus::kAwaitingRedispatch:
      return {"accepting", "受理中"};
    case WorkOrderStatus::kAccepted:
    case WorkOrderStatus::kHandlingAgain:
      return {"handling", "办理中"};
    case WorkOrderStatus::kReplied:
      return {"replied", "已答复"};
    case WorkOrderStatus::kClosed:
      return {"closed", "已办结"};
  }
  return {"handling", "办理中"};
}

std::string unit_name(const Organisation& organisation, const std::string& id) {
  const Unit* u = organisation.find(id);
  return u ? u->name : std::string();
}

}  // namespace

ApplicantView applicant_view(const RequestState& request, std::span<const WorkOrderState> orders,
                             const Organisation& organisation) {
  ApplicantView v;
  v.number = request.number;
  v.registered_at = request.registered_at;
  v.status = std::string(to_string(request.status));
  v.status_zh = std::string(to_chinese(request.status));
  v.subject = request.details.subject;
  v.detail = request.details.detail;
  v.attachments = request.details.attachments;
  if (request.triage) v.answer = request.triage->told_applicant;
  for (const WorkOrderState& w : orders) {
    if (w.request != request.number) continue;
    const auto [status, status_zh] = public_status(w.status);
    ApplicantOrderProgress p;
    p.work_order = w.id;
    p.unit_name = unit_name(organisation, w.lead_unit);
    p.status = status;
    p.status_zh = status_zh;
    if (w.status != WorkOrderStatus::kReplied && w.status != WorkOrderStatus::kClosed &&
        w.handle_due) {
      p.due = w.handle_due->due;
    }
    v.progress.push_back(std::move(p));
    if (w.last_reply && !w.last_reply->reply.applicant_not_replied && w.replied_at) {
      const ReplyContent& r = w.last_reply->reply;
      v.replies.push_back({*w.replied_at, unit_name(organisation, w.lead_unit), r.handler_contact,
                           r.process, r.result, r.policy_basis, r.attachments});
    }
    if (w.status == WorkOrderStatus::kReplied) {
      v.next.push_back({"evaluate", w.id, "对办理结果作出满意度评价"});
    }
  }
  return v;
}

}  // namespace hotline
