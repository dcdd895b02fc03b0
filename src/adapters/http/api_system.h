#pragma once
// Operational routes: /healthz, /metrics, the OpenAPI document, and — only
// when the server runs on a fake clock — an administrator's endpoint that
// moves the clock forward (for tests and demonstrations).

#include <functional>
#include <string>
#include <vector>

#include "adapters/http/metrics.h"
#include "adapters/http/router.h"
#include "core/clock.h"

namespace hotline::http {

struct SystemApi {
  Metrics& metrics;
  const Clock& clock;
  FakeClock* fake_clock = nullptr;  // the clock route exists only when set
  std::string version;
  std::function<Status()> health;  // e.g. the store answers
  // Conditions an operator must act on (e.g. a calendar year without data):
  // /healthz stays 200 but says "warning" and lists them.
  std::function<std::vector<std::string>()> warnings;
};

// Adds the routes; call last so the OpenAPI document lists every route.
void add_system_routes(Router& router, const SystemApi& api);

}  // namespace hotline::http
