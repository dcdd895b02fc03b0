#pragma once
// The knowledge base's JSON API under /api/v1/kb/ (KB-1..KB-9).
//
// Public (no authentication): search and reading articles. Anonymous callers
// and applicants only ever get published, current, public articles; drafts,
// internal answer scripts and expired articles are "not found" to them.
// Staff routes (office and units) need an authenticated actor: creating and
// editing articles, the review workflow, history, update requests, reports,
// synonyms and the agent's suggestions for a request's text. Refusals are 422
// with the SPEC rule and the article; bad input 400 naming the field.

#include "adapters/http/router.h"
#include "core/knowledge/knowledge_service.h"

namespace hotline::http {

void add_knowledge_routes(Router& router, KnowledgeService& service);

}  // namespace hotline::http
