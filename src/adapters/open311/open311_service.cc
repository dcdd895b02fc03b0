#include "adapters/open311/open311_service.h"

#include <algorithm>
#include <set>

#include "adapters/open311/encode.h"
#include "adapters/open311/open311_projection.h"
#include "adapters/open311/sha256.h"
#include "adapters/open311/w3c_time.h"
#include "adapters/sodium/intake_key.h"
#include "core/security/authenticator.h"
#include "core/text.h"
#include "core/work_order/request_progress.h"

namespace hotline::open311 {
namespace {

constexpr std::size_t kMaxIdempotencyKey = 255;
constexpr std::size_t kPage = 250;  // index rows read per round in GET requests

std::string describe(const Error& e) {
  std::string out = e.message;
  if (!e.article.empty()) out += " (" + e.article + ")";
  if (!e.message_zh.empty() && e.message_zh != e.message) out += "｜" + e.message_zh;
  return out;
}

Reply ok(Format f, std::string body) {
  Reply r;
  r.status = 200;
  r.content_type = content_type(f);
  r.body = std::move(body);
  return r;
}

// The engine names RequestDetails fields; the client knows the Open311 names.
Error with_open311_field(Error e) {
  static const std::pair<std::string_view, std::string_view> kNames[] = {
      {"detail", "description"},
      {"subject", "description"},
      {"items", "description"},
      {"applicant.phone", "phone"},
      {"applicant.name", "last_name"},
      {"applicant.email", "email"},
      {"applicant.source_account", "account_id"},
      {"location.address", "address_string"},
      {"location.district", "attribute[district]"},
      {"attachments", "media_url"},
  };
  for (const auto& [ours, theirs] : kNames) {
    if (e.field.rfind(ours, 0) == 0) {
      const std::string old = e.field;
      e.field = std::string(theirs);
      if (e.message.rfind(old, 0) == 0) e.message = e.field + e.message.substr(old.size());
      if (e.message_zh.rfind(old, 0) == 0) {
        e.message_zh = e.field + e.message_zh.substr(old.size());
      }
      break;
    }
  }
  return e;
}

Status check_jurisdiction(const Catalog& catalog, const Query& query) {
  const std::string id = argument(query, "jurisdiction_id");
  if (!catalog.accepts_jurisdiction(id)) {
    return fail(Error::not_found("jurisdiction_id " + id.substr(0, 100),
                                 "jurisdiction_id 不存在：" + id.substr(0, 100)));
  }
  return {};
}

bool valid_idempotency_key(std::string_view key) {
  if (key.empty() || key.size() > kMaxIdempotencyKey) return false;
  return std::all_of(key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7F; });
}

// The media type a client's media_url most likely has, from its extension.
std::string guess_media_type(std::string_view url) {
  std::string_view path = url.substr(0, url.find_first_of("?#"));
  const std::size_t dot = path.rfind('.');
  std::string ext;
  if (dot != std::string_view::npos) {
    for (char c : path.substr(dot + 1)) ext += static_cast<char>(std::tolower(c));
  }
  if (ext == "jpg" || ext == "jpeg") return "image/jpeg";
  if (ext == "png") return "image/png";
  if (ext == "gif") return "image/gif";
  if (ext == "webp") return "image/webp";
  if (ext == "mp4") return "video/mp4";
  if (ext == "mp3") return "audio/mpeg";
  if (ext == "amr") return "audio/amr";
  return "application/octet-stream";
}

std::string value_name(const Attribute& a, const std::string& key) {
  for (const auto& v : a.values) {
    if (v.key == key) return v.name;
  }
  return key;
}

// Checks the posted attributes against the service definition and applies
// them to `details`.
Status apply_attributes(const Service& service, const PostServiceRequest& posted,
                        RequestDetails& details) {
  for (const auto& p : posted.attributes) {
    const auto it = std::find_if(service.attributes.begin(), service.attributes.end(),
                                 [&](const Attribute& a) { return a.code == p.code; });
    if (it == service.attributes.end()) {
      return fail(Error::invalid("attribute[" + p.code.substr(0, 100) + "]",
                                 "not an attribute of service " + service.service_code,
                                 "不是服务 " + service.service_code + " 的属性"));
    }
  }
  for (const Attribute& a : service.attributes) {
    const std::string field = "attribute[" + a.code + "]";
    const auto it = std::find_if(posted.attributes.begin(), posted.attributes.end(),
                                 [&](const PostedAttribute& p) { return p.code == a.code; });
    if (it == posted.attributes.end() || it->values.empty()) {
      if (a.required) return fail(Error::invalid(field, "required", "必填"));
      continue;
    }
    if (!a.variable) {
      return fail(
          Error::invalid(field, "is information only and takes no value", "仅为说明，无需填写"));
    }
    const auto& values = it->values;
    if (values.size() > 1 && a.datatype != Datatype::kMultiValueList) {
      return fail(Error::invalid(field, "takes one value", "只能有一个取值"));
    }
    std::vector<std::string> shown;
    for (const auto& v : values) {
      switch (a.datatype) {
        case Datatype::kSingleValueList:
        case Datatype::kMultiValueList: {
          const bool known = std::any_of(a.values.begin(), a.values.end(),
                                         [&](const AttributeValue& av) { return av.key == v; });
          if (!known) {
            std::string keys;
            for (const auto& av : a.values) keys += (keys.empty() ? "" : ", ") + av.key;
            return fail(Error::invalid(field, "'" + v.substr(0, 100) + "' is not one of: " + keys,
                                       "取值无效，可选：" + keys));
          }
          shown.push_back(value_name(a, v));
          break;
        }
        case Datatype::kNumber:
          if (!parse_decimal(v)) {
            return fail(Error::invalid(field, "must be a number", "应为数字"));
          }
          shown.push_back(v);
          break;
        case Datatype::kDatetime: {
          auto t = parse_w3c_datetime(v, field);
          if (!t) return fail(t.error());
          shown.push_back(format_iso8601(*t));
          break;
        }
        case Datatype::kString:
          if (v.find_first_of("\r\n") != std::string::npos) {
            return fail(Error::invalid(field, "must be a single line", "应为单行文本"));
          }
          shown.push_back(v);
          break;
        case Datatype::kText:
          shown.push_back(v);
          break;
      }
    }
    const std::string& key = values.front();
    switch (a.target) {
      case AttributeTarget::kType:
        details.type = *parse_request_type(key);
        break;
      case AttributeTarget::kUrgency:
        details.urgency = *parse_urgency(key);
        break;
      case AttributeTarget::kDistrict:
        details.location.district = key;
        break;
      case AttributeTarget::kConfidential:
        details.confidential = key == "true";
        break;
      case AttributeTarget::kAnonymous:
        details.applicant.anonymous = key == "true";
        break;
      case AttributeTarget::kDetail: {
        std::string joined;
        for (const auto& s : shown) joined += (joined.empty() ? "" : "、") + s;
        details.detail += "\n【" + a.description + "】" + joined;
        break;
      }
    }
  }
  return {};
}

RequestDetails to_details(const Service& service, const PostServiceRequest& p, Channel channel) {
  RequestDetails d;
  d.channel = channel;
  d.type = *parse_request_type(service.default_request_type);
  d.subject = service.service_name;
  d.detail = trim(p.description).empty() ? "（未填写描述）" + service.service_name : p.description;
  d.applicant.name = p.last_name + p.first_name;  // family name first, as written in Chinese
  d.applicant.phone = p.phone;
  d.applicant.email = p.email;
  d.applicant.source_account = p.account_id;
  d.location.address = p.address_string;
  if (d.location.address.empty() && !p.address_id.empty()) {
    d.location.address = "地址编号 " + p.address_id;
  }
  if (d.location.address.empty() && p.lat) {
    d.location.address = "WGS84 " + format_coordinate(*p.lat) + "," + format_coordinate(*p.lon);
  }
  if (!p.media_url.empty()) {
    d.attachments.push_back({p.media_url, guess_media_type(p.media_url), "media_url", ""});
  }
  return d;
}

// Closed exactly when the request is concluded, as every door says
// (request_progress.h): a replied work order may still be sent back after
// the visit (VIS-2), so it is not closed yet.
bool is_closed(RequestState& request, const std::vector<WorkOrderState>& orders) {
  settle_request_status(request, orders);
  return request.status == RequestStatus::kConcluded;
}

}  // namespace

Open311Service::Open311Service(Engine& engine, WorkOrders& work_orders, const Catalog& catalog,
                               RequestIndex& index, IdempotencyStore& idempotency,
                               const Clock& clock, Options options)
    : engine_(engine),
      work_orders_(work_orders),
      catalog_(catalog),
      index_(index),
      idempotency_(idempotency),
      clock_(clock),
      options_(std::move(options)) {}

Reply Open311Service::error(Format format, int status, std::string description, int code) {
  Reply r;
  r.status = status;
  r.content_type = content_type(format);
  r.body = encode_errors({ApiError{code == 0 ? status : code, std::move(description)}}, format);
  return r;
}

Reply Open311Service::error(Format format, const Error& e) {
  switch (e.code) {
    case ErrorCode::kInvalidArgument:
      return error(format, 400, describe(e));
    case ErrorCode::kNotFound:
      return error(format, 404, describe(e));
    case ErrorCode::kForbidden:
      // A refusal by the permission table (SEC-2) is the spec's 403.
      return error(format, 403, describe(e));
    case ErrorCode::kRefused:
      return error(format, 400, describe(e));
    case ErrorCode::kConflict:
      return error(format, 400, describe(e), 409);
    case ErrorCode::kStorage:
      return error(format, 400,
                   "general service error: the store is unavailable; nothing was recorded, "
                   "retry later｜服务暂时不可用，未作记录，请稍后重试",
                   503);
    case ErrorCode::kPolicyInvalid:
    case ErrorCode::kInternal:
      break;
  }
  return error(format, 400, "general service error｜服务内部错误", 500);
}

Reply Open311Service::discovery(const Call& call) const {
  Discovery d = catalog_.discovery;
  if (!options_.base_url.empty()) {
    for (auto& e : d.endpoints) e.url = options_.base_url;
  }
  return ok(call.format, encode_discovery(d, call.format));
}

Reply Open311Service::services(const Call& call) const {
  if (auto st = check_arguments(call.query, {}); !st) return error(call.format, st.error());
  if (auto st = check_jurisdiction(catalog_, call.query); !st) {
    return error(call.format, st.error());
  }
  std::vector<const Service*> list;
  for (const auto& s : catalog_.services) list.push_back(&s);
  return ok(call.format, encode_services(list, call.format));
}

Reply Open311Service::service_definition(const Call& call, std::string_view code) const {
  if (auto st = check_arguments(call.query, {}); !st) return error(call.format, st.error());
  if (auto st = check_jurisdiction(catalog_, call.query); !st) {
    return error(call.format, st.error());
  }
  const Service* s = catalog_.find(code);
  if (!s) {
    const std::string shown(code.substr(0, 100));
    return error(call.format, 404,
                 "service_code " + shown + " not found｜服务代码不存在：" + shown);
  }
  return ok(call.format, encode_service_definition(*s, call.format));
}

Reply Open311Service::post_request(const Call& call) {
  const Format f = call.format;
  if (!call.actor) {
    return error(f, 403,
                 "api_key: missing or invalid API key -- can't create a service request｜"
                 "API 密钥缺失或无效");
  }
  // The spec's only "Format sent" is a form; it defines no JSON body.
  std::string_view type = call.content_type;
  type = trim(type.substr(0, type.find(';')));
  std::string lower;
  for (char c : type) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!lower.empty() && lower != "application/x-www-form-urlencoded") {
    return error(f, 400,
                 "Content-Type: POST requests takes application/x-www-form-urlencoded, not " +
                     std::string(type.substr(0, 100)) +
                     "｜请求体应为 application/x-www-form-urlencoded 表单");
  }
  const std::string charset_at = "charset=";
  if (auto pos = call.content_type.find(charset_at); pos != std::string::npos) {
    std::string charset;
    for (char c : call.content_type.substr(pos + charset_at.size())) {
      if (c == ';' || c == ' ') break;
      if (c != '"') charset += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    if (charset != "utf-8" && charset != "utf8") {
      return error(f, 400, "Content-Type: the charset must be utf-8｜字符集应为 UTF-8");
    }
  }
  auto fields = parse_form(call.body);
  if (!fields) return error(f, fields.error());
  if (auto st = check_arguments(call.query, {}); !st) return error(f, st.error());

  if (!call.idempotency_key) return post_request_once(call, *fields);

  // Idempotency-Key: same key, same request → the stored response.
  if (!valid_idempotency_key(*call.idempotency_key)) {
    return error(f, 400,
                 "Idempotency-Key: 1 to 255 visible ASCII characters｜幂等键应为1至255个可见 "
                 "ASCII 字符");
  }
  IdempotencyScope scope;
  scope.principal = call.actor->id;
  scope.key = *call.idempotency_key;
  scope.fingerprint = sha256_hex("POST\n" + call.path + "\n" + canonical_form(*fields));
  const Instant now = clock_.now();
  auto claim = idempotency_.claim(scope, now, options_.idempotency_stale_after);
  if (!claim) return error(f, claim.error());
  switch (claim->outcome) {
    case ClaimOutcome::kReplay: {
      Reply r;
      r.status = claim->response->status;
      r.content_type = claim->response->content_type;
      r.body = claim->response->body;
      r.headers["Idempotent-Replayed"] = "true";
      return r;
    }
    case ClaimOutcome::kMismatch:
      return error(f, 422,
                   "Idempotency-Key: this key was used for a different request; use a new "
                   "key｜该幂等键已用于另一请求，请使用新的幂等键");
    case ClaimOutcome::kInProgress:
      return error(f, 409,
                   "Idempotency-Key: a request with this key is still being processed; "
                   "retry later｜使用该幂等键的请求仍在处理中，请稍后重试");
    case ClaimOutcome::kClaimed:
      break;
  }
  Reply reply = post_request_once(call, *fields);
  if (reply.status >= 200 && reply.status < 300) {
    auto st = idempotency_.complete(
        scope, StoredResponse{reply.status, reply.content_type, reply.body}, clock_.now());
    // The request is registered either way; a failed store only means a retry
    // would not be recognised, which the client cannot act on.
    (void)st;
  } else {
    (void)idempotency_.release(scope);
  }
  return reply;
}

Reply Open311Service::post_request_once(const Call& call, const std::vector<FormField>& fields) {
  const Format f = call.format;
  auto posted = decode_post_request(fields);
  if (!posted) return error(f, posted.error());
  if (!catalog_.accepts_jurisdiction(posted->jurisdiction_id)) {
    return error(f, 404,
                 "jurisdiction_id " + posted->jurisdiction_id.substr(0, 100) +
                     " not found｜jurisdiction_id 不存在");
  }
  const Service* service = catalog_.find(posted->service_code);
  if (!service) {
    const std::string shown = posted->service_code.substr(0, 100);
    return error(f, 404, "service_code " + shown + " not found｜服务代码不存在：" + shown);
  }
  const Actor& actor = *call.actor;
  RequestDetails details = to_details(*service, *posted, catalog_.channel_for(actor.id));
  if (auto st = apply_attributes(*service, *posted, details); !st) return error(f, st.error());
  if (details.applicant.anonymous) details.applicant.name.clear();
  details.items.push_back({details.detail, service->category});
  if (call.idempotency_key) details.external_ref = "open311:" + *call.idempotency_key;

  Invocation intake;
  intake.name = commands::Register::kSpec.name;
  intake.reason = std::string(kIntakeReason);
  Caller caller{actor, call.remote, {}};
  // INT-4: the registration keeps the key, so a retry after a node died
  // between registering and storing the answer gets the first request.
  if (call.idempotency_key) caller.intake_key = sodium::intake_key(actor.id, *call.idempotency_key);
  auto outcome = work_orders_.execute(caller, intake, commands::Register{std::move(details)});
  if (!outcome) return error(f, with_open311_field(outcome.error()));
  // register answers with the request it created (its struct's run()).
  HOTLINE_ASSERT(std::holds_alternative<RequestState>(*outcome));
  const auto* registered = &std::get<RequestState>(*outcome);

  IndexedRequest entry;
  entry.number = registered->number;
  entry.service_code = service->service_code;
  entry.requested_at = registered->details.requested_at;
  entry.closed = false;
  entry.updated_at = registered->registered_at;
  entry.principal = actor.id;
  entry.lat = posted->lat;
  entry.lon = posted->lon;
  entry.address_id = posted->address_id;
  entry.media_url = posted->media_url;
  // A failed index write leaves the request registered and findable by its
  // number (GET requests/{id} reads the engine); only listing misses it.
  (void)index_.put(entry);

  PostResult result;
  result.service_request_id = registered->number;
  result.account_id = posted->account_id;
  result.service_notice = "已登记，诉求编号 " + registered->number + "，可凭编号查询办理进度和结果";
  if (registered->dispatch_due) {
    result.service_notice += "；将于 " + format_iso8601(registered->dispatch_due->due) +
                             " 前派单（" + registered->dispatch_due->article + "）";
  }
  return ok(f, encode_post_results({result}, f));
}

Result<ServiceRequest> Open311Service::view(const std::string& number, const std::string& viewer,
                                            std::optional<IndexedRequest> indexed, bool applicant) {
  auto events = engine_.history(number);
  if (!events) return fail(events.error());
  auto state = fold_request(*events);
  if (!state) return fail(state.error());
  Instant updated = events->back().at;
  std::vector<WorkOrderState> orders;
  for (const auto& o : state->orders) {
    auto wo_events = engine_.history(o.work_order);
    if (!wo_events) return fail(wo_events.error());
    auto wo = fold_work_order(*wo_events);
    if (!wo) return fail(wo.error());
    updated = std::max(updated, wo_events->back().at);
    orders.push_back(std::move(*wo));
  }
  const RequestDetails& d = state->details;
  ServiceRequest r;
  r.service_request_id = number;
  const bool closed = is_closed(*state, orders);
  r.status = closed ? "closed" : "open";
  r.requested_datetime = d.requested_at;
  r.updated_datetime = updated;

  const Service* service = nullptr;
  if (indexed) service = catalog_.find(indexed->service_code);
  if (!service && !d.items.empty()) service = catalog_.find_by_category(d.items.front().category);
  if (service) {
    r.service_code = service->service_code;
    r.service_name = service->service_name;
  }

  // Status notes: a fixed vocabulary for everyone; the replies themselves
  // only for the API client that submitted the request (SEC-1).
  const bool submitter = applicant || (indexed && !viewer.empty() && indexed->principal == viewer);
  std::string notes;
  switch (state->status) {
    case RequestStatus::kConcluded:
      notes = "已办结";
      if (state->triage) {
        notes += "：" + std::string(to_chinese(state->triage->outcome));
        if (submitter && !state->triage->told_applicant.empty()) {
          notes += "。" + state->triage->told_applicant;
        }
      }
      if (submitter) {
        for (const auto& w : orders) {
          if (w.last_reply && !w.last_reply->reply.result.empty()) {
            notes += "。答复：" + w.last_reply->reply.result;
          }
        }
      }
      break;
    case RequestStatus::kDispatched: {
      std::vector<std::string> seen;
      for (const auto& w : orders) {
        std::string s(to_chinese(w.status));
        if (std::find(seen.begin(), seen.end(), s) == seen.end()) seen.push_back(s);
      }
      for (const auto& s : seen) notes += (notes.empty() ? "" : "、") + s;
      if (submitter) {
        for (const auto& w : orders) {
          if (w.last_reply && !w.last_reply->reply.result.empty()) {
            notes += "。答复：" + w.last_reply->reply.result;
          }
        }
      }
      break;
    }
    default:
      notes = std::string(to_chinese(state->status));
      break;
  }
  r.status_notes = notes;

  std::vector<std::string> agencies;
  std::optional<Instant> expected;
  for (const auto& w : orders) {
    const Unit* unit = engine_.organisation().find(w.lead_unit);
    const std::string name = unit ? unit->name : w.lead_unit;
    if (std::find(agencies.begin(), agencies.end(), name) == agencies.end()) {
      agencies.push_back(name);
    }
    if (w.status != WorkOrderStatus::kReplied && w.status != WorkOrderStatus::kClosed) {
      if (w.handle_due && (!expected || w.handle_due->due > *expected)) {
        expected = w.handle_due->due;
      }
    }
  }
  for (const auto& a : agencies)
    r.agency_responsible += (r.agency_responsible.empty() ? "" : "、") + a;
  if (!closed) r.expected_datetime = expected;

  // What the client published itself is shown; what an agent registered from
  // a call, and anything confidential (M14), is not.
  if (indexed && !d.confidential) {
    r.description = d.detail;
    r.address = d.location.address;
    r.address_id = indexed->address_id;
    r.lat = indexed->lat;
    r.lon = indexed->lon;
    r.media_url = indexed->media_url;
  }
  if (indexed && (indexed->closed != closed || indexed->updated_at != updated)) {
    (void)index_.set_status(number, closed, updated);  // refreshed on read
  }
  return r;
}

Reply Open311Service::get_request(const Call& call, std::string_view id) {
  const Format f = call.format;
  if (auto st = check_arguments(call.query, {"phone"}); !st) return error(f, st.error());
  if (auto st = check_jurisdiction(catalog_, call.query); !st) return error(f, st.error());
  const std::string number(id.substr(0, 64));
  const bool digits =
      !number.empty() && id.size() <= 32 &&
      std::all_of(number.begin(), number.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!digits) {
    return error(f, 404, "service_request_id " + number + " not found｜诉求编号不存在");
  }
  std::optional<IndexedRequest> indexed;
  auto applicant = may_view(call, number, argument(call.query, "phone"), indexed);
  if (!applicant) return refusal(f, applicant.error());
  auto r =
      view(number, call.actor ? call.actor->id : std::string(), std::move(indexed), *applicant);
  if (!r) return error(f, r.error());
  return ok(f, encode_service_requests({*r}, f));
}

Reply Open311Service::refusal(Format f, const Error& e) const {
  const auto until = throttled_until(e);
  if (!until) return error(f, e);
  Reply r = error(f, 429, describe(e));
  r.headers["Retry-After"] =
      std::to_string(std::max<std::int64_t>(1, (*until - clock_.now()).count()));
  return r;
}

Result<bool> Open311Service::may_view(const Call& call, const std::string& number,
                                      const std::string& phone,
                                      std::optional<IndexedRequest>& indexed) {
  const auto not_found = [&] {
    return fail(Error::not_found("service_request_id " + number, "诉求编号不存在"));
  };
  auto row = index_.get(number);
  if (!row) return fail(row.error());
  indexed = std::move(*row);
  const bool submitter = indexed && call.actor && indexed->principal == call.actor->id;
  if (phone.empty() || !options_.applicant_check) {
    if (submitter) return false;
    return not_found();
  }
  auto matches = options_.applicant_check(number, phone, call.remote);
  if (!matches) return fail(matches.error());
  if (*matches) return true;
  if (submitter) return false;
  return not_found();
}

Reply Open311Service::get_requests(const Call& call) {
  const Format f = call.format;
  auto q = parse_requests_query(call.query, catalog_, clock_.now());
  if (!q) return error(f, q.error());
  if (auto st = check_jurisdiction(catalog_, call.query); !st) return error(f, st.error());
  const std::string viewer = call.actor ? call.actor->id : std::string();
  std::vector<ServiceRequest> out;
  if (!q->ids.empty()) {
    std::set<std::string> done;
    const std::string phone = argument(call.query, "phone");
    for (const auto& id : q->ids) {
      if (!done.insert(id).second) continue;
      if (id.size() > 32 ||
          !std::all_of(id.begin(), id.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        continue;
      }
      std::optional<IndexedRequest> indexed;
      auto applicant = may_view(call, id, phone, indexed);
      if (!applicant) {
        if (applicant.error().code == ErrorCode::kNotFound) continue;
        return refusal(f, applicant.error());
      }
      auto r = view(id, viewer, std::move(indexed), *applicant);
      if (r) {
        out.push_back(std::move(*r));
      } else if (r.error().code != ErrorCode::kNotFound) {
        return error(f, r.error());
      }
    }
    return ok(f, encode_service_requests(out, f));
  }
  // A listing shows only the requests the calling client submitted: the
  // others are other people's (INT-5 [M14], SEC-2 [M27]).
  if (!call.actor) {
    return error(f, 403,
                 "api_key: listing service requests needs the API key of the client that "
                 "submitted them; look one up with service_request_id and phone｜"
                 "查询列表须提供提交方的 API 密钥；个人可凭诉求编号和联系电话查询");
  }
  IndexQuery iq;
  iq.principal = call.actor->id;
  iq.service_codes = q->service_codes;
  iq.from = q->from;
  iq.to = q->to;
  iq.limit = kPage;
  for (;;) {
    auto rows = index_.list(iq);
    if (!rows) return error(f, rows.error());
    for (auto& row : *rows) {
      const std::string number = row.number;
      auto r = view(number, viewer, std::move(row));
      if (!r) {
        if (r.error().code == ErrorCode::kNotFound) continue;
        return error(f, r.error());
      }
      if (!q->statuses.empty() && !q->statuses.count(r->status)) continue;
      out.push_back(std::move(*r));
      if (out.size() == kMaxRequests) break;
    }
    if (out.size() == kMaxRequests || rows->size() < iq.limit) break;
    iq.offset += iq.limit;
  }
  return ok(f, encode_service_requests(out, f));
}

Reply Open311Service::get_token(const Call& call, std::string_view token) const {
  const Format f = call.format;
  if (auto st = check_arguments(call.query, {}); !st) return error(f, st.error());
  if (auto st = check_jurisdiction(catalog_, call.query); !st) return error(f, st.error());
  const std::string shown(token.substr(0, 100));
  return error(f, 404,
               "token " + shown +
                   " not found: this endpoint issues no tokens, every service is realtime and "
                   "POST requests answers with service_request_id｜令牌不存在：本接口的服务均为"
                   "实时受理，提交即返回诉求编号");
}

}  // namespace hotline::open311
