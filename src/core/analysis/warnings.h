#pragma once
// ANA-2 [R27, C27]: early warnings as records. Two detectors run as the
// projection applies registrations:
//  - surge: a district × category whose count on a day reaches min_count and
//    exceeds its own baseline (the mean of the baseline_days before) by z
//    Poisson standard deviations — one record per district × category × day,
//    its count kept current;
//  - sensitive: a registration whose text contains a word of the watch list
//    the office maintains — one record per word × district × day.
// A record names the requests behind it (for drill-down), never the
// applicant, and its title carries no request text.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "core/policy/assessment_policy.h"
#include "core/time.h"

namespace hotline::analysis {

struct WarningSettings {
  HotspotSettings hotspot;
  std::vector<std::string> watch_list;  // sensitive words (the office's list)
};

enum class WarningKind { kSurge, kSensitive };
std::string_view to_string(WarningKind k);

struct WarningRecord {
  std::string id;  // "surge-2026-11-03-district.heping-城乡建设"
  WarningKind kind = WarningKind::kSurge;
  std::string title;  // zh-CN
  Instant created_at{};
  std::int32_t day = 0;
  std::string district;  // unit id
  std::string category;
  std::string word;  // sensitive: the word
  std::int64_t count = 0;
  double baseline = 0;                // surge: expected count for the day
  std::string article;                // R27
  std::vector<std::string> requests;  // up to kMaxRequests request numbers
  static constexpr std::size_t kMaxRequests = 200;
};

class Warnings {
 public:
  explicit Warnings(WarningSettings settings = {}) : settings_(std::move(settings)) {}

  // A registration on `day` in `district` × `category` with `text`; returns
  // the ids of warnings created or updated (for push).
  std::vector<std::string> on_registration(const std::string& request, Instant at, std::int32_t day,
                                           const std::string& district, const std::string& category,
                                           std::string_view text);

  const std::vector<WarningRecord>& records() const { return records_; }
  const WarningRecord* find(std::string_view id) const;
  const WarningSettings& settings() const { return settings_; }
  void set_watch_list(std::vector<std::string> words) { settings_.watch_list = std::move(words); }
  void set_hotspot(const HotspotSettings& h) { settings_.hotspot = h; }

  // Daily counts per district × category (the surge detector's memory).
  using Key = std::pair<std::string, std::string>;
  const std::map<Key, std::map<std::int32_t, std::int64_t>>& daily() const { return daily_; }

  // Bounded memory: forgets the daily counts that no baseline from `day` on
  // reads (older than baseline_days before it). A place keeps a zero count
  // on the first day kept, so that its baseline still counts the full
  // baseline_days (baseline() reads how long a place has been observed).
  void forget_before(std::int32_t day);

  // The expected count on `day` from the baseline_days before it.
  double baseline(const Key& key, std::int32_t day) const;
  // Whether `count` against `baseline` is a surge under the settings.
  bool is_surge(std::int64_t count, double baseline) const;

  friend class CheckpointCodec;

 private:
  WarningRecord& upsert(const std::string& id, bool& created);
  WarningSettings settings_;
  std::map<Key, std::map<std::int32_t, std::int64_t>> daily_;
  std::vector<WarningRecord> records_;
  std::map<std::string, std::size_t, std::less<>> index_;
};

}  // namespace hotline::analysis
