#include "adapters/report/pdf_report.h"

#include <cairo-pdf.h>
#include <pango/pangocairo.h>

#include <algorithm>
#include <memory>

#include "adapters/report/report_format.h"

namespace hotline::report {
namespace {

using namespace hotline::analysis;

constexpr double kPageWidth = 595.0;  // A4 in points
constexpr double kPageHeight = 842.0;
constexpr double kMargin = 48.0;
constexpr const char* kFamily = "Noto Sans CJK SC";

cairo_status_t append(void* closure, const unsigned char* data, unsigned int length) {
  static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
  return CAIRO_STATUS_SUCCESS;
}

// A page cursor: text and tables flow down the page and onto the next.
class Pages {
 public:
  explicit Pages(cairo_t* cr) : cr_(cr) {}

  // Sets `text` at the cursor in `size` points; returns its height.
  double text(const std::string& text, double size, bool bold = false, double x = kMargin,
              double width = kPageWidth - 2 * kMargin, bool advance = true) {
    PangoLayout* layout = pango_cairo_create_layout(cr_);
    PangoFontDescription* font = pango_font_description_new();
    pango_font_description_set_family(font, kFamily);
    pango_font_description_set_absolute_size(font, size * PANGO_SCALE);
    pango_font_description_set_weight(font, bold ? PANGO_WEIGHT_BOLD : PANGO_WEIGHT_NORMAL);
    pango_layout_set_font_description(layout, font);
    pango_layout_set_width(layout, static_cast<int>(width * PANGO_SCALE));
    pango_layout_set_wrap(layout, PANGO_WRAP_WORD_CHAR);
    pango_layout_set_text(layout, text.c_str(), static_cast<int>(text.size()));
    int w = 0, h = 0;
    pango_layout_get_size(layout, &w, &h);
    const double height = static_cast<double>(h) / PANGO_SCALE;
    if (advance) need(height);
    cairo_move_to(cr_, x, y_);
    pango_cairo_show_layout(cr_, layout);
    pango_font_description_free(font);
    g_object_unref(layout);
    if (advance) y_ += height;
    return height;
  }

  void gap(double points) { y_ += points; }

  // Starts a new page when fewer than `height` points are left.
  void need(double height) {
    if (y_ + height <= kPageHeight - kMargin) return;
    footer();
    cairo_show_page(cr_);
    ++page_;
    y_ = kMargin;
  }

  void footer() {
    const double keep = y_;
    y_ = kPageHeight - kMargin + 12;
    text("第 " + std::to_string(page_) + " 页", 8, false, kPageWidth / 2 - 20, 80, false);
    y_ = keep;
  }

  // A table: header row and rows, with column widths in points.
  void table(const std::vector<std::string>& header,
             const std::vector<std::vector<std::string>>& rows, const std::vector<double>& widths,
             const std::vector<bool>& highlight = {}) {
    const double row_height = 16;
    auto draw_row = [&](const std::vector<std::string>& cells, bool bold, bool shade) {
      need(row_height);
      if (shade) {
        cairo_set_source_rgb(cr_, bold ? 0.87 : 0.99, bold ? 0.92 : 0.89, bold ? 0.97 : 0.84);
        cairo_rectangle(cr_, kMargin, y_, total(widths), row_height);
        cairo_fill(cr_);
      }
      cairo_set_source_rgb(cr_, 0, 0, 0);
      double x = kMargin;
      for (std::size_t c = 0; c < cells.size() && c < widths.size(); ++c) {
        text(cells[c], 8.5, bold, x + 3, widths[c] - 6, false);
        x += widths[c];
      }
      cairo_set_source_rgb(cr_, 0.75, 0.75, 0.75);
      cairo_set_line_width(cr_, 0.5);
      cairo_move_to(cr_, kMargin, y_ + row_height);
      cairo_line_to(cr_, kMargin + total(widths), y_ + row_height);
      cairo_stroke(cr_);
      cairo_set_source_rgb(cr_, 0, 0, 0);
      y_ += row_height;
    };
    draw_row(header, true, true);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      draw_row(rows[i], false, i < highlight.size() && highlight[i]);
    }
  }

  // Daily volumes as bars (registered) with a line (closed).
  void volume_chart(const std::vector<DayVolume>& days) {
    const double height = 150, width = kPageWidth - 2 * kMargin;
    need(height + 30);
    std::int64_t top = 1;
    for (const DayVolume& d : days) top = std::max({top, d.registered, d.dispatched, d.closed});
    const double x0 = kMargin + 30, y0 = y_ + height, plot_w = width - 40;
    cairo_set_source_rgb(cr_, 0.4, 0.4, 0.4);
    cairo_set_line_width(cr_, 0.8);
    cairo_move_to(cr_, x0, y_);
    cairo_line_to(cr_, x0, y0);
    cairo_line_to(cr_, x0 + plot_w, y0);
    cairo_stroke(cr_);
    const double step = days.empty() ? 0 : plot_w / static_cast<double>(days.size());
    cairo_set_source_rgb(cr_, 0.35, 0.55, 0.85);
    for (std::size_t i = 0; i < days.size(); ++i) {
      const double h = height * static_cast<double>(days[i].registered) / static_cast<double>(top);
      cairo_rectangle(cr_, x0 + step * static_cast<double>(i) + step * 0.15, y0 - h, step * 0.7, h);
    }
    cairo_fill(cr_);
    cairo_set_source_rgb(cr_, 0.9, 0.45, 0.1);
    cairo_set_line_width(cr_, 1.5);
    for (std::size_t i = 0; i < days.size(); ++i) {
      const double x = x0 + step * (static_cast<double>(i) + 0.5);
      const double y = y0 - height * static_cast<double>(days[i].closed) / static_cast<double>(top);
      if (i == 0)
        cairo_move_to(cr_, x, y);
      else
        cairo_line_to(cr_, x, y);
    }
    cairo_stroke(cr_);
    cairo_set_source_rgb(cr_, 0, 0, 0);
    const double keep = y_;
    text(std::to_string(top), 7, false, kMargin, 28, false);
    y_ = y0 + 2;
    for (std::size_t i = 0; i < days.size(); i += 7) {
      text(format_date(days[i].day).substr(5), 7, false, x0 + step * static_cast<double>(i), 40,
           false);
    }
    y_ = keep + height + 14;
    text("■ 登记诉求（蓝）　— 归档工单（橙）", 8);
    gap(6);
  }

 private:
  static double total(const std::vector<double>& w) {
    double t = 0;
    for (double x : w) t += x;
    return t;
  }
  cairo_t* cr_;
  double y_ = kMargin;
  int page_ = 1;
};

}  // namespace

Result<std::string> render_monthly_pdf(const MonthlyReport& r) {
  std::string out;
  cairo_surface_t* surface =
      cairo_pdf_surface_create_for_stream(append, &out, kPageWidth, kPageHeight);
  if (cairo_surface_status(surface) != CAIRO_STATUS_SUCCESS) {
    cairo_surface_destroy(surface);
    return fail(Error::internal("cannot create a PDF surface"));
  }
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, r.title.c_str());
  cairo_t* cr = cairo_create(surface);
  {
    Pages pages(cr);
    pages.text(r.title, 18, true);
    pages.gap(4);
    pages.text("统计期：" + period_text(r.period) + "　　生成：" + format_iso8601(r.generated_at),
               9);
    pages.gap(10);

    pages.text("一、总体情况", 12, true);
    pages.gap(4);
    pages.table(
        {"指标", "数值", "指标", "数值"},
        {{"登记诉求", std::to_string(r.registered) + " 件", "按时接收率",
          percent(overall_rate(r, AssessmentIndicator::kOnTimeAcceptance))},
         {"派发工单", std::to_string(r.totals[Measure::kDispatched]) + " 件", "按时反馈率",
          percent(overall_rate(r, AssessmentIndicator::kOnTimeReply))},
         {"答复", std::to_string(r.totals[Measure::kReplied]) + " 件", "答复质量",
          percent(overall_rate(r, AssessmentIndicator::kReplyQuality))},
         {"归档", std::to_string(r.totals[Measure::kClosed]) + " 件", "满意率（申诉成立后）",
          percent(overall_rate(r, AssessmentIndicator::kSatisfaction))},
         {"退回再次办理", std::to_string(r.totals[Measure::kSentBack]) + " 件", "督办",
          std::to_string(r.totals[Measure::kSupervised]) + " 件"}},
        {110, 100, 140, 100});
    pages.gap(12);

    pages.text("二、每日诉求量", 12, true);
    pages.gap(6);
    pages.volume_chart(r.dashboard.volumes);

    pages.text("三、承办单位综合评价（R23、M23）", 12, true);
    pages.gap(4);
    std::vector<std::vector<std::string>> rows;
    std::vector<bool> laggard;
    for (const UnitAssessment& a : r.assessment) {
      auto rate_of = [&](AssessmentIndicator i) -> std::string {
        for (const IndicatorFigure& f : a.indicators) {
          if (f.indicator == i) return percent(f.rate);
        }
        return "不考核";
      };
      rows.push_back({a.rank > 0 ? std::to_string(a.rank) : "—", a.name, a.profile,
                      std::to_string(a.totals[Measure::kDispatched]),
                      rate_of(AssessmentIndicator::kOnTimeAcceptance),
                      rate_of(AssessmentIndicator::kOnTimeReply),
                      rate_of(AssessmentIndicator::kSatisfaction), score_text(a.score)});
      laggard.push_back(std::find(r.laggards.begin(), r.laggards.end(), a.unit) !=
                        r.laggards.end());
    }
    pages.table({"名次", "单位", "配置", "工单", "按时接收", "按时反馈", "满意率", "得分"}, rows,
                {30, 150, 70, 40, 50, 50, 50, 40}, laggard);
    if (!r.laggards.empty()) {
      pages.gap(3);
      pages.text("底色标出的为各配置排名后三位的单位。", 8);
    }
    pages.gap(12);

    // EVA-2: the circulations of the month, criticisms deducted above (T24).
    pages.text("四、通报情况（T24、T26）", 12, true);
    pages.gap(4);
    rows.clear();
    for (const CirculationNote& c : r.circulations) {
      rows.push_back({c.unit_name.empty() ? c.unit : c.unit_name, c.kind,
                      c.ground + "（" + c.article + "）", c.reason});
    }
    if (rows.empty()) {
      pages.text("本月无通报。", 9);
    } else {
      pages.table({"单位", "通报", "依据", "事由"}, rows, {120, 60, 150, 150});
    }
    pages.gap(12);

    pages.text("五、热点与预警（R27）", 12, true);
    pages.gap(4);
    rows.clear();
    for (const Hotspot& h : r.dashboard.hotspots) {
      char baseline[32];
      std::snprintf(baseline, sizeof baseline, "%.1f", h.baseline);
      rows.push_back({h.district_name, h.category.empty() ? "未分类" : h.category,
                      std::to_string(h.count), baseline, h.surge ? "激增" : ""});
    }
    pages.table({"区", "类别", "件数", "基线", ""}, rows, {110, 200, 50, 50, 60});
    pages.gap(6);
    rows.clear();
    for (std::size_t i = 0; i < r.dashboard.warnings.size() && i < 20; ++i) {
      const WarningRecord& w = r.dashboard.warnings[i];
      rows.push_back(
          {format_iso8601(w.created_at).substr(0, 16), w.title, std::to_string(w.count)});
    }
    pages.table({"时间", "预警", "件数"}, rows, {90, 320, 50});
    pages.gap(12);

    pages.text("六、积压与渠道", 12, true);
    pages.gap(4);
    rows.clear();
    for (const BacklogBucket& b : r.dashboard.backlog)
      rows.push_back({b.age, std::to_string(b.count)});
    pages.table({"积压时长（自派单起）", "件数"}, rows, {150, 80});
    pages.gap(6);
    rows.clear();
    for (const BreakdownRow& b : r.by_channel) {
      rows.push_back({b.name, std::to_string(b.counters[Measure::kRegistered]),
                      hours(b.dispatch_wait), hours(b.handle_wait)});
    }
    pages.table({"渠道", "登记", "平均派单等待", "平均办理用时"}, rows, {150, 60, 100, 100});
    pages.footer();
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) {
    return fail(
        Error::internal(std::string("PDF rendering failed: ") + cairo_status_to_string(status)));
  }
  return out;
}

}  // namespace hotline::report
