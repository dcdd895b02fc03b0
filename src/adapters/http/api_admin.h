#pragma once
// Administration (系统管理, issue 11; issue 9 item 13), for the administrator
// only (403 for anyone else, SEC-2):
//
//   POST /api/v1/admin/accounts                  create an account (Argon2id password)
//   PUT  /api/v1/admin/accounts/{id}             change name, role, unit, enabled
//   POST /api/v1/admin/accounts/{id}/password    reset the password; ends its sessions
//   POST /api/v1/admin/api-keys                  another system's API key, shown once
//   GET  /api/v1/directory/accounts              users and roles (the office's staff)
//   GET  /api/v1/admin/calendar                  the known years with their notices
//   POST /api/v1/admin/calendar/years            enter a year's holidays (running platform)
//   PUT  /api/v1/admin/calendar/years/{year}     correct a year entered here, with the reason
//
// Every route is generated from a use case's operations: the Accounts use
// case (application/accounts.h, audited "command:account-…|apikey-create",
// never a password) and the HolidayCalendar use case
// (application/holiday_calendar.h, audited "command:calendar-add-year|
// calendar-correct-year", the entry committed with the year). The dispatch
// catalogue's changes are the triage routes (/api/v1/triage/catalogue).

#include "adapters/http/router.h"
#include "application/accounts.h"
#include "application/holiday_calendar.h"

namespace hotline::http {

struct AdminApi {
  // Each none: its routes are not offered. Both must outlive the router.
  Accounts* accounts = nullptr;
  HolidayCalendar* calendar = nullptr;
};

void add_admin_routes(Router& router, const AdminApi& api);

}  // namespace hotline::http
