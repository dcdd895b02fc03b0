// Update requests of the office to units (KB-3 [R17]).
#include <algorithm>
#include <chrono>
#include <set>
#include <utility>

#include "core/calendar/deadline_clock.h"
#include "core/knowledge/knowledge_detail.h"
#include "core/knowledge/knowledge_service.h"
#include "core/knowledge/screening.h"
#include "core/text.h"

namespace hotline {

using namespace knowledge_detail;

// ---------------------------------------------------------------------------
// Update requests (KB-3)

Result<UpdateRequest> KnowledgeService::request_update(const Actor& actor, const std::string& unit,
                                                       UpdateKind kind, const std::string& article,
                                                       const std::string& text, bool emergency) {
  if (!is_reviewer(actor.role)) {
    return fail(Error::forbidden("KB-3", "R17", "update requests come from the office of hotline",
                                 "知识信息需求由热线工作机构提出"));
  }
  const Unit* u = organisation_.find(unit);
  if (!u || !u->is_undertaking()) {
    return fail(Error::invalid("unit", "no undertaking unit " + unit, "承办单位不存在：" + unit));
  }
  if (trim(text).empty()) {
    return fail(Error::invalid("text", "say what is to be added or corrected", "请说明需求内容"));
  }
  if (kind != UpdateKind::kAdd) {
    auto a = load(article);
    if (!a) return fail(a.error());
    if (a->unit != unit && !organisation_.is_within(a->unit, unit)) {
      return fail(Error::invalid("article", "article " + article + " belongs to " + a->unit,
                                 "该条目不属于该单位"));
    }
  }
  const Instant now = clock_.now();
  const auto& kb = policy_for_unit(unit).knowledge_base;
  const auto& period = emergency ? kb.emergency_update_within : kb.update_within;
  auto due = add_period(calendar_, now, period.value);
  if (!due) return fail(due.error());
  auto id = next_id("knowledge-request", "KR");
  if (!id) return fail(id.error());
  UpdateRequest r;
  r.id = *id;
  r.unit = unit;
  r.kind = kind;
  r.article = article;
  r.text = text;
  r.emergency = emergency;
  r.requested_at = now;
  r.due = *due;
  r.due_article = period.article;
  r.steps.push_back({now, actor, "requested", text, "KB-3", period.article});
  KnowledgeCommit c;
  c.requests.push_back({r});
  c.notices.push_back({0, unit, now, "update-request", r.id,
                       "热线工作机构提出知识信息" + std::string(to_chinese(kind)) + "需求，请于" +
                           format_iso8601(r.due) + "前完成：" + text});
  if (auto st = store_.commit(c); !st) return fail(st.error());
  r.revision_number = 1;
  return r;
}

Result<UpdateRequest> KnowledgeService::complete_request(const Actor& actor, const std::string& id,
                                                         const std::string& article,
                                                         const std::string& note) {
  auto loaded = store_.load_request(id);
  if (!loaded) return fail(loaded.error());
  if (!*loaded) return fail(Error::not_found("update request " + id, "知识信息需求不存在"));
  UpdateRequest r = std::move(**loaded);
  if (auto st = may_maintain(actor, r.unit, "complete requests for"); !st) return fail(st.error());
  if (!r.is_open()) {
    return fail(Error::conflict("update request " + id + " is " + std::string(to_string(r.status)),
                                "该需求已办结"));
  }
  const std::string target = article.empty() ? r.article : article;
  auto a = load(target);
  if (!a) return fail(a.error());
  if (!organisation_.is_within(a->unit, r.unit)) {
    return fail(Error::invalid("article", "article " + target + " is not the unit's",
                               "该条目不属于本单位"));
  }
  // The article must show the unit's work since the request. R17 完成增补、
  // 修改: an addition or correction is done when the text is submitted for
  // the office's review or published, not while it is a draft.
  auto changes = store_.history(target);
  if (!changes) return fail(changes.error());
  bool worked = false;
  for (const auto& c : *changes) {
    if (c.at < r.requested_at) continue;
    const bool delivered = c.action == "submit" || c.action == "approve" ||
                           (c.action == "import" && c.status != ArticleStatus::kDraft);
    const bool fits =
        ((r.kind == UpdateKind::kAdd || r.kind == UpdateKind::kCorrect) && delivered) ||
        (r.kind == UpdateKind::kConfirm && (c.action == "confirm" || c.action == "approve")) ||
        (r.kind == UpdateKind::kWithdraw && c.action == "withdraw");
    worked = worked || fits;
  }
  if (!worked) {
    return fail(Error::refused("KB-3", r.due_article,
                               "article " + target + " shows no " + std::string(to_string(r.kind)) +
                                   " since the request was made",
                               "条目" + target + "在需求提出后没有相应的" +
                                   std::string(to_chinese(r.kind)) +
                                   "记录（增补、修改须提交审核或已发布，草稿不算完成）"));
  }
  const Instant now = clock_.now();
  r.done_at = now;
  r.result_article = target;
  r.status = now > r.due ? UpdateRequestStatus::kDoneLate : UpdateRequestStatus::kDone;
  r.steps.push_back({now, actor, "done", note, "KB-3", r.due_article});
  KnowledgeCommit c;
  c.requests.push_back({r});
  if (r.status == UpdateRequestStatus::kDoneLate) {
    // The sweep may not have seen it yet; supervision is recorded once.
    bool recorded = false;
    for (const auto& s : r.steps) recorded = recorded || s.action == "overdue";
    if (!recorded) {
      c.supervisions.push_back(supervision(r.unit, "KB-3", "M22(5), " + r.due_article, r.id,
                                           "update request done after its deadline",
                                           "知识信息需求超期完成"));
    }
  }
  if (auto st = store_.commit(c); !st) return fail(st.error());
  r.revision_number += 1;
  return r;
}

Result<std::vector<UpdateRequest>> KnowledgeService::requests(const Actor& actor,
                                                              const RequestFilter& filter) {
  RequestFilter f = filter;
  if (is_unit_role(actor.role)) {
    f.unit = actor.unit;
  } else if (!is_office_role(actor.role)) {
    return fail(Error::forbidden("KB-3", "R17", "update requests are for the office and units",
                                 "无权查看知识信息需求"));
  }
  return store_.list_requests(f);
}

}  // namespace hotline
