#include "adapters/open311/query.h"

#include "adapters/open311/w3c_time.h"
#include "core/text.h"

namespace hotline::open311 {
namespace {

// Every value of `name`, split at commas, trimmed, empty ones dropped.
std::vector<std::string> list_argument(const Query& query, const std::string& name) {
  std::vector<std::string> out;
  auto [begin, end] = query.equal_range(name);
  for (auto it = begin; it != end; ++it) {
    std::string_view rest = it->second;
    while (!rest.empty()) {
      const std::size_t comma = rest.find(',');
      const std::string_view item = trim(rest.substr(0, comma));
      if (!item.empty()) out.emplace_back(item);
      if (comma == std::string_view::npos) break;
      rest.remove_prefix(comma + 1);
    }
  }
  return out;
}

}  // namespace

std::string argument(const Query& query, const std::string& name) {
  auto it = query.find(name);
  return it == query.end() ? std::string() : std::string(trim(it->second));
}

Status check_arguments(const Query& query, const std::set<std::string>& allowed) {
  static const std::set<std::string> kList{"service_request_id", "service_code", "status"};
  for (auto it = query.begin(); it != query.end(); it = query.upper_bound(it->first)) {
    const std::string& name = it->first;
    if (name != "api_key" && name != "jurisdiction_id" && !allowed.count(name)) {
      return fail(Error::invalid(name, "not an argument of this method", "不是该接口的参数"));
    }
    if (!is_valid_utf8(it->second)) {
      return fail(Error::invalid(name, "not valid UTF-8", "不是有效的 UTF-8 文本"));
    }
    if (!kList.count(name) && query.count(name) > 1) {
      return fail(Error::invalid(name, "given more than once", "重复提交"));
    }
  }
  return {};
}

Result<RequestsQuery> parse_requests_query(const Query& query, const Catalog& catalog,
                                           Instant now) {
  if (auto st = check_arguments(query, {"service_request_id", "service_code", "start_date",
                                        "end_date", "status", "phone"});
      !st) {
    return fail(st.error());
  }
  RequestsQuery q;
  q.ids = list_argument(query, "service_request_id");
  if (q.ids.size() > kMaxRequests) {
    return fail(Error::invalid("service_request_id",
                               "at most " + std::to_string(kMaxRequests) + " ids at once",
                               "一次最多查询" + std::to_string(kMaxRequests) + "个编号"));
  }
  if (!q.ids.empty()) return q;  // "This overrides all other arguments."

  for (auto& code : list_argument(query, "service_code")) {
    if (!catalog.find(code)) {
      return fail(Error::invalid("service_code", "unknown service code " + code.substr(0, 64),
                                 "服务代码不存在：" + code.substr(0, 64)));
    }
    q.service_codes.push_back(std::move(code));
  }
  for (auto& status : list_argument(query, "status")) {
    if (status != "open" && status != "closed") {
      return fail(Error::invalid("status", "one of open, closed", "应为 open 或 closed"));
    }
    q.statuses.insert(std::move(status));
  }
  const std::string start = argument(query, "start_date");
  const std::string end = argument(query, "end_date");
  std::optional<Instant> from, to;
  if (!start.empty()) {
    auto t = parse_w3c_datetime(start, "start_date");
    if (!t) return fail(t.error());
    from = *t;
  }
  if (!end.empty()) {
    auto t = parse_w3c_datetime(end, "end_date");
    if (!t) return fail(t.error());
    to = *t;
  }
  if (from && to) {
    if (*to < *from) {
      return fail(Error::invalid("end_date", "is before start_date", "早于 start_date"));
    }
    if (*to - *from > kMaxSpan) {
      return fail(Error::invalid("end_date", "the range may not span more than 90 days",
                                 "查询范围不得超过90天"));
    }
  } else if (from) {
    to = *from + kMaxSpan;
  } else if (to) {
    from = *to - kMaxSpan;
  } else {
    to = now;
    from = now - kMaxSpan;
  }
  q.from = *from;
  q.to = *to;
  return q;
}

}  // namespace hotline::open311
