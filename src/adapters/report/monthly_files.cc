#include "adapters/report/monthly_files.h"

#include <stdlib.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "adapters/report/pdf_report.h"
#include "adapters/report/xlsx_report.h"

namespace hotline::report {
namespace {

std::string base_name(const analysis::MonthlyReport& r) {
  std::string name = "hotline-monthly-" + format_date(r.period.from).substr(0, 7);
  if (!r.unit.empty()) {
    std::string safe;
    for (char c : r.unit) {
      const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '-' || c == '_';
      safe += ok ? c : '_';
    }
    name += "-" + safe;
  }
  return name;
}

// libxlsxwriter writes files only: a private temporary file, read back.
Result<std::string> xlsx_bytes(const analysis::MonthlyReport& r) {
  std::string pattern = (std::filesystem::temp_directory_path() / "hotline-report-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr)
    return fail(Error::storage("cannot create a temporary directory"));
  const std::filesystem::path dir = pattern;
  const std::filesystem::path file = dir / "report.xlsx";
  Status st = write_monthly_xlsx(r, file);
  std::string bytes;
  if (st) {
    std::ifstream in(file, std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    bytes = s.str();
    if (!in || bytes.empty()) st = fail(Error::storage("cannot read back the workbook"));
  }
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
  if (!st) return fail(st.error());
  return bytes;
}

}  // namespace

Result<RenderedReport> render_monthly(const analysis::MonthlyReport& report,
                                      std::string_view format) {
  RenderedReport out;
  if (format == "pdf") {
    auto pdf = render_monthly_pdf(report);
    if (!pdf) return fail(pdf.error());
    out = {"application/pdf", base_name(report) + ".pdf", std::move(*pdf)};
  } else if (format == "xlsx") {
    auto xlsx = xlsx_bytes(report);
    if (!xlsx) return fail(xlsx.error());
    out = {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
           base_name(report) + ".xlsx", std::move(*xlsx)};
  } else {
    return fail(Error::invalid("format", "allowed: xlsx, pdf", "format 可选：xlsx、pdf"));
  }
  return out;
}

}  // namespace hotline::report
