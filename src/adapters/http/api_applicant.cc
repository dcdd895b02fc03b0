#include "adapters/http/api_applicant.h"

#include "adapters/http/api_engine.h"

namespace hotline::http {

using nlohmann::json;

json attachment_link(const std::string& number, const Attachment& a) {
  const std::string id = a.uri.substr(a.uri.rfind('/') + 1);
  const std::string url = "/api/v1/requests/" + number + "/attachments/" + id;
  const std::string kind = a.media_type.starts_with("image/")   ? "photo"
                           : a.media_type.starts_with("audio/") ? "voice"
                                                                : "video";
  json x = {{"media_type", a.media_type}, {"kind", kind}, {"name", a.name}, {"url", url}};
  if (kind == "photo") x["thumbnail_url"] = url + "/thumbnail";
  return x;
}

json applicant_view_to_json(const ApplicantView& v) {
  json progress = json::array();
  for (const auto& p : v.progress) {
    json x = {{"work_order", p.work_order},
              {"unit", p.unit_name},
              {"status", p.status},
              {"status_zh", p.status_zh}};
    x["due"] = p.due ? json(format_iso8601(*p.due)) : json();
    progress.push_back(std::move(x));
  }
  json replies = json::array();
  for (const auto& r : v.replies) {
    replies.push_back({{"replied_at", format_iso8601(r.replied_at)},
                       {"unit", r.unit_name},
                       {"handler_contact", r.handler_contact},
                       {"process", r.process},
                       {"result", r.result},
                       {"policy_basis", r.policy_basis}});
    json files = json::array();
    for (const auto& a : r.attachments) files.push_back(attachment_link(v.number, a));
    replies.back()["attachments"] = std::move(files);
  }
  json next = json::array();
  for (const auto& s : v.next) {
    next.push_back({{"action", s.action},
                    {"work_order", s.work_order},
                    {"method", "POST"},
                    {"path", "/api/v1/work-orders/" + s.work_order + "/" + s.action},
                    {"zh", s.zh}});
  }
  // Their own attachments, as links under their request (INT-3).
  json attachments = json::array();
  for (const auto& a : v.attachments) attachments.push_back(attachment_link(v.number, a));
  return {{"number", v.number},
          {"registered_at", format_iso8601(v.registered_at)},
          {"attachments", attachments},
          {"status", v.status},
          {"status_zh", v.status_zh},
          {"subject", v.subject},
          {"detail", v.detail},
          {"answer", v.answer},
          {"progress", progress},
          {"replies", replies},
          {"next", next}};
}

void add_applicant_routes(Router& router, WorkOrders& work_orders) {
  router.add({"GET", "/api/v1/applicant/request",
              [&work_orders](const HttpRequest& request, const PathParams&) {
                if (!request.actor) {
                  return HttpResponse::error(401, "unauthenticated",
                                             "look your request up with its number and phone",
                                             "请凭受理编号和联系电话查询");
                }
                if (request.actor->role != Role::kApplicant || request.scope.empty()) {
                  return HttpResponse::error(403, "forbidden", "for applicants' sessions only",
                                             "仅供诉求人查询本人诉求");
                }
                auto view = work_orders.applicant_view(caller_of(request));
                if (!view) return HttpResponse::error(view.error());
                return HttpResponse::json(200, applicant_view_to_json(*view).dump());
              },
              "INT-5: the applicant's own request — progress, the reply, what they may do next"});
}

}  // namespace hotline::http
