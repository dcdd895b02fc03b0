#pragma once
// ICN-1 [D31, T2] and ICN-2 [M9] as policy data (the [interconnection]
// section; a profile without it takes no registration from a sub-centre and
// no transfer from another city's hotline).
//
// D31: 热线分中心、双号并行且保留话务座席的单位应当与12345热线建立电话转接机制，
// 按照12345热线标准统一提供服务，向热线归集相关数据，接受12345热线工作考核.
// T2 names the 12328 hotline's own channels (its phone line, WeChat official
// account and mini-program). M9: 推进诉求区域内互转互通、联动处置、信息共享.

#include <string>
#include <vector>

#include "core/work_order/classification.h"

namespace hotline {

struct InterconnectionPolicy {
  bool present = false;
  // The channels a sub-centre registers requests on (its own numbers).
  std::vector<Channel> sub_centre_channels;
  std::string sub_centre_article;  // "D31, T2"
  // The channel of requests another city's hotline transfers in.
  std::vector<Channel> partner_channels;
  std::string partner_article;  // "M9"
};

}  // namespace hotline
