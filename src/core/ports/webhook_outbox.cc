#include "core/ports/webhook_outbox.h"

namespace hotline {

std::string_view to_string(OutboxState s) {
  switch (s) {
    case OutboxState::kPending:
      return "pending";
    case OutboxState::kDelivered:
      return "delivered";
    case OutboxState::kDead:
      return "dead";
  }
  return "?";
}

}  // namespace hotline
