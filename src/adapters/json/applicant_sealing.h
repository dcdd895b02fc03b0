#pragma once
// SEC-1: the applicant's personal data (name, phone, address, e-mail and
// account in another system: the fields of kSealedApplicantFields) sealed inside a registration
// event's JSON before a store writes it, and opened when it reads it back. Each value is sealed
// with the stream and field as its context, so a sealed value moved to
// another request or field does not open. Kept out of the stores, so that
// every store (SQLite, and PostgreSQL next) seals the same way and keeps only
// events and the read model.

#include <nlohmann/json.hpp>
#include <string_view>

#include "core/ports/personal_data_cipher.h"
#include "core/result.h"

namespace hotline {

// Seals the non-empty personal-data fields of a RequestRegistered body.
Status seal_applicant(nlohmann::json& data, std::string_view stream,
                      const PersonalDataCipher& cipher);
// Opens what seal_applicant sealed; values stored before encryption was
// switched on are plain and left as they are.
Status open_applicant(nlohmann::json& data, std::string_view stream,
                      const PersonalDataCipher& cipher);

}  // namespace hotline
