#pragma once
// Request numbers by the keyed hash of the applicant's phone number (INT-5,
// TRI-5): the store writes an entry with each registration, in the same
// transaction, when personal data is encrypted. No phone number is stored in
// clear; see PersonalDataCipher::lookup_hash.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace hotline {

class ApplicantIndex {
 public:
  virtual ~ApplicantIndex() = default;
  // Request numbers registered with this phone hash, oldest first.
  virtual Result<std::vector<std::string>> requests_for_phone_hash(std::string_view phone_hash) = 0;
  // True when the index is maintained (the store was opened with a cipher).
  virtual bool indexes_applicants() const = 0;
};

}  // namespace hotline
