#pragma once
// CON-1 [D32, M12] over HTTP (option: the policy's [conduct]):
//
//   POST /api/v1/requests/{number}/warn-applicant     {"behaviour", "reason"}        agents,
//                                                                                    dispatchers,
//                                                                                    supervisors
//   POST /api/v1/requests/{number}/suspend-applicant  {"behaviour", "until", "reason"} supervisors
//   POST /api/v1/requests/{number}/review-suspension  {"upheld", "reason"}   another supervisor
//   GET  /api/v1/requests/{number}/applicant-conduct  the record of the request's applicant
//
// The applicant is the one who registered request {number}; the answer is
// their conduct record (no personal data). Changes are audited, done or
// refused; the role is checked before the body is read.

#include "adapters/http/router.h"
#include "application/applicant_conduct.h"

namespace hotline::http {

void add_conduct_routes(Router& router, ApplicantConduct& conduct);

}  // namespace hotline::http
