#include "adapters/http/api_portal.h"

#include <sodium.h>

#include <fstream>
#include <sstream>

#include "adapters/http/api_engine.h"
#include "adapters/json/json_reader.h"

namespace hotline::http {
namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxPhotos = 6;

std::string extension_of(std::string_view media_type) {
  if (media_type == "image/jpeg") return "jpg";
  if (media_type == "image/png") return "png";
  if (media_type == "image/webp") return "webp";
  return {};
}

std::string media_type_of(std::string_view name) {
  if (name.ends_with(".jpg")) return "image/jpeg";
  if (name.ends_with(".png")) return "image/png";
  if (name.ends_with(".webp")) return "image/webp";
  return "application/octet-stream";
}

// Does the content look like what it says it is (magic numbers)?
bool looks_like(std::string_view body, std::string_view media_type) {
  if (media_type == "image/jpeg") return body.starts_with("\xFF\xD8\xFF");
  if (media_type == "image/png") return body.starts_with("\x89PNG\r\n\x1a\n");
  if (media_type == "image/webp") return body.size() > 12 && body.substr(8, 4) == "WEBP";
  return false;
}

std::string hex_digest(std::string_view body) {
  unsigned char digest[32];
  crypto_generichash(digest, sizeof digest, reinterpret_cast<const unsigned char*>(body.data()),
                     body.size(), nullptr, 0);
  char hex[65];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return hex;
}

// "<64 hex>.<ext>" only: nothing else is ever a stored photo's name.
bool valid_name(std::string_view name) {
  const auto dot = name.find('.');
  if (dot != 64) return false;
  for (char c : name.substr(0, 64)) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return false;
  }
  const auto ext = name.substr(65);
  return ext == "jpg" || ext == "png" || ext == "webp";
}

HttpResponse upload(const PortalApi& api, const HttpRequest& request) {
  std::string media_type = request.header("content-type");
  media_type = media_type.substr(0, media_type.find(';'));
  const std::string ext = extension_of(media_type);
  if (ext.empty()) {
    return HttpResponse::error(Error::invalid("Content-Type",
                                              "a photo must be image/jpeg, image/png or image/webp",
                                              "照片须为 JPEG、PNG 或 WebP 格式"));
  }
  if (request.body.empty() || !looks_like(request.body, media_type)) {
    return HttpResponse::error(Error::invalid(
        "body", "the content is not a " + media_type + " image", "文件内容不是有效的图片"));
  }
  const std::string name = hex_digest(request.body) + "." + ext;
  std::error_code ec;
  std::filesystem::create_directories(api.attachments_dir, ec);
  const auto file = api.attachments_dir / name;
  if (!std::filesystem::exists(file, ec)) {
    const auto tmp = api.attachments_dir / (name + ".part");
    {
      std::ofstream out(tmp, std::ios::binary);
      out.write(request.body.data(), static_cast<std::streamsize>(request.body.size()));
      if (!out) return HttpResponse::error(Error::storage("cannot store the photo"));
    }
    std::filesystem::rename(tmp, file, ec);
    if (ec) return HttpResponse::error(Error::storage("cannot store the photo"));
  }
  return HttpResponse::json(201, json{{"uri", "/api/v1/attachments/" + name},
                                      {"media_type", media_type},
                                      {"sha256", ""},
                                      {"size", request.body.size()}}
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
  if (const json* list = r.array("attachments")) {
    if (list->size() > kMaxPhotos) {
      r.error("attachments", "at most " + std::to_string(kMaxPhotos) + " photos",
              "最多上传 " + std::to_string(kMaxPhotos) + " 张照片");
    }
    for (std::size_t i = 0; i < list->size() && i < kMaxPhotos; ++i) {
      JsonReader a((*list)[i], "attachments[" + std::to_string(i) + "]");
      const std::string uri = a.string("uri", true);
      const std::string file = uri.substr(uri.rfind('/') + 1);
      if (!uri.starts_with("/api/v1/attachments/") || !valid_name(file) ||
          !std::filesystem::exists(api.attachments_dir / file)) {
        a.error("uri", "not a photo uploaded here", "不是本平台上传的照片");
      }
      const std::string original = a.string("name");
      r.adopt(a.finish());
      attachments.push_back(
          {{"uri", uri}, {"media_type", media_type_of(file)}, {"name", original}});
    }
  }
  if (auto st = r.finish(); !st) return HttpResponse::error(st.error());
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

HttpResponse photo(const PortalApi& api, const HttpRequest& request, const std::string& name) {
  if (!request.actor) {
    return HttpResponse::error(401, "unauthenticated", "sign in to see photos", "请先登录");
  }
  auto not_found = [&] { return HttpResponse::error(Error::not_found("attachment " + name)); };
  if (!valid_name(name)) return not_found();
  if (request.actor->role == Role::kApplicant) {
    // An applicant sees the photos of the request of their session only.
    auto r = api.engine.request(request.scope);
    const std::string uri = "/api/v1/attachments/" + name;
    if (!r || std::none_of(r->details.attachments.begin(), r->details.attachments.end(),
                           [&](const Attachment& a) { return a.uri == uri; })) {
      return not_found();
    }
  }
  std::ifstream in(api.attachments_dir / name, std::ios::binary);
  if (!in) return not_found();
  std::ostringstream bytes;
  bytes << in.rdbuf();
  auto r = HttpResponse::text(200, bytes.str(), media_type_of(name));
  r.headers["Cache-Control"] = "private, max-age=3600";
  return r;
}

}  // namespace

void add_portal_routes(Router& router, const PortalApi& api) {
  router.add({"POST", "/api/v1/portal/attachments",
              [&api](const HttpRequest& r, const PathParams&) { return upload(api, r); },
              "Upload a photo for a request (image/jpeg, image/png, image/webp)", true});
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
  router.add(
      {"GET", "/api/v1/attachments/{name}",
       [&api](const HttpRequest& r, const PathParams& p) { return photo(api, r, p.at("name")); },
       "A stored photo (staff, or the applicant of its request)"});
}

}  // namespace hotline::http
