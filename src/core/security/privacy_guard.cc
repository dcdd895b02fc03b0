#include "core/security/privacy_guard.h"

namespace hotline {
namespace {

bool has_identity(const Applicant& a) {
  return !a.name.empty() || !a.phone.empty() || !a.address.empty() || !a.email.empty() ||
         !a.source_account.empty();
}

}  // namespace

AuditRecord PrivacyGuard::change_record(const Actor& actor, std::string_view remote,
                                        std::string_view action, std::string_view target,
                                        bool success, std::string detail) const {
  AuditRecord r;
  r.at = clock_.now();
  r.actor = actor;
  r.action = std::string(action);
  r.target = std::string(target);
  r.detail = std::move(detail);
  r.remote = std::string(remote);
  r.success = success;
  return r;
}

Status PrivacyGuard::record(AuditLog& log, const Actor& actor, std::string_view remote,
                            std::string_view action, std::string_view target, bool success,
                            std::string detail) {
  const AuditRecord r = change_record(actor, remote, action, target, success, std::move(detail));
  auto entry = log.append(r);
  if (!entry) return fail(entry.error());
  return {};
}

Result<RequestDetails> PrivacyGuard::read_request(const Actor& actor, std::string_view remote,
                                                  std::string_view number,
                                                  const RequestDetails& details) {
  const Disclosure d = disclosure_for(actor, details, organisation_);
  const bool discloses =
      (d == Disclosure::kFull || d == Disclosure::kMasked) && has_identity(details.applicant);
  if (discloses) {
    if (auto st = record(disclosures_, actor, remote, "read-personal-data", number, true,
                         "disclosure=" + std::string(to_string(d)));
        !st) {
      return fail(st.error());
    }
  }
  return mask_for(actor, details, organisation_);
}

Result<std::vector<Event>> PrivacyGuard::read_events(const Actor& actor, std::string_view remote,
                                                     std::string_view stream,
                                                     std::span<const Event> events) {
  std::vector<Event> out;
  out.reserve(events.size());
  std::optional<Disclosure> disclosed;
  for (const Event& e : events) {
    if (const auto* r = std::get_if<RequestRegistered>(&e.body)) {
      const Disclosure d = disclosure_for(actor, r->details, organisation_);
      if ((d == Disclosure::kFull || d == Disclosure::kMasked) &&
          has_identity(r->details.applicant)) {
        disclosed = d;
      }
    }
    out.push_back(mask_event(actor, e, organisation_));
  }
  if (disclosed) {
    if (auto st = record(disclosures_, actor, remote, "read-personal-data", stream, true,
                         "disclosure=" + std::string(to_string(*disclosed)));
        !st) {
      return fail(st.error());
    }
  }
  return out;
}

Result<Applicant> PrivacyGuard::reveal_contact(const Actor& actor, std::string_view remote,
                                               std::string_view number,
                                               const RequestDetails& details,
                                               const WorkOrderState& work_order,
                                               std::string_view reason) {
  if (reason.empty()) {
    return fail(Error::invalid("reason", "say why the contact is needed", "请说明查看原因"));
  }
  const bool allowed = may_reveal_contact(actor, details, work_order, organisation_);
  if (auto st = record(disclosures_, actor, remote, "reveal-contact", number, allowed,
                       "work_order=" + work_order.id + "; reason=" + std::string(reason));
      !st) {
    return fail(st.error());
  }
  if (!allowed) {
    return fail(Error::refused("SEC-4", "M11",
                               "this unit may not see the applicant's contact for this request",
                               "本单位无权查看该诉求人的联系方式"));
  }
  return details.applicant;
}

Status PrivacyGuard::record_change(const Actor& actor, std::string_view remote,
                                   std::string_view action, std::string_view target, bool success,
                                   std::string detail) {
  return record(audit_, actor, remote, action, target, success, std::move(detail));
}

}  // namespace hotline
