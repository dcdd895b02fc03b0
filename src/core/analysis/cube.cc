#include "core/analysis/cube.h"

#include <bit>
#include <chrono>

#include "core/analysis/varint.h"
#include "core/enum_table.h"

namespace hotline::analysis {
namespace {

constexpr EnumTable<Measure, kMeasureCount> kMeasures{{
    {Measure::kRegistered, "registered", "登记"},
    {Measure::kDispatched, "dispatched", "派单"},
    {Measure::kAccepted, "accepted", "接单"},
    {Measure::kAcceptedOnTime, "accepted-on-time", "按时接单"},
    {Measure::kReplied, "replied", "答复"},
    {Measure::kRepliedOnTime, "replied-on-time", "按时答复"},
    {Measure::kReplyFindings, "reply-findings", "答复问题"},
    {Measure::kSentBack, "sent-back", "退回再次办理"},
    {Measure::kReturnsApplied, "returns-applied", "申请退回"},
    {Measure::kReturnsApproved, "returns-approved", "退回通过"},
    {Measure::kEvaluated, "evaluated", "评价"},
    {Measure::kSatisfied, "satisfied", "满意"},
    {Measure::kBasicallySatisfied, "basically-satisfied", "基本满意"},
    {Measure::kDissatisfied, "dissatisfied", "不满意"},
    {Measure::kDissatisfiedProper, "dissatisfied-proper", "不满意（依规办理）"},
    {Measure::kExempted, "exempted", "申诉成立"},
    {Measure::kExemptedProper, "exempted-proper", "申诉成立（依规办理）"},
    {Measure::kClosed, "closed", "归档"},
    {Measure::kSupervised, "supervised", "督办"},
    {Measure::kKeySupervised, "key-supervised", "重点督办"},
    {Measure::kFakeCompletion, "fake-completion", "虚假办结"},
    {Measure::kDispatchWaitSeconds, "dispatch-wait-seconds", "派单等待秒数"},
    {Measure::kDispatchWaits, "dispatch-waits", "派单等待件数"},
    {Measure::kAcceptWaitSeconds, "accept-wait-seconds", "接单等待秒数"},
    {Measure::kAcceptWaits, "accept-waits", "接单等待件数"},
    {Measure::kHandleWaitSeconds, "handle-wait-seconds", "办理用时秒数"},
    {Measure::kHandleWaits, "handle-waits", "办理件数"},
    {Measure::kVisitWaitSeconds, "visit-wait-seconds", "回访等待秒数"},
    {Measure::kVisitWaits, "visit-waits", "回访件数"},
}};

}  // namespace

std::string_view to_string(Measure m) { return enum_name(kMeasures, m); }
std::optional<Measure> parse_measure(std::string_view s) { return enum_parse(kMeasures, s); }

std::uint16_t Dictionary::id(std::string_view name) {
  if (auto it = ids_.find(std::string(name)); it != ids_.end()) return it->second;
  if (names_.size() >= 65535) return 65535;
  const auto n = static_cast<std::uint16_t>(names_.size());
  names_.emplace_back(name);
  ids_.emplace(std::string(name), n);
  return n;
}

std::optional<std::uint16_t> Dictionary::find(std::string_view name) const {
  if (auto it = ids_.find(std::string(name)); it != ids_.end()) return it->second;
  return std::nullopt;
}

const std::string& Dictionary::name(std::uint16_t id) const {
  static const std::string kOther = "(other)";
  return id < names_.size() ? names_[id] : kOther;
}

std::size_t Cube::cells() const {
  std::size_t n = 0;
  for (const auto& [day, cells] : days_) n += cells.size();
  return n;
}

void Cube::add_day_cell(std::int32_t day, std::uint64_t key, const Counters& c) {
  SparseCounters& cell = days_[day][key];
  for (std::size_t i = 0; i < kMeasureCount; ++i) {
    if (c.values[i] != 0) cell.add(static_cast<Measure>(i), c.values[i]);
  }
  rollup_.add_day(day, Dims::unpack(key), c);
}

std::map<std::int32_t, Cube::Day> Cube::take_days_before(std::int32_t cutoff) {
  std::map<std::int32_t, Day> taken;
  auto end = days_.lower_bound(cutoff);
  for (auto it = days_.begin(); it != end; ++it) taken.emplace(it->first, std::move(it->second));
  days_.erase(days_.begin(), end);
  rollup_.drop_days_before(cutoff);
  return taken;
}

std::string Cube::encode_day(const Day& cells) {
  varint::Writer w;
  w.u(cells.size());
  for (const auto& [key, sparse] : cells) varint::write_cell(w, key, sparse.dense());
  return w.take();
}

std::string Cube::encode_coarse_day(const Day& cells) {
  Day coarse;
  for (const auto& [key, sparse] : cells) {
    const Counters c = sparse.dense();
    SparseCounters& into = coarse[Rollup::coarse(Dims::unpack(key)).pack()];
    for (std::size_t m = 0; m < kMeasureCount; ++m) {
      if (c.values[m] != 0) into.add(static_cast<Measure>(m), c.values[m]);
    }
  }
  return encode_day(coarse);
}

bool Cube::decode_day(std::string_view bytes,
                      const std::function<void(std::uint64_t, const Counters&)>& fn) {
  varint::Reader r(bytes);
  for (std::size_t n = r.n(), c = 0; c < n && r.ok(); ++c) {
    std::uint64_t key = 0;
    Counters counters;
    if (!varint::read_cell(r, key, counters)) return false;
    fn(key, counters);
  }
  return r.ok() && r.at_end();
}

std::size_t Cube::paged_bytes() const {
  std::size_t n = 0;
  for (const auto& [day, parts] : paged_) {
    for (const std::string& part : parts) n += part.size();
  }
  return n;
}

std::int32_t month_of_day(std::int32_t day) {
  const std::chrono::year_month_day ymd{from_day_number(day)};
  return (static_cast<int>(ymd.year()) - 1970) * 12 +
         static_cast<int>(static_cast<unsigned>(ymd.month())) - 1;
}

std::int32_t first_day_of_month(std::int32_t month) {
  const std::chrono::year y{1970 + (month >= 0 ? month / 12 : (month - 11) / 12)};
  const int m = ((month % 12) + 12) % 12;
  return day_number(LocalDate{y / std::chrono::month{static_cast<unsigned>(m + 1)} / 1});
}

std::int32_t last_day_of_month(std::int32_t month) { return first_day_of_month(month + 1) - 1; }

void SparseCounters::add(Measure m, std::int64_t delta) {
  const auto bit = static_cast<std::uint32_t>(m);
  const auto below = static_cast<std::size_t>(std::popcount(mask_ & ((1u << bit) - 1)));
  if ((mask_ & (1u << bit)) == 0) {
    mask_ |= 1u << bit;
    values_.insert(values_.begin() + static_cast<std::ptrdiff_t>(below), delta);
  } else {
    values_[below] += delta;
  }
}

void SparseCounters::add_to(Counters& out) const {
  std::uint32_t mask = mask_;
  std::size_t k = 0;
  while (mask != 0) {
    const int bit = std::countr_zero(mask);
    out.values[static_cast<std::size_t>(bit)] += values_[k++];
    mask &= mask - 1;
  }
}

void Rollup::add(std::int32_t day, const Dims& dims, Measure m, std::int64_t delta) {
  const std::uint64_t key = coarse(dims).pack();
  days_[day][key][m] += delta;
  months_[month_of_day(day)][key][m] += delta;
}

void Rollup::add(std::int32_t day, const Dims& dims, const Counters& c) {
  const std::uint64_t key = coarse(dims).pack();
  days_[day][key].add(c);
  months_[month_of_day(day)][key].add(c);
}

void Rollup::add_day(std::int32_t day, const Dims& dims, const Counters& c) {
  days_[day][coarse(dims).pack()].add(c);
}

std::size_t Rollup::cells() const {
  std::size_t n = 0;
  for (const auto& [day, cells] : days_) n += cells.size();
  for (const auto& [month, cells] : months_) n += cells.size();
  return n;
}

}  // namespace hotline::analysis
