#include "core/attachments/attachment_policy.h"

#include <algorithm>
#include <set>

namespace hotline {
namespace {

std::string megabytes(std::uint64_t bytes) {
  const std::uint64_t mb = bytes / (std::uint64_t{1024} * 1024);
  if (mb * 1024 * 1024 == bytes) return std::to_string(mb) + " MB";
  return std::to_string(bytes / 1024) + " KB";
}

}  // namespace

const AttachmentKindRule* AttachmentPolicy::rule_for(MediaKind kind) const {
  for (const auto& r : kinds) {
    if (r.kind == kind) return &r;
  }
  return nullptr;
}

std::uint64_t AttachmentPolicy::largest() const {
  std::uint64_t most = 0;
  for (const auto& r : kinds) most = std::max(most, r.max_bytes);
  return most;
}

Error not_an_allowed_type(const AttachmentPolicy& policy) {
  std::string types;
  for (const auto& r : policy.kinds) {
    for (const auto& t : r.media_types) types += (types.empty() ? "" : ", ") + t;
  }
  return Error::invalid("body", "the content is none of the allowed types (" + types + ")",
                        "文件内容不是允许的照片、语音或视频格式（" + types + "）");
}

Result<const AttachmentKindRule*> check_attachment(const AttachmentPolicy& policy,
                                                   const SniffedMedia& media, std::uint64_t size) {
  const AttachmentKindRule* rule = policy.rule_for(media.kind);
  if (!rule || std::find(rule->media_types.begin(), rule->media_types.end(), media.media_type) ==
                   rule->media_types.end()) {
    return fail(not_an_allowed_type(policy));
  }
  if (size == 0) return fail(Error::invalid("body", "the file is empty", "文件为空"));
  if (size > rule->max_bytes) {
    const std::string kind(to_string(media.kind));
    return fail(Error::refused(
        "INT-3", rule->article, "a " + kind + " may be at most " + megabytes(rule->max_bytes),
        std::string(to_chinese(media.kind)) + "不得超过 " + megabytes(rule->max_bytes) +
            (rule->note.empty() ? "" : "（" + rule->note + "）")));
  }
  return rule;
}

Status check_attachment_count(const AttachmentPolicy& policy, std::size_t count) {
  if (count > static_cast<std::size_t>(policy.max_per_request)) {
    const std::string n = std::to_string(policy.max_per_request);
    Error e = Error::refused("INT-3", policy.max_per_request_article,
                             "at most " + n + " attachments with one request",
                             "每件诉求最多附 " + n + " 个附件");
    e.field = "attachments";
    return fail(e);
  }
  return {};
}

Status validate(const AttachmentPolicy& policy) {
  std::set<MediaKind> seen;
  for (const auto& r : policy.kinds) {
    const std::string k(to_string(r.kind));
    if (!seen.insert(r.kind).second) {
      return fail(Error::invalid("attachments." + k, "kind listed twice", "附件类型重复"));
    }
    if (r.media_types.empty()) {
      return fail(
          Error::invalid("attachments." + k + ".media_types", "no media type", "未列出允许的格式"));
    }
    if (r.max_bytes == 0) {
      return fail(
          Error::invalid("attachments." + k + ".max_bytes", "must be positive", "应为正数"));
    }
    if (r.article.empty()) {
      return fail(
          Error::invalid("attachments." + k + ".article", "cite the article", "须注明依据条款"));
    }
  }
  if (policy.max_per_request <= 0 || policy.max_per_request_article.empty()) {
    return fail(Error::invalid("attachments.max_per_request", "a positive number with its article",
                               "须为正数并注明依据条款"));
  }
  if (policy.unattached_kept_hours <= 0 || policy.unattached_kept_article.empty()) {
    return fail(Error::invalid("attachments.unattached_kept_hours",
                               "a positive number of hours with its article",
                               "须为正整数小时并注明依据条款"));
  }
  if (policy.location_article.empty()) {
    return fail(
        Error::invalid("attachments.location_article", "cite the article", "须注明依据条款"));
  }
  if (policy.thumbnail_edge < 16 || policy.thumbnail_edge > 2048) {
    return fail(Error::invalid("attachments.thumbnail_edge", "between 16 and 2048 pixels",
                               "缩略图边长应在 16 到 2048 像素之间"));
  }
  return {};
}

}  // namespace hotline
