// DIS-8 [M15, R26]: the office's corrections of a request's classification.
// They are the labels the classifiers retrain on (hotline model
// export-training); deadlines already set on work orders do not move (R11).

#include "core/engine/engine.h"
#include "core/engine/permissions.h"
#include "core/engine/refusals.h"
#include "core/text.h"

namespace hotline {

namespace {
constexpr std::size_t kMaxCategory = 200;  // code points of a category path
}  // namespace

Result<RequestState> Engine::reclassify(const CommandContext& ctx, const std::string& number,
                                        RequestReclassified correction) {
  if (auto st = authorize(ctx.actor, Action::kReclassify, nullptr, organisation_); !st) {
    return fail(st.error());
  }
  auto state = load_request(ctx, number);
  if (!state) return state;
  if (auto st = require_reason(ctx.reason, "更正分类的理由"); !st) return fail(st.error());
  if (correction.categories.empty() && !correction.type && !correction.urgency) {
    return fail(Error::invalid("categories", "nothing to correct: give categories, type or urgency",
                               "须至少更正一项：分类、诉求类型或紧急程度"));
  }
  RequestReclassified changed;
  for (auto& c : correction.categories) {
    const std::string field = "categories[" + std::to_string(c.item) + "]";
    if (c.item < 0 || static_cast<std::size_t>(c.item) >= state->details.items.size()) {
      return fail(Error::invalid(field, "no such item in request " + number,
                                 "诉求中没有第" + std::to_string(c.item + 1) + "项"));
    }
    c.category = std::string(trim(c.category));
    if (!is_valid_utf8(c.category) || c.category.empty() ||
        code_points(c.category) > kMaxCategory) {
      return fail(Error::invalid(field, "a category path of at most 200 characters",
                                 "分类须为不超过200个字符的有效文本"));
    }
    if (state->details.items[static_cast<std::size_t>(c.item)].category != c.category) {
      changed.categories.push_back(std::move(c));
    }
  }
  if (correction.type && *correction.type != state->details.type) changed.type = correction.type;
  if (correction.urgency && *correction.urgency != state->details.urgency) {
    changed.urgency = correction.urgency;
  }
  // Nothing differs: recording it again would only add noise to the labels.
  if (changed.categories.empty() && !changed.type && !changed.urgency) return state;
  return commit(ctx, *state, {{std::move(changed), "M15", "", std::nullopt}});
}

}  // namespace hotline
