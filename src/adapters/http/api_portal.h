#pragma once
// The applicant portal's intake (issue 11): anyone may submit a request on
// the web with photos, then follow it by number and phone (INT-5, through
// /api/v1/applicant-session).
//
//   POST /api/v1/portal/attachments   a photo (image/jpeg, png or webp body);
//                                     answers its reference
//   POST /api/v1/portal/requests      registers a request from the website
//   GET  /api/v1/portal/districts     the districts to choose from (public)
//   GET  /api/v1/attachments/{name}   a stored photo: staff, or the applicant
//                                     of the request it belongs to
//
// Photos are kept by content digest in a folder beside the database.

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>

#include "adapters/http/event_bus.h"
#include "adapters/http/router.h"
#include "application/work_orders.h"
#include "core/clock.h"
#include "core/engine/engine.h"
#include "core/org/organisation.h"

namespace hotline::http {

struct PortalApi {
  WorkOrders& work_orders;  // registration, with its role check and audit
  Engine& engine;
  const Clock& clock;
  const Organisation& organisation;
  std::filesystem::path attachments_dir;
};

void add_portal_routes(Router& router, const PortalApi& api);

}  // namespace hotline::http
