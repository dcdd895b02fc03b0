#include "adapters/http/static_files.h"

#include <fstream>
#include <sstream>

namespace hotline::http {
namespace {

bool is_api_path(std::string_view path) {
  for (std::string_view prefix : {"/api/", "/open311/"}) {
    if (path.starts_with(prefix)) return true;
  }
  return path == "/api" || path == "/open311" || path == "/healthz" || path == "/metrics";
}

// A path the files may answer: absolute, no "..", no empty or hidden segment.
bool safe_path(std::string_view path) {
  if (path.empty() || path.front() != '/') return false;
  if (path.find('\0') != std::string_view::npos || path.find('\\') != std::string_view::npos) {
    return false;
  }
  std::size_t start = 1;
  while (start < path.size()) {
    const std::size_t end = std::min(path.find('/', start), path.size());
    const std::string_view segment = path.substr(start, end - start);
    if (segment.starts_with('.')) return false;
    start = end + 1;
  }
  return true;
}

std::optional<std::string> read_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

HttpResponse file_response(std::string body, const std::filesystem::path& file, bool immutable) {
  auto r = HttpResponse::text(200, std::move(body), content_type_of(file));
  r.headers["Cache-Control"] = immutable ? "public, max-age=31536000, immutable" : "no-cache";
  if (file.extension() == ".html") {
    // The application's own scripts and styles only (Element Plus sets
    // inline styles); photos are shown from blob: and data: URLs.
    r.headers["Content-Security-Policy"] =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; "
        "base-uri 'self'; form-action 'self'";
    r.headers["X-Frame-Options"] = "DENY";
    r.headers["Referrer-Policy"] = "same-origin";
  }
  return r;
}

}  // namespace

std::string content_type_of(const std::filesystem::path& file) {
  const std::string ext = file.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json") return "application/json; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".webp") return "image/webp";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".woff") return "font/woff";
  if (ext == ".ttf") return "font/ttf";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  if (ext == ".map") return "application/json; charset=utf-8";
  return "application/octet-stream";
}

StaticFiles::StaticFiles(std::filesystem::path root) : root_(std::move(root)) {}

std::optional<HttpResponse> StaticFiles::serve(const HttpRequest& request) const {
  if (request.method != "GET" || is_api_path(request.path) || !safe_path(request.path)) {
    return std::nullopt;
  }
  const std::string relative = request.path == "/" ? "index.html" : request.path.substr(1);
  const std::filesystem::path file = root_ / relative;
  if (auto body = read_file(file)) {
    const bool immutable = request.path.starts_with("/assets/");
    return file_response(std::move(*body), file, immutable && file.extension() != ".html");
  }
  // A client route (/unit/inbox, /portal/track): the application decides.
  const std::string_view last = std::string_view(request.path).substr(request.path.rfind('/') + 1);
  if (last.find('.') != std::string_view::npos) return std::nullopt;
  const std::filesystem::path index = root_ / "index.html";
  if (auto body = read_file(index)) return file_response(std::move(*body), index, false);
  return std::nullopt;
}

}  // namespace hotline::http
