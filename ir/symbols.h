// ir/symbols.h — running shape rules on symbolic dims: each symbol is stood in for by a
// distinct size (kSymbolBase + 1000 k), the concrete rules run, and sizes are mapped back.
// Callers run the rules with two sets (the second with another base and spacing): a size that
// comes out the same in both is a constant, one that differs is derived from symbols. The
// stand-ins are small enough that products of three or four of them fit in 64 bits.
// Internal to ir/ (the verifier and shape inference).
#pragma once

#include <fmt/format.h>

#include <map>
#include <set>
#include <string>

#include "ir/graph.h"

namespace kiln::ir {

constexpr int64_t kSymbolBase = 10007;  // stand-ins: kSymbolBase + 1000 * k

struct Symbols {
  int fresh = 0;               // next derived-symbol number (s0, s1, ...)
  int64_t base = kSymbolBase;  // where this set's stand-ins start
  int64_t step = 1000;         // and their spacing
  // The symbols attributes may name (the parameters'; not derived ones like s0): set by the
  // caller once the parameters' types are read.
  std::set<std::string> nameable;

  std::map<std::string, int64_t> value;
  std::map<int64_t, std::string> name;

  int64_t of(const std::string& s) {
    auto it = value.find(s);
    if (it != value.end()) return it->second;
    int64_t v = base + step * int64_t(value.size());
    value[s] = v;
    name[v] = s;
    return v;
  }
  Shape shape(const TensorType& t) {
    Shape s;
    for (const Dim& d : t.dims) s.push_back(d.symbolic() ? of(d.symbol) : d.size);
    return s;
  }
  // `a` with its symbolic sizes as this set's stand-ins; a symbol no type has named is an error.
  Attrs resolve(const Attrs& a) const {
    if (!a.symbolic()) return a;
    return resolve_sizes(a, [&](const std::string& s) {
      auto it = value.find(s);
      if (it == value.end() || !nameable.count(s))
        throw Error(fmt::format("attribute names the size '{}', which no input's type has", s));
      return it->second;
    });
  }
  std::string describe(DType d, const Shape& s) const {
    std::vector<std::string> parts;
    for (int64_t n : s) {
      auto it = name.find(n);
      parts.push_back(it != name.end() ? it->second : n >= kSymbolBase ? "?" : std::to_string(n));
    }
    return fmt::format("{}[{}]", short_name(d), fmt::join(parts, ", "));
  }
  // Rewrites stand-in sizes in a message back to their symbols.
  std::string unmask(std::string msg) const {
    for (const auto& [v, s] : name) {
      std::string num = std::to_string(v);
      for (size_t p = msg.find(num); p != std::string::npos; p = msg.find(num, p + s.size()))
        msg.replace(p, num.size(), s);
    }
    return msg;
  }
};

}  // namespace kiln::ir
