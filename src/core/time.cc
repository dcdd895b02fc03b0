#include "core/time.h"

#include <cstdio>

namespace hotline {
namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

Error bad_time(std::string_view text) {
  return Error::invalid("time", "not an ISO-8601 instant: '" + std::string(text) + "'",
                        "时间格式应为 ISO-8601，例如 2026-01-05T09:30:00+08:00");
}

}  // namespace

LocalDate local_date(Instant t) {
  return std::chrono::floor<std::chrono::days>(t + kShanghaiOffset);
}

Seconds local_time_of_day(Instant t) {
  const auto local = t + kShanghaiOffset;
  return local - std::chrono::floor<std::chrono::days>(local);
}

Instant at_local(LocalDate d, Seconds time_of_day) {
  return Instant{d} + time_of_day - kShanghaiOffset;
}

std::string format_date(LocalDate d) {
  const std::chrono::year_month_day ymd{d};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

std::string format_iso8601(Instant t) {
  const auto secs = local_time_of_day(t).count();
  char buf[32];
  std::snprintf(buf, sizeof buf, "T%02d:%02d:%02d+08:00", static_cast<int>(secs / 3600),
                static_cast<int>(secs / 60 % 60), static_cast<int>(secs % 60));
  return format_date(local_date(t)) + buf;
}

Result<LocalDate> parse_date(std::string_view text) {
  int y = 0, m = 0, d = 0;
  if (text.size() != 10 || !digits(text, 0, 4, y) || text[4] != '-' || !digits(text, 5, 2, m) ||
      text[7] != '-' || !digits(text, 8, 2, d)) {
    return fail(Error::invalid("date", "not a date YYYY-MM-DD: '" + std::string(text) + "'",
                               "日期格式应为 YYYY-MM-DD"));
  }
  const std::chrono::year_month_day ymd{std::chrono::year{y},
                                        std::chrono::month{static_cast<unsigned>(m)},
                                        std::chrono::day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) {
    return fail(Error::invalid("date", "no such date: '" + std::string(text) + "'", "日期不存在"));
  }
  return LocalDate{ymd};
}

Result<Instant> parse_iso8601(std::string_view text) {
  auto date = parse_date(text.substr(0, 10));
  if (!date) return fail(bad_time(text));
  if (text.size() == 10) return at_local(*date);
  if (text[10] != 'T' && text[10] != ' ') return fail(bad_time(text));
  int hh = 0, mm = 0, ss = 0;
  std::size_t pos = 11;
  if (!digits(text, pos, 2, hh) || pos + 2 >= text.size() + 0 || text[pos + 2] != ':' ||
      !digits(text, pos + 3, 2, mm)) {
    return fail(bad_time(text));
  }
  pos += 5;
  if (pos < text.size() && text[pos] == ':') {
    if (!digits(text, pos + 1, 2, ss)) return fail(bad_time(text));
    pos += 3;
  }
  if (hh > 23 || mm > 59 || ss > 59) return fail(bad_time(text));
  Seconds offset = kShanghaiOffset;
  if (pos < text.size()) {
    if (text[pos] == 'Z' && pos + 1 == text.size()) {
      offset = Seconds{0};
    } else if ((text[pos] == '+' || text[pos] == '-') && text.size() == pos + 6 &&
               text[pos + 3] == ':') {
      int oh = 0, om = 0;
      if (!digits(text, pos + 1, 2, oh) || !digits(text, pos + 4, 2, om) || oh > 14 || om > 59) {
        return fail(bad_time(text));
      }
      offset = Seconds{(oh * 3600 + om * 60) * (text[pos] == '-' ? -1 : 1)};
    } else {
      return fail(bad_time(text));
    }
  }
  const Seconds tod{hh * 3600 + mm * 60 + ss};
  return Instant{*date} + tod - offset;
}

}  // namespace hotline
