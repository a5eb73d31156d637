#include "neuralcrn/ode/ode_system.h"

#include <algorithm>
#include <cmath>

#include <fmt/format.h>

#include "neuralcrn/core/error.h"

namespace ncrn {

VarId OdeSystem::AddVariable(std::string_view name, bool nonnegative) {
  if (auto id = Find(name)) {
    vars_[*id].nonnegative = vars_[*id].nonnegative || nonnegative;
    return *id;
  }
  vars_.push_back({std::string(name), nonnegative, false, {}, 0.0});
  index_.emplace(vars_.back().name, size() - 1);
  return size() - 1;
}

std::optional<VarId> OdeSystem::Find(std::string_view name) const {
  auto it = index_.find(std::string(name));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

VarId OdeSystem::Id(std::string_view name) const {
  if (auto id = Find(name)) return *id;
  throw InputError(fmt::format("unknown variable '{}'", name));
}

void OdeSystem::SetEquation(VarId v, Polynomial rhs) {
  OdeVariable& var = vars_.at(v);
  if (var.has_equation) {
    throw InputError(fmt::format("variable '{}' already has an equation", var.name));
  }
  var.has_equation = true;
  var.rhs = std::move(rhs);
}

void OdeSystem::AddToEquation(VarId v, const Polynomial& term) {
  OdeVariable& var = vars_.at(v);
  var.has_equation = true;
  var.rhs += term;
}

void OdeSystem::SetInitial(VarId v, double value) {
  if (!std::isfinite(value)) {
    throw InputError(fmt::format("initial value of '{}' must be finite", vars_.at(v).name));
  }
  vars_.at(v).initial = value;
}

std::vector<std::string> OdeSystem::Names() const {
  std::vector<std::string> n;
  for (const OdeVariable& v : vars_) n.push_back(v.name);
  return n;
}

std::vector<double> OdeSystem::EvaluateRhs(std::span<const double> x) const {
  std::vector<double> dx(vars_.size(), 0.0);
  for (std::size_t i = 0; i < vars_.size(); ++i) {
    if (vars_[i].has_equation) dx[i] = vars_[i].rhs.Evaluate(x);
  }
  return dx;
}

}  // namespace ncrn
