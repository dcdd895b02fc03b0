#include "adapters/http/request_queue.h"

namespace hotline::http {

bool is_waiting(const RequestState& s) {
  return s.status == RequestStatus::kRegistered || s.status == RequestStatus::kInConsultation ||
         s.status == RequestStatus::kToDispatch;
}

void RequestQueue::seed(const std::vector<std::string>& numbers) {
  for (const auto& n : numbers) refresh(n);
}

void RequestQueue::refresh(const std::string& number) {
  // Its own stream decides: settling a dispatched request from its work
  // orders (Engine::request) never makes it wait again.
  auto state = engine_.request_stream(number);
  std::lock_guard lock(mutex_);
  if (state && is_waiting(*state)) {
    numbers_.insert(number);
  } else {
    numbers_.erase(number);
  }
}

void RequestQueue::committed(const std::vector<Event>& events) {
  // Request streams only (a work order's stream is "number-n"); whether the
  // request still waits is decided when the queue is read.
  std::lock_guard lock(mutex_);
  for (const auto& e : events) {
    if (e.stream.find('-') == std::string::npos) numbers_.insert(e.stream);
  }
}

std::vector<RequestState> RequestQueue::waiting() {
  std::vector<std::string> numbers;
  {
    std::lock_guard lock(mutex_);
    numbers.assign(numbers_.begin(), numbers_.end());
  }
  std::vector<RequestState> out;
  std::vector<std::string> gone;
  for (const auto& n : numbers) {
    auto state = engine_.request(n);
    if (state && is_waiting(*state)) {
      out.push_back(std::move(*state));
    } else {
      gone.push_back(n);
    }
  }
  std::lock_guard lock(mutex_);
  for (const auto& n : gone) numbers_.erase(n);
  return out;
}

}  // namespace hotline::http
