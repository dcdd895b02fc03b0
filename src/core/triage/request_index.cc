#include "core/triage/request_index.h"

#include <algorithm>
#include <limits>
#include <map>
#include <span>
#include <unordered_set>

#include "core/result.h"

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
  const auto id = numbers_.find(number);
  if (!id || *id >= doc_of_number_.size()) return std::nullopt;
  return doc_of_number_[*id];
}

IndexedRequest RequestIndex::request(DocId doc) const {
  IndexedRequest r;
  r.number = numbers_.view(number_[doc]);
  r.applicant_key = applicants_.view(applicant_[doc]);
  r.at = at_[doc];
  r.district = districts_.view(district_[doc]);
  r.category = categories_.view(category_[doc]);
  return r;
}

Fingerprint RequestIndex::fingerprint_of(DocId doc) const {
  const std::uint64_t begin = doc == 0 ? 0 : terms_end_[doc - 1];
  Fingerprint fp;
  fp.terms.assign(terms_.begin() + static_cast<std::ptrdiff_t>(begin),
                  terms_.begin() + static_cast<std::ptrdiff_t>(terms_end_[doc]));
  return fp;
}

double RequestIndex::similarity_to(const Fingerprint& fp, DocId doc) const {
  const std::uint64_t begin = doc == 0 ? 0 : terms_end_[doc - 1];
  return similarity(std::span<const WeightedTerm>(fp.terms),
                    std::span<const WeightedTerm>(terms_).subspan(begin, terms_end_[doc] - begin));
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
    // A district this index has never seen is another district than any here.
    const auto own = district.empty() ? std::optional<StringPool::Id>(StringPool::kEmpty)
                                      : districts_.find(district);
    for (std::size_t k = start; k < list.size(); ++k) {
      if (at_[list[k]] < since || at_[list[k]] > at) continue;
      const StringPool::Id other = district_[list[k]];
      // The same name in another district is another place (a chain's branch).
      if (!district.empty() && other != StringPool::kEmpty && other != own) continue;
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
  const auto id = applicants_.find(key);
  if (!id || *id >= latest_of_applicant_.size()) return out;
  for (DocId d = latest_of_applicant_[*id];; d = previous_of_applicant_[d]) {
    const double s = similarity_to(fp, d);
    if (s >= min_similarity) out.push_back({d, s});
    if (previous_of_applicant_[d] == d) break;
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
  c.first_at = c.last_at = at_[doc];
  count(c, doc);
  return c;
}

void RequestIndex::count(Cluster& c, DocId doc) const {
  c.first_at = std::min(c.first_at, at_[doc]);
  c.last_at = std::max(c.last_at, at_[doc]);
  if (district_[doc] != StringPool::kEmpty) ++c.districts[district_[doc]];
  if (category_[doc] != StringPool::kEmpty) ++c.categories[category_[doc]];
  if (applicant_[doc] != StringPool::kEmpty) ++c.applicants[applicant_[doc]];
}

void RequestIndex::append(Cluster& c, DocId doc) const {
  if (!c.members.empty() && at_[doc] < at_[c.members.back()]) c.in_time_order = false;
  c.members.push_back(doc);
}

void RequestIndex::absorb(Cluster& into, Cluster&& from) const {
  if (!into.members.empty() && !from.members.empty() &&
      from.members.front() > into.members.back()) {
    // Newer requests (a new request joining): appended in arrival order.
    into.in_time_order = into.in_time_order && from.in_time_order &&
                         at_[from.members.front()] >= at_[into.members.back()];
    into.members.insert(into.members.end(), from.members.begin(), from.members.end());
  } else {
    std::vector<DocId> members;
    members.reserve(into.members.size() + from.members.size());
    std::merge(into.members.begin(), into.members.end(), from.members.begin(), from.members.end(),
               std::back_inserter(members));
    into.members = std::move(members);
    into.in_time_order = std::is_sorted(into.members.begin(), into.members.end(),
                                        [this](DocId a, DocId b) { return at_[a] < at_[b]; });
  }
  into.first_at = std::min(into.first_at, from.first_at);
  into.last_at = std::max(into.last_at, from.last_at);
  for (const auto& [k, n] : from.districts) into.districts[k] += n;
  for (const auto& [k, n] : from.categories) into.categories[k] += n;
  for (const auto& [k, n] : from.applicants) into.applicants[k] += n;
}

Observation RequestIndex::observe(const IndexedRequest& request, std::string_view subject,
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
    if (!listed) obs.neighbours.push_back({d, similarity_to(fp, d)});
  }

  const DocId doc = add(request, fp, static_cast<DocId>(size()));
  obs.doc = doc;
  obs.fingerprint = std::move(fp);
  obs.parent_updates.emplace_back(doc, doc);
  const Instant at = request.at;

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

DocId RequestIndex::add(const IndexedRequest& request, const Fingerprint& fp, DocId parent) {
  const auto doc = static_cast<DocId>(size());
  HOTLINE_ASSERT(doc == size());  // no more than 2^32 requests
  at_.push_back(request.at);
  newest_at_ = std::max(newest_at_, request.at);
  const StringPool::Id number = numbers_.intern(request.number);
  number_.push_back(number);
  if (number >= doc_of_number_.size()) doc_of_number_.resize(number + 1, doc);
  const StringPool::Id applicant = applicants_.intern(request.applicant_key);
  applicant_.push_back(applicant);
  previous_of_applicant_.push_back(doc);
  if (applicant != StringPool::kEmpty) {
    if (applicant >= latest_of_applicant_.size()) {
      latest_of_applicant_.resize(applicant + 1, doc);
    } else {
      previous_of_applicant_.back() = latest_of_applicant_[applicant];
      latest_of_applicant_[applicant] = doc;
    }
  }
  district_.push_back(districts_.intern(request.district));
  category_.push_back(categories_.intern(request.category));
  parent_.push_back(parent <= doc ? parent : doc);
  weights_.push_back(fp.total_weight());
  terms_.insert(terms_.end(), fp.terms.begin(), fp.terms.end());
  terms_end_.push_back(terms_.size());

  // A search reads only the last `max_postings_per_term` of a term's list:
  // older postings go once there are twice that many.
  const std::size_t cap = settings_.max_postings_per_term;
  for (const WeightedTerm& t : fp.terms) {
    auto& list = postings_[t.term];
    if (cap > 0 && list.size() >= 2 * cap) {
      list.erase(list.begin(), list.end() - static_cast<std::ptrdiff_t>(cap - 1));
    }
    list.push_back(doc);
  }
  for (const WeightedTerm& a : fp.anchors) anchor_postings_[a.term].push_back(doc);
  anchor_postings_count_ += fp.anchors.size();
  if (anchor_postings_count_ > 2 * anchor_postings_pruned_at_ + settings_.anchor_postings_slack) {
    prune_anchor_postings();
  }
  return doc;
}

void RequestIndex::prune_anchor_postings() {
  // anchored() reads a request only within the anchor window before the new
  // one; a request older than the window before the newest is read by none
  // that arrives in time order (a backdated one may miss it: see the header).
  const Instant before = newest_at_ - settings_.clusters.anchor_window;
  anchor_postings_count_ = 0;
  for (auto it = anchor_postings_.begin(); it != anchor_postings_.end();) {
    auto& list = it->second;
    std::erase_if(list, [&](DocId d) { return at_[d] < before; });
    if (list.empty()) {
      it = anchor_postings_.erase(it);
    } else {
      if (list.capacity() > 2 * list.size()) list.shrink_to_fit();
      anchor_postings_count_ += list.size();
      ++it;
    }
  }
  anchor_postings_pruned_at_ = anchor_postings_count_;
}

DocId RequestIndex::restore(const IndexedRequest& request, const Fingerprint& fp, DocId parent) {
  const DocId doc = add(request, fp, parent);
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
  if (cluster >= size()) return;
  const DocId r = root(cluster);
  auto it = clusters_.find(r);
  if (it != clusters_.end()) it->second.alerted_at = at;
}

std::pair<std::size_t, std::size_t> RequestIndex::recent(const Cluster& c, Instant now) const {
  const Instant since = now - settings_.clusters.window;
  std::size_t requests = 0;
  std::unordered_set<StringPool::Id> applicants;
  bool anonymous = false;
  auto first = c.members.begin();
  auto last = c.members.end();
  if (c.in_time_order) {
    // Only the window's members: a heat wave's cluster of 100,000 requests
    // is not recounted for each one that joins or is dispatched.
    first = std::partition_point(first, last, [&](DocId d) { return at_[d] < since; });
    last = std::partition_point(first, last, [&](DocId d) { return at_[d] <= now; });
  }
  for (auto it = first; it != last; ++it) {
    if (at_[*it] < since || at_[*it] > now) continue;
    ++requests;
    if (applicant_[*it] == StringPool::kEmpty) {
      // Anonymous requests cannot be told apart: together they count as one
      // applicant, so that one person cannot make a concentration alone.
      anonymous = true;
    } else {
      applicants.insert(applicant_[*it]);
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
    const Instant at = at_[v.id];
    const bool in = at <= now && at >= now - settings_.clusters.window;
    v.recent_requests = v.recent_applicants = in ? 1 : 0;  // (anonymous or not)
    v.first_at = v.last_at = at;
    v.district = districts_.view(district_[v.id]);
    v.category = categories_.view(category_[v.id]);
    return v;
  }
  const Cluster& c = it->second;
  v.members = c.members;
  v.requests = c.members.size();
  std::tie(v.recent_requests, v.recent_applicants) = recent(c, now);
  v.first_at = c.first_at;
  v.last_at = c.last_at;
  // The most frequent; a tie goes to the first in text order.
  auto top = [](const std::map<StringPool::Id, int>& m, const StringPool& pool) {
    std::string_view best;
    int n = 0;
    for (const auto& [value, count] : m) {
      if (count > n || (count == n && pool.view(value) < best)) {
        n = count;
        best = pool.view(value);
      }
    }
    return std::string(best);
  };
  v.district = top(c.districts, districts_);
  v.category = top(c.categories, categories_);
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
  const auto applicant = applicants_.find(key);
  if (!applicant) return false;
  const DocId id = cluster_of(doc);
  const auto it = clusters_.find(id);
  if (it == clusters_.end()) return applicant_[id] == *applicant;
  return it->second.applicants.contains(*applicant);
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
    const std::string_view cat = categories_.view(category_[n.doc]);
    if (cat.empty()) continue;
    votes[std::string(cat)] += n.similarity;
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
