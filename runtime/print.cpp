// runtime/print.cpp — Tensor's repr, in PyTorch's format: tensor([[ 0.1000, -2.0000], ...]),
// integers without a point, values aligned, long dims summarised with "...", and the dtype
// named when it is not float32/int64 (the defaults), the size when data are elided.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <mutex>
#include <ostream>

#include "runtime/lazy.h"
#include "runtime/strided.h"
#include "runtime/tensor_impl.h"

namespace kiln {

namespace {
std::mutex print_mu;
PrintOptions print_options;

PrintOptions options() {
  std::lock_guard lock(print_mu);
  return print_options;
}

struct Formatter {
  bool floating = false, is_bool = false, int_mode = false, sci = false;
  int precision = 4;
  size_t width = 1;

  std::string raw(double v) const {
    if (is_bool) return v != 0 ? "True" : "False";
    if (!floating) return fmt::format("{}", int64_t(v));
    if (std::isnan(v)) return "nan";
    if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
    if (sci) return fmt::format("{:.{}e}", v, precision);
    if (int_mode) return fmt::format("{:.0f}.", v);
    return fmt::format("{:.{}f}", v, precision);
  }
  std::string operator()(double v) const {
    std::string s = raw(v);
    return std::string(width > s.size() ? width - s.size() : 0, ' ') + s;
  }
};

// Element indices shown along a dim of size n.
std::vector<int64_t> shown(int64_t n, bool summarize, int64_t edge) {
  std::vector<int64_t> idx;
  if (!summarize || n <= 2 * edge) {
    for (int64_t i = 0; i < n; ++i) idx.push_back(i);
  } else {
    for (int64_t i = 0; i < edge; ++i) idx.push_back(i);
    idx.push_back(-1);  // the "..." marker
    for (int64_t i = n - edge; i < n; ++i) idx.push_back(i);
  }
  return idx;
}

void collect(const Tensor& t, int64_t d, int64_t off, bool summarize, int64_t edge,
             std::vector<double>& out) {
  if (d == t.dim()) {
    out.push_back(t.as_strided({}, {}, off).item_scalar().to_double());
    return;
  }
  for (int64_t i : shown(t.shape()[d], summarize, edge))
    if (i >= 0) collect(t, d + 1, off + i * t.strides()[d], summarize, edge, out);
}

void render(const Tensor& t, int64_t d, int64_t off, bool summarize, int64_t edge,
            const Formatter& f, size_t indent, int linewidth, std::string& out) {
  if (d == t.dim()) {
    out += f(t.as_strided({}, {}, off).item_scalar().to_double());
    return;
  }
  out += '[';
  auto idx = shown(t.shape()[d], summarize, edge);
  bool last_dim = d == t.dim() - 1;
  size_t line_start = out.rfind('\n') == std::string::npos ? 0 : out.rfind('\n') + 1;
  for (size_t k = 0; k < idx.size(); ++k) {
    if (k > 0) {
      if (last_dim) {
        out += ',';
        size_t next = f.width + 2;
        if (out.size() - line_start + next > size_t(linewidth)) {
          out += '\n' + std::string(indent + 1, ' ');
          line_start = out.rfind('\n') + 1;
        } else {
          out += ' ';
        }
      } else {
        out += ',';
        out += std::string(size_t(t.dim() - d - 1), '\n');
        out += std::string(indent + 1, ' ');
      }
    }
    if (idx[k] < 0)
      out += "...";
    else
      render(t, d + 1, off + idx[k] * t.strides()[d], summarize, edge, f, indent + 1, linewidth,
             out);
  }
  out += ']';
}
}  // namespace

void set_print_options(const PrintOptions& o) {
  std::lock_guard lock(print_mu);
  print_options = o;
}

std::string Tensor::to_string() const {
  if (!defined()) return "tensor(undefined)";
  if (impl()->lazy && lazy_hooks())
    lazy_hooks()->materialize(*this, "printing needs the values", Loc::current());
  PrintOptions opt = options();
  bool summarize = numel() > opt.threshold;
  std::vector<std::string> suffix;
  if (numel() == 0) {
    suffix.push_back(fmt::format("size=({})", fmt::join(shape(), ", ")));
  } else if (summarize) {
    suffix.push_back(fmt::format("size=({})", fmt::join(shape(), ", ")));
  }
  if (dtype() != DType::Float32 && dtype() != DType::Int64 && dtype() != DType::Bool)
    suffix.push_back(fmt::format("dtype=kiln.{}", name(dtype())));
  std::string body;
  if (numel() == 0) {
    body = "[]";
  } else {
    std::vector<double> vals;
    collect(plain_alias(*this), 0, offset(), summarize, opt.edgeitems, vals);
    Formatter f;
    f.floating = is_floating(dtype());
    f.is_bool = dtype() == DType::Bool;
    f.precision = opt.precision;
    if (f.floating) {
      double lo = INFINITY, hi = 0;
      bool all_int = true;
      for (double v : vals) {
        if (!std::isfinite(v)) continue;
        double a = std::fabs(v);
        if (a != 0) lo = std::min(lo, a);
        hi = std::max(hi, a);
        all_int = all_int && v == std::nearbyint(v);
      }
      f.int_mode = all_int;
      f.sci = all_int ? hi >= 1e8
                      : (hi >= 1e8 || (lo < 1e-4 && lo > 0) || (lo != INFINITY && hi / lo > 1000));
    }
    for (double v : vals) f.width = std::max(f.width, f.raw(v).size());
    render(plain_alias(*this), 0, offset(), summarize, opt.edgeitems, f, 7, opt.linewidth, body);
  }
  if (requires_grad())
    suffix.push_back(is_leaf() ? "requires_grad=True" : "grad_fn=<" + grad_fn_name() + ">");
  std::string s = "tensor(" + body;
  for (const auto& x : suffix) s += ", " + x;
  return s + ")";
}

std::ostream& operator<<(std::ostream& os, const Tensor& t) { return os << t.to_string(); }

}  // namespace kiln
