#pragma once
// Operations of the use cases beside the work-order engine (the knowledge
// base now; triage and accounts follow the same pattern): one typed struct
// per command or query that declares, once, who may call it (checked before
// its body is read, SEC-2), whether it is audited, its HTTP method and route,
// the JSON Schemas of its body, query parameters and answer, and how it runs.
// The HTTP routes and their OpenAPI operations are generated from the table
// of these structs, and the CLI calls the same operation by its name, so a
// door cannot skip a check another door makes.
//
// Work-order commands keep their own, richer declaration (command.h): they
// act on event streams with expected versions and privacy views.

#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/security/audit.h"
#include "core/work_order/actor.h"

namespace hotline {

class PrivacyGuard;

// Who may call an operation: a predicate over the caller (none: anonymous)
// and what a refusal cites. Checked before the body is read; the use case's
// own finer rules (a unit maintains its own articles) come after.
struct Who {
  bool (*admits)(const std::optional<Actor>& actor);
  std::string_view description;  // "office reviewers", for the OpenAPI document
  std::string_view rule;         // the SPEC rule a refusal names
  std::string_view article;      // and its article
  std::string_view message_zh;
};

namespace who {
// Anyone, signed in or not: a public route.
extern const Who kAnyone;
// Any signed-in caller.
extern const Who kSignedIn;
// The office's and the units' staff (not applicants, API clients, analysts).
extern const Who kStaff;
// Staff and analysts (read-only figures).
extern const Who kStaffOrAnalyst;
// The office's staff (agents, dispatchers, supervisors, administrators …).
extern const Who kOffice;
// The office's reviewers: dispatchers, supervisors, administrators.
extern const Who kReviewers;
// Reviewers and the units' staff: those who maintain content.
extern const Who kMaintainers;
// The units' staff.
extern const Who kUnits;
// The administrator (系统管理员): accounts, rebuilding derived stores.
extern const Who kAdministrators;
}  // namespace who

struct OperationSpec {
  std::string_view name;    // "kb-submit": the audit entry "command:kb-submit"; the CLI's name
  std::string_view method;  // "GET", "POST", "PUT"
  std::string_view path;    // "/api/v1/kb/articles/{id}/submit"
  const Who* who = &who::kSignedIn;
  bool audited = false;  // a change: "command:<name>" in the audit log, done or refused
  int success_status = 200;
  std::string_view summary;
};

// Declares, in an operations' namespace `ops`, how its use case renders and
// describes the answers (OperationUseCase's `Answers`): that namespace's
// render(answer, caller) and answer_schema(const Answer*) overloads.
#define HOTLINE_OPERATION_ANSWERS(ops)                                             \
  struct Answers {                                                                 \
    template <typename A>                                                          \
    static nlohmann::json schema(const A* a) {                                     \
      return ops::answer_schema(a);                                                \
    }                                                                              \
    template <typename A>                                                          \
    static nlohmann::json render(const A& a, const std::optional<Actor>& caller) { \
      return ops::render(a, caller);                                               \
    }                                                                              \
  }

// One call of an operation as a door received it.
struct OperationCall {
  std::optional<Actor> actor;                     // none: anonymous (public operations only)
  std::string remote;                             // for the audit log: peer address, "cli"
  std::map<std::string, std::string> path;        // path parameters: {"id": "kb.x"}
  std::multimap<std::string, std::string> query;  // query parameters
  nlohmann::json body = nlohmann::json::object();
  // Set by operation_table::execute for an audited call: an operation whose
  // store commits the entry with the change (the triage catalogue) hands it
  // on; any other gets an entry of its own after it ran. Not owned.
  CommandAudit* audit = nullptr;

  std::optional<std::string> param(const std::string& name) const;
  const std::string& path_param(const std::string& name) const;
};

// A query parameter an operation declares (its JSON Schema; "description"
// is the parameter's).
struct OperationParam {
  std::string name;
  nlohmann::json schema;
  bool required = false;
};

// One row of a use case's operation table, generated from a typed struct.
template <typename Service>
struct OperationEntry {
  OperationSpec spec;
  nlohmann::json body_schema;    // null: the operation takes no body
  nlohmann::json answer_schema;  // the successful answer
  std::vector<OperationParam> query;
  // Reads the call strictly into the typed struct, runs it on the service
  // and renders the typed answer for the caller.
  std::function<Result<nlohmann::json>(Service&, const OperationCall&)> run;
};

// The caller of an operation admit() let in: never anonymous for a
// non-public operation (an impossible state otherwise, asserted).
const Actor& actor_of(const std::optional<Actor>& caller);

// The caller may call it (SEC-2): a kForbidden error citing the
// declaration's rule otherwise, or "unauthenticated" for an anonymous caller
// of a non-public operation.
Status admit(const OperationSpec& spec, const std::optional<Actor>& actor);

// What an operation's audit entry names: the route's {id} (or its only
// parameter), else the id the answer created or the body named, else the
// route.
std::string audit_target(const OperationSpec& spec, const OperationCall& call,
                         const Result<nlohmann::json>* answer);
// The audit entry "command:<name>" of an audited operation, done or refused
// (SEC-2 [M27, R28]); nothing without a guard or a caller.
void audit_operation(PrivacyGuard* guard, const OperationSpec& spec, const OperationCall& call,
                     const std::string& target, const Status& outcome);
// The same entry, its write's failure returned (a change commits with it).
Status record_operation(PrivacyGuard* guard, const OperationSpec& spec, const OperationCall& call,
                        const std::string& target, const Status& outcome);
// Runs a body as one transaction of the store the use case changes (see
// SecurityStore::atomically); empty: no such store.
using Atomically = std::function<Status(const std::function<Status()>& body)>;

// Query parameters read strictly: an unsigned integer within [0, max].
Result<std::size_t> size_param(const OperationCall& call, const char* name, std::size_t fallback,
                               std::size_t max);
// "true" or "false"; absent: false.
Result<bool> flag_param(const OperationCall& call, const char* name);

// The schema of such a parameter, for the OpenAPI document.
nlohmann::json size_param_schema(std::size_t fallback, std::size_t max,
                                 std::string_view description = {});
nlohmann::json flag_param_schema(std::string_view description = {});

}  // namespace hotline
