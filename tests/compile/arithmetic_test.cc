#include "neuralcrn/compile/arithmetic.h"

#include <cmath>

#include <gtest/gtest.h>

#include "neuralcrn/core/error.h"

namespace ncrn {
namespace {

// Classic RK4 on the mass-action RHS; small fixed step (the networks are non-stiff at these
// rates, and the readout converges like exp(-rate t)).
std::vector<double> Rk4(const Crn& crn, double t_end, double dt) {
  std::vector<double> x = crn.initial_state();
  const std::size_t n = x.size();
  auto axpy = [&](const std::vector<double>& a, double h, const std::vector<double>& k) {
    std::vector<double> r(n);
    for (std::size_t i = 0; i < n; ++i) r[i] = a[i] + h * k[i];
    return r;
  };
  for (double t = 0; t < t_end - 1e-12; t += dt) {
    const auto k1 = MassActionRhs(crn, x);
    const auto k2 = MassActionRhs(crn, axpy(x, dt / 2, k1));
    const auto k3 = MassActionRhs(crn, axpy(x, dt / 2, k2));
    const auto k4 = MassActionRhs(crn, axpy(x, dt, k3));
    for (std::size_t i = 0; i < n; ++i) x[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
  }
  return x;
}

double Expected(ArithmeticOp op, double a, double b) {
  return op == ArithmeticOp::kAdd ? a + b : op == ArithmeticOp::kSubtract ? a - b : a * b;
}

// Steady state y = [Y+] - [Y-] for every sign combination of the inputs. At t = 30/rate the
// transient e^-30 ~ 1e-13 is below the RK4 error (~1e-10 at dt = 0.01): tolerance abs 1e-8 +
// rel 1e-8.
TEST(ArithmeticCrnTest, SteadyStateReadoutMatchesTheOperation) {
  for (ArithmeticOp op : {ArithmeticOp::kAdd, ArithmeticOp::kSubtract, ArithmeticOp::kMultiply}) {
    for (double a : {1.5, -0.7}) {
      for (double b : {0.4, -2.0}) {
        for (double ann : {0.0, 5.0}) {
          ArithmeticOptions o;
          o.rate = 2.0;
          o.annihilation_rate = ann;
          const ArithmeticCrn c = MakeArithmeticCrn(op, a, b, o);
          EXPECT_EQ(c.crn.num_species(), 6);
          EXPECT_EQ(c.crn.num_reactions(), 6 + (ann > 0 ? 1 : 0));
          const auto x = Rk4(c.crn, 15.0, 0.01);
          const double want = Expected(op, a, b);
          EXPECT_NEAR(c.Read(x), want, 1e-8 + 1e-8 * std::fabs(want))
              << ToString(op) << " a=" << a << " b=" << b << " ann=" << ann;
          // Degradation style keeps the inputs as catalysts.
          EXPECT_DOUBLE_EQ(x[c.a.plus] - x[*c.a.minus], a);
        }
      }
    }
  }
}

TEST(ArithmeticCrnTest, ConversionStyleConsumesTheInputs) {
  ArithmeticOptions o;
  o.style = ArithmeticStyle::kConversion;
  o.rate = 3.0;
  for (ArithmeticOp op : {ArithmeticOp::kAdd, ArithmeticOp::kSubtract}) {
    const ArithmeticCrn c = MakeArithmeticCrn(op, -1.25, 0.5, o);
    const auto x = Rk4(c.crn, 15.0, 0.01);
    EXPECT_NEAR(c.Read(x), Expected(op, -1.25, 0.5), 1e-8);
    EXPECT_NEAR(x[c.a.plus] + x[*c.a.minus], 0.0, 1e-8);
  }
  EXPECT_THROW(MakeArithmeticCrn(ArithmeticOp::kMultiply, 1, 2, o), InputError);
}

TEST(ArithmeticCrnTest, BadOptionsAreInputErrors) {
  ArithmeticOptions o;
  o.rate = 0;
  EXPECT_THROW(CrnAdd(1, 2, o), InputError);
  o.rate = 1;
  o.b_name = "a";
  EXPECT_THROW(CrnAdd(1, 2, o), InputError);
  EXPECT_THROW(CrnAdd(NAN, 2), InputError);
  EXPECT_EQ(ArithmeticOpFromString("multiply"), ArithmeticOp::kMultiply);
  EXPECT_THROW(ArithmeticOpFromString("divide"), InputError);
}

}  // namespace
}  // namespace ncrn
