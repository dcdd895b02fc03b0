// Triage at scale (DIS-8, TRI-5, SUP-1): near-duplicate search and the full
// suggestion call with 1 million stored requests, and clustering throughput
// (requests indexed and clustered per second as they arrive).
//
// The stored requests are synthetic variations of the real TipDM messages
// (../shared/data/tipdm): each mixes the subject of one message with parts of
// the details of two others, a street of the demo city and a house number,
// so that the term statistics and posting lists look like a real year of
// requests rather than a million copies. HOTLINE_BENCH_DOCS sets the count
// (default 1000000). Latency percentiles are measured per call and reported
// as counters (p50_us, p95_us, p99_us).

#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <random>
#include <sstream>

#include "adapters/toml/calendar_file.h"
#include "adapters/toml/catalogue_file.h"
#include "adapters/toml/gazetteer_file.h"
#include "adapters/toml/organisation_file.h"
#include "adapters/toml/policy_file.h"
#include "core/triage/triage_service.h"

namespace hotline {
namespace {

using triage::DocId;

struct Message {
  std::string subject;
  std::string detail;
};

std::vector<Message> tipdm_messages() {
  std::vector<Message> out;
  const std::string dir = std::string(HOTLINE_DATA_DIR) + "/../../shared/data/tipdm/";
  for (const char* f :
       {"train_fulltext.tsv", "unlabeled_messages.tsv", "hot_messages.tsv", "replies.tsv"}) {
    std::ifstream in(dir + f, std::ios::binary);
    std::string line;
    std::vector<std::string> header;
    bool first = true;
    while (std::getline(in, line)) {
      std::vector<std::string> cells;
      std::size_t start = 0;
      for (std::size_t p; (p = line.find('\t', start)) != std::string::npos; start = p + 1) {
        cells.push_back(line.substr(start, p - start));
      }
      cells.push_back(line.substr(start));
      if (first) {
        header = cells;
        first = false;
        continue;
      }
      Message m;
      for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) {
        if (header[i] == "subject") m.subject = cells[i];
        if (header[i] == "detail") m.detail = cells[i];
      }
      if (!m.subject.empty()) out.push_back(std::move(m));
    }
  }
  if (out.empty()) {
    std::cerr << "triage_bench: no TipDM messages under " << dir << "\n";
    std::exit(2);
  }
  return out;
}

// A prefix of `s` of about `fraction` of its bytes, cut at a character boundary.
std::string cut(const std::string& s, double fraction, bool tail) {
  std::size_t n = static_cast<std::size_t>(static_cast<double>(s.size()) * fraction);
  while (n < s.size() && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) ++n;
  return tail ? s.substr(n) : s.substr(0, n);
}

const char* kStreets[] = {"劝业场街", "小白楼街", "五大道街", "新兴街", "南营门街",   "南市街",
                          "长虹街",   "鼓楼街",   "兴南街",   "广开街", "万兴街",     "学府街",
                          "向阳路街", "嘉陵道街", "王顶堤街", "华苑街", "体育中心街", "水上公园街"};

Message variation(const std::vector<Message>& base, std::mt19937_64& rng) {
  std::uniform_int_distribution<std::size_t> pick(0, base.size() - 1);
  std::uniform_int_distribution<int> number(1, 999);
  std::uniform_real_distribution<double> frac(0.3, 0.7);
  const Message& a = base[pick(rng)];
  const Message& b = base[pick(rng)];
  const Message& c = base[pick(rng)];
  Message m;
  m.subject = std::string(kStreets[rng() % std::size(kStreets)]) + a.subject;
  m.detail = cut(b.detail, frac(rng), false) + std::to_string(number(rng)) + "号楼" +
             cut(c.detail, frac(rng), true);
  return m;
}

Instant start_time() { return at_local(LocalDate{std::chrono::year{2025} / 1 / 1}); }

// The TriageStore port, filled in memory: load_index restores the synthetic
// requests as a database would.
class GeneratedStore final : public triage::TriageStore {
 public:
  std::vector<triage::IndexedRequest> requests;
  std::vector<triage::Fingerprint> fingerprints;
  std::vector<std::uint32_t> stats;
  std::uint64_t documents = 0;

  Result<std::vector<triage::CatalogueChange>> catalogue_changes() override {
    return std::vector<triage::CatalogueChange>{};
  }
  Status append_catalogue_change(const triage::CatalogueChange&,
                                 const std::vector<AuditRecord>&) override {
    return {};
  }
  Status load_index(triage::RequestIndex& index) override {
    index.statistics().restore(stats, documents);
    for (std::size_t i = 0; i < requests.size(); ++i) {
      index.restore(requests[i], fingerprints[i], static_cast<DocId>(i));
    }
    return {};
  }
  Status save_observation(const triage::RequestIndex&, const triage::Observation&) override {
    return {};
  }
  Status save_statistics(const triage::TermStatistics&) override { return {}; }
  Result<std::vector<triage::ClusterAlert>> cluster_alerts() override {
    return std::vector<triage::ClusterAlert>{};
  }
  Status save_history(const std::vector<triage::HistoryRecord>&) override { return {}; }
  Result<std::vector<triage::HistoryRecord>> history() override {
    return std::vector<triage::HistoryRecord>{};
  }
  Result<std::optional<std::int64_t>> log_position() override { return position; }
  Status save_log_position(std::int64_t p) override {
    position = p;
    return {};
  }
  Status clear_index() override {
    requests.clear();
    fingerprints.clear();
    stats.clear();
    documents = 0;
    position.reset();
    return {};
  }

 private:
  std::optional<std::int64_t> position;
};

struct World {
  std::unique_ptr<Organisation> org;
  std::unique_ptr<PolicySet> policies;
  std::unique_ptr<WorkingDayCalendar> calendar;
  std::unique_ptr<DeadlineCalculator> deadlines;
  GeneratedStore store;
  std::unique_ptr<triage::TriageService> service;
  std::vector<Message> base;
  std::vector<Message> queries;  // variations not in the index
  double build_seconds = 0;
};

World& world() {
  static World* w = [] {
    auto* out = new World;
    const std::string data = HOTLINE_DATA_DIR;
    out->org = std::make_unique<Organisation>(
        *Organisation::create(*load_organisation_file(data + "/demo/organisation.toml")));
    out->policies = std::make_unique<PolicySet>(*load_policy_dir(data + "/policies"));
    out->calendar = std::make_unique<WorkingDayCalendar>(
        *WorkingDayCalendar::create(*load_calendar_dir(data + "/calendar")));
    out->deadlines = std::make_unique<DeadlineCalculator>(*out->calendar);
    triage::TriageSettings settings;
    (void)load_triage_settings(data + "/triage/settings.toml", settings);
    triage::DispatchCatalogue catalogue;
    const auto entries = load_catalogue_file(data + "/triage/catalogue.toml", out->org.get());
    if (!entries) {
      std::cerr << "triage_bench: " << entries.error().describe() << "\n";
      std::exit(2);
    }
    for (const auto& e : *entries) {
      auto c = catalogue.add(e, *out->org, Actor::system(), "bench", Instant{});
      (void)catalogue.apply(*c);
    }
    auto gazetteer = *load_gazetteer_file(data + "/triage/gazetteer.toml", out->org.get());

    out->base = tipdm_messages();
    std::size_t n = 1000000;
    if (const char* env = std::getenv("HOTLINE_BENCH_DOCS")) n = std::strtoull(env, nullptr, 10);
    const auto t0 = std::chrono::steady_clock::now();
    std::mt19937_64 rng(42);
    // Term statistics from the first pass over the generated texts, then fingerprints.
    triage::RequestIndex scratch(settings.index);
    std::vector<Message> texts;
    texts.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      texts.push_back(variation(out->base, rng));
      std::u32string all = triage::normalize_for_matching(texts.back().subject);
      all += U'\0';
      all += triage::normalize_for_matching(texts.back().detail);
      scratch.statistics().add_document(triage::distinct_terms(all));
    }
    out->store.requests.reserve(n);
    out->store.fingerprints.reserve(n);
    for (std::size_t i = 0; i < n; ++i) {
      triage::IndexedRequest r;
      r.number = std::to_string(2025000000000000ULL + i);
      r.applicant_key = std::to_string(13000000000ULL + rng() % 5000000);
      r.at = start_time() + Seconds{static_cast<std::int64_t>(i) * 30};
      out->store.requests.push_back(std::move(r));
      out->store.fingerprints.push_back(scratch.fingerprint(texts[i].subject, texts[i].detail));
    }
    texts.clear();
    texts.shrink_to_fit();
    out->store.stats = scratch.statistics().table();
    out->store.documents = scratch.statistics().documents();
    out->service = std::make_unique<triage::TriageService>(
        *out->org, *out->policies, *out->deadlines, settings, std::move(catalogue),
        std::move(gazetteer), &out->store);
    (void)out->service->load(Actor::system(), start_time());
    out->store.requests.clear();
    out->store.requests.shrink_to_fit();
    out->store.fingerprints.clear();
    out->store.fingerprints.shrink_to_fit();
    out->build_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::mt19937_64 qrng(7);
    for (int i = 0; i < 4096; ++i) out->queries.push_back(variation(out->base, qrng));
    std::cerr << "triage_bench: " << out->service->indexed_requests() << " requests indexed in "
              << out->build_seconds << " s\n";
    return out;
  }();
  return *w;
}

void percentiles(benchmark::State& state, std::vector<double>& us) {
  if (us.empty()) return;
  std::sort(us.begin(), us.end());
  auto at = [&](double q) {
    return us[std::min(us.size() - 1, static_cast<std::size_t>(q * us.size()))];
  };
  state.counters["p50_us"] = at(0.50);
  state.counters["p95_us"] = at(0.95);
  state.counters["p99_us"] = at(0.99);
  state.counters["stored"] = static_cast<double>(world().service->indexed_requests());
}

// TRI-5 / SUP-1: fingerprint a new request and find its most similar stored ones.
void BM_NearDuplicateQuery(benchmark::State& state) {
  World& w = world();
  std::vector<double> us;
  us.reserve(state.max_iterations);
  std::size_t i = 0;
  for (auto _ : state) {
    const Message& q = w.queries[i++ % w.queries.size()];
    const auto t0 = std::chrono::steady_clock::now();
    auto hits = w.service->similar_requests(q.subject, q.detail, 0.2, 8);
    benchmark::DoNotOptimize(hits);
    us.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
  }
  percentiles(state, us);
}
BENCHMARK(BM_NearDuplicateQuery)->Iterations(2000)->Unit(benchmark::kMicrosecond);

// The agent's suggestion call: categories from similar requests, places,
// catalogue and history, split, TRI-5 duplicates, cluster, deadlines.
void BM_Suggest(benchmark::State& state) {
  World& w = world();
  std::vector<double> us;
  us.reserve(state.max_iterations);
  std::size_t i = 0;
  triage::SuggestionInput in;
  in.type = RequestType::kComplaint;
  const Instant now = start_time() + Seconds{400LL * 86400};
  for (auto _ : state) {
    const Message& q = w.queries[i++ % w.queries.size()];
    in.subject = q.subject;
    in.detail = q.detail;
    in.phone = std::to_string(13000000000ULL + i % 5000000);
    const auto t0 = std::chrono::steady_clock::now();
    auto s = w.service->suggest(in, now);
    benchmark::DoNotOptimize(s);
    us.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
  }
  percentiles(state, us);
}
BENCHMARK(BM_Suggest)->Iterations(2000)->Unit(benchmark::kMicrosecond);

// SUP-1 / ANA-2: requests indexed and clustered per second as they arrive,
// on top of the stored ones (no database writes: the store is in memory).
void BM_ObserveAndCluster(benchmark::State& state) {
  World& w = world();
  std::vector<double> us;
  us.reserve(state.max_iterations);
  std::mt19937_64 rng(99 + state.iterations());
  std::size_t i = 0;
  static std::size_t serial = 0;
  for (auto _ : state) {
    const Message m = variation(w.base, rng);
    triage::IndexedRequest r;
    r.number = "B" + std::to_string(serial++);
    r.applicant_key = std::to_string(13000000000ULL + rng() % 5000000);
    r.at = start_time() + Seconds{400LL * 86400 + static_cast<std::int64_t>(i++)};
    const auto t0 = std::chrono::steady_clock::now();
    auto o = w.service->observe(r, m.subject, m.detail);
    benchmark::DoNotOptimize(o);
    us.push_back(
        std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - t0).count());
  }
  state.SetItemsProcessed(state.iterations());
  percentiles(state, us);
}
BENCHMARK(BM_ObserveAndCluster)->Iterations(5000)->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace hotline

BENCHMARK_MAIN();
