// codegen/cpu/mlir_emit.cpp — renders a LoopKernel as MLIR text: scf loops over rows and the
// inner dim, `vector<16xT>` arithmetic (512-bit on float32) with a masked tail, arith/math ops
// for the body, and llvm dialect pointers for memory. Text (not C++ builders) keeps this file
// free of MLIR headers and makes the output easy to read and to check with mlir-opt-19.
#include <fmt/format.h>

#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <map>
#include <set>

#include "codegen/cpu/exp_poly.h"
#include "codegen/kernel.h"

namespace kiln::codegen {

namespace {

using ir::SInst;
using ir::SOp;

const char* elem_type(DType t) {
  switch (t) {
    case DType::Float32:
      return "f32";
    case DType::Float64:
      return "f64";
    case DType::Int64:
      return "i64";
    case DType::Int32:
      return "i32";
    case DType::Int8:
    case DType::UInt8:
      return "i8";
    case DType::Bool:
      return "i1";
    case DType::Float16:
      return "f16";
    case DType::BFloat16:
      return "bf16";
  }
  throw Error("codegen: unknown dtype");
}
const char* mem_type(DType t) { return t == DType::Bool ? "i8" : elem_type(t); }
bool is_float(DType t) { return is_floating(t); }
bool is_unsigned(DType t) { return t == DType::UInt8 || t == DType::Bool; }
int bits(DType t) { return t == DType::Bool ? 1 : int(itemsize(t)) * 8; }

std::string vtype(DType t, int w) {
  return w == 1 ? elem_type(t) : fmt::format("vector<{}x{}>", w, elem_type(t));
}
std::string vmem(DType t, int w) {
  return w == 1 ? mem_type(t) : fmt::format("vector<{}x{}>", w, mem_type(t));
}

std::string float_literal(double v, DType t) {
  if (t == DType::Float16 || t == DType::BFloat16) {  // MLIR rounds a decimal literal
    bool h = t == DType::Float16;
    if (std::isnan(v)) return h ? "0x7E00" : "0x7FC0";
    if (std::isinf(v)) return v > 0 ? (h ? "0x7C00" : "0x7F80") : (h ? "0xFC00" : "0xFF80");
    return fmt::format("{:.9e}", v);
  }
  if (t == DType::Float32) {
    float f = float(v);
    return fmt::format("0x{:08X}", std::bit_cast<uint32_t>(f));
  }
  return fmt::format("0x{:016X}", std::bit_cast<uint64_t>(v));
}

std::string const_literal(double v, DType t) {
  if (is_float(t)) return float_literal(v, t);
  if (t == DType::Bool) return v != 0 ? "1" : "0";  // "arith.constant 1 : i1"
  int64_t i = int64_t(v);
  if (t == DType::UInt8 && i > 127) i -= 256;  // i8 is signless: 255 is -1
  return std::to_string(i);
}

// The identity of a reduction, as a double the constant printer takes.
double identity(SOp op, DType t) {
  double inf = std::numeric_limits<double>::infinity();
  bool f = is_float(t);
  switch (op) {
    case SOp::ReduceSum:
      return 0;
    case SOp::ReduceProd:
      return 1;
    case SOp::ReduceMax:
      if (f) return -inf;
      if (is_unsigned(t)) return 0;
      return -std::ldexp(1.0, bits(t) - 1);
    default:  // ReduceMin
      if (f) return inf;
      if (is_unsigned(t)) return 255;
      return std::ldexp(1.0, bits(t) - 1) - 1;
  }
}

// The combining op of a reduction ("arith.addf") and vector.reduction's kind ("add").
std::pair<std::string, std::string> combiner(SOp op, DType t) {
  bool f = is_float(t), u = is_unsigned(t);
  switch (op) {
    case SOp::ReduceSum:
      return {f ? "arith.addf" : "arith.addi", "add"};
    case SOp::ReduceProd:
      return {f ? "arith.mulf" : "arith.muli", "mul"};
    case SOp::ReduceMax:
      return f   ? std::pair{"arith.maximumf", "maximumf"}
             : u ? std::pair{"arith.maxui", "maxui"}
                 : std::pair{"arith.maxsi", "maxsi"};
    default:
      return f   ? std::pair{"arith.minimumf", "minimumf"}
             : u ? std::pair{"arith.minui", "minui"}
                 : std::pair{"arith.minsi", "minsi"};
  }
}

class Emitter {
 public:
  Emitter(const LoopKernel& k, const Variant& v, int vector_bits)
      : k_(k), v_(v), vector_bits_(vector_bits), wide_(std::max(width_, 4 * vector_bits / 32)) {
    const auto& body = k.body;
    level_.resize(body.size());
    stage_.resize(body.size());
    for (size_t i = 0; i < body.size(); ++i) {
      const SInst& in = body[i];
      int lv = 0, st = 0;
      for (int a : {in.a, in.b, in.c})
        if (a >= 0) {
          lv = std::max(lv, level_[size_t(a)]);
          st = std::max(st, stage_[size_t(a)]);
        }
      if (in.op == SOp::Load) lv = v.access[size_t(in.aux)] == Access::Broadcast ? 0 : 1;
      if (in.op == SOp::Store) lv = v.access[size_t(in.aux)] == Access::Broadcast ? 0 : 1;
      if (ir::is_reduce(in.op)) {
        lv = 0;
        ++st;
      }
      level_[i] = lv;
      stage_[i] = st;
      max_stage_ = std::max(max_stage_, st);
      if (in.op == SOp::Load || in.op == SOp::Store) used_.insert(in.aux);
    }
    for (Access a : v.access) vectorize_ = vectorize_ && a != Access::Strided;
  }

  std::string run(const std::string& fname) {
    int R = v_.outer_rank;
    line("func.func @{}(%begin: i64, %end: i64, %bufs: !llvm.ptr, %geo: !llvm.ptr) {{", fname);
    ++indent_;
    line("%c0 = arith.constant 0 : i64");
    line("%c1 = arith.constant 1 : i64");
    line("%cw{} = arith.constant {} : i64", width_, width_);
    if (wide_ != width_) line("%cw{} = arith.constant {} : i64", wide_, wide_);
    line("%len_all = {}", geo(0));
    line("%tile = {}", geo(1));
    line("%tiles = {}", geo(2));
    for (int d = 0; d < R; ++d) line("%size{} = {}", d, geo(3 + d));
    for (int b : used_) {
      line("%bp{} = llvm.getelementptr %bufs[{}] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr", b, b);
      line("%ptr{} = llvm.load %bp{} : !llvm.ptr -> !llvm.ptr", b, b);
      int base = 3 + R + b * (R + 1);
      line("%istride{} = {}", b, geo(base));
      for (int d = 0; d < R; ++d) line("%ostride{}_{} = {}", b, d, geo(base + 1 + d));
    }
    choose_stash();
    if (stash_inst_ >= 0 && v_.stream)  // (plan_launch streams rows of <= 32 KB only)
      line("%stash = llvm.alloca %tile x {} {{alignment = 64 : i64}} : (i64) -> !llvm.ptr",
           mem_type(k_.body[size_t(stash_inst_)].dtype));
    // row -> (tile, outer indices): divided out for the first row, then carried from row to
    // row, so short rows pay no integer division per outer dim.
    row_start("%begin", "s");
    {
      std::string iters = "%t = %st", types = "i64";
      for (int d = 0; d < R; ++d) {
        iters += fmt::format(", %i{} = %si{}", d, d);
        types += ", i64";
      }
      line("%rows_end:{} = scf.for %row = %begin to %end step %c1 iter_args({}) -> ({}) : i64 {{",
           R + 1, iters, types);
    }
    ++indent_;
    next_row();
    line("%tstart = arith.muli %t, %tile : i64");
    line("%left = arith.subi %len_all, %tstart : i64");
    line("%len = arith.minsi %left, %tile : i64");
    if (vectorize_) {
      for (int w : widths()) {
        line("%lrem{} = arith.remsi %len, %cw{} : i64", w, w);
        line("%vend{} = arith.subi %len, %lrem{} : i64", w, w);
      }
    }
    bases("", used_);
    // A kernel that passes over its row more than once meets memory in its first pass (and
    // first stores); during the second pass (see `loop`) the next row's inputs are prefetched
    // for reading and its outputs for writing, so that traffic overlaps this row's arithmetic.
    // Hardware prefetchers stop at each 4 KB page, a whole row of [*, 1024] float32. Measured
    // (Zen 2, 1 thread): softmax [8192, 1024] 8.5 -> 6.5 ms, layer_norm 6.1 -> 5.2 ms.
    choose_prefetch();
    if (!prefetch_.empty()) bases("n", prefetch_);
    // Passes: row-level values of each stage, then the reductions of the next stage.
    for (int s = 0; s <= max_stage_; ++s) {
      emit_row_values(s);
      std::vector<int> reds;
      for (size_t i = 0; i < k_.body.size(); ++i)
        if (ir::is_reduce(k_.body[i].op) && stage_[i] == s + 1) reds.push_back(int(i));
      stash_mode_ = s + 1 == max_stage_ && stash_inst_ >= 0 ? 1 : 0;
      if (!reds.empty()) emit_pass(reds, {});
    }
    stash_mode_ = stash_inst_ >= 0 ? 2 : 0;
    std::vector<int> stores;
    for (size_t i = 0; i < k_.body.size(); ++i) {
      const SInst& in = k_.body[i];
      if (in.op != SOp::Store) continue;
      if (level_[i] == 0)
        store_row(in);
      else
        stores.push_back(int(i));
    }
    if (!stores.empty()) emit_pass({}, stores);
    {
      std::string next = "%nt", types = "i64";
      for (int d = 0; d < R; ++d) {
        next += fmt::format(", %ni{}", d);
        types += ", i64";
      }
      line("scf.yield {} : {}", next, types);
    }
    --indent_;
    line("}}");
    // Non-temporal stores are weakly ordered: fence them before the results are handed on
    // (libomp's default barrier happens to order them; another hand-over might not).
    if (v_.stream) line("llvm.fence seq_cst");
    line("return");
    --indent_;
    line("}}");
    return out_;
  }

 private:
  template <class... A>
  void line(fmt::format_string<A...> f, A&&... a) {
    out_.append(size_t(indent_) * 2, ' ');
    out_ += fmt::format(f, std::forward<A>(a)...);
    out_ += '\n';
  }
  std::string fresh() { return fmt::format("%v{}", next_++); }
  std::string geo(int k) {
    std::string p = fresh();
    line("{} = llvm.getelementptr %geo[{}] : (!llvm.ptr) -> !llvm.ptr, i64", p, k);
    return fmt::format("llvm.load {} : !llvm.ptr -> i64", p);
  }

  // Row `row` as its tile (%{prefix}t, starting at %{prefix}tstart) and outer indices
  // (%{prefix}i*).
  // The divisors are taken as at least 1: a launch over an empty outer space (begin == end,
  // which the executor never makes) computes this before its loop and must not trap.
  void row_start(const std::string& row, const std::string& prefix) {
    int R = v_.outer_rank;
    line("%{}tiles1 = arith.maxsi %tiles, %c1 : i64", prefix);
    line("%{}t = arith.remsi {}, %{}tiles1 : i64", prefix, row, prefix);
    line("%{}r{} = arith.divsi {}, %{}tiles1 : i64", prefix, R, row, prefix);
    for (int d = R - 1; d >= 0; --d) {
      line("%{}size1_{} = arith.maxsi %size{}, %c1 : i64", prefix, d, d);
      line("%{}i{} = arith.remsi %{}r{}, %{}size1_{} : i64", prefix, d, prefix, d + 1, prefix, d);
      line("%{}r{} = arith.divsi %{}r{}, %{}size1_{} : i64", prefix, d, prefix, d + 1, prefix, d);
    }
    line("%{}tstart = arith.muli %{}t, %tile : i64", prefix, prefix);
  }

  // The next row's tile and outer indices (%nt, %ni*, %ntstart) from this row's (%t, %i*): the
  // tile advances, and at the last tile the indices count up like an odometer.
  void next_row() {
    int R = v_.outer_rank;
    line("%nt1 = arith.addi %t, %c1 : i64");
    line("%ncarry = arith.cmpi eq, %nt1, %tiles : i64");
    line("%nt = arith.select %ncarry, %c0, %nt1 : i64");
    std::string carry = "%ncarry";
    for (int d = R - 1; d >= 0; --d) {
      line("%ni{}_up = arith.addi %i{}, %c1 : i64", d, d);
      line("%ni{}_c = arith.select {}, %ni{}_up, %i{} : i64", d, carry, d, d);
      line("%ni{}_wrap = arith.cmpi eq, %ni{}_c, %size{} : i64", d, d, d);
      line("%ni{} = arith.select %ni{}_wrap, %c0, %ni{}_c : i64", d, d, d);
      carry = fmt::format("%ni{}_wrap", d);
    }
    line("%ntstart = arith.muli %nt, %tile : i64");
  }

  // The base offset of each buffer of `bufs` in the row of row_start(_, prefix):
  // %{prefix}base{b}.
  void bases(const std::string& prefix, const std::set<int>& bufs) {
    for (int b : bufs) {
      std::string acc = fmt::format("%{}tb{}", prefix, b);
      line("{} = arith.muli %{}tstart, %istride{} : i64", acc, prefix, b);
      for (int d = 0; d < v_.outer_rank; ++d) {
        line("%{}ob{}_{} = arith.muli %{}i{}, %ostride{}_{} : i64", prefix, b, d, prefix, d, b, d);
        std::string next = fmt::format("%{}base{}_{}", prefix, b, d);
        line("{} = arith.addi {}, %{}ob{}_{} : i64", next, acc, prefix, b, d);
        acc = next;
      }
      line("%{}base{} = arith.addi {}, %c0 : i64", prefix, b, acc);
    }
  }

  // The buffers worth prefetching a row ahead: the contiguous rows a kernel reads or writes
  // when it passes over them more than once (a reduction followed by another one or by the
  // row's stores).
  void choose_prefetch() {
    bool row_stores = false;
    for (size_t i = 0; i < k_.body.size(); ++i)
      row_stores = row_stores || (k_.body[i].op == SOp::Store && level_[i] == 1);
    if (!vectorize_ || max_stage_ + (row_stores ? 1 : 0) < 2) return;
    for (size_t i = 0; i < k_.body.size(); ++i) {
      const SInst& in = k_.body[i];
      if ((in.op == SOp::Load || (in.op == SOp::Store && !v_.stream)) && level_[i] == 1 &&
          v_.access[size_t(in.aux)] == Access::Contiguous)
        prefetch_.insert(in.aux);
    }
  }

  // Row-level (scalar) values of stage s, in order.
  void emit_row_values(int s) {
    for (size_t i = 0; i < k_.body.size(); ++i) {
      const SInst& in = k_.body[i];
      if (level_[i] != 0 || stage_[i] != s || in.op == SOp::Store || ir::is_reduce(in.op)) continue;
      row_[int(i)] = emit(int(i), 1, row_, "%c0");
    }
  }

  void store_row(const SInst& in) {
    std::string v = row_.at(in.a);
    std::string p = fresh();
    line("{} = llvm.getelementptr %ptr{}[%base{}] : (!llvm.ptr, i64) -> !llvm.ptr, {}", p, in.aux,
         in.aux, mem_type(in.dtype));
    line("llvm.store {}, {} : {}, !llvm.ptr", to_mem(v, in.dtype, 1), p, mem_type(in.dtype));
  }

  // One loop over the inner dim computing the reductions `reds` and doing the stores `stores`.
  void emit_pass(const std::vector<int>& reds, const std::vector<int>& stores) {
    prefetch_now_ = passes_++ == 1;
    std::vector<std::string> inits;
    for (int r : reds) {
      const SInst& in = k_.body[size_t(r)];
      std::string c = fresh();
      line("{} = arith.constant {} : {}", c, const_literal(identity(in.op, in.dtype), in.dtype),
           elem_type(in.dtype));
      inits.push_back(c);
    }
    std::vector<std::string> tail_inits = inits;
    std::string from = "%c0";
    if (vectorize_) {
      // Reductions run `wide_` lanes first (four independent vector accumulators hide the
      // latency of each add/max), then `width_`; each loop starts from the identity and its
      // lanes are combined into the running result. On AVX-512 hosts the last len % width_
      // elements then take one masked vector step (native masked loads and stores), not a
      // scalar loop: a row of 10 takes one step per pass instead of ten (with the guards
      // below, 2T: softmax over [131072, 10] 5.1 -> 1.5 ms, logsumexp 4.2 -> 2.3 ms). Narrower
      // hosts keep the scalar loop: AVX2 has no masked i8 or 16-bit loads and stores, and
      // `vmaskmovps` stores are microcoded on AMD (see docs/CODEGEN.md).
      std::vector<int> ws = reds.empty() ? std::vector<int>{width_} : widths();
      bool masked_tail = vector_bits_ >= 512;
      if (masked_tail) ws.push_back(-width_);
      for (int sw : ws) {
        int w = std::abs(sw);
        bool masked = sw < 0;
        std::string to = masked ? "%len" : fmt::format("%vend{}", w);
        // Each step runs only where it has elements: a short row skips the wider loops and
        // their horizontal reductions (a row of 10 meets only the masked step).
        std::string ok = fresh(), res = fresh(), rtypes;
        for (size_t i = 0; i < reds.size(); ++i)
          rtypes += fmt::format("{}{}", i ? ", " : "", elem_type(k_.body[size_t(reds[i])].dtype));
        bool guard = masked || !reds.empty();
        if (guard) {
          line("{} = arith.cmpi sgt, {}, {} : i64", ok, to, from);
          if (reds.empty())
            line("scf.if {} {{", ok);
          else
            line("{}:{} = scf.if {} -> ({}) {{", res, reds.size(), ok, rtypes);
          ++indent_;
        }
        std::vector<std::string> vinits;
        for (size_t i = 0; i < reds.size(); ++i) {
          std::string c = fresh();
          DType t = k_.body[size_t(reds[i])].dtype;
          line("{} = vector.broadcast {} : {} to {}", c, inits[i], elem_type(t), vtype(t, w));
          vinits.push_back(c);
        }
        Pass pass = loop(reds, stores, w, from, to, vinits, masked);
        std::vector<std::string> combined;
        for (size_t i = 0; i < reds.size(); ++i) {
          const SInst& in = k_.body[size_t(reds[i])];
          std::string h = fresh();
          // The lanes already hold partial results in another order than a sequential loop, so
          // combining them as a tree (reassoc) is no less exact; in order, a 64-lane sum is 64
          // dependent adds per step and pass. A tree for softmax's sum of exp took it from 3.40
          // to 3.03 ms; an earlier measurement had layer_norm slower with trees (2.23 -> 2.73
          // ms), which alternating libraries no longer show (8192 x 1024, 1T: 1.28-1.41 ms
          // against 1.33-1.44; 2T the same), while logsumexp over rows of 100 went from 0.46
          // to 0.31 ms. So every float sum combines its lanes as a tree.
          bool reassoc = in.op == SOp::ReduceSum && is_float(in.dtype);
          if (auto met = pass.nan_met.find(i); met != pass.nan_met.end()) {
            // A float max/min: the lanes hold no NaN (loop() skips and flags them), so a plain
            // max/min tree, then NaN if a lane met one. arith.maximumf's reduction (NaN and
            // -0 < +0 at every level) took ~50 instructions a step, per width step and pass:
            // most of a row of 100's time.
            std::string h0 = fresh(), any = fresh(), nan = fresh();
            line("{} = vector.reduction <{}>, {} fastmath<nnan> : {} into {}", h0,
                 in.op == SOp::ReduceMax ? "maxnumf" : "minnumf", pass.acc[i], vtype(in.dtype, w),
                 elem_type(in.dtype));
            line("{} = vector.reduction <or>, {} : {} into i1", any, met->second,
                 vtype(DType::Bool, w));
            line("{} = arith.constant {} : {}", nan, float_literal(std::nan(""), in.dtype),
                 elem_type(in.dtype));
            line("{} = arith.select {}, {}, {} : {}", h, any, nan, h0, elem_type(in.dtype));
          } else {
            line("{} = vector.reduction <{}>, {}{} : {} into {}", h,
                 combiner(in.op, in.dtype).second, pass.acc[i], reassoc ? " fastmath<reassoc>" : "",
                 vtype(in.dtype, w), elem_type(in.dtype));
          }
          std::string c = fresh();  // combined with the earlier loops' partial result
          line("{} = {} {}, {} : {}", c, combiner(in.op, in.dtype).first, tail_inits[i], h,
               elem_type(in.dtype));
          combined.push_back(c);
        }
        if (guard) {
          std::string ys, skip;
          for (size_t i = 0; i < reds.size(); ++i) {
            ys += fmt::format("{}{}", i ? ", " : "", combined[i]);
            skip += fmt::format("{}{}", i ? ", " : "", tail_inits[i]);
          }
          if (!reds.empty()) line("scf.yield {} : {}", ys, rtypes);
          --indent_;
          if (!reds.empty()) {
            line("}} else {{");
            line("  scf.yield {} : {}", skip, rtypes);
          }
          line("}}");
          for (size_t i = 0; i < reds.size(); ++i) tail_inits[i] = fmt::format("{}#{}", res, i);
        } else {
          tail_inits = combined;
        }
        from = to;
      }
      if (masked_tail) {
        for (size_t i = 0; i < reds.size(); ++i) row_[reds[i]] = tail_inits[i];
        return;
      }
    }
    Pass pass = loop(reds, stores, 1, from, "%len", tail_inits);
    for (size_t i = 0; i < reds.size(); ++i) row_[reds[i]] = pass.acc[i];
  }

  // What a loop over [from, to) leaves: each reduction's accumulator (w lanes), and for float
  // max/min in vector loops the mask of the lanes that met a NaN (by index into reds).
  struct Pass {
    std::vector<std::string> acc;
    std::map<size_t, std::string> nan_met;
  };

  Pass loop(const std::vector<int>& reds, const std::vector<int>& stores, int w,
            const std::string& from, const std::string& to, const std::vector<std::string>& inits,
            bool masked = false) {
    // masked: one step (no loop) of w lanes over [from, to), to - from < w; the lanes past
    // `to` load 0, store nothing and give the reductions their identity.
    std::string j = masked ? from : fresh();
    std::string res = fresh();
    if (masked) {
      std::string n = fresh(), idx = fresh();
      mask_ = fresh();
      line("{} = arith.subi {}, {} : i64", n, to, from);
      line("{} = arith.index_cast {} : i64 to index", idx, n);
      line("{} = vector.create_mask {} : {}", mask_, idx, vtype(DType::Bool, w));
    }
    // Vector float max/min also carry a mask of the lanes that met a NaN (see below).
    auto nan_masked = [&](size_t i) {
      const SInst& in = k_.body[size_t(reds[i])];
      return w > 1 && is_float(in.dtype) && (in.op == SOp::ReduceMax || in.op == SOp::ReduceMin);
    };
    std::vector<size_t> masks;  // the reductions with a mask, in iter_args order after reds
    for (size_t i = 0; i < reds.size(); ++i)
      if (nan_masked(i)) masks.push_back(i);
    // The accumulators inside the body: the loop's iter_args, or (masked) the initial values.
    std::vector<std::string> accs(reds.size()), nans(reds.size());
    std::string types, none;
    for (size_t i = 0; i < reds.size(); ++i) {
      accs[i] = masked ? inits[i] : fmt::format("{}_acc{}", j, i);
      types += fmt::format("{}{}", i ? ", " : "", vtype(k_.body[size_t(reds[i])].dtype, w));
    }
    if (!masks.empty()) {
      none = fresh();
      line("{} = arith.constant dense<false> : {}", none, vtype(DType::Bool, w));
      for (size_t i : masks) {
        nans[i] = masked ? none : fmt::format("{}_nan{}", j, i);
        types += ", " + vtype(DType::Bool, w);
      }
    }
    if (!masked && !reds.empty()) {
      std::string iters;
      for (size_t i = 0; i < reds.size(); ++i)
        iters += fmt::format("{}{} = {}", i ? ", " : "", accs[i], inits[i]);
      for (size_t i : masks) iters += fmt::format(", {} = {}", nans[i], none);
      line("{}:{} = scf.for {} = {} to {} step {} iter_args({}) -> ({}) : i64 {{", res,
           reds.size() + masks.size(), j, from, to, w == 1 ? "%c1" : fmt::format("%cw{}", w), iters,
           types);
    } else if (!masked) {
      line("scf.for {} = {} to {} step {} : i64 {{", j, from, to,
           w == 1 ? "%c1" : fmt::format("%cw{}", w));
    }
    if (!masked) ++indent_;
    if (prefetch_now_ && w > 1 && !masked) prefetch_next_row(j, w);
    std::map<int, std::string> vals;
    recip_.clear();  // values defined in another loop's body are not visible here
    std::string yields, ytypes;
    std::vector<std::string> red_yields, mask_yields;
    for (size_t i = 0; i < reds.size(); ++i) {
      const SInst& in = k_.body[size_t(reds[i])];
      std::string x = value(in.a, w, vals, j);
      if (masked) {  // lanes past the row's end give the identity
        std::string y = fresh();
        line("{} = arith.select {}, {}, {} : {}, {}", y, mask_, x, inits[i], vtype(DType::Bool, w),
             vtype(in.dtype, w));
        x = y;
      }
      const std::string& acc = accs[i];
      std::string n = fresh();
      std::string op = combiner(in.op, in.dtype).first;
      bool f = is_float(in.dtype);
      if (f && (in.op == SOp::ReduceMax || in.op == SOp::ReduceMin)) {
        // NaN-propagating max/min without arith.maximumf, whose IEEE lowering also orders -0
        // below +0 and costs seven instructions a vector: a compare+select (one vmaxps/vminps:
        // the accumulator keeps a NaN it holds, a NaN x is skipped) and, in vector loops, a
        // mask of the lanes whose x was NaN, applied after the loop (three instructions a
        // vector in all; scalar code, where vectors are off, lets a NaN x replace the accumulator
        // instead).
        std::string ty = vtype(in.dtype, w), bty = vtype(DType::Bool, w);
        std::string c = fresh(), u = fresh();
        line("{} = arith.cmpf {}, {}, {} : {}", c, in.op == SOp::ReduceMax ? "ogt" : "olt", x, acc,
             ty);
        line("{} = arith.cmpf uno, {}, {} : {}", u, x, x, ty);
        if (nan_masked(i)) {
          line("{} = arith.select {}, {}, {} : {}{}", n, c, x, acc, bty + ", ", ty);
          std::string nn = fresh();
          line("{} = arith.ori {}, {} : {}", nn, nans[i], u, bty);
          mask_yields.push_back(nn);
        } else {
          std::string m = fresh();
          line("{} = arith.select {}, {}, {} : {}{}", m, c, x, acc, w == 1 ? "" : bty + ", ", ty);
          line("{} = arith.select {}, {}, {} : {}{}", n, u, x, m, w == 1 ? "" : bty + ", ", ty);
        }
      } else {
        line("{} = {} {}, {}{} : {}", n, op, acc, x,
             f && in.op == SOp::ReduceSum ? " fastmath<contract>" : "", vtype(in.dtype, w));
      }
      yields += (i ? ", " : "") + n;
      ytypes += (i ? ", " : "") + vtype(in.dtype, w);
      red_yields.push_back(n);
    }
    if (stash_mode_ == 2) {  // the last reduction pass left this value in the stash
      std::string p = stash_address(j);
      vals[stash_inst_] = load(p, k_.body[size_t(stash_inst_)].dtype, w);
    }
    if (stash_mode_ == 1) {
      const SInst& st = k_.body[size_t(stash_inst_)];
      std::string x = value(stash_inst_, w, vals, j);
      std::string p = stash_address(j);
      store(x, p, st.dtype, w, false);
    }
    for (int s : stores) {
      const SInst& in = k_.body[size_t(s)];
      std::string x = value(in.a, w, vals, j);
      std::string p = address(in.aux, j, in.dtype);
      // streaming stores (Variant::stream): lanes [j, j + w) of a row that starts 64-byte aligned
      store(to_mem(x, in.dtype, w), p, in.dtype, w, v_.stream && w > 1);
    }
    for (const std::string& m : mask_yields) {
      yields += ", " + m;
      ytypes += ", " + vtype(DType::Bool, w);
    }
    if (!masked) {
      if (!reds.empty()) line("scf.yield {} : {}", yields, ytypes);
      --indent_;
      line("}}");
    }
    mask_.clear();
    Pass out;
    for (size_t i = 0; i < reds.size(); ++i)
      out.acc.push_back(masked ? red_yields[i] : fmt::format("{}#{}", res, i));
    for (size_t k = 0; k < masks.size(); ++k)
      out.nan_met[masks[k]] = masked ? mask_yields[k] : fmt::format("{}#{}", res, reds.size() + k);
    return out;
  }

  // Prefetches (to L1; outputs for writing) of the cache lines that lanes [j, j + w) of the
  // next row take in each buffer of `prefetch_`.
  void prefetch_next_row(const std::string& j, int w) {
    for (int b : prefetch_) {
      int step = std::max<int>(1, 64 / int(itemsize(k_.buffers[size_t(b)].dtype)));
      for (int k = 0; k < w; k += step) {
        std::string off = fresh(), p = fresh();
        if (k == 0) {
          line("{} = arith.addi %nbase{}, {} : i64", off, b, j);
        } else {
          std::string o = fresh(), c = fresh();
          line("{} = arith.constant {} : i64", c, k);
          line("{} = arith.addi {}, {} : i64", o, j, c);
          line("{} = arith.addi %nbase{}, {} : i64", off, b, o);
        }
        line("{} = llvm.getelementptr %ptr{}[{}] : (!llvm.ptr, i64) -> !llvm.ptr, {}", p, b, off,
             mem_type(k_.buffers[size_t(b)].dtype));
        line(
            "\"llvm.intr.prefetch\"({}) <{{cache = 1 : i32, hint = 3 : i32, rw = {} : i32}}> : "
            "(!llvm.ptr) -> ()",
            p, k_.buffers[size_t(b)].output ? 1 : 0);
      }
    }
  }

  // float32 erf as arithmetic: erf(x) = x * P(x^2) / Q(x^2) for |x| <= 3.925 (P, Q of degree 5
  // with positive coefficients: no cancellation, no pole), +-1 beyond (erf rounds to 1 in float
  // there). A weighted least-squares fit of the relative error on Chebyshev nodes, reweighted
  // toward minimax, made for kiln: fit error 1.9e-8; evaluated in float32 within 6 ulp
  // (3.6e-7 absolute, near 1). 19 vector ops and a division, where MLIR's approximation
  // (three intervals, coefficients chosen by 36 blends) took ~80 on AVX2: B1's gelu was bound
  // by it. NaN passes through every step.
  template <class C>
  std::string erf_f32(const std::string& x, int w, const std::string& ty, const std::string& r,
                      C&& constant) {
    static constexpr double kP[] = {1.12837914679596,       0.1905160288096312,
                                    0.05275941659821066,    0.003769342402267105,
                                    0.00028479310940947994, 2.0468970464704306e-06};
    static constexpr double kQ[] = {1.0,
                                    0.5021731787574426,
                                    0.11415095630937819,
                                    0.014976736768851948,
                                    0.0011631217691596878,
                                    3.8054177784775656e-05};
    std::string bty = vtype(DType::Bool, w), sel = w == 1 ? "" : bty + ", ";
    std::string ax = fresh(), big = fresh(), cx = fresh(), u = fresh(), num = fresh(), q = fresh(),
                one = fresh();
    std::string lim = constant(3.925, DType::Float32);
    line("{} = math.absf {} : {}", ax, x, ty);
    line("{} = arith.cmpf ogt, {}, {} : {}", big, ax, lim, ty);
    line("{} = arith.select {}, {}, {} : {}{}", cx, big, lim, ax, sel, ty);
    line("{} = arith.mulf {}, {} : {}", u, cx, cx, ty);
    auto horner = [&](const double* c) {
      std::string acc = constant(c[5], DType::Float32);
      for (int k = 4; k >= 0; --k) {
        std::string n = fresh();
        line("{} = math.fma {}, {}, {} : {}", n, acc, u, constant(c[k], DType::Float32), ty);
        acc = n;
      }
      return acc;
    };
    line("{} = arith.mulf {}, {} : {}", num, cx, horner(kP), ty);
    line("{} = arith.divf {}, {} : {}", q, num, horner(kQ), ty);
    // the ratio rounds above 1 for some x in [3, 3.925]: clamp it (NaN stays: the compare is
    // false for it)
    std::string unit = constant(1.0, DType::Float32), over = fresh(), sat = fresh();
    line("{} = arith.cmpf ogt, {}, {} : {}", over, q, unit, ty);
    line("{} = arith.ori {}, {} : {}", sat, big, over, bty);
    line("{} = arith.select {}, {}, {} : {}{}", one, sat, unit, q, sel, ty);
    line("{} = math.copysign {}, {} : {}", r, one, x, ty);
    return r;
  }

  // Whether instruction i is x - max(x) over the row (softmax's shift), <= 0 or NaN.
  bool minus_own_max(int i) const {
    const SInst& d = k_.body[size_t(i)];
    if (d.op != SOp::Sub || d.b < 0 || k_.body[size_t(d.b)].op != SOp::ReduceMax) return false;
    auto same = [&](int a, int b) {
      const SInst &x = k_.body[size_t(a)], &y = k_.body[size_t(b)];
      return a == b || (x.op == SOp::Load && y.op == SOp::Load && x.aux == y.aux);
    };
    return same(d.a, k_.body[size_t(d.b)].a);
  }

  // float32 exp of an argument known to be <= 0 or NaN (softmax's x - max): the Cody-Waite
  // reduction and Cephes polynomial of jit.cpp's expansion, with 2^k built from the bits of
  // k + 1.5 * 2^23 (its low bits are k: shifted to the exponent field and biased). x is
  // clamped to [-88, 0] and k needs no clamp: below -88, k = -127 and 2^k's bits are 0, so the
  // result is 0 (-inf gives exactly 0; results below 2^-126 * e^-0.35 flush, as in MLIR's
  // approximation). 19 vector ops where MLIR's math.exp takes 23 (clamps of x and of k):
  // softmax at one thread on AVX2 is bound by this loop.
  template <class C>
  std::string exp_nonpositive_f32(const std::string& x, int w, const std::string& ty,
                                  const std::string& r, C&& constant) {
    std::string bty = vtype(DType::Bool, w), ity = itype(32, w), sel = w == 1 ? "" : bty + ", ";
    std::string lo = constant(-88.0, DType::Float32), low = fresh(), c = fresh(), kf = fresh(),
                k = fresh(), r1 = fresh(), r2 = fresh(), r1p = fresh(), rr = fresh(), y = fresh(),
                kb = fresh(), e = fresh(), eb = fresh(), s = fresh();
    std::string shifter = constant(12582912.0, DType::Float32);
    // x - max(x) may still come out a rounding above 0 (x * s - m contracted to one fma):
    // clamp to [-88, 0], NaN passing both compares
    std::string zero = constant(0.0, DType::Float32), high = fresh(), c0 = fresh();
    line("{} = arith.cmpf olt, {}, {} : {}", low, x, lo, ty);
    line("{} = arith.select {}, {}, {} : {}{}", c0, low, lo, x, sel, ty);
    line("{} = arith.cmpf ogt, {}, {} : {}", high, c0, zero, ty);
    line("{} = arith.select {}, {}, {} : {}{}", c, high, zero, c0, sel, ty);
    auto f32 = [&](double v) { return constant(v, DType::Float32); };
    line("{} = math.fma {}, {}, {} : {}", kf, c, f32(cpu::exp_poly::kLog2e), shifter, ty);
    line("{} = arith.subf {}, {} : {}", k, kf, shifter, ty);
    line("{} = math.fma {}, {}, {} : {}", r1, k, f32(-cpu::exp_poly::kLn2Hi), c, ty);
    line("{} = math.fma {}, {}, {} : {}", r2, k, f32(-cpu::exp_poly::kLn2Lo), r1, ty);
    std::string p = f32(cpu::exp_poly::kP[0]);
    for (size_t i = 1; i < std::size(cpu::exp_poly::kP); ++i) {
      std::string n = fresh();
      line("{} = math.fma {}, {}, {} : {}", n, p, r2, f32(cpu::exp_poly::kP[i]), ty);
      p = n;
    }
    line("{} = arith.mulf {}, {} : {}", rr, r2, r2, ty);
    line("{} = arith.addf {}, {} : {}", r1p, r2, constant(1.0, DType::Float32), ty);
    line("{} = math.fma {}, {}, {} : {}", y, p, rr, r1p, ty);
    line("{} = arith.bitcast {} : {} to {}", kb, kf, ty, ity);
    line("{} = arith.shli {}, {} : {}", e, kb, constant(23, DType::Int32), ity);
    line("{} = arith.addi {}, {} : {}", eb, e, constant(127 << 23, DType::Int32), ity);
    line("{} = arith.bitcast {} : {} to {}", s, eb, ity, ty);
    line("{} = arith.mulf {}, {} : {}", r, y, s, ty);
    return r;
  }

  // Where the stash keeps element j of this row: the output buffer, or with streaming stores
  // (which must not write lines the final pass still reads) a row-sized buffer on the stack.
  std::string stash_address(const std::string& j) {
    DType t = k_.body[size_t(stash_inst_)].dtype;
    if (!v_.stream) return address(stash_buf_, j, t);
    std::string p = fresh();
    line("{} = llvm.getelementptr %stash[{}] : (!llvm.ptr, i64) -> !llvm.ptr, {}", p, j,
         mem_type(t));
    return p;
  }

  // The address of element j of buffer b in this row.
  std::string address(int b, const std::string& j, DType t) {
    std::string off = fresh();
    Access a = v_.access[size_t(b)];
    if (a == Access::Contiguous) {
      line("{} = arith.addi %base{}, {} : i64", off, b, j);
    } else {
      std::string m = fresh();
      line("{} = arith.muli {}, %istride{} : i64", m, j, b);
      line("{} = arith.addi %base{}, {} : i64", off, b, m);
    }
    std::string p = fresh();
    line("{} = llvm.getelementptr %ptr{}[{}] : (!llvm.ptr, i64) -> !llvm.ptr, {}", p, b, off,
         mem_type(t));
    return p;
  }

  // A load of w elements of type t at p; inside a masked step (mask_), the lanes past the
  // row's end read 0 and touch no memory.
  std::string load(const std::string& p, DType t, int w) {
    std::string r = fresh();
    if (mask_.empty() || w == 1) {
      line("{} = llvm.load {} {{alignment = {} : i64}} : !llvm.ptr -> {}", r, p, itemsize(t),
           vmem(t, w));
      return r;
    }
    std::string zero = fresh();
    line("{} = llvm.mlir.zero : {}", zero, vmem(t, w));
    line(
        "{} = llvm.intr.masked.load {}, {}, {} {{alignment = {} : i32}} : (!llvm.ptr, {}, {}) -> "
        "{}",
        r, p, mask_, zero, itemsize(t), vtype(DType::Bool, w), vmem(t, w), vmem(t, w));
    return r;
  }

  // A store of x (w elements of type t, in memory form) at p; nontemporal: a streaming store
  // of a whole vector, aligned to its size (at most 64 bytes). Inside a masked step only the row's
  // lanes are stored.
  void store(const std::string& x, const std::string& p, DType t, int w, bool nontemporal) {
    if (!mask_.empty() && w > 1) {
      line("llvm.intr.masked.store {}, {}, {} {{alignment = {} : i32}} : {}, {} into !llvm.ptr", x,
           p, mask_, itemsize(t), vmem(t, w), vtype(DType::Bool, w));
      return;
    }
    line("llvm.store {}, {} {{alignment = {} : i64{}}} : {}, !llvm.ptr", x, p,
         nontemporal ? std::min<size_t>(64, size_t(w) * itemsize(t)) : itemsize(t),
         nontemporal ? ", nontemporal" : "", vmem(t, w));
  }

  std::string to_mem(const std::string& x, DType t, int w) {
    if (t != DType::Bool) return x;
    std::string y = fresh();
    line("{} = arith.extui {} : {} to {}", y, x, vtype(t, w), vmem(t, w));
    return y;
  }

  // Instruction i at width w inside a loop (element-level values computed here, row-level ones
  // splatted), memoised in `vals`.
  std::string value(int i, int w, std::map<int, std::string>& vals, const std::string& j) {
    if (auto it = vals.find(i); it != vals.end()) return it->second;
    std::string r;
    if (level_[size_t(i)] == 0) {
      const std::string& s = row_.at(i);
      if (w == 1) {
        r = s;
      } else {
        r = fresh();
        DType t = k_.body[size_t(i)].dtype;
        line("{} = vector.broadcast {} : {} to {}", r, s, elem_type(t), vtype(t, w));
      }
    } else {
      const SInst& in = k_.body[size_t(i)];
      for (int a : {in.a, in.b, in.c})
        if (a >= 0) value(a, w, vals, j);
      r = emit(i, w, vals, j);
    }
    vals[i] = r;
    return r;
  }

  // Emits instruction i at width w; its operands are in `vals` (or, at w == 1 in a row
  // context, `row_`).
  std::string emit(int i, int w, std::map<int, std::string>& vals, const std::string& j) {
    const SInst& in = k_.body[size_t(i)];
    auto arg = [&](int a) { return vals.at(a); };
    DType t = in.dtype;
    std::string ty = vtype(t, w);
    std::string r = fresh();
    auto splat = [&](const std::string& scalar, DType st) {
      if (w == 1) return scalar;
      std::string v = fresh();
      line("{} = vector.broadcast {} : {} to {}", v, scalar, elem_type(st), vtype(st, w));
      return v;
    };
    auto constant = [&](double c, DType ct) {
      std::string s = fresh();
      line("{} = arith.constant {} : {}", s, const_literal(c, ct), elem_type(ct));
      return splat(s, ct);
    };
    switch (in.op) {
      case SOp::Const:
        line("{} = arith.constant {} : {}", r, const_literal(in.num, t), elem_type(t));
        return splat(r, t);
      case SOp::Param: {
        std::string f = fresh();
        line("{} = arith.sitofp %len_all : i64 to {}", f, elem_type(t));
        std::string one = fresh();
        line("{} = arith.constant {} : {}", one, const_literal(1, t), elem_type(t));
        line("{} = arith.divf {}, {} : {}", r, one, f, elem_type(t));
        return splat(r, t);
      }
      case SOp::Load: {
        std::string p;
        if (level_[size_t(i)] == 0) {
          p = fresh();
          line("{} = llvm.getelementptr %ptr{}[%base{}] : (!llvm.ptr, i64) -> !llvm.ptr, {}", p,
               in.aux, in.aux, mem_type(t));
        } else {
          p = address(in.aux, j, t);
        }
        std::string m = load(p, t, w);
        if (t != DType::Bool) return m;
        std::string z = fresh();
        line("{} = arith.constant 0 : i8", z);
        line("{} = arith.cmpi ne, {}, {} : {}", r, m, splat(z, DType::UInt8), vmem(t, w));
        return r;
      }
      case SOp::Cast:
        return cast(arg(in.a), k_.body[size_t(in.a)].dtype, t, w, constant);
      case SOp::Neg:
        if (is_float(t)) {
          line("{} = arith.negf {} : {}", r, arg(in.a), ty);
        } else {
          line("{} = arith.subi {}, {} : {}", r, constant(0, t), arg(in.a), ty);
        }
        return r;
      case SOp::Abs:
        line("{} = {} {} : {}", r, is_float(t) ? "math.absf" : "math.absi", arg(in.a), ty);
        return r;
      case SOp::IsNan: {
        DType at = k_.body[size_t(in.a)].dtype;
        line("{} = arith.cmpf uno, {}, {} : {}", r, arg(in.a), arg(in.a), vtype(at, w));
        return r;
      }
      case SOp::Erf:
        if (t == DType::Float32) return erf_f32(arg(in.a), w, ty, r, constant);
        break;
      case SOp::Exp:
        // exp(x - max(x)) on hosts without AVX-512 (there jit.cpp's vscalefps expansion of
        // math.exp is as short)
        if (t == DType::Float32 && vector_bits_ < 512 && minus_own_max(in.a))
          return exp_nonpositive_f32(arg(in.a), w, ty, r, constant);
        break;
      case SOp::Select:
        if (w == 1)
          line("{} = arith.select {}, {}, {} : {}", r, arg(in.a), arg(in.b), arg(in.c), ty);
        else
          line("{} = arith.select {}, {}, {} : {}, {}", r, arg(in.a), arg(in.b), arg(in.c),
               vtype(DType::Bool, w), ty);
        return r;
      default:
        break;
    }
    if (in.b < 0) {  // float unary math
      // Never destroyed: background compiles may run during static destruction.
      static const auto& unary = *new std::map<SOp, const char*>{
          {SOp::Exp, "math.exp"},   {SOp::Exp2, "math.exp2"},      {SOp::Log, "math.log"},
          {SOp::Log2, "math.log2"}, {SOp::Log1p, "math.log1p"},    {SOp::Expm1, "math.expm1"},
          {SOp::Sqrt, "math.sqrt"}, {SOp::Sin, "math.sin"},        {SOp::Cos, "math.cos"},
          {SOp::Tanh, "math.tanh"}, {SOp::Erf, "math.erf"},        {SOp::Floor, "math.floor"},
          {SOp::Ceil, "math.ceil"}, {SOp::Round, "math.roundeven"}};
      line("{} = {} {} : {}", r, unary.at(in.op), arg(in.a), ty);
      return r;
    }
    DType at = k_.body[size_t(in.a)].dtype;  // operand dtype (comparisons give bool)
    std::string aty = vtype(at, w);
    bool f = is_float(at), u = is_unsigned(at);
    std::string a = arg(in.a), b = arg(in.b);
    auto cmp = [&](const char* fp, const char* si, const char* ui) {
      if (f)
        line("{} = arith.cmpf {}, {}, {} : {}", r, fp, a, b, aty);
      else
        line("{} = arith.cmpi {}, {}, {} : {}", r, u ? ui : si, a, b, aty);
      return r;
    };
    auto bin = [&](const char* op) {
      line("{} = {} {}, {} : {}", r, op, a, b, aty);
      return r;
    };
    auto fbin = [&](const char* op) {
      line("{} = {} {}, {} fastmath<contract> : {}", r, op, a, b, aty);
      return r;
    };
    switch (in.op) {
      case SOp::Add:
        return f ? fbin("arith.addf") : bin("arith.addi");
      case SOp::Sub:
        return f ? fbin("arith.subf") : bin("arith.subi");
      case SOp::Mul:
        return f ? fbin("arith.mulf") : bin("arith.muli");
      case SOp::Div:
        if (w > 1 && level_[size_t(in.b)] == 0) {
          // A per-row divisor (softmax's sum): one division per row, a multiply per element.
          line("{} = arith.mulf {}, {} : {}", r, a, reciprocal(in.b, w), aty);
          return r;
        }
        return bin("arith.divf");
      case SOp::Pow:
        return bin("math.powf");
      case SOp::Max:
        return bin(f                   ? "arith.maximumf"
                   : at == DType::Bool ? "arith.ori"
                   : u                 ? "arith.maxui"
                                       : "arith.maxsi");
      case SOp::Min:
        return bin(f                   ? "arith.minimumf"
                   : at == DType::Bool ? "arith.andi"
                   : u                 ? "arith.minui"
                                       : "arith.minsi");
      case SOp::Eq:
        return cmp("oeq", "eq", "eq");
      case SOp::Ne:
        return cmp("une", "ne", "ne");
      case SOp::Lt:
        return cmp("olt", "slt", "ult");
      case SOp::Le:
        return cmp("ole", "sle", "ule");
      case SOp::Gt:
        return cmp("ogt", "sgt", "ugt");
      case SOp::Ge:
        return cmp("oge", "sge", "uge");
      case SOp::And:
        return bin("arith.andi");
      case SOp::Or:
        return bin("arith.ori");
      case SOp::Xor:
        return bin("arith.xori");
      default:
        throw Error(fmt::format("codegen: no MLIR form for scalar op {}", ir::sop_name(in.op)));
    }
  }

  // The element-level instructions that `roots` need (not through row-level values).
  std::set<int> cone(const std::vector<int>& roots) const {
    std::set<int> seen;
    std::vector<int> stack;
    for (int r : roots)
      for (int a : {k_.body[size_t(r)].a, k_.body[size_t(r)].b, k_.body[size_t(r)].c})
        if (a >= 0) stack.push_back(a);
    while (!stack.empty()) {
      int i = stack.back();
      stack.pop_back();
      if (level_[size_t(i)] == 0 || !seen.insert(i).second) continue;
      const SInst& in = k_.body[size_t(i)];
      for (int a : {in.a, in.b, in.c})
        if (a >= 0) stack.push_back(a);
    }
    return seen;
  }

  // Softmax-like kernels compute an expensive value (exp(x - max)) in the last reduction pass
  // and again for the output. Instead the reduction pass writes it to the output buffer and
  // the final pass reads it back (from L1 for rows that fit): one transcendental per element.
  void choose_stash() {
    if (!vectorize_ || max_stage_ == 0) return;
    std::vector<int> last, stores;
    for (size_t i = 0; i < k_.body.size(); ++i) {
      if (ir::is_reduce(k_.body[i].op) && stage_[i] == max_stage_) last.push_back(int(i));
      if (k_.body[i].op == SOp::Store && level_[i] == 1) stores.push_back(int(i));
    }
    if (last.empty() || stores.empty()) return;
    std::set<int> a = cone(last), b = cone(stores);
    auto expensive = [&](int i) {
      for (int c : cone({i})) switch (k_.body[size_t(c)].op) {
          case SOp::Exp:
          case SOp::Exp2:
          case SOp::Log:
          case SOp::Log2:
          case SOp::Log1p:
          case SOp::Expm1:
          case SOp::Tanh:
          case SOp::Erf:
          case SOp::Sin:
          case SOp::Cos:
          case SOp::Pow:
            return true;
          default:
            break;
        }
      return false;
    };
    for (auto it = a.rbegin(); it != a.rend(); ++it) {
      int i = *it;
      // cone({i}) holds i's operands; the value itself is expensive if it or they are.
      bool costly = expensive(i);
      switch (k_.body[size_t(i)].op) {
        case SOp::Exp:
        case SOp::Log:
        case SOp::Tanh:
        case SOp::Erf:
          costly = true;
          break;
        default:
          break;
      }
      if (!b.count(i) || !costly) continue;
      for (int st : stores) {
        const SInst& in = k_.body[size_t(st)];
        if (in.dtype == k_.body[size_t(i)].dtype &&
            v_.access[size_t(in.aux)] == Access::Contiguous) {
          stash_inst_ = i;
          stash_buf_ = in.aux;
          return;
        }
      }
    }
  }

  static std::string itype(int bits, int w) {
    return w == 1 ? fmt::format("i{}", bits) : fmt::format("vector<{}xi{}>", w, bits);
  }
  std::string splat_int(const std::string& c, int w) {  // an i32 constant at width w
    if (w == 1) return c;
    std::string v = fresh();
    line("{} = vector.broadcast {} : i32 to vector<{}xi32>", v, c, w);
    return v;
  }
  std::string splat_i16(const std::string& c, int w) {
    if (w == 1) return c;
    std::string v = fresh();
    line("{} = vector.broadcast {} : i16 to vector<{}xi16>", v, c, w);
    return v;
  }

  // 1 / (row value i), splatted to width w; loop-invariant, so LLVM computes it once per row.
  std::string reciprocal(int i, int w) {
    auto it = recip_.find(i);
    if (it == recip_.end()) {
      DType t = k_.body[size_t(i)].dtype;
      std::string one = fresh(), r = fresh();
      line("{} = arith.constant {} : {}", one, const_literal(1, t), elem_type(t));
      line("{} = arith.divf {}, {} : {}", r, one, row_.at(i), elem_type(t));
      it = recip_.emplace(i, r).first;
    }
    DType t = k_.body[size_t(i)].dtype;
    std::string v = fresh();
    line("{} = vector.broadcast {} : {} to {}", v, it->second, elem_type(t), vtype(t, w));
    return v;
  }

  template <class Const>
  std::string cast(const std::string& x, DType from, DType to, int w, Const&& constant) {
    std::string r = fresh();
    std::string ft = vtype(from, w), tt = vtype(to, w);
    if (to == DType::Bool) {
      if (is_float(from))
        line("{} = arith.cmpf une, {}, {} : {}", r, x, constant(0, from), ft);
      else
        line("{} = arith.cmpi ne, {}, {} : {}", r, x, constant(0, from), ft);
      return r;
    }
    if (from == DType::BFloat16 && to == DType::Float32) {
      // bfloat16 is the top half of a float32: widen the bits (exact; no library call).
      std::string i16 = fresh(), i32 = fresh(), sh = fresh(), c16 = fresh();
      line("{} = arith.bitcast {} : {} to {}", i16, x, ft, itype(16, w));
      line("{} = arith.extui {} : {} to {}", i32, i16, itype(16, w), itype(32, w));
      line("{} = arith.constant 16 : i32", c16);
      line("{} = arith.shli {}, {} : {}", sh, i32, splat_int(c16, w), itype(32, w));
      line("{} = arith.bitcast {} : {} to {}", r, sh, itype(32, w), tt);
      return r;
    }
    if (from == DType::Float32 && to == DType::BFloat16) {
      // Round to nearest even on the bits, NaN stays NaN (as kiln's eager BFloat16 does);
      // fptrunc to bfloat would need a libgcc newer than Debian 12's.
      std::string b32 = fresh(), hi = fresh(), lsb = fresh(), bias = fresh(), sum = fresh(),
                  top = fresh(), t16 = fresh(), nan = fresh(), c16 = fresh(), c1 = fresh(),
                  c7fff = fresh(), cq = fresh(), keep = fresh();
      line("{} = arith.constant 16 : i32", c16);
      line("{} = arith.constant 1 : i32", c1);
      line("{} = arith.constant 32767 : i32", c7fff);
      line("{} = arith.constant 32704 : i16", cq);  // 0x7FC0, a quiet NaN
      std::string s16 = splat_int(c16, w), s1 = splat_int(c1, w), s7 = splat_int(c7fff, w);
      line("{} = arith.bitcast {} : {} to {}", b32, x, ft, itype(32, w));
      line("{} = arith.shrui {}, {} : {}", hi, b32, s16, itype(32, w));
      line("{} = arith.andi {}, {} : {}", lsb, hi, s1, itype(32, w));
      line("{} = arith.addi {}, {} : {}", bias, lsb, s7, itype(32, w));
      line("{} = arith.addi {}, {} : {}", sum, b32, bias, itype(32, w));
      line("{} = arith.shrui {}, {} : {}", top, sum, s16, itype(32, w));
      line("{} = arith.trunci {} : {} to {}", t16, top, itype(32, w), itype(16, w));
      line("{} = arith.cmpf uno, {}, {} : {}", nan, x, x, ft);
      if (w == 1)
        line("{} = arith.select {}, {}, {} : i16", keep, nan, cq, t16);
      else
        line("{} = arith.select {}, {}, {} : {}, {}", keep, nan, splat_i16(cq, w), t16,
             vtype(DType::Bool, w), itype(16, w));
      line("{} = arith.bitcast {} : {} to {}", r, keep, itype(16, w), tt);
      return r;
    }
    if (is_float(from) && is_float(to) && (from == DType::BFloat16 || to == DType::BFloat16)) {
      std::string mid = cast(x, from, DType::Float32, w, constant);  // through float32
      return cast(mid, DType::Float32, to, w, constant);
    }
    if (is_float(from) && is_float(to)) {
      line("{} = {} {} : {} to {}", r, bits(from) < bits(to) ? "arith.extf" : "arith.truncf", x, ft,
           tt);
    } else if (is_float(to)) {
      line("{} = {} {} : {} to {}", r, is_unsigned(from) ? "arith.uitofp" : "arith.sitofp", x, ft,
           tt);
    } else if (is_float(from)) {
      line("{} = {} {} : {} to {}", r, is_unsigned(to) ? "arith.fptoui" : "arith.fptosi", x, ft,
           tt);
    } else if (bits(from) < bits(to)) {
      line("{} = {} {} : {} to {}", r, is_unsigned(from) ? "arith.extui" : "arith.extsi", x, ft,
           tt);
    } else if (bits(from) > bits(to)) {
      line("{} = arith.trunci {} : {} to {}", r, x, ft, tt);
    } else {
      return x;  // i8 <-> u8: the same bits
    }
    return r;
  }

  const LoopKernel& k_;
  const Variant& v_;
  std::vector<int> level_, stage_;
  int max_stage_ = 0;
  std::set<int> used_;
  bool vectorize_ = true;
  std::string mask_;  // the lane mask of the masked step being emitted, if any
  // Lanes of the element loops, and of the reduction loops: four host vectors of float32
  // (independent accumulators hide the latency of each add or max). Measured on AVX2 (Zen 2,
  // softmax [8192, 1024], 1 thread): 64 lanes, eight 256-bit registers a value, spill in the
  // exp loop (12.1 ms); 32 lanes 8.2 ms (6.5 with the prefetch); element loops of 8 lanes were no
  // faster than 16.
  int vector_bits_;
  int width_ = 16, wide_;
  std::vector<int> widths() const {
    return wide_ == width_ ? std::vector<int>{width_} : std::vector<int>{wide_, width_};
  }
  std::map<int, std::string> row_;
  std::map<int, std::string> recip_;      // row values' reciprocals
  int stash_inst_ = -1, stash_buf_ = -1;  // see choose_stash
  int stash_mode_ = 0;                    // 1: this pass writes the stash, 2: reads it
  std::set<int> prefetch_;                // see choose_prefetch
  int passes_ = 0;                        // passes over the row emitted so far
  bool prefetch_now_ = false;             // this pass prefetches the next row
  std::string out_;
  int indent_ = 0;
  int next_ = 0;
};

}  // namespace

std::string render_mlir(const LoopKernel& k, const Variant& v, const std::string& name,
                        int vector_bits) {
  if (v.access.size() != k.buffers.size())
    throw Error(
        fmt::format("codegen: a launch variant for {} buffers, the kernel has {} (a kiln bug)",
                    v.access.size(), k.buffers.size()));
  if (vector_bits != 128 && vector_bits != 256 && vector_bits != 512)
    throw Error(
        fmt::format("codegen: kernels are written for 128-, 256- or 512-bit vectors, not {} "
                    "(KILN_VECTOR_BITS / Config::vector_bits)",
                    vector_bits));
  return Emitter(k, v, vector_bits).run(name);
}

}  // namespace kiln::codegen
