#pragma once
// One error policy for the core and its adapters: fallible calls return
// Result<T>; an Error names the field or rule, and for a policy refusal the
// article it applies. Adapters map ErrorCode to transport codes once.

#include <string>
#include <tl/expected.hpp>
#include <utility>

namespace hotline {

enum class ErrorCode {
  kInvalidArgument,  // malformed or missing input; `field` says which
  kNotFound,
  kConflict,       // stale expected version, duplicate key
  kRefused,        // a rule of the policy forbids the action; `rule`/`article` say which
  kForbidden,      // the caller's role or unit may not do this at all (SEC-2); HTTP 403
  kPolicyInvalid,  // a policy or data file is wrong; `field` is "file:line"
  kStorage,        // the store failed; nothing was written
  kInternal,
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;     // English, for logs, CLI and API developers
  std::string message_zh;  // Simplified Chinese, for people using the platform
  std::string field;       // the input field or file:line at fault, if any
  std::string rule;        // SPEC ID, e.g. "EXT-1"
  std::string article;     // article of the regulation, e.g. "R12"

  // "extension refused: at most 2 extensions (R12)"
  std::string describe() const;

  static Error invalid(std::string field, std::string message, std::string message_zh = {});
  static Error not_found(std::string what, std::string message_zh = {});
  static Error conflict(std::string message, std::string message_zh = {});
  static Error refused(std::string rule, std::string article, std::string message,
                       std::string message_zh);
  // Not this caller: the permission table (SEC-2) or a role rule of a service.
  static Error forbidden(std::string rule, std::string article, std::string message,
                         std::string message_zh);
  static Error storage(std::string message);
  static Error internal(std::string message);
};

template <typename T>
using Result = tl::expected<T, Error>;
using Status = tl::expected<void, Error>;

inline tl::unexpected<Error> fail(Error e) { return tl::unexpected<Error>(std::move(e)); }

const char* to_string(ErrorCode code);

// For states no input can bring about ("never triggered by user input"): a
// broken invariant of the program itself. Aborts with the place and the
// condition, in every build type; user input is refused with an Error instead.
[[noreturn]] void assertion_failed(const char* condition, const char* file, int line);

}  // namespace hotline

#define HOTLINE_ASSERT(condition) \
  ((condition) ? static_cast<void>(0) : ::hotline::assertion_failed(#condition, __FILE__, __LINE__))
