#pragma once
// The monthly report as a downloadable file: Excel or PDF bytes with their
// media type and an ASCII file name ("hotline-monthly-2026-11.pdf").

#include <string>
#include <string_view>

#include "core/analysis/monthly_report.h"
#include "core/result.h"

namespace hotline::report {

struct RenderedReport {
  std::string content_type;
  std::string file_name;
  std::string bytes;
};

// `format` is "xlsx" or "pdf".
Result<RenderedReport> render_monthly(const analysis::MonthlyReport& report,
                                      std::string_view format);

}  // namespace hotline::report
