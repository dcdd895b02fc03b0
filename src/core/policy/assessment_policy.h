#pragma once
// EVA-1 [R23, M23]: how a profile evaluates its units, as policy data. Each
// indicator is a rate in 0..1 computed from the analysis aggregates; the
// score is the weighted mean of the indicators that have data, times the
// scale, minus deductions (T24 circulation, T22 key supervision), floored at
// 0. Weights and points are the office's setting under the cited article;
// the file (data/policies/*.toml, [assessment]) cites it beside every number.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hotline {

// What an indicator measures (its wire name in the policy file).
enum class AssessmentIndicator {
  kOnTimeAcceptance,  // 按时接收 (R23): accepted on time / accepted
  kOnTimeReply,       // 按时反馈 (R23): replied on time / replied
  kReplyQuality,      // 解答情况 (R23, R13): replies without reply-check findings / replied
  kHandlingQuality,  // 办理情况 (R23, R14(2), T22(3)): 1 − (sent back + fake completion) / replied
  kSatisfaction,  // 满意度 after exemptions (M23, R24)
  kFirstContact,  // 首接负责 (C14): 1 − returns approved / dispatched
};
std::string_view to_string(AssessmentIndicator i);
std::string_view to_chinese(AssessmentIndicator i);
std::optional<AssessmentIndicator> parse_assessment_indicator(std::string_view s);

// What a deduction counts.
enum class DeductionBasis {
  kCirculation,     // 通报批评 records of the period (EVA-2, T24)
  kKeySupervision,  // work orders put under (key) supervision in the period (T22)
};
std::string_view to_string(DeductionBasis b);
std::optional<DeductionBasis> parse_deduction_basis(std::string_view s);

struct WeightedIndicator {
  AssessmentIndicator indicator = AssessmentIndicator::kOnTimeAcceptance;
  double weight = 0;
  std::string article;
  std::string note;
};

struct Deduction {
  DeductionBasis basis = DeductionBasis::kCirculation;
  double points = 0;  // per record
  double cap = 0;     // at most this many points in a period; 0: no cap
  std::string article;
  std::string note;
};

// ANA-2 [R27, C27]: a district × category is a hot spot when its count in a
// period reaches `min_count` and exceeds its own baseline (the mean over the
// `baseline_days` before, scaled to the period) by `z` Poisson standard
// deviations. The numbers are the office's setting under R27.
struct HotspotSettings {
  int baseline_days = 28;
  int min_count = 5;
  double z = 3.0;
  std::string article;  // "R27"
};

struct AssessmentPolicy {
  bool present = false;  // false: the profile has no [assessment] section
  std::string article;   // "R23"
  std::string title;     // 综合评价
  double scale = 100;    // score of a unit with every rate at 1
  std::vector<WeightedIndicator> indicators;
  std::vector<Deduction> deductions;
  // APL-1 [M23, R24]: an upheld appeal removes the dissatisfaction.
  bool exempt_upheld_appeals = true;
  std::string exemption_article;
  // APL-1 [D25, M23]: mediation and law-enforcement matters are not judged by
  // satisfaction alone: a dissatisfaction on such a matter replied on time
  // and without reply-check findings is left out of the satisfaction rate.
  // Categories are paths of the category tree (a prefix covers its subtree).
  std::vector<std::string> not_by_satisfaction_alone;
  std::string not_by_satisfaction_alone_article;
  HotspotSettings hotspot;

  bool judged_not_by_satisfaction_alone(std::string_view category) const;
};

}  // namespace hotline
