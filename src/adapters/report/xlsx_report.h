#pragma once
// The monthly report as an Excel workbook (libxlsxwriter), with charts:
// daily volumes (line) and units' scores (bar). Sheets are zh-CN.

#include <filesystem>

#include "core/analysis/monthly_report.h"
#include "core/result.h"

namespace hotline::report {

Status write_monthly_xlsx(const analysis::MonthlyReport& report, const std::filesystem::path& file);

}  // namespace hotline::report
