// ANA-1 reports: the monthly report as PDF (Cairo + Pango) and Excel
// (libxlsxwriter, with charts). Rare characters beyond the BMP (𠮷 U+20BB7,
// 𡒄 U+21484) are set in a font that has them, never as missing-glyph boxes:
// checked with poppler's pdffonts and pdftotext on the real file.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "adapters/report/monthly_files.h"
#include "adapters/toml/policy_file.h"
#include "core/analysis/synthetic_history.h"

namespace hotline::analysis {
namespace {

std::string run(const std::string& command) {
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return out;
  std::array<char, 4096> buf{};
  while (std::size_t n = fread(buf.data(), 1, buf.size(), pipe)) out.append(buf.data(), n);
  pclose(pipe);
  return out;
}

MonthlyReport sample_report(const Scope& scope = Scope::all(), std::string unit = "",
                            const std::vector<CirculationNote>& circulations = {}) {
  static const PolicySet set =
      *load_policy_dir(std::filesystem::path(HOTLINE_DATA_DIR) / "policies");
  static const Organisation org = *Organisation::create({
      {"district.heping", "和平区人民政府", UnitKind::kDistrictGovernment, std::nullopt, "",
       "district.heping", true},
      {"street.jixiang", "𠮷祥里街道（𡒄）", UnitKind::kStreet, "district.heping", "",
       "district.heping", true},
      {"dept.transport", "市交通运输委员会", UnitKind::kMunicipalDepartment, std::nullopt,
       "tianjin-transport", "", true},
  });
  SyntheticOptions o;
  o.start = *parse_date("2026-10-15");
  o.days = 47;
  o.requests_per_day = 30;
  o.units = {"district.heping", "street.jixiang", "dept.transport"};
  o.districts = {"district.heping"};
  o.categories = {"城乡建设", "交通运输/出租车管理"};
  SyntheticHistory gen(o);
  AnalysisProjection p(WarningSettings{set.default_policy().assessment.hotspot, {"𠮷"}});
  std::vector<Event> events;
  std::int64_t position = 0;
  while (gen.next(events)) {
    for (Event& e : events) EXPECT_TRUE(p.apply(LoggedEvent{++position, std::move(e)}));
  }
  const Scope in = unit.empty() ? scope : Scope::of_unit(org, unit);
  return build_monthly_report(p, set, org, *month_period("2026-11"), in, unit,
                              at_local(*parse_date("2026-12-01")), circulations);
}

TEST(Report, ANA_1_monthly_pdf_sets_rare_characters_in_a_font_that_has_them) {
  const MonthlyReport r = sample_report();
  ASSERT_EQ(r.assessment.size(), 3u);
  auto pdf = report::render_monthly(r, "pdf");
  ASSERT_TRUE(pdf) << pdf.error().describe();
  ASSERT_EQ(pdf->bytes.substr(0, 5), "%PDF-");
  EXPECT_EQ(pdf->file_name, "hotline-monthly-2026-11.pdf");
  std::string dir = (std::filesystem::temp_directory_path() / "hotline-report-XXXXXX").string();
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  const std::string file = dir + "/report.pdf";
  std::ofstream(file, std::ios::binary) << pdf->bytes;
  if (const char* keep = std::getenv("HOTLINE_REPORT_SAMPLE")) {
    std::filesystem::copy_file(file, keep, std::filesystem::copy_options::overwrite_existing);
  }
  const std::string fonts = run("pdffonts " + file);
  EXPECT_NE(fonts.find("NotoSansCJK"), std::string::npos) << fonts;
  EXPECT_NE(fonts.find("HanaMin"), std::string::npos) << "𡒄 needs a CJK Ext-B font\n" << fonts;
  const std::string text = run("pdftotext -enc UTF-8 " + file + " -");
  EXPECT_NE(text.find("𠮷祥里街道（𡒄）"), std::string::npos) << text.substr(0, 400);
  EXPECT_NE(text.find("承办单位综合评价"), std::string::npos);
  std::filesystem::remove_all(dir);
}

TEST(Report, ANA_1_monthly_excel_has_its_sheets_and_charts) {
  const MonthlyReport r = sample_report();
  auto xlsx = report::render_monthly(r, "xlsx");
  ASSERT_TRUE(xlsx) << xlsx.error().describe();
  ASSERT_EQ(xlsx->bytes.substr(0, 2), "PK");
  // Entry names sit uncompressed in the zip directory.
  EXPECT_NE(xlsx->bytes.find("xl/charts/chart1.xml"), std::string::npos);
  EXPECT_NE(xlsx->bytes.find("xl/charts/chart2.xml"), std::string::npos);
  EXPECT_NE(xlsx->bytes.find("xl/worksheets/sheet5.xml"), std::string::npos);
  EXPECT_FALSE(report::render_monthly(r, "docx"));
}

std::vector<CirculationNote> november_circulations() {
  CirculationNote criticism;
  criticism.id = 1;
  criticism.unit = "dept.transport";
  criticism.month = "2026-11";
  criticism.kind = "通报批评";
  criticism.ground = "推诿扯皮、敷衍拖延";
  criticism.article = "T24(1)";
  criticism.reason = "多次推诿出租车拒载投诉";
  CirculationNote praise = criticism;
  praise.id = 2;
  praise.unit = "street.jixiang";
  praise.criticism = false;
  praise.kind = "通报表扬";
  praise.ground = "担当作为的优秀做法";
  praise.article = "T26";
  praise.reason = "𠮷祥里加装电梯协调有方";
  return {criticism, criticism, praise};
}

const UnitAssessment& row_of(const MonthlyReport& r, std::string_view unit) {
  for (const UnitAssessment& a : r.assessment) {
    if (a.unit == unit) return a;
  }
  ADD_FAILURE() << "no row for " << unit;
  return r.assessment.front();
}

TEST(Report, EVA_2_monthly_report_lists_the_circulations_and_deducts_the_criticisms) {
  const MonthlyReport without = sample_report();
  const MonthlyReport with = sample_report(Scope::all(), "", november_circulations());
  ASSERT_EQ(with.circulations.size(), 3u);
  EXPECT_EQ(with.circulations[0].unit, "dept.transport");
  EXPECT_EQ(with.circulations[0].unit_name, "市交通运输委员会");
  // T24: two criticisms × 2 points off the transport commission's score (profile T).
  const UnitAssessment& before = row_of(without, "dept.transport");
  const UnitAssessment& after = row_of(with, "dept.transport");
  ASSERT_TRUE(before.score && after.score);
  EXPECT_NEAR(*before.score - *after.score, 4.0, 1e-9);
  EXPECT_EQ(after.circulations.size(), 2u);
  EXPECT_EQ(row_of(with, "street.jixiang").circulations.size(), 1u);
  EXPECT_TRUE(row_of(with, "district.heping").circulations.empty());
  // The dashboard's unit rows carry the same deducted score.
  for (const UnitRow& u : with.dashboard.units) {
    if (u.unit == "dept.transport") {
      EXPECT_EQ(u.score, after.score);
    }
  }

  auto pdf = report::render_monthly(with, "pdf");
  ASSERT_TRUE(pdf) << pdf.error().describe();
  std::string dir = (std::filesystem::temp_directory_path() / "hotline-report-XXXXXX").string();
  ASSERT_NE(mkdtemp(dir.data()), nullptr);
  const std::string file = dir + "/report.pdf";
  std::ofstream(file, std::ios::binary) << pdf->bytes;
  const std::string text = run("pdftotext -enc UTF-8 " + file + " -");
  EXPECT_NE(text.find("通报情况"), std::string::npos);
  EXPECT_NE(text.find("多次推诿出租车拒载投诉"), std::string::npos) << text.substr(0, 600);
  EXPECT_NE(text.find("𠮷祥里加装电梯协调有方"), std::string::npos);
  std::filesystem::remove_all(dir);
  auto xlsx = report::render_monthly(with, "xlsx");
  ASSERT_TRUE(xlsx);
  EXPECT_NE(xlsx->bytes.find("xl/worksheets/sheet6.xml"), std::string::npos);
}

TEST(Report, EVA_2_a_units_report_lists_only_its_own_circulations) {
  const MonthlyReport r = sample_report(Scope::all(), "street.jixiang", november_circulations());
  ASSERT_EQ(r.circulations.size(), 1u);
  EXPECT_EQ(r.circulations[0].unit, "street.jixiang");
  EXPECT_EQ(r.circulations[0].kind, "通报表扬");
  for (const UnitAssessment& a : r.assessment) {
    for (const CirculationNote& c : a.circulations) EXPECT_EQ(c.unit, a.unit);
  }
  const MonthlyReport empty = sample_report(Scope::all(), "district.heping", {});
  EXPECT_TRUE(empty.circulations.empty());
}

}  // namespace
}  // namespace hotline::analysis
