#include "adapters/xlsx/table_xlsx.h"

#include <unistd.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace hotline {
namespace {

// Excel forbids []:*?/\ in sheet names and allows 31 UTF-16 units; the
// names used here are short Chinese words, cut by code point to be safe.
std::string sheet_name(const std::string& name) {
  std::string out;
  int count = 0;
  for (std::size_t i = 0; i < name.size() && count < 31;) {
    const auto c = static_cast<unsigned char>(name[i]);
    const std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    const std::string cp = name.substr(i, len);
    if (cp.find_first_of("[]:*?/\\") == std::string::npos) out += cp;
    i += len;
    count += len == 4 ? 2 : 1;
  }
  return out.empty() ? "Sheet1" : out;
}

}  // namespace

Result<std::string> table_to_xlsx(const Table& table) {
  std::string path = (std::filesystem::temp_directory_path() / "hotline-export-XXXXXX").string();
  const int fd = mkstemp(path.data());
  if (fd < 0) return fail(Error::storage("cannot create a temporary file for the export"));
  close(fd);
  lxw_workbook* wb = workbook_new(path.c_str());
  if (wb == nullptr) {
    std::filesystem::remove(path);
    return fail(Error::storage("cannot create the workbook"));
  }
  lxw_format* header = workbook_add_format(wb);
  format_set_bold(header);
  format_set_bg_color(header, 0xDDEBF7);
  lxw_worksheet* sheet = workbook_add_worksheet(wb, sheet_name(table.sheet).c_str());
  for (std::size_t c = 0; c < table.headers.size(); ++c) {
    const auto col = static_cast<lxw_col_t>(c);
    worksheet_write_string(sheet, 0, col, table.headers[c].c_str(), header);
    worksheet_set_column(sheet, col, col, 18, nullptr);
  }
  worksheet_freeze_panes(sheet, 1, 0);
  lxw_row_t row = 1;
  for (const auto& r : table.rows) {
    for (std::size_t c = 0; c < r.size(); ++c) {
      worksheet_write_string(sheet, row, static_cast<lxw_col_t>(c), r[c].c_str(), nullptr);
    }
    ++row;
  }
  const lxw_error rc = workbook_close(wb);
  std::string bytes;
  if (rc == LXW_NO_ERROR) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    bytes = out.str();
  }
  std::filesystem::remove(path);
  if (rc != LXW_NO_ERROR) {
    return fail(Error::storage(std::string("cannot write the workbook: ") + lxw_strerror(rc)));
  }
  return bytes;
}

}  // namespace hotline
