#include "adapters/json/json_reader.h"

#include "core/work_order/events.h"

namespace hotline {

JsonReader::JsonReader(const nlohmann::json& json, std::string path)
    : json_(json), path_(std::move(path)) {
  if (!json_.is_object()) {
    error_ =
        Error::invalid(path_.empty() ? "body" : path_, "must be a JSON object", "应为 JSON 对象");
  }
}

std::string JsonReader::path_of(const char* key) const {
  return path_.empty() ? std::string(key) : path_ + "." + key;
}

void JsonReader::error(const char* key, const std::string& message, const std::string& message_zh) {
  if (!error_) error_ = Error::invalid(path_of(key), message, message_zh);
}

void JsonReader::adopt(const Status& nested) {
  if (!nested && !error_) error_ = nested.error();
}

const nlohmann::json* JsonReader::member(const char* key) {
  seen_.insert(key);
  if (!json_.is_object()) return nullptr;
  auto it = json_.find(key);
  if (it == json_.end() || it->is_null()) return nullptr;
  return &*it;
}

std::string JsonReader::string(const char* key, bool required) {
  const auto* m = member(key);
  if (!m) {
    if (required) error(key, "required", "必填");
    return {};
  }
  if (!m->is_string()) {
    error(key, "must be a string", "应为字符串");
    return {};
  }
  return m->get<std::string>();
}

bool JsonReader::boolean(const char* key, bool fallback) {
  const auto* m = member(key);
  if (!m) return fallback;
  if (!m->is_boolean()) {
    error(key, "must be true or false", "应为 true 或 false");
    return fallback;
  }
  return m->get<bool>();
}

std::optional<std::int64_t> JsonReader::integer(const char* key) {
  const auto* m = member(key);
  if (!m) return std::nullopt;
  if (!m->is_number_integer()) {
    error(key, "must be an integer", "应为整数");
    return std::nullopt;
  }
  return m->get<std::int64_t>();
}

std::optional<Instant> JsonReader::instant(const char* key, bool required) {
  const std::string text = string(key, required);
  if (text.empty()) return std::nullopt;
  auto t = parse_iso8601(text);
  if (!t) {
    error(key, "not an ISO-8601 time: '" + text + "'", "时间格式应为 ISO-8601");
    return std::nullopt;
  }
  // An instant from another system states its zone ("Z" or "+08:00"): a
  // bare local time means different instants to different senders.
  const std::string_view time =
      std::string_view(text).substr(std::min<std::size_t>(10, text.size()));
  if (time.find_first_of("Z+-") == std::string_view::npos) {
    error(key, "give the time zone, e.g. '" + text.substr(0, 19) + "+08:00'",
          "时间须带时区，例如 +08:00");
    return std::nullopt;
  }
  return *t;
}

std::vector<std::string> JsonReader::strings(const char* key) {
  std::vector<std::string> out;
  const auto* m = member(key);
  if (!m) return out;
  if (!m->is_array()) {
    error(key, "must be an array of strings", "应为字符串数组");
    return out;
  }
  for (const auto& v : *m) {
    if (!v.is_string()) {
      error(key, "must be an array of strings", "应为字符串数组");
      return {};
    }
    out.push_back(v.get<std::string>());
  }
  return out;
}

std::vector<int> JsonReader::integers(const char* key) {
  std::vector<int> out;
  const auto* m = member(key);
  if (!m) return out;
  if (!m->is_array()) {
    error(key, "must be an array of integers", "应为整数数组");
    return out;
  }
  for (const auto& v : *m) {
    if (!v.is_number_integer() || v.get<std::int64_t>() < 0 || v.get<std::int64_t>() > 1000000) {
      error(key, "must be an array of non-negative integers", "应为非负整数数组");
      return {};
    }
    out.push_back(v.get<int>());
  }
  return out;
}

const nlohmann::json* JsonReader::object(const char* key, bool required) {
  const auto* m = member(key);
  if (!m) {
    if (required) error(key, "required", "必填");
    return nullptr;
  }
  if (!m->is_object()) {
    error(key, "must be an object", "应为对象");
    return nullptr;
  }
  return m;
}

const nlohmann::json* JsonReader::array(const char* key, bool required) {
  const auto* m = member(key);
  if (!m) {
    if (required) error(key, "required", "必填");
    return nullptr;
  }
  if (!m->is_array()) {
    error(key, "must be an array", "应为数组");
    return nullptr;
  }
  return m;
}

Status JsonReader::finish() {
  if (!error_ && json_.is_object()) {
    for (const auto& [k, v] : json_.items()) {
      if (!seen_.count(k)) {
        const std::string name = k.empty() ? "\"\"" : k;
        error_ =
            Error::invalid(path_.empty() ? name : path_ + "." + name, "unknown field", "未知字段");
        break;
      }
    }
  }
  if (error_) return fail(*error_);
  return {};
}

Result<nlohmann::json> parse_json(std::string_view text) {
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is where the parser stopped: tell the sender where to look.
    return fail(Error::invalid("body", "malformed JSON at byte " + std::to_string(e.byte),
                               "JSON 格式错误（第" + std::to_string(e.byte) + "字节）"));
  } catch (const nlohmann::json::exception&) {
    return fail(Error::invalid("body", "malformed JSON", "JSON 格式错误"));
  }
}

Result<nlohmann::json> parse_json_object(std::string_view text) {
  if (text.empty()) return nlohmann::json::object();
  auto parsed = parse_json(text);
  if (!parsed) return fail(parsed.error());
  if (!parsed->is_object()) {
    return fail(Error::invalid("body", "must be a JSON object", "请求体应为 JSON 对象"));
  }
  return parsed;
}

Result<std::string> take_string(nlohmann::json& object, const char* key) {
  std::string text;
  if (auto it = object.find(key); it != object.end()) {
    if (!it->is_null() && !it->is_string()) {
      return fail(Error::invalid(key, "must be a string", "应为字符串"));
    }
    if (it->is_string()) text = it->get<std::string>();
    object.erase(it);
  }
  return text;
}

ReplyContent read_reply(JsonReader& r) {
  ReplyContent c;
  c.contacted_at = r.instant("contacted_at");
  c.handler = r.string("handler");
  c.handler_contact = r.string("handler_contact");
  c.process = r.string("process");
  c.result = r.string("result");
  c.policy_basis = r.string("policy_basis");
  c.applicant_feedback = r.string("applicant_feedback");
  c.applicant_not_replied = r.boolean("applicant_not_replied");
  // Only where each file is: its type and name are the engine's to record
  // (AttachmentResolver), never the client's word.
  if (const nlohmann::json* list = r.array("attachments")) {
    for (std::size_t i = 0; i < list->size(); ++i) {
      JsonReader a((*list)[i], "attachments[" + std::to_string(i) + "]");
      Attachment att;
      att.uri = a.string("uri", true);
      (void)a.string("name");  // a file's own name may identify someone: not kept
      r.adopt(a.finish());
      c.attachments.push_back(std::move(att));
    }
  }
  return c;
}

}  // namespace hotline
