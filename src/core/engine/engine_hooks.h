#pragma once
// What the engine consults or informs beyond its store, each optional: the
// office's reply checks (REP-2, REP-3 [R13, T16]), the knowledge base a
// return may cite (RET-4 [T8(3)4]), and listeners told of every change once
// it is durable (triage indexing, clusters, dispatch learning — DIS-8, SUP-1).
// The engine owns none of them; they must outlive it.

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/work_order/events.h"
#include "core/work_order/work_order_state.h"

namespace hotline {

// Checks a unit's reply before the engine accepts it. A finding that blocks
// refuses the reply with its rule and article; the others are recorded on the
// WorkOrderReplied event as notes for the office's review.
struct ReplyFindingNote {
  ReplyNote note;
  bool blocks = false;
};

class ReplyReviewer {
 public:
  virtual ~ReplyReviewer() = default;
  virtual Result<std::vector<ReplyFindingNote>> review(const WorkOrderState& order,
                                                       const RequestDetails& request,
                                                       const ReplyContent& reply) const = 0;
};

// Resolves the knowledge-base article a return cites (RET-4): refused unless
// it is published and current.
class KnowledgeLinker {
 public:
  virtual ~KnowledgeLinker() = default;
  virtual Result<KnowledgeLink> link(const std::string& article_id) const = 0;
};

// CON-1 [D32]: names an applicant's conduct record by a keyed hash of their
// normalized phone number (PersonalDataCipher::lookup_hash), so the record
// never holds the number. Without one, CON-1 commands are refused.
class ApplicantKeyer {
 public:
  virtual ~ApplicantKeyer() = default;
  virtual std::string key_of(std::string_view normalized_phone) const = 0;
};

// INT-3 [C9]: the files a unit attaches to its reply. Each must be a file
// uploaded to this platform's vault; the event records its media type as read
// from the content and a label ("照片1"), never the file's own name. claim()
// marks a file as referred to before the event is committed, so the sweep of
// uploads never attached (which only removes unclaimed files) cannot take it.
// Without a resolver a reply with attachments is refused.
class AttachmentResolver {
 public:
  virtual ~AttachmentResolver() = default;
  // `field` names the attachment in an error ("attachments[0].uri").
  virtual Result<Attachment> resolve(std::string_view uri, std::size_t position,
                                     const std::string& field) const = 0;
  virtual Status claim(std::string_view uri) const = 0;
  // At most this many with one reply (the policy's per-request limit).
  virtual Status check_count(std::size_t count) const = 0;
};

// Told of the events of every command after they were appended. Called on
// the committing thread, outside any lock of the engine; a listener may call
// the engine again. Its failures are its own: the change already stands.
class EngineListener {
 public:
  virtual ~EngineListener() = default;
  virtual void committed(const std::vector<Event>& events) = 0;
};

}  // namespace hotline
