#pragma once
// What every command of the application boundary declares about itself, once:
// its name (the CLI verb, the scenario file's "do", the last segment of its
// HTTP route), what it acts on, the permission the caller's role needs
// (SEC-2, checked before its arguments are read), whether it is recorded in
// the audit log, and which privacy view its answer gets. The doors (CLI,
// HTTP, scenario files, OpenAPI) are generated from these declarations, so a
// door cannot forget a check another door makes.

#include <optional>
#include <string>
#include <string_view>

#include "core/engine/permissions.h"
#include "core/work_order/actor.h"

namespace hotline {

// What a command's target names.
enum class Subject {
  kNone,       // the command names no target (register, sweep)
  kRequest,    // a request number: POST /api/v1/requests/{number}/<name>
  kWorkOrder,  // a work order id:  POST /api/v1/work-orders/{id}/<name>
};

// What the answer may show of applicants' personal data (SEC-4).
enum class Privacy {
  kNone,    // the answer holds no personal data (work orders, reports)
  kMasked,  // the request's details, masked per role through the privacy guard; the read audited
};

struct CommandSpec {
  std::string_view name;   // "apply-return"
  std::string_view alias;  // a short CLI alias ("return"), or empty
  Subject subject = Subject::kNone;
  std::optional<Action> permission;  // the row of the permission table; none: no role check
  bool audited = true;               // a "command:<name>" audit entry, done or refused
  Privacy privacy = Privacy::kNone;
  bool public_route = false;  // true only by declaration: no credentials needed
  // The actor of a scenario line or CLI call that names none.
  std::string_view default_actor = "dispatcher";
  std::string_view summary;  // one line, for --help and OpenAPI
};

// Who calls, as the doors know it.
struct Caller {
  Actor actor;
  std::string remote;  // where from, for the audit log: peer address, "cli", "scenario"
  // An applicant's session (INT-5): the one request it may see and act on.
  std::string scope;
  // INT-4: a digest of the caller and the Idempotency-Key of an intake; a
  // second registration with it answers the first request (any node, even
  // after the one that took the first died). Empty: none.
  std::string intake_key{};
};

}  // namespace hotline
