#pragma once
// The monthly report as PDF (Cairo + Pango), A4, zh-CN. Text is set by
// Pango with Noto Sans CJK; characters outside it (CJK Extension B such as
// 𡒄 U+21484) fall back through fontconfig to a font that has them
// (fonts-hanazono's HanaMinB), so nothing is drawn as a missing-glyph box.

#include <string>

#include "core/analysis/monthly_report.h"
#include "core/result.h"

namespace hotline::report {

Result<std::string> render_monthly_pdf(const analysis::MonthlyReport& report);

}  // namespace hotline::report
