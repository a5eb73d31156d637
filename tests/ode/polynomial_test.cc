#include "neuralcrn/ode/polynomial.h"

#include <gtest/gtest.h>

namespace ncrn {
namespace {

TEST(PolynomialTest, ArithmeticIsCanonical) {
  const Polynomial x = Polynomial::Variable(0), y = Polynomial::Variable(1);
  const Polynomial a = (x + y) * (x - y);
  const Polynomial b = x * x - y * y;
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.terms().size(), 2u);
  EXPECT_TRUE((x - x).IsZero());
  EXPECT_EQ(a.Degree(), 2);
}

TEST(PolynomialTest, EvaluateAndDerivative) {
  const Polynomial x = Polynomial::Variable(0), y = Polynomial::Variable(1);
  const Polynomial p = 3.0 * x * x * y - 2.0 * y + Polynomial::Constant(0.5);
  const double pt[] = {1.5, -2.0};
  EXPECT_DOUBLE_EQ(p.Evaluate(pt), 3 * 2.25 * -2.0 + 4.0 + 0.5);
  EXPECT_EQ(p.Derivative(0), 6.0 * x * y);
  EXPECT_EQ(p.Derivative(1), 3.0 * x * x - Polynomial::Constant(2.0));
  EXPECT_EQ(p.ToString({"x", "y"}), "0.5 + 3*x^2*y - 2*y");
}

TEST(PolynomialTest, Substitute) {
  const Polynomial x = Polynomial::Variable(0), y = Polynomial::Variable(1);
  EXPECT_EQ((x * x).Substitute(0, x + y), x * x + 2.0 * x * y + y * y);
}

}  // namespace
}  // namespace ncrn
