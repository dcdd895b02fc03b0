#pragma once
// EVA-2 and EVA-4: what the office records about units and what social
// supervisors tell it.
//
// Circulations (通报, EVA-2 [T24, D25, T26]): the office circulates a unit for
// a month, for criticism on the grounds T24 lists (buck-passing, refusing a
// supervised matter without good reason, media exposure) or for praise (T26
// publicises good practice; D26 rewards units whose active governance
// succeeded). Each record names its ground and article, the reason, the work
// orders behind it and the assessment indicators it rests on, who and when.
// Circulations for criticism count in the T profile's deduction (T24).
//
// Opinions (监督意见, EVA-4 [R22]): a social supervisor's opinion on a sampled
// work order or on the hotline's work in general, and the office's answer.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "core/work_order/actor.h"

namespace hotline::oversight {

enum class CirculationKind { kCriticism, kPraise };
std::string_view to_string(CirculationKind k);
std::string_view to_chinese(CirculationKind k);  // 通报批评, 通报表扬
std::optional<CirculationKind> parse_circulation_kind(std::string_view s);

enum class CirculationGround {
  kBuckPassing,         // T24(1) 推诿扯皮、敷衍拖延
  kRefusedSupervision,  // T24(2) 对督办事项无正当理由拒不办理
  kMediaExposure,       // T24(3) 办事不力受到媒体曝光或市级相关部门通报
  kExemplaryPractice,   // T26 担当作为的优秀做法、群众表扬的典型案例
  kActiveGovernance,    // D26 主动治理、解决疑难复杂问题成效显著
};
std::string_view to_string(CirculationGround g);
std::string_view to_chinese(CirculationGround g);
std::optional<CirculationGround> parse_circulation_ground(std::string_view s);
CirculationKind kind_of(CirculationGround g);
std::string_view article_of(CirculationGround g);  // "T24(1)", …, "D26"

struct Circulation {
  std::int64_t id = 0;  // assigned by the store
  std::string unit;
  std::string month;  // "2026-11": the assessment period it belongs to
  CirculationKind kind = CirculationKind::kCriticism;
  CirculationGround ground = CirculationGround::kBuckPassing;
  std::string article;
  std::string reason;
  std::vector<std::string> work_orders;  // the work orders behind it
  std::vector<std::string> indicators;   // assessment indicators it rests on (EVA-1 names)
  Actor recorded_by;
  Instant recorded_at{};
};

struct CirculationFilter {
  std::optional<std::string> unit;
  std::optional<std::string> month;
  std::vector<std::string> any_of_units;  // empty: every unit
  std::size_t limit = 100;
  std::size_t offset = 0;
};

enum class OpinionStatus { kOpen, kAnswered };
std::string_view to_string(OpinionStatus s);
std::string_view to_chinese(OpinionStatus s);
std::optional<OpinionStatus> parse_opinion_status(std::string_view s);

struct Opinion {
  std::int64_t id = 0;     // assigned by the store
  std::string author;      // the social supervisor's account id
  std::string work_order;  // empty: an opinion on the hotline's work in general
  std::string text;        // personal numbers masked before it is stored
  Instant created_at{};
  OpinionStatus status = OpinionStatus::kOpen;
  std::string answer;
  std::string answered_by;
  std::optional<Instant> answered_at;
};

struct OpinionFilter {
  std::optional<std::string> author;
  std::optional<OpinionStatus> status;
  std::optional<std::string> work_order;
  std::size_t limit = 100;
  std::size_t offset = 0;
};

// "2026-11" → itself when it is a valid month; the error names `field`.
Result<std::string> check_month(std::string_view month, std::string_view field = "month");

}  // namespace hotline::oversight
