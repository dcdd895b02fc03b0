#include "adapters/report/performance_xlsx.h"

#include <stdlib.h>
#include <unistd.h>
#include <xlsxwriter.h>

#include <fstream>
#include <sstream>

#include "adapters/report/report_format.h"

namespace hotline::report {
namespace {

using oversight::Circulation;
using oversight::PerformanceExport;

constexpr AssessmentIndicator kIndicators[] = {
    AssessmentIndicator::kOnTimeAcceptance, AssessmentIndicator::kOnTimeReply,
    AssessmentIndicator::kReplyQuality,     AssessmentIndicator::kHandlingQuality,
    AssessmentIndicator::kSatisfaction,     AssessmentIndicator::kFirstContact};

void str(lxw_worksheet* ws, int row, int col, const std::string& text, lxw_format* f = nullptr) {
  worksheet_write_string(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), text.c_str(),
                         f);
}
void num(lxw_worksheet* ws, int row, int col, double v, lxw_format* f = nullptr) {
  worksheet_write_number(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), v, f);
}

std::string joined(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& s : items) out += (out.empty() ? "" : "、") + s;
  return out;
}

lxw_worksheet* sheet(lxw_workbook* wb, const char* name, const std::vector<std::string>& headers,
                     lxw_format* header) {
  lxw_worksheet* ws = workbook_add_worksheet(wb, name);
  for (std::size_t c = 0; c < headers.size(); ++c) {
    str(ws, 0, static_cast<int>(c), headers[c], header);
    worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c), c == 1 ? 28 : 14,
                         nullptr);
  }
  worksheet_freeze_panes(ws, 1, 0);
  return ws;
}

}  // namespace

Status write_performance_xlsx(const PerformanceExport& e, const std::filesystem::path& file) {
  lxw_workbook* wb = workbook_new(file.c_str());
  if (wb == nullptr) return fail(Error::storage("cannot create " + file.string()));
  lxw_format* header = workbook_add_format(wb);
  format_set_bold(header);
  format_set_bg_color(header, 0xDDEBF7);
  format_set_border(header, LXW_BORDER_THIN);
  lxw_format* pct = workbook_add_format(wb);
  format_set_num_format(pct, "0.0%");
  lxw_format* score = workbook_add_format(wb);
  format_set_num_format(score, "0.00");

  std::vector<std::string> heads = {"单位编号", "单位名称", "评价方案", "综合得分", "排名"};
  for (AssessmentIndicator i : kIndicators) heads.emplace_back(to_chinese(i));
  for (const char* h : {"通报批评（次）", "通报表扬（次）", "扣分"}) heads.emplace_back(h);
  lxw_worksheet* ws = sheet(wb, "绩效考评", heads, header);
  int row = 1;
  for (const oversight::PerformanceRow& r : e.rows) {
    const analysis::UnitAssessment& a = r.assessment;
    str(ws, row, 0, a.unit);
    str(ws, row, 1, a.name);
    str(ws, row, 2, a.profile);
    if (a.score) {
      num(ws, row, 3, *a.score, score);
    } else {
      str(ws, row, 3, "—");
    }
    if (a.rank > 0) {
      num(ws, row, 4, a.rank);
    } else {
      str(ws, row, 4, "—");
    }
    int col = 5;
    for (AssessmentIndicator i : kIndicators) {
      std::optional<double> rate;
      for (const analysis::IndicatorFigure& f : a.indicators) {
        if (f.indicator == i) rate = f.rate;
      }
      if (rate) {
        num(ws, row, col, *rate, pct);
      } else {
        str(ws, row, col, "—");
      }
      ++col;
    }
    double points = 0;
    for (const analysis::DeductionFigure& d : a.deductions) points += d.points;
    num(ws, row, col++, static_cast<double>(r.criticisms));
    num(ws, row, col++, static_cast<double>(r.praises));
    num(ws, row, col++, points, score);
    ++row;
  }

  lxw_worksheet* cs = sheet(wb, "通报记录",
                            {"编号", "单位名称", "单位编号", "月份", "类别", "事由", "依据条款",
                             "原因", "相关工单", "评价指标", "记录人", "记录时间"},
                            header);
  row = 1;
  for (const oversight::PerformanceRow& r : e.rows) {
    for (const Circulation& c : r.circulations) {
      num(cs, row, 0, static_cast<double>(c.id));
      str(cs, row, 1, r.assessment.name);
      str(cs, row, 2, c.unit);
      str(cs, row, 3, c.month);
      str(cs, row, 4, std::string(oversight::to_chinese(c.kind)));
      str(cs, row, 5, std::string(oversight::to_chinese(c.ground)));
      str(cs, row, 6, c.article);
      str(cs, row, 7, c.reason);
      str(cs, row, 8, joined(c.work_orders));
      str(cs, row, 9, joined(c.indicators));
      str(cs, row, 10, c.recorded_by.id);
      str(cs, row, 11, format_iso8601(c.recorded_at));
      ++row;
    }
  }

  lxw_worksheet* note = workbook_add_worksheet(wb, "说明");
  worksheet_set_column(note, 0, 0, 90, nullptr);
  str(note, 0, 0, "政府绩效考评数据（" + period_text(e.period) + "）", header);
  str(note, 1, 0,
      "综合评价：按时接收、按时反馈、办理和解答情况、满意度（R23、M23），权重见各评价方案。");
  str(note, 2, 0,
      "通报批评：推诿扯皮、督办事项拒不办理、受到媒体曝光（T24）；通报表扬：T26、D26。");
  str(note, 3, 0, "考核结果纳入政府绩效考核（D25）；交通运输方案每次通报批评扣分（T24）。");

  if (lxw_error err = workbook_close(wb); err != LXW_NO_ERROR) {
    return fail(Error::storage(std::string("cannot write the workbook: ") + lxw_strerror(err)));
  }
  return {};
}

Result<RenderedReport> render_performance_xlsx(const PerformanceExport& e) {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "hotline-performance-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return fail(Error::storage("cannot create a temporary directory"));
  }
  const std::filesystem::path dir = pattern;
  const std::filesystem::path file = dir / "performance.xlsx";
  Status st = write_performance_xlsx(e, file);
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
  return RenderedReport{"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        "hotline-performance-" + e.month + ".xlsx", std::move(bytes)};
}

}  // namespace hotline::report
