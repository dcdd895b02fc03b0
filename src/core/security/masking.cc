#include "core/security/masking.h"

#include <algorithm>

#include "core/security/visibility.h"
#include "core/text.h"

namespace hotline {
namespace {

// Byte length of the UTF-8 sequence starting with `lead`.
std::size_t sequence_length(unsigned char lead) {
  if (lead < 0x80) return 1;
  if ((lead >> 5) == 0x6) return 2;
  if ((lead >> 4) == 0xE) return 3;
  if ((lead >> 3) == 0x1E) return 4;
  return 1;
}

// The first `n` code points of valid UTF-8 `s`.
std::string_view first_code_points(std::string_view s, std::size_t n) {
  std::size_t pos = 0;
  for (std::size_t i = 0; i < n && pos < s.size(); ++i) {
    pos += sequence_length(static_cast<unsigned char>(s[pos]));
  }
  return s.substr(0, std::min(pos, s.size()));
}

bool is_unit_side(Role r) {
  return r == Role::kUnitStaff || r == Role::kUnitAdministrator || r == Role::kApiClient;
}

bool identifies(const Attachment& a) {
  return a.media_type.starts_with("audio/") || a.media_type.starts_with("video/");
}

void withhold_identity(RequestDetails& d) {
  d.applicant.name.clear();
  d.applicant.phone.clear();
  d.applicant.address.clear();
  d.applicant.email.clear();
  d.applicant.source_account.clear();
  d.external_ref.clear();
  std::erase_if(d.attachments, identifies);
}

}  // namespace

std::string_view to_string(Disclosure d) {
  switch (d) {
    case Disclosure::kFull:
      return "full";
    case Disclosure::kMasked:
      return "masked";
    case Disclosure::kWithheld:
      return "withheld";
    case Disclosure::kNone:
      return "none";
  }
  return "?";
}

bool is_complained_unit(const Actor& actor, const Applicant& applicant,
                        const Organisation& organisation) {
  if (!applicant.complained_unit || applicant.complained_unit->empty() || actor.unit.empty()) {
    return false;
  }
  return actor.unit == *applicant.complained_unit ||
         organisation.is_within(actor.unit, *applicant.complained_unit);
}

Disclosure disclosure_for(const Actor& actor, const RequestDetails& details,
                          const Organisation& organisation) {
  switch (actor.role) {
    case Role::kAgent:
    case Role::kDispatcher:
    case Role::kVisitAgent:
    case Role::kSupervisor:
    case Role::kSystem:
    case Role::kApplicant:  // only ever their own request (visibility.h)
      return Disclosure::kFull;
    case Role::kAnalyst:
    case Role::kSocialSupervisor:  // EVA-4: observes the matter, never the person
      return Disclosure::kNone;
    case Role::kAdministrator:
      // Administrators manage accounts and keys, not cases: least privilege.
      return Disclosure::kMasked;
    case Role::kUnitStaff:
    case Role::kUnitAdministrator:
    case Role::kApiClient:
      if (is_complained_unit(actor, details.applicant, organisation)) return Disclosure::kWithheld;
      if (details.confidential) return Disclosure::kWithheld;
      return Disclosure::kMasked;
  }
  return Disclosure::kNone;  // an unknown role sees nothing
}

RequestDetails mask_for(const Actor& actor, const RequestDetails& details,
                        const Organisation& organisation) {
  RequestDetails out = details;
  switch (disclosure_for(actor, details, organisation)) {
    case Disclosure::kFull:
      break;
    case Disclosure::kMasked:
      out.applicant.name = mask_name(details.applicant.name);
      out.applicant.phone = mask_phone(details.applicant.phone);
      out.applicant.address = mask_address(details.applicant.address);
      out.applicant.email = mask_email(details.applicant.email);
      out.applicant.source_account = mask_address(details.applicant.source_account);
      break;
    case Disclosure::kWithheld:
    case Disclosure::kNone:
      withhold_identity(out);
      break;
  }
  return out;
}

Event mask_event(const Actor& actor, const Event& event, const Organisation& organisation) {
  Event out = event;
  if (auto* registered = std::get_if<RequestRegistered>(&out.body)) {
    registered->details = mask_for(actor, registered->details, organisation);
  }
  return out;
}

std::string mask_name(std::string_view name) {
  if (name.empty()) return {};
  if (!is_valid_utf8(name)) return "*";
  const std::size_t n = code_points(name);
  if (n <= 1) return "*";
  return std::string(first_code_points(name, 1)) + std::string(n - 1, '*');
}

std::string mask_phone(std::string_view phone) {
  if (phone.empty()) return {};
  if (!is_valid_utf8(phone) || phone.size() != code_points(phone)) return "****";
  if (phone.size() >= 8) {
    return std::string(phone.substr(0, 3)) + "****" + std::string(phone.substr(phone.size() - 4));
  }
  if (phone.size() >= 3) return "****" + std::string(phone.substr(phone.size() - 2));
  return "****";
}

std::string mask_email(std::string_view email) {
  if (email.empty()) return {};
  const std::size_t at = email.rfind('@');
  if (at == std::string_view::npos || at == 0 || !is_valid_utf8(email)) return "****";
  return std::string(first_code_points(email, 1)) + "****" + std::string(email.substr(at));
}

std::string mask_address(std::string_view address) {
  if (address.empty()) return {};
  if (!is_valid_utf8(address)) return "****";
  const std::size_t keep = std::min<std::size_t>(code_points(address) / 3, 6);
  return std::string(first_code_points(address, keep)) + "****";
}

std::string normalize_phone(std::string_view phone) {
  std::string digits;
  for (std::size_t i = 0; i < phone.size(); ++i) {
    const char c = phone[i];
    if (c >= '0' && c <= '9') {
      digits.push_back(c);
    } else if (c == '+' && digits.empty()) {
      continue;
    } else if (c != ' ' && c != '-' && c != '(' && c != ')') {
      return {};
    }
  }
  // +86 / 0086 before a mobile number (11 digits starting with 1).
  for (std::string_view prefix : {"0086", "86"}) {
    if (digits.size() == prefix.size() + 11 && digits.starts_with(prefix) &&
        digits[prefix.size()] == '1') {
      digits.erase(0, prefix.size());
      break;
    }
  }
  if (digits.size() < 5 || digits.size() > 20) return {};
  return digits;
}

bool may_reveal_contact(const Actor& actor, const RequestDetails& details,
                        const WorkOrderState& work_order, const Organisation& organisation) {
  if (!is_unit_side(actor.role)) return false;
  if (disclosure_for(actor, details, organisation) != Disclosure::kMasked) return false;
  if (details.applicant.anonymous || details.reply_not_wanted) return false;
  if (!can_see_work_order(actor, work_order, organisation)) return false;
  // Only the units that handle it: lead or handling unit, not assisting ones.
  return organisation.is_within(work_order.lead_unit, actor.unit) ||
         (!work_order.handling_unit.empty() &&
          organisation.is_within(work_order.handling_unit, actor.unit));
}

}  // namespace hotline
