#pragma once
// The varint encoding of the analysis checkpoint (checkpoint.h) and of the
// archived day parts (Cube::encode_day): unsigned LEB128, zig-zag for signed
// numbers, length-prefixed strings. A Reader never reads past its input: a
// corrupt input makes ok() false.

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "core/analysis/cube.h"
#include "core/time.h"

namespace hotline::analysis::varint {

class Writer {
 public:
  void u(std::uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>((v & 0x7F) | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  // Zig-zag, so small negatives stay small.
  void i(std::int64_t v) {
    u((static_cast<std::uint64_t>(v) << 1) ^ static_cast<std::uint64_t>(v >> 63));
  }
  void s(std::string_view text) {
    u(text.size());
    out_.append(text);
  }
  void d(double v) {
    std::uint64_t bits;
    std::memcpy(&bits, &v, sizeof bits);
    u(bits);
  }
  void t(Instant at) { i(at.time_since_epoch().count()); }
  void dims(const Dims& x) { u(x.pack()); }
  std::string take() { return std::move(out_); }
  void raw(std::string_view text) { out_.append(text); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool ok() const { return ok_; }
  std::uint64_t u() {
    std::uint64_t v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return bad();
      const auto byte = static_cast<unsigned char>(in_[pos_++]);
      v |= std::uint64_t{byte & 0x7Fu} << shift;
      if ((byte & 0x80) == 0) return v;
    }
    return bad();
  }
  std::int64_t i() {
    const std::uint64_t z = u();
    return static_cast<std::int64_t>((z >> 1) ^ (~(z & 1) + 1));
  }
  std::string s() {
    const std::uint64_t n = u();
    if (!ok_ || n > in_.size() - pos_) {
      bad();
      return {};
    }
    std::string out(in_.substr(pos_, n));
    pos_ += n;
    return out;
  }
  double d() {
    const std::uint64_t bits = u();
    double v;
    std::memcpy(&v, &bits, sizeof v);
    return v;
  }
  Instant t() { return Instant{Seconds{i()}}; }
  Dims dims() { return Dims::unpack(u()); }
  // A count of items that follow, each at least one byte: a corrupt count
  // fails here instead of reserving memory for it.
  std::size_t n() {
    const std::uint64_t v = u();
    if (v > in_.size() - pos_) return static_cast<std::size_t>(bad());
    return static_cast<std::size_t>(v);
  }
  bool magic(std::string_view magic) {
    if (in_.substr(0, magic.size()) != magic) return false;
    pos_ = magic.size();
    return true;
  }
  bool at_end() const { return pos_ == in_.size(); }

 private:
  std::uint64_t bad() {
    ok_ = false;
    pos_ = in_.size();
    return 0;
  }
  std::string_view in_;
  std::size_t pos_ = 0;
  bool ok_ = true;
};

// A cell: its key, the mask of its non-zero measures, their values.
inline void write_cell(Writer& w, std::uint64_t key, const Counters& counters) {
  std::uint64_t mask = 0;
  for (std::size_t i = 0; i < kMeasureCount; ++i) {
    if (counters.values[i] != 0) mask |= std::uint64_t{1} << i;
  }
  w.u(key);
  w.u(mask);
  for (std::size_t i = 0; i < kMeasureCount; ++i) {
    if (counters.values[i] != 0) w.i(counters.values[i]);
  }
}

inline bool read_cell(Reader& r, std::uint64_t& key, Counters& counters) {
  key = r.u();
  const std::uint64_t mask = r.u();
  if (mask >> kMeasureCount != 0) return false;
  counters = Counters{};
  for (std::size_t i = 0; i < kMeasureCount; ++i) {
    if ((mask >> i & 1) != 0) counters.values[i] = r.i();
  }
  return r.ok();
}

}  // namespace hotline::analysis::varint
