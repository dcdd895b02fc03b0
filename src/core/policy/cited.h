#pragma once
// A value of a policy file with the article it comes from.

#include <string>

namespace hotline {

template <typename T>
struct Cited {
  T value{};
  std::string article;  // e.g. "R12"; empty only where the office sets it itself
};

}  // namespace hotline
