#include "adapters/classifier/lexicon_file.h"

#include <fstream>

#include "core/text.h"

namespace hotline::ml {

Result<std::vector<LexiconEntry>> read_lexicon(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail(Error::invalid(path, "cannot read " + path, "无法读取词表 " + path));
  std::vector<LexiconEntry> entries;
  std::string line;
  std::size_t line_no = 0;
  while (std::getline(in, line)) {
    ++line_no;
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line_no == 1) {
      if (line.rfind("label\tpattern", 0) != 0) {
        return fail(Error::invalid(path + ":1", "expected the header label<TAB>pattern<TAB>note",
                                   "表头应为 label、pattern、note"));
      }
      continue;
    }
    if (trim(line).empty() || line[0] == '#') continue;
    const std::string where = path + ":" + std::to_string(line_no);
    const auto tab = line.find('\t');
    if (tab == std::string::npos) {
      return fail(Error::invalid(where, "expected label<TAB>pattern", "应为“类别<TAB>词条”"));
    }
    const auto end = line.find('\t', tab + 1);
    const std::string label(trim(line.substr(0, tab)));
    const std::string pattern(
        trim(line.substr(tab + 1, end == std::string::npos ? std::string::npos : end - tab - 1)));
    if (!is_valid_utf8(line)) {
      return fail(Error::invalid(where, "not valid UTF-8", "不是有效的 UTF-8 文本"));
    }
    auto entry = make_lexicon_entry(label, pattern);
    if (!entry) {
      Error e = entry.error();
      e.field = where;
      return fail(e);
    }
    entries.push_back(std::move(*entry));
  }
  return entries;
}

namespace {

template <typename Rules>
Result<Rules> load_rules(const std::string& path) {
  auto entries = read_lexicon(path);
  if (!entries) return fail(entries.error());
  auto rules = Rules::create(std::move(*entries));
  if (!rules) {
    Error e = rules.error();
    e.field = path;
    return fail(e);
  }
  return rules;
}

}  // namespace

Result<UrgencyRules> load_urgency_rules(const std::string& path) {
  return load_rules<UrgencyRules>(path);
}

Result<RequestTypeRules> load_request_type_rules(const std::string& path) {
  return load_rules<RequestTypeRules>(path);
}

}  // namespace hotline::ml
