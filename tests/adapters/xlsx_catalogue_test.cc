// The catalogue as an Excel workbook for the office's reviews (libxlsxwriter).
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "adapters/xlsx/catalogue_xlsx.h"

namespace hotline {
namespace {

TEST(CatalogueXlsx, KB_1_WritesTheCatalogueWorkbook) {
  Unit unit;
  unit.id = "dept.medical-security";
  unit.name = "市医保局";
  auto org = Organisation::create({unit});
  ASSERT_TRUE(org);
  const Instant now = *parse_iso8601("2026-03-02T09:00:00+08:00");
  std::vector<Article> articles;
  for (int i = 0; i < 3; ++i) {
    Article a;
    a.id = "kb." + std::to_string(i);
    a.unit = "dept.medical-security";
    a.status = i == 2 ? ArticleStatus::kDraft : ArticleStatus::kPublished;
    a.content.title = "条目" + std::to_string(i) + "𠮷";
    a.content.catalogue = i == 0 ? "医疗保障/待遇报销" : "医疗保障/参保缴费";
    a.valid_until = now + Seconds{(i == 1 ? -1 : 10) * 86400};
    articles.push_back(a);
  }
  const auto file = std::filesystem::temp_directory_path() /
                    ("hotline-kb-" + std::to_string(::getpid()) + ".xlsx");
  CatalogueExportOptions options;
  options.now = now;
  ASSERT_TRUE(export_catalogue_xlsx(file, articles, *org, options));
  std::ifstream in(file, std::ios::binary);
  std::string head(2, '\0');
  in.read(head.data(), 2);
  EXPECT_EQ(head, "PK");  // an OOXML zip
  EXPECT_GT(std::filesystem::file_size(file), 4000u);
  std::filesystem::remove(file);
  auto bad = export_catalogue_xlsx("/nonexistent-dir/x.xlsx", articles, *org, options);
  EXPECT_FALSE(bad);
}

}  // namespace
}  // namespace hotline
