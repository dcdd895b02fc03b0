#include "adapters/http/api_knowledge.h"

#include "adapters/http/operation_routes.h"

namespace hotline::http {

void add_knowledge_routes(Router& router, KnowledgeBase& knowledge_base) {
  add_operation_routes(router, knowledge_base);
}

}  // namespace hotline::http
