#include "neuralcrn/ode/ode_parser.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "neuralcrn/core/error.h"

namespace ncrn {
namespace {

Polynomial V(const OdeSystem& ode, const char* name) { return Polynomial::Variable(ode.Id(name)); }

std::string ErrorOf(std::string_view text) {
  try {
    ParseOde(text, "m.ode");
  } catch (const InputError& e) {
    return e.what();
  }
  return "no error";
}

TEST(OdeParserTest, ScalarFormWithImplicitVariables) {
  const OdeSystem ode = ParseOde("dz1/dt = p11*z1 + p12*z2\nd z2/dt = p21*z1 + p22*z2 # c\n");
  EXPECT_EQ(ode.var(ode.Id("z1")).rhs, V(ode, "p11") * V(ode, "z1") + V(ode, "p12") * V(ode, "z2"));
  EXPECT_TRUE(ode.var(ode.Id("z2")).has_equation);
  EXPECT_FALSE(ode.var(ode.Id("p11")).has_equation);
  EXPECT_EQ(ode.size(), 6);
}

TEST(OdeParserTest, VectorFormExpandsToComponents) {
  const OdeSystem ode = ParseOde(R"(
    vector z[2]; matrix theta[2,2]
    dz/dt = theta*z
    init z = [0.5, -1]
    init theta = [[1, 2], [3, 4]]
  )");
  EXPECT_EQ(ode.var(ode.Id("z2")).rhs,
            V(ode, "theta21") * V(ode, "z1") + V(ode, "theta22") * V(ode, "z2"));
  EXPECT_DOUBLE_EQ(ode.var(ode.Id("z2")).initial, -1.0);
  EXPECT_DOUBLE_EQ(ode.var(ode.Id("theta21")).initial, 3.0);
  // Same matrix with the ';' row syntax and @.
  const OdeSystem b = ParseOde(
      "vector z[2]\nmatrix theta[2,2]\ndz/dt = theta @ z\n"
      "init theta = [1, 2; 3, 4]");
  EXPECT_DOUBLE_EQ(b.var(b.Id("theta12")).initial, 2.0);
  const OdeSystem c = ParseOde("matrix theta[2,2]\ninit theta[2,1] = -0.25\ninit theta12 = 4");
  EXPECT_DOUBLE_EQ(c.var(c.Id("theta21")).initial, -0.25);
  EXPECT_DOUBLE_EQ(c.var(c.Id("theta12")).initial, 4.0);
  EXPECT_EQ(b.var(b.Id("z1")).rhs, ode.var(ode.Id("z1")).rhs);
}

TEST(OdeParserTest, NonlinearForwardWithBroadcastHadamardAndPower) {
  const OdeSystem ode = ParseOde(R"(
    vector z[3], beta[3], h[3]
    matrix theta[3,3]
    nonneg x[3]
    dz/dt = h + (theta*x + beta) ⊙ z - z .* z
  )");
  const Polynomial expect = V(ode, "h2") +
                            (V(ode, "theta21") * V(ode, "x1") + V(ode, "theta22") * V(ode, "x2") +
                             V(ode, "theta23") * V(ode, "x3") + V(ode, "beta2")) *
                                V(ode, "z2") -
                            V(ode, "z2") * V(ode, "z2");
  EXPECT_EQ(ode.var(ode.Id("z2")).rhs, expect);
  EXPECT_TRUE(ode.var(ode.Id("x3")).nonnegative);
  EXPECT_FALSE(ode.var(ode.Id("z3")).nonnegative);
  const OdeSystem p = ParseOde(
      "vector z[3], beta[3]\nscalar h\nmatrix theta[3,3]\nvector x[3]\n"
      "dz/dt = h + (theta*x + beta) .* z - z^2");
  EXPECT_EQ(p.var(p.Id("z1")).rhs.Degree(), 3);
  EXPECT_EQ(p.var(p.Id("z3")).rhs.terms().size(), 6u);  // h, 3 theta, beta, z^2
}

TEST(OdeParserTest, TransposeIndexingAndContinuationLines) {
  const OdeSystem ode = ParseOde(R"(
    vector a[2]
    matrix theta[2,2]
    da/dt = (a' * theta)'    // a^T theta, as a column
    scalar s
    ds/dt = T(a) * a + 2*a[2] -
            theta[1,2]^2
  )");
  EXPECT_EQ(ode.var(ode.Id("a1")).rhs,
            V(ode, "a1") * V(ode, "theta11") + V(ode, "a2") * V(ode, "theta21"));
  EXPECT_EQ(ode.var(ode.Id("s")).rhs, V(ode, "a1") * V(ode, "a1") + V(ode, "a2") * V(ode, "a2") +
                                          2.0 * V(ode, "a2") -
                                          V(ode, "theta12") * V(ode, "theta12"));
}

TEST(OdeParserTest, ErrorsNameFileLineColumnAndToken) {
  EXPECT_THAT(ErrorOf("vector z[2]\ndz/dt = z + $"), testing::HasSubstr("m.ode:2:13:"));
  EXPECT_THAT(ErrorOf("vector z[2]\ndz/dt = z + $"), testing::HasSubstr("token '$'"));
  EXPECT_THAT(ErrorOf("vector z[2]\nvector y[3]\ndz/dt = z + y"),
              testing::AllOf(testing::HasSubstr("m.ode:3:11:"), testing::HasSubstr("2x1"),
                             testing::HasSubstr("3x1")));
  EXPECT_THAT(ErrorOf("dz/dt = (z + 1"), testing::HasSubstr("expected ')'"));
  EXPECT_THAT(ErrorOf("dz/dt = z^-1"), testing::HasSubstr("m.ode:1:11:"));
  EXPECT_THAT(ErrorOf("vector z[2]\ninit z = [1, 2, 3]"),
              testing::AllOf(testing::HasSubstr("m.ode:2:10:"), testing::HasSubstr("3 initial")));
  EXPECT_THAT(ErrorOf("dz/dt = z\ndz/dt = 1"), testing::HasSubstr("already has an equation"));
  EXPECT_THAT(ErrorOf("z = 3"), testing::HasSubstr("m.ode:1:1:"));
  EXPECT_THAT(ErrorOf("vector z[0]"), testing::HasSubstr("dimension"));
  EXPECT_THAT(ErrorOf("vector z[2]\ndz/dt = z[3]"), testing::HasSubstr("out of range"));
  EXPECT_THAT(ErrorOf("dz/dt = 1e999"), testing::HasSubstr("non-finite"));
  EXPECT_THAT(ErrorOf("dz/dt = 2 3"), testing::HasSubstr("end of the statement"));
}

TEST(OdeParserTest, PathologicalInputIsRejectedNotHung) {
  EXPECT_THAT(ErrorOf("dz/dt = z^17"), testing::HasSubstr("0 to 16"));
  EXPECT_THAT(ErrorOf("matrix w[100000,100000]"), testing::HasSubstr("at most 1000000"));
  EXPECT_THAT(ErrorOf("dz/dt = " + std::string(5000, '(') + "z" + std::string(5000, ')')),
              testing::HasSubstr("nested too deeply"));
  EXPECT_THAT(ErrorOf("dz/dt = " + std::string(5000, '-') + "z"),
              testing::HasSubstr("nested too deeply"));
  // (m*z)^16, 8x8 m: ~11 million terms in the last step; the default limit stops it at once.
  EXPECT_THAT(ErrorOf("vector z[8]\nmatrix m[8,8]\ndz/dt = (m*z)^16"),
              testing::HasSubstr("m.ode:3:14: expanding this '^' forms more than 200000 terms"));
}

// max_terms bounds the monomials each product / power step forms (before merging).
TEST(OdeParserTest, TermLimitCountsTheTermsEachStepForms) {
  auto parse = [](std::string_view text, long max_terms) {
    OdeParseOptions o;
    o.max_terms = max_terms;
    return ParseOde(text, "m.ode", o);
  };
  // (x+y)^3 multiplied out: 1*2, 2*2, 3*2 terms formed; the last step needs a limit of 6.
  EXPECT_EQ(parse("dz/dt = (x+y)^3", 6).var(0).rhs.terms().size(), 4u);
  EXPECT_THROW(parse("dz/dt = (x+y)^3", 5), InputError);
  // A 2x2 matrix times a vector forms 2 * 2 products; .* with a broadcast scalar 2 (one each).
  const char* mv = "vector z[2]\nmatrix m[2,2]\ndz/dt = m*z";
  EXPECT_NO_THROW(parse(mv, 4));
  EXPECT_THAT(
      [&] {
        try {
          parse(mv, 3);
        } catch (const InputError& e) {
          return std::string(e.what());
        }
        return std::string("no error");
      }(),
      testing::HasSubstr("m.ode:3:10: expanding this '*' forms more than 3 terms"));
  EXPECT_NO_THROW(parse("vector z[2]\ndz/dt = h .* z", 2));
  EXPECT_THROW(parse("vector z[2]\ndz/dt = h .* z", 1), InputError);
  EXPECT_THROW(parse("dz/dt = z", 0), InputError);  // Validate: at least 1
}

// Each equation remembers where it was written, for the compiler's messages.
TEST(OdeParserTest, EquationsKeepTheirLine) {
  const OdeSystem ode = ParseOde("vector z[2]\n\ndz/dt = -z\nd w/dt = z1\n", "m.ode");
  EXPECT_EQ(ode.var(ode.Id("z2")).where, "m.ode:3: ");
  EXPECT_EQ(ode.var(ode.Id("w")).where, "m.ode:4: ");
}

}  // namespace
}  // namespace ncrn
