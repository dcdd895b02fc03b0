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

MonthlyReport sample_report() {
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
  return build_monthly_report(p, set, org, *month_period("2026-11"), Scope::all(), "",
                              at_local(*parse_date("2026-12-01")));
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

}  // namespace
}  // namespace hotline::analysis
