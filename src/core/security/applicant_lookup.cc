#include "core/security/applicant_lookup.h"

#include <algorithm>

#include "core/security/masking.h"

namespace hotline {

Result<bool> ApplicantLookup::matches(std::string_view number, std::string_view phone) {
  const std::string normalized = normalize_phone(phone);
  if (normalized.empty() || number.empty()) return false;
  if (cipher_ != nullptr && index_ != nullptr && index_->indexes_applicants()) {
    auto numbers = index_->requests_for_phone_hash(cipher_->lookup_hash(normalized));
    if (!numbers) return fail(numbers.error());
    if (std::find(numbers->begin(), numbers->end(), number) != numbers->end()) return true;
  }
  auto events = store_.load(number);
  if (!events) return fail(events.error());
  for (const Event& e : *events) {
    if (const auto* r = std::get_if<RequestRegistered>(&e.body)) {
      if (r->number != number || r->details.applicant.anonymous) return false;
      const std::string registered = normalize_phone(r->details.applicant.phone);
      return !registered.empty() && registered == normalized;
    }
  }
  return false;
}

Result<std::vector<std::string>> ApplicantLookup::requests_of(std::string_view phone) {
  const std::string normalized = normalize_phone(phone);
  if (normalized.empty()) return std::vector<std::string>{};
  if (cipher_ == nullptr || index_ == nullptr || !index_->indexes_applicants()) {
    return fail(Error::invalid("phone", "look-up by phone needs encrypted personal data",
                               "未配置个人信息加密，无法按电话号码查询"));
  }
  return index_->requests_for_phone_hash(cipher_->lookup_hash(normalized));
}

}  // namespace hotline
