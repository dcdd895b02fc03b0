#include "core/oversight/oversight_service.h"

#include <algorithm>
#include <set>

#include "core/oversight/text_mask.h"
#include "core/security/visibility.h"
#include "core/text.h"

namespace hotline::oversight {
namespace {

constexpr std::size_t kMaxText = 2000;        // code points of a reason, opinion or answer
constexpr std::size_t kMaxWorkOrders = 200;   // work orders named by one circulation
constexpr std::size_t kExportLimit = 100000;  // circulations of one month in an export

bool is_office_recorder(const Actor& a) {
  return a.role == Role::kSupervisor || a.role == Role::kAdministrator;
}
bool reads_everything(const Actor& a) {
  return (is_office_role(a.role) && a.role != Role::kSystem) || a.role == Role::kAnalyst;
}
bool is_social_supervisor(const Actor& a) { return a.role == Role::kSocialSupervisor; }

Error forbidden(std::string rule, std::string article, std::string what, std::string zh) {
  return Error::forbidden(std::move(rule), std::move(article), std::move(what), std::move(zh));
}

Result<std::string> text_field(std::string_view field, std::string_view text) {
  if (!is_valid_utf8(text)) {
    return fail(Error::invalid(std::string(field), "is not valid UTF-8", "文本编码无效"));
  }
  const std::string_view t = trim(text);
  if (t.empty()) return fail(Error::invalid(std::string(field), "must not be empty", "不能为空"));
  if (code_points(t) > kMaxText) {
    return fail(Error::invalid(std::string(field),
                               "at most " + std::to_string(kMaxText) + " characters",
                               "不能超过" + std::to_string(kMaxText) + "个字"));
  }
  return std::string(t);
}

std::string month_of(Instant t) { return format_date(local_date(t)).substr(0, 7); }

Error opinion_not_found(std::int64_t id) {
  return Error::not_found("opinion " + std::to_string(id), "未找到该监督意见");
}
Error work_order_not_found(const std::string& id) {
  return Error::not_found("work order " + id, "未找到该工单");
}

}  // namespace

OversightService::OversightService(OversightStore& store, analysis::AnalysisService& analysis,
                                   Engine& engine, const Organisation& organisation,
                                   const Clock& clock, SamplingRule rule)
    : store_(store),
      analysis_(analysis),
      engine_(engine),
      organisation_(organisation),
      clock_(clock),
      rule_(std::move(rule)) {}

// ---------------------------------------------------------------- EVA-2

Result<Circulation> OversightService::record_circulation(const Actor& actor,
                                                         const CirculationInput& in,
                                                         CommandAudit* audit) {
  if (!is_office_recorder(actor)) {
    return fail(forbidden("EVA-2", "T24", "only the office's supervisors circulate units",
                          "仅热线工作机构督办人员可以通报单位"));
  }
  const Unit* unit = organisation_.find(in.unit);
  if (unit == nullptr || !unit->is_undertaking()) {
    return fail(Error::invalid("unit", "unknown undertaking unit " + in.unit, "承办单位不存在"));
  }
  auto month = check_month(in.month);
  if (!month) return fail(month.error());
  auto ground = parse_circulation_ground(in.ground);
  if (!ground) {
    return fail(Error::invalid("ground",
                               "allowed: buck-passing, refused-supervision, media-exposure "
                               "(通报批评, T24), exemplary-practice (T26), active-governance (D26)",
                               "通报事由无法识别"));
  }
  auto reason = text_field("reason", in.reason);
  if (!reason) return fail(reason.error());
  if (in.work_orders.size() > kMaxWorkOrders) {
    return fail(Error::invalid("work_orders", "at most 200 work orders", "工单不能超过200个"));
  }
  Circulation c;
  c.unit = in.unit;
  c.month = *month;
  c.ground = *ground;
  c.kind = kind_of(*ground);
  c.article = std::string(article_of(*ground));
  c.reason = mask_personal_text(*reason);
  std::set<std::string> seen;
  for (std::size_t i = 0; i < in.work_orders.size(); ++i) {
    const std::string& id = in.work_orders[i];
    const std::string field = "work_orders[" + std::to_string(i) + "]";
    if (!seen.insert(id).second) {
      return fail(Error::invalid(field, "named twice", "工单重复"));
    }
    auto state = engine_.work_order(id);
    if (!state) return fail(Error::invalid(field, "no work order " + id, "工单不存在"));
    bool involved = false;
    for (const std::string* u : {&state->lead_unit, &state->handling_unit}) {
      if (!u->empty() && organisation_.is_within(*u, in.unit)) involved = true;
    }
    for (const auto& u : state->assisting_units) {
      if (organisation_.is_within(u, in.unit)) involved = true;
    }
    for (const auto& u : state->earlier_units) {
      if (organisation_.is_within(u, in.unit)) involved = true;
    }
    if (!involved) {
      return fail(Error::invalid(field, "work order " + id + " was never the unit's",
                                 "该工单与被通报单位无关"));
    }
    c.work_orders.push_back(id);
  }
  for (std::size_t i = 0; i < in.indicators.size(); ++i) {
    if (!parse_assessment_indicator(in.indicators[i])) {
      return fail(Error::invalid("indicators[" + std::to_string(i) + "]",
                                 "unknown indicator; allowed: on-time-acceptance, on-time-reply, "
                                 "reply-quality, handling-quality, satisfaction, first-contact",
                                 "无法识别的评价指标"));
    }
    c.indicators.push_back(in.indicators[i]);
  }
  c.recorded_by = actor;
  c.recorded_at = clock_.now();
  return store_.add_circulation(std::move(c), audit);
}

bool OversightService::sees_circulation(const Actor& actor, const Circulation& c) const {
  if (reads_everything(actor)) return true;
  return is_unit_role(actor.role) && !actor.unit.empty() &&
         organisation_.is_within(c.unit, actor.unit);
}

Result<std::vector<Circulation>> OversightService::circulations(const Actor& actor,
                                                                CirculationFilter filter) {
  if (filter.month) {
    if (auto m = check_month(*filter.month); !m) return fail(m.error());
  }
  if (!reads_everything(actor)) {
    if (!is_unit_role(actor.role) || organisation_.find(actor.unit) == nullptr) {
      return fail(
          forbidden("EVA-2", "T24", "this role sees no circulations", "该角色无权查看通报记录"));
    }
    if (filter.unit && !organisation_.is_within(*filter.unit, actor.unit)) {
      return fail(Error::not_found("unit " + *filter.unit, "未找到该单位"));
    }
    filter.any_of_units = units_within(organisation_, actor.unit);
  }
  return store_.list_circulations(filter);
}

Result<Circulation> OversightService::circulation(const Actor& actor, std::int64_t id) {
  auto c = store_.circulation(id);
  if (!c) return fail(c.error());
  if (!*c || !sees_circulation(actor, **c)) {
    return fail(Error::not_found("circulation " + std::to_string(id), "未找到该通报记录"));
  }
  return std::move(**c);
}

Result<PerformanceExport> OversightService::performance(const Actor& actor,
                                                        std::string_view month) {
  auto checked = check_month(month);
  if (!checked) return fail(checked.error());
  auto period = analysis::month_period(*checked);
  if (!period) return fail(period.error());
  auto scope = analysis_.scope_of(actor);
  if (!scope) {
    return fail(forbidden("EVA-2", "D25", "this role sees no performance assessment",
                          "该角色无权查看绩效考评数据"));
  }
  CirculationFilter filter;
  filter.month = *checked;
  filter.limit = kExportLimit;
  auto circulated = store_.list_circulations(filter);
  if (!circulated) return fail(circulated.error());
  std::map<std::string, std::int64_t> criticisms;
  for (const Circulation& c : *circulated) {
    if (c.kind == CirculationKind::kCriticism) ++criticisms[c.unit];
  }
  if (auto r = analysis_.refresh(); !r) return fail(r.error());
  auto assessed = analysis_.read(
      *period, DayDetail::kCoarse,
      [&](const analysis::AnalysisProjection& p) -> Result<std::vector<analysis::UnitAssessment>> {
        return analysis::assess_units(
            analysis::AssessmentInput{p, analysis_.policies(), organisation_, *period, criticisms});
      });
  if (!assessed) return fail(assessed.error());
  PerformanceExport out{*checked, *period, {}};
  std::set<std::string> listed;
  for (auto& a : *assessed) {
    if (!scope->has_unit(a.unit)) continue;
    listed.insert(a.unit);
    out.rows.push_back(PerformanceRow{std::move(a), {}, 0, 0});
  }
  // A unit circulated in a month it led no work order still has its line.
  for (const Circulation& c : *circulated) {
    if (listed.count(c.unit) != 0 || !scope->has_unit(c.unit)) continue;
    listed.insert(c.unit);
    analysis::UnitAssessment empty;
    empty.unit = c.unit;
    if (const Unit* u = organisation_.find(c.unit)) empty.name = u->name;
    out.rows.push_back(PerformanceRow{std::move(empty), {}, 0, 0});
  }
  for (PerformanceRow& row : out.rows) {
    for (const Circulation& c : *circulated) {
      if (c.unit != row.assessment.unit) continue;
      row.circulations.push_back(c);
      (c.kind == CirculationKind::kCriticism ? row.criticisms : row.praises) += 1;
    }
  }
  return out;
}

// ---------------------------------------------------------------- EVA-4

Result<std::vector<std::string>> OversightService::sample_ids(std::string_view month) {
  if (auto r = analysis_.refresh(); !r) return fail(r.error());
  return analysis_.read(
      [&](const analysis::AnalysisProjection& p) { return sample_closed(p, month, rule_); });
}

Result<std::optional<std::string>> OversightService::sampled_month(const std::string& id) {
  if (auto r = analysis_.refresh(); !r) return fail(r.error());
  return analysis_.read(
      [&](const analysis::AnalysisProjection& p) -> Result<std::optional<std::string>> {
        std::string month;
        if (const analysis::WorkOrderFacts* w = p.work_order(id); w != nullptr) {
          if (!w->closed_at) return std::optional<std::string>();
          month = month_of(*w->closed_at);
        } else if (AnalysisArchive* archive = p.archive(); archive != nullptr) {
          // Closed longer than the appeal window: its facts are archived.
          auto record = archive->get(id);
          if (!record) return fail(record.error());
          if (!*record || !(*record)->closed_day) return std::optional<std::string>();
          month = format_date(analysis::from_day_number(*(*record)->closed_day)).substr(0, 7);
        } else {
          return std::optional<std::string>();
        }
        auto ids = sample_closed(p, month, rule_);
        if (!ids) return fail(ids.error());
        if (!std::binary_search(ids->begin(), ids->end(), id)) return std::optional<std::string>();
        return std::optional<std::string>(month);
      });
}

Result<std::vector<SampledWorkOrder>> OversightService::sample(const Actor& actor,
                                                               std::string_view month) {
  if (!is_social_supervisor(actor) && !reads_everything(actor)) {
    return fail(forbidden("EVA-4", "R22", "the sample is for social supervisors and the office",
                          "抽样工单仅供社会监督员和热线工作机构查看"));
  }
  auto checked = check_month(month);
  if (!checked) return fail(checked.error());
  auto ids = sample_ids(*checked);
  if (!ids) return fail(ids.error());
  std::vector<SampledWorkOrder> out;
  for (const std::string& id : *ids) {
    auto w = engine_.work_order(id);
    if (!w) continue;  // the projection saw it: only a store failure lands here
    auto r = engine_.request(w->request);
    if (!r || !may_show(*r)) continue;
    out.push_back(sampled_view(*w, *r, organisation_, *checked));
  }
  return out;
}

Result<SampledWorkOrder> OversightService::sampled_work_order(const Actor& actor,
                                                              const std::string& id) {
  if (!is_social_supervisor(actor) && !reads_everything(actor)) {
    return fail(forbidden("EVA-4", "R22", "the sample is for social supervisors and the office",
                          "抽样工单仅供社会监督员和热线工作机构查看"));
  }
  auto month = sampled_month(id);
  if (!month) return fail(month.error());
  // Outside the sample and not there look the same.
  if (!*month) return fail(work_order_not_found(id));
  auto w = engine_.work_order(id);
  if (!w) return fail(work_order_not_found(id));
  auto r = engine_.request(w->request);
  if (!r || !may_show(*r)) return fail(work_order_not_found(id));
  return sampled_view(*w, *r, organisation_, **month);
}

Result<Opinion> OversightService::leave_opinion(const Actor& actor, const std::string& work_order,
                                                std::string_view text, CommandAudit* audit) {
  if (!is_social_supervisor(actor)) {
    return fail(forbidden("EVA-4", "R22", "opinions are left by social supervisors",
                          "监督意见仅由社会监督员提出"));
  }
  auto checked = text_field("text", text);
  if (!checked) return fail(checked.error());
  if (!work_order.empty()) {
    auto seen = sampled_work_order(actor, work_order);
    if (!seen) return fail(seen.error());
  }
  Opinion o;
  o.author = actor.id;  // always the caller: nobody leaves an opinion in another's name
  o.work_order = work_order;
  o.text = mask_personal_text(*checked);
  o.created_at = clock_.now();
  return store_.add_opinion(std::move(o), audit);
}

Result<std::vector<Opinion>> OversightService::opinions(const Actor& actor, OpinionFilter filter) {
  if (is_social_supervisor(actor)) {
    filter.author = actor.id;
  } else if (!reads_everything(actor)) {
    return fail(forbidden("EVA-4", "R22", "this role sees no supervision opinions",
                          "该角色无权查看监督意见"));
  }
  return store_.list_opinions(filter);
}

Result<Opinion> OversightService::opinion(const Actor& actor, std::int64_t id) {
  auto o = store_.opinion(id);
  if (!o) return fail(o.error());
  if (!*o) return fail(opinion_not_found(id));
  const bool mine = is_social_supervisor(actor) && (*o)->author == actor.id;
  if (!mine && !reads_everything(actor)) return fail(opinion_not_found(id));
  return std::move(**o);
}

Result<Opinion> OversightService::answer_opinion(const Actor& actor, std::int64_t id,
                                                 std::string_view answer, CommandAudit* audit) {
  if (!is_office_recorder(actor)) {
    return fail(forbidden("EVA-4", "R22", "the office's supervisors answer opinions",
                          "监督意见由热线工作机构督办人员答复"));
  }
  auto text = text_field("answer", answer);
  if (!text) return fail(text.error());
  if (auto st = store_.answer_opinion(id, mask_personal_text(*text), actor.id, clock_.now(), audit);
      !st) {
    return fail(st.error());
  }
  return opinion(actor, id);
}

}  // namespace hotline::oversight
