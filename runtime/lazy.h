// runtime/lazy.h — the seam between Tensor and the frontend (the tracer, frontend/trace.cpp,
// and autograd, frontend/autograd.cpp). Under
// kiln::compile a Tensor may be *lazy*: it has a shape and dtype but no data yet, and stands
// for a value of the graph being traced. Tensor's own methods (views, copies, data access)
// check for that and call these hooks, which the frontend installs; runtime/ itself never
// depends on the tracer.
#pragma once

#include <string_view>

#include "runtime/kernel.h"

namespace kiln {

struct LazyHooks {
  // Runs the view op `op` (a table name) through the op table: on a lazy tensor it is recorded
  // in the graph; on one that requires grad its backward is recorded.
  Tensor (*view)(const Tensor& self, std::string_view op, Attrs attrs, Loc loc);
  // Gives a lazy tensor its data (runs the pending graph): a graph break.
  void (*materialize)(const Tensor& t, std::string_view reason, Loc loc);
  // A user read a lazy tensor's sizes (it may depend on them: no symbolic dims then).
  void (*shape_read)(const Tensor& t);
  // dst.copy_(src) while a tracer is current: records the update as a new value of dst that
  // is written back when the graph runs (functionalization). False: do it eagerly.
  bool (*assign)(Tensor& dst, const Tensor& src, Loc loc);
  // Autograd around dst.copy_(src) when either requires grad: `check` throws for updates
  // autograd cannot follow (a leaf that requires grad, a view); `rebase` makes src's history
  // dst's.
  void (*check_inplace)(const Tensor& dst, const Tensor& src, Loc loc);
  void (*rebase)(Tensor& dst, const Tensor& src, Loc loc);
  // A new handle on a lazy tensor's value, known to its tracer (alias_of of a lazy tensor).
  Tensor (*alias)(const Tensor& lazy);
};

void set_lazy_hooks(const LazyHooks* hooks);
const LazyHooks* lazy_hooks();

bool is_lazy(const Tensor& t);

// While alive, reads of lazy shapes on this thread are kiln's own, not the user's.
class InternalScope {
 public:
  InternalScope();
  ~InternalScope();
  InternalScope(const InternalScope&) = delete;
  InternalScope& operator=(const InternalScope&) = delete;
  static bool active();
};

}  // namespace kiln
