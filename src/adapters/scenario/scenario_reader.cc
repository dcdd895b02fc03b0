#include <algorithm>
#include <set>

#include "adapters/json/json_reader.h"
#include "adapters/scenario/scenario.h"
#include "application/command_table.h"

namespace hotline {

Result<std::vector<ScenarioStep>> parse_scenario(std::string_view text,
                                                 std::string_view file_name) {
  std::vector<ScenarioStep> steps;
  std::set<std::string> refs;
  int line_no = 0;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    ++line_no;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    while (!line.empty() && line.front() == ' ') line.remove_prefix(1);
    if (line.empty() || line.front() == '#') {
      if (end == text.size()) break;
      continue;
    }
    auto where = [&](const Error& e) {
      Error out = e;
      out.field = std::string(file_name) + ":" + std::to_string(line_no) +
                  (e.field.empty() ? "" : ": " + e.field);
      out.message = std::string(file_name) + ":" + std::to_string(line_no) + ": " + e.message;
      return out;
    };
    auto json = parse_json(line);
    if (!json) return fail(where(json.error()));
    JsonReader r(*json, "");
    ScenarioStep step;
    step.line = line_no;
    step.at = r.instant("at");
    step.action = r.string("do", true);
    step.target = r.string("on");
    step.by = r.string("by");
    step.reason = r.string("reason");
    step.ref = r.string("ref");
    step.expected_version = r.integer("expected_version");
    if (const auto* args = r.object("args")) step.args = *args;
    if (json->contains("expect")) step.expect = (*json)["expect"];
    (void)r.string("note");
    r.allow("expect");
    if (auto st = r.finish(); !st) return fail(where(st.error()));
    const bool known = step.action == "check" ||
                       std::find(command_names().begin(), command_names().end(), step.action) !=
                           command_names().end();
    if (!known) {
      return fail(where(Error::invalid("do", "unknown action '" + step.action + "'", "未知操作")));
    }
    if (!step.ref.empty()) {
      if (step.action != "register") {
        return fail(
            where(Error::invalid("ref", "only a register line names a ref", "只有登记可以命名")));
      }
      if (!refs.insert(step.ref).second) {
        return fail(where(Error::invalid("ref", "ref used twice: " + step.ref, "重复命名")));
      }
    }
    steps.push_back(std::move(step));
    if (end == text.size()) break;
  }
  return steps;
}

}  // namespace hotline
