#include "neuralcrn/ode/polynomial.h"

#include <vector>

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

// += merges two canonical polynomials in one pass: the result must equal building the same sum
// from a product (which canonicalises from scratch), with like terms merged and zeros dropped,
// whatever order the terms arrive in.
TEST(PolynomialTest, LongSumsMergeLikeTermsInAnyOrder) {
  Polynomial sum, reversed;
  for (int i = 0; i < 200; ++i) {
    sum += Polynomial::Variable(i % 50) * Polynomial::Constant(1.0 + i % 3);
    reversed += Polynomial::Variable((199 - i) % 50) * Polynomial::Constant(1.0 + (199 - i) % 3);
  }
  EXPECT_EQ(sum, reversed);
  EXPECT_EQ(sum.terms().size(), 50u);
  std::vector<double> ones(50, 1.0);
  EXPECT_DOUBLE_EQ(sum.Evaluate(ones), 399.0);  // sum of 1 + i % 3 over i < 200
  for (int i = 0; i < 200; ++i) {
    sum -= Polynomial::Variable(i % 50) * Polynomial::Constant(1.0 + i % 3);
  }
  EXPECT_TRUE(sum.IsZero());
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
