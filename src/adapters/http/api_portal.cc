#include "adapters/http/api_portal.h"

#include <algorithm>
#include <cstring>

#include "adapters/http/api_engine.h"
#include "adapters/json/json_reader.h"

namespace hotline::http {
namespace {

using json = nlohmann::json;

bool truthy(const std::optional<std::string>& v) {
  return v && (*v == "true" || *v == "1" || *v == "yes");
}

HttpResponse no_vault() {
  // Without a data key, personal content would lie in clear on disk: refused.
  return HttpResponse::error(503, "attachments_unavailable",
                             "attachments need a data key (HOTLINE_KEY_FILE)",
                             "附件功能未启用：未配置数据密钥");
}

std::vector<QueryParam> upload_route_query() {
  return {{"share_location",
           {{"type", "string"},
            {"enum", {"true", "false"}},
            {"description", "keep the place the photo or video was taken"}},
           false}};
}

HttpResponse upload(const PortalApi& api, const HttpRequest& request) {
  if (!api.vault) return no_vault();
  // The kind is decided by the content; the declared Content-Type and the
  // file's name say nothing we rely on.
  const auto media = sniff_media(request.body);
  if (!media) {
    return HttpResponse::error(request.body.empty()
                                   ? Error::invalid("body", "the file is empty", "文件为空")
                                   : not_an_allowed_type(api.attachments));
  }
  auto rule = check_attachment(api.attachments, *media, request.body.size());
  if (!rule) return HttpResponse::error(rule.error());
  const bool share_location = truthy(request.param("share_location"));
  PreparedAttachment prepared = api.prepare(request.body, *media, share_location);
  if (!prepared.content) {
    return HttpResponse::error(
        Error::invalid("body", "the " + media->media_type + " file is damaged or truncated",
                       "文件已损坏或不完整，请重新选择"));
  }
  auto id = api.vault->put(*prepared.content, prepared.thumbnail);
  if (!id) return HttpResponse::error(id.error());
  return HttpResponse::json(201, json{{"uri", std::string(kAttachmentUriPrefix) + *id},
                                      {"media_type", media->media_type},
                                      {"kind", std::string(to_string(media->kind))},
                                      {"size", prepared.content->size()},
                                      {"thumbnail", prepared.thumbnail.has_value()},
                                      {"location_removed", prepared.location_removed}}
                                     .dump());
}

// The website's request: what an applicant types, checked field by field;
// the engine checks the rest (INT-3, INT-4).
HttpResponse submit(const PortalApi& api, const HttpRequest& request) {
  auto body = parse_json(request.body.empty() ? "{}" : request.body);
  if (!body) return HttpResponse::error(body.error());
  JsonReader r(*body, "");
  const std::string subject = r.string("subject", true);
  const std::string detail = r.string("detail", true);
  const std::string name = r.string("name");
  const std::string phone = r.string("phone", true);
  const std::string district = r.string("district");
  const std::string address = r.string("address");
  const std::string type = r.string("type");
  const bool anonymous = r.boolean("anonymous");
  json attachments = json::array();
  std::vector<std::string> claimed;
  if (const json* list = r.array("attachments")) {
    if (auto st = check_attachment_count(api.attachments, list->size()); !st) {
      return HttpResponse::error(st.error());
    }
    if (!list->empty() && !api.vault) return no_vault();
    for (std::size_t i = 0; i < list->size(); ++i) {
      const std::string field = "attachments[" + std::to_string(i) + "]";
      JsonReader a((*list)[i], field);
      const std::string uri = a.string("uri", true);
      (void)a.string("name");  // the file's own name may identify: not kept
      // The media type recorded is the content's, read back from the vault.
      auto resolved =
          VaultAttachmentResolver(*api.vault, api.attachments).resolve(uri, i, field + ".uri");
      if (!resolved) a.error("uri", "not a file uploaded here", "不是本平台上传的附件");
      r.adopt(a.finish());
      if (!resolved) continue;
      claimed.push_back(resolved->uri);
      attachments.push_back(
          {{"uri", resolved->uri}, {"media_type", resolved->media_type}, {"name", resolved->name}});
    }
  }
  if (auto st = r.finish(); !st) return HttpResponse::error(st.error());
  // Claimed before the commit (engine_hooks.h, AttachmentResolver): the sweep
  // of uploads never attached must not take them.
  for (const auto& uri : claimed) {
    if (auto st = api.vault->claim(attachment_id_of(uri)); !st) {
      return HttpResponse::error(st.error());
    }
  }
  json args = {{"requested_at", format_iso8601(api.clock.now())},
               {"channel", "website"},
               {"type", type.empty() ? "complaint" : type},
               {"applicant",
                {{"name", name}, {"phone", phone}, {"address", address}, {"anonymous", anonymous}}},
               {"subject", subject},
               {"detail", detail},
               {"items", json::array({{{"text", detail}}})},
               {"location", {{"district", district}}},
               {"attachments", attachments}};
  // The portal is a channel client of its own (INT-1 website), registering as
  // Open311 clients do: an applicant's session may not register (issue 9, item 8).
  // Through the use case, so the role check and the audit entry are the API's.
  const Caller portal{Actor{"portal", Role::kApiClient, ""}, request.remote, ""};
  Invocation call{"register", "", "网站提交", std::nullopt, std::move(args)};
  auto outcome = api.work_orders.execute(portal, call);
  if (!outcome) return HttpResponse::error(outcome.error());
  const auto* state = std::get_if<RequestState>(&*outcome);
  HOTLINE_ASSERT(state != nullptr);  // register answers the request
  json out = {{"number", state->number}, {"status_zh", "已登记"}};
  const json answer = api.work_orders.answer(portal, *outcome);
  if (answer.contains("dispatch_due")) out["dispatch_due"] = answer["dispatch_due"];
  return HttpResponse::json(201, out.dump());
}

// May `actor` read request `number` at all? The office's case roles, its
// applicant, and a unit through a work order it may see; nobody else (an
// analyst or administrator needs no one's photos).
bool may_read_request(const PortalApi& api, const HttpRequest& request, const RequestState& state) {
  const Actor& actor = *request.actor;
  if (actor.role == Role::kApplicant) return request.scope == state.number;
  if (actor.role == Role::kAnalyst || actor.role == Role::kAdministrator) return false;
  if (is_office_role(actor.role)) return true;
  for (const auto& o : state.orders) {
    auto wo = api.engine.work_order(o.work_order);
    if (wo && api.can_see(actor, *wo)) return true;
  }
  return false;
}

std::optional<Attachment> find_attachment(const std::vector<Attachment>& list,
                                          const std::string& uri) {
  const auto it =
      std::find_if(list.begin(), list.end(), [&](const Attachment& a) { return a.uri == uri; });
  if (it == list.end()) return std::nullopt;
  return *it;
}

// A file a unit sent with a reply (INT-3), in a work order of the request that
// `actor` may see: the applicant and the office see every reply, a unit the
// replies of work orders it may see. Every reply counts, not only the last:
// a reply before handling again stays part of the record.
std::optional<Attachment> reply_attachment(const PortalApi& api, const Actor& actor,
                                           const RequestState& state, const std::string& uri) {
  for (const auto& o : state.orders) {
    if (actor.role != Role::kApplicant && !is_office_role(actor.role)) {
      auto wo = api.engine.work_order(o.work_order);
      if (!wo || !api.can_see(actor, *wo)) continue;
    }
    auto events = api.engine.history(o.work_order);
    if (!events) continue;
    for (const auto& e : *events) {
      const auto* replied = std::get_if<WorkOrderReplied>(&e.body);
      if (!replied) continue;
      if (actor.role == Role::kApplicant && replied->reply.applicant_not_replied) continue;
      if (auto a = find_attachment(replied->reply.attachments, uri)) return a;
    }
  }
  return std::nullopt;
}

HttpResponse fetch(const PortalApi& api, const HttpRequest& request, const PathParams& params,
                   bool thumbnail) {
  if (!request.actor) {
    return HttpResponse::error(401, "unauthenticated", "sign in to see attachments", "请先登录");
  }
  const std::string& number = params.at("number");
  const std::string& id = params.at("id");
  auto not_there = [&] {
    return HttpResponse::error(Error::not_found("attachment " + id, "附件不存在"));
  };
  if (!api.vault || !AttachmentVault::valid_id(id)) return not_there();
  auto state = api.engine.request(number);
  if (!state || !may_read_request(api, request, *state)) return not_there();
  const RequestDetails seen = api.mask(*request.actor, state->details);
  const std::string uri = std::string(kAttachmentUriPrefix) + id;
  auto found = find_attachment(seen.attachments, uri);
  if (!found) found = reply_attachment(api, *request.actor, *state, uri);
  if (!found) return not_there();
  const Attachment* it = &*found;
  auto content = api.vault->get(id, thumbnail);
  bool is_thumbnail = thumbnail && content.has_value();
  if (!content && thumbnail && it->media_type.starts_with("image/")) {
    content = api.vault->get(id, false);  // a photo without a thumbnail (WebP): itself
  }
  if (!content) return not_there();
  const auto media = sniff_media(*content);
  if (!media) return not_there();
  // Audited before a byte leaves; if the log cannot be written, nothing does.
  if (auto st =
          api.audit_read(request, number, "attachment=" + id + (thumbnail ? " thumbnail" : ""));
      !st) {
    return HttpResponse::error(st.error());
  }
  auto r = HttpResponse::text(200, std::move(*content),
                              is_thumbnail ? std::string("image/jpeg") : media->media_type);
  // Personal content: kept in no cache, shown inline, never sniffed as HTML.
  r.headers["Cache-Control"] = "no-store";
  r.headers["X-Content-Type-Options"] = "nosniff";
  r.headers["Content-Disposition"] = "inline";
  return r;
}

}  // namespace

void add_portal_routes(Router& router, const PortalApi& api) {
  Route upload_route{"POST", kAttachmentUploadPath,
                     [&api](const HttpRequest& r, const PathParams&) { return upload(api, r); },
                     "Upload a photo, voice recording or video for a request (INT-3; kind by "
                     "content, limits in data/intake.toml; ?share_location=true keeps where it "
                     "was taken)",
                     true};
  upload_route.body_media_type = "application/octet-stream";
  upload_route.query = upload_route_query();
  router.add(std::move(upload_route));
  // Staff (a unit's photos of the result, a return's evidence) upload with a
  // session, and the upload is in the audit log beside who made it.
  Route staff_upload{"POST", kStaffAttachmentUploadPath,
                     [&api](const HttpRequest& r, const PathParams&) {
                       const Role role = r.actor->role;
                       if (role != Role::kUnitStaff && !is_office_role(role)) {
                         return HttpResponse::error(Error::forbidden(
                             "SEC-2", "M27", "uploads are for the office and units",
                             "仅热线工作机构和承办单位可上传附件"));
                       }
                       return upload(api, r);
                     },
                     "Upload a file for a reply, a return or an appeal (INT-3; staff, audited; "
                     "same rules as the portal's upload)"};
  staff_upload.body_media_type = "application/octet-stream";
  staff_upload.query = upload_route_query();
  router.add(audited(std::move(staff_upload)));
  router.add({"POST", "/api/v1/portal/requests",
              [&api](const HttpRequest& r, const PathParams&) { return submit(api, r); },
              "Submit a request on the website (subject, detail, phone, name, district, "
              "attachments); follow it with POST /api/v1/applicant-session",
              true});
  router.add({"GET", "/api/v1/portal/districts",
              [&api](const HttpRequest&, const PathParams&) {
                json items = json::array();
                for (const auto& u : api.organisation.units()) {
                  if (u.kind == UnitKind::kDistrictGovernment && u.active) {
                    items.push_back({{"id", u.id}, {"name", u.name}});
                  }
                }
                return HttpResponse::json(200, json{{"items", items}}.dump());
              },
              "The districts an applicant chooses from", true});
  router.add({"GET", "/api/v1/requests/{number}/attachments/{id}",
              [&api](const HttpRequest& r, const PathParams& p) { return fetch(api, r, p, false); },
              "An attachment of a request (INT-3): its applicant, the office, units that may see "
              "its work order; audited"});
  router.add({"GET", "/api/v1/requests/{number}/attachments/{id}/thumbnail",
              [&api](const HttpRequest& r, const PathParams& p) { return fetch(api, r, p, true); },
              "A photo's thumbnail (JPEG), under the same rule as the attachment"});
}

}  // namespace hotline::http
