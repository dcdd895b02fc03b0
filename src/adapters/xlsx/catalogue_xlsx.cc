#include "adapters/xlsx/catalogue_xlsx.h"

#include <xlsxwriter.h>

#include <map>
#include <string>

namespace hotline {
namespace {

struct NodeCounts {
  int total = 0;
  int published = 0;
  int in_review = 0;
  int expiring = 0;
  int expired = 0;
  int withdrawn = 0;
};

std::string leaf_name(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

int depth(const std::string& path) {
  int d = 0;
  for (char c : path) d += c == '/';
  return d;
}

}  // namespace

Status export_catalogue_xlsx(const std::filesystem::path& file,
                             const std::vector<Article>& articles, const Organisation& organisation,
                             const CatalogueExportOptions& options) {
  lxw_workbook* wb = workbook_new(file.c_str());
  if (wb == nullptr) return fail(Error::storage("cannot create " + file.string()));
  lxw_format* header = workbook_add_format(wb);
  format_set_bold(header);
  format_set_bg_color(header, 0xDDEBF7);
  lxw_format* warn = workbook_add_format(wb);
  format_set_bg_color(warn, 0xFCE4D6);

  // Counts per node, every ancestor included.
  std::map<std::string, NodeCounts> nodes;
  const Instant soon = options.now + options.expiring_within;
  for (const auto& a : articles) {
    auto ancestors = catalogue_ancestors(a.content.catalogue);
    if (ancestors.empty()) ancestors.push_back("（未分类）");
    for (const auto& node : ancestors) {
      NodeCounts& n = nodes[node];
      ++n.total;
      if (a.status == ArticleStatus::kPublished) {
        if (!a.is_current(options.now)) {
          ++n.expired;
        } else {
          ++n.published;
          if (a.valid_until && *a.valid_until <= soon) ++n.expiring;
        }
        if (a.revision && a.revision->in_review) ++n.in_review;
      } else if (a.status == ArticleStatus::kInReview) {
        ++n.in_review;
      } else if (a.status == ArticleStatus::kWithdrawn) {
        ++n.withdrawn;
      }
    }
  }

  lxw_worksheet* tree = workbook_add_worksheet(wb, "目录");
  const char* tree_headers[] = {"目录路径", "层级",       "名称",         "条目总数", "已发布有效",
                                "待审核",   "30天内到期", "已过期未撤销", "已撤销"};
  for (int c = 0; c < 9; ++c) worksheet_write_string(tree, 0, c, tree_headers[c], header);
  worksheet_set_column(tree, 0, 0, 36, nullptr);
  worksheet_set_column(tree, 2, 2, 28, nullptr);
  worksheet_set_column(tree, 3, 8, 12, nullptr);
  lxw_row_t row = 1;
  for (const auto& [path, n] : nodes) {
    const int d = depth(path);
    worksheet_write_string(tree, row, 0, path.c_str(), nullptr);
    worksheet_write_number(tree, row, 1, d + 1, nullptr);
    worksheet_write_string(
        tree, row, 2, (std::string(static_cast<std::size_t>(d) * 2, ' ') + leaf_name(path)).c_str(),
        nullptr);
    const int values[] = {n.total, n.published, n.in_review, n.expiring, n.expired, n.withdrawn};
    for (int c = 0; c < 6; ++c) {
      lxw_format* f = (c == 3 || c == 4) && values[c] > 0 ? warn : nullptr;
      worksheet_write_number(tree, row, static_cast<lxw_col_t>(3 + c), values[c], f);
    }
    ++row;
  }
  worksheet_freeze_panes(tree, 1, 0);
  worksheet_autofilter(tree, 0, 0, row > 1 ? row - 1 : 0, 8);

  lxw_worksheet* list = workbook_add_worksheet(wb, "条目");
  const char* list_headers[] = {"目录",     "编号",     "标题",     "类型",     "维护单位",
                                "单位编号", "状态",     "版本",     "发布时间", "有效期至",
                                "剩余天数", "最近确认", "公开范围", "标签",     "待审修订"};
  for (int c = 0; c < 15; ++c) worksheet_write_string(list, 0, c, list_headers[c], header);
  worksheet_set_column(list, 0, 0, 28, nullptr);
  worksheet_set_column(list, 1, 1, 30, nullptr);
  worksheet_set_column(list, 2, 2, 40, nullptr);
  worksheet_set_column(list, 3, 7, 14, nullptr);
  worksheet_set_column(list, 8, 11, 26, nullptr);
  row = 1;
  for (const auto& a : articles) {
    const Unit* unit = organisation.find(a.unit);
    std::string tags;
    for (const auto& t : a.content.tags) tags += (tags.empty() ? "" : "、") + t;
    const bool stale = a.is_published() && !a.is_current(options.now);
    const bool expiring = a.is_current(options.now) && a.valid_until && *a.valid_until <= soon;
    lxw_format* f = stale || expiring ? warn : nullptr;
    worksheet_write_string(list, row, 0, a.content.catalogue.c_str(), nullptr);
    worksheet_write_string(list, row, 1, a.id.c_str(), nullptr);
    worksheet_write_string(list, row, 2, a.content.title.c_str(), nullptr);
    worksheet_write_string(list, row, 3, std::string(article_type_chinese(a.type)).c_str(),
                           nullptr);
    worksheet_write_string(list, row, 4, unit ? unit->name.c_str() : a.unit.c_str(), nullptr);
    worksheet_write_string(list, row, 5, a.unit.c_str(), nullptr);
    worksheet_write_string(list, row, 6, std::string(to_chinese(a.status)).c_str(), nullptr);
    worksheet_write_number(list, row, 7, a.version, nullptr);
    worksheet_write_string(list, row, 8,
                           a.published_at ? format_iso8601(*a.published_at).c_str() : "", nullptr);
    worksheet_write_string(list, row, 9,
                           a.valid_until ? format_iso8601(*a.valid_until).c_str() : "", f);
    if (a.valid_until && a.is_published()) {
      const double days = static_cast<double>((*a.valid_until - options.now).count()) / 86400.0;
      worksheet_write_number(list, row, 10, static_cast<double>(static_cast<long>(days)), f);
    }
    worksheet_write_string(list, row, 11,
                           a.confirmed_at ? format_iso8601(*a.confirmed_at).c_str() : "", nullptr);
    worksheet_write_string(list, row, 12, a.audience == Audience::kPublic ? "公开" : "内部",
                           nullptr);
    worksheet_write_string(list, row, 13, tags.c_str(), nullptr);
    worksheet_write_string(
        list, row, 14, a.revision ? (a.revision->in_review ? "待审核" : "编辑中") : "", nullptr);
    ++row;
  }
  worksheet_freeze_panes(list, 1, 0);
  worksheet_autofilter(list, 0, 0, row > 1 ? row - 1 : 0, 14);

  const lxw_error rc = workbook_close(wb);
  if (rc != LXW_NO_ERROR) {
    return fail(Error::storage("cannot write " + file.string() + ": " + lxw_strerror(rc)));
  }
  return {};
}

}  // namespace hotline
