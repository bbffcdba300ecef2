// kiln/compile.h — kiln::compile: run a function of Tensors once lazily, capture what it does
// as a graph, and replay that graph on later calls whose inputs pass the same guards.
//
//   auto f = kiln::compile([&](const kiln::Tensor& x) { return kiln::softmax(x * 2, -1); });
//   kiln::Tensor y = f(x);        // first call: traced, then run
//   y = f(x2);                    // same dtypes and shapes: replayed, the lambda does not run
//
// Guards: the number of inputs, their dtypes, ranks and shapes (exact; symbolic for dims marked
// with kiln::mark_dynamic, and automatically once a dim has taken a second value), and the
// values of non-tensor arguments (static arguments: numbers, bools, strings). A 0-d tensor
// argument is a runtime input: its value never causes a recompile.
//
// Graph breaks: anything that needs data (item(), printing, data access, an op whose shape
// depends on data) runs the graph traced so far, serves the request eagerly, and tracing
// resumes; results are those of running the function eagerly. Every break and recompile is
// recorded with its reason and the user's source line: kiln::explain() returns them and
// KILN_LOG=breaks=info,recompiles=info prints them.
//
// What the graph captures: tensors the function reads but does not take as arguments (weights)
// are bound by handle — in-place updates are seen, reassigning the variable is not (pass such
// tensors as arguments). Numbers computed inside the function become constants of the graph.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

#include "kiln/tensor.h"

namespace kiln {

struct CompileOptions {
  std::string name = "fn";  // names the graphs and log lines
  bool fullgraph = false;   // a graph break is an error instead
  int recompile_limit = 8;  // past this many recompiles, compile shape-generic graphs
  bool dynamic = false;     // every dim symbolic from the first call
};

// Dim `dim` of `t` may change between calls: graphs keep it symbolic (no recompiles).
void mark_dynamic(const Tensor& t, int64_t dim, Loc loc = Loc::current());

struct ExplainEvent {
  std::string kind;  // "break", "recompile", "dynamic", "generic", "static", "eager"
  std::string fn;    // the compiled function's name
  std::string reason;
  std::string file;
  int line = 0;
};
// Everything recorded so far, oldest first, and the same as text for a person.
std::vector<ExplainEvent> explain_events();
std::string explain();
void reset_explain();

// Per-step times of compiled graphs, recorded while config().profile is on (KILN_PROFILE=1):
// one entry per step of each executed graph — a fused kernel, a matrix product or convolution
// with its epilogue, or an op run eagerly — slowest first.
struct ProfileEntry {
  std::string graph;  // the compiled function's graph
  int group = 0;      // the step's fusion group (`group N` in `kiln ir --explain-fusion`)
  std::string kind;   // "kernel", "epilogue" (a product and its fused ops) or "eager"
  std::string ops;    // the step's ops, "conv2d+add+clamp"
  std::string shape;  // its (first) result's type, "f32[1, 96, 112, 112]"
  int64_t calls = 0;
  double total_ms = 0;
};
std::vector<ProfileEntry> profile_entries();
// The entries as a table: the total per call, time per op kind, then the `top` slowest steps.
std::string profile_report(size_t top = 25);
void reset_profile();

namespace detail {

// Waits until the kernels a first call started compiling in the background are done (tests;
// kiln waits for them at exit).
void wait_for_background_compiles();

// Type-erased core: guards, the cache of captured graphs, tracing and replay.
class CompiledCore {
 public:
  CompiledCore(CompileOptions options, Loc loc);
  ~CompiledCore();
  using Body = std::function<std::vector<Tensor>(const std::vector<Tensor>&)>;
  // body runs the user's function on (lazy) inputs and flattens its result.
  std::vector<Tensor> call(const std::vector<Tensor>& inputs, const std::string& static_key,
                           const Body& body, Loc loc);
  int traces() const;  // how many times the function was traced (tests, explain)

  struct State;

 private:
  std::shared_ptr<State> state_;
};

template <class T>
struct is_tensor : std::is_same<std::decay_t<T>, Tensor> {};
template <class T>
struct is_tensor_list : std::is_same<std::decay_t<T>, std::vector<Tensor>> {};

template <class T>
void add_static(std::string& key, const T& v) {
  using D = std::decay_t<T>;
  if constexpr (std::is_same_v<D, Tensor>) {
    key += "T;";
  } else if constexpr (std::is_same_v<D, std::vector<Tensor>>) {
    key += "V" + std::to_string(v.size()) + ";";
  } else if constexpr (std::is_same_v<D, bool>) {
    key += v ? "b1;" : "b0;";
  } else if constexpr (std::is_arithmetic_v<D>) {
    key += std::to_string(v) + ";";
  } else if constexpr (std::is_convertible_v<D, std::string>) {
    key += "s" + std::to_string(std::string(v).size()) + ":" + std::string(v) + ";";
  } else {
    static_assert(sizeof(D) == 0,
                  "kiln::compile: arguments must be Tensors, numbers, bools or strings");
  }
}

inline void flatten_into(std::vector<Tensor>& out, const Tensor& t) { out.push_back(t); }
inline void flatten_into(std::vector<Tensor>& out, const std::vector<Tensor>& ts) {
  out.insert(out.end(), ts.begin(), ts.end());
}
template <class... T>
void flatten_into(std::vector<Tensor>& out, const std::tuple<T...>& t) {
  std::apply([&](const auto&... x) { (flatten_into(out, x), ...); }, t);
}
template <class A, class B>
void flatten_into(std::vector<Tensor>& out, const std::pair<A, B>& p) {
  flatten_into(out, p.first);
  flatten_into(out, p.second);
}

template <class R>
struct Unflatten;
template <>
struct Unflatten<Tensor> {
  static Tensor get(const std::vector<Tensor>& v, size_t& k) { return v.at(k++); }
};
template <>
struct Unflatten<std::vector<Tensor>> {
  static std::vector<Tensor> get(const std::vector<Tensor>& v, size_t& k) {
    std::vector<Tensor> out(v.begin() + long(k), v.end());
    k = v.size();
    return out;
  }
};
template <class... T>
struct Unflatten<std::tuple<T...>> {
  static std::tuple<T...> get(const std::vector<Tensor>& v, size_t& k) {
    return std::tuple<T...>{Unflatten<T>::get(v, k)...};  // braces: left to right
  }
};
template <class A, class B>
struct Unflatten<std::pair<A, B>> {
  static std::pair<A, B> get(const std::vector<Tensor>& v, size_t& k) {
    A a = Unflatten<A>::get(v, k);
    B b = Unflatten<B>::get(v, k);
    return {std::move(a), std::move(b)};
  }
};

}  // namespace detail

// The compiled function: cheap to copy (copies share one cache) and safe to call from
// several threads at once.
template <class F>
class Compiled {
 public:
  Compiled(F fn, CompileOptions options, Loc loc)
      : fn_(std::make_shared<F>(std::move(fn))),
        core_(std::make_shared<detail::CompiledCore>(std::move(options), loc)) {}

  template <class... Args>
  auto operator()(Args&&... args) const {
    using R = std::decay_t<std::invoke_result_t<F&, Args&...>>;
    std::vector<Tensor> tensors;
    std::string key;
    std::array<size_t, sizeof...(Args) + 1> offsets{};
    size_t k = 0;
    ((offsets[k++] = tensors.size(), collect(tensors, key, args)), ...);
    auto body = [&](const std::vector<Tensor>& in) {
      std::vector<Tensor> out;
      call_with(in, out, offsets, std::index_sequence_for<Args...>{}, args...);
      return out;
    };
    std::vector<Tensor> out = core_->call(tensors, key, body, Loc::current());
    size_t pos = 0;
    return detail::Unflatten<R>::get(out, pos);
  }

  int traces() const { return core_->traces(); }

 private:
  template <class A>
  static void collect(std::vector<Tensor>& ts, std::string& key, const A& a) {
    if constexpr (detail::is_tensor<A>::value) ts.push_back(a);
    if constexpr (detail::is_tensor_list<A>::value) ts.insert(ts.end(), a.begin(), a.end());
    detail::add_static(key, a);
  }
  // The argument as the function sees it: tensors replaced by their lazy stand-ins.
  template <class A>
  static decltype(auto) pick(const std::vector<Tensor>& in, A& a, size_t at) {
    if constexpr (detail::is_tensor<A>::value) {
      return static_cast<const Tensor&>(in[at]);
    } else if constexpr (detail::is_tensor_list<A>::value) {
      return std::vector<Tensor>(in.begin() + long(at), in.begin() + long(at + a.size()));
    } else {
      return (a);
    }
  }
  template <size_t N, size_t... I, class... Args>
  void call_with(const std::vector<Tensor>& in, std::vector<Tensor>& out,
                 const std::array<size_t, N>& offsets, std::index_sequence<I...>,
                 Args&... args) const {
    detail::flatten_into(out, (*fn_)(pick(in, args, offsets[I])...));
  }

  std::shared_ptr<F> fn_;
  std::shared_ptr<detail::CompiledCore> core_;
};

template <class F>
Compiled<F> compile(F fn, CompileOptions options = {}, Loc loc = Loc::current()) {
  return Compiled<F>(std::move(fn), std::move(options), loc);
}

}  // namespace kiln
