#pragma once
// How an applicant is reached after the fact and what they say: the return
// visit of a work order (VIS-1 [M18, R14(2)]), the evaluation of the agent's
// service after the call (INT-7 [R14(1)]) and spot checks (VIS-4 [T17]).

#include <optional>
#include <string_view>

namespace hotline {

enum class VisitMethod { kPhone, kSms, kInternet, kOnSite };
std::string_view to_string(VisitMethod m);
std::optional<VisitMethod> parse_visit_method(std::string_view s);

enum class Satisfaction { kSatisfied, kBasicallySatisfied, kDissatisfied };
std::string_view to_string(Satisfaction s);
std::string_view to_chinese(Satisfaction s);
std::optional<Satisfaction> parse_satisfaction(std::string_view s);

}  // namespace hotline
