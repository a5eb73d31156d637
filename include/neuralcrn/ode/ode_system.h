#pragma once
// A polynomial ODE system dx/dt = p(x). Variables with no equation are constant (parameters,
// inputs); in the compiled CRN they become catalysts.
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "neuralcrn/ode/polynomial.h"

namespace ncrn {

struct OdeVariable {
  std::string name;
  bool nonnegative = false;  // declared >= 0: compiled single-rail where possible
  bool has_equation = false;
  Polynomial rhs;        // dx/dt; zero if !has_equation
  double initial = 0.0;  // initial value (signed)
  // Where the equation was written, as a Where() prefix ("model.ode:3: "); empty for systems
  // built in code. Compile errors about the equation start with it.
  std::string where;
};

class OdeSystem {
 public:
  // Adds a variable or returns the existing one with this name.
  VarId AddVariable(std::string_view name, bool nonnegative = false);
  std::optional<VarId> Find(std::string_view name) const;
  VarId Id(std::string_view name) const;  // throws InputError for unknown names

  // Sets dx/dt; throws InputError if an equation for x was already given.
  void SetEquation(VarId v, Polynomial rhs);
  // Adds to dx/dt (creating the equation if needed).
  void AddToEquation(VarId v, const Polynomial& term);
  void SetInitial(VarId v, double value);

  int size() const { return static_cast<int>(vars_.size()); }
  const OdeVariable& var(VarId v) const { return vars_.at(v); }
  OdeVariable& mutable_var(VarId v) { return vars_.at(v); }  // do not rename through it
  const std::vector<OdeVariable>& variables() const { return vars_; }
  std::vector<std::string> Names() const;

  // dx/dt for every variable at state x (0 for variables without equation).
  std::vector<double> EvaluateRhs(std::span<const double> x) const;

 private:
  std::vector<OdeVariable> vars_;
  std::unordered_map<std::string, VarId> index_;  // name -> id: Find in O(1), not O(n)
};

}  // namespace ncrn
