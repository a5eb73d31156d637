#include "neuralcrn/compile/arithmetic.h"

#include <cmath>

#include <fmt/format.h>

#include "neuralcrn/core/dual_rail.h"
#include "neuralcrn/core/error.h"

namespace ncrn {

std::string ToString(ArithmeticOp op) {
  switch (op) {
    case ArithmeticOp::kAdd:
      return "add";
    case ArithmeticOp::kSubtract:
      return "subtract";
    case ArithmeticOp::kMultiply:
      return "multiply";
  }
  return "?";
}

ArithmeticOp ArithmeticOpFromString(std::string_view s) {
  if (s == "add") return ArithmeticOp::kAdd;
  if (s == "subtract") return ArithmeticOp::kSubtract;
  if (s == "multiply") return ArithmeticOp::kMultiply;
  throw InputError(
      fmt::format("unknown arithmetic operation '{}': expected add, subtract or multiply", s));
}

void ArithmeticOptions::Validate(ArithmeticOp op) const {
  if (!std::isfinite(rate) || rate <= 0) {
    throw InputError(fmt::format("arithmetic CRN rate must be finite and > 0, got {}", rate));
  }
  if (!std::isfinite(annihilation_rate) || annihilation_rate < 0) {
    throw InputError(
        fmt::format("annihilation rate must be finite and >= 0, got {}", annihilation_rate));
  }
  if (op == ArithmeticOp::kMultiply && style == ArithmeticStyle::kConversion) {
    throw InputError("multiplication has no conversion form: use the degradation style");
  }
}

double ArithmeticCrn::Read(std::span<const double> state) const {
  return state[y.plus] - state[*y.minus];
}

void AddArithmetic(Crn& crn, ArithmeticOp op, const RailMap& a, const RailMap& b, const RailMap& y,
                   const ArithmeticOptions& o) {
  o.Validate(op);
  if (!a.minus || !b.minus || !y.minus) throw InputError("arithmetic CRNs need dual-rail a, b, y");
  const double k = o.rate;
  auto rail = [](const RailMap& r, bool plus) { return plus ? r.plus : *r.minus; };
  auto catalytic = [&](Complex in, SpeciesId out) {
    Complex products = in;
    products.push_back({out, 1});
    crn.AddReaction(std::move(in), std::move(products), k);
  };
  for (bool plus : {true, false}) {
    if (op == ArithmeticOp::kMultiply) {
      for (bool bplus : {true, false}) {
        catalytic({{rail(a, plus), 1}, {rail(b, bplus), 1}}, rail(y, plus == bplus));
      }
      continue;
    }
    const bool b_out = op == ArithmeticOp::kAdd ? plus : !plus;
    if (o.style == ArithmeticStyle::kDegradation) {
      catalytic({{rail(a, plus), 1}}, rail(y, plus));
      catalytic({{rail(b, plus), 1}}, rail(y, b_out));
    } else {
      crn.AddReaction({{rail(a, plus), 1}}, {{rail(y, plus), 1}}, k);
      crn.AddReaction({{rail(b, plus), 1}}, {{rail(y, b_out), 1}}, k);
    }
  }
  if (o.style == ArithmeticStyle::kDegradation) {
    for (bool plus : {true, false}) crn.AddReaction({{rail(y, plus), 1}}, {}, k);
  }
  if (o.annihilation_rate > 0) {
    crn.AddReaction({{y.plus, 1}, {*y.minus, 1}}, {}, o.annihilation_rate);
  }
}

ArithmeticCrn MakeArithmeticCrn(ArithmeticOp op, double a, double b, const ArithmeticOptions& o) {
  o.Validate(op);
  if (!std::isfinite(a) || !std::isfinite(b)) {
    throw InputError(fmt::format("arithmetic inputs must be finite, got {} and {}", a, b));
  }
  ArithmeticCrn r;
  auto declare = [&](const std::string& name, double value) {
    RailMap m;
    m.plus = r.crn.AddSpecies(RailName(name, Rail::kPlus), std::max(0.0, value));
    m.minus = r.crn.AddSpecies(RailName(name, Rail::kMinus), std::max(0.0, -value));
    return m;
  };
  if (o.a_name == o.b_name || o.a_name == o.y_name || o.b_name == o.y_name) {
    throw InputError("arithmetic CRN: the names of a, b and y must differ");
  }
  r.a = declare(o.a_name, a);
  r.b = declare(o.b_name, b);
  r.y = declare(o.y_name, 0.0);
  AddArithmetic(r.crn, op, r.a, r.b, r.y, o);
  return r;
}

}  // namespace ncrn
