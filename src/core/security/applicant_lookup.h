#pragma once
// INT-5 [M14, D13]: an applicant looks up their request by its number and
// the phone number they gave. With personal data encrypted, the phone is
// matched by its keyed hash (ports/applicant_index.h), never decrypted for
// the check; requests registered before encryption was switched on (or a
// store without a cipher) are checked against the registered details.

#include <string>
#include <string_view>
#include <vector>

#include "core/ports/applicant_index.h"
#include "core/ports/personal_data_cipher.h"
#include "core/ports/work_order_store.h"
#include "core/result.h"

namespace hotline {

class ApplicantLookup {
 public:
  // `cipher` and `index` are null when personal data is not encrypted.
  ApplicantLookup(WorkOrderStore& store, const PersonalDataCipher* cipher, ApplicantIndex* index)
      : store_(store), cipher_(cipher), index_(index) {}

  // True when request `number` exists and was registered with `phone`.
  // Anonymous requests, and those without a phone, never match.
  Result<bool> matches(std::string_view number, std::string_view phone);
  // The requests registered with `phone` (needs the index), oldest first.
  Result<std::vector<std::string>> requests_of(std::string_view phone);

 private:
  WorkOrderStore& store_;
  const PersonalDataCipher* cipher_;
  ApplicantIndex* index_;
};

}  // namespace hotline
