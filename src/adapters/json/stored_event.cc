#include "adapters/json/stored_event.h"

#include <nlohmann/json.hpp>

#include "adapters/json/applicant_sealing.h"
#include "adapters/json/event_json.h"
#include "core/ports/store_checks.h"
#include "core/security/masking.h"

namespace hotline {

namespace {

bool is_registration(std::string_view type) {
  static const std::string kName(event_name(EventBody{RequestRegistered{}}));
  return type == kName;
}

}  // namespace

Result<StoredAppend> encode_append(const std::vector<StreamAppend>& batch,
                                   const std::vector<WorkOrderSummary>& summaries,
                                   const PersonalDataCipher* cipher) {
  if (auto st = check_append(batch, summaries); !st) return fail(st.error());
  StoredAppend out;
  out.summaries = &summaries;
  out.streams.reserve(batch.size());
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const StreamAppend& append = batch[i];
    const std::string where = "batch[" + std::to_string(i) + "]";
    StoredStream stored{append.stream, append.expected_version, {}};
    stored.rows.reserve(append.events.size());
    for (std::size_t j = 0; j < append.events.size(); ++j) {
      const Event& e = append.events[j];
      const std::string field = where + ".events[" + std::to_string(j) + "]";
      StoredEventRow row;
      row.version = e.version;
      row.at = format_iso8601(e.at);
      row.type = std::string(event_name(e.body));
      row.actor_id = e.actor.id;
      row.actor_role = std::string(to_string(e.actor.role));
      row.actor_unit = e.actor.unit;
      row.reason = e.reason;
      row.article = e.article;
      try {
        // Strict: invalid UTF-8 inside the body throws rather than being stored.
        nlohmann::json data = event_body_to_json(e.body);
        if (const auto* r = std::get_if<RequestRegistered>(&e.body); r && !r->intake_key.empty()) {
          out.intake_keys.emplace_back(r->intake_key, r->number);
        }
        if (cipher != nullptr) {
          if (const auto* r = std::get_if<RequestRegistered>(&e.body)) {
            const std::string phone = normalize_phone(r->details.applicant.phone);
            if (!phone.empty() && !r->details.applicant.anonymous) {
              out.lookups.emplace_back(cipher->lookup_hash(phone), r->number);
            }
            if (auto st = seal_applicant(data, e.stream, *cipher); !st) return fail(st.error());
          }
        }
        row.data = data.dump();
      } catch (const nlohmann::json::exception&) {
        return fail(
            Error::invalid(field + ".data", "text is not valid UTF-8", "文本不是有效的 UTF-8"));
      }
      if (const auto* d = std::get_if<WorkOrderDispatched>(&e.body)) {
        out.assisting[append.stream] = d->assisting_units;
      } else if (const auto* r = std::get_if<WorkOrderRedispatched>(&e.body)) {
        out.assisting[append.stream] = r->assisting_units;
      }
      stored.rows.push_back(std::move(row));
    }
    out.streams.push_back(std::move(stored));
  }
  return out;
}

Result<Event> decode_event(std::string stream, const StoredEventView& row,
                           const PersonalDataCipher* cipher) {
  Event e;
  e.stream = std::move(stream);
  e.version = row.version;
  const std::string where = e.stream + " version " + std::to_string(e.version);
  auto at = parse_iso8601(row.at);
  auto role = parse_role(row.actor_role);
  if (!at || !role) return fail(Error::storage(where + ": unreadable event row"));
  e.at = *at;
  e.actor = Actor{std::string(row.actor_id), *role, std::string(row.actor_unit)};
  e.reason = std::string(row.reason);
  e.article = std::string(row.article);
  auto data = nlohmann::json::parse(row.data.begin(), row.data.end(), nullptr,
                                    /*allow_exceptions=*/false);
  if (data.is_discarded()) return fail(Error::storage(where + ": event data is not JSON"));
  if (cipher != nullptr && is_registration(row.type)) {
    if (auto st = open_applicant(data, e.stream, *cipher); !st) {
      return fail(Error::storage(where + ": " + st.error().message));
    }
  }
  auto body = event_body_from_json(row.type, data);
  if (!body) return fail(Error::storage(where + ": " + body.error().message));
  e.body = std::move(*body);
  return e;
}

}  // namespace hotline
