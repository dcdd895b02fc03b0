// The embedded store under load: durable appends per second with and without
// group commit, loading and folding one work order, and the deadline sweep's
// query over a million open work orders (goal: under 100 ms).
//
// Every file lives in a fresh temporary directory, removed at exit.
#include <benchmark/benchmark.h>
#include <stdlib.h>

#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "adapters/sqlite/sqlite_work_order_store.h"
#include "core/work_order/work_order_state.h"

namespace hotline {
namespace {

Instant at(const char* iso) { return *parse_iso8601(iso); }

const Instant kDispatchedAt = at("2026-01-05T10:00:00+08:00");

// A temporary directory for the whole run.
class TempDir {
 public:
  TempDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "hotline-bench-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) std::abort();
    path_ = pattern;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  std::filesystem::path file(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

TempDir& temp() {
  static TempDir dir;
  return dir;
}

std::unique_ptr<SqliteWorkOrderStore> open_fresh(const std::string& name, bool group_commit) {
  const auto file = temp().file(name);
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(file.string() + suffix);
  }
  auto store = SqliteWorkOrderStore::open(file, SqliteWorkOrderStore::Options{group_commit, 256});
  if (!store) {
    std::fprintf(stderr, "%s\n", store.error().message.c_str());
    std::abort();
  }
  return std::move(*store);
}

Deadline deadline(Instant due, const char* article, const char* rule) {
  return Deadline{due, article, rule};
}

WorkOrderDispatched dispatched_body() {
  WorkOrderDispatched d;
  d.request = "R2026010500000001";
  d.items = {0};
  d.lead_unit = "district.heping";
  d.assisting_units = {"dept.housing"};
  d.policy_profile = "tianjin";
  d.subject = {RequestType::kComplaint, Urgency::kGeneral, UrgencyLabel::kNone, Channel::kPhone};
  d.accept_due = deadline(kDispatchedAt + Seconds{86400}, "R9", "1 working day");
  d.return_due = deadline(kDispatchedAt + Seconds{86400}, "M17", "1 working day");
  d.return_due_complex = deadline(kDispatchedAt + Seconds{2 * 86400}, "M17", "2 working days");
  d.handle_period = PolicyDuration{7, PolicyDuration::Unit::kWorkingDays};
  return d;
}

Event event(const std::string& stream, std::int64_t version, EventBody body) {
  Event e;
  e.stream = stream;
  e.version = version;
  e.at = kDispatchedAt + Seconds{version * 600};
  e.actor = Actor{"staff.wang", Role::kUnitStaff, "district.heping"};
  e.reason = "按规定办理";
  e.article = "R11";
  e.body = std::move(body);
  return e;
}

WorkOrderSummary summary(const std::string& id, std::int64_t version) {
  WorkOrderSummary s;
  s.id = id;
  s.request = "R2026010500000001";
  s.status = WorkOrderStatus::kAccepted;
  s.lead_unit = "district.heping";
  s.policy_profile = "tianjin";
  s.type = RequestType::kComplaint;
  s.dispatched_at = kDispatchedAt;
  s.handle_due = kDispatchedAt + Seconds{7 * 86400};
  s.next_check = kDispatchedAt + Seconds{6 * 86400};
  s.version = version;
  return s;
}

// ---- Durable appends ----------------------------------------------------------
// Each iteration: `threads` threads together append 512 single-event batches
// (with their summary), each thread to its own stream, each append durable
// before it returns.

void BM_DurableAppends(benchmark::State& state) {
  const bool group_commit = state.range(0) != 0;
  const int threads = static_cast<int>(state.range(1));
  constexpr int kAppendsPerIteration = 512;
  auto store = open_fresh("appends.db", group_commit);
  std::vector<std::int64_t> versions(threads, 0);
  const int per_thread = kAppendsPerIteration / threads;
  std::int64_t failures = 0;
  for (auto _ : state) {
    std::vector<std::thread> workers;
    std::vector<int> failed(threads, 0);
    for (int t = 0; t < threads; ++t) {
      workers.emplace_back([&, t] {
        const std::string stream = "W2026010500000001-" + std::to_string(t);
        for (int i = 0; i < per_thread; ++i) {
          std::int64_t& v = versions[t];
          EventBody body = v == 0 ? EventBody{dispatched_body()}
                                  : EventBody{DeadlineWarned{Stage::kHandle, kDispatchedAt}};
          if (!store->append({StreamAppend{stream, v, {event(stream, v + 1, body)}}},
                             {summary(stream, v + 1)})) {
            ++failed[t];
          } else {
            ++v;
          }
        }
      });
    }
    for (auto& w : workers) w.join();
    for (int f : failed) failures += f;
  }
  if (failures != 0) state.SkipWithError("appends failed");
  state.SetItemsProcessed(state.iterations() * per_thread * threads);
  state.counters["appends/s"] = benchmark::Counter(
      static_cast<double>(state.iterations() * per_thread * threads), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DurableAppends)
    ->ArgNames({"group_commit", "threads"})
    ->ArgsProduct({{1, 0}, {1, 2, 8, 32}})
    ->Iterations(3)
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

// ---- Load and fold one work order ------------------------------------------------

std::vector<EventBody> work_order_life() {
  SupervisionRaised supervision;
  supervision.trigger = SupervisionTrigger::kSlowAfterWarning;
  supervision.automatic = true;
  supervision.stage = "handle";
  ReplyContent reply;
  reply.contacted_at = kDispatchedAt + Seconds{10 * 86400};
  reply.handler = "张三";
  reply.handler_contact = "022-1234";
  reply.process = "上门查看";
  reply.result = "已修复";
  reply.policy_basis = "《供热条例》";
  reply.applicant_feedback = "满意";
  WorkOrderReplied replied;
  replied.reply = reply;
  return {
      dispatched_body(),
      WorkOrderAccepted{deadline(kDispatchedAt + Seconds{9 * 86400}, "R11", "7 working days"),
                        false},
      WorkOrderForwarded{"district.heping.office", "请尽快办理"},
      ExtensionApplied{PolicyDuration{7, PolicyDuration::Unit::kWorkingDays}, "已联系物业",
                       "更换管道", true, kDispatchedAt + Seconds{3 * 86400}},
      ExtensionApproved{deadline(kDispatchedAt + Seconds{18 * 86400}, "R12", "extended")},
      AssistingResultSubmitted{"已核实"},
      DeadlineWarned{Stage::kHandle, kDispatchedAt + Seconds{18 * 86400}},
      supervision,
      replied,
      WorkOrderEvaluated{VisitMethod::kPhone, Satisfaction::kSatisfied, "", false},
  };
}

void BM_LoadAndFoldWorkOrder(benchmark::State& state) {
  constexpr int kStreams = 2000;
  auto store = open_fresh("fold.db", true);
  const auto life = work_order_life();
  std::vector<StreamAppend> batch;
  for (int i = 0; i < kStreams; ++i) {
    const std::string stream = "W20260105" + std::to_string(10000000 + i) + "-1";
    StreamAppend append{stream, 0, {}};
    for (std::size_t v = 0; v < life.size(); ++v) {
      append.events.push_back(event(stream, static_cast<std::int64_t>(v) + 1, life[v]));
    }
    batch.push_back(std::move(append));
  }
  if (!store->append(batch, {})) state.SkipWithError("setup failed");
  std::mt19937 rng(7);
  for (auto _ : state) {
    const std::string stream = "W20260105" + std::to_string(10000000 + rng() % kStreams) + "-1";
    auto events = store->load(stream);
    if (!events) {
      state.SkipWithError("load failed");
      break;
    }
    auto folded = fold_work_order(*events);
    if (!folded || folded->status != WorkOrderStatus::kClosed) {
      state.SkipWithError("fold failed");
      break;
    }
    benchmark::DoNotOptimize(folded);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_LoadAndFoldWorkOrder)->Unit(benchmark::kMicrosecond);

// ---- The deadline sweep over a million open work orders ---------------------------
// next_check spread over 31 days from a day before `now`: about 1 in 31 is due.

constexpr std::size_t kOpenWorkOrders = 1'000'000;
const Instant kSweepNow = kDispatchedAt + Seconds{86400};

SqliteWorkOrderStore& million_store() {
  static std::unique_ptr<SqliteWorkOrderStore> store = [] {
    auto s = open_fresh("sweep.db", true);
    std::vector<WorkOrderSummary> rows;
    rows.reserve(kOpenWorkOrders);
    std::mt19937 rng(42);
    for (std::size_t i = 0; i < kOpenWorkOrders; ++i) {
      WorkOrderSummary row = summary("W" + std::to_string(20260105'00000000ULL + i) + "-1", 3);
      row.next_check = kDispatchedAt + Seconds{static_cast<std::int64_t>(rng() % (31 * 86400))};
      rows.push_back(std::move(row));
    }
    // One transaction for the whole million.
    if (auto st = s->append({}, rows); !st) {
      std::fprintf(stderr, "%s\n", st.error().message.c_str());
      std::abort();
    }
    return s;
  }();
  return *store;
}

void BM_DueForCheck1M(benchmark::State& state) {
  auto& store = million_store();
  const auto limit = static_cast<std::size_t>(state.range(0));
  std::size_t found = 0;
  for (auto _ : state) {
    auto due = store.due_for_check(kSweepNow, limit);
    if (!due) {
      state.SkipWithError("sweep failed");
      break;
    }
    found = due->size();
    benchmark::DoNotOptimize(due);
  }
  state.counters["due"] = static_cast<double>(found);
}
BENCHMARK(BM_DueForCheck1M)
    ->ArgName("limit")
    ->Arg(1000)
    ->Arg(100'000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

}  // namespace
}  // namespace hotline

BENCHMARK_MAIN();
