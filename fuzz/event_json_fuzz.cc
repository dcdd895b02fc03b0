// Fuzz target for the event codec (the storage and wire format): any bytes
// through parse_json, event_from_json and request_details_from_json give a
// value or an Error, never an exception or crash. What decodes must encode
// and decode again to the same JSON (a stable round trip).
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "adapters/json/event_json.h"
#include "adapters/json/json_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto json = hotline::parse_json(text);
  if (!json) return 0;

  if (auto event = hotline::event_from_json(*json)) {
    const nlohmann::json once = hotline::event_to_json(*event);
    auto again = hotline::event_from_json(once);
    if (!again) __builtin_trap();  // what we write, we must read back
    if (hotline::event_to_json(*again) != once) __builtin_trap();
    (void)once.dump();
  }
  if (auto details = hotline::request_details_from_json(*json)) {
    const nlohmann::json once = hotline::request_details_to_json(*details);
    auto again = hotline::request_details_from_json(once);
    if (!again) __builtin_trap();
    if (hotline::request_details_to_json(*again) != once) __builtin_trap();
    (void)once.dump();
  }
  // The body alone, under the type the input names.
  if (json->is_object() && json->contains("type") && (*json)["type"].is_string() &&
      json->contains("data")) {
    const std::string type = (*json)["type"].get<std::string>();
    if (auto body = hotline::event_body_from_json(type, (*json)["data"])) {
      const nlohmann::json once = hotline::event_body_to_json(*body);
      auto again = hotline::event_body_from_json(type, once);
      if (!again) __builtin_trap();
      if (hotline::event_body_to_json(*again) != once) __builtin_trap();
    }
  }
  return 0;
}
