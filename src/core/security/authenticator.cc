#include "core/security/authenticator.h"

#include "core/security/applicant_lookup.h"

namespace hotline {
namespace {

constexpr std::string_view kAuthField = "authentication";
constexpr std::string_view kThrottleField = "throttle";

Error authentication_failed(std::string message = "invalid username or password",
                            std::string message_zh = "用户名或密码错误") {
  Error e;
  e.code = ErrorCode::kRefused;
  e.field = std::string(kAuthField);
  e.rule = "SEC-2";
  e.article = "M27";
  e.message = std::move(message);
  e.message_zh = std::move(message_zh);
  return e;
}

Error throttled(Instant until) {
  Error e;
  e.code = ErrorCode::kRefused;
  e.field = std::string(kThrottleField);
  e.rule = "SEC-2";
  e.article = "M27";
  e.message = "too many failed attempts; try again after " + format_iso8601(until);
  e.message_zh = "失败次数过多，请于" + format_iso8601(until) + "之后再试";
  return e;
}

// The actor of a sign-in attempt with no account behind it (unknown user):
// a member of the public, as far as the platform knows. The username tried
// is the audit entry's target.
Actor unauthenticated() { return Actor{"unauthenticated", Role::kApplicant, ""}; }

}  // namespace

bool is_authentication_failure(const Error& e) {
  return e.code == ErrorCode::kRefused && e.field == kAuthField;
}
bool is_throttled(const Error& e) {
  return e.code == ErrorCode::kRefused && e.field == kThrottleField;
}

std::optional<Instant> throttled_until(const Error& e) {
  if (!is_throttled(e)) return std::nullopt;
  // throttled() ends its message with the instant.
  const auto at = e.message.rfind(' ');
  if (at == std::string::npos) return std::nullopt;
  auto t = parse_iso8601(e.message.substr(at + 1));
  if (!t) return std::nullopt;
  return *t;
}

Authenticator::Authenticator(SecurityStore& store, const Credentials& credentials,
                             const Clock& clock, AuditLog* audit, SecurityPolicy policy)
    : store_(store),
      credentials_(credentials),
      clock_(clock),
      audit_(audit),
      policy_(std::move(policy)) {}

Status Authenticator::audit(const Actor& actor, std::string_view action, std::string_view target,
                            std::string_view remote, bool success, std::string detail) {
  if (audit_ == nullptr) return {};
  AuditRecord r;
  r.at = clock_.now();
  r.actor = actor;
  r.action = std::string(action);
  r.target = std::string(target);
  r.detail = std::move(detail);
  r.remote = std::string(remote);
  r.success = success;
  auto entry = audit_->append(r);
  if (!entry) return fail(entry.error());
  return {};
}

Status Authenticator::check_throttle(std::string_view subject, std::string_view remote,
                                     Instant now) {
  const Instant since = now - policy_.throttle.lookback();
  auto mine = store_.failures(subject, remote, since);
  if (!mine) return fail(mine.error());
  auto from_remote = store_.failures_from(remote, since);
  if (!from_remote) return fail(from_remote.error());
  const ThrottleDecision d = decide(policy_.throttle, *mine, *from_remote, now);
  if (d.allowed) return {};
  return fail(throttled(*d.retry_after));
}

Result<LoginResult> Authenticator::open_session(Principal principal, std::string account_id,
                                                std::string_view remote, Seconds lifetime,
                                                Instant now) {
  LoginResult out;
  out.token = std::string(kSessionTokenPrefix) + credentials_.new_secret();
  SessionRecord s;
  s.token_hash = credentials_.secret_hash(out.token);
  s.actor = principal.actor;
  s.account_id = std::move(account_id);
  s.scope = principal.scope;
  s.remote = std::string(remote);
  s.created_at = now;
  s.expires_at = now + lifetime;
  s.last_seen = now;
  if (auto st = store_.create_session(s); !st) return fail(st.error());
  principal.expires_at = s.expires_at;
  out.principal = std::move(principal);
  return out;
}

Result<LoginResult> Authenticator::login(std::string_view username, std::string_view password,
                                         std::string_view remote) {
  const Instant now = clock_.now();
  // Usernames are not secret, but are checked before they reach the log.
  if (!validate_username(username) || password.size() > policy_.password.max_bytes) {
    return fail(authentication_failed());
  }
  if (auto st = check_throttle(username, remote, now); !st) {
    if (is_throttled(st.error())) {
      if (auto a = audit(unauthenticated(), "login", username, remote, false, "outcome=throttled");
          !a) {
        return fail(a.error());
      }
    }
    return fail(st.error());
  }
  auto account = store_.find_account_by_username(username);
  if (!account) return fail(account.error());
  std::string stored;
  if (*account && (*account)->active && !(*account)->is_api_client) {
    auto hash = store_.password_hash((*account)->id);
    if (!hash) return fail(hash.error());
    stored = std::move(*hash);
  }
  bool ok = false;
  if (stored.empty()) {
    // Unknown, disabled or key-only: the same work as a real check, so the
    // answer's timing does not tell which usernames exist.
    if (!dummy_hash_) {
      auto dummy = credentials_.hash_password("hotline-dummy-password-never-valid");
      if (dummy) dummy_hash_ = std::move(*dummy);
    }
    if (dummy_hash_) (void)credentials_.verify_password(*dummy_hash_, password);
  } else {
    ok = credentials_.verify_password(stored, password);
  }
  if (auto st = store_.record_attempt(username, remote, now, ok); !st) return fail(st.error());
  if (!ok) {
    const Actor who = *account ? (*account)->actor() : unauthenticated();
    if (auto a = audit(who, "login", username, remote, false, "outcome=bad-credentials"); !a) {
      return fail(a.error());
    }
    return fail(authentication_failed());
  }
  const Account& acc = **account;
  if (credentials_.needs_rehash(stored)) {
    // Limits were raised since this password was set: upgrade it now that we have it.
    if (auto rehashed = credentials_.hash_password(password)) {
      (void)store_.set_password_hash(acc.id, *rehashed);
    }
  }
  if (auto a = audit(acc.actor(), "login", username, remote, true); !a) return fail(a.error());
  Principal p{acc.actor(), acc.display_name, "", false, std::nullopt};
  return open_session(std::move(p), acc.id, remote, policy_.session.lifetime, now);
}

Result<Principal> Authenticator::authenticate(std::string_view token, std::string_view remote) {
  (void)remote;
  const Instant now = clock_.now();
  if (!token.starts_with(kSessionTokenPrefix) || token.size() > 128) {
    return fail(authentication_failed("invalid session", "会话无效，请重新登录"));
  }
  const std::string hash = credentials_.secret_hash(token);
  auto session = store_.find_session(hash);
  if (!session) return fail(session.error());
  if (!*session) return fail(authentication_failed("invalid session", "会话无效，请重新登录"));
  const SessionRecord& s = **session;
  if (!session_is_live(s, now, policy_.session)) {
    (void)store_.delete_session(hash);
    return fail(authentication_failed("session expired", "会话已过期，请重新登录"));
  }
  Principal p;
  p.actor = s.actor;
  p.scope = s.scope;
  p.expires_at = s.expires_at;
  if (!s.account_id.empty()) {
    // The account as it is now: a disabled account's sessions end at once.
    auto account = store_.find_account(s.account_id);
    if (!account) return fail(account.error());
    if (!*account || !(*account)->active) {
      (void)store_.delete_session(hash);
      return fail(authentication_failed("account disabled", "账号已停用"));
    }
    p.actor = (*account)->actor();
    p.display_name = (*account)->display_name;
  }
  if (now - s.last_seen >= policy_.session.touch_interval) {
    if (auto st = store_.touch_session(hash, now); !st) return fail(st.error());
  }
  return p;
}

Result<Principal> Authenticator::authenticate_api_key(std::string_view key,
                                                      std::string_view remote) {
  (void)remote;
  if (!key.starts_with(kApiKeyPrefix) || key.size() > 128) {
    return fail(authentication_failed("invalid API key", "接口密钥无效"));
  }
  auto record = store_.find_api_key(credentials_.secret_hash(key));
  if (!record) return fail(record.error());
  if (!*record || (*record)->revoked_at) {
    return fail(authentication_failed("invalid API key", "接口密钥无效"));
  }
  auto account = store_.find_account((*record)->account_id);
  if (!account) return fail(account.error());
  if (!*account || !(*account)->active) {
    return fail(authentication_failed("invalid API key", "接口密钥无效"));
  }
  return Principal{(*account)->actor(), (*account)->display_name, "", true, std::nullopt};
}

Status Authenticator::logout(std::string_view token, std::string_view remote) {
  if (!token.starts_with(kSessionTokenPrefix)) return {};
  const std::string hash = credentials_.secret_hash(token);
  auto session = store_.find_session(hash);
  if (!session) return fail(session.error());
  if (!*session) return {};
  if (auto st = store_.delete_session(hash); !st) return st;
  return audit((*session)->actor, "logout", (*session)->actor.id, remote, true);
}

Result<bool> Authenticator::verify_applicant(ApplicantLookup& lookup,
                                             std::string_view request_number,
                                             std::string_view phone, std::string_view remote) {
  const Instant now = clock_.now();
  const std::string subject = "request:" + std::string(request_number);
  const Actor who = applicant_actor(request_number);
  if (request_number.empty() || request_number.size() > 64) return false;
  if (auto st = check_throttle(subject, remote, now); !st) {
    if (is_throttled(st.error())) {
      if (auto a =
              audit(who, "applicant-lookup", request_number, remote, false, "outcome=throttled");
          !a) {
        return fail(a.error());
      }
    }
    return fail(st.error());
  }
  auto ok = lookup.matches(request_number, phone);
  if (!ok) return fail(ok.error());
  if (auto st = store_.record_attempt(subject, remote, now, *ok); !st) return fail(st.error());
  if (auto a = audit(who, "applicant-lookup", request_number, remote, *ok,
                     *ok ? "" : "outcome=mismatch");
      !a) {
    return fail(a.error());
  }
  return *ok;
}

Result<LoginResult> Authenticator::applicant_login(ApplicantLookup& lookup,
                                                   std::string_view request_number,
                                                   std::string_view phone,
                                                   std::string_view remote) {
  auto ok = verify_applicant(lookup, request_number, phone, remote);
  if (!ok) return fail(ok.error());
  if (!*ok) {
    return fail(
        authentication_failed("no request with this number and phone", "受理编号与联系电话不匹配"));
  }
  Principal p{applicant_actor(request_number), "", std::string(request_number), false,
              std::nullopt};
  return open_session(std::move(p), "", remote, policy_.session.applicant_lifetime, clock_.now());
}

// ---- Administration -------------------------------------------------------

Result<Account> add_account(SecurityStore& store, const Credentials& credentials,
                            const Organisation& organisation, Account account,
                            std::optional<std::string_view> password, Instant at,
                            const PasswordPolicy& policy) {
  if (account.id.empty()) account.id = account.username;
  if (auto st = validate_account(account, organisation); !st) return fail(st.error());
  std::string hash;
  if (account.is_api_client) {
    if (password) {
      return fail(Error::invalid("password", "API clients sign in with keys, not passwords",
                                 "接口客户端使用密钥，不设密码"));
    }
  } else {
    if (!password) {
      return fail(Error::invalid("password", "a password is required", "须设置密码"));
    }
    if (auto st = validate_password(*password, policy); !st) return fail(st.error());
    auto hashed = credentials.hash_password(*password);
    if (!hashed) return fail(hashed.error());
    hash = std::move(*hashed);
  }
  if (auto st = store.create_account(account, hash, at); !st) return fail(st.error());
  return account;
}

Result<CreatedApiKey> create_api_key(SecurityStore& store, const Credentials& credentials,
                                     const Organisation& organisation, std::string_view name,
                                     std::string_view unit, Instant at) {
  CreatedApiKey out;
  const std::string username = "api." + std::string(name);
  auto existing = store.find_account_by_username(username);
  if (!existing) return fail(existing.error());
  if (*existing) {
    if (!(*existing)->is_api_client || (*existing)->unit != unit) {
      return fail(Error::conflict("account " + username + " exists for another unit or role",
                                  "账号已存在且单位或角色不同"));
    }
    out.account = **existing;
  } else {
    Account a;
    a.id = username;
    a.username = username;
    a.display_name = std::string(name);
    a.role = Role::kApiClient;
    a.unit = std::string(unit);
    a.is_api_client = true;
    auto created = add_account(store, credentials, organisation, a, std::nullopt, at);
    if (!created) return fail(created.error());
    out.account = std::move(*created);
  }
  out.key = std::string(kApiKeyPrefix) + credentials.new_secret();
  out.record.key_hash = credentials.secret_hash(out.key);
  out.record.id = "key-" + out.record.key_hash.substr(0, 12);
  out.record.account_id = out.account.id;
  out.record.name = std::string(name);
  out.record.created_at = at;
  if (auto st = store.create_api_key(out.record); !st) return fail(st.error());
  return out;
}

}  // namespace hotline
