#pragma once
// What the SQLite and PostgreSQL webhook outboxes share apart from their SQL
// (ICN-3): the text checks made before a write, a subscription's secret
// sealed with the personal-data cipher and bound to its unit, the states as
// stored, and a failed attempt's error as kept.

#include <string>
#include <string_view>
#include <vector>

#include "core/ports/personal_data_cipher.h"
#include "core/ports/store_checks.h"
#include "core/ports/webhook_outbox.h"
#include "core/text.h"

namespace hotline::webhook_rows {

// The longest error kept for a failed attempt, in bytes.
constexpr std::size_t kMaxError = 500;

// The cipher's context for a unit's secret: a sealed secret copied to
// another unit's row does not open.
inline std::string secret_context(std::string_view unit) { return "webhook/" + std::string(unit); }

inline OutboxState state_of(std::string_view s) {
  if (s == "delivered") return OutboxState::kDelivered;
  if (s == "dead") return OutboxState::kDead;
  return OutboxState::kPending;
}

// The subscription's texts are storable; its secret as the store keeps it:
// sealed, or as given without a cipher.
inline Result<std::string> stored_secret(const WebhookSubscription& s,
                                         const PersonalDataCipher* cipher) {
  if (auto st = check_stored_text("unit", s.unit); !st) return fail(st.error());
  if (auto st = check_stored_text("url", s.url); !st) return fail(st.error());
  if (auto st = check_stored_text("secret", s.secret); !st) return fail(st.error());
  if (cipher == nullptr) return s.secret;
  return cipher->seal(s.secret, secret_context(s.unit));
}

inline Result<std::string> opened_secret(std::string_view unit, std::string stored,
                                         const PersonalDataCipher* cipher) {
  if (cipher == nullptr) return stored;
  return cipher->open(stored, secret_context(unit));
}

inline Status check_messages(const std::vector<OutboxMessage>& messages) {
  for (std::size_t i = 0; i < messages.size(); ++i) {
    const OutboxMessage& m = messages[i];
    const std::string at = "messages[" + std::to_string(i) + "].";
    for (const auto& [member, text] :
         {std::pair<const char*, const std::string*>{"event_id", &m.event_id},
          {"unit", &m.unit},
          {"topic", &m.topic},
          {"payload", &m.payload}}) {
      if (auto st = check_stored_text(at + member, *text); !st) return st;
    }
  }
  return {};
}

// A failed attempt's error as kept: its first kMaxError bytes, cut before a
// character that would not fit.
inline Result<std::string> failure_text(std::string_view error) {
  if (auto st = check_stored_text("error", error); !st) return fail(st.error());
  return clip_utf8(error, kMaxError);
}

}  // namespace hotline::webhook_rows
