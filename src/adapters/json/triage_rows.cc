#include "adapters/json/triage_rows.h"

#include <algorithm>
#include <cstring>
#include <nlohmann/json.hpp>

#include "core/ports/store_checks.h"

namespace hotline::triage_rows {

using triage::CatalogueEntry;

namespace {

CatalogueEntry entry_from(const nlohmann::json& j) {
  CatalogueEntry e;
  e.id = j.value("id", "");
  e.category = j.value("category", "");
  e.district = j.value("district", "");
  e.street = j.value("street", "");
  e.keywords = j.value("keywords", std::vector<std::string>{});
  e.lead = j.value("lead", "");
  e.assisting = j.value("assisting", std::vector<std::string>{});
  e.functional = j.value("functional", false);
  e.exception_of = j.value("exception_of", "");
  e.basis = j.value("basis", "");
  e.active = j.value("active", true);
  return e;
}

Status check_entry(const CatalogueEntry& e, const std::string& prefix) {
  if (auto st = check_stored_fields({{prefix + "id", e.id},
                                     {prefix + "category", e.category},
                                     {prefix + "district", e.district},
                                     {prefix + "street", e.street},
                                     {prefix + "lead", e.lead},
                                     {prefix + "exception_of", e.exception_of},
                                     {prefix + "basis", e.basis}});
      !st) {
    return st;
  }
  if (auto st = check_stored_texts(prefix + "keywords", e.keywords); !st) return st;
  return check_stored_texts(prefix + "assisting", e.assisting);
}

}  // namespace

Status check_change(const triage::CatalogueChange& c) {
  if (auto st = check_stored_fields({{"entry_id", c.entry_id},
                                     {"actor.id", c.actor.id},
                                     {"actor.unit", c.actor.unit},
                                     {"reason", c.reason},
                                     {"article", c.article}});
      !st) {
    return st;
  }
  if (c.before) {
    if (auto st = check_entry(*c.before, "before."); !st) return st;
  }
  if (c.after) {
    if (auto st = check_entry(*c.after, "after."); !st) return st;
  }
  return {};
}

Status check_observation(const triage::RequestIndex& index, const triage::Observation& obs) {
  const triage::IndexedRequest& r = index.request(obs.doc);
  if (auto st = check_stored_fields({{"number", r.number},
                                     {"applicant_key", r.applicant_key},
                                     {"district", r.district},
                                     {"category", r.category}});
      !st) {
    return st;
  }
  if (obs.alert) {
    return check_stored_fields(
        {{"alert.rule", obs.alert->rule}, {"alert.article", obs.alert->article}});
  }
  return {};
}

Status check_history(const std::vector<triage::HistoryRecord>& records) {
  for (std::size_t i = 0; i < records.size(); ++i) {
    const std::string at = "records[" + std::to_string(i) + "].";
    if (auto st = check_stored_fields({{at + "category", records[i].category},
                                       {at + "district", records[i].district},
                                       {at + "unit", records[i].unit}});
        !st) {
      return st;
    }
  }
  return {};
}

std::string entry_json(const CatalogueEntry& e) {
  const nlohmann::json j = {{"id", e.id},
                            {"category", e.category},
                            {"district", e.district},
                            {"street", e.street},
                            {"keywords", e.keywords},
                            {"lead", e.lead},
                            {"assisting", e.assisting},
                            {"functional", e.functional},
                            {"exception_of", e.exception_of},
                            {"basis", e.basis},
                            {"active", e.active}};
  return j.dump();
}

Result<triage::CatalogueChange> read_change(const ChangeColumns& col) {
  triage::CatalogueChange c;
  c.sequence = col.sequence;
  c.at = Instant{Seconds{col.at}};
  c.actor.id = std::string(col.actor_id);
  c.actor.role = parse_role(col.actor_role).value_or(Role::kSystem);
  c.actor.unit = std::string(col.actor_unit);
  const auto action = triage::parse_catalogue_action(col.action);
  if (!action) {
    return fail(Error::storage("catalogue change " + std::to_string(c.sequence) +
                               ": unknown action " + std::string(col.action)));
  }
  c.action = *action;
  c.entry_id = std::string(col.entry_id);
  try {
    if (col.before) c.before = entry_from(nlohmann::json::parse(*col.before));
    if (col.after) c.after = entry_from(nlohmann::json::parse(*col.after));
  } catch (const std::exception& e) {
    return fail(Error::storage("catalogue change " + std::to_string(c.sequence) + ": " + e.what()));
  }
  c.reason = std::string(col.reason);
  c.article = std::string(col.article);
  return c;
}

std::string encode_fingerprint(const triage::Fingerprint& fp) {
  const std::size_t n = fp.terms.size() + fp.anchors.size();
  std::string out(n * 8 + 4, '\0');
  for (std::size_t i = 0; i < n; ++i) {
    const auto& t = i < fp.terms.size() ? fp.terms[i] : fp.anchors[i - fp.terms.size()];
    std::memcpy(&out[i * 8], &t.term, 4);
    std::memcpy(&out[i * 8 + 4], &t.weight, 4);
  }
  const auto count = static_cast<std::uint32_t>(fp.terms.size());
  std::memcpy(&out[n * 8], &count, 4);
  return out;
}

triage::Fingerprint decode_fingerprint(std::string_view b) {
  triage::Fingerprint fp;
  std::size_t terms = b.size() / 8;
  if (b.size() % 8 == 4) {
    std::uint32_t count = 0;
    std::memcpy(&count, b.data() + b.size() - 4, 4);
    terms = std::min<std::size_t>(count, b.size() / 8);
  }
  for (std::size_t i = 0; i < b.size() / 8; ++i) {
    triage::WeightedTerm t;
    std::memcpy(&t.term, b.data() + i * 8, 4);
    std::memcpy(&t.weight, b.data() + i * 8 + 4, 4);
    (i < terms ? fp.terms : fp.anchors).push_back(t);
  }
  return fp;
}

std::string_view counts_bytes(const triage::TermStatistics& statistics) {
  const auto& table = statistics.table();
  return {reinterpret_cast<const char*>(table.data()), table.size() * sizeof(std::uint32_t)};
}

std::vector<std::uint32_t> decode_counts(std::string_view b) {
  std::vector<std::uint32_t> counts(b.size() / 4);
  if (!counts.empty()) std::memcpy(counts.data(), b.data(), counts.size() * 4);
  return counts;
}

}  // namespace hotline::triage_rows
