// The calendar data file and its loader. The shipped data/calendar/china.toml
// is checked day by day against the holiday-cn compilation of the State
// Council notices (../shared/data/holiday-cn).
// SPEC: HND-2, HND-3, ACC-1, RET-1, EXT-1

#include "adapters/toml/calendar_file.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace hotline {
namespace {

namespace fs = std::filesystem;

const fs::path kCalendarDir = fs::path(HOTLINE_DATA_DIR) / "calendar";
const fs::path kHolidayCn = fs::path(HOTLINE_SHARED_DIR) / "data" / "holiday-cn";

std::string read_text(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

LocalDate D(const char* text) { return parse_date(text).value(); }

// A [[year]] block around the given holiday lines.
std::string year_block(int year, const std::string& holidays) {
  return "[[year]]\nyear = " + std::to_string(year) +
         "\nnotice = \"通知\"\nsource = \"国办发明电〔2025〕7号\"\nurl = \"https://www.gov.cn/\"\n"
         "holidays = [\n" +
         holidays + "]\n";
}

const char* const kSpringFestival2026 =
    "  { name = \"春节\", from = 2026-02-15, to = 2026-02-23, days = 9, "
    "makeup_working_days = [2026-02-14, 2026-02-28] },\n";

// The error for `text`, which must be refused.
Error refusal(const std::string& text) {
  auto r = parse_calendar(text, "test.toml");
  EXPECT_FALSE(r.has_value()) << text;
  return r ? Error{} : r.error();
}

class TempDir {
 public:
  TempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = fs::temp_directory_path() /
            ("hotline_calendar_" + std::string(info->name()) + "_" + std::to_string(::getpid()));
    fs::remove_all(path_);
    fs::create_directories(path_);
  }
  ~TempDir() { fs::remove_all(path_); }
  void write(const std::string& name, const std::string& text) const {
    std::ofstream(path_ / name, std::ios::binary) << text;
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// --- The shipped data -------------------------------------------------------------

TEST(CalendarFile, ShippedDataAgreesWithHolidayCnForEveryDay2024To2026) {
  auto years = load_calendar_dir(kCalendarDir);
  ASSERT_TRUE(years.has_value()) << years.error().message;
  auto cal = WorkingDayCalendar::create(*years);
  ASSERT_TRUE(cal.has_value()) << cal.error().message;
  const std::string toml_text = read_text(kCalendarDir / "china.toml");

  for (int year = 2024; year <= 2026; ++year) {
    const auto json =
        nlohmann::json::parse(read_text(kHolidayCn / (std::to_string(year) + ".json")));
    ASSERT_EQ(json.at("year").get<int>(), year);
    std::map<LocalDate, bool> off;  // the days the notice names
    for (const auto& day : json.at("days")) {
      off[D(day.at("date").get<std::string>().c_str())] = day.at("isOffDay").get<bool>();
    }
    // Every day of the year: a named day as the notice says, else Monday to Friday.
    const LocalDate first{std::chrono::year{year} / 1 / 1};
    const LocalDate end{std::chrono::year{year + 1} / 1 / 1};
    int checked = 0;
    for (LocalDate d = first; d < end; d += std::chrono::days{1}) {
      const auto it = off.find(d);
      const std::chrono::weekday w{d};
      const bool expected =
          it != off.end() ? !it->second : w != std::chrono::Saturday && w != std::chrono::Sunday;
      auto working = cal->is_working_day(d);
      ASSERT_TRUE(working.has_value()) << format_date(d);
      EXPECT_EQ(*working, expected) << format_date(d);
      ++checked;
    }
    EXPECT_EQ(checked, year == 2024 ? 366 : 365);
    // The notice the data cites is the one holiday-cn was compiled from.
    for (const auto& paper : json.at("papers")) {
      EXPECT_NE(toml_text.find("url = \"" + paper.get<std::string>() + "\""), std::string::npos)
          << paper;
    }
  }
}

TEST(CalendarFile, ShippedDataNamesItsNotices) {
  auto years = load_calendar_dir(kCalendarDir);
  ASSERT_TRUE(years.has_value()) << years.error().message;
  ASSERT_EQ(years->size(), 3u);
  EXPECT_EQ((*years)[0].year, 2024);
  EXPECT_EQ((*years)[0].source, "国办发明电〔2023〕7号");
  EXPECT_EQ((*years)[1].year, 2025);
  EXPECT_EQ((*years)[1].source, "国办发明电〔2024〕12号");
  EXPECT_EQ((*years)[2].year, 2026);
  EXPECT_EQ((*years)[2].source, "国办发明电〔2025〕7号");
}

TEST(CalendarFile, HND_2_SevenWorkingDaysAcrossSpringFestival2026WithShippedData) {
  auto years = load_calendar_dir(kCalendarDir);
  ASSERT_TRUE(years.has_value()) << years.error().message;
  auto cal = WorkingDayCalendar::create(*years);
  ASSERT_TRUE(cal.has_value());
  auto end = cal->add_working_days(parse_iso8601("2026-02-12T10:00").value(), 7);
  ASSERT_TRUE(end.has_value());
  EXPECT_EQ(format_iso8601(*end), "2026-02-28T10:00:00+08:00");
  // 2027 has no data yet: refused, naming the year.
  auto refused = cal->is_working_day(D("2027-01-04"));
  ASSERT_FALSE(refused.has_value());
  EXPECT_NE(refused.error().message.find("2027"), std::string::npos);
}

// --- Reading a file ----------------------------------------------------------------

TEST(CalendarFile, ReadsRangesAndMakeUpDays) {
  auto years = parse_calendar(year_block(2026, kSpringFestival2026), "test.toml");
  ASSERT_TRUE(years.has_value()) << years.error().message;
  ASSERT_EQ(years->size(), 1u);
  const CalendarYear& y = years->front();
  EXPECT_EQ(y.year, 2026);
  EXPECT_EQ(y.source, "国办发明电〔2025〕7号");
  ASSERT_EQ(y.holidays.size(), 9u);
  EXPECT_EQ(y.holidays.front(), D("2026-02-15"));
  EXPECT_EQ(y.holidays.back(), D("2026-02-23"));
  EXPECT_EQ(y.makeup_working_days, (std::vector<LocalDate>{D("2026-02-14"), D("2026-02-28")}));
}

TEST(CalendarFile, ASyntaxErrorNamesFileLineAndColumn) {
  const Error e = refusal("[[year]]\nyear = 2026\nnotice = \"unterminated\n");
  EXPECT_EQ(e.code, ErrorCode::kPolicyInvalid);
  EXPECT_EQ(e.field.rfind("test.toml:3:", 0), 0u) << e.field;
  EXPECT_FALSE(e.message_zh.empty());
}

// toml++ 3.3.0 asserts or reaches undefined behaviour on these; the loader
// refuses them first (found by fuzzing, see also fuzz/corpus/).
TEST(CalendarFile, InputsThatTripTomlPlusPlusAreRefusedCleanly) {
  struct Case {
    const char* text;
    const char* field;
  };
  const Case cases[] = {
      {"[=\n", "test.toml:1"},
      {"a = 1\n\t[\r\"year\"]\n", "test.toml:2"},
      {"a = 1\nb = [\n  }\n", "test.toml:3"},
      {"a = 1\nnamm = 0r\"U0004 0B \xc3\x9f\"\n", "test.toml:2"},
      {"s = \"\"\"\\\n\xc2\xa7\"\"\"\n", "test.toml:2"},
      {"# \xe6\x98\n", "test.toml:1"},  // broken UTF-8, even in a comment
      {"\xef\xbb\x99", "test.toml:1"},
  };
  for (const Case& c : cases) {
    const Error e = refusal(c.text);
    EXPECT_EQ(e.code, ErrorCode::kPolicyInvalid) << c.text;
    EXPECT_EQ(e.field, c.field) << c.text;
  }
}

TEST(CalendarFile, UnknownKeysAreErrors) {
  Error e = refusal(year_block(2026, kSpringFestival2026) + "colour = \"red\"\n");
  EXPECT_EQ(e.field, "test.toml:9") << e.message;
  EXPECT_NE(e.message.find("colour"), std::string::npos) << e.message;

  e = refusal("title = \"x\"\n" + year_block(2026, kSpringFestival2026));
  EXPECT_EQ(e.field, "test.toml:1") << e.message;

  e = refusal(year_block(2026,
                         "  { name = \"春节\", from = 2026-02-15, to = 2026-02-23, days = 9, "
                         "makeup = [2026-02-14] },\n"));
  EXPECT_EQ(e.field, "test.toml:7") << e.message;
  EXPECT_NE(e.message.find("makeup"), std::string::npos) << e.message;
}

TEST(CalendarFile, RejectsAHolidayThatIsAlsoAMakeUpDay) {
  const Error e = refusal(
      year_block(2026, std::string(kSpringFestival2026) +
                           "  { name = \"清明节\", from = 2026-04-04, to = 2026-04-06, days = 3, "
                           "makeup_working_days = [2026-02-22] },\n"));
  EXPECT_EQ(e.code, ErrorCode::kPolicyInvalid);
  EXPECT_EQ(e.field, "test.toml:8") << e.message;
  EXPECT_NE(e.message.find("2026-02-22"), std::string::npos) << e.message;
  EXPECT_NE(e.message.find("line 7"), std::string::npos) << e.message;
}

TEST(CalendarFile, RejectsAMakeUpDayOnAWeekday) {
  const Error e = refusal(
      year_block(2026,
                 "  { name = \"春节\", from = 2026-02-15, to = 2026-02-23, days = 9, "
                 "makeup_working_days = [2026-02-14, 2026-02-27] },\n"));  // 2-27 is a Friday
  EXPECT_EQ(e.field, "test.toml:7") << e.message;
  EXPECT_NE(e.message.find("2026-02-27"), std::string::npos) << e.message;
  EXPECT_NE(e.message_zh.find("不是周六或周日"), std::string::npos) << e.message_zh;
}

TEST(CalendarFile, RejectsADuplicateYear) {
  const Error e =
      refusal(year_block(2026, kSpringFestival2026) + "\n" + year_block(2026, kSpringFestival2026));
  EXPECT_EQ(e.field, "test.toml:10") << e.message;
  EXPECT_NE(e.message.find("line 1"), std::string::npos) << e.message;
}

TEST(CalendarFile, RejectsADuplicateYearAcrossFiles) {
  TempDir dir;
  dir.write("a.toml", year_block(2026, kSpringFestival2026));
  dir.write("b.toml", year_block(2026, kSpringFestival2026));
  auto r = load_calendar_dir(dir.path());
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message.find("a.toml"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("b.toml"), std::string::npos) << r.error().message;
}

TEST(CalendarFile, DaysMustMatchTheRange) {
  // A typo in `to` (2-13 for 2-23) shows up against the notice's 共9天.
  const Error e =
      refusal(year_block(2026,
                         "  { name = \"春节\", from = 2026-02-15, to = 2026-02-13, days = 9 },\n"
                         "  { name = \"元旦\", from = 2026-01-01, to = 2026-01-03, days = 3 },\n"));
  EXPECT_EQ(e.field, "test.toml:7") << e.message;
  const Error e2 = refusal(
      year_block(2026, "  { name = \"春节\", from = 2026-02-15, to = 2026-02-22, days = 9 },\n"));
  EXPECT_NE(e2.message.find("(8)"), std::string::npos) << e2.message;
}

TEST(CalendarFile, RejectsOverlapsDatesOutsideTheYearStringsAndMissingKeys) {
  Error e = refusal(year_block(
      2026, std::string(kSpringFestival2026) +
                "  { name = \"again\", from = 2026-02-23, to = 2026-02-24, days = 2 },\n"));
  EXPECT_EQ(e.field, "test.toml:8") << e.message;
  EXPECT_NE(e.message.find("2026-02-23"), std::string::npos) << e.message;

  e = refusal(
      year_block(2026, "  { name = \"元旦\", from = 2025-12-31, to = 2026-01-01, days = 2 },\n"));
  EXPECT_NE(e.message.find("2025-12-31"), std::string::npos) << e.message;

  e = refusal(year_block(
      2026, "  { name = \"元旦\", from = \"2026-01-01\", to = 2026-01-01, days = 1 },\n"));
  EXPECT_EQ(e.field, "test.toml:7") << e.message;

  e = refusal("[[year]]\nyear = 2026\nnotice = \"x\"\nurl = \"y\"\nholidays = []\n");
  EXPECT_EQ(e.field, "test.toml:1") << e.message;
  EXPECT_NE(e.message.find("source"), std::string::npos) << e.message;

  e = refusal("");
  EXPECT_NE(e.message.find("[[year]]"), std::string::npos) << e.message;
}

TEST(CalendarFile, LoadsEveryTomlInADirectory) {
  TempDir dir;
  dir.write("2026.toml", year_block(2026, kSpringFestival2026));
  dir.write("2025.toml",
            year_block(2025,
                       "  { name = \"春节\", from = 2025-01-28, to = 2025-02-04, days = 8, "
                       "makeup_working_days = [2025-01-26, 2025-02-08] },\n"));
  dir.write("notes.txt", "not a calendar");
  auto years = load_calendar_dir(dir.path());
  ASSERT_TRUE(years.has_value()) << years.error().message;
  ASSERT_EQ(years->size(), 2u);
  EXPECT_EQ((*years)[0].year, 2025);
  EXPECT_EQ((*years)[1].year, 2026);
}

TEST(CalendarFile, AnErrorInADirectoryNamesTheFile) {
  TempDir dir;
  dir.write("broken.toml", year_block(2026, "  { name = \"x\" },\n"));
  auto r = load_calendar_dir(dir.path());
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().field.find("broken.toml:7"), std::string::npos) << r.error().field;
}

TEST(CalendarFile, AnEmptyOrMissingDirectoryIsAnError) {
  TempDir dir;
  EXPECT_FALSE(load_calendar_dir(dir.path()).has_value());
  EXPECT_FALSE(load_calendar_dir(dir.path() / "absent").has_value());
}

}  // namespace
}  // namespace hotline
