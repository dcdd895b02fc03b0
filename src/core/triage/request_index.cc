#include "core/triage/request_index.h"

#include <algorithm>
#include <limits>
#include <map>
#include <unordered_set>

namespace hotline::triage {

std::string applicant_key(std::string_view phone) {
  std::string digits;
  for (char c : phone) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  // +86 / 0086 / 86 before an 11-digit mobile number.
  if (digits.size() == 15 && digits.starts_with("0086")) digits.erase(0, 4);
  if (digits.size() == 13 && digits.starts_with("86")) digits.erase(0, 2);
  if (digits.size() < 5) return {};
  return digits;
}

RequestIndex::RequestIndex(IndexSettings settings) : settings_(std::move(settings)) {
  stats_.set_prior_documents(settings_.prior_documents);
}

Fingerprint RequestIndex::fingerprint(std::string_view subject, std::string_view detail) const {
  return make_fingerprint(subject, detail, stats_, settings_.fingerprint);
}

DocId RequestIndex::root(DocId doc) {
  while (parent_[doc] != doc) {
    parent_[doc] = parent_[parent_[doc]];
    doc = parent_[doc];
  }
  return doc;
}

DocId RequestIndex::cluster_of(DocId doc) const {
  while (parent_[doc] != doc) doc = parent_[doc];
  return doc;
}

std::optional<DocId> RequestIndex::find_number(std::string_view number) const {
  const auto it = by_number_.find(std::string(number));
  if (it == by_number_.end()) return std::nullopt;
  return it->second;
}

std::vector<Neighbour> RequestIndex::neighbours(const Fingerprint& fp, double min_similarity,
                                                std::size_t limit) const {
  // The weight each earlier request shares with `fp`, summed in one pass
  // over the postings into an open-addressed table sized to them (the lists
  // are capped, but a common term's list is long: sorting every posting was
  // a third of an intake's CPU under load, issue 14). Per thread, reused:
  // its size follows the postings read, not the index.
  constexpr DocId kEmpty = std::numeric_limits<DocId>::max();
  thread_local std::vector<std::pair<DocId, double>> table;
  const std::size_t cap = settings_.max_postings_per_term;
  std::size_t postings = 0;
  for (const WeightedTerm& t : fp.terms) {
    if (const auto it = postings_.find(t.term); it != postings_.end()) {
      postings += std::min(it->second.size(), cap);
    }
  }
  std::size_t size = 16;
  while (size < 2 * postings) size *= 2;
  table.assign(size, {kEmpty, 0.0});
  const std::size_t mask = size - 1;
  for (const WeightedTerm& t : fp.terms) {
    const auto it = postings_.find(t.term);
    if (it == postings_.end()) continue;
    const auto& list = it->second;
    const std::size_t start = list.size() > cap ? list.size() - cap : 0;
    for (std::size_t k = start; k < list.size(); ++k) {
      const DocId doc = list[k];
      std::size_t slot = (std::size_t{doc} * 0x9E3779B1u) & mask;
      while (table[slot].first != kEmpty && table[slot].first != doc) slot = (slot + 1) & mask;
      table[slot].first = doc;
      table[slot].second += t.weight;
    }
  }
  const double total = fp.total_weight();
  std::vector<Neighbour> out;
  for (const auto& [doc, shared] : table) {
    if (doc == kEmpty) continue;
    const double all = total + weights_[doc] - shared;
    const double sim = all > 0 ? std::min(1.0, shared / all) : 0.0;
    if (sim >= min_similarity) out.push_back({doc, sim});
  }
  const auto closer = [](const Neighbour& a, const Neighbour& b) {
    return a.similarity != b.similarity ? a.similarity > b.similarity : a.doc > b.doc;
  };
  // Only the `limit` closest are ordered.
  if (out.size() > limit) {
    std::nth_element(out.begin(), out.begin() + static_cast<std::ptrdiff_t>(limit), out.end(),
                     closer);
    out.resize(limit);
  }
  std::sort(out.begin(), out.end(), closer);
  return out;
}

std::vector<DocId> RequestIndex::anchored(const Fingerprint& fp, double min_rarity,
                                          const std::string& district, Instant at) const {
  const Instant since = at - settings_.clusters.anchor_window;
  std::vector<DocId> out;
  if (min_rarity <= 0) return out;
  const std::size_t cap = settings_.max_postings_per_term;
  for (const WeightedTerm& a : fp.anchors) {
    if (stats_.rarity(a.term) < min_rarity) continue;
    const auto it = anchor_postings_.find(a.term);
    if (it == anchor_postings_.end()) continue;
    const auto& list = it->second;
    const std::size_t start = list.size() > cap ? list.size() - cap : 0;
    for (std::size_t k = start; k < list.size(); ++k) {
      if (docs_[list[k]].at < since || docs_[list[k]].at > at) continue;
      const std::string& other = docs_[list[k]].district;
      // The same name in another district is another place (a chain's branch).
      if (!district.empty() && !other.empty() && other != district) continue;
      out.push_back(list[k]);
    }
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<Neighbour> RequestIndex::same_applicant(const std::string& key, const Fingerprint& fp,
                                                    double min_similarity) const {
  std::vector<Neighbour> out;
  if (key.empty()) return out;
  const auto it = by_applicant_.find(key);
  if (it == by_applicant_.end()) return out;
  for (DocId d : it->second) {
    const double s = similarity(fp, fingerprints_[d]);
    if (s >= min_similarity) out.push_back({d, s});
  }
  std::sort(out.begin(), out.end(), [](const Neighbour& a, const Neighbour& b) {
    return a.similarity != b.similarity ? a.similarity > b.similarity : a.doc > b.doc;
  });
  return out;
}

void RequestIndex::link(DocId doc, DocId into, Observation& obs) {
  const DocId a = root(doc);
  const DocId b = root(into);
  if (a == b) return;
  // The older root stays the cluster's id; the newer one points to it.
  const DocId keep = std::min(a, b);
  const DocId gone = std::max(a, b);
  parent_[gone] = keep;
  obs.parent_updates.emplace_back(gone, keep);
  auto take = [&](DocId r) {
    const auto it = clusters_.find(r);
    if (it == clusters_.end()) return singleton(r);
    Cluster c = std::move(it->second);
    clusters_.erase(it);
    return c;
  };
  Cluster ca = take(keep);
  Cluster cb = take(gone);
  // The bigger one absorbs the smaller: a request joining a cluster of
  // thousands costs its own counts, not the cluster's.
  const std::optional<Instant> alerted = ca.alerted_at ? ca.alerted_at : cb.alerted_at;
  if (ca.members.size() < cb.members.size()) std::swap(ca, cb);
  absorb(ca, std::move(cb));
  ca.alerted_at = alerted;
  clusters_[keep] = std::move(ca);
}

RequestIndex::Cluster RequestIndex::singleton(DocId doc) const {
  Cluster c;
  c.members = {doc};
  c.first_at = c.last_at = docs_[doc].at;
  count(c, doc);
  return c;
}

void RequestIndex::count(Cluster& c, DocId doc) const {
  const IndexedRequest& r = docs_[doc];
  c.first_at = std::min(c.first_at, r.at);
  c.last_at = std::max(c.last_at, r.at);
  if (!r.district.empty()) ++c.districts[r.district];
  if (!r.category.empty()) ++c.categories[r.category];
  if (!r.applicant_key.empty()) ++c.applicants[r.applicant_key];
}

void RequestIndex::append(Cluster& c, DocId doc) const {
  if (!c.members.empty() && docs_[doc].at < docs_[c.members.back()].at) c.in_time_order = false;
  c.members.push_back(doc);
}

void RequestIndex::absorb(Cluster& into, Cluster&& from) const {
  if (!into.members.empty() && !from.members.empty() &&
      from.members.front() > into.members.back()) {
    // Newer requests (a new request joining): appended in arrival order.
    into.in_time_order = into.in_time_order && from.in_time_order &&
                         docs_[from.members.front()].at >= docs_[into.members.back()].at;
    into.members.insert(into.members.end(), from.members.begin(), from.members.end());
  } else {
    std::vector<DocId> members;
    members.reserve(into.members.size() + from.members.size());
    std::merge(into.members.begin(), into.members.end(), from.members.begin(), from.members.end(),
               std::back_inserter(members));
    into.members = std::move(members);
    into.in_time_order =
        std::is_sorted(into.members.begin(), into.members.end(),
                       [this](DocId a, DocId b) { return docs_[a].at < docs_[b].at; });
  }
  into.first_at = std::min(into.first_at, from.first_at);
  into.last_at = std::max(into.last_at, from.last_at);
  for (const auto& [k, n] : from.districts) into.districts[k] += n;
  for (const auto& [k, n] : from.categories) into.categories[k] += n;
  for (const auto& [k, n] : from.applicants) into.applicants[k] += n;
}

Observation RequestIndex::observe(IndexedRequest request, std::string_view subject,
                                  std::string_view detail) {
  Observation obs;
  // Count the text first, so that its own terms are weighed against a corpus
  // that includes it (as a restored request's were).
  std::u32string all = normalize_for_matching(subject);
  all += U'\0';
  all += normalize_for_matching(detail);
  std::vector<std::uint32_t> terms = distinct_terms(all);
  std::vector<std::uint32_t> anchors = distinct_anchors(normalize_for_matching(subject));
  for (std::uint32_t a : distinct_anchors(normalize_for_matching(detail))) anchors.push_back(a);
  std::sort(anchors.begin(), anchors.end());
  anchors.erase(std::unique(anchors.begin(), anchors.end()), anchors.end());
  terms.insert(terms.end(), anchors.begin(), anchors.end());
  stats_.add_document(terms);
  Fingerprint fp = fingerprint(subject, detail);
  obs.neighbours = neighbours(fp, settings_.clusters.join_similarity, 8);
  obs.anchored = anchored(fp, settings_.clusters.anchor_rarity, request.district, request.at);
  for (DocId d : obs.anchored) {
    const bool listed = std::any_of(obs.neighbours.begin(), obs.neighbours.end(),
                                    [&](const Neighbour& n) { return n.doc == d; });
    if (!listed) obs.neighbours.push_back({d, similarity(fp, fingerprints_[d])});
  }

  const DocId doc = static_cast<DocId>(docs_.size());
  obs.doc = doc;
  parent_.push_back(doc);
  obs.parent_updates.emplace_back(doc, doc);
  for (const WeightedTerm& t : fp.terms) postings_[t.term].push_back(doc);
  for (const WeightedTerm& a : fp.anchors) anchor_postings_[a.term].push_back(doc);
  weights_.push_back(fp.total_weight());
  fingerprints_.push_back(std::move(fp));
  if (!request.applicant_key.empty()) by_applicant_[request.applicant_key].push_back(doc);
  by_number_.emplace(request.number, doc);
  const Instant at = request.at;
  docs_.push_back(std::move(request));

  // Join the best match; a request that also matches other clusters bridges them.
  for (const Neighbour& n : obs.neighbours) link(doc, n.doc, obs);
  for (auto& [d, p] : obs.parent_updates) p = parent_[d];
  obs.cluster = root(doc);

  const auto it = clusters_.find(obs.cluster);
  if (it != clusters_.end() && !it->second.alerted_at) {
    const auto [requests, applicants] = recent(it->second, at);
    const auto& threshold = settings_.clusters.supervision_applicants;
    if (threshold.value > 0 && applicants >= static_cast<std::size_t>(threshold.value)) {
      it->second.alerted_at = at;
      ClusterAlert alert;
      alert.cluster = obs.cluster;
      alert.applicants = applicants;
      alert.requests = requests;
      alert.threshold = threshold.value;
      alert.raised_at = at;
      alert.article = threshold.article;
      obs.alert = alert;
    }
  }
  return obs;
}

DocId RequestIndex::restore(IndexedRequest request, Fingerprint fp, DocId parent) {
  const DocId doc = static_cast<DocId>(docs_.size());
  parent_.push_back(parent <= doc ? parent : doc);
  for (const WeightedTerm& t : fp.terms) postings_[t.term].push_back(doc);
  for (const WeightedTerm& a : fp.anchors) anchor_postings_[a.term].push_back(doc);
  weights_.push_back(fp.total_weight());
  fingerprints_.push_back(std::move(fp));
  if (!request.applicant_key.empty()) by_applicant_[request.applicant_key].push_back(doc);
  by_number_.emplace(request.number, doc);
  docs_.push_back(std::move(request));
  if (parent_[doc] != doc) {
    const DocId r = root(doc);
    auto it = clusters_.find(r);
    if (it == clusters_.end()) it = clusters_.emplace(r, singleton(r)).first;
    append(it->second, doc);
    count(it->second, doc);
  }
  return doc;
}

void RequestIndex::restore_alert(DocId cluster, Instant at) {
  if (cluster >= docs_.size()) return;
  const DocId r = root(cluster);
  auto it = clusters_.find(r);
  if (it != clusters_.end()) it->second.alerted_at = at;
}

std::pair<std::size_t, std::size_t> RequestIndex::recent(const Cluster& c, Instant now) const {
  const Instant since = now - settings_.clusters.window;
  std::size_t requests = 0;
  std::unordered_set<std::string_view> applicants;
  bool anonymous = false;
  auto first = c.members.begin();
  auto last = c.members.end();
  if (c.in_time_order) {
    // Only the window's members: a heat wave's cluster of 100,000 requests
    // is not recounted for each one that joins or is dispatched.
    first = std::partition_point(first, last, [&](DocId d) { return docs_[d].at < since; });
    last = std::partition_point(first, last, [&](DocId d) { return docs_[d].at <= now; });
  }
  for (auto it = first; it != last; ++it) {
    const IndexedRequest& r = docs_[*it];
    if (r.at < since || r.at > now) continue;
    ++requests;
    if (r.applicant_key.empty()) {
      // Anonymous requests cannot be told apart: together they count as one
      // applicant, so that one person cannot make a concentration alone.
      anonymous = true;
    } else {
      applicants.insert(r.applicant_key);
    }
  }
  return {requests, applicants.size() + (anonymous ? 1 : 0)};
}

ClusterView RequestIndex::cluster(DocId id, Instant now) const {
  ClusterView v;
  v.id = cluster_of(id);
  const auto it = clusters_.find(v.id);
  if (it == clusters_.end()) {
    v.members = {v.id};
    v.requests = 1;
    const auto& r = docs_[v.id];
    const bool in = r.at <= now && r.at >= now - settings_.clusters.window;
    v.recent_requests = v.recent_applicants = in ? 1 : 0;  // (anonymous or not)
    v.first_at = v.last_at = r.at;
    v.district = r.district;
    v.category = r.category;
    return v;
  }
  const Cluster& c = it->second;
  v.members = c.members;
  v.requests = c.members.size();
  std::tie(v.recent_requests, v.recent_applicants) = recent(c, now);
  v.first_at = c.first_at;
  v.last_at = c.last_at;
  // The most frequent; a tie goes to the first in order, as the counts are kept.
  auto top = [](const std::map<std::string, int, std::less<>>& m) {
    std::string best;
    int n = 0;
    for (const auto& [k, count] : m) {
      if (count > n) {
        n = count;
        best = k;
      }
    }
    return best;
  };
  v.district = top(c.districts);
  v.category = top(c.categories);
  v.alerted = c.alerted_at.has_value();
  v.alerted_at = c.alerted_at;
  return v;
}

std::optional<std::size_t> RequestIndex::alerted_applicants(DocId doc, Instant now) const {
  const auto it = clusters_.find(cluster_of(doc));
  if (it == clusters_.end() || !it->second.alerted_at) return std::nullopt;
  return recent(it->second, now).second;
}

bool RequestIndex::cluster_has_applicant(DocId doc, std::string_view key) const {
  if (key.empty()) return false;
  const DocId id = cluster_of(doc);
  const auto it = clusters_.find(id);
  if (it == clusters_.end()) return docs_[id].applicant_key == key;
  return it->second.applicants.contains(std::string(key));
}

std::vector<ClusterView> RequestIndex::hot(Instant now, std::size_t min_applicants,
                                           std::size_t limit) const {
  std::vector<std::pair<std::pair<std::size_t, std::size_t>, DocId>> ranked;
  for (const auto& [id, c] : clusters_) {
    const auto counts = recent(c, now);
    if (counts.second >= std::max<std::size_t>(min_applicants, 1)) {
      ranked.push_back({{counts.second, counts.first}, id});
    }
  }
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second < b.second;
  });
  if (ranked.size() > limit) ranked.resize(limit);
  std::vector<ClusterView> out;
  out.reserve(ranked.size());
  for (const auto& [counts, id] : ranked) out.push_back(cluster(id, now));
  return out;
}

std::vector<DocId> RequestIndex::cluster_ids() const {
  std::vector<DocId> out;
  out.reserve(clusters_.size());
  for (const auto& [id, c] : clusters_) out.push_back(id);
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::pair<std::string, double>> RequestIndex::category_votes(
    const Fingerprint& fp, std::size_t neighbours_wanted) const {
  std::map<std::string, double> votes;
  double mass = 0;
  std::size_t used = 0;
  for (const Neighbour& n : neighbours(fp, 0.05, neighbours_wanted * 4)) {
    const auto& cat = docs_[n.doc].category;
    if (cat.empty()) continue;
    votes[cat] += n.similarity;
    mass += n.similarity;
    if (++used == neighbours_wanted) break;
  }
  std::vector<std::pair<std::string, double>> out;
  out.reserve(votes.size());
  for (auto& [cat, v] : votes) out.emplace_back(cat, mass > 0 ? v / mass : 0.0);
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  return out;
}

}  // namespace hotline::triage
