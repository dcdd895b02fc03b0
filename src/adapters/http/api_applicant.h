#pragma once
// The applicant's own view of their request (INT-5 [M14]; issue 9, item 8):
// GET /api/v1/applicant/request with an applicant session (POST
// /api/v1/applicant-session). Progress, the reply, what they may do next;
// none of the internal record (core/security/applicant_view.h).

#include <nlohmann/json.hpp>

#include "adapters/http/router.h"
#include "application/work_orders.h"
#include "core/security/applicant_view.h"

namespace hotline::http {

nlohmann::json applicant_view_to_json(const ApplicantView& view);
// An attachment as a link under request `number` (kind, url, thumbnail_url),
// readable by whoever may read that request (api_portal.cc).
nlohmann::json attachment_link(const std::string& number, const Attachment& attachment);

void add_applicant_routes(Router& router, WorkOrders& work_orders);

}  // namespace hotline::http
