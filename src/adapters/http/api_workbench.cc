#include "adapters/http/api_workbench.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include "core/engine/deadlines.h"

namespace hotline::http {
namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxScan = 20000;  // work orders one list looks at, at most
// Rows in one answer: a unit's whole inbox of 5,000 fits in one page, which
// the web application shows in a virtual list (issue 11).
constexpr std::size_t kMaxPage = 5000;

HttpResponse unauthenticated() {
  return HttpResponse::error(401, "unauthenticated", "log in or present an API key",
                             "请先登录或提供接口密钥");
}

HttpResponse forbidden() {
  return HttpResponse::error(403, "forbidden", "this list is for the office's and units' staff",
                             "无权查看此列表");
}

std::string unit_name(const Organisation& org, const std::string& id) {
  if (id.empty()) return {};
  const Unit* u = org.find(id);
  return u ? u->name : id;
}

std::optional<std::size_t> number_param(const HttpRequest& r, const char* name) {
  auto v = r.param(name);
  if (!v) return std::nullopt;
  if (v->empty() || v->size() > 9 || !std::all_of(v->begin(), v->end(), ::isdigit)) {
    return std::nullopt;
  }
  return static_cast<std::size_t>(std::stoul(*v));
}

std::string short_text(const std::string& s, std::size_t max_code_points) {
  std::size_t i = 0, n = 0;
  while (i < s.size() && n < max_code_points) {
    const auto c = static_cast<unsigned char>(s[i]);
    i += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    ++n;
  }
  return i >= s.size() ? s : s.substr(0, i) + "…";
}

// What a list shows of a request: its subject, else its first item or detail.
// A confidential request's text is shown to the office only (M14).
std::string subject_of(const RequestState& r, const Actor& actor) {
  if (r.details.confidential && !is_office_role(actor.role)) return "（保密事项）";
  if (!r.details.subject.empty()) return r.details.subject;
  if (!r.details.items.empty() && !r.details.items.front().text.empty()) {
    return short_text(r.details.items.front().text, 40);
  }
  return short_text(r.details.detail, 40);
}

// The queues of the screens; each is a predicate on the folded state.
enum class Queue {
  kAll,
  kOpen,
  kReturnPending,
  kExtensionPending,
  kAppealPending,
  kAwaitingRedispatch,
  kToVisit,
  kSupervision,
  kClosed
};

std::optional<Queue> parse_queue(std::string_view q) {
  static const std::pair<std::string_view, Queue> kQueues[] = {
      {"all", Queue::kAll},
      {"open", Queue::kOpen},
      {"return-pending", Queue::kReturnPending},
      {"extension-pending", Queue::kExtensionPending},
      {"appeal-pending", Queue::kAppealPending},
      {"awaiting-redispatch", Queue::kAwaitingRedispatch},
      {"to-visit", Queue::kToVisit},
      {"supervision", Queue::kSupervision},
      {"closed", Queue::kClosed}};
  for (const auto& [name, queue] : kQueues) {
    if (name == q) return queue;
  }
  return std::nullopt;
}

// The status the store can filter on for a queue, if one.
std::optional<WorkOrderStatus> status_of(Queue q) {
  switch (q) {
    case Queue::kReturnPending:
      return WorkOrderStatus::kReturnPending;
    case Queue::kAwaitingRedispatch:
      return WorkOrderStatus::kAwaitingRedispatch;
    case Queue::kToVisit:
      return WorkOrderStatus::kReplied;
    case Queue::kClosed:
      return WorkOrderStatus::kClosed;
    default:
      return std::nullopt;
  }
}

struct Watch {
  Stage stage;
  Instant start;
  Deadline due;
};

// The deadlines a work order runs against now (as the deadline sweep sees them).
std::vector<Watch> running_deadlines(const WorkOrderState& s) {
  std::vector<Watch> w;
  if (s.status == WorkOrderStatus::kDispatched) {
    w.push_back({Stage::kAccept, s.dispatched_at, s.accept_due});
  }
  const bool handling =
      s.status == WorkOrderStatus::kDispatched || s.status == WorkOrderStatus::kAccepted ||
      s.status == WorkOrderStatus::kHandlingAgain || s.status == WorkOrderStatus::kReturnPending;
  if (handling && s.handle_due) w.push_back({Stage::kHandle, s.handle_started_at, *s.handle_due});
  return w;
}

const char* stage_zh(Stage s) {
  switch (s) {
    case Stage::kAccept:
      return "接单";
    case Stage::kHandle:
      return "办理";
    default:
      return "时限";
  }
}

class Lister {
 public:
  Lister(const WorkbenchApi& api, const HttpRequest& request) : api_(api), request_(request) {}

  const RequestState* request_of(const std::string& number) {
    auto it = requests_.find(number);
    if (it == requests_.end()) {
      auto r = api_.engine.request(number);
      it = requests_.emplace(number, r ? std::optional<RequestState>(*r) : std::nullopt).first;
    }
    return it->second ? &*it->second : nullptr;
  }

  const WorkOrderState* state_of(const std::string& id) {
    auto it = states_.find(id);
    if (it == states_.end()) {
      auto s = api_.engine.work_order(id);
      it = states_.emplace(id, s ? std::optional<WorkOrderState>(*s) : std::nullopt).first;
    }
    return it->second ? &*it->second : nullptr;
  }

  std::string subject(const std::string& number) {
    const RequestState* r = request_of(number);
    return r ? subject_of(*r, *request_.actor) : std::string();
  }

  bool in_queue(Queue q, const WorkOrderSummary& w, Instant now) {
    switch (q) {
      case Queue::kAll:
        return true;
      case Queue::kOpen:
        return w.status != WorkOrderStatus::kClosed;
      case Queue::kExtensionPending: {
        const auto* s = state_of(w.id);
        return s && s->pending_extension.has_value();
      }
      case Queue::kAppealPending: {
        const auto* s = state_of(w.id);
        return s && s->appeal == AppealStatus::kFiled;
      }
      case Queue::kSupervision: {
        if (w.status == WorkOrderStatus::kClosed) return false;
        if (w.overdue || w.supervised) return true;
        // Soon due: past the warning instant of a running deadline.
        const auto* s = state_of(w.id);
        if (!s) return false;
        const auto running = running_deadlines(*s);
        return std::any_of(running.begin(), running.end(),
                           [&](const Watch& d) { return now >= warn_at(*s, d); });
      }
      default:
        return true;  // filtered by status in the store
    }
  }

  Instant warn_at(const WorkOrderState& s, const Watch& d) const {
    double fraction = 0.2;
    if (auto p = api_.engine.policies().find(
            s.policy_profile.empty() ? api_.engine.policies().default_profile : s.policy_profile)) {
      fraction = (*p)->warning.remaining_fraction.value;
    }
    return warning_instant(d.start, d.due.due, fraction);
  }

  json row(const WorkOrderSummary& w) {
    json deadlines = json::array();
    json pending = json::object();
    std::string appeal = "none";
    if (const auto* s = state_of(w.id)) {
      for (const auto& d : running_deadlines(*s)) {
        deadlines.push_back({{"stage", std::string(to_string(d.stage))},
                             {"stage_zh", stage_zh(d.stage)},
                             {"due", format_iso8601(d.due.due)},
                             {"warn_at", format_iso8601(warn_at(*s, d))},
                             {"article", d.due.article},
                             {"rule", d.due.rule}});
      }
      pending = {{"return", s->pending_return.has_value()},
                 {"extension", s->pending_extension.has_value()}};
      appeal = std::string(to_string(s->appeal));
    }
    return {{"id", w.id},
            {"request", w.request},
            {"subject", subject(w.request)},
            {"status", std::string(to_string(w.status))},
            {"status_zh", std::string(to_chinese(w.status))},
            {"lead_unit", w.lead_unit},
            {"lead_unit_name", unit_name(api_.organisation, w.lead_unit)},
            {"handling_unit", w.handling_unit},
            {"handling_unit_name", unit_name(api_.organisation, w.handling_unit)},
            {"type", std::string(to_string(w.type))},
            {"type_zh", std::string(to_chinese(w.type))},
            {"urgency", std::string(to_string(w.urgency))},
            {"urgency_zh", std::string(to_chinese(w.urgency))},
            {"dispatched_at", format_iso8601(w.dispatched_at)},
            {"accept_due", w.accept_due ? json(format_iso8601(*w.accept_due)) : json()},
            {"handle_due", w.handle_due ? json(format_iso8601(*w.handle_due)) : json()},
            {"deadlines", deadlines},
            {"pending", pending},
            {"appeal", appeal},
            {"overdue", w.overdue},
            {"supervised", w.supervised},
            {"version", w.version}};
  }

 private:
  const WorkbenchApi& api_;
  const HttpRequest& request_;
  std::map<std::string, std::optional<RequestState>> requests_;
  std::map<std::string, std::optional<WorkOrderState>> states_;
};

HttpResponse xlsx_response(const WorkbenchApi& api, const ExportTable& table,
                           const std::string& file) {
  auto bytes = api.to_xlsx(table);
  if (!bytes) return HttpResponse::error(bytes.error());
  auto r = HttpResponse::text(200, std::move(*bytes),
                              "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  // RFC 6266: an ASCII fallback and the UTF-8 name.
  r.headers["Content-Disposition"] = "attachment; filename=\"" + file + ".xlsx\"";
  return r;
}

std::optional<Instant> earliest_due(const WorkOrderSummary& w) {
  if (w.accept_due && w.handle_due) return std::min(*w.accept_due, *w.handle_due);
  if (w.accept_due) return w.accept_due;
  return w.handle_due;
}

HttpResponse list_work_orders(const WorkbenchApi& api, const HttpRequest& request) {
  if (!request.actor) return unauthenticated();
  const Actor& actor = *request.actor;
  if (actor.role == Role::kApplicant || actor.role == Role::kApiClient) return forbidden();
  Queue queue = Queue::kAll;
  if (auto q = request.param("queue")) {
    auto parsed = parse_queue(*q);
    if (!parsed) {
      return HttpResponse::error(Error::invalid(
          "queue",
          "unknown queue " + q->substr(0, 40) +
              "; one of all, open, return-pending, extension-pending, appeal-pending, "
              "awaiting-redispatch, to-visit, supervision, closed",
          "队列无效"));
    }
    queue = *parsed;
  }
  for (const char* name : {"limit", "offset"}) {
    if (request.param(name) && !number_param(request, name)) {
      return HttpResponse::error(Error::invalid(name, "not a number", "应为数字"));
    }
  }
  const std::size_t limit =
      std::min<std::size_t>(number_param(request, "limit").value_or(50), kMaxPage);
  const std::size_t offset = number_param(request, "offset").value_or(0);
  const std::string sort = request.param("sort").value_or("due");
  if (sort != "due" && sort != "dispatched" && sort != "-dispatched") {
    return HttpResponse::error(
        Error::invalid("sort", "one of due, dispatched, -dispatched", "排序方式无效"));
  }

  WorkOrderFilter filter;
  filter.limit = kMaxScan;
  filter.status = status_of(queue);
  if (auto status = request.param("status"); status && !status->empty()) {
    auto s = parse_work_order_status(*status);
    if (!s) return HttpResponse::error(Error::invalid("status", "unknown status", "状态无效"));
    filter.status = *s;
  }
  if (auto overdue = request.param("overdue"); overdue && !overdue->empty()) {
    filter.overdue = *overdue == "true";
  }
  if (auto unit = request.param("unit"); unit && !unit->empty()) filter.unit = *unit;
  if (!is_unit_role(actor.role) && !is_office_role(actor.role) && actor.role != Role::kAnalyst) {
    return forbidden();
  }
  // A unit lists its own work orders and those of the units below it; a
  // unit outside those is "not found" (the use case scopes the filter).
  auto rows = api.work_orders.list(Caller{actor, request.remote, ""}, filter);
  if (!rows) return HttpResponse::error(rows.error());

  Lister lister(api, request);
  const Instant now = api.clock.now();
  const std::string q = request.param("q").value_or("");
  std::vector<WorkOrderSummary> shown;
  for (const auto& w : *rows) {
    if (!lister.in_queue(queue, w, now)) continue;
    if (!q.empty() && w.id.find(q) == std::string::npos &&
        lister.subject(w.request).find(q) == std::string::npos) {
      continue;
    }
    shown.push_back(w);
  }
  std::stable_sort(shown.begin(), shown.end(), [&](const auto& a, const auto& b) {
    if (sort == "dispatched") return a.dispatched_at < b.dispatched_at;
    if (sort == "-dispatched") return a.dispatched_at > b.dispatched_at;
    const auto da = earliest_due(a), db = earliest_due(b);
    if (da && db) return *da < *db;
    return da.has_value() && !db.has_value();
  });

  if (request.param("format").value_or("") == "xlsx") {
    ExportTable table{"工单",
                      {"工单编号", "诉求编号", "诉求主题", "状态", "主办单位", "承办部门", "类型",
                       "紧急程度", "派单时间", "接单时限", "办理时限", "已超时", "已督办"},
                      {}};
    for (const auto& w : shown) {
      table.rows.push_back(
          {w.id, w.request, lister.subject(w.request), std::string(to_chinese(w.status)),
           unit_name(api.organisation, w.lead_unit), unit_name(api.organisation, w.handling_unit),
           std::string(to_chinese(w.type)), std::string(to_chinese(w.urgency)),
           format_iso8601(w.dispatched_at), w.accept_due ? format_iso8601(*w.accept_due) : "",
           w.handle_due ? format_iso8601(*w.handle_due) : "", w.overdue ? "是" : "否",
           w.supervised ? "是" : "否"});
    }
    return xlsx_response(api, table, "work-orders");
  }

  json items = json::array();
  for (std::size_t i = offset; i < shown.size() && i < offset + limit; ++i) {
    items.push_back(lister.row(shown[i]));
  }
  json out = {
      {"items", items},   {"total", shown.size()},      {"limit", limit},
      {"offset", offset}, {"now", format_iso8601(now)}, {"truncated", rows->size() >= kMaxScan}};
  return HttpResponse::json(200, out.dump());
}

int urgency_rank(Urgency u) {
  switch (u) {
    case Urgency::kLifeSafety:
      return 0;
    case Urgency::kUtilities:
      return 1;
    default:
      return 2;
  }
}

HttpResponse list_requests(const WorkbenchApi& api, const HttpRequest& request) {
  if (!request.actor) return unauthenticated();
  if (!is_office_role(request.actor->role)) return forbidden();
  auto waiting = api.queue.waiting();
  std::stable_sort(waiting.begin(), waiting.end(), [](const auto& a, const auto& b) {
    const int ua = urgency_rank(a.details.urgency), ub = urgency_rank(b.details.urgency);
    if (ua != ub) return ua < ub;
    return a.registered_at < b.registered_at;
  });
  const Instant now = api.clock.now();
  if (request.param("format").value_or("") == "xlsx") {
    ExportTable table{
        "待派单",
        {"诉求编号", "诉求主题", "状态", "类型", "紧急程度", "区", "登记时间", "派单时限"},
        {}};
    for (const auto& r : waiting) {
      table.rows.push_back(
          {r.number, subject_of(r, *request.actor), std::string(to_chinese(r.status)),
           std::string(to_chinese(r.details.type)), std::string(to_chinese(r.details.urgency)),
           unit_name(api.organisation, r.details.location.district),
           format_iso8601(r.registered_at),
           r.dispatch_due ? format_iso8601(r.dispatch_due->due) : ""});
    }
    return xlsx_response(api, table, "requests");
  }
  const std::size_t limit = std::min<std::size_t>(number_param(request, "limit").value_or(50), 500);
  const std::size_t offset = number_param(request, "offset").value_or(0);
  json items = json::array();
  for (std::size_t i = offset; i < waiting.size() && i < offset + limit; ++i) {
    const auto& r = waiting[i];
    json categories = json::array();
    for (const auto& item : r.details.items) categories.push_back(item.category);
    items.push_back(
        {{"number", r.number},
         {"status", std::string(to_string(r.status))},
         {"status_zh", std::string(to_chinese(r.status))},
         {"subject", subject_of(r, *request.actor)},
         {"detail", short_text(r.details.detail, 200)},
         {"items", r.details.items.size()},
         {"categories", categories},
         {"type", std::string(to_string(r.details.type))},
         {"type_zh", std::string(to_chinese(r.details.type))},
         {"urgency", std::string(to_string(r.details.urgency))},
         {"urgency_zh", std::string(to_chinese(r.details.urgency))},
         {"channel_zh", std::string(to_chinese(r.details.channel))},
         {"district", r.details.location.district},
         {"district_name", unit_name(api.organisation, r.details.location.district)},
         {"registered_at", format_iso8601(r.registered_at)},
         {"waiting_seconds",
          std::chrono::duration_cast<std::chrono::seconds>(now - r.registered_at).count()},
         {"dispatch_due", r.dispatch_due ? json{{"due", format_iso8601(r.dispatch_due->due)},
                                                {"article", r.dispatch_due->article}}
                                         : json()}});
  }
  return HttpResponse::json(
      200, json{{"items", items}, {"total", waiting.size()}, {"now", format_iso8601(now)}}.dump());
}

HttpResponse list_units(const WorkbenchApi& api, const HttpRequest& request) {
  if (!request.actor) return unauthenticated();
  json items = json::array();
  for (const auto& u : api.organisation.units()) {
    items.push_back(
        {{"id", u.id},
         {"name", u.name},
         {"kind", std::string(to_string(u.kind))},
         {"kind_zh", std::string(to_chinese(u.kind))},
         {"parent", u.parent ? json(*u.parent) : json()},
         {"parent_name", u.parent ? json(unit_name(api.organisation, *u.parent)) : json()},
         {"district", u.district},
         {"policy_profile", u.policy_profile},
         {"undertaking", u.is_undertaking()},
         {"active", u.active}});
  }
  return HttpResponse::json(200, json{{"items", items}, {"total", items.size()}}.dump());
}

// The TOML files of a data folder, read-only (their comments cite the articles).
HttpResponse list_files(const std::filesystem::path& dir) {
  json items = json::array();
  std::error_code ec;
  std::vector<std::filesystem::path> files;
  for (const auto& e : std::filesystem::directory_iterator(dir, ec)) {
    if (e.path().extension() == ".toml") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    items.push_back({{"name", f.filename().string()}, {"text", text.str()}});
  }
  return HttpResponse::json(200, json{{"items", items}, {"total", items.size()}}.dump());
}

}  // namespace

void add_workbench_routes(Router& router, const WorkbenchApi& api) {
  router.add({"GET", "/api/v1/directory/units",
              [&api](const HttpRequest& r, const PathParams&) { return list_units(api, r); },
              "Units with names, kinds and parents (the district/street hierarchy)"});
  router.add({"GET", "/api/v1/directory/policies",
              [&api](const HttpRequest& r, const PathParams&) {
                if (!r.actor) return unauthenticated();
                if (!is_office_role(r.actor->role) && r.actor->role != Role::kAnalyst)
                  return forbidden();
                return list_files(api.data_dir / "policies");
              },
              "Policy profiles, read-only, with their articles"});
  router.add({"GET", "/api/v1/directory/calendar",
              [&api](const HttpRequest& r, const PathParams&) {
                if (!r.actor) return unauthenticated();
                return list_files(api.data_dir / "calendar");
              },
              "The working-day calendar (holidays and adjusted working days), read-only"});
  router.add({"GET", "/api/v1/workbench/work-orders",
              [&api](const HttpRequest& r, const PathParams&) { return list_work_orders(api, r); },
              "Work orders for the screens: queue (open, return-pending, extension-pending, "
              "appeal-pending, awaiting-redispatch, to-visit, supervision, closed), unit, "
              "status, overdue, q, sort, limit, offset; total; format=xlsx exports"});
  router.add({"GET", "/api/v1/workbench/requests",
              [&api](const HttpRequest& r, const PathParams&) { return list_requests(api, r); },
              "Requests waiting for the office, by urgency then waiting time; format=xlsx"});
}

}  // namespace hotline::http
