// EVA-1, APL-1, ANA-1: the analysis projection and the unit assessment,
// checked against an independent recomputation from the event history: the
// naive path folds each work order's own events (fold_work_order) and counts
// with its own rules, never touching the cube.

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include "adapters/toml/policy_file.h"
#include "core/analysis/assessment.h"
#include "core/analysis/synthetic_history.h"
#include "core/work_order/work_order_state.h"

namespace hotline::analysis {
namespace {

LocalDate date(const char* text) { return *parse_date(text); }

Organisation test_organisation() {
  std::vector<Unit> units = {
      {"office", "热线办", UnitKind::kHotlineOffice, std::nullopt, "", "", true},
      {"district.heping", "和平区人民政府", UnitKind::kDistrictGovernment, std::nullopt, "",
       "district.heping", true},
      {"street.heping.a", "甲街道", UnitKind::kStreet, "district.heping", "", "district.heping",
       true},
      {"district.hexi", "河西区人民政府", UnitKind::kDistrictGovernment, std::nullopt, "",
       "district.hexi", true},
      {"dept.transport", "市交通运输委员会", UnitKind::kMunicipalDepartment, std::nullopt,
       "tianjin-transport", "", true},
      {"dept.transport.road", "市道路运输局", UnitKind::kHandlingUnit, "dept.transport", "", "",
       true},
      {"c.district", "C市某区", UnitKind::kDistrictGovernment, std::nullopt, "city-c", "", true},
  };
  return *Organisation::create(std::move(units));
}

PolicySet policies() {
  auto set = load_policy_dir(std::filesystem::path(HOTLINE_DATA_DIR) / "policies");
  EXPECT_TRUE(set) << (set ? "" : set.error().describe());
  return *set;
}

SyntheticOptions options(std::uint64_t seed) {
  SyntheticOptions o;
  o.seed = seed;
  o.start = date("2026-10-20");
  o.days = 45;
  o.requests_per_day = 40;
  o.units = {"district.heping", "street.heping.a",     "district.hexi",
             "dept.transport",  "dept.transport.road", "c.district"};
  o.districts = {"district.heping", "district.hexi"};
  o.categories = {"城乡建设", "政法", "交通运输/出租车管理", "环境保护/环境污染/噪音污染"};
  o.dissatisfied = 0.3;
  return o;
}

// The whole history in commit order: events sorted by time (each stream's
// own order is kept: its events are strictly later one after another).
std::vector<LoggedEvent> history(const SyntheticOptions& o) {
  SyntheticHistory gen(o);
  std::vector<Event> all, one;
  while (gen.next(one)) all.insert(all.end(), one.begin(), one.end());
  std::stable_sort(all.begin(), all.end(),
                   [](const Event& a, const Event& b) { return a.at < b.at; });
  std::vector<LoggedEvent> log;
  std::int64_t position = 0;
  for (Event& e : all) log.push_back(LoggedEvent{++position * 3, std::move(e)});  // gaps allowed
  return log;
}

AnalysisProjection project(const std::vector<LoggedEvent>& log) {
  AnalysisProjection p;
  for (const LoggedEvent& e : log) EXPECT_TRUE(p.apply(e));
  return p;
}

// ---- The naive path ----------------------------------------------------------

struct NaiveUnit {
  std::int64_t accepted = 0, accepted_on_time = 0, replied = 0, replied_on_time = 0, findings = 0,
               sent_back = 0, fake = 0, evaluated = 0, good = 0, exempted = 0, excluded = 0,
               dispatched = 0, returns_approved = 0, key_supervised = 0;
};

std::map<std::string, NaiveUnit> naive(const std::vector<LoggedEvent>& log, const Period& period,
                                       const PolicySet& set, const Organisation& org) {
  std::map<std::string, std::vector<Event>> streams;
  std::map<std::string, std::string> category_of_request;
  for (const LoggedEvent& l : log) {
    streams[l.event.stream].push_back(l.event);
    if (const auto* r = std::get_if<RequestRegistered>(&l.event.body)) {
      category_of_request[l.event.stream] = r->details.items.at(0).category;
    }
  }
  auto in_period = [&](Instant t) {
    const LocalDate d = local_date(t);
    return d >= period.from && d <= period.to;
  };
  std::map<std::string, NaiveUnit> out;
  for (const auto& [stream, events] : streams) {
    if (stream.find('-') == std::string::npos) continue;
    auto folded = fold_work_order(events);
    EXPECT_TRUE(folded) << stream;
    const std::string category = category_of_request[folded->request];
    std::string lead;
    bool last_reply_proper = false;
    // The last dissatisfied evaluation (its unit, whether proper, in period).
    std::optional<std::tuple<std::string, bool, bool>> last_dissatisfied;
    std::vector<std::tuple<std::string, bool, bool>> dissatisfactions;
    for (const Event& e : events) {
      const bool in = in_period(e.at);
      if (const auto* d = std::get_if<WorkOrderDispatched>(&e.body)) {
        lead = d->lead_unit;
        if (in) ++out[lead].dispatched;
      } else if (const auto* r = std::get_if<WorkOrderRedispatched>(&e.body)) {
        lead = r->lead_unit;
        if (in) ++out[lead].dispatched;
      } else if (std::holds_alternative<ReturnApproved>(e.body)) {
        if (in) ++out[lead].returns_approved;
      } else if (const auto* a = std::get_if<WorkOrderAccepted>(&e.body)) {
        if (in) {
          ++out[lead].accepted;
          if (!a->late) ++out[lead].accepted_on_time;
        }
      } else if (const auto* rep = std::get_if<WorkOrderReplied>(&e.body)) {
        const bool findings = !rep->notes.empty() || !rep->missing.empty();
        last_reply_proper = !rep->late && !findings;
        if (in) {
          ++out[lead].replied;
          if (!rep->late) ++out[lead].replied_on_time;
          if (findings) ++out[lead].findings;
        }
      } else if (std::holds_alternative<SentBackForHandlingAgain>(e.body)) {
        if (in) ++out[lead].sent_back;
      } else if (const auto* s = std::get_if<SupervisionRaised>(&e.body)) {
        if (in && s->trigger == SupervisionTrigger::kFakeCompletion) ++out[lead].fake;
        if (in && s->key) ++out[lead].key_supervised;
      } else if (const auto* v = std::get_if<WorkOrderEvaluated>(&e.body)) {
        if (in) ++out[lead].evaluated;
        if (v->satisfaction != Satisfaction::kDissatisfied) {
          if (in) ++out[lead].good;
        } else {
          dissatisfactions.emplace_back(lead, last_reply_proper, in);
        }
      }
    }
    // APL-1: the final upheld appeal removes the last dissatisfaction.
    const bool upheld = folded->appeal == AppealStatus::kUpheld;
    for (std::size_t i = 0; i < dissatisfactions.size(); ++i) {
      const auto& [unit, proper, in] = dissatisfactions[i];
      if (!in) continue;
      const bool removed = upheld && i + 1 == dissatisfactions.size();
      std::string profile = org.profile_for(unit);
      const Policy& policy = profile.empty() ? set.default_policy() : **set.find(profile);
      if (removed && policy.assessment.exempt_upheld_appeals) {
        ++out[unit].exempted;
      } else if (proper && policy.assessment.judged_not_by_satisfaction_alone(category)) {
        ++out[unit].excluded;
      }
    }
  }
  return out;
}

std::optional<double> rate(std::int64_t num, std::int64_t den) {
  if (den <= 0) return std::nullopt;
  return static_cast<double>(num) / static_cast<double>(den);
}

std::optional<double> naive_score(const NaiveUnit& n, const AssessmentPolicy& a) {
  double sum = 0, weights = 0;
  for (const WeightedIndicator& w : a.indicators) {
    std::optional<double> r;
    switch (w.indicator) {
      case AssessmentIndicator::kOnTimeAcceptance:
        r = rate(n.accepted_on_time, n.accepted);
        break;
      case AssessmentIndicator::kOnTimeReply:
        r = rate(n.replied_on_time, n.replied);
        break;
      case AssessmentIndicator::kReplyQuality:
        r = rate(n.replied - n.findings, n.replied);
        break;
      case AssessmentIndicator::kHandlingQuality:
        r = rate(std::max<std::int64_t>(0, n.replied - n.sent_back - n.fake), n.replied);
        break;
      case AssessmentIndicator::kSatisfaction:
        r = rate(n.good, n.evaluated - n.exempted - n.excluded);
        break;
      case AssessmentIndicator::kFirstContact:
        r = rate(n.dispatched - n.returns_approved, n.dispatched);
        break;
    }
    if (r) {
      sum += w.weight * *r;
      weights += w.weight;
    }
  }
  if (weights == 0) return std::nullopt;
  double deducted = 0;
  for (const Deduction& d : a.deductions) {
    if (d.basis != DeductionBasis::kKeySupervision) continue;
    double points = static_cast<double>(n.key_supervised) * d.points;
    deducted += d.cap > 0 ? std::min(points, d.cap) : points;
  }
  return std::max(0.0, a.scale * sum / weights - deducted);
}

// ---- Tests ---------------------------------------------------------------------

TEST(AnalysisAssessment, EVA_1_APL_1_scores_match_an_independent_recomputation) {
  const PolicySet set = policies();
  const Organisation org = test_organisation();
  const auto log = history(options(7));
  const AnalysisProjection projection = project(log);
  for (const Period period :
       {*month_period("2026-11"), Period{date("2026-10-25"), date("2026-11-08")}}) {
    const auto assessed = assess_units(AssessmentInput{projection, set, org, period, {}});
    const auto expected = naive(log, period, set, org);
    ASSERT_EQ(assessed.size(), 6u);
    std::map<std::string, int> profiles;
    for (const UnitAssessment& u : assessed) {
      SCOPED_TRACE(u.unit);
      const NaiveUnit& n = expected.at(u.unit);
      const std::string profile = org.profile_for(u.unit);
      const Policy& policy = profile.empty() ? set.default_policy() : **set.find(profile);
      EXPECT_EQ(u.profile, policy.name);
      ASSERT_EQ(u.indicators.size(), policy.assessment.indicators.size());
      for (const IndicatorFigure& f : u.indicators) {
        if (f.indicator == AssessmentIndicator::kOnTimeAcceptance) {
          EXPECT_EQ(f.numerator, n.accepted_on_time);
          EXPECT_EQ(f.denominator, n.accepted);
        }
        if (f.indicator == AssessmentIndicator::kSatisfaction) {
          EXPECT_EQ(f.numerator, n.good);
          EXPECT_EQ(f.denominator, n.evaluated - n.exempted - n.excluded);
        }
      }
      const auto score = naive_score(n, policy.assessment);
      ASSERT_TRUE(u.score && score);
      EXPECT_NEAR(*u.score, *score, 1e-9);
      EXPECT_GE(u.rank, 1);
      ++profiles[u.profile];
    }
    // Both Tianjin units, the transport pair and the C unit: ranked in their profile.
    EXPECT_EQ(profiles["tianjin"], 3);
    EXPECT_EQ(profiles["tianjin-transport"], 2);
    EXPECT_EQ(profiles["city-c"], 1);
  }
}

TEST(AnalysisAssessment, APL_1_upheld_appeal_removes_the_dissatisfaction_of_its_period) {
  const PolicySet set = policies();
  const Organisation org = test_organisation();
  SyntheticOptions o = options(3);
  o.units = {"district.heping"};
  o.days = 10;
  o.start = date("2026-11-21");
  o.dissatisfied = 1.0;
  o.sent_back = 0;
  o.appealed = 1.0;
  for (double upheld : {0.0, 1.0}) {
    o.upheld = upheld;
    const auto log = history(o);
    const AnalysisProjection projection = project(log);
    const Period november = *month_period("2026-11");
    const auto assessed = assess_units(AssessmentInput{projection, set, org, november, {}});
    ASSERT_EQ(assessed.size(), 1u);
    const IndicatorFigure& sat = assessed[0].indicators.back();
    ASSERT_EQ(sat.indicator, AssessmentIndicator::kSatisfaction);
    EXPECT_EQ(sat.numerator, 0);
    const Counters c = unit_counters(projection, "district.heping", november);
    EXPECT_GT(c[Measure::kDissatisfied], 0);
    if (upheld == 0) {
      EXPECT_EQ(c[Measure::kExempted], 0);
    } else {
      // Every dissatisfaction of November was appealed and upheld, some of
      // them reviewed in December: November's figure changed anyway.
      EXPECT_EQ(c[Measure::kExempted], c[Measure::kDissatisfied]);
      EXPECT_FALSE(sat.rate.has_value()) << "no evaluation left to judge";
    }
  }
}

TEST(AnalysisAssessment, EVA_1_every_figure_opens_to_its_work_orders) {
  const PolicySet set = policies();
  const Organisation org = test_organisation();
  const AnalysisProjection projection = project(history(options(11)));
  const Period period = *month_period("2026-11");
  for (const UnitAssessment& u : assess_units(AssessmentInput{projection, set, org, period, {}})) {
    const Policy& policy = **set.find(u.profile);
    for (const IndicatorFigure& f : u.indicators) {
      SCOPED_TRACE(u.unit + " " + std::string(to_string(f.indicator)));
      const auto rows = drill_down(projection, u.unit, period, f.indicator, policy.assessment);
      std::int64_t against = 0, denominator = 0;
      for (const DrillDownRow& r : rows) {
        against += r.counts_against ? 1 : 0;
        denominator += r.measures.at(indicator_measures(f.indicator).front());
      }
      if (f.indicator == AssessmentIndicator::kSatisfaction) {
        // Exempted and excluded evaluations are rows but not in the denominator;
        // a work order evaluated twice is one row.
        std::int64_t good = 0;
        for (const DrillDownRow& r : rows) {
          const auto m = [&](Measure x) { return r.measures.contains(x) ? r.measures.at(x) : 0; };
          good += m(Measure::kSatisfied) + m(Measure::kBasicallySatisfied);
          if (r.counts_against) {
            EXPECT_GT(m(Measure::kDissatisfied), 0);
          }
        }
        EXPECT_GE(denominator, f.denominator);
        EXPECT_EQ(good, f.numerator);
      } else {
        EXPECT_EQ(denominator, f.denominator);
        if (f.indicator != AssessmentIndicator::kHandlingQuality) {
          EXPECT_EQ(denominator - against, f.numerator);
        }
      }
    }
  }
}

TEST(AnalysisProjection, ANA_1_cursor_makes_replays_idempotent) {
  const auto log = history(options(5));
  const AnalysisProjection whole = project(log);
  AnalysisProjection resumed;
  const std::size_t half = log.size() / 2;
  for (std::size_t i = 0; i < half; ++i) ASSERT_TRUE(resumed.apply(log[i]));
  // A crash after the checkpoint at `half`: the reader starts again from an
  // earlier position; what was applied is skipped.
  for (std::size_t i = half / 2; i < log.size(); ++i) ASSERT_TRUE(resumed.apply(log[i]));
  EXPECT_EQ(resumed.cursor(), whole.cursor());
  const Period all{date("2026-10-01"), date("2027-01-31")};
  Counters a, b;
  whole.cube().for_each(all.first(), all.last(), [&](auto, auto, const Counters& c) { a.add(c); });
  resumed.cube().for_each(all.first(), all.last(),
                          [&](auto, auto, const Counters& c) { b.add(c); });
  EXPECT_EQ(a.values, b.values);
  EXPECT_EQ(a[Measure::kRegistered], 45 * 40);
}

TEST(AnalysisProjection, ANA_1_work_order_event_before_dispatch_is_refused) {
  AnalysisProjection p;
  Event e{"2026110100000001-1", 1, at_local(date("2026-11-01")), Actor::system(), "", "",
          WorkOrderAccepted{}};
  EXPECT_FALSE(p.apply(LoggedEvent{1, e}));
  EXPECT_EQ(p.cursor(), 0);
}

TEST(AnalysisPolicy, EVA_1_each_profile_has_its_assessment_with_articles) {
  const PolicySet set = policies();
  for (const auto& [name, policy] : set.profiles) {
    SCOPED_TRACE(name);
    ASSERT_TRUE(policy.assessment.present);
    EXPECT_FALSE(policy.assessment.article.empty());
    for (const WeightedIndicator& w : policy.assessment.indicators) {
      EXPECT_FALSE(w.article.empty());
    }
  }
  const auto has = [&](const char* profile, AssessmentIndicator i) {
    for (const auto& w : set.profiles.at(profile).assessment.indicators) {
      if (w.indicator == i) return true;
    }
    return false;
  };
  EXPECT_TRUE(has("city-c", AssessmentIndicator::kFirstContact));  // C14
  EXPECT_FALSE(has("tianjin", AssessmentIndicator::kFirstContact));
  EXPECT_EQ(set.profiles.at("tianjin-transport").assessment.deductions.size(), 2u);  // T22, T24
}

std::string tianjin_text() {
  std::ifstream in(std::filesystem::path(HOTLINE_DATA_DIR) / "policies" / "tianjin.toml");
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(AnalysisPolicy, EVA_1_a_wrong_assessment_is_refused_with_its_line) {
  std::string text = tianjin_text();
  const std::string good = "indicator = \"reply-quality\"\nweight = 0.15";
  ASSERT_NE(text.find(good), std::string::npos);
  std::string bad = text;
  bad.replace(bad.find(good), good.size(), "indicator = \"reply-quality\"\nweight = -0.15");
  auto r = parse_policy(bad, "tianjin.toml");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("assessment.indicator[2].weight"), std::string::npos)
      << r.error().message;
  bad = text;
  bad.replace(bad.find(good), good.size(), "indicator = \"speed\"\nweight = 0.15");
  r = parse_policy(bad, "tianjin.toml");
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message.find("speed"), std::string::npos) << r.error().message;
  bad = text;
  bad.replace(bad.find(good), good.size(), good + "\nbonus = 1");
  EXPECT_FALSE(parse_policy(bad, "tianjin.toml"));
}

}  // namespace
}  // namespace hotline::analysis
