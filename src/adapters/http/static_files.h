#pragma once
// The web application's built files (web/dist, issue 11) at `/`. Hashed
// assets under /assets/ are immutable for a year; index.html and other files
// are revalidated on every load (no-cache) so a new build is seen at once.
// A GET for a client route (a path without a file extension that is no file)
// answers index.html, so that /unit/inbox can be reloaded; /api/, /open311/,
// /healthz and /metrics are never answered from here.

#include <filesystem>
#include <optional>

#include "adapters/http/router.h"

namespace hotline::http {

class StaticFiles {
 public:
  explicit StaticFiles(std::filesystem::path root);

  // The file (or index.html) for a GET outside the API; nullopt when the
  // request is not one for the web application.
  std::optional<HttpResponse> serve(const HttpRequest& request) const;

  const std::filesystem::path& root() const { return root_; }

 private:
  std::filesystem::path root_;
};

// The content type of a file from its extension ("application/octet-stream").
std::string content_type_of(const std::filesystem::path& file);

}  // namespace hotline::http
