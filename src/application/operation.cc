#include "application/operation.h"

#include <algorithm>

#include "core/security/privacy_guard.h"

namespace hotline {
namespace {

bool staff(Role r) { return (is_office_role(r) && r != Role::kSystem) || is_unit_role(r); }
bool reviewer(Role r) {
  return r == Role::kAdministrator || r == Role::kSupervisor || r == Role::kDispatcher;
}

}  // namespace

namespace who {
constexpr Who kAnyone{[](const std::optional<Actor>&) { return true; }, "anyone", "", "", ""};
constexpr Who kSignedIn{[](const std::optional<Actor>& a) { return a.has_value(); },
                        "signed-in callers", "SEC-2", "R28", "请先登录"};
constexpr Who kStaff{[](const std::optional<Actor>& a) { return a && staff(a->role); },
                     "the office's and the units' staff", "SEC-2", "R28",
                     "仅限热线工作机构和承办单位人员"};
constexpr Who kStaffOrAnalyst{[](const std::optional<Actor>& a) {
                                return a && (staff(a->role) || a->role == Role::kAnalyst);
                              },
                              "staff and analysts", "SEC-2", "R28", "仅限工作人员"};
constexpr Who kOffice{[](const std::optional<Actor>& a) {
                        return a && is_office_role(a->role) && a->role != Role::kSystem;
                      },
                      "the office's staff", "KB-1", "M20", "仅限热线工作机构人员"};
constexpr Who kReviewers{[](const std::optional<Actor>& a) { return a && reviewer(a->role); },
                         "the office's reviewers (dispatcher, supervisor, administrator)", "KB-3",
                         "R17", "知识信息由热线工作机构审核发布"};
constexpr Who kMaintainers{
    [](const std::optional<Actor>& a) { return a && (reviewer(a->role) || is_unit_role(a->role)); },
    "the office's reviewers and the units' staff", "KB-3", "R15", "承办单位负责维护本单位知识信息"};
constexpr Who kUnits{[](const std::optional<Actor>& a) { return a && is_unit_role(a->role); },
                     "the units' staff", "KB-8", "T31", "仅限承办单位人员"};
constexpr Who kAdministrators{
    [](const std::optional<Actor>& a) { return a && a->role == Role::kAdministrator; },
    "the administrator", "SEC-2", "M27", "仅系统管理员可进行系统管理"};
}  // namespace who

std::optional<std::string> OperationCall::param(const std::string& name) const {
  auto it = query.find(name);
  if (it == query.end()) return std::nullopt;
  return it->second;
}

const std::string& OperationCall::path_param(const std::string& name) const {
  auto it = path.find(name);
  HOTLINE_ASSERT(it != path.end());  // the route's pattern names it
  return it->second;
}

Status admit(const OperationSpec& spec, const std::optional<Actor>& actor) {
  const Who& w = *spec.who;
  if (w.admits(actor)) return {};
  const std::string role = actor ? std::string(to_string(actor->role)) : "anonymous caller";
  return fail(Error::forbidden(
      std::string(w.rule), std::string(w.article),
      role + " may not " + std::string(spec.name) + ": only " + std::string(w.description),
      std::string(w.message_zh)));
}

const Actor& actor_of(const std::optional<Actor>& caller) {
  HOTLINE_ASSERT(caller.has_value());  // admit() refused anonymous callers
  return *caller;
}

std::string audit_target(const OperationSpec& spec, const OperationCall& call,
                         const Result<nlohmann::json>* answer) {
  if (auto it = call.path.find("id"); it != call.path.end()) return it->second;
  if (call.path.size() == 1) return call.path.begin()->second;  // "/years/{year}"
  auto id_of = [](const nlohmann::json& j) -> std::string {
    if (!j.is_object()) return "";
    auto it = j.find("id");
    return it != j.end() && it->is_string() ? it->get<std::string>() : "";
  };
  if (answer && *answer && !id_of(**answer).empty()) return id_of(**answer);
  if (!id_of(call.body).empty()) return id_of(call.body);
  return std::string(spec.path);
}

Status record_operation(PrivacyGuard* guard, const OperationSpec& spec, const OperationCall& call,
                        const std::string& target, const Status& outcome) {
  if (!spec.audited || guard == nullptr || !call.actor) return {};
  return guard->record_change(*call.actor, call.remote, "command:" + std::string(spec.name), target,
                              outcome.has_value(),
                              outcome ? std::string() : outcome.error().describe());
}

void audit_operation(PrivacyGuard* guard, const OperationSpec& spec, const OperationCall& call,
                     const std::string& target, const Status& outcome) {
  (void)record_operation(guard, spec, call, target, outcome);
}

Result<std::size_t> size_param(const OperationCall& call, const char* name, std::size_t fallback,
                               std::size_t max) {
  auto v = call.param(name);
  if (!v) return fallback;
  // Digits only: std::stoul would take "-1" as the largest number (issue 9).
  const bool digits =
      !v->empty() && v->size() <= 9 &&
      std::all_of(v->begin(), v->end(), [](char c) { return c >= '0' && c <= '9'; });
  const std::size_t n = digits ? std::stoul(*v) : max + 1;
  if (n > max) {
    return fail(Error::invalid(name, "must be an integer from 0 to " + std::to_string(max),
                               "应为0至" + std::to_string(max) + "的整数"));
  }
  return n;
}

Result<bool> flag_param(const OperationCall& call, const char* name) {
  auto v = call.param(name);
  if (!v) return false;
  if (*v != "true" && *v != "false") {
    return fail(Error::invalid(name, "true or false", "应为 true 或 false"));
  }
  return *v == "true";
}

nlohmann::json size_param_schema(std::size_t fallback, std::size_t max,
                                 std::string_view description) {
  nlohmann::json s = {{"type", "integer"}, {"minimum", 0}, {"maximum", max}, {"default", fallback}};
  if (!description.empty()) s["description"] = std::string(description);
  return s;
}

nlohmann::json flag_param_schema(std::string_view description) {
  nlohmann::json s = {{"type", "string"}, {"enum", {"true", "false"}}, {"default", "false"}};
  if (!description.empty()) s["description"] = std::string(description);
  return s;
}

}  // namespace hotline
