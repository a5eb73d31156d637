#pragma once
// The dual-rail arithmetic CRNs of the paper's Table 2 (adapted from CRN++-style designs):
// y = a + b, y = a - b, y = a * b with a, b, y real, read out at steady state as
// y = [Y+]_ss - [Y-]_ss.
//
// kDegradation (default; the paper's form): the inputs are catalysts and the output decays,
//   add:      A^s -> A^s + Y^s,   B^s -> B^s + Y^s,   Y^s -> 0          (6 reactions)
//   subtract: A^s -> A^s + Y^s,   B^s -> B^s + Y^-s,  Y^s -> 0          (6)
//   multiply: A^s + B^t -> A^s + B^t + Y^(st),        Y^s -> 0          (6)
//   All at `rate`: y(t) = y_ss (1 - e^(-rate t)) from Y = 0, with y_ss = a+b, a-b, a*b. The inputs
//   are unchanged, so the readout follows them if they change.
// kConversion: the inputs are consumed (A^s -> Y^s, B^s -> Y^(+-s)), no decay; y_ss is the same
//   for add and subtract (the rails of A and B end up in Y). Multiplication has no conversion
//   form (InputError).
// Optional annihilation Y+ + Y- -> 0 keeps the output rails small without changing y_ss.
#include <span>
#include <string>
#include <string_view>

#include "neuralcrn/compile/compiler.h"
#include "neuralcrn/core/crn.h"

namespace ncrn {

enum class ArithmeticOp { kAdd, kSubtract, kMultiply };
std::string ToString(ArithmeticOp op);  // "add" | "subtract" | "multiply"
ArithmeticOp ArithmeticOpFromString(std::string_view s);

enum class ArithmeticStyle { kDegradation, kConversion };

struct ArithmeticOptions {
  ArithmeticStyle style = ArithmeticStyle::kDegradation;
  // Rate constant of every production/conversion and decay reaction (> 0, default 1): sets the
  // time scale 1/rate of convergence to the steady state.
  double rate = 1.0;
  // Rate of Y+ + Y- -> 0; 0 = none (default).
  double annihilation_rate = 0.0;
  // Variable names: species are name+"p" / name+"m".
  std::string a_name = "a", b_name = "b", y_name = "y";
  void Validate(ArithmeticOp op) const;  // throws InputError
};

struct ArithmeticCrn {
  Crn crn;  // initial state: A, B loaded from a, b (dual rail), Y = 0
  RailMap a, b, y;
  // y = [Y+] - [Y-] in a CRN state.
  double Read(std::span<const double> state) const;
};

// Builds the network for y = a op b with the inputs loaded as initial concentrations.
ArithmeticCrn MakeArithmeticCrn(ArithmeticOp op, double a, double b,
                                const ArithmeticOptions& options = {});
inline ArithmeticCrn CrnAdd(double a, double b, const ArithmeticOptions& o = {}) {
  return MakeArithmeticCrn(ArithmeticOp::kAdd, a, b, o);
}
inline ArithmeticCrn CrnSubtract(double a, double b, const ArithmeticOptions& o = {}) {
  return MakeArithmeticCrn(ArithmeticOp::kSubtract, a, b, o);
}
inline ArithmeticCrn CrnMultiply(double a, double b, const ArithmeticOptions& o = {}) {
  return MakeArithmeticCrn(ArithmeticOp::kMultiply, a, b, o);
}

// Appends the reactions of y = a op b to an existing network whose dual-rail species a, b, y
// already exist (a, b, y must each have a minus rail).
void AddArithmetic(Crn& crn, ArithmeticOp op, const RailMap& a, const RailMap& b, const RailMap& y,
                   const ArithmeticOptions& options = {});

}  // namespace ncrn
