#include "core/oversight/sampled_view.h"

#include <vector>

#include "core/oversight/text_mask.h"

namespace hotline::oversight {
namespace {

std::string unit_name(const Organisation& organisation, const std::string& id) {
  const Unit* u = organisation.find(id);
  return u != nullptr ? u->name : std::string();
}

}  // namespace

bool may_show(const RequestState& request) {
  return !request.details.confidential && !request.is_conduct_complaint();
}

SampledWorkOrder sampled_view(const WorkOrderState& w, const RequestState& r,
                              const Organisation& organisation, std::string month) {
  const RequestDetails& d = r.details;
  std::vector<std::string> known = {d.applicant.name,           d.applicant.phone,
                                    d.applicant.address,        d.applicant.email,
                                    d.applicant.source_account, d.location.address};
  if (w.last_reply) {
    known.push_back(w.last_reply->reply.handler);
    known.push_back(w.last_reply->reply.handler_contact);
  }
  const auto mask = [&](const std::string& text) { return mask_personal_text(text, known); };

  SampledWorkOrder v;
  v.id = w.id;
  v.request = w.request;
  v.month = std::move(month);
  v.status = w.status;
  v.lead_unit = w.lead_unit;
  v.lead_unit_name = unit_name(organisation, w.lead_unit);
  v.district = d.location.district;
  v.district_name = unit_name(organisation, d.location.district);
  for (int item : w.items) {
    if (item >= 0 && static_cast<std::size_t>(item) < d.items.size() &&
        !d.items[static_cast<std::size_t>(item)].category.empty()) {
      v.category = d.items[static_cast<std::size_t>(item)].category;
      break;
    }
  }
  v.type = d.type;
  v.channel = d.channel;
  v.requested_at = d.requested_at;
  v.dispatched_at = w.dispatched_at;
  v.accepted_at = w.accepted_at;
  v.replied_at = w.replied_at;
  v.subject = mask(d.subject);
  v.detail = mask(d.detail);
  if (w.last_reply) {
    v.reply_process = mask(w.last_reply->reply.process);
    v.reply_result = mask(w.last_reply->reply.result);
    v.reply_policy_basis = mask(w.last_reply->reply.policy_basis);
    v.replied_late = w.last_reply->late;
  }
  if (w.last_evaluation) v.satisfaction = w.last_evaluation->satisfaction;
  v.returns_approved = w.returns_approved;
  v.extensions_approved = w.extensions_approved;
  v.handled_again = w.handled_again;
  v.supervisions = static_cast<int>(w.supervisions.size());
  return v;
}

}  // namespace hotline::oversight
