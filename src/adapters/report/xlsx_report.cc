#include "adapters/report/xlsx_report.h"

#include <xlsxwriter.h>

#include "adapters/report/report_format.h"

namespace hotline::report {
namespace {

using namespace hotline::analysis;

// libxlsxwriter reports errors on close; everything before only builds.
class Book {
 public:
  explicit Book(const std::filesystem::path& file) : wb_(workbook_new(file.c_str())) {
    if (wb_ == nullptr) return;
    title_ = workbook_add_format(wb_);
    format_set_bold(title_);
    format_set_font_size(title_, 14);
    header_ = workbook_add_format(wb_);
    format_set_bold(header_);
    format_set_bg_color(header_, 0xDDEBF7);
    format_set_border(header_, LXW_BORDER_THIN);
    pct_ = workbook_add_format(wb_);
    format_set_num_format(pct_, "0.0%");
    score_ = workbook_add_format(wb_);
    format_set_num_format(score_, "0.00");
    laggard_ = workbook_add_format(wb_);
    format_set_bg_color(laggard_, 0xFCE4D6);
  }
  ~Book() {
    if (wb_ != nullptr) (void)workbook_close(wb_);
  }
  lxw_workbook* wb() { return wb_; }
  lxw_error close() {
    lxw_error e = workbook_close(wb_);
    wb_ = nullptr;
    return e;
  }
  lxw_worksheet* sheet(const char* name, const std::vector<std::string>& headers, int row = 0) {
    lxw_worksheet* ws = workbook_add_worksheet(wb_, name);
    for (std::size_t c = 0; c < headers.size(); ++c) {
      worksheet_write_string(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(c),
                             headers[c].c_str(), header_);
      worksheet_set_column(ws, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           c == 1 ? 28 : 14, nullptr);
    }
    return ws;
  }
  void rate(lxw_worksheet* ws, int row, int col, const std::optional<double>& r) {
    if (r) {
      worksheet_write_number(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), *r,
                             pct_);
    } else {
      worksheet_write_string(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), "—",
                             nullptr);
    }
  }
  lxw_format* title_ = nullptr;
  lxw_format* header_ = nullptr;
  lxw_format* pct_ = nullptr;
  lxw_format* score_ = nullptr;
  lxw_format* laggard_ = nullptr;

 private:
  lxw_workbook* wb_;
};

void str(lxw_worksheet* ws, int row, int col, const std::string& text, lxw_format* f = nullptr) {
  worksheet_write_string(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), text.c_str(),
                         f);
}
void num(lxw_worksheet* ws, int row, int col, double v, lxw_format* f = nullptr) {
  worksheet_write_number(ws, static_cast<lxw_row_t>(row), static_cast<lxw_col_t>(col), v, f);
}

}  // namespace

Status write_monthly_xlsx(const MonthlyReport& r, const std::filesystem::path& file) {
  Book book(file);
  if (book.wb() == nullptr) {
    return fail(Error::storage("cannot create " + file.string()));
  }
  // 概况 (summary)
  lxw_worksheet* ws = book.sheet("概况", {});
  worksheet_set_column(ws, 0, 0, 22, nullptr);
  worksheet_set_column(ws, 1, 1, 30, nullptr);
  str(ws, 0, 0, r.title, book.title_);
  str(ws, 1, 0, "统计期");
  str(ws, 1, 1, period_text(r.period));
  str(ws, 2, 0, "生成时间");
  str(ws, 2, 1, format_iso8601(r.generated_at));
  int row = 4;
  const std::pair<const char*, std::int64_t> counts[] = {
      {"登记诉求（件）", r.registered},
      {"派发工单（件）", r.totals[Measure::kDispatched]},
      {"答复（件）", r.totals[Measure::kReplied]},
      {"归档（件）", r.totals[Measure::kClosed]},
      {"退回再次办理（件）", r.totals[Measure::kSentBack]},
      {"督办（件）", r.totals[Measure::kSupervised]}};
  for (const auto& [label, value] : counts) {
    str(ws, row, 0, label);
    num(ws, row++, 1, static_cast<double>(value));
  }
  const std::pair<const char*, AssessmentIndicator> rates[] = {
      {"按时接收率", AssessmentIndicator::kOnTimeAcceptance},
      {"按时反馈率", AssessmentIndicator::kOnTimeReply},
      {"答复质量", AssessmentIndicator::kReplyQuality},
      {"满意率（申诉成立后）", AssessmentIndicator::kSatisfaction}};
  for (const auto& [label, indicator] : rates) {
    str(ws, row, 0, label);
    book.rate(ws, row++, 1, overall_rate(r, indicator));
  }

  // 每日量 (daily volumes) with a line chart
  ws = book.sheet("每日量", {"日期", "登记", "派单", "答复", "归档"});
  row = 1;
  for (const DayVolume& v : r.dashboard.volumes) {
    str(ws, row, 0, format_date(v.day));
    num(ws, row, 1, static_cast<double>(v.registered));
    num(ws, row, 2, static_cast<double>(v.dispatched));
    num(ws, row, 3, static_cast<double>(v.replied));
    num(ws, row, 4, static_cast<double>(v.closed));
    ++row;
  }
  if (row > 1) {
    lxw_chart* chart = workbook_add_chart(book.wb(), LXW_CHART_LINE);
    const char* names[] = {"登记", "派单", "答复", "归档"};
    for (int c = 1; c <= 4; ++c) {
      lxw_chart_series* s = chart_add_series(chart, nullptr, nullptr);
      chart_series_set_categories(s, "每日量", 1, 0, static_cast<lxw_row_t>(row - 1), 0);
      chart_series_set_values(s, "每日量", 1, static_cast<lxw_col_t>(c),
                              static_cast<lxw_row_t>(row - 1), static_cast<lxw_col_t>(c));
      chart_series_set_name(s, names[c - 1]);
    }
    chart_title_set_name(chart, "每日诉求与工单量");
    lxw_chart_options opt{};
    opt.x_scale = 1.6;
    opt.y_scale = 1.3;
    worksheet_insert_chart_opt(ws, 1, 6, chart, &opt);
  }

  // 单位评价 (assessment) with a bar chart of scores
  ws = book.sheet("单位评价", {"名次", "单位", "配置", "工单量", "按时接收率", "按时反馈率",
                               "答复质量", "办理质量", "满意率", "首接负责率", "综合得分"});
  row = 1;
  for (const UnitAssessment& a : r.assessment) {
    const bool laggard =
        std::find(r.laggards.begin(), r.laggards.end(), a.unit) != r.laggards.end();
    lxw_format* f = laggard ? book.laggard_ : nullptr;
    if (a.rank > 0)
      num(ws, row, 0, a.rank, f);
    else
      str(ws, row, 0, "—", f);
    str(ws, row, 1, a.name, f);
    str(ws, row, 2, a.profile, f);
    num(ws, row, 3, static_cast<double>(a.totals[Measure::kDispatched]), f);
    const AssessmentIndicator columns[] = {
        AssessmentIndicator::kOnTimeAcceptance, AssessmentIndicator::kOnTimeReply,
        AssessmentIndicator::kReplyQuality,     AssessmentIndicator::kHandlingQuality,
        AssessmentIndicator::kSatisfaction,     AssessmentIndicator::kFirstContact};
    for (int c = 0; c < 6; ++c) {
      std::optional<double> value;
      bool assessed = false;
      for (const IndicatorFigure& fig : a.indicators) {
        if (fig.indicator == columns[c]) {
          value = fig.rate;
          assessed = true;
        }
      }
      if (assessed)
        book.rate(ws, row, 4 + c, value);
      else
        str(ws, row, 4 + c, "不考核");
    }
    if (a.score)
      num(ws, row, 10, *a.score, book.score_);
    else
      str(ws, row, 10, "—");
    ++row;
  }
  if (row > 1) {
    lxw_chart* chart = workbook_add_chart(book.wb(), LXW_CHART_BAR);
    lxw_chart_series* s = chart_add_series(chart, nullptr, nullptr);
    chart_series_set_categories(s, "单位评价", 1, 1, static_cast<lxw_row_t>(row - 1), 1);
    chart_series_set_values(s, "单位评价", 1, 10, static_cast<lxw_row_t>(row - 1), 10);
    chart_series_set_name(s, "综合得分");
    chart_title_set_name(chart, "承办单位综合评价得分");
    lxw_chart_options opt{};
    opt.x_scale = 1.4;
    opt.y_scale = 1.0 + 0.08 * (row - 1);
    worksheet_insert_chart_opt(ws, static_cast<lxw_row_t>(row + 1), 1, chart, &opt);
  }

  // 热点与预警 (hot spots and warnings)
  ws = book.sheet("热点与预警", {"区", "类别", "件数", "基线", "激增"});
  row = 1;
  for (const Hotspot& h : r.dashboard.hotspots) {
    str(ws, row, 0, h.district_name);
    str(ws, row, 1, h.category);
    num(ws, row, 2, static_cast<double>(h.count));
    num(ws, row, 3, h.baseline, book.score_);
    str(ws, row, 4, h.surge ? "是" : "否");
    ++row;
  }
  row += 1;
  str(ws, row++, 0, "预警记录", book.header_);
  for (const WarningRecord& w : r.dashboard.warnings) {
    str(ws, row, 0, format_iso8601(w.created_at));
    str(ws, row, 1, w.title);
    num(ws, row, 2, static_cast<double>(w.count));
    ++row;
  }

  // 通报 (EVA-2): the month's circulations; criticisms are deducted in 单位评价 (T24)
  ws = book.sheet("通报", {"单位", "单位名称", "通报", "依据", "条款", "事由"});
  row = 1;
  for (const CirculationNote& c : r.circulations) {
    str(ws, row, 0, c.unit);
    str(ws, row, 1, c.unit_name);
    str(ws, row, 2, c.kind);
    str(ws, row, 3, c.ground);
    str(ws, row, 4, c.article);
    str(ws, row, 5, c.reason);
    ++row;
  }
  if (r.circulations.empty()) str(ws, 1, 0, "本月无通报");

  // 积压与分类 (backlog, channels, types, categories)
  ws = book.sheet("积压与分类", {"积压时长", "件数"});
  row = 1;
  for (const BacklogBucket& b : r.dashboard.backlog) {
    str(ws, row, 0, b.age);
    num(ws, row++, 1, static_cast<double>(b.count));
  }
  auto table = [&](const char* title, const std::vector<BreakdownRow>& rows) {
    row += 1;
    str(ws, row, 0, title, book.header_);
    str(ws, row, 1, "登记", book.header_);
    str(ws, row, 2, "派单", book.header_);
    str(ws, row, 3, "平均办理用时", book.header_);
    ++row;
    for (const BreakdownRow& b : rows) {
      str(ws, row, 0, b.name);
      num(ws, row, 1, static_cast<double>(b.counters[Measure::kRegistered]));
      num(ws, row, 2, static_cast<double>(b.counters[Measure::kDispatched]));
      str(ws, row, 3, hours(b.handle_wait));
      ++row;
    }
  };
  table("渠道", r.by_channel);
  table("诉求类型", r.by_type);
  table("类别（前15）", r.by_category);

  if (lxw_error e = book.close(); e != LXW_NO_ERROR) {
    return fail(Error::storage("cannot write " + file.string() + ": " + lxw_strerror(e)));
  }
  return {};
}

}  // namespace hotline::report
