#include "core/result.h"

namespace hotline {

std::string Error::describe() const {
  std::string out = message;
  if (!article.empty()) out += " (" + article + ")";
  return out;
}

Error Error::invalid(std::string field, std::string message, std::string message_zh) {
  Error e;
  e.code = ErrorCode::kInvalidArgument;
  e.message = field.empty() ? std::move(message) : field + ": " + message;
  if (message_zh.empty()) {
    e.message_zh = e.message;
  } else {
    message_zh.insert(0, field + "：");
    e.message_zh = std::move(message_zh);
  }
  e.field = std::move(field);
  return e;
}

Error Error::not_found(std::string what, std::string message_zh) {
  Error e;
  e.code = ErrorCode::kNotFound;
  e.message = std::move(what) + " not found";
  e.message_zh = message_zh.empty() ? "未找到：" + e.message : std::move(message_zh);
  return e;
}

Error Error::conflict(std::string message, std::string message_zh) {
  Error e;
  e.code = ErrorCode::kConflict;
  e.message = std::move(message);
  e.message_zh = message_zh.empty() ? "数据已被他人修改，请刷新后重试" : std::move(message_zh);
  return e;
}

Error Error::refused(std::string rule, std::string article, std::string message,
                     std::string message_zh) {
  Error e;
  e.code = ErrorCode::kRefused;
  e.rule = std::move(rule);
  e.article = std::move(article);
  e.message = std::move(message);
  e.message_zh = std::move(message_zh);
  if (!e.article.empty()) e.message_zh += "（依据" + e.article + "）";
  return e;
}

Error Error::forbidden(std::string rule, std::string article, std::string message,
                       std::string message_zh) {
  Error e = refused(std::move(rule), std::move(article), std::move(message), std::move(message_zh));
  e.code = ErrorCode::kForbidden;
  return e;
}

Error Error::storage(std::string message) {
  Error e;
  e.code = ErrorCode::kStorage;
  e.message = std::move(message);
  e.message_zh = "存储失败，操作未生效";
  return e;
}

Error Error::internal(std::string message) {
  Error e;
  e.code = ErrorCode::kInternal;
  e.message = std::move(message);
  e.message_zh = "内部错误";
  return e;
}

const char* to_string(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "invalid_argument";
    case ErrorCode::kNotFound:
      return "not_found";
    case ErrorCode::kConflict:
      return "conflict";
    case ErrorCode::kRefused:
      return "refused";
    case ErrorCode::kForbidden:
      return "forbidden";
    case ErrorCode::kPolicyInvalid:
      return "policy_invalid";
    case ErrorCode::kStorage:
      return "storage";
    case ErrorCode::kInternal:
      return "internal";
  }
  return "internal";
}

void assertion_failed(const char* condition, const char* file, int line) {
  // The core does no I/O: the message goes through the C runtime's abort
  // path only (a debugger or the core dump shows it), never to a client.
  __builtin_printf("hotline: impossible state: %s (%s:%d)\n", condition, file, line);
  __builtin_abort();
}

}  // namespace hotline
