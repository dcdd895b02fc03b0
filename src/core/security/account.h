#pragma once
// People and systems that use the platform (issue 3): accounts of the office
// (agents, dispatchers, return-visit agents, supervisors, analysts,
// administrators), of units (staff, unit administrators) and API clients of
// other systems (the 12328 sub-centre, department systems). An account acts
// as an Actor: its id, role and unit are recorded on every event (SEC-2).

#include <optional>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "core/org/organisation.h"
#include "core/result.h"
#include "core/time.h"
#include "core/work_order/actor.h"

namespace hotline {

// The hotline office's unit id: office roles act for it.
inline constexpr std::string_view kOfficeUnit = "office";

struct Account {
  std::string id;            // stable; also the Actor id, e.g. "agent.wang"
  std::string username;      // what the person types to sign in
  std::string display_name;  // 王芳
  Role role = Role::kAgent;
  std::string unit;  // "office" for office roles, else a unit of the organisation
  bool active = true;
  bool is_api_client = false;  // signs in with API keys only, never a password

  Actor actor() const { return Actor{id, role, unit}; }
};

// Usernames: 2–64 of a–z, 0–9, '.', '_', '-', starting with a letter or digit.
Status validate_username(std::string_view username);

struct PasswordPolicy {
  std::size_t min_code_points = 10;
  std::size_t max_bytes = 1024;  // longer input is refused before hashing
};
Status validate_password(std::string_view password, const PasswordPolicy& policy = {});

// An account's role must fit its unit: office roles act for the office, unit
// roles for a unit of the organisation (not the office), API clients for any
// known unit. Applicants and the system have no accounts.
Status validate_account(const Account& account, const Organisation& organisation);

struct SessionPolicy {
  Seconds lifetime{10 * 3600};          // absolute: about one shift
  Seconds idle_timeout{2 * 3600};       // signed out after this long without a request
  Seconds applicant_lifetime{30 * 60};  // INT-5 look-up sessions
  Seconds touch_interval{60};           // last_seen is written at most this often
};

// A signed-in session as stored: never the token, only its hash.
struct SessionRecord {
  std::string token_hash;
  Actor actor;
  std::string account_id;  // empty for applicant sessions
  std::string scope;       // applicant sessions: the one request number they may see
  std::string remote;      // where it was opened
  Instant created_at{};
  Instant expires_at{};
  Instant last_seen{};
};

// True while the session may be used at `now`.
bool session_is_live(const SessionRecord& s, Instant now, const SessionPolicy& policy);

struct ApiKeyRecord {
  std::string id;        // public, shown in listings: "key-1a2b3c4d5e6f"
  std::string key_hash;  // the key itself is shown once, at creation
  std::string account_id;
  std::string name;
  Instant created_at{};
  std::optional<Instant> revoked_at;
};

// Who is making a request, once authenticated: what the HTTP layer puts in
// HttpRequest::actor, with what the handlers need besides.
struct Principal {
  Actor actor;
  std::string display_name;
  std::string scope;  // applicants: the request number; empty otherwise
  bool via_api_key = false;
  std::optional<Instant> expires_at;
};

// The Actor of an applicant who proved they registered `request_number`
// (INT-5): no account, scoped to that request.
Actor applicant_actor(std::string_view request_number);

}  // namespace hotline
