// Commands of dispatch suggestions, duplicates and reply checks (issue 4):
//
//   hotline suggest --args JSON|@file [--model FILE]     the agent's suggestion (DIS-8)
//   hotline catalogue list [--history]                   the dispatch catalogue (DIS-2)
//   hotline catalogue add|change --args JSON --as ACTOR --reason WHY
//   hotline catalogue retire --id ID --as ACTOR --reason WHY
//   hotline clusters hot [--min N] [--limit N]           hot clusters (SUP-1, ANA-2)
//   hotline clusters import --file messages.tsv          index messages (id, user, time,
//                                                        subject, detail…)
//   hotline clusters eval --file hot_messages.tsv        clusters against public support counts
//   hotline reply-check --file replies.tsv | --args JSON REP-2/REP-3 findings and rule shares
//
// The triage data lives in the work-order database's file ("var/hotline.db");
// the catalogue, gazetteer and settings are read from <data>/triage/.

#include <CLI/CLI.hpp>
#include <algorithm>
#include <cmath>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <numeric>
#include <set>
#include <sstream>

#include "adapters/fasttext/fasttext_classifier.h"
#include "adapters/json/json_reader.h"
#include "adapters/sqlite/sqlite_triage_store.h"
#include "adapters/toml/catalogue_file.h"
#include "adapters/toml/gazetteer_file.h"
#include "adapters/toml/governance_settings_file.h"
#include "adapters/toml/policy_file.h"
#include "app/cli.h"
#include "app/services.h"
#include "application/command_table.h"
#include "application/triage.h"

namespace hotline::cli {
namespace {

using nlohmann::json;

struct TriageOptions {
  std::string args;
  std::string model;
  std::string as;
  std::string reason;
  std::string id;
  std::string file;
  std::string profile = "tianjin";
  std::size_t min_applicants = 2;
  std::size_t limit = 20;
  std::size_t examples = 3;
  bool history = false;
  bool json_out = false;
  int window_days = 0;
  std::string dump;  // clusters eval: cluster → member numbers, TSV
};

// Triage of the composition root, for the commands that work on the database.
struct TriageHandle {
  std::unique_ptr<CompositionRoot> root;
  Platform* platform = nullptr;
  triage::TriageService* service = nullptr;
};

// The triage settings with the default policy's cluster threshold (SUP-1),
// for the commands that evaluate on files without a database.
Result<triage::TriageSettings> settings_of(const GlobalOptions& g) {
  triage::TriageSettings s;
  const auto file = std::filesystem::path(g.data_dir) / "triage" / "settings.toml";
  if (auto st = load_triage_settings(file, s); !st) return fail(st.error());
  auto policies = load_policies(g);
  if (!policies) return fail(policies.error());
  triage::apply_supervision_policy(s, policies->default_policy());
  return s;
}

Result<std::unique_ptr<TriageHandle>> open_triage(const GlobalOptions& g,
                                                  const std::string& model) {
  auto root = open_root(g, model);
  if (!root) return fail(root.error());
  auto t = std::make_unique<TriageHandle>();
  t->root = std::move(*root);
  t->platform = &t->root->platform();
  t->service = &t->root->triage();
  return t;
}

Result<json> json_arg(const std::string& text) {
  std::string body = text;
  if (!text.empty() && text[0] == '@') {
    auto read = read_text_file(text.substr(1), "参数");
    if (!read) return fail(read.error());
    body = *read;
  }
  auto j = parse_json(body);
  if (!j) return fail(Error::invalid("--args", j.error().message, "参数不是有效的 JSON"));
  return j;
}

// ---- TSV files of the public data set (tab-separated, header first) ----

struct Tsv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  int column(std::string_view name) const {
    for (std::size_t i = 0; i < header.size(); ++i) {
      if (header[i] == name) return static_cast<int>(i);
    }
    return -1;
  }
};

Result<Tsv> read_tsv(const std::string& file) {
  auto text = read_text_file(file, "数据");
  if (!text) return fail(text.error());
  Tsv t;
  std::istringstream in(*text);
  std::string line;
  bool first = true;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    std::vector<std::string> cells;
    std::size_t start = 0;
    for (std::size_t p; (p = line.find('\t', start)) != std::string::npos; start = p + 1) {
      cells.push_back(line.substr(start, p - start));
    }
    cells.push_back(line.substr(start));
    if (first) {
      t.header = std::move(cells);
      first = false;
    } else if (!line.empty()) {
      t.rows.push_back(std::move(cells));
    }
  }
  return t;
}

// "2019/2/28 11:25:05" (local time) → instant; nullopt when malformed.
std::optional<Instant> data_time(const std::string& s) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
  if (std::sscanf(s.c_str(), "%d/%d/%d %d:%d:%d", &y, &mo, &d, &h, &mi, &se) < 3) {
    if (std::sscanf(s.c_str(), "%d-%d-%d %d:%d:%d", &y, &mo, &d, &h, &mi, &se) < 3) {
      return std::nullopt;
    }
  }
  using namespace std::chrono;
  const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)},
                           day{static_cast<unsigned>(d)}};
  if (!ymd.ok()) return std::nullopt;
  return at_local(LocalDate{ymd}, Seconds{h * 3600 + mi * 60 + se});
}

std::string cell(const std::vector<std::string>& row, int c) {
  return c >= 0 && static_cast<std::size_t>(c) < row.size() ? row[c] : std::string();
}

std::string shorten(std::string_view s, std::size_t chars) {
  std::size_t i = 0, n = 0;
  while (i < s.size() && n < chars) {
    const auto c = static_cast<unsigned char>(s[i]);
    i += c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    ++n;
  }
  i = std::min(i, s.size());
  return std::string(s.substr(0, i)) + (i < s.size() ? "…" : "");
}

// ---- commands ----

// Runs triage operation `name` (`call` from cli_call()) through the use case, with the checks and
// the audit entry the server makes; the answer, or the error reported.
Result<json> run_operation(const GlobalOptions& g, const std::string& model, std::string_view name,
                           const OperationCall& call) {
  auto t = open_triage(g, model);
  if (!t) return fail(t.error());
  return (*t)->root->triage_use_case().execute(name, call);
}

Result<Actor> actor_or(const std::string& as, const char* fallback) {
  return parse_actor(as.empty() ? fallback : as);
}

int suggest(const GlobalOptions& g, const TriageOptions& o) {
  auto args = json_arg(o.args);
  if (!args) return report_error(args.error());
  auto actor = actor_or(o.as, "dispatcher");
  if (!actor) return report_error(actor.error());
  OperationCall call = cli_call(*actor);
  call.body = std::move(*args);
  auto answer = run_operation(g, o.model, triage_ops::Suggest::kSpec.name, call);
  if (!answer) return report_error(answer.error());
  std::cout << answer->dump(2) << "\n";
  return 0;
}

int catalogue_list(const GlobalOptions& g, const TriageOptions& o) {
  auto actor = actor_or(o.as, "dispatcher");
  if (!actor) return report_error(actor.error());
  OperationCall call = cli_call(*actor);
  const std::string_view name =
      o.history ? triage_ops::CatalogueChanges::kSpec.name : triage_ops::Catalogue::kSpec.name;
  auto answer = run_operation(g, "", name, call);
  if (!answer) return report_error(answer.error());
  // The command line prints the list itself, optionally one entry's.
  const json list = (*answer)[o.history ? "changes" : "entries"];
  json out = json::array();
  for (const auto& x : list) {
    if (o.id.empty() || x[o.history ? "entry" : "id"] == o.id) out.push_back(x);
  }
  std::cout << out.dump(2) << "\n";
  return 0;
}

int catalogue_edit(const GlobalOptions& g, const TriageOptions& o, const std::string& what) {
  auto actor = actor_or(o.as, "dispatcher");
  if (!actor) return report_error(actor.error());
  OperationCall call = cli_call(*actor);
  std::string_view name = triage_ops::RetireEntry::kSpec.name;
  if (what == "retire") {
    call.path["id"] = o.id;
    call.body = {{"reason", o.reason}};
  } else {
    auto args = json_arg(o.args);
    if (!args) return report_error(args.error());
    if (!args->is_object()) {
      return report_error(Error::invalid("--args", "must be a JSON object", "参数应为 JSON 对象"));
    }
    call.body = std::move(*args);
    call.body["reason"] = o.reason;
    if (what == "add") {
      name = triage_ops::AddEntry::kSpec.name;
    } else {
      name = triage_ops::ChangeEntry::kSpec.name;
      // The route names the entry; the body may repeat it.
      auto id = call.body.find("id");
      call.path["id"] = id != call.body.end() && id->is_string() ? id->get<std::string>() : "";
      if (id != call.body.end()) call.body.erase(id);
    }
  }
  auto answer = run_operation(g, "", name, call);
  if (!answer) return report_error(answer.error());
  std::cout << answer->dump(2) << "\n";
  return 0;
}

int clusters_hot(const GlobalOptions& g, const TriageOptions& o) {
  auto actor = actor_or(o.as, "supervisor");
  if (!actor) return report_error(actor.error());
  OperationCall call = cli_call(*actor);
  call.query = {{"min_applicants", std::to_string(o.min_applicants)},
                {"limit", std::to_string(o.limit)}};
  auto answer = run_operation(g, "", triage_ops::HotClusters::kSpec.name, call);
  if (!answer) return report_error(answer.error());
  std::cout << (*answer)["clusters"].dump(2) << "\n";
  return 0;
}

// The messages of a TSV file in time order, as indexed requests.
struct Message {
  triage::IndexedRequest request;
  std::string subject;
  std::string detail;
  long likes = 0;
};

Result<std::vector<Message>> messages_of(const std::string& file) {
  auto tsv = read_tsv(file);
  if (!tsv) return fail(tsv.error());
  const int id = tsv->column("id"), user = tsv->column("user"), time = tsv->column("time"),
            subject = tsv->column("subject"), detail = tsv->column("detail"),
            likes = tsv->column("likes");
  if (id < 0 || subject < 0 || detail < 0) {
    return fail(Error::invalid("--file", "needs the columns id, subject and detail",
                               "文件须包含 id、subject、detail 列"));
  }
  std::vector<Message> out;
  for (const auto& row : tsv->rows) {
    Message m;
    m.request.number = cell(row, id);
    m.request.applicant_key = triage::applicant_key(cell(row, user));
    if (m.request.applicant_key.empty() && !cell(row, user).empty()) {
      m.request.applicant_key = "user:" + cell(row, user);
    }
    m.request.at = data_time(cell(row, time)).value_or(Instant{});
    m.subject = cell(row, subject);
    m.detail = cell(row, detail);
    m.likes = std::atol(cell(row, likes).c_str());
    out.push_back(std::move(m));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const Message& a, const Message& b) { return a.request.at < b.request.at; });
  return out;
}

int clusters_import(const GlobalOptions& g, const TriageOptions& o) {
  auto messages = messages_of(o.file);
  if (!messages) return report_error(messages.error());
  auto t = open_triage(g, "");
  if (!t) return report_error(t.error());
  if (auto st = (*t)->root->triage_services().store->begin_bulk(); !st)
    return report_error(st.error());
  std::size_t added = 0, skipped = 0, alerts = 0;
  for (auto& m : *messages) {
    const auto guess = (*t)->service->gazetteer().locate(m.subject + "\n" + m.detail);
    m.request.district = guess.district;
    auto obs = (*t)->service->observe(m.request, m.subject, m.detail);
    if (!obs) {
      if (obs.error().code == ErrorCode::kConflict) {
        ++skipped;
        continue;
      }
      return report_error(obs.error());
    }
    ++added;
    alerts += obs->alert.has_value();
  }
  if (auto st = (*t)->service->flush(); !st) return report_error(st.error());
  if (auto st = (*t)->root->triage_services().store->end_bulk(); !st)
    return report_error(st.error());
  std::cout << "indexed " << added << " requests (" << skipped << " already indexed), " << alerts
            << " cluster supervision records (SUP-1, M22(3))\n";
  return 0;
}

double spearman(const std::vector<double>& a, const std::vector<double>& b) {
  auto ranks = [](const std::vector<double>& v) {
    std::vector<std::size_t> idx(v.size());
    std::iota(idx.begin(), idx.end(), 0);
    std::sort(idx.begin(), idx.end(), [&](std::size_t x, std::size_t y) { return v[x] < v[y]; });
    std::vector<double> r(v.size());
    for (std::size_t i = 0; i < idx.size();) {
      std::size_t j = i;
      while (j < idx.size() && v[idx[j]] == v[idx[i]]) ++j;
      for (std::size_t k = i; k < j; ++k) r[idx[k]] = (static_cast<double>(i + j) - 1) / 2.0;
      i = j;
    }
    return r;
  };
  const auto ra = ranks(a), rb = ranks(b);
  const double n = static_cast<double>(a.size());
  const double ma = std::accumulate(ra.begin(), ra.end(), 0.0) / n;
  const double mb = std::accumulate(rb.begin(), rb.end(), 0.0) / n;
  double sab = 0, saa = 0, sbb = 0;
  for (std::size_t i = 0; i < ra.size(); ++i) {
    sab += (ra[i] - ma) * (rb[i] - mb);
    saa += (ra[i] - ma) * (ra[i] - ma);
    sbb += (rb[i] - mb) * (rb[i] - mb);
  }
  return saa > 0 && sbb > 0 ? sab / std::sqrt(saa * sbb) : 0.0;
}

// Clusters the messages in memory, in time order, and compares them with
// the public support counts (likes): do the clusters of many applicants hold
// the messages people cared about?
int clusters_eval(const GlobalOptions& g, const TriageOptions& o) {
  auto messages = messages_of(o.file);
  if (!messages) return report_error(messages.error());
  auto settings = settings_of(g);
  if (!settings) return report_error(settings.error());
  if (o.window_days > 0) settings->index.clusters.window = Seconds{o.window_days * 86400LL};
  triage::RequestIndex index(settings->index);
  std::map<std::string, long> likes;
  std::size_t alerts = 0;
  for (const auto& m : *messages) {
    likes[m.request.number] = m.likes;
    alerts += index.observe(m.request, m.subject, m.detail).alert.has_value();
  }
  // Whole period: every cluster with two or more requests.
  const std::size_t threshold = settings->index.clusters.supervision_applicants.value;
  // Group by cluster id.
  std::map<triage::DocId, std::vector<triage::DocId>> groups;
  for (triage::DocId d = 0; d < index.size(); ++d) groups[index.cluster_of(d)].push_back(d);
  struct Row {
    triage::DocId id;
    std::size_t requests, applicants;
    long likes;
  };
  std::vector<Row> rows;
  long total_likes = 0;
  for (const auto& [id, members] : groups) {
    std::set<std::string> users;
    long l = 0;
    for (auto d : members) {
      users.insert(index.request(d).applicant_key);
      l += likes[index.request(d).number];
    }
    total_likes += l;
    rows.push_back({id, members.size(), users.size(), l});
  }
  auto share = [&](std::size_t min_applicants) {
    long l = 0;
    std::size_t n = 0;
    for (const auto& r : rows) {
      if (r.applicants >= min_applicants) {
        l += r.likes;
        n += r.requests;
      }
    }
    return std::pair{
        total_likes > 0 ? static_cast<double>(l) / static_cast<double>(total_likes) : 0.0,
        static_cast<double>(n) / static_cast<double>(index.size())};
  };
  std::vector<Row> multi;
  for (const auto& r : rows) {
    if (r.requests >= 2) multi.push_back(r);
  }
  std::vector<double> a, b;
  for (const auto& r : multi) {
    a.push_back(static_cast<double>(r.applicants));
    b.push_back(static_cast<double>(r.likes));
  }
  auto by_applicants = multi;
  std::sort(by_applicants.begin(), by_applicants.end(), [](const Row& x, const Row& y) {
    return x.applicants != y.applicants ? x.applicants > y.applicants : x.likes > y.likes;
  });
  auto by_likes = multi;
  std::sort(by_likes.begin(), by_likes.end(),
            [](const Row& x, const Row& y) { return x.likes > y.likes; });
  std::set<triage::DocId> top_a, top_l;
  for (std::size_t i = 0; i < 10 && i < by_applicants.size(); ++i)
    top_a.insert(by_applicants[i].id);
  for (std::size_t i = 0; i < 10 && i < by_likes.size(); ++i) top_l.insert(by_likes[i].id);
  std::size_t overlap = 0;
  for (auto id : top_a) overlap += top_l.contains(id);
  // The most-liked messages: are they in clusters?
  std::vector<triage::DocId> docs(index.size());
  std::iota(docs.begin(), docs.end(), 0);
  std::sort(docs.begin(), docs.end(), [&](auto x, auto y) {
    return likes[index.request(x).number] > likes[index.request(y).number];
  });
  std::map<triage::DocId, const Row*> row_of;
  for (const auto& r : rows) row_of[r.id] = &r;
  std::size_t top20_clustered = 0, top20_hot = 0;
  for (std::size_t i = 0; i < 20 && i < docs.size(); ++i) {
    const Row* r = row_of[index.cluster_of(docs[i])];
    top20_clustered += r->applicants >= 2;
    top20_hot += r->applicants >= threshold;
  }
  const auto [likes2, msgs2] = share(2);
  const auto [likesT, msgsT] = share(threshold);
  json out = {{"messages", index.size()},
              {"clusters_2plus", multi.size()},
              {"clusters_at_threshold",
               std::count_if(rows.begin(), rows.end(),
                             [&](const Row& r) { return r.applicants >= threshold; })},
              {"threshold_applicants", threshold},
              {"supervision_records_in_window", alerts},
              {"window_days", settings->index.clusters.window.count() / 86400},
              {"likes_share_in_clusters_2plus", likes2},
              {"message_share_in_clusters_2plus", msgs2},
              {"likes_share_in_clusters_at_threshold", likesT},
              {"message_share_in_clusters_at_threshold", msgsT},
              {"spearman_applicants_vs_likes", spearman(a, b)},
              {"top10_overlap_applicants_vs_likes", overlap},
              {"top20_liked_in_clusters_2plus", top20_clustered},
              {"top20_liked_in_clusters_at_threshold", top20_hot}};
  json top = json::array();
  for (std::size_t i = 0; i < o.limit && i < by_applicants.size(); ++i) {
    const Row& r = by_applicants[i];
    top.push_back({{"first", index.request(r.id).number},
                   {"subject", ""},
                   {"requests", r.requests},
                   {"applicants", r.applicants},
                   {"likes", r.likes}});
  }
  // Subjects: look them up by number.
  std::map<std::string, const Message*> by_number;
  for (const auto& m : *messages) by_number[m.request.number] = &m;
  for (auto& x : top) {
    const auto it = by_number.find(x["first"].get<std::string>());
    if (it != by_number.end()) x["subject"] = shorten(it->second->subject, 40);
  }
  out["top_clusters"] = top;
  // ANA-3: the clusters that recur over the months before the last message
  // (settings.toml [recurring_clusters]).
  auto governance =
      load_governance_settings(std::filesystem::path(g.data_dir) / "triage" / "settings.toml");
  if (!governance) return report_error(governance.error());
  Instant last{};
  for (triage::DocId d = 0; d < index.size(); ++d) last = std::max(last, index.request(d).at);
  std::vector<std::pair<analysis::RecurringCluster, triage::DocId>> recurring;
  for (const auto& [id, members] : groups) {
    if (members.size() < 2) continue;
    std::vector<analysis::ClusterMemberInfo> infos;
    for (auto d : members) {
      const auto& r = index.request(d);
      infos.push_back({r.number, r.at, r.district, r.applicant_key});
    }
    analysis::RecurringCluster c;
    if (analysis::recurs(infos, governance->recurring, last, c)) recurring.emplace_back(c, id);
  }
  std::sort(recurring.begin(), recurring.end(), [](const auto& x, const auto& y) {
    return x.first.months.size() != y.first.months.size()
               ? x.first.months.size() > y.first.months.size()
               : x.first.requests > y.first.requests;
  });
  json rec = json::array();
  for (std::size_t i = 0; i < recurring.size() && i < o.limit; ++i) {
    const auto& [c, id] = recurring[i];
    const auto it = by_number.find(index.request(id).number);
    rec.push_back({{"first", index.request(id).number},
                   {"subject", it != by_number.end() ? shorten(it->second->subject, 40) : ""},
                   {"months", c.months.size()},
                   {"requests", c.requests},
                   {"applicants", c.applicants}});
  }
  out["recurring"] = {{"as_of", format_iso8601(last)},
                      {"months", governance->recurring.months},
                      {"min_months", governance->recurring.min_months},
                      {"clusters", recurring.size()},
                      {"clusters_of_2plus_applicants",
                       std::count_if(recurring.begin(), recurring.end(),
                                     [](const auto& x) { return x.first.applicants >= 2; })},
                      {"top", rec}};
  if (!o.dump.empty()) {
    // Every cluster of two or more, one member a line, for measuring purity
    // and recall against hand-picked problems (docs/analysis.md).
    std::ofstream f(o.dump);
    f << "cluster\tnumber\n";
    for (const auto& [id, members] : groups) {
      if (members.size() < 2) continue;
      for (auto d : members)
        f << index.request(id).number << '\t' << index.request(d).number << '\n';
    }
    if (!f) return report_error(Error::invalid("--dump", "cannot write the file", "无法写入文件"));
  }
  std::cout << out.dump(2) << "\n";
  return 0;
}

int reply_check(const GlobalOptions& g, const TriageOptions& o) {
  auto policies = load_policies(g);
  if (!policies) return report_error(policies.error());
  auto policy = policies->find(o.profile);
  if (!policy) return report_error(policy.error());
  auto settings = settings_of(g);
  if (!settings) return report_error(settings.error());
  triage::ReplyCheckSettings rs;
  if (auto it = settings->reply_checks.find(o.profile); it != settings->reply_checks.end()) {
    rs = it->second;
  }
  const ReplyPolicy& rp = (*policy)->reply;
  if (!o.args.empty()) {
    auto args = json_arg(o.args);
    if (!args) return report_error(args.error());
    JsonReader reader(*args, "reply");
    const ReplyContent content = read_reply(reader);
    if (auto st = reader.finish(); !st) return report_error(st.error());
    const auto findings = triage::check_reply(content, rp, rs);
    json list = json::array();
    for (const auto& f : findings) list.push_back(triage_ops::finding_to_json(f));
    std::cout << json{{"blocks", triage::blocks(findings)}, {"findings", list}}.dump(2) << "\n";
    return triage::blocks(findings) ? 1 : 0;
  }
  auto tsv = read_tsv(o.file);
  if (!tsv) return report_error(tsv.error());
  const int id = tsv->column("id"), reply = tsv->column("reply"), subject = tsv->column("subject"),
            detail = tsv->column("detail");
  if (reply < 0) {
    return report_error(
        Error::invalid("--file", "needs a column named reply", "文件须包含 reply 列"));
  }
  struct Stat {
    std::size_t count = 0;
    std::size_t blocking = 0;
    std::vector<std::pair<std::string, std::string>> examples;
  };
  std::map<triage::ReplyCheck, Stat> stats;
  std::size_t any = 0, blocked = 0, n = 0;
  for (const auto& row : tsv->rows) {
    ReplyContent c;
    c.result = cell(row, reply);
    const std::string s = cell(row, subject), d = cell(row, detail);
    const auto findings = triage::check_reply(c, rp, rs, {s, d});
    ++n;
    any += !findings.empty();
    blocked += triage::blocks(findings);
    for (const auto& f : findings) {
      Stat& st = stats[f.check];
      ++st.count;
      st.blocking += f.severity == triage::Severity::kBlock;
      if (st.examples.size() < o.examples) {
        st.examples.emplace_back(cell(row, id),
                                 shorten(f.evidence.empty() ? c.result : f.evidence, 60));
      }
    }
  }
  if (o.json_out) {
    json list = json::array();
    for (const auto& [check, st] : stats) {
      json ex = json::array();
      for (const auto& [i, e] : st.examples) ex.push_back({{"id", i}, {"evidence", e}});
      list.push_back({{"check", std::string(triage::to_string(check))},
                      {"rule", std::string(triage::rule_of(check))},
                      {"wording", std::string(triage::wording_of(check))},
                      {"count", st.count},
                      {"share", n ? static_cast<double>(st.count) / static_cast<double>(n) : 0.0},
                      {"examples", ex}});
    }
    std::cout << json{{"replies", n},
                      {"profile", o.profile},
                      {"with_findings", any},
                      {"blocked", blocked},
                      {"checks", list}}
                     .dump(2)
              << "\n";
    return 0;
  }
  std::cout << "replies: " << n << "  profile: " << o.profile << "  with findings: " << any
            << "  blocked: " << blocked << "\n";
  std::cout << std::left << std::setw(26) << "check" << std::setw(7) << "rule" << std::setw(8)
            << "T16" << std::right << std::setw(7) << "count" << std::setw(8) << "share"
            << "\n";
  for (const auto& [check, st] : stats) {
    std::cout << std::left << std::setw(26) << triage::to_string(check) << std::setw(7)
              << triage::rule_of(check) << std::setw(8) << triage::wording_of(check) << std::right
              << std::setw(7) << st.count << std::setw(7) << std::fixed << std::setprecision(1)
              << (n ? 100.0 * static_cast<double>(st.count) / static_cast<double>(n) : 0.0)
              << "%\n";
    for (const auto& [i, e] : st.examples) std::cout << "    #" << i << "  " << e << "\n";
  }
  return 0;
}

}  // namespace

void add_triage_commands(CLI::App& app, const GlobalOptions& g, int& exit_code) {
  auto o = std::make_shared<TriageOptions>();

  auto* suggest_cmd = app.add_subcommand(
      "suggest", "dispatch suggestion for a new request: categories, units, duplicates, deadlines");
  suggest_cmd->add_option("--args", o->args, "the request as JSON, or @file")->required();
  suggest_cmd->add_option("--model", o->model, "a category model (hotline model train)");
  suggest_cmd->add_option("--as", o->as, "who: role@unit#id (default: dispatcher)");
  suggest_cmd->callback([&g, &exit_code, o] { exit_code = suggest(g, *o); });

  auto* cat = app.add_subcommand("catalogue", "the dispatch catalogue (DIS-2)");
  cat->require_subcommand(1);
  auto* list_cmd = cat->add_subcommand("list", "entries, or with --history the change log");
  list_cmd->add_flag("--history", o->history, "the change log instead of the entries");
  list_cmd->add_option("--id", o->id, "only this entry");
  list_cmd->add_option("--as", o->as, "who: role@unit#id (default: dispatcher)");
  list_cmd->callback([&g, &exit_code, o] { exit_code = catalogue_list(g, *o); });
  for (const char* what : {"add", "change"}) {
    auto* c = cat->add_subcommand(what, std::string(what) + " an entry (the office, R7)");
    c->add_option("--args", o->args, "the entry as JSON, or @file")->required();
    c->add_option("--as", o->as, "who: role@unit#id")->capture_default_str();
    c->add_option("--reason", o->reason, "why the catalogue changes")->required();
    const std::string w = what;
    c->callback([&g, &exit_code, o, w] { exit_code = catalogue_edit(g, *o, w); });
  }
  auto* retire = cat->add_subcommand("retire", "retire an entry (the office, R7)");
  retire->add_option("--id", o->id, "the entry")->required();
  retire->add_option("--as", o->as, "who: role@unit#id");
  retire->add_option("--reason", o->reason, "why")->required();
  retire->callback([&g, &exit_code, o] { exit_code = catalogue_edit(g, *o, "retire"); });

  auto* clusters = app.add_subcommand("clusters", "clusters of requests on one problem (SUP-1)");
  clusters->require_subcommand(1);
  auto* hot = clusters->add_subcommand("hot", "hot clusters: most applicants within the window");
  hot->add_option("--min", o->min_applicants, "at least this many applicants")
      ->capture_default_str();
  hot->add_option("--limit", o->limit, "at most this many clusters")->capture_default_str();
  hot->add_option("--as", o->as, "who: role@unit#id (default: supervisor)");
  hot->callback([&g, &exit_code, o] { exit_code = clusters_hot(g, *o); });
  auto* import = clusters->add_subcommand("import", "index messages from a TSV file");
  import->add_option("--file", o->file, "TSV with id, user, time, subject, detail")->required();
  import->callback([&g, &exit_code, o] { exit_code = clusters_import(g, *o);
});
auto* eval = clusters->add_subcommand(
    "eval", "cluster a TSV of messages with likes in memory and compare with the likes");
eval->add_option("--file", o->file, "hot_messages.tsv")->required();
eval->add_option("--limit", o->limit, "top clusters to list")->capture_default_str();
eval->add_option("--window-days", o->window_days, "override the settings' window");
eval->add_option("--dump", o->dump, "write cluster/member numbers of clusters of 2+ as TSV");
eval->callback([&g, &exit_code, o] { exit_code = clusters_eval(g, *o); });

auto* rc = app.add_subcommand("reply-check", "check replies against REP-2 and REP-3");
rc->add_option("--file", o->file, "TSV with a reply column: rule shares with examples");
rc->add_option("--args", o->args, "one reply as JSON, or @file");
rc->add_option("--profile", o->profile, "policy profile")->capture_default_str();
rc->add_option("--examples", o->examples, "examples per rule")->capture_default_str();
rc->add_flag("--json", o->json_out, "JSON output");
rc->callback([&g, &exit_code, o] {
  if (o->file.empty() == o->args.empty()) {
    exit_code = report_error(
        Error::invalid("--file", "give --file or --args", "请指定 --file 或 --args 之一"));
    return;
  }
  exit_code = reply_check(g, *o);
});
}  // namespace hotline::cli

}  // namespace hotline::cli
