#pragma once
// Request counters and latency histograms for /metrics (Prometheus text
// format), plus gauges filled by a callback at scrape time (open work orders
// by state, overdue counts).

#include <array>
#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <string>

namespace hotline::http {

class Metrics {
 public:
  // Bucket upper bounds in seconds for request latency.
  static constexpr std::array<double, 12> kBuckets{0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
                                                   0.05,   0.1,   0.25,   0.5,   1.0,  2.5};
  using Gauges = std::function<std::string()>;  // extra exposition text

  void observe(const std::string& method, const std::string& route, int status, double seconds);
  void connection_opened() { ++connections_; }
  void connection_closed() { --connections_; }
  void set_gauges(Gauges g) { gauges_ = std::move(g); }
  std::string exposition() const;

 private:
  struct Series {
    std::uint64_t count = 0;
    double sum = 0;
    std::array<std::uint64_t, kBuckets.size()> buckets{};
  };
  mutable std::mutex mutex_;
  std::map<std::string, std::uint64_t> requests_;  // labels → count
  std::map<std::string, Series> latency_;          // labels → histogram
  std::atomic<long> connections_{0};
  Gauges gauges_;
};

}  // namespace hotline::http
