#pragma once
// EVA-4 [R22] with SEC-1 [M19]: what a social supervisor reads of a work
// order's free text. The matter stays readable; the person does not:
//   - every number of seven digits or more (mobile and landline phone
//     numbers, an ID card number with its check letter X) becomes as many
//     '*' as it had digits — ASCII or full-width digits, with single spaces
//     or dashes between them ("138 0000 1111" is one number);
//   - every occurrence of a string the caller knows to be personal (the
//     applicant's name, phone, address; the handler's name and contact) of
//     at least two code points becomes as many '*' as it had code points.
// House numbers ("12号"), dates and sums of money (shorter than seven
// digits) are kept: they are the matter, not the person.

#include <string>
#include <string_view>
#include <vector>

namespace hotline::oversight {

std::string mask_personal_text(std::string_view text, const std::vector<std::string>& known = {});

}  // namespace hotline::oversight
