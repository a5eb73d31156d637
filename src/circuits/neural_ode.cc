#include "neuralcrn/circuits/neural_ode.h"

#include <cmath>

#include <fmt/format.h>

#include "neuralcrn/core/error.h"

namespace ncrn {

std::string ToString(BlockRole r) {
  switch (r) {
    case BlockRole::kState:
      return "state";
    case BlockRole::kInput:
      return "input";
    case BlockRole::kParameter:
      return "parameter";
    case BlockRole::kConstant:
      return "constant";
  }
  return "?";
}

PolyMatrix NeuralOde::AddBlock(std::string_view name, BlockRole role, int rows, int cols,
                               bool nonnegative) {
  if (Has(name)) throw InputError(fmt::format("block '{}' declared twice", name));
  PolyMatrix m = rows == 1 && cols == 1 ? PolyMatrix::ScalarVariable(variables, name, nonnegative)
                 : cols == 1
                     ? PolyMatrix::VectorVariables(variables, name, rows, nonnegative)
                     : PolyMatrix::MatrixVariables(variables, name, rows, cols, nonnegative);
  VariableBlock b{std::string(name), role, rows, cols, nonnegative, {}};
  for (const Polynomial& p : m.elements()) b.vars.push_back(*AsVariable(p));
  blocks.push_back(std::move(b));
  return m;
}

bool NeuralOde::Has(std::string_view name) const {
  for (const VariableBlock& b : blocks) {
    if (b.name == name) return true;
  }
  return false;
}

const VariableBlock& NeuralOde::block(std::string_view name) const {
  for (const VariableBlock& b : blocks) {
    if (b.name == name) return b;
  }
  throw InputError(fmt::format("model '{}' has no block '{}'", this->name, name));
}

namespace {
const VariableBlock& ByRole(const NeuralOde& m, BlockRole role) {
  for (const VariableBlock& b : m.blocks) {
    if (b.role == role) return b;
  }
  throw InputError(fmt::format("model '{}' has no {} block", m.name, ToString(role)));
}
}  // namespace

const VariableBlock& NeuralOde::state() const { return ByRole(*this, BlockRole::kState); }
const VariableBlock& NeuralOde::input() const { return ByRole(*this, BlockRole::kInput); }

std::pair<int, int> NeuralOde::Locate(VarId v) const {
  for (int b = 0; b < static_cast<int>(blocks.size()); ++b) {
    for (int k = 0; k < blocks[b].size(); ++k) {
      if (blocks[b].vars[k] == v) return {b, k};
    }
  }
  return {-1, -1};
}

std::vector<const VariableBlock*> NeuralOde::Parameters() const {
  std::vector<const VariableBlock*> out;
  for (const VariableBlock& b : blocks) {
    if (b.role == BlockRole::kParameter) out.push_back(&b);
  }
  return out;
}

std::vector<double> NeuralOde::Lift(std::span<const double> in) const {
  if (static_cast<int>(in.size()) != features) {
    throw InputError(
        fmt::format("model '{}' expects {} input features, got {}", name, features, in.size()));
  }
  std::vector<double> x(in.begin(), in.end());
  x.resize(dims(), augment_value);
  return x;
}

void NeuralOde::Validate() const {
  const int d = dims();
  if (f.cols() != 1) throw InputError(fmt::format("f must be a column, got {}", f.ShapeString()));
  if (state().size() != d) {
    throw InputError(fmt::format("state block has {} entries, f has {}", state().size(), d));
  }
  if (Has(input().name) && input().size() != d) {
    throw InputError(fmt::format("input block has {} entries, f has {}", input().size(), d));
  }
  if (features < 1 || features > d) {
    throw InputError(fmt::format("features = {} must be in 1..{}", features, d));
  }
  for (const Polynomial& p : f.elements()) {
    for (const Monomial& m : p.terms()) {
      for (const auto& [v, pw] : m.powers) {
        if (Locate(v).first < 0) {
          throw InputError(
              fmt::format("f uses variable '{}' that belongs to no block", variables.var(v).name));
        }
      }
    }
  }
}

std::string ToString(ModelKind k) {
  switch (k) {
    case ModelKind::kLinear:
      return "linear";
    case ModelKind::kMinimal:
      return "minimal";
    case ModelKind::kMinimalPositive:
      return "minimal-positive";
    case ModelKind::kNonlinear:
      return "nonlinear";
  }
  return "?";
}

ModelKind ModelKindFromString(std::string_view s) {
  for (ModelKind k : {ModelKind::kLinear, ModelKind::kMinimal, ModelKind::kMinimalPositive,
                      ModelKind::kNonlinear}) {
    if (s == ToString(k)) return k;
  }
  throw InputError(fmt::format(
      "unknown model '{}' (accepted: linear, minimal, minimal-positive, nonlinear)", s));
}

void ModelOptions::Validate() const {
  if (features < 1 || features > 64) {
    throw InputError(fmt::format("features = {} must be in 1..64", features));
  }
  if (augment < 0 || features + augment > 64) {
    throw InputError(
        fmt::format("augment = {} must be >= 0 with features + augment <= 64", augment));
  }
  if (augment > 0 && kind != ModelKind::kNonlinear) {
    throw InputError(
        fmt::format("augmentation applies to the nonlinear model only (model {})", ToString(kind)));
  }
  for (double v : {augment_value, h, beta}) {
    if (!std::isfinite(v)) throw InputError("model constants must be finite");
  }
  if (kind == ModelKind::kNonlinear && h < 0) {
    throw InputError(fmt::format("h = {} must be >= 0", h));
  }
}

NeuralOde MakeModel(const ModelOptions& o) {
  o.Validate();
  NeuralOde m;
  m.name = ToString(o.kind);
  m.features = o.features;
  const int d = o.features + o.augment;
  m.augment_value = o.augment_value;
  switch (o.kind) {
    case ModelKind::kLinear: {
      const PolyMatrix z = m.AddBlock("Z", BlockRole::kState, d);
      m.AddBlock("X", BlockRole::kInput, d);
      const PolyMatrix p = m.AddBlock("P", BlockRole::kParameter, d, d);
      m.f = p * z;
      break;
    }
    case ModelKind::kMinimal:
    case ModelKind::kMinimalPositive: {
      const bool pos = o.kind == ModelKind::kMinimalPositive;
      m.AddBlock("Z", BlockRole::kState, d, 1, pos);
      const PolyMatrix x = m.AddBlock("X", BlockRole::kInput, d, 1, pos);
      const PolyMatrix p = m.AddBlock("P", BlockRole::kParameter, d, 1, pos);
      m.f = Hadamard(p, x);
      if (o.minimal_bias && !pos) {
        const PolyMatrix h = m.AddBlock("H", BlockRole::kConstant, d);
        m.f = m.f + h;
        m.defaults["H"] = std::vector<double>(d, o.h);
      }
      break;
    }
    case ModelKind::kNonlinear: {
      const PolyMatrix z = m.AddBlock("Z", BlockRole::kState, d);
      const PolyMatrix x = m.AddBlock("X", BlockRole::kInput, d);
      const PolyMatrix p = m.AddBlock("P", BlockRole::kParameter, d, d);
      const PolyMatrix b = m.AddBlock("B", BlockRole::kParameter, d);
      const PolyMatrix h = m.AddBlock("H", BlockRole::kConstant, o.scalar_h ? 1 : d);
      m.f = h + Hadamard(p * x + b, z) - Hadamard(z, z);
      m.defaults["B"] = std::vector<double>(d, o.beta);
      m.defaults["H"] = std::vector<double>(o.scalar_h ? 1 : d, o.h);
      break;
    }
  }
  m.Validate();
  return m;
}

}  // namespace ncrn
