#include <gtest/gtest.h>

#include "core/engine/deadlines.h"
#include "core/text.h"
#include "core/time.h"

namespace hotline {
namespace {

TEST(Time, ParsesOffsetsAndFormatsShanghaiTime) {
  auto t = parse_iso8601("2026-01-05T01:30:00Z");
  ASSERT_TRUE(t);
  EXPECT_EQ(format_iso8601(*t), "2026-01-05T09:30:00+08:00");
  EXPECT_EQ(parse_iso8601("2026-01-05T09:30:00+08:00").value(), *t);
  EXPECT_EQ(parse_iso8601("2026-01-05T09:30").value(), *t);  // no offset: local time
  EXPECT_EQ(parse_iso8601("2026-01-04T20:30:00-05:00").value(), *t);
  EXPECT_EQ(format_iso8601(parse_iso8601("2026-01-05").value()), "2026-01-05T00:00:00+08:00");
}

TEST(Time, RejectsMalformedInstants) {
  for (const char* bad :
       {"", "2026-13-01", "2026-02-30T10:00:00+08:00", "2026-01-05T24:00", "2026-01-05T10:00:00+8",
        "2026-01-05X10:00", "yesterday", "2026-01-05T10:00:00+08:00 "}) {
    EXPECT_FALSE(parse_iso8601(bad)) << bad;
  }
}

TEST(Time, LocalDateFollowsShanghaiMidnight) {
  const auto t = parse_iso8601("2026-01-04T16:00:00Z").value();  // 00:00 on the 5th in Tianjin
  EXPECT_EQ(format_date(local_date(t)), "2026-01-05");
  EXPECT_EQ(local_time_of_day(t).count(), 0);
  EXPECT_EQ(format_date(local_date(t - Seconds{1})), "2026-01-04");
}

TEST(Text, Utf8BeyondTheBmpCountsAsOneCharacter) {
  EXPECT_TRUE(is_valid_utf8("张𠮷𡒄"));
  EXPECT_EQ(code_points("张𠮷𡒄"), 3u);
  EXPECT_FALSE(is_valid_utf8("\xC0\xAF"));          // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(is_valid_utf8("\xF0\x9F\x98"));      // truncated
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));  // past U+10FFFF
}

TEST(Text, TrimRemovesIdeographicSpaces) {
  EXPECT_EQ(trim("\u3000 已解决 \u3000"), "已解决");
  EXPECT_EQ(trim("   "), "");
}

TEST(Deadlines, HND_5_WarningWhenAFifthOfThePeriodRemains) {
  const auto start = parse_iso8601("2026-03-02T09:00:00+08:00").value();
  const auto due = start + Seconds{10 * 3600};
  EXPECT_EQ(warning_instant(start, due, 0.2), start + Seconds{8 * 3600});
  EXPECT_EQ(warning_instant(due, due, 0.2), due);
}

}  // namespace
}  // namespace hotline
