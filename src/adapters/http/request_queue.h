#pragma once
// The requests waiting for the office (issue 11's dispatcher queue):
// registered, in consultation or to dispatch. Seeded once with every request
// number at start-up, then kept current from the engine's commits, so the
// queue never scans the store. Thread-safe.

#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "core/engine/engine.h"
#include "core/engine/engine_hooks.h"

namespace hotline::http {

class RequestQueue : public EngineListener {
 public:
  explicit RequestQueue(Engine& engine) : engine_(engine) {}

  // Looks each request up and keeps those still waiting.
  void seed(const std::vector<std::string>& numbers);
  void committed(const std::vector<Event>& events) override;

  // The waiting requests' current states.
  std::vector<RequestState> waiting();

 private:
  void refresh(const std::string& number);

  Engine& engine_;
  std::mutex mutex_;
  std::set<std::string> numbers_;
};

bool is_waiting(const RequestState& s);

}  // namespace hotline::http
