#include "frontend/dispatch.h"

#include <fmt/format.h>

#include "frontend/autograd.h"
#include "frontend/trace.h"
#include "kiln/ops.h"
#include "runtime/tensor_impl.h"

namespace kiln::frontend {

namespace {
// Whether a result of `shape` is allocated channels-last: it follows a channels-last input, as
// PyTorch's memory formats do (OpDef::keeps_channels_last).
bool channels_last_like(const ir::OpDef& def, std::span<const Tensor> in, const Shape& shape) {
  if (shape.size() != 4 || in.empty()) return false;
  if (def.keeps_channels_last) return is_channels_last(in[0]);
  if (def.cls != ir::OpClass::Pointwise) return false;
  for (const Tensor& t : in)
    if (t.defined() && t.shape() == shape) return is_channels_last(t);
  return false;
}
}  // namespace

std::vector<Tensor> run(const ir::OpDef& def, std::span<const Tensor> inputs, Attrs attrs,
                        Loc loc) {
  return run_in(current_tracer(), def, inputs, std::move(attrs), loc);
}

std::vector<Tensor> run_in(Tracer* tracer, const ir::OpDef& def, std::span<const Tensor> inputs,
                           Attrs attrs, Loc loc) {
  int n = int(inputs.size());
  if (n < def.min_inputs || (def.max_inputs >= 0 && n > def.max_inputs)) {
    std::string want = def.max_inputs < 0 ? fmt::format("at least {}", def.min_inputs)
                       : def.min_inputs == def.max_inputs
                           ? fmt::format("{}", def.min_inputs)
                           : fmt::format("{} to {}", def.min_inputs, def.max_inputs);
    throw Error(fmt::format("{}: takes {} inputs, got {}", def.name, want, n), loc);
  }
  for (int i = 0; i < n; ++i)
    if (!inputs[i].defined() && i < def.min_inputs)
      throw Error(fmt::format("{}: input {} is undefined", def.name, i), loc);
  if (attrs.values.size() > def.attrs.size())
    throw Error(fmt::format("{}: takes {} attributes, got {}", def.name, def.attrs.size(),
                            attrs.values.size()),
                loc);
  for (size_t i = attrs.values.size(); i < def.attrs.size(); ++i)
    attrs.values.push_back(def.attrs[i].default_value);
  bool track = autograd::needs_grad(def, inputs);
  // Kernels and view builders get handles without history (their own Tensor calls must not
  // record backward nodes or route back here).
  std::vector<Tensor> plain;
  if (track && !tracer)
    for (const Tensor& t : inputs) plain.push_back(plain_alias(t));
  std::span<const Tensor> args = track && !tracer ? std::span<const Tensor>(plain) : inputs;
  std::vector<Tensor> out;
  if (tracer) {
    out = tracer->record(def, inputs, track ? attrs : std::move(attrs), loc);
  } else if (def.view) {
    OpCall call{def.name, args, attrs, loc};
    out.push_back(def.view(call));
    if (track) out[0] = alias_of(out[0]);  // never the input's own handle
  } else {
    OpCall call{def.name, args, attrs, loc};
    std::vector<ir::TensorMeta> metas = def.infer(call);
    out.reserve(metas.size());
    for (auto& m : metas)
      out.push_back(channels_last_like(def, args, m.shape) ? empty_channels_last(m.shape, m.dtype)
                                                           : empty_tensor(m.shape, m.dtype));
    def.kernel(call, out);
  }
  if (track) autograd::record(def, inputs, attrs, out, loc);
  return out;
}

Tensor run1(const ir::OpDef& def, std::span<const Tensor> inputs, Attrs attrs, Loc loc) {
  return std::move(run(def, inputs, std::move(attrs), loc)[0]);
}

}  // namespace kiln::frontend

namespace kiln {

namespace {
AttrValue to_attr_value(const OpAttr& a) {
  return std::visit([](const auto& v) -> AttrValue { return v; }, a);
}

// call_op is lenient where C++ literals are ambiguous: an integer for a float or scalar
// attribute, a number or bool for a scalar one, a single integer for a list.
AttrValue coerce(ir::AttrKind kind, AttrValue v) {
  using K = ir::AttrKind;
  if (kind == K::Float && std::holds_alternative<int64_t>(v)) return double(std::get<int64_t>(v));
  if (kind == K::Ints && std::holds_alternative<int64_t>(v)) return Shape{std::get<int64_t>(v)};
  if (kind == K::Scalar) {
    if (auto* i = std::get_if<int64_t>(&v)) return Scalar(*i);
    if (auto* d = std::get_if<double>(&v)) return Scalar(*d);
    if (auto* b = std::get_if<bool>(&v)) return Scalar(*b);
  }
  return v;
}
}  // namespace

std::vector<Tensor> call_op(const std::string& op, const std::vector<Tensor>& inputs,
                            const std::vector<std::pair<std::string, OpAttr>>& attrs, Loc loc) {
  const ir::OpDef* def = nullptr;
  try {
    def = &ir::op_def(op);
  } catch (const Error& e) {
    throw Error(e.message(), loc);
  }
  Attrs a;
  for (const auto& spec : def->attrs) a.values.push_back(spec.default_value);
  for (const auto& [name, value] : attrs) {
    int k = ir::attr_index(*def, name);
    if (k < 0) throw Error(fmt::format("{}: has no attribute '{}'", op, name), loc);
    AttrValue v = coerce(def->attrs[k].kind, to_attr_value(value));
    if (!ir::attr_fits(def->attrs[k].kind, v))
      throw Error(fmt::format("{}: attribute '{}' has the wrong kind of value", op, name), loc);
    a.values[k] = std::move(v);
  }
  for (size_t k = 0; k < def->attrs.size(); ++k)
    if (!a.has(k) && !def->attrs[k].optional)
      throw Error(fmt::format("{}: attribute '{}' is required", op, def->attrs[k].name), loc);
  return frontend::run(*def, inputs, std::move(a), loc);
}

std::vector<std::string> op_names() {
  std::vector<std::string> names;
  for (const ir::OpDef* d : ir::all_ops()) names.emplace_back(d->name);
  return names;
}

}  // namespace kiln
