#include "adapters/http/api_open311.h"

#include <string>

namespace hotline::http {
namespace {

using open311::Format;
using open311::Open311Service;

// "638344.json" → ("638344", json); nullopt when the extension is not a format.
std::optional<std::pair<std::string, Format>> split_format(const std::string& file) {
  const std::size_t dot = file.rfind('.');
  if (dot == std::string::npos) return std::nullopt;
  auto format = open311::parse_format(file.substr(dot + 1));
  if (!format) return std::nullopt;
  return std::make_pair(file.substr(0, dot), *format);
}

open311::Call to_call(const HttpRequest& request, Format format) {
  open311::Call call;
  call.format = format;
  call.path = request.path;
  call.query = request.query;
  call.body = request.body;
  if (auto it = request.headers.find("content-type"); it != request.headers.end()) {
    call.content_type = it->second;
  }
  if (auto it = request.headers.find("idempotency-key"); it != request.headers.end()) {
    call.idempotency_key = it->second;
  }
  call.actor = request.actor;
  call.remote = request.remote;
  return call;
}

HttpResponse to_http(open311::Reply reply) {
  HttpResponse r;
  r.status = reply.status;
  r.content_type = std::move(reply.content_type);
  r.body = std::move(reply.body);
  r.headers = std::move(reply.headers);
  return r;
}

HttpResponse no_such_format(const std::string& file) {
  return to_http(Open311Service::error(
      Format::kXml, 404,
      "no such resource: " + file.substr(0, 100) +
          " (append .xml or .json to the resource)｜资源不存在：请在资源名后加 .xml 或 .json"));
}

}  // namespace

void add_open311_routes(Router& router, open311::Open311Service& service) {
  const std::string base = kOpen311Prefix;
  for (Format format : {Format::kXml, Format::kJson}) {
    const std::string ext = format == Format::kXml ? ".xml" : ".json";
    router.add({"GET", base + "/discovery" + ext,
                [&service, format](const HttpRequest& req, const PathParams&) {
                  return to_http(service.discovery(to_call(req, format)));
                },
                "Open311 service discovery", true});
    router.add({"GET", base + "/services" + ext,
                [&service, format](const HttpRequest& req, const PathParams&) {
                  return to_http(service.services(to_call(req, format)));
                },
                "Open311 GET Service List", true});
    router.add({"GET", base + "/requests" + ext,
                [&service, format](const HttpRequest& req, const PathParams&) {
                  return to_http(service.get_requests(to_call(req, format)));
                },
                "Open311 GET Service Requests (filters: service_request_id, service_code, "
                "start_date, end_date, status)",
                true});
    router.add({"POST", base + "/requests" + ext,
                [&service, format](const HttpRequest& req, const PathParams&) {
                  return to_http(service.post_request(to_call(req, format)));
                },
                "Open311 POST Service Request (API key; Idempotency-Key honoured)", true});
  }
  router.add({"GET", base + "/services/{file}",
              [&service](const HttpRequest& req, const PathParams& params) {
                const std::string& file = params.at("file");
                auto split = split_format(file);
                if (!split) return no_such_format(file);
                return to_http(
                    service.service_definition(to_call(req, split->second), split->first));
              },
              "Open311 GET Service Definition", true});
  router.add({"GET", base + "/requests/{file}",
              [&service](const HttpRequest& req, const PathParams& params) {
                const std::string& file = params.at("file");
                auto split = split_format(file);
                if (!split) return no_such_format(file);
                return to_http(service.get_request(to_call(req, split->second), split->first));
              },
              "Open311 GET Service Request", true});
  router.add({"GET", base + "/tokens/{file}",
              [&service](const HttpRequest& req, const PathParams& params) {
                const std::string& file = params.at("file");
                auto split = split_format(file);
                if (!split) return no_such_format(file);
                return to_http(service.get_token(to_call(req, split->second), split->first));
              },
              "Open311 GET service_request_id from a token", true});
}

}  // namespace hotline::http
