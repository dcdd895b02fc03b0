#pragma once
// EVA-2 [D25, T24]: the government performance assessment (政府绩效考评) of a
// month as an Excel workbook (libxlsxwriter, as the monthly report): sheet
// 绩效考评 with each unit's EVA-1 score, rank, indicator rates and its
// circulations; sheet 通报记录 with every circulation of the month; sheet
// 说明 with the period and the articles. Sheets are zh-CN.

#include <filesystem>

#include "adapters/report/monthly_files.h"
#include "core/oversight/oversight_service.h"

namespace hotline::report {

Status write_performance_xlsx(const oversight::PerformanceExport& e,
                              const std::filesystem::path& file);
// The workbook's bytes, "hotline-performance-2026-11.xlsx".
Result<RenderedReport> render_performance_xlsx(const oversight::PerformanceExport& e);

}  // namespace hotline::report
