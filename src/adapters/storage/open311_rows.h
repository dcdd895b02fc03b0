#pragma once
// What the SQLite and PostgreSQL Open311 request indexes share besides SQL:
// the check of a row before it is written, and coordinates as text (the
// shortest that reads back as the same double).

#include <charconv>
#include <optional>
#include <string>
#include <string_view>

#include "adapters/open311/request_index.h"
#include "core/ports/store_checks.h"

namespace hotline::open311_rows {

inline Status check_row(const open311::IndexedRequest& r) {
  return check_stored_fields({{"number", r.number},
                              {"service_code", r.service_code},
                              {"principal", r.principal},
                              {"address_id", r.address_id},
                              {"media_url", r.media_url}});
}

inline std::string coordinate_text(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  return ec == std::errc() ? std::string(buf, end) : std::string();
}

inline std::optional<double> coordinate(std::string_view text) {
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return v;
}

}  // namespace hotline::open311_rows
