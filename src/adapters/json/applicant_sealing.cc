#include "adapters/json/applicant_sealing.h"

#include <string>

namespace hotline {
namespace {

// Applicant fields sealed by a cipher (SEC-1).
constexpr const char* kSealedApplicantFields[] = {"name", "phone", "address", "email",
                                                  "source_account"};

std::string sealing_context(std::string_view stream, std::string_view field) {
  return std::string(stream) + "/applicant." + std::string(field);
}

// Replaces each of the applicant's personal-data fields (kSealedApplicantFields)
// inside a RequestRegistered body's JSON that `wanted` selects by `change(text,
// context)`, the context naming the stream and field.
template <typename Wanted, typename Change>
Status change_applicant(nlohmann::json& data, std::string_view stream, Wanted wanted,
                        Change change) {
  auto details = data.find("details");
  if (details == data.end() || !details->is_object()) return {};
  auto applicant = details->find("applicant");
  if (applicant == details->end() || !applicant->is_object()) return {};
  for (const char* field : kSealedApplicantFields) {
    auto value = applicant->find(field);
    if (value == applicant->end() || !value->is_string()) continue;
    const auto& text = value->get_ref<const std::string&>();
    if (!wanted(text)) continue;
    Result<std::string> changed = change(text, sealing_context(stream, field));
    if (!changed) return fail(changed.error());
    *value = std::move(*changed);
  }
  return {};
}

}  // namespace

Status seal_applicant(nlohmann::json& data, std::string_view stream,
                      const PersonalDataCipher& cipher) {
  return change_applicant(
      data, stream, [](const std::string& text) { return !text.empty(); },
      [&](const std::string& text, const std::string& context) {
        return cipher.seal(text, context);
      });
}

Status open_applicant(nlohmann::json& data, std::string_view stream,
                      const PersonalDataCipher& cipher) {
  return change_applicant(
      data, stream, [](const std::string& text) { return PersonalDataCipher::is_sealed(text); },
      [&](const std::string& text, const std::string& context) {
        return cipher.open(text, context);
      });
}

}  // namespace hotline
