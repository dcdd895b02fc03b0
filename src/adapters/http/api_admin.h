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
//
// Every change, done or refused, is written to the audit log with who, what
// and the account or year — never a password. The account routes are the
// Accounts use case's operations (application/accounts.h), audited as
// "command:account-create|change|reset-password|apikey-create". The dispatch catalogue's
// changes are the triage routes (/api/v1/triage/catalogue, audited there).

#include <functional>
#include <string>

#include "adapters/http/router.h"
#include "application/accounts.h"
#include "application/calendar_admin.h"
#include "core/clock.h"
#include "core/security/account.h"

namespace hotline::http {

struct AdminApi {
  const Clock& clock;
  CalendarAdmin& calendar;
  // Writes an audit entry: action, target, done or refused, detail.
  std::function<void(const HttpRequest&, const std::string& action, const std::string& target,
                     bool success, const std::string& detail)>
      audit;
  // The account routes (POST/PUT /api/v1/admin/accounts…), generated from
  // the use case, which audits them itself; none: not offered.
  Accounts* accounts = nullptr;
};

void add_admin_routes(Router& router, const AdminApi& api);

}  // namespace hotline::http
