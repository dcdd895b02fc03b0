#pragma once
// The operations of the knowledge base (KB-1..KB-9), one typed struct each.
// A struct declares itself (kSpec: name, route, who may call it, audited),
// reads its call strictly (from_call: path, query and body; unknown members
// and query parameters name the field), describes its body and query
// parameters as JSON Schemas, and runs on the KnowledgeService with a typed
// answer. `KnowledgeOperation` lists them all; the KnowledgeBase use case
// (knowledge_base.h) and its HTTP routes are generated from that list.
//
// Adding an operation: a struct here (and its place in KnowledgeOperation),
// the rule in core/knowledge, a test. The route, its OpenAPI operation and
// the audit entry follow.

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "application/operation.h"
#include "core/knowledge/knowledge_service.h"

namespace hotline::kb {

using nlohmann::json;
using Caller = std::optional<Actor>;

// ---- Answers that are lists ----
struct ArticleList {
  std::vector<Article> articles;
};
struct ArticleHistory {
  std::vector<ArticleChange> changes;
};
struct UpdateRequestList {
  std::vector<UpdateRequest> requests;
};
struct SynonymGroups {
  std::vector<std::vector<std::string>> groups;
};
struct SupervisionList {
  std::vector<UnitSupervision> supervisions;
};
struct NoticeList {
  std::vector<KnowledgeNotice> notices;
};
struct Done {};
// What an import did: one outcome per article, in the order given.
struct ImportReport {
  std::vector<ImportOutcome> outcomes;
  std::size_t synonym_groups = 0;  // groups given (merged into the existing ones)
};

// ---- Public: search and read (KB-1) ----

struct Search {
  static constexpr OperationSpec kSpec{
      "kb-search",
      "GET",
      "/api/v1/kb/search",
      &who::kAnyone,
      false,
      200,
      "search published articles (applicants: public and current only)"};
  SearchQuery query;
  bool include_expired = false;
  static Result<Search> from_call(const OperationCall& call);
  static std::vector<OperationParam> query_params();
  Result<SearchResults> run(KnowledgeService& s, const Caller& caller) &&;
};

struct GetArticle {
  static constexpr OperationSpec kSpec{
      "kb-article",
      "GET",
      "/api/v1/kb/articles/{id}",
      &who::kAnyone,
      false,
      200,
      "an article (applicants: published, current and public only)"};
  std::string id;
  static Result<GetArticle> from_call(const OperationCall& call);
  Result<Article> run(KnowledgeService& s, const Caller& caller) &&;
};

// ---- Staff: articles and their workflow (KB-2..KB-6) ----

struct ListArticles {
  static constexpr OperationSpec kSpec{"kb-articles",          "GET", "/api/v1/kb/articles",
                                       &who::kSignedIn,        false, 200,
                                       "list articles (staff)"};
  ArticleFilter filter;
  static Result<ListArticles> from_call(const OperationCall& call);
  static std::vector<OperationParam> query_params();
  Result<ArticleList> run(KnowledgeService& s, const Caller& caller) &&;
};

struct CreateArticle {
  static constexpr OperationSpec kSpec{
      "kb-create",
      "POST",
      "/api/v1/kb/articles",
      &who::kMaintainers,
      true,
      201,
      "create a draft article (unit or office); screened for personal information (KB-6)"};
  ArticleDraft draft;
  std::string reason;
  static Result<CreateArticle> from_call(const OperationCall& call);
  static json body_schema();
  Result<Article> run(KnowledgeService& s, const Caller& caller) &&;
};

struct EditArticle {
  static constexpr OperationSpec kSpec{
      "kb-edit",
      "PUT",
      "/api/v1/kb/articles/{id}",
      &who::kMaintainers,
      true,
      200,
      "new text of an article: a draft changes, a published article gets a revision"};
  std::string id;
  ArticleContent content;
  std::string reason;
  static Result<EditArticle> from_call(const OperationCall& call);
  static json body_schema();
  Result<Article> run(KnowledgeService& s, const Caller& caller) &&;
};

// A step of the workflow: the article's id from the route and a reason.
struct ArticleStep {
  std::string id;
  std::string reason;
  static Result<ArticleStep> read(const OperationCall& call);
  static json body_schema();
};

struct SubmitArticle : ArticleStep {
  static constexpr OperationSpec kSpec{
      "kb-submit", "POST", "/api/v1/kb/articles/{id}/submit", &who::kMaintainers,
      true,        200,    "article workflow: submit"};
  static Result<SubmitArticle> from_call(const OperationCall& call);
  Result<Article> run(KnowledgeService& s, const Caller& caller) &&;
};

struct ApproveArticle : ArticleStep {
  static constexpr OperationSpec kSpec{
      "kb-approve", "POST", "/api/v1/kb/articles/{id}/approve", &who::kReviewers,
      true,         200,    "article workflow: approve"};
  static Result<ApproveArticle> from_call(const OperationCall& call);
  Result<Article> run(KnowledgeService& s, const Caller& caller) &&;
};

struct RejectArticle : ArticleStep {
  static constexpr OperationSpec kSpec{
      "kb-reject", "POST", "/api/v1/kb/articles/{id}/reject", &who::kReviewers,
      true,        200,    "article workflow: reject"};
  static Result<RejectArticle> from_call(const OperationCall& call);
  Result<Article> run(KnowledgeService& s, const Caller& caller) &&;
};

struct WithdrawArticle : ArticleStep {
  static constexpr OperationSpec kSpec{
      "kb-withdraw", "POST", "/api/v1/kb/articles/{id}/withdraw", &who::kMaintainers,
      true,          200,    "article workflow: withdraw"};
  static Result<WithdrawArticle> from_call(const OperationCall& call);
  Result<Article> run(KnowledgeService& s, const Caller& caller) &&;
};

struct ConfirmArticle : ArticleStep {
  static constexpr OperationSpec kSpec{
      "kb-confirm", "POST", "/api/v1/kb/articles/{id}/confirm", &who::kMaintainers,
      true,         200,    "article workflow: confirm (KB-5)"};
  static Result<ConfirmArticle> from_call(const OperationCall& call);
  Result<Article> run(KnowledgeService& s, const Caller& caller) &&;
};

struct PrenotifyArticle {
  static constexpr OperationSpec kSpec{"kb-prenotify",
                                       "POST",
                                       "/api/v1/kb/articles/{id}/prenotify",
                                       &who::kMaintainers,
                                       true,
                                       200,
                                       "pre-notice of a policy before it goes public (KB-4)"};
  std::string id;
  Instant public_from{};
  std::string reason;
  static Result<PrenotifyArticle> from_call(const OperationCall& call);
  static json body_schema();
  Result<Article> run(KnowledgeService& s, const Caller& caller) &&;
};

struct ArticleHistoryOf {
  static constexpr OperationSpec kSpec{
      "kb-history", "GET", "/api/v1/kb/articles/{id}/history", &who::kSignedIn,
      false,        200,   "who changed what, when and why"};
  std::string id;
  static Result<ArticleHistoryOf> from_call(const OperationCall& call);
  Result<ArticleHistory> run(KnowledgeService& s, const Caller& caller) &&;
};

// ---- For the agent (TRI-7) and the office (synonyms) ----

struct Suggest {
  static constexpr OperationSpec kSpec{
      "kb-suggest",
      "POST",
      "/api/v1/kb/suggest",
      &who::kSignedIn,
      false,
      200,
      "articles that answer a request's text, for the agent (TRI-7)"};
  std::string text;
  std::size_t limit = 5;
  static Result<Suggest> from_call(const OperationCall& call);
  static json body_schema();
  Result<SearchResults> run(KnowledgeService& s, const Caller& caller) &&;
};

struct Synonyms {
  static constexpr OperationSpec kSpec{"kb-synonyms", "GET", "/api/v1/kb/synonyms", &who::kSignedIn,
                                       false,         200,   "synonym groups"};
  static Result<Synonyms> from_call(const OperationCall& call);
  Result<SynonymGroups> run(KnowledgeService& s, const Caller& caller) &&;
};

struct SetSynonyms {
  static constexpr OperationSpec kSpec{"kb-set-synonyms",
                                       "PUT",
                                       "/api/v1/kb/synonyms",
                                       &who::kOffice,
                                       true,
                                       200,
                                       "replace the synonym groups (office)"};
  std::vector<std::vector<std::string>> groups;
  static Result<SetSynonyms> from_call(const OperationCall& call);
  static json body_schema();
  Result<Done> run(KnowledgeService& s, const Caller& caller) &&;
};

// ---- Update requests (KB-3), monthly reports (KB-8), supervision (KB-9) ----

struct RequestUpdate {
  static constexpr OperationSpec kSpec{"kb-request-update",
                                       "POST",
                                       "/api/v1/kb/update-requests",
                                       &who::kReviewers,
                                       true,
                                       201,
                                       "the office asks a unit to add or correct content (KB-3)"};
  std::string unit;
  UpdateKind kind = UpdateKind::kCorrect;
  std::string article;
  std::string text;
  bool emergency = false;
  static Result<RequestUpdate> from_call(const OperationCall& call);
  static json body_schema();
  Result<UpdateRequest> run(KnowledgeService& s, const Caller& caller) &&;
};

struct ListUpdateRequests {
  static constexpr OperationSpec kSpec{"kb-update-requests",
                                       "GET",
                                       "/api/v1/kb/update-requests",
                                       &who::kSignedIn,
                                       false,
                                       200,
                                       "update requests (a unit sees its own)"};
  RequestFilter filter;
  static Result<ListUpdateRequests> from_call(const OperationCall& call);
  static std::vector<OperationParam> query_params();
  Result<UpdateRequestList> run(KnowledgeService& s, const Caller& caller) &&;
};

struct CompleteUpdateRequest {
  static constexpr OperationSpec kSpec{"kb-complete-request",
                                       "POST",
                                       "/api/v1/kb/update-requests/{id}/complete",
                                       &who::kMaintainers,
                                       true,
                                       200,
                                       "the unit reports an update request done"};
  std::string id;
  std::string article;
  std::string note;
  static Result<CompleteUpdateRequest> from_call(const OperationCall& call);
  static json body_schema();
  Result<UpdateRequest> run(KnowledgeService& s, const Caller& caller) &&;
};

struct SubmitReport {
  static constexpr OperationSpec kSpec{"kb-report",
                                       "POST",
                                       "/api/v1/kb/reports",
                                       &who::kUnits,
                                       true,
                                       201,
                                       "a unit files its monthly report (KB-8, profile T)"};
  ReportKind kind = ReportKind::kKnowledgeBase;
  std::string month;
  std::string text;
  bool no_changes = false;
  static Result<SubmitReport> from_call(const OperationCall& call);
  static json body_schema();
  Result<MonthlyReport> run(KnowledgeService& s, const Caller& caller) &&;
};

struct Supervisions {
  static constexpr OperationSpec kSpec{
      "kb-supervisions",
      "GET",
      "/api/v1/kb/supervisions",
      &who::kStaffOrAnalyst,
      false,
      200,
      "units under supervision for their knowledge-base content (KB-9)"};
  std::optional<std::string> unit;
  static Result<Supervisions> from_call(const OperationCall& call);
  static std::vector<OperationParam> query_params();
  Result<SupervisionList> run(KnowledgeService& s, const Caller& caller) &&;
};

// KB-4, KB-8, KB-9: the daily sweep — expiry reminders, expired articles
// withdrawn, overdue update requests, missed monthly reports, supervision
// (the server's scheduler runs it too).
struct Sweep {
  static constexpr OperationSpec kSpec{
      "kb-sweep",
      "POST",
      "/api/v1/kb/sweep",
      &who::kReviewers,
      true,
      200,
      "reminders, expiry, overdue requests, missed reports (KB-4, KB-8, KB-9)"};
  static Result<Sweep> from_call(const OperationCall& call);
  static json body_schema();  // {} (a "reason" may be given)
  Result<KnowledgeSweepReport> run(KnowledgeService& s, const Caller& caller) &&;
};

// Articles from another knowledge base (JSON lines or Markdown files, read
// by the door) and synonym groups: created, updated or left unchanged, each
// refusal named (KB-1, KB-2). The command line reads the files and runs it
// typed (KnowledgeBase::import); the API takes the articles as the objects
// of the JSON-lines format.
struct ImportArticles {
  static constexpr OperationSpec kSpec{
      "kb-import",
      "POST",
      "/api/v1/kb/import",
      &who::kReviewers,
      true,
      200,
      "import articles and synonym groups; each article created, updated or unchanged, a refusal "
      "named (KB-1, KB-2)"};
  std::vector<ImportedArticle> articles;
  std::vector<std::vector<std::string>> synonyms;
  static Result<ImportArticles> from_call(const OperationCall& call);
  static json body_schema();
  Result<ImportReport> run(KnowledgeService& s, const Caller& caller) &&;
};

// The notices the knowledge base sent to units (reminders, update requests,
// supervision, pre-notices); a unit's staff see their own unit's.
struct Notices {
  static constexpr OperationSpec kSpec{"kb-notices",
                                       "GET",
                                       "/api/v1/kb/notices",
                                       &who::kStaffOrAnalyst,
                                       false,
                                       200,
                                       "notices to units: reminders, requests, supervision"};
  std::optional<std::string> unit;
  static Result<Notices> from_call(const OperationCall& call);
  static std::vector<OperationParam> query_params();
  Result<NoticeList> run(KnowledgeService& s, const Caller& caller) &&;
};

// Every operation of the knowledge base, in the order of the routes.
using KnowledgeOperations =
    std::tuple<Search, GetArticle, ListArticles, CreateArticle, EditArticle, SubmitArticle,
               ApproveArticle, RejectArticle, WithdrawArticle, ConfirmArticle, PrenotifyArticle,
               ArticleHistoryOf, Suggest, Synonyms, SetSynonyms, RequestUpdate, ListUpdateRequests,
               CompleteUpdateRequest, SubmitReport, Supervisions, Sweep, Notices, ImportArticles>;

// ---- Answers as JSON, as the caller may see them, and their schemas ----
// Staff see an article's whole record; applicants and anonymous callers the
// published text only (no revision, no internal dates).
json render(const Article& a, const Caller& caller);
json render(const SearchResults& r, const Caller& caller);
json render(const ArticleList& l, const Caller& caller);
json render(const ArticleHistory& h, const Caller& caller);
json render(const UpdateRequest& r, const Caller& caller);
json render(const UpdateRequestList& l, const Caller& caller);
json render(const MonthlyReport& r, const Caller& caller);
json render(const SynonymGroups& g, const Caller& caller);
json render(const SupervisionList& l, const Caller& caller);
json render(const NoticeList& l, const Caller& caller);
json render(const KnowledgeSweepReport& r, const Caller& caller);
json render(const ImportReport& r, const Caller& caller);
json render(const Done& d, const Caller& caller);

json answer_schema(const Article*);
json answer_schema(const SearchResults*);
json answer_schema(const ArticleList*);
json answer_schema(const ArticleHistory*);
json answer_schema(const UpdateRequest*);
json answer_schema(const UpdateRequestList*);
json answer_schema(const MonthlyReport*);
json answer_schema(const SynonymGroups*);
json answer_schema(const SupervisionList*);
json answer_schema(const NoticeList*);
json answer_schema(const KnowledgeSweepReport*);
json answer_schema(const ImportReport*);
json answer_schema(const Done*);

// The components the answers refer to ("Article", "SearchResults", …), for
// the OpenAPI document.
json components();

}  // namespace hotline::kb
