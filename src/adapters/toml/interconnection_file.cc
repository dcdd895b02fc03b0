#include "adapters/toml/interconnection_file.h"

#include <fstream>
#include <sstream>

#include "adapters/toml/toml_document.h"
#include "core/policy/duration.h"

namespace hotline {
namespace {

// A clock period ("30 seconds" is not a PolicyDuration; minutes upwards are).
Result<Seconds> clock_period(const toml::node& n, std::string_view file, std::string_view key) {
  const auto* s = n.as_string();
  if (s == nullptr) {
    return fail(file_error(file, line_of(n),
                           std::string(key) + ": expected a period such as \"5 minutes\"",
                           std::string(key) + "：应为时长，例如 \"5 minutes\""));
  }
  auto d = parse_policy_duration(s->get());
  if (!d)
    return fail(file_error(file, line_of(n), std::string(key) + ": " + d.error().message,
                           std::string(key) + "：" + d.error().message_zh));
  Seconds unit{0};
  switch (d->unit) {
    case PolicyDuration::Unit::kMinutes:
      unit = Seconds{60};
      break;
    case PolicyDuration::Unit::kHours:
      unit = Seconds{3600};
      break;
    case PolicyDuration::Unit::kCalendarDays:
      unit = Seconds{86400};
      break;
    default:
      return fail(file_error(file, line_of(n), std::string(key) + ": minutes, hours or days only",
                             std::string(key) + "：仅可使用分钟、小时或天"));
  }
  if (d->amount <= 0) {
    return fail(file_error(file, line_of(n), std::string(key) + ": must be more than 0",
                           std::string(key) + "：须大于0"));
  }
  return unit * d->amount;
}

Result<std::int64_t> positive_int(const toml::table& t, std::string_view key,
                                  std::string_view file) {
  const toml::node* n = t.get(key);
  if (n == nullptr || !n->is_integer() || n->as_integer()->get() <= 0 ||
      n->as_integer()->get() > 1000) {
    return fail(file_error(file, n ? line_of(*n) : 1,
                           std::string(key) + ": required, a whole number from 1 to 1000",
                           std::string(key) + "：必填，1至1000的整数"));
  }
  return n->as_integer()->get();
}

}  // namespace

Result<WebhookSchedule> parse_interconnection(std::string_view text, std::string_view file) {
  auto root = parse_toml_document(text, file);
  if (!root) return fail(root.error());
  const toml::table* t = (*root)["webhooks"].as_table();
  if (t == nullptr) {
    return fail(file_error(file, 1, "[webhooks]: required", "[webhooks]：必填"));
  }
  for (const auto& [key, node] : *t) {
    static constexpr std::string_view kKeys[] = {"article",       "retry_backoff", "max_attempts",
                                                 "replay_window", "timeout",       "note"};
    bool known = false;
    for (auto k : kKeys) known = known || key.str() == k;
    if (!known) {
      return fail(file_error(file, line_of(node),
                             "webhooks." + std::string(key.str()) + ": unknown key",
                             "webhooks." + std::string(key.str()) + "：未知配置项"));
    }
  }
  WebhookSchedule s;
  const auto* article = t->get_as<std::string>("article");
  if (article == nullptr || article->get().empty()) {
    return fail(file_error(file, 1, "webhooks.article: required", "webhooks.article：必填"));
  }
  s.article = article->get();
  const auto* backoff = t->get_as<toml::array>("retry_backoff");
  if (backoff == nullptr || backoff->empty()) {
    return fail(file_error(file, 1, "webhooks.retry_backoff: a list of periods is required",
                           "webhooks.retry_backoff：须为时长列表"));
  }
  for (const auto& n : *backoff) {
    auto p = clock_period(n, file, "webhooks.retry_backoff");
    if (!p) return fail(p.error());
    s.backoff.push_back(*p);
  }
  auto attempts = positive_int(*t, "max_attempts", file);
  if (!attempts) return fail(attempts.error());
  s.max_attempts = static_cast<int>(*attempts);
  for (auto [key, out] :
       {std::pair{"replay_window", &s.replay_window}, std::pair{"timeout", &s.timeout}}) {
    const toml::node* n = t->get(key);
    if (n == nullptr) {
      return fail(file_error(file, 1, std::string("webhooks.") + key + ": required",
                             std::string("webhooks.") + key + "：必填"));
    }
    auto p = clock_period(*n, file, std::string("webhooks.") + key);
    if (!p) return fail(p.error());
    *out = *p;
  }
  return s;
}

Result<WebhookSchedule> load_interconnection_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    return fail(file_error(file.string(), 1, "cannot open the file", "无法打开配置文件"));
  }
  std::ostringstream text;
  text << in.rdbuf();
  return parse_interconnection(text.str(), file.string());
}

}  // namespace hotline
