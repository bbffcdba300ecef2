// frontend/nn/module.cpp — Module: parameters, buffers, children, modes, state dicts, repr;
// and the containers (Sequential, ModuleList, ModuleDict).
#include <fmt/format.h>

#include <set>

#include "frontend/autograd.h"
#include "kiln/autograd.h"
#include "kiln/nn.h"
#include "kiln/ops.h"
#include "runtime/tensor_impl.h"

namespace kiln::nn {

Module::Module(std::string type_name) : type_(std::move(type_name)) {}
Module::~Module() = default;

Tensor Module::forward(const Tensor&) {
  throw Error(
      fmt::format("{}: forward(x) is not defined for this module; call its own "
                  "forward with the arguments it takes",
                  type_));
}

namespace {
void check_name(const std::string& type, const std::string& name) {
  if (name.empty() || name.find('.') != std::string::npos)
    throw Error(fmt::format("{}: '{}' is not a valid name (non-empty, without '.')", type, name));
}
}  // namespace

Tensor Module::register_parameter(const std::string& name, Tensor t, bool requires_grad) {
  check_name(type_, name);
  for (auto& [n, _] : params_)
    if (n == name) throw Error(fmt::format("{}: parameter '{}' exists", type_, name));
  if (t.defined()) {
    t = t.is_leaf() ? t : t.detach();
    if (requires_grad) t.requires_grad_();
  }
  params_.emplace_back(name, t);
  return t;
}

Tensor Module::register_buffer(const std::string& name, Tensor t) {
  check_name(type_, name);
  buffers_.emplace_back(name, t);
  return t;
}

void Module::add_child(const std::string& name, std::shared_ptr<Module> m) {
  check_name(type_, name);
  if (!m) throw Error(fmt::format("{}: module '{}' is null", type_, name));
  for (auto& [n, _] : children_)
    if (n == name) throw Error(fmt::format("{}: module '{}' exists", type_, name));
  children_.emplace_back(name, std::move(m));
}

void Module::collect(const std::string& prefix, bool params, bool recurse,
                     NamedTensors& out) const {
  for (const auto& [n, t] : params ? params_ : buffers_)
    if (t.defined()) out.emplace_back(prefix + n, t);
  if (!recurse) return;
  for (const auto& [n, m] : children_) m->collect(prefix + n + ".", params, true, out);
}

NamedTensors Module::named_parameters(bool recurse) const {
  NamedTensors out;
  collect("", true, recurse, out);
  // A tensor shared by two modules (tied weights) is listed once, as in PyTorch.
  std::set<const void*> seen;
  std::erase_if(out, [&](const auto& p) { return !seen.insert(p.second.impl()).second; });
  return out;
}

std::vector<Tensor> Module::parameters(bool recurse) const {
  std::vector<Tensor> out;
  for (auto& [_, t] : named_parameters(recurse)) out.push_back(t);
  return out;
}

NamedTensors Module::named_buffers(bool recurse) const {
  NamedTensors out;
  collect("", false, recurse, out);
  return out;
}

std::vector<std::pair<std::string, std::shared_ptr<Module>>> Module::named_children() const {
  return children_;
}

std::vector<std::pair<std::string, std::shared_ptr<Module>>> Module::named_modules() const {
  std::vector<std::pair<std::string, std::shared_ptr<Module>>> out;
  for (const auto& [n, m] : children_) {
    out.emplace_back(n, m);
    for (auto& [sub, mm] : m->named_modules()) out.emplace_back(n + "." + sub, mm);
  }
  return out;
}

void Module::train(bool on) {
  training_ = on;
  for (auto& [_, m] : children_) m->train(on);
}

void Module::to(DType dtype) {
  NoGradGuard no_grad;
  auto convert = [&](Tensor& t) {
    if (!t.defined() || !is_floating(t.dtype()) || t.dtype() == dtype) return;
    Tensor c = t.detach().to(dtype);
    // Swap the data under the handle, so every copy of it (module members, optimizers) sees
    // the converted tensor.
    TensorImpl& im = *t.impl();
    set_data(im, c);
    im.detach_version_base();
    im.own_version.fetch_add(1);
    if (t.grad().defined()) t.set_grad(t.grad().to(dtype));
  };
  for (auto& [_, t] : params_) convert(t);
  for (auto& [_, t] : buffers_) convert(t);
  for (auto& [_, m] : children_) m->to(dtype);
}

void Module::zero_grad(bool set_to_none) { autograd::zero_grads(parameters(), set_to_none); }

NamedTensors Module::state_dict() const {
  NamedTensors out;
  collect("", true, true, out);
  collect("", false, true, out);
  return out;
}

void Module::load_state_dict(const NamedTensors& state, bool strict, Loc loc) {
  NamedTensors mine = state_dict();
  std::set<std::string> given;
  for (const auto& [n, _] : state) given.insert(n);
  std::vector<std::string> missing, unexpected;
  std::set<std::string> have;
  for (const auto& [n, _] : mine) {
    have.insert(n);
    if (!given.count(n)) missing.push_back(n);
  }
  for (const auto& [n, _] : state)
    if (!have.count(n)) unexpected.push_back(n);
  if (strict && (!missing.empty() || !unexpected.empty()))
    throw Error(fmt::format("load_state_dict ({}): missing keys [{}], unexpected keys [{}]", type_,
                            fmt::join(missing, ", "), fmt::join(unexpected, ", ")),
                loc);
  NoGradGuard no_grad;
  for (auto& [n, t] : mine) {
    auto it = std::find_if(state.begin(), state.end(), [&](const auto& p) { return p.first == n; });
    if (it == state.end()) continue;
    const Tensor& src = it->second;
    if (src.shape() != t.shape())
      throw Error(fmt::format("load_state_dict ({}): '{}' has shape {} in the module but {} in "
                              "the state dict",
                              type_, n, shape_str(t.shape()), shape_str(src.shape())),
                  loc);
    t.copy_(src, loc);
  }
}

void Module::save(const std::string& path) const { save_safetensors(path, state_dict()); }

void Module::load(const std::string& path, bool strict, Loc loc) {
  load_state_dict(load_safetensors(path, loc), strict, loc);
}

void Module::repr(std::string& out, int indent) const {
  out += type_ + "(" + extra_repr();
  if (!children_.empty()) {
    out += "\n";
    for (const auto& [n, m] : children_) {
      out += std::string(size_t(indent + 2), ' ') + "(" + n + "): ";
      m->repr(out, indent + 2);
      out += "\n";
    }
    out += std::string(size_t(indent), ' ');
  }
  out += ")";
}

std::string Module::to_string() const {
  std::string out;
  repr(out, 0);
  return out;
}

// ---------------------------------------------------------------- containers
Sequential::Sequential() : Module("Sequential") {}
Sequential::Sequential(std::initializer_list<std::shared_ptr<Module>> modules)
    : Module("Sequential") {
  for (auto& m : modules) push_back(m);
}
void Sequential::push_back(std::shared_ptr<Module> m) {
  add_child(std::to_string(modules_.size()), m);
  modules_.push_back(std::move(m));
}
Tensor Sequential::forward(const Tensor& x) {
  Tensor h = x;
  for (auto& m : modules_) h = (*m)(h);
  return h;
}
std::shared_ptr<Module> Sequential::operator[](size_t i) const {
  if (i >= modules_.size())
    throw Error(fmt::format("Sequential: index {} out of range ({} modules)", i, modules_.size()));
  return modules_[i];
}

ModuleList::ModuleList() : Module("ModuleList") {}
void ModuleList::push_back(std::shared_ptr<Module> m) {
  add_child(std::to_string(modules_.size()), m);
  modules_.push_back(std::move(m));
}
std::shared_ptr<Module> ModuleList::operator[](size_t i) const {
  if (i >= modules_.size())
    throw Error(fmt::format("ModuleList: index {} out of range ({} modules)", i, modules_.size()));
  return modules_[i];
}

ModuleDict::ModuleDict() : Module("ModuleDict") {}
void ModuleDict::insert(const std::string& key, std::shared_ptr<Module> m) {
  add_child(key, m);
  modules_.emplace_back(key, std::move(m));
}
std::shared_ptr<Module> ModuleDict::operator[](const std::string& key) const {
  for (auto& [k, m] : modules_)
    if (k == key) return m;
  throw Error(fmt::format("ModuleDict: no module named '{}'", key));
}
bool ModuleDict::contains(const std::string& key) const {
  for (auto& [k, _] : modules_)
    if (k == key) return true;
  return false;
}
std::vector<std::string> ModuleDict::keys() const {
  std::vector<std::string> out;
  for (auto& [k, _] : modules_) out.push_back(k);
  return out;
}

}  // namespace kiln::nn
