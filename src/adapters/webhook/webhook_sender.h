#pragma once
// ICN-3: one signed POST to a unit's endpoint (HTTP/1.1 over plain TCP, on
// Boost.Beast, with a time limit). A 2xx answer is a delivery; anything else
// — a refused connection, a timeout, a 4xx or 5xx — is a failed attempt the
// outbox retries. TLS is left to a reverse proxy beside the receiver.

#include <chrono>
#include <string>
#include <utility>
#include <vector>

#include "core/result.h"

namespace hotline::webhook {

struct Post {
  std::string url;  // http://host[:port]/path
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;  // application/json
};

// The HTTP status of the answer, or an error naming what failed.
Result<int> send(const Post& post, std::chrono::seconds timeout);

}  // namespace hotline::webhook
