#include "codegen/kernel.h"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>

#include "kiln/config.h"
#include "runtime/strided.h"

namespace kiln::codegen {

namespace {

bool keeps_dims(const ir::Node& n) { return n.attrs.has(1) && n.attrs.b(1); }

}  // namespace

std::string LoopKernel::describe() const {
  std::string s;
  for (size_t i = 0; i < buffers.size(); ++i)
    s += fmt::format("buf{}: {} {}{}\n", i, short_name(buffers[i].dtype),
                     buffers[i].output ? "out" : "in", buffers[i].prefix ? " prefix" : "");
  if (reduce_dims) s += fmt::format("reduce {} trailing dim(s)\n", reduce_dims);
  return s + ir::to_string(body);
}

std::string Variant::key() const {
  std::string s = fmt::format("r{}:", outer_rank);
  for (Access a : access) s += "cbs"[int(a)];
  if (stream) s += ":nt";
  return s;
}

LoopKernel build_kernel(const passes::FusionGroup& g) {
  LoopKernel k;
  k.reduce_dims = g.reduce_dims;
  ir::ScalarBuilder b;
  std::map<const ir::Value*, ir::SExpr> val;
  for (const ir::Value* v : g.inputs) {
    double c = 0;
    if (ir::scalar_constant(v, c)) {  // inlined
      val[v] = b.constant(c, v->type.dtype);
      continue;
    }
    val[v] = b.load(int(k.buffers.size()), v->type.dtype);
    k.buffers.push_back(KernelBuffer{v->type.dtype});
    k.values.push_back(v);
  }
  for (const ir::Node* n : g.nodes) {
    std::vector<ir::SExpr> args;
    for (const ir::Value* a : n->inputs) args.push_back(val.at(a));
    ir::SExpr r = ir::lower_node(b, *n->op, args, n->attrs, n->outputs[0]->type.dtype);
    if (!r.ok())
      throw Error(fmt::format("codegen: {} cannot be lowered: {}", n->op->name, b.refusal()));
    val[n->outputs[0]] = b.cast(r, n->outputs[0]->type.dtype);
  }
  for (const ir::Value* v : g.outputs) {
    KernelBuffer kb{v->type.dtype, true};
    kb.prefix = v->producer->op->cls == ir::OpClass::Reduction && !keeps_dims(*v->producer);
    b.store(int(k.buffers.size()), val.at(v));
    k.buffers.push_back(kb);
    k.values.push_back(v);
  }
  k.body = b.insts();
  return k;
}

// The size of the largest cache cpu0 sees, from sysfs (glibc's sysconf reports the L3 of the
// whole package: 256 MB on a 64-core EPYC whose cores each share 16 MB); 32 MB if unknown.
int64_t last_level_cache_bytes() {
  int64_t best = 0;
  int best_level = 0;
  for (int i = 0; i < 8; ++i) {
    std::string dir = fmt::format("/sys/devices/system/cpu/cpu0/cache/index{}/", i);
    std::ifstream lf(dir + "level"), sf(dir + "size");
    int level = 0;
    std::string size;
    if (!(lf >> level) || !(sf >> size) || size.empty()) continue;
    int64_t bytes = std::atoll(size.c_str());
    char unit = size.back();
    bytes <<= unit == 'K' ? 10 : unit == 'M' ? 20 : unit == 'G' ? 30 : 0;
    if (level > best_level || (level == best_level && bytes > best)) {
      best_level = level;
      best = bytes;
    }
  }
  return best > 0 ? best : int64_t(32) << 20;
}

// The share of the last-level cache one core can count on, at most 32 MB: sysfs reports the
// cache a core shares (16 MB on Zen 2), but under a VM it is the whole host's (480 MB on a
// 2-vCPU Granite Rapids guest, where a triad's bandwidth falls from L3's 29 GB/s to DRAM's 16
// between footprints of 50 and 100 MB: the other cores' tenants hold the rest).
int64_t stream_min_bytes() {
  if (int64_t b = config().stream_min_bytes; b > 0) return b;
  static const int64_t llc = std::min(last_level_cache_bytes(), int64_t(32) << 20);
  return llc;
}

Launch plan_launch(const LoopKernel& k, const Shape& space, const std::vector<Tensor>& buffers,
                   bool with_pointers) {
  Launch L;
  size_t n = space.size(), nb = buffers.size(), kk = size_t(k.reduce_dims);
  // Each buffer's stride along each dim of the space (0 where it broadcasts).
  struct D {
    int64_t size;
    std::vector<int64_t> st;
    bool reduced;
  };
  std::vector<D> dims;
  for (size_t d = 0; d < n; ++d) {
    if (space[d] == 1) continue;
    D dim{space[d], std::vector<int64_t>(nb, 0), d >= n - kk};
    for (size_t b = 0; b < nb; ++b) {
      const Tensor& t = buffers[b];
      size_t r = size_t(t.dim());
      // prefix buffers line up with the leading dims, the others with the trailing ones.
      int64_t td = k.buffers[b].prefix ? int64_t(d) : int64_t(d) - int64_t(n - r);
      if (td < 0 || td >= int64_t(r) || (k.buffers[b].prefix && d >= n - kk)) continue;
      if (t.shape()[size_t(td)] != 1) dim.st[b] = t.strides()[size_t(td)];
    }
    dims.push_back(std::move(dim));
  }
  // A pointwise kernel runs over its dims in the first output's memory order (a channels-last
  // result: C innermost, so every buffer of that layout is read and written with unit stride).
  if (kk == 0)
    for (size_t b = 0; b < nb; ++b)
      if (k.buffers[b].output) {
        Shape st;
        for (const D& d : dims) st.push_back(d.st[b]);
        std::vector<D> sorted;
        for (int64_t d : dims_by_stride(st)) sorted.push_back(dims[size_t(d)]);
        dims = std::move(sorted);
        break;
      }
  // Whether dims a (outer) and b (next inner) merge for every buffer; else the first that
  // does not fit.
  auto mergeable = [&](const D& a, const D& b, int& bad) {
    for (size_t i = 0; i < nb; ++i)
      if (a.st[i] != b.st[i] * b.size) {
        bad = int(i);
        return false;
      }
    return true;
  };
  auto merge_into = [](D& a, const D& b) {  // a (outer) absorbs b (inner) -> a
    a.size *= b.size;
    a.st = b.st;
  };
  D inner{1, std::vector<int64_t>(nb, 0), true};
  size_t outer_end = dims.size();
  if (kk > 0) {
    size_t first = dims.size();
    while (first > 0 && dims[first - 1].reduced) --first;
    if (first < dims.size()) {
      inner = dims[first];
      for (size_t d = first + 1; d < dims.size(); ++d) {
        int bad = -1;
        if (!mergeable(inner, dims[d], bad)) {
          L.needs_copy = bad;
          return L;
        }
        merge_into(inner, dims[d]);
      }
    }
    outer_end = first;
  } else if (!dims.empty()) {
    outer_end = dims.size() - 1;
    inner = dims.back();
    int bad = -1;
    while (outer_end > 0 && mergeable(dims[outer_end - 1], inner, bad)) {
      int64_t sz = dims[outer_end - 1].size * inner.size;
      inner.size = sz;
      --outer_end;
    }
  }
  std::vector<D> outer;
  for (size_t d = 0; d < outer_end; ++d) {
    int bad = -1;
    if (!outer.empty() && mergeable(outer.back(), dims[d], bad))
      merge_into(outer.back(), dims[d]);
    else
      outer.push_back(dims[d]);
  }
  int64_t len = inner.size;
  int64_t tile = len, tiles = 1;
  if (kk == 0 && len > 65536) {
    tile = 16384;
    tiles = (len + tile - 1) / tile;
  }
  L.variant.outer_rank = int(outer.size());
  for (size_t b = 0; b < nb; ++b) {
    int64_t s = inner.st[b];
    L.variant.access.push_back(len == 1 || s == 0 ? Access::Broadcast
                               : s == 1           ? Access::Contiguous
                                                  : Access::Strided);
  }
  L.geometry = {len, tile, tiles};
  L.rows = tiles;
  for (const D& d : outer) {
    L.geometry.push_back(d.size);
    L.rows *= d.size;
  }
  for (size_t b = 0; b < nb; ++b) {
    L.geometry.push_back(inner.st[b]);
    for (const D& d : outer) L.geometry.push_back(d.st[b]);
    if (with_pointers) L.pointers.push_back(buffers[b].data_ptr());
  }
  L.row_elements = tile;
  // Streaming stores: for outputs larger than the last-level cache, ordinary stores first read
  // each line they write (a third stream of memory traffic) and evict useful lines. The
  // kernels' vector stores cover [16 * i, 16 * i + 16) of each row, so every output row must
  // start 64-byte aligned; a reduction kernel's stash then lives in a row-sized stack buffer
  // (mlir_emit.cpp), so its rows take at most 32 KB.
  // Without pointers (a prefetch planning from meta tensors) outputs are taken to be 64-byte
  // aligned, as kiln's allocator and arenas place them, so the prefetch compiles the variant
  // the run will ask for.
  int64_t bytes = 0;
  bool ok = true;
  for (size_t b = 0; b < nb; ++b) {
    // (row values of a reduction, stored one per row, take ordinary stores)
    if (!k.buffers[b].output || L.variant.access[b] == Access::Broadcast) continue;
    int64_t item = int64_t(itemsize(k.buffers[b].dtype));
    bytes += buffers[b].numel() * item;
    ok = ok && L.variant.access[b] == Access::Contiguous &&
         (!with_pointers || reinterpret_cast<uintptr_t>(buffers[b].data_ptr()) % 64 == 0) &&
         (tiles == 1 || tile * item % 64 == 0) && (kk == 0 || tile * item <= (32 << 10));
    for (const D& d : outer) ok = ok && d.st[b] * item % 64 == 0;
  }
  L.variant.stream = ok && bytes > 0 && bytes >= stream_min_bytes();
  return L;
}

}  // namespace kiln::codegen
