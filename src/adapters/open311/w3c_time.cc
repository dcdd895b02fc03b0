#include "adapters/open311/w3c_time.h"

#include <chrono>
#include <string>

namespace hotline::open311 {
namespace {

// Reads exactly `n` digits at text[pos]; advances pos.
bool digits(std::string_view text, std::size_t& pos, std::size_t n, int& out) {
  if (pos + n > text.size()) return false;
  int v = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = text[pos + i];
    if (c < '0' || c > '9') return false;
    v = v * 10 + (c - '0');
  }
  pos += n;
  out = v;
  return true;
}

bool expect(std::string_view text, std::size_t& pos, char c) {
  if (pos >= text.size() || text[pos] != c) return false;
  ++pos;
  return true;
}

}  // namespace

Result<Instant> parse_w3c_datetime(std::string_view text, std::string_view field) {
  const std::string f(field);
  auto bad = [&](const std::string& why) {
    return fail(Error::invalid(f,
                               "'" + std::string(text.substr(0, 64)) +
                                   "' is not a W3C date-time (" + why +
                                   "); use e.g. 2026-03-01T00:00:00+08:00",
                               "不是 W3C 日期时间格式（如 2026-03-01T00:00:00+08:00）"));
  };
  std::size_t pos = 0;
  int year = 0, month = 1, day = 1, hour = 0, minute = 0, second = 0;
  if (!digits(text, pos, 4, year)) return bad("year YYYY expected");
  bool has_time = false;
  if (pos < text.size()) {
    if (!expect(text, pos, '-') || !digits(text, pos, 2, month)) return bad("month MM expected");
    if (pos < text.size()) {
      if (!expect(text, pos, '-') || !digits(text, pos, 2, day)) return bad("day DD expected");
      if (pos < text.size()) {
        if (!expect(text, pos, 'T')) return bad("T expected after the date");
        if (!digits(text, pos, 2, hour) || !expect(text, pos, ':') ||
            !digits(text, pos, 2, minute)) {
          return bad("hh:mm expected");
        }
        if (pos < text.size() && text[pos] == ':') {
          ++pos;
          if (!digits(text, pos, 2, second)) return bad("ss expected");
          if (pos < text.size() && text[pos] == '.') {
            ++pos;
            const std::size_t start = pos;
            while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') ++pos;
            if (pos == start) return bad("digits expected after the decimal point");
          }
        }
        has_time = true;
      }
    }
  }
  if (hour > 23 || minute > 59 || second > 59) return bad("time out of range");
  const std::chrono::year_month_day ymd{std::chrono::year{year},
                                        std::chrono::month{static_cast<unsigned>(month)},
                                        std::chrono::day{static_cast<unsigned>(day)}};
  if (!ymd.ok()) return bad("no such date");
  const LocalDate date{ymd};
  if (!has_time) return at_local(date);

  Seconds offset{0};
  if (pos >= text.size()) return bad("the time zone (Z or +08:00) is required");
  if (text[pos] == 'Z') {
    ++pos;
  } else if (text[pos] == '+' || text[pos] == '-') {
    const bool negative = text[pos] == '-';
    ++pos;
    int oh = 0, om = 0;
    if (!digits(text, pos, 2, oh) || !expect(text, pos, ':') || !digits(text, pos, 2, om)) {
      return bad("time zone ±hh:mm expected");
    }
    if (oh > 23 || om > 59) return bad("time zone out of range");
    offset = Seconds{(oh * 3600 + om * 60) * (negative ? -1 : 1)};
  } else {
    return bad("the time zone (Z or +08:00) is required");
  }
  if (pos != text.size()) return bad("unexpected text after the time zone");
  const Instant utc_midnight{std::chrono::sys_days{ymd}.time_since_epoch()};
  return utc_midnight + Seconds{hour * 3600 + minute * 60 + second} - offset;
}

}  // namespace hotline::open311
