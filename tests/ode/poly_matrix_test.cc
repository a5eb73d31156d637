#include "neuralcrn/ode/poly_matrix.h"

#include <gtest/gtest.h>

#include "neuralcrn/core/error.h"

namespace ncrn {
namespace {

TEST(PolyMatrixTest, NamesFollowTheOneBasedRule) {
  OdeSystem ode;
  const PolyMatrix z = PolyMatrix::VectorVariables(ode, "z", 3);
  const PolyMatrix theta = PolyMatrix::MatrixVariables(ode, "theta", 2, 3);
  const PolyMatrix big = PolyMatrix::MatrixVariables(ode, "w", 10, 2);
  EXPECT_EQ(z.rows(), 3);
  EXPECT_EQ(z.cols(), 1);
  EXPECT_EQ(ode.var(*AsVariable(z[2])).name, "z3");
  EXPECT_EQ(ode.var(*AsVariable(theta(1, 2))).name, "theta23");
  EXPECT_EQ(ode.var(*AsVariable(big(9, 1))).name, "w10_2");
  EXPECT_EQ(ode.size(), 3 + 6 + 20);
}

TEST(PolyMatrixTest, MatrixProductMatchesHandExpansion) {
  OdeSystem ode;
  const PolyMatrix theta = PolyMatrix::MatrixVariables(ode, "p", 2, 2);
  const PolyMatrix z = PolyMatrix::VectorVariables(ode, "z", 2);
  const PolyMatrix f = theta * z;
  ASSERT_EQ(f.ShapeString(), "2x1");
  const Polynomial p11 = Polynomial::Variable(ode.Id("p11")),
                   p12 = Polynomial::Variable(ode.Id("p12"));
  const Polynomial z1 = Polynomial::Variable(ode.Id("z1")), z2 = Polynomial::Variable(ode.Id("z2"));
  EXPECT_EQ(f[0], p11 * z1 + p12 * z2);
  // a' * theta is the row (a1 p11 + a2 p21, a1 p12 + a2 p22).
  const PolyMatrix a = PolyMatrix::VectorVariables(ode, "a", 2);
  const PolyMatrix at = Transpose(a) * theta;
  ASSERT_EQ(at.ShapeString(), "1x2");
  const Polynomial a1 = Polynomial::Variable(ode.Id("a1")), a2 = Polynomial::Variable(ode.Id("a2"));
  EXPECT_EQ(at[1], a1 * p12 + a2 * Polynomial::Variable(ode.Id("p22")));
}

TEST(PolyMatrixTest, HadamardBroadcastsLikeNumpy) {
  OdeSystem ode;
  const PolyMatrix theta = PolyMatrix::MatrixVariables(ode, "p", 3, 3);
  const PolyMatrix z = PolyMatrix::VectorVariables(ode, "z", 3);
  const PolyMatrix h = PolyMatrix::ScalarVariable(ode, "h");
  const PolyMatrix pz = Hadamard(theta, z);  // p_ij * z_i
  EXPECT_EQ(pz(1, 2), theta(1, 2) * z[1]);
  const PolyMatrix f = h + Hadamard(z, z);
  ASSERT_EQ(f.ShapeString(), "3x1");
  EXPECT_EQ(f[2], h[0] + z[2] * z[2]);
  EXPECT_EQ(z.ElementPow(2), Hadamard(z, z));
  EXPECT_EQ(2.0 * z, z + z);
}

TEST(PolyMatrixTest, ShapeErrorsNameBothShapes) {
  OdeSystem ode;
  const PolyMatrix z = PolyMatrix::VectorVariables(ode, "z", 3);
  const PolyMatrix y = PolyMatrix::VectorVariables(ode, "y", 2);
  try {
    (void)(z * y);
    FAIL() << "expected InputError";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("3x1 times 2x1"), std::string::npos) << e.what();
  }
  EXPECT_THROW((void)(z + y), InputError);
  EXPECT_THROW(SetEquations(ode, z, y), InputError);
}

TEST(PolyMatrixTest, SetEquationsBroadcastsAScalarRightSide) {
  OdeSystem ode;
  const PolyMatrix z = PolyMatrix::VectorVariables(ode, "z", 2);
  const PolyMatrix h = PolyMatrix::ScalarVariable(ode, "h");
  SetEquations(ode, z, h);
  SetInitials(ode, z, {0.5, -1.0});
  EXPECT_EQ(ode.var(ode.Id("z2")).rhs, h[0]);
  EXPECT_DOUBLE_EQ(ode.var(ode.Id("z2")).initial, -1.0);
  EXPECT_THROW(SetEquations(ode, z, h), InputError);  // second equation
  EXPECT_THROW(SetInitials(ode, z, {1.0}), InputError);
}

}  // namespace
}  // namespace ncrn
