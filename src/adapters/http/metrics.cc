#include "adapters/http/metrics.h"

#include <sstream>

namespace hotline::http {

void Metrics::observe(const std::string& method, const std::string& route, int status,
                      double seconds) {
  const std::string labels = "method=\"" + method + "\",route=\"" + route + "\"";
  std::lock_guard lock(mutex_);
  ++requests_[labels + ",status=\"" + std::to_string(status) + "\""];
  Series& s = latency_[labels];
  ++s.count;
  s.sum += seconds;
  for (std::size_t i = 0; i < kBuckets.size(); ++i) {
    if (seconds <= kBuckets[i]) ++s.buckets[i];
  }
}

std::string Metrics::exposition() const {
  std::ostringstream out;
  {
    std::lock_guard lock(mutex_);
    out << "# HELP hotline_http_requests_total HTTP requests by route and status.\n"
        << "# TYPE hotline_http_requests_total counter\n";
    for (const auto& [labels, n] : requests_) {
      out << "hotline_http_requests_total{" << labels << "} " << n << "\n";
    }
    out << "# HELP hotline_http_request_duration_seconds Time to answer a request.\n"
        << "# TYPE hotline_http_request_duration_seconds histogram\n";
    for (const auto& [labels, s] : latency_) {
      for (std::size_t i = 0; i < kBuckets.size(); ++i) {
        out << "hotline_http_request_duration_seconds_bucket{" << labels << ",le=\"" << kBuckets[i]
            << "\"} " << s.buckets[i] << "\n";
      }
      out << "hotline_http_request_duration_seconds_bucket{" << labels << ",le=\"+Inf\"} "
          << s.count << "\n";
      out << "hotline_http_request_duration_seconds_sum{" << labels << "} " << s.sum << "\n";
      out << "hotline_http_request_duration_seconds_count{" << labels << "} " << s.count << "\n";
    }
  }
  out << "# HELP hotline_http_connections Open HTTP connections.\n"
      << "# TYPE hotline_http_connections gauge\n"
      << "hotline_http_connections " << connections_.load() << "\n";
  if (gauges_) out << gauges_();
  return out.str();
}

}  // namespace hotline::http
