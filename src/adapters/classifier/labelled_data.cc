#include "adapters/classifier/labelled_data.h"

#include <fstream>
#include <map>
#include <optional>

#include "core/text.h"

namespace hotline::ml {
namespace {

std::vector<std::string> split_tabs(const std::string& line) {
  std::vector<std::string> fields;
  std::size_t start = 0;
  while (true) {
    const auto tab = line.find('\t', start);
    if (tab == std::string::npos) {
      fields.push_back(line.substr(start));
      return fields;
    }
    fields.push_back(line.substr(start, tab - start));
    start = tab + 1;
  }
}

std::string one_line(std::string s) {
  for (auto& c : s) {
    if (c == '\t' || c == '\n' || c == '\r') c = ' ';
  }
  return s;
}

}  // namespace

Result<std::vector<LabelledText>> read_labelled_tsv(const std::string& path,
                                                    const std::string& label_column) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return fail(Error::invalid(path, "cannot read " + path, "无法读取文件 " + path));
  }
  std::string line;
  if (!std::getline(in, line)) {
    return fail(
        Error::invalid(path + ":1", "empty file, expected a header line", "文件为空，缺少表头"));
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (line.rfind("\xEF\xBB\xBF", 0) == 0) line.erase(0, 3);  // byte order mark
  std::map<std::string, std::size_t> column;
  const auto header = split_tabs(line);
  for (std::size_t i = 0; i < header.size(); ++i) column[header[i]] = i;
  auto find = [&](const std::string& name) -> std::optional<std::size_t> {
    auto it = column.find(name);
    if (it == column.end()) return std::nullopt;
    return it->second;
  };
  const auto text_col = find("text");
  const auto subject_col = find("subject");
  const auto detail_col = find("detail");
  const auto label_col = find(label_column);
  if (!label_col) {
    return fail(Error::invalid(path + ":1", "no column named '" + label_column + "'",
                               "表头中没有“" + label_column + "”列"));
  }
  if (!text_col && !subject_col && !detail_col) {
    return fail(Error::invalid(path + ":1", "no text, subject or detail column",
                               "表头中没有 text、subject 或 detail 列"));
  }
  std::vector<LabelledText> rows;
  std::size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.empty()) continue;
    const std::string where = path + ":" + std::to_string(line_no);
    const auto fields = split_tabs(line);
    if (fields.size() != header.size()) {
      return fail(Error::invalid(where,
                                 "expected " + std::to_string(header.size()) + " fields, found " +
                                     std::to_string(fields.size()),
                                 "字段数应为 " + std::to_string(header.size()) + "，实际为 " +
                                     std::to_string(fields.size())));
    }
    LabelledText row;
    if (text_col) row.text = fields[*text_col];
    if (subject_col && !fields[*subject_col].empty()) {
      row.text += (row.text.empty() ? "" : " ") + fields[*subject_col];
    }
    if (detail_col && !fields[*detail_col].empty()) {
      row.text += (row.text.empty() ? "" : " ") + fields[*detail_col];
    }
    row.label = std::string(trim(fields[*label_col]));
    row.source = where;
    if (!is_valid_utf8(row.text) || !is_valid_utf8(row.label)) {
      return fail(Error::invalid(where, "not valid UTF-8", "不是有效的 UTF-8 文本"));
    }
    if (trim(row.text).empty()) {
      return fail(Error::invalid(where, "empty text", "文本为空"));
    }
    if (row.label.empty() || row.label.find(' ') != std::string::npos) {
      return fail(Error::invalid(where, "empty label or label with a space", "标签为空或含有空格"));
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Status write_labelled_tsv(const std::string& path, const std::vector<LabelledText>& rows) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) return fail(Error::invalid(path, "cannot write " + path, "无法写入文件 " + path));
  out << "text\tlabel\n";
  for (const auto& r : rows) out << one_line(r.text) << '\t' << one_line(r.label) << '\n';
  out.flush();
  if (!out) return fail(Error::storage("writing " + path + " failed"));
  return {};
}

}  // namespace hotline::ml
