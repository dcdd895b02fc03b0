#pragma once
// The web application in `hotline serve` (issue 11): its built files at `/`,
// and the routes its screens need beside the engine's API (directory,
// workbench lists with Excel export, the applicant portal's intake).

#include <memory>
#include <optional>
#include <string>

#include "adapters/http/api_admin.h"
#include "adapters/http/api_engine.h"
#include "adapters/http/api_portal.h"
#include "adapters/http/api_workbench.h"
#include "adapters/http/request_queue.h"
#include "adapters/http/static_files.h"
#include "adapters/toml/intake_file.h"
#include "app/composition_root.h"
#include "app/platform.h"
#include "core/ports/attachment_vault.h"

namespace hotline {

struct WebApp {
  IntakeSettings intake;  // data/intake.toml: attachment limits, look-up rate
  std::unique_ptr<LookupRateLimiter> lookup_rate;
  std::unique_ptr<http::RequestQueue> queue;
  std::optional<http::WorkbenchApi> workbench;
  std::optional<http::PortalApi> portal;
  std::optional<http::AdminApi> admin;     // the platform's Accounts and HolidayCalendar
  std::optional<http::StaticFiles> files;  // none without --web-root
};

// Adds the routes and, when `web_root` is given, serves the built files from
// it (without one the API still works and `/` answers 404).
Result<std::unique_ptr<WebApp>> add_web_app_routes(http::Router& router, CompositionRoot& root,
                                                   const PlatformOptions& options,
                                                   const std::string& web_root);

}  // namespace hotline
