#pragma once
// The knowledge base as the engine's KnowledgeLinker: a return answered by a
// knowledge-base entry (RET-4 [T8(3)4]) links the article as it stands —
// published and current, or refused.

#include "core/engine/engine_hooks.h"
#include "core/knowledge/knowledge_service.h"

namespace hotline {

class KnowledgeBaseLinker final : public KnowledgeLinker {
 public:
  explicit KnowledgeBaseLinker(KnowledgeService& service) : service_(service) {}

  Result<KnowledgeLink> link(const std::string& article_id) const override {
    auto cited = service_.cite(article_id);
    if (!cited) return fail(cited.error());
    return KnowledgeLink{cited->id, cited->version, cited->title, cited->unit, cited->link};
  }

 private:
  KnowledgeService& service_;
};

}  // namespace hotline
