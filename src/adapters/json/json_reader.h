#pragma once
// Strict reading of a JSON object: every member is checked for its type,
// unknown members are errors, and the first error names the member's path
// ("orders[0].lead_unit"). Never throws.

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"

namespace hotline {

struct ReplyContent;  // core/work_order/events.h

class JsonReader {
 public:
  // `path` prefixes member names in errors; empty at the top level.
  JsonReader(const nlohmann::json& json, std::string path);

  std::string string(const char* key, bool required = false);
  bool boolean(const char* key, bool fallback = false);
  std::optional<std::int64_t> integer(const char* key);
  std::optional<Instant> instant(const char* key, bool required = false);
  std::vector<std::string> strings(const char* key);
  std::vector<int> integers(const char* key);
  // The member as an object, or null (with an error if present but not one).
  const nlohmann::json* object(const char* key, bool required = false);
  const nlohmann::json* array(const char* key, bool required = false);
  // A member parsed by `parse`; an unknown value lists `allowed`.
  template <typename E>
  std::optional<E> enumeration(const char* key, std::optional<E> (*parse)(std::string_view),
                               const char* allowed, bool required = false) {
    const std::string text = string(key, required);
    if (text.empty()) return std::nullopt;
    auto value = parse(text);
    if (!value)
      error(key, "unknown value '" + text + "'; one of: " + allowed,
            "取值无效，可选：" + std::string(allowed));
    return value;
  }

  // Marks a member as known without reading it (read by other means).
  void allow(const char* key) { seen_.insert(key); }
  std::string path_of(const char* key) const;
  void error(const char* key, const std::string& message, const std::string& message_zh);
  // Adopts an error found by a nested reader.
  void adopt(const Status& nested);
  // Checks for unknown members; returns the first error, if any.
  Status finish();
  bool ok() const { return !error_; }

 private:
  const nlohmann::json* member(const char* key);

  const nlohmann::json& json_;
  std::string path_;
  std::set<std::string> seen_;
  std::optional<Error> error_;
};

// Parses text as JSON; a syntax error names the byte offset.
Result<nlohmann::json> parse_json(std::string_view text);
// A request body: parsed as by parse_json, empty text as {}; anything but an
// object is an error naming "body".
Result<nlohmann::json> parse_json_object(std::string_view text);
// Removes the member `key` from `object` and returns its text: "" when
// absent or null, an error naming `key` when it is not a string.
Result<std::string> take_string(nlohmann::json& object, const char* key);

// The members of a reply (contacted_at, handler, handler_contact, process,
// result, policy_basis, applicant_feedback, applicant_not_replied) read by
// `r`; the caller finishes `r`. The engine's reply command and the triage
// reply check take the same object.
ReplyContent read_reply(JsonReader& r);

}  // namespace hotline
