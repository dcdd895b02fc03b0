#pragma once
// The knowledge base's JSON API under /api/v1/kb/ (KB-1..KB-9), generated
// from the KnowledgeBase use case's table of operations
// (application/knowledge_commands.h): one route per operation with its
// method, path, query parameters, body and answer schemas, public only where
// the operation admits anyone.
//
// Public (no authentication): search and reading articles. Anonymous callers
// and applicants only ever get published, current, public articles; drafts,
// internal answer scripts and expired articles are "not found" to them.
// Refusals are 403 for a role that may not (SEC-2), 422 with the SPEC rule
// and the article for a rule's refusal; bad input 400 naming the field.

#include "adapters/http/router.h"
#include "application/knowledge_base.h"

namespace hotline::http {

void add_knowledge_routes(Router& router, KnowledgeBase& knowledge_base);

}  // namespace hotline::http
