#pragma once
// A list as shown on a screen, as an Excel workbook (issue 11: "Excel export
// of what is shown"): one sheet, a bold header row, text cells kept exactly
// (UTF-8 beyond the BMP such as 𠮷 included), columns sized to the header.

#include <string>
#include <vector>

#include "core/result.h"

namespace hotline {

struct Table {
  std::string sheet;  // the sheet's name (≤ 31 characters; Excel's limit)
  std::vector<std::string> headers;
  std::vector<std::vector<std::string>> rows;
};

// The .xlsx file's bytes.
Result<std::string> table_to_xlsx(const Table& table);

}  // namespace hotline
