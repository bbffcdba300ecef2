#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <bit>
#include <cmath>
#include <dnnl.hpp>
#include <limits>
#include <memory>
#include <mutex>
#include <ranges>
#include <unordered_map>

#include "kiln/config.h"
#include "kiln/error.h"
#include "kiln/factories.h"
#include "runtime/conv.h"
#include "runtime/epilogue.h"
#include "runtime/gemm.h"
#include "runtime/kernel.h"
#include "runtime/log.h"
#include "runtime/parallel.h"
#include "runtime/strided.h"
#include "runtime/tensor_impl.h"
#include "runtime/tuning.h"

namespace kiln {

namespace {

dnnl::engine& engine() {
  static dnnl::engine e(dnnl::engine::kind::cpu, 0);
  return e;
}

dnnl::memory::desc desc_of(const Shape& shape, const Shape& strides) {
  dnnl::memory::dims d(shape.begin(), shape.end()), s(strides.begin(), strides.end());
  return dnnl::memory::desc(d, dnnl::memory::data_type::f32, s);
}

// `t`'s shape and strides as a rank-r tensor (leading 1s).
void padded(const Tensor& t, size_t r, Shape& shape, Shape& strides) {
  shape.assign(r, 1);
  strides.assign(r, 0);
  size_t off = r - size_t(t.dim());
  for (size_t i = 0; i < size_t(t.dim()); ++i) {
    shape[off + i] = t.shape()[i];
    strides[off + i] = t.shape()[i] == 1 ? 1 : t.strides()[i];
  }
  // size-1 dims: a stride consistent with a dense layout keeps oneDNN's checks happy
  int64_t st = 1;
  for (size_t i = r; i-- > 0;) {
    if (shape[i] == 1) strides[i] = st;
    st = std::max(st, strides[i] * shape[i]);
  }
}

dnnl::algorithm algorithm_of(EpiOp op) {
  using A = dnnl::algorithm;
  switch (op) {
    case EpiOp::Add:
      return A::binary_add;
    case EpiOp::Sub:
      return A::binary_sub;
    case EpiOp::Mul:
      return A::binary_mul;
    case EpiOp::Div:
      return A::binary_div;
    case EpiOp::GeluErf:
      return A::eltwise_gelu_erf;
    case EpiOp::GeluTanh:
      return A::eltwise_gelu_tanh;
    case EpiOp::Tanh:
      return A::eltwise_tanh;
    case EpiOp::Sigmoid:
      return A::eltwise_logistic;
    case EpiOp::Silu:
      return A::eltwise_swish;
    case EpiOp::Elu:
      return A::eltwise_elu;
    case EpiOp::Log:
      return A::eltwise_log;
    case EpiOp::Abs:
      return A::eltwise_abs;
    case EpiOp::Sqrt:
      return A::eltwise_sqrt;
    case EpiOp::Linear:
      return A::eltwise_linear;
    case EpiOp::Relu:   // two post-ops: append_eltwise
    case EpiOp::Clamp:  // clip, only where no NaN can reach it: append_eltwise
    case EpiOp::None:
      break;
  }
  return A::undef;
}

struct Prim {
  dnnl::memory::desc scratchpad;
  dnnl::primitive prim;
  dnnl::memory::desc weights;  // the layout the primitive reads its weights in
};

std::mutex mu;
std::unordered_map<std::string, std::shared_ptr<Prim>>& cache() {
  static auto* c =
      new std::unordered_map<std::string, std::shared_ptr<Prim>>;  // outlives static exits
  return *c;
}

// One eltwise step as oneDNN post-ops. ReLU is elu(alpha = 0) then abs: oneDNN's own relu (and
// clip, bounded_relu, a binary max with 0) turns NaN into 0, where eager relu keeps NaN; elu
// with alpha 0 keeps it but gives -0 for negative inputs, which abs makes +0. (A linear step
// for that broke a following linear step in oneDNN 2.6's brgconv.) Returns how many post-ops
// it appended.
int append_eltwise(dnnl::post_ops& po, const Epilogue& e) {
  if (e.op == EpiOp::Clamp) {  // (onednn_part() leaves clamps out but for clamp_as_clip())
    po.append_eltwise(1.f, dnnl::algorithm::eltwise_clip, e.alpha, e.beta);
    return 1;
  }
  if (e.op == EpiOp::Relu) {
    po.append_eltwise(1.f, dnnl::algorithm::eltwise_elu, 0.f, 0.f);
    po.append_eltwise(1.f, dnnl::algorithm::eltwise_abs, 0.f, 0.f);
    return 2;
  }
  po.append_eltwise(1.f, algorithm_of(e.op), e.alpha, e.beta);
  return 1;
}

// The post-op chain of one call: each binary step's operand padded to rank r.
struct Chain {
  std::span<const Epilogue> steps;
  std::span<const Tensor> operands;
  std::vector<Shape> shapes, strides;

  Chain(std::span<const Epilogue> s, std::span<const Tensor> o, size_t r)
      : steps(s), operands(o), shapes(o.size()), strides(o.size()) {
    for (size_t i = 0; i < o.size(); ++i) padded(o[i], r, shapes[i], strides[i]);
  }
  bool float32() const {
    for (const Tensor& t : operands)
      if (t.dtype() != DType::Float32) return false;
    return true;
  }
  void append_key(Key& key) const {
    key << int64_t(steps.size());
    for (const Epilogue& e : steps) {
      key << int64_t(e.op) << e.alpha << e.beta;
      if (e.binary()) key << shapes[size_t(e.operand)] << strides[size_t(e.operand)];
    }
  }
  // The post-op index of each binary step (eltwise steps may take more than one post-op).
  void add_binary_args(std::unordered_map<int, dnnl::memory>& args) const {
    int at = 0;
    for (const Epilogue& e : steps) {
      if (!e.binary()) {
        dnnl::post_ops po;
        at += append_eltwise(po, e);
        continue;
      }
      size_t k = size_t(e.operand);
      args.emplace(DNNL_ARG_ATTR_MULTIPLE_POST_OP(at) | DNNL_ARG_SRC_1,
                   dnnl::memory(desc_of(shapes[k], strides[k]), engine(), operands[k].data_ptr()));
      ++at;
    }
  }
  // Post-ops, and our own scratchpad per call: oneDNN's default one is shared, so one
  // primitive run from two threads at once corrupted results (seen in the threads test).
  dnnl::primitive_attr attr() const {
    dnnl::post_ops po;
    for (const Epilogue& e : steps) {
      if (e.binary())
        po.append_binary(algorithm_of(e.op),
                         desc_of(shapes[size_t(e.operand)], strides[size_t(e.operand)]));
      else
        append_eltwise(po, e);
    }
    dnnl::primitive_attr a;
    a.set_post_ops(po);
    a.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    return a;
  }
};

// The cached primitive for `key`, made now if missing (throws dnnl::error when oneDNN refuses).
// Per thread count: oneDNN plans a primitive's work for the OpenMP thread count when it is made
// (one made at 2 threads forked 2 at KILN_NUM_THREADS=1, leaving a worker spinning on the other
// core), so the count is bound first and is part of the key.
template <class Make>
std::shared_ptr<Prim> find_or_make(const std::string& key_in, const Chain& chain, Make&& make) {
  bind_library_threads();
  std::string key = (Key{key_in} << int64_t(num_threads())).bytes;
  {
    std::lock_guard lock(mu);
    auto it = cache().find(key);
    if (it != cache().end()) return it->second;
  }
  auto p = std::make_shared<Prim>(make(chain.attr()));
  std::lock_guard lock(mu);
  return cache().emplace(key, p).first->second;
}

// Finds or creates (`make`) the primitive for `key`, then runs it with `args` plus the chain's
// operands and a scratchpad. False when oneDNN refuses (logged).
template <class Make>
bool run_primitive(const char* what, const std::string& key, const Chain& chain, Make&& make,
                   std::unordered_map<int, dnnl::memory> args) {
  try {
    std::shared_ptr<Prim> p = find_or_make(key, chain, make);
    bind_library_threads();
    thread_local dnnl::stream stream(engine());
    Tensor scratch = empty({int64_t(p->scratchpad.get_size()) + 1}, DType::UInt8);
    args.emplace(DNNL_ARG_SCRATCHPAD, dnnl::memory(p->scratchpad, engine(), scratch.data_ptr()));
    chain.add_binary_args(args);
    p->prim.execute(stream, args);
    stream.wait();
    return true;
  } catch (const dnnl::error& e) {
    logging::get("fusion").info("oneDNN {} with epilogue refused ({}); running unfused", what,
                                e.what());
    return false;
  }
}

// The steps oneDNN runs as post-ops: those before the first clamp (which it has no NaN-keeping
// form of). kiln applies the rest to the primitive's result (then_kiln).
std::span<const Epilogue> onednn_part(std::span<const Epilogue> steps) {
  auto clamp = std::find_if(steps.begin(), steps.end(),
                            [](const Epilogue& e) { return e.op == EpiOp::Clamp; });
  return steps.first(size_t(clamp - steps.begin()));
}
// Whether kiln can apply the steps after oneDNN's (the fusion pass makes only such chains).
bool kiln_takes_rest(std::span<const Epilogue> steps) {
  return gemm::supports(steps.subspan(onednn_part(steps).size()));
}
// (`ran_by_onednn`: how many of the steps oneDNN ran; by default onednn_part()'s.)
bool then_kiln(bool ran, std::span<const Epilogue> steps, std::span<const Tensor> operands,
               Tensor& out, size_t ran_by_onednn = size_t(-1)) {
  if (ran_by_onednn == size_t(-1)) ran_by_onednn = onednn_part(steps).size();
  auto rest = steps.subspan(ran_by_onednn);
  if (ran && !rest.empty()) gemm::apply(rest, operands, out);
  return ran;
}

dnnl::memory mem(const Shape& s, const Shape& st, const Tensor& t) {
  return dnnl::memory(desc_of(s, st), engine(), t.data_ptr());
}

// ---- convolution in oneDNN's blocked layouts
// oneDNN's fast convolution kernels read and write blocked layouts (nChw16c with AVX-512);
// on plain NCHW it falls back to slow generic code. So the primitive is created with "any"
// layouts, the input and output are reordered around it (a pass over activations, small next
// to the convolution), and the weights are reordered once per weight tensor and version and
// kept: a model's weights are packed on its first call.
struct BlockedConv {
  dnnl::convolution_forward prim;
  dnnl::memory::desc src, weights, dst, scratchpad;
  dnnl::memory::desc plain_src, plain_weights, plain_dst;
  std::shared_ptr<dnnl::reorder> to_src, from_dst;
  std::shared_ptr<dnnl::reorder> to_dst;  // a residual into the output (the sum post-op)
  // Plain calls (no reorders, residual or binary operands): the memory objects, argument map
  // and scratchpad, made once and pointed at each call's buffers while `use` is held (a
  // concurrent call makes its own). Making them per call cost each MobileNetV2 convolution a
  // few µs of serial time.
  std::mutex use;
  std::unordered_map<int, dnnl::memory> args;
  std::vector<dnnl_exec_arg_t> exec_args;  // args for the C API (the C++ one copies the map)
  Tensor scratch;
};

std::unordered_map<std::string, std::shared_ptr<BlockedConv>>& blocked_convs() {
  static auto* c = new std::unordered_map<std::string, std::shared_ptr<BlockedConv>>;
  return *c;
}

Tensor bytes_for(const dnnl::memory::desc& d) {
  return empty({int64_t(d.get_size()) + 64}, DType::UInt8);
}

// Weights packed into the layout a primitive prefers, keyed by the weight's storage and
// geometry (not its handle: views and per-call aliases of one parameter share an entry). An
// entry is valid while its storage's owner lives — compared by owner, so a new buffer at a
// freed address, or another arena slice at the same offset, is another weight — and keeps the
// version it was packed at. Entries do not keep their weights alive.
struct PackEntry {
  std::weak_ptr<void> storage;
  uint64_t version = 0;
  int seen = 0;  // sightings of this storage and version
  dnnl::memory::desc layout;
  Tensor packed;
};
std::unordered_map<std::string, PackEntry>& pack_cache() {
  static auto* c = new std::unordered_map<std::string, PackEntry>;
  return *c;
}
constexpr size_t kMaxPackEntries = 1024;

bool same_owner(const std::weak_ptr<void>& a, const std::shared_ptr<void>& b) {
  return !a.expired() && !a.owner_before(b) && !b.owner_before(a);
}

std::string pack_key(const Tensor& w, std::string_view format) {
  Key key;
  key << format << int64_t(reinterpret_cast<intptr_t>(w.impl()->storage.get())) << w.offset()
      << w.shape() << w.strides();
  return key.bytes;
}

// `w` packed by `pack()` (its `format`: oneDNN's, described by `layout`, or kiln's): the cached
// copy, or packed now once `w` was seen `min_seen` times alive with one version (undefined
// before that: use it plain).
// A tensor's last packed copy (TensorImpl::pack_memo): a model's weights are the same tensors
// every call, so each call of a layer finds its weights here without building the cache key.
// The memo does not keep the packed copy alive (the cache entry does): what the cache drops
// (a new version, its size bound, forget_pack) is freed as before.
struct PackMemo {
  std::string format;
  std::weak_ptr<void> storage;
  uint64_t version = 0;
  dnnl::memory::desc layout;
  std::weak_ptr<TensorImpl> packed;
};

template <class Pack>
Tensor cached_pack(const Tensor& w, std::string_view format, const dnnl::memory::desc& layout,
                   int min_seen, Pack&& pack) {
  TensorImpl* im = w.impl();
  const std::shared_ptr<void>& storage = im->storage;
  if (!storage) return {};
  uint64_t version = w.version();
  {
    std::lock_guard lock(mu);
    if (auto* m = static_cast<const PackMemo*>(im->pack_memo.get()))
      if (m->format == format && m->version == version && same_owner(m->storage, storage) &&
          m->layout == layout)
        if (std::shared_ptr<TensorImpl> packed = m->packed.lock()) return Tensor(std::move(packed));
  }
  std::string key = pack_key(w, format);
  auto remember = [&](const Tensor& packed) {  // (under the lock)
    im->pack_memo = std::make_shared<PackMemo>(
        PackMemo{std::string(format), storage, version, layout, packed.impl()->shared_from_this()});
  };
  {
    std::lock_guard lock(mu);
    PackEntry& e = pack_cache()[key];
    if (!same_owner(e.storage, storage) || e.version != version)
      e = PackEntry{storage, version, 0, {}, {}};
    ++e.seen;
    if (e.packed.defined() && e.layout == layout) {
      remember(e.packed);
      return e.packed;
    }
    if (e.seen < min_seen) return {};
  }
  Tensor packed = pack();
  std::lock_guard lock(mu);
  auto& cache = pack_cache();
  PackEntry& e = cache[key];
  if (same_owner(e.storage, storage) && e.version == version) {  // still the weights packed
    e.layout = layout;
    e.packed = packed;
    remember(packed);
  }
  std::erase_if(cache, [](const auto& x) { return x.second.storage.expired(); });
  if (cache.size() > kMaxPackEntries)  // bounded: live weights beyond it are packed per call
    std::erase_if(cache, [&](const auto& x) { return x.first != key; });
  return packed;
}

// `w` (described by `plain`) in oneDNN's `layout`.
Tensor packed_weights(const Tensor& w, const dnnl::memory::desc& plain,
                      const dnnl::memory::desc& layout, int min_seen) {
  return cached_pack(w, "onednn", layout, min_seen, [&] {
    Tensor packed = bytes_for(layout);
    thread_local dnnl::stream stream(engine());
    dnnl::memory from(plain, engine(), w.data_ptr());
    dnnl::memory to(layout, engine(), packed.data_ptr());
    bind_library_threads();
    dnnl::reorder(from, to).execute(stream, from, to);
    stream.wait();
    return packed;
  });
}

void forget_pack(const Tensor& w, std::string_view format) {
  if (!w.impl()->storage) return;
  std::lock_guard lock(mu);
  pack_cache().erase(pack_key(w, format));  // (the memo, a weak reference, expires with it)
}

// oneDNN's kernel is chosen only when its best run beats kiln's by more than this fraction.
// A closer race is within this guest's noise, and kiln's kernel is worth keeping there: a
// oneDNN primitive generates its code on its first run in every process (28 ms of B4's
// first call once), and kiln's layers compose (B3's MLP at 2T: its 64x2048 @ 2048x2048 layer
// went to oneDNN in 4 of 5 fresh races by 0.2-3%, while alone the two ran within 1% of each
// other, and the MLP with kiln's layer ran 1.5% faster than with oneDNN's).
constexpr double kOneDnnMargin = 0.03;

// tuning::race(), then the choice (kiln's unless oneDNN's beat it by more than kOneDnnMargin)
// remembered for `key` and logged with the times under `what`. Returns 1 for kiln's kernel.
template <class Kiln, class OneDnn>
int race_and_remember(const std::string& key, Kiln&& kiln, OneDnn&& onednn,
                      const std::string& what) {
  tuning::Quiet since = tuning::quiet();
  bool ok = true;
  auto [kiln_s, onednn_s] = tuning::race(
      [&] {
        kiln();
        return true;
      },
      [&] { return ok = onednn(); });
  if (!ok) kiln();  // oneDNN refused: out holds kiln's result
  int choice = onednn_s * (1 + kOneDnnMargin) >= kiln_s;
  std::string line = fmt::format("{}: kiln {:.3f} ms, oneDNN {:.3f} ms: {}", what, kiln_s * 1e3,
                                 onednn_s * 1e3, choice ? "kiln" : "oneDNN");
  logging::get("fusion").info("{}", line);
  tuning::remember(key, choice, line, since);
  return choice;
}

// kiln's kernel or oneDNN's for `key`: kiln's when forced (KILN_MATMUL or KILN_CONV = kiln),
// else the choice remembered for `key`, else both raced now (race_and_remember; `what()` names
// the problem in the log). False only where oneDNN's, chosen, refuses.
template <class Kiln, class OneDnn, class What>
bool kiln_or_onednn(const std::string& key, bool force_kiln, Kiln&& kiln, OneDnn&& onednn,
                    What&& what) {
  int choice = force_kiln ? 1 : tuning::choice(key);
  if (choice == 0) return onednn();
  if (choice == 1)
    kiln();
  else
    race_and_remember(key, kiln, onednn, what());
  return true;
}

}  // namespace

int64_t packed_weight_copies() {
  std::lock_guard lock(mu);
  int64_t n = 0;
  for (const auto& [key, e] : pack_cache()) n += e.packed.defined() && !e.storage.expired();
  return n;
}

bool conv2d_blocked(const Tensor& x, const Tensor& w, const Tensor& bias_in, const Shape& stride_in,
                    const Shape& pad_in, const Shape& dil_in, int64_t groups,
                    std::span<const Epilogue> steps, std::span<const Tensor> operands,
                    Tensor& out) {
  // One value stands for both spatial dims (as conv2d's attributes allow).
  Shape stride1, pad1, dil1;
  const Shape &stride = conv::both_dims(stride_in, stride1), &pad = conv::both_dims(pad_in, pad1),
              &dil = conv::both_dims(dil_in, dil1);
  if (stride.size() != 2 || pad.size() != 2 || dil.size() != 2) return false;
  if (x.numel() == 0 || w.numel() == 0 || out.numel() == 0) return false;  // eager's job
  // A strided bias is misread by the blocked kernels (they assume a dense one).
  Tensor bias = bias_in.defined() ? bias_in.contiguous() : bias_in;
  if (x.dim() != 4 || w.dim() != 4 || out.dim() != 4 || groups < 1) return false;
  for (const Tensor* t : {&x, &w, static_cast<const Tensor*>(&out)})
    if (t->dtype() != DType::Float32) return false;
  if (bias.defined() && (bias.dtype() != DType::Float32 || bias.dim() != 1)) return false;
  for (const Tensor& t : operands)
    if (t.dim() > 4) return false;
  Chain chain(steps, operands, 4);
  if (!chain.float32()) return false;
  // A residual added first (ResNet's conv + add [+ relu]) becomes oneDNN's sum post-op: the
  // residual is written into the output buffer, in its layout, and the convolution adds to it.
  const Tensor* residual = nullptr;
  if (!steps.empty() && steps[0].op == EpiOp::Add &&
      operands[size_t(steps[0].operand)].shape() == out.shape() &&
      std::none_of(steps.begin() + 1, steps.end(), [](const Epilogue& e) { return e.binary(); }))
    residual = &operands[size_t(steps[0].operand)];
  // grouped weights as [g, O/g, C/g, kh, kw] (ungrouped ones as they are, without a copy; in
  // per-thread buffers: a depthwise convolution runs this every call, and nothing below runs
  // another convolution on this thread before it is done with them)
  thread_local Shape gws, gwst;
  if (groups > 1) {
    gws.assign({groups, w.shape()[0] / groups, w.shape()[1], w.shape()[2], w.shape()[3]});
    gwst.assign({w.strides()[0] * (w.shape()[0] / groups), w.strides()[0], w.strides()[1],
                 w.strides()[2], w.strides()[3]});
  }
  const Shape& ws = groups > 1 ? gws : w.shape();
  const Shape& wst = groups > 1 ? gwst : w.strides();
  // (a per-thread key, its buffer reused: nothing below builds another before it is done)
  thread_local Key k;
  k.bytes.clear();
  k << "bconv" << x.shape() << x.strides() << ws << wst << out.strides() << stride << pad << dil
    << int64_t(bias.defined()) << (bias.defined() ? bias.strides()[0] : 0) << groups;
  chain.append_key(k);
  k << int64_t(residual != nullptr);
  k << int64_t(num_threads());  // (made for a thread count: see find_or_make)
  const std::string& key = k.bytes;
  try {
    bind_library_threads();
    std::shared_ptr<BlockedConv> c;
    {
      std::lock_guard lock(mu);
      auto it = blocked_convs().find(key);
      if (it != blocked_convs().end()) c = it->second;
    }
    if (!c) {
      c = std::make_shared<BlockedConv>();
      using dt = dnnl::memory::data_type;
      using tag = dnnl::memory::format_tag;
      auto any = [](const Shape& s) {
        return dnnl::memory::desc(dnnl::memory::dims(s.begin(), s.end()), dt::f32, tag::any);
      };
      c->plain_src = desc_of(x.shape(), x.strides());
      c->plain_weights = desc_of(ws, wst);
      c->plain_dst = desc_of(out.shape(), out.strides());
      dnnl::memory::dims st{stride[0], stride[1]}, dl{dil[0] - 1, dil[1] - 1}, pd{pad[0], pad[1]};
      auto fwd = dnnl::prop_kind::forward_inference;
      auto alg = dnnl::algorithm::convolution_direct;
      auto d = bias.defined() ? dnnl::convolution_forward::desc(
                                    fwd, alg, any(x.shape()), any(ws),
                                    dnnl::memory::desc({w.shape()[0]}, dt::f32,
                                                       dnnl::memory::dims{bias.strides()[0]}),
                                    any(out.shape()), st, dl, pd, pd)
                              : dnnl::convolution_forward::desc(fwd, alg, any(x.shape()), any(ws),
                                                                any(out.shape()), st, dl, pd, pd);
      dnnl::primitive_attr attr = chain.attr();
      if (residual) {
        dnnl::post_ops po;
        po.append_sum(1.f);
        for (const Epilogue& e : steps.subspan(1)) append_eltwise(po, e);
        attr.set_post_ops(po);
      }
      dnnl::convolution_forward::primitive_desc cpd(d, attr, engine());
      c->prim = dnnl::convolution_forward(cpd);
      c->src = cpd.src_desc();
      c->weights = cpd.weights_desc();
      c->dst = cpd.dst_desc();
      c->scratchpad = cpd.scratchpad_desc();
      if (c->src != c->plain_src)
        c->to_src = std::make_shared<dnnl::reorder>(
            dnnl::reorder::primitive_desc(engine(), c->plain_src, engine(), c->src));
      if (c->dst != c->plain_dst)
        c->from_dst = std::make_shared<dnnl::reorder>(
            dnnl::reorder::primitive_desc(engine(), c->dst, engine(), c->plain_dst));
      if (residual)
        c->to_dst = std::make_shared<dnnl::reorder>(dnnl::reorder::primitive_desc(
            engine(), desc_of(residual->shape(), residual->strides()), engine(), c->dst));
      std::lock_guard lock(mu);
      blocked_convs().emplace(key, c);
    }
    bind_library_threads();
    thread_local dnnl::stream stream(engine());
    // The weights, packed once per weight and version (used as they are when the primitive
    // takes them plain).
    Tensor packed = c->weights == c->plain_weights
                        ? w
                        : packed_weights(w, c->plain_weights, c->weights, /*min_seen=*/1);
    if (!c->to_src && !c->from_dst && !residual &&
        std::none_of(steps.begin(), steps.end(), [](const Epilogue& e) { return e.binary(); })) {
      std::unique_lock use(c->use, std::try_to_lock);
      if (use.owns_lock()) {
        if (!c->scratch.defined()) c->scratch = bytes_for(c->scratchpad);
        const Tensor& scratch = c->scratch;
        if (c->args.empty()) {  // (built whole, then kept: nothing half made if one throws)
          std::unordered_map<int, dnnl::memory> args = {
              {DNNL_ARG_SRC, dnnl::memory(c->plain_src, engine(), x.data_ptr())},
              {DNNL_ARG_WEIGHTS, dnnl::memory(c->weights, engine(), packed.data_ptr())},
              {DNNL_ARG_DST, dnnl::memory(c->plain_dst, engine(), out.data_ptr())},
              {DNNL_ARG_SCRATCHPAD, dnnl::memory(c->scratchpad, engine(), scratch.data_ptr())}};
          if (bias.defined())
            args.emplace(
                DNNL_ARG_BIAS,
                dnnl::memory(dnnl::memory::desc({w.shape()[0]}, dnnl::memory::data_type::f32,
                                                dnnl::memory::dims{bias.strides()[0]}),
                             engine(), bias.data_ptr()));
          std::vector<dnnl_exec_arg_t> exec_args;
          for (const auto& [arg, m] : args) exec_args.push_back({arg, m.get()});
          c->exec_args = std::move(exec_args);
          c->args = std::move(args);
        }
        c->args.at(DNNL_ARG_SRC).set_data_handle(x.data_ptr());
        c->args.at(DNNL_ARG_WEIGHTS).set_data_handle(packed.data_ptr());
        c->args.at(DNNL_ARG_DST).set_data_handle(out.data_ptr());
        c->args.at(DNNL_ARG_SCRATCHPAD).set_data_handle(scratch.data_ptr());
        if (bias.defined()) c->args.at(DNNL_ARG_BIAS).set_data_handle(bias.data_ptr());
        dnnl::error::wrap_c_api(
            dnnl_primitive_execute(c->prim.get(), stream.get(), int(c->exec_args.size()),
                                   c->exec_args.data()),
            "could not execute a blocked convolution");
        stream.wait();
        return true;
      }
    }
    dnnl::memory src(c->plain_src, engine(), x.data_ptr());
    Tensor src_buf, dst_buf;
    if (c->to_src) {
      src_buf = bytes_for(c->src);
      dnnl::memory blocked(c->src, engine(), src_buf.data_ptr());
      c->to_src->execute(stream, src, blocked);
      src = blocked;
    }
    dnnl::memory dst(c->plain_dst, engine(), out.data_ptr());
    dnnl::memory result = dst;
    if (c->from_dst) {
      dst_buf = bytes_for(c->dst);
      result = dnnl::memory(c->dst, engine(), dst_buf.data_ptr());
    }
    Tensor scratch = bytes_for(c->scratchpad);
    std::unordered_map<int, dnnl::memory> args = {
        {DNNL_ARG_SRC, src},
        {DNNL_ARG_WEIGHTS, dnnl::memory(c->weights, engine(), packed.data_ptr())},
        {DNNL_ARG_DST, result},
        {DNNL_ARG_SCRATCHPAD, dnnl::memory(c->scratchpad, engine(), scratch.data_ptr())}};
    if (bias.defined())
      args.emplace(DNNL_ARG_BIAS,
                   dnnl::memory(dnnl::memory::desc({w.shape()[0]}, dnnl::memory::data_type::f32,
                                                   dnnl::memory::dims{bias.strides()[0]}),
                                engine(), bias.data_ptr()));
    if (residual) {  // the output starts as the residual
      dnnl::memory r(desc_of(residual->shape(), residual->strides()), engine(),
                     residual->data_ptr());
      c->to_dst->execute(stream, r, result);
    }
    if (!residual) chain.add_binary_args(args);  // binary operands, plain
    c->prim.execute(stream, args);
    if (c->from_dst) c->from_dst->execute(stream, result, dst);
    stream.wait();
    return true;
  } catch (const dnnl::error& e) {
    logging::get("fusion").info("oneDNN blocked convolution refused ({}); running it otherwise",
                                e.what());
    return false;
  }
}

bool matmul_with_epilogue(const Tensor& a, const Tensor& b, std::span<const Epilogue> steps,
                          std::span<const Tensor> operands, Tensor& out) {
  // Empty operands (a batch of 0): oneDNN's kernels divide by the sizes; eager handles them.
  if (a.numel() == 0 || b.numel() == 0 || out.numel() == 0) return false;
  // [..., M, K] @ [K, N] is one [M', K] @ [K, N] product: fold the batch dims into M (copying a
  // permuted left operand once) rather than running a product of M rows per batch, when the
  // output and every operand fold too.
  if (b.dim() == 2 && a.dim() > 2 && out.dim() == a.dim() && out.is_contiguous()) {
    int64_t K = a.shape().back(), N = out.shape().back();
    std::vector<Tensor> flat_ops;
    bool ok = true;
    for (const Tensor& t : operands) {
      if (t.dim() <= 1 || numel_of(Shape(t.shape().begin(), t.shape().end() - 1)) == 1) {
        flat_ops.push_back(t.dim() <= 1 ? t : t.reshape({1, t.shape().back()}));
      } else if (t.shape() == out.shape() && t.is_contiguous()) {
        flat_ops.push_back(t.view({-1, N}));
      } else {
        ok = false;
        break;
      }
    }
    if (ok) {
      Tensor flat_a = a.is_contiguous() ? a.view({-1, K}) : a.contiguous().view({-1, K});
      Tensor flat_out = out.view({-1, N});
      return matmul_with_epilogue(flat_a, b, steps, flat_ops, flat_out);
    }
  }
  size_t r = size_t(out.dim());
  // Lower-rank operands broadcast over the batch dims ([B, S, K] @ [K, N]: the weights are
  // shared by every batch).
  if (a.dim() > out.dim() || b.dim() > out.dim() || a.dim() < 2 || b.dim() < 2 || r < 2)
    return false;
  for (const Tensor* t : {&a, &b, static_cast<const Tensor*>(&out)})
    if (t->dtype() != DType::Float32) return false;
  for (const Tensor& t : operands)
    if (size_t(t.dim()) > r) return false;
  if (!kiln_takes_rest(steps)) return false;
  Chain chain(onednn_part(steps), operands, r);
  if (!chain.float32()) return false;
  Shape as, ast, bs, bst, os, ost;
  padded(a, r, as, ast);
  padded(b, r, bs, bst);
  padded(out, r, os, ost);
  Key k;
  k << "mm" << as << ast << bs << bst << os << ost;
  chain.append_key(k);
  const std::string& key = k.bytes;
  auto make = [&](const dnnl::primitive_attr& attr) {
    dnnl::matmul::desc md(desc_of(as, ast), desc_of(bs, bst), desc_of(os, ost));
    dnnl::matmul::primitive_desc pd(md, attr, engine());
    return Prim{pd.scratchpad_desc(), dnnl::matmul(pd), {}};
  };
  auto onednn_prefix = [&]() -> bool {
    // 2-D weights that stay the same tensor across calls (a model's, not an activation: its
    // storage is alive again with the same version) are packed once, on the second call, into
    // the layout oneDNN prefers, and kept against a weak reference to their storage.
    // Measured on B3 (AVX-512 host): packed weights make large products faster (0.85 -> 0.93 of
    // sgemm) and matrix-vector products faster on several threads (0.39 -> 0.25 ms), slower on
    // one.
    if (r == 2 && (as[0] >= 16 || num_threads() > 1)) {
      std::string pkey = key + "|packed";
      auto make_packed = [&](const dnnl::primitive_attr& attr) {
        dnnl::memory::desc any(dnnl::memory::dims(bs.begin(), bs.end()),
                               dnnl::memory::data_type::f32, dnnl::memory::format_tag::any);
        dnnl::matmul::desc md(desc_of(as, ast), any, desc_of(os, ost));
        dnnl::matmul::primitive_desc pd(md, attr, engine());
        return Prim{pd.scratchpad_desc(), dnnl::matmul(pd), pd.weights_desc()};
      };
      try {
        std::shared_ptr<Prim> p = find_or_make(pkey, chain, make_packed);
        Tensor packed = packed_weights(b, desc_of(bs, bst), p->weights, /*min_seen=*/2);
        if (packed.defined())
          return run_primitive(
              "matmul", pkey, chain, make_packed,
              {{DNNL_ARG_SRC, mem(as, ast, a)},
               {DNNL_ARG_WEIGHTS, dnnl::memory(p->weights, engine(), packed.data_ptr())},
               {DNNL_ARG_DST, mem(os, ost, out)}});
      } catch (const dnnl::error& e) {
        logging::get("fusion").info("oneDNN packed matmul refused ({}); plain weights", e.what());
      }
    }
    return run_primitive("matmul", key, chain, make,
                         {{DNNL_ARG_SRC, mem(as, ast, a)},
                          {DNNL_ARG_WEIGHTS, mem(bs, bst, b)},
                          {DNNL_ARG_DST, mem(os, ost, out)}});
  };
  auto onednn = [&] { return then_kiln(onednn_prefix(), steps, operands, out); };
  const std::string& mode = config().matmul_kernel;
  if (mode != "auto" && mode != "kiln" && mode != "onednn")
    throw Error(fmt::format("KILN_MATMUL must be auto, kiln or onednn, not '{}'", mode));
  // One row by a weight with unit-stride rows (x @ W^T at batch 1): a matrix-vector product,
  // bound by reading W once, runs as eager's does (gemm::gemv), then the epilogue over the one
  // output row. Either packed product was slower on it (B3 batch 1 compiled, kiln's 1x32 tile
  // over packed panels: 0.78 ms against eager's 0.59 at 1T).
  if (r == 2 && mode != "onednn" && os[0] == 1 && (ost[1] == 1 || os[1] == 1) &&
      gemm::supports(steps) &&
      gemm::gemv(1, os[1], as[1], a.data<float>(), a.strides()[0], a.strides()[1], b.data<float>(),
                 b.strides()[0], b.strides()[1], out.data<float>(), ost[0])) {
    if (!steps.empty()) gemm::apply(steps, operands, out);
    return true;
  }
  // kiln's own product over packed weights, where it takes the whole epilogue: raced against
  // oneDNN's per size class ("auto"), or forced.
  if (r == 2 && mode != "onednn" && (ost[1] == 1 || os[1] == 1) && gemm::supports(steps)) {
    // Size classes as the executor keeps its choices (rows rounded up to a power of two), so a
    // dynamic batch races a few times, not once per size.
    Key rk;
    rk << "mm" << int64_t(std::bit_ceil(uint64_t(os[0]))) << as[1] << os[1] << bst[0] << bst[1]
       << int64_t(num_threads());
    for (const Epilogue& e : steps) rk << int64_t(e.op) << e.alpha << e.beta;
    const std::string& rkey = rk.bytes;
    int choice = mode == "kiln" ? 1 : tuning::choice(rkey);
    if (choice == 0) return onednn();  // (without packing kiln's copy)
    Tensor packed =
        cached_pack(b, "kiln", {}, mode == "kiln" ? 1 : 2, [&] { return gemm::pack(b); });
    if (!packed.defined()) return onednn();
    auto kiln = [&] { gemm::sgemm(a, packed, steps, operands, out); };
    if (choice == 1) {
      kiln();
      return true;
    }
    choice =
        race_and_remember(rkey, kiln, onednn,
                          fmt::format("matmul {}x{} @ {}x{} with {} epilogue steps on {} "
                                      "threads",
                                      os[0], as[1], as[1], os[1], steps.size(), num_threads()));
    // The weights stay packed only for the winner (another size class may pack the other
    // format again if it chooses it).
    forget_pack(b, choice ? "onednn" : "kiln");
    return true;
  }
  // A batch of products ([..., M, K] @ [..., K, N]: attention's q @ k^T and att @ v) through
  // kiln's gemm (gemm::sgemm_batched), raced against oneDNN's batched matmul as above. kiln's
  // generates no code at run time, where oneDNN's generates its kernels on its first run in
  // each process (B4's two such products took 28 of the 37 ms of its first call with a warm
  // disk cache).
  if (r > 2 && mode != "onednn" && (ost[r - 1] == 1 || os[r - 1] == 1) && gemm::supports(steps)) {
    int64_t nbatch = 1;
    for (size_t d = 0; d + 2 < r; ++d) nbatch *= os[d];
    Key rk;
    rk << "bmm" << int64_t(std::bit_ceil(uint64_t(nbatch))) << os[r - 2] << as[r - 1] << os[r - 1]
       << int64_t(ast[r - 1] == 1) << int64_t(bst[r - 1] == 1) << int64_t(num_threads());
    for (const Epilogue& e : steps) rk << int64_t(e.op) << e.alpha << e.beta;
    return kiln_or_onednn(
        rk.bytes, mode == "kiln", [&] { gemm::sgemm_batched(a, b, steps, operands, out); }, onednn,
        [&] {
          return fmt::format(
              "batched matmul {} x [{}x{} @ {}x{}] with {} epilogue steps on {} "
              "threads",
              nbatch, os[r - 2], as[r - 1], as[r - 1], os[r - 1], steps.size(), num_threads());
        });
  }
  return onednn();
}

bool matmul_epilogue(const OpCall& call, std::span<const Epilogue> steps,
                     std::span<const Tensor> operands, Tensor& out) {
  return matmul_with_epilogue(call.in[0], call.in[1], steps, operands, out);
}

namespace {

// ---- a convolution's leading clamp as oneDNN's clip
// oneDNN's clip maps NaN to its lower bound, and a zero equal to a bound to that bound's sign,
// where eager's clamp keeps both (so clamps are not post-ops: kiln applies them after the
// primitive, a pass over the output that cost MobileNetV2 ~7% of its time). A convolution's
// output y = b + sum w * x is never NaN when x, w and b are finite and no partial sum can
// overflow: |every partial sum| <= max|x| * max_o sum |w_o| + max|b|, held below FLT_MAX / 3
// for the rounding of the sums. Nor is it -0 when there is a bias without -0 (a round-to-nearest
// sum is -0 only when every addend is). Where all that holds, and neither bound is -0, clip
// gives eager's clamp bit for bit. The weights' sums are found once per weight version. max|x|
// comes from x's producer where it was a convolution (record_conv_abs_bound: a clip's bounds, or
// the bound carried from layer to layer through projections and residual sums), else from a
// pass over x (read only, just before the convolution reads it: MobileNetV2's first layer).

// Whether t's elements fill one block of memory (any order of dims).
bool dense(const Tensor& t) {
  thread_local std::vector<int64_t> order;  // (reused: this runs on every convolution call)
  order.clear();
  append_dims_by_stride(t.strides(), order);
  int64_t want = 1;
  for (int64_t d : order | std::views::reverse) {
    if (t.shape()[size_t(d)] == 1) continue;
    if (t.strides()[size_t(d)] != want) return false;
    want *= t.shape()[size_t(d)];
  }
  return true;
}

// The largest |v| of n floats as its bits (an infinity's or a NaN's bits where there is one).
uint32_t max_abs_bits(const float* p, int64_t n) {
  std::atomic<uint32_t> all{0};
  parallel_for(n, 1, [&](int64_t b, int64_t e) {
    uint32_t m = 0;
    for (int64_t i = b; i < e; ++i) m = std::max(m, std::bit_cast<uint32_t>(p[i]) & 0x7fffffffu);
    uint32_t seen = all.load();
    while (seen < m && !all.compare_exchange_weak(seen, m)) {
    }
  });
  return all.load();
}

// The largest |v| of a float32 bias and whether it holds a -0 (0 and false without one); NaN
// where it holds a NaN or an infinity. Read per call (a bias may be computed into a reused
// buffer), through a pointer: element accessors in this loop cost a 960-channel depthwise
// convolution 14 us of its 28.
double bias_abs_max(const Tensor& bias, bool& neg_zero) {
  neg_zero = false;
  if (!bias.defined()) return 0;
  if (bias.dtype() != DType::Float32) return NAN;
  Tensor copy = bias.is_contiguous() ? Tensor() : bias.contiguous();
  const Tensor& b = copy.defined() ? copy : bias;
  const uint32_t* bp = static_cast<const uint32_t*>(b.data_ptr());
  uint32_t babs = 0, nz = 0;  // (on the bits, so that the loop vectorizes)
  for (int64_t i = 0, n = b.numel(); i < n; ++i) {
    babs = std::max(babs, bp[i] & 0x7fffffffu);
    nz |= bp[i] == 0x80000000u;
  }
  neg_zero = nz;
  return babs >= 0x7f800000u ? NAN : double(std::bit_cast<float>(babs));
}

// Partial sums held below this stay finite through the rounding of the sums.
constexpr double kFiniteLimit = double(std::numeric_limits<float>::max()) / 3;
// Bounds recorded on results stay far below that: a result bounded by the exact sums can be
// computed larger (rounding; kiln's Winograd transforms take its inputs and outputs through
// sums 10-100 times the size), and the next layer trusts its input's bound to be finite.
constexpr double kRecordLimit = kFiniteLimit / double(1 << 24);

// A bound on |every partial sum| of conv2d(x, w) + bias given |x| <= xmax: xmax * max_o sum
// |w_o| + max |bias|, NaN where x, w or bias may hold a NaN or an infinity or the bound is not
// below kFiniteLimit (so a finite bound also says the result is finite). The weights' sums are
// found once per weight version.
double conv_abs_bound(double xmax, const Tensor& w, const Tensor& bias, bool& bias_neg_zero) {
  bias_neg_zero = false;
  if (!(xmax < kFiniteLimit) || w.dtype() != DType::Float32 || w.dim() < 1 || w.numel() == 0)
    return NAN;
  // max_o sum |w_o| (infinite when w has a NaN or an infinity)
  auto sums = [&] {
    Tensor wc = w.contiguous();
    const float* p = wc.data<float>();
    int64_t per = wc.numel() / wc.shape()[0];
    double most = 0;
    for (int64_t o = 0, rows = wc.shape()[0]; o < rows; ++o) {
      double sum = 0;
      for (int64_t i = 0; i < per; ++i) sum += std::fabs(double(p[o * per + i]));
      most = std::isfinite(sum) ? std::max(most, sum) : INFINITY;
      if (!std::isfinite(most)) break;
    }
    return full({1}, most, DType::Float64);
  };
  // kept on the weight's own TensorImpl (a model's weights are the same tensors every call),
  // and across its views in the pack cache. (Lock-free, not through cached_pack's memo: that
  // takes the cache's lock, and on bench/step_cost.py's model at 1T the memo made each call
  // 2-5% slower, 4 alternating pairs.)
  TensorImpl* im = w.impl();
  uint64_t version = im->version().load();
  double wsum;
  if (im->abs_sums_version.load(std::memory_order_acquire) == version + 1) {
    wsum = im->abs_sums.load(std::memory_order_relaxed);
  } else {
    Tensor cached = cached_pack(w, "abs-sums", {}, 1, sums);
    wsum = (cached.defined() ? cached : sums()).data<double>()[0];
    im->abs_sums.store(wsum, std::memory_order_relaxed);
    im->abs_sums_version.store(version + 1, std::memory_order_release);
  }
  double bound = xmax * wsum + bias_abs_max(bias, bias_neg_zero);
  return bound < kFiniteLimit ? bound : NAN;  // (NaN stays NaN)
}

// A bound on |v| after `steps` given |v| <= b and no NaN in v, from what clamp, relu and the
// sum or difference with an operand of known bound (abs_bound()) do to it; NaN when unknown.
double steps_abs_bound(double b, std::span<const Epilogue> steps,
                       std::span<const Tensor> operands) {
  for (const Epilogue& e : steps) {
    if (!(b < kFiniteLimit)) return NAN;
    if (e.op == EpiOp::Relu) continue;
    if (e.op == EpiOp::Clamp) {  // min(max(v, lo), hi)
      double lo = double(e.alpha), hi = double(e.beta);
      if (std::isnan(lo) || std::isnan(hi)) return NAN;
      if (hi == -INFINITY || (lo == INFINITY && hi == INFINITY)) return NAN;  // all infinite
      if (lo == INFINITY)                                                     // all hi
        b = std::fabs(hi);
      else if (std::isfinite(lo) && std::isfinite(hi))  // within [lo, hi] (or all hi)
        b = std::max(std::fabs(lo), std::fabs(hi));
      else  // one side open: v itself or the finite bound
        b = std::max(
            {b, std::isfinite(lo) ? std::fabs(lo) : 0., std::isfinite(hi) ? std::fabs(hi) : 0.});
      continue;
    }
    if (e.op != EpiOp::Add && e.op != EpiOp::Sub) return NAN;
    b += double(abs_bound(operands[size_t(e.operand)]));  // (NaN when not known)
  }
  return b < kFiniteLimit ? b : NAN;
}

// Whether a convolution's leading clamp can run as oneDNN's clip (see above). `xmax`: a bound
// on |x| (abs_bound(x)), found by a pass over x when NaN and the rest allows a clip.
bool clamp_as_clip(const Tensor& x, const Tensor& w, const Tensor& bias,
                   std::span<const Epilogue> steps, float& xmax) {
  if (steps.empty() || steps[0].op != EpiOp::Clamp || !bias.defined()) return false;
  const Epilogue& c = steps[0];
  auto negative_zero = [](float v) { return v == 0.f && std::signbit(v); };
  if (std::isnan(c.alpha) || std::isnan(c.beta) || negative_zero(c.alpha) || negative_zero(c.beta))
    return false;
  for (const Tensor* t : {&x, &w, &bias})
    if (t->dtype() != DType::Float32) return false;
  if (w.dim() < 1 || w.numel() == 0 || !dense(x)) return false;
  // max|x|: known when a kernel recorded it, else a pass over x (a NaN or an infinity there
  // makes the bound NaN or infinite, which fails the test)
  if (std::isnan(xmax)) xmax = std::bit_cast<float>(max_abs_bits(x.data<float>(), x.numel()));
  bool bias_neg_zero = false;
  double bound = conv_abs_bound(xmax, w, bias, bias_neg_zero);
  return std::isfinite(bound) && !bias_neg_zero;  // (a -0 in the bias: not exact)
}

}  // namespace

void record_conv_abs_bound(float xmax, const Tensor& w, const Tensor& bias,
                           std::span<const Epilogue> steps, std::span<const Tensor> operands,
                           const Tensor& out) {
  bool bias_neg_zero = false;
  double b = std::isnan(xmax) || out.dtype() != DType::Float32
                 ? NAN
                 : steps_abs_bound(conv_abs_bound(xmax, w, bias, bias_neg_zero), steps, operands);
  if (!(b < kRecordLimit)) b = NAN;
  float f = float(b);
  if (double(f) < b) f = std::nextafter(f, INFINITY);  // (never below the bound)
  set_abs_bound(out, f);
}

namespace {

// conv2d with its epilogue through oneDNN: its blocked-layout kernels, else its primitive on
// plain layouts.
// `xmax`: as clamp_as_clip()'s.
bool conv2d_onednn(const OpCall& call, std::span<const Epilogue> all_steps,
                   std::span<const Tensor> operands, Tensor& out, float& xmax) {
  if (!kiln_takes_rest(all_steps)) return false;
  const Tensor& x = call.in[0];
  const Tensor& w = call.in[1];
  bool has_bias = call.has_input(2);
  // A leading clamp (ReLU6's) as oneDNN's clip where it is exact, with the steps after it up
  // to the next clamp.
  size_t clip = clamp_as_clip(x, w, has_bias ? call.in[2] : Tensor(), all_steps, xmax) ? 1 : 0;
  std::span<const Epilogue> steps =
      all_steps.first(clip + onednn_part(all_steps.subspan(clip)).size());
  auto done = [&](bool ran) { return then_kiln(ran, all_steps, operands, out, steps.size()); };
  if (conv2d_blocked(x, w, has_bias ? call.in[2] : Tensor(), call.attrs.ints(0), call.attrs.ints(1),
                     call.attrs.ints(2), call.attrs.i(3), steps, operands, out))
    return done(true);
  if (x.dim() != 4 || w.dim() != 4 || out.dim() != 4) return false;
  if (x.numel() == 0 || w.numel() == 0 || out.numel() == 0) return false;
  for (const Tensor* t : {&x, &w, static_cast<const Tensor*>(&out)})
    if (t->dtype() != DType::Float32) return false;
  if (has_bias && (call.in[2].dtype() != DType::Float32 || call.in[2].dim() != 1)) return false;
  for (const Tensor& t : operands)
    if (t.dim() > 4) return false;
  Chain chain(steps, operands, 4);
  if (!chain.float32()) return false;
  const Shape& stride = call.attrs.ints(0);
  const Shape& pad = call.attrs.ints(1);
  const Shape& dil = call.attrs.ints(2);
  int64_t groups = call.attrs.i(3);
  if (stride.size() != 2 || pad.size() != 2 || dil.size() != 2 || groups < 1) return false;
  Shape xs, xst, os, ost;
  padded(x, 4, xs, xst);
  padded(out, 4, os, ost);
  // Weights: [O, C/g, kh, kw], or grouped [g, O/g, C/g, kh, kw].
  Shape ws = w.shape(), wst = w.strides();
  if (groups > 1) {
    ws = {groups, w.shape()[0] / groups, w.shape()[1], w.shape()[2], w.shape()[3]};
    wst = {w.strides()[0] * (w.shape()[0] / groups), w.strides()[0], w.strides()[1], w.strides()[2],
           w.strides()[3]};
  }
  int64_t bias_stride = has_bias ? call.in[2].strides()[0] : 0;
  Key k;
  k << "conv" << xs << xst << ws << wst << os << ost << stride << pad << dil << int64_t(has_bias)
    << bias_stride;
  chain.append_key(k);
  const std::string& key = k.bytes;
  dnnl::memory::desc bias_desc({w.shape()[0]}, dnnl::memory::data_type::f32,
                               dnnl::memory::dims{bias_stride});
  auto make = [&](const dnnl::primitive_attr& attr) {
    dnnl::memory::dims st{stride[0], stride[1]}, dl{dil[0] - 1, dil[1] - 1}, pd{pad[0], pad[1]};
    auto fwd = dnnl::prop_kind::forward_inference;
    auto alg = dnnl::algorithm::convolution_direct;
    auto d = has_bias
                 ? dnnl::convolution_forward::desc(fwd, alg, desc_of(xs, xst), desc_of(ws, wst),
                                                   bias_desc, desc_of(os, ost), st, dl, pd, pd)
                 : dnnl::convolution_forward::desc(fwd, alg, desc_of(xs, xst), desc_of(ws, wst),
                                                   desc_of(os, ost), st, dl, pd, pd);
    dnnl::convolution_forward::primitive_desc cpd(d, attr, engine());
    return Prim{cpd.scratchpad_desc(), dnnl::convolution_forward(cpd), {}};
  };
  std::unordered_map<int, dnnl::memory> args = {{DNNL_ARG_SRC, mem(xs, xst, x)},
                                                {DNNL_ARG_WEIGHTS, mem(ws, wst, w)},
                                                {DNNL_ARG_DST, mem(os, ost, out)}};
  if (has_bias)
    args.emplace(DNNL_ARG_BIAS, dnnl::memory(bias_desc, engine(), call.in[2].data_ptr()));
  return done(run_primitive("convolution", key, chain, make, std::move(args)));
}

}  // namespace

const std::string& conv_kernel_mode() {
  const std::string& mode = config().conv_kernel;
  if (mode != "auto" && mode != "kiln" && mode != "onednn")
    throw Error(fmt::format("KILN_CONV must be auto, kiln or onednn, not '{}'", mode));
  return mode;
}

bool conv2d_kiln(const Tensor& x, const Tensor& w, const Tensor& bias, const Shape& stride,
                 const Shape& pad, const Shape& dil, int64_t groups,
                 std::span<const Epilogue> steps, std::span<const Tensor> operands, Tensor& out,
                 bool taken) {
  if (!taken && !conv::takes(x, w, bias, stride, pad, dil, groups, steps, operands, out))
    return false;
  Tensor prepared;
  if (const char* form = conv::packing(x, w, stride, pad, dil, groups, out))
    prepared = cached_pack(w, form, {}, 1,
                           [&] { return conv::prepare(x, w, stride, pad, dil, groups, out); });
  conv::run(x, w, prepared, bias, stride, pad, dil, groups, steps, operands, out);
  return true;
}

bool conv2d_epilogue(const OpCall& call, std::span<const Epilogue> steps,
                     std::span<const Tensor> operands, Tensor& out) {
  const Tensor& x = call.in[0];
  const Tensor& w = call.in[1];
  Tensor bias = call.has_input(2) ? call.in[2] : Tensor();
  const Shape& stride = call.attrs.ints(0);
  const Shape& pad = call.attrs.ints(1);
  const Shape& dil = call.attrs.ints(2);
  int64_t groups = call.attrs.i(3);
  float xmax = abs_bound(x);  // (found by clamp_as_clip's pass where that runs)
  // The result's bound, for the next convolution's clamp_as_clip(): recorded whichever path ran.
  auto ran = [&](bool ok) {
    if (ok) record_conv_abs_bound(xmax, w, bias, steps, operands, out);
    return ok;
  };
  auto onednn = [&] { return conv2d_onednn(call, steps, operands, out, xmax); };
  const std::string& mode = conv_kernel_mode();
  if (mode == "onednn" || !conv::takes(x, w, bias, stride, pad, dil, groups, steps, operands, out))
    return ran(onednn());
  auto kiln = [&] {
    conv2d_kiln(x, w, bias, stride, pad, dil, groups, steps, operands, out, /*taken=*/true);
  };
  // kiln's kernel against oneDNN's, per exact shapes, layouts, epilogue and
  // thread count.
  // (a per-thread key, its buffer reused: neither path builds another while it is in use)
  thread_local Key rk;
  rk.bytes.clear();
  rk << "conv" << x.shape() << x.strides() << w.shape() << out.strides() << stride << pad << dil
     << groups << int64_t(bias.defined()) << int64_t(num_threads()) << int64_t(steps.size());
  for (const Epilogue& e : steps) {
    rk << int64_t(e.op) << e.alpha << e.beta;
    if (e.binary())
      rk << operands[size_t(e.operand)].shape() << operands[size_t(e.operand)].strides();
  }
  const std::string& rkey = rk.bytes;
  return ran(kiln_or_onednn(rkey, mode == "kiln", kiln, onednn, [&] {
    return fmt::format(
        "conv2d [{}] * [{}] (stride {}, groups {}) with {} epilogue steps on {} "
        "threads",
        fmt::join(x.shape(), ", "), fmt::join(w.shape(), ", "), fmt::join(stride, ","), groups,
        steps.size(), num_threads());
  }));
}

}  // namespace kiln
