#include "neuralcrn/ode/ode_parser.h"

#include <filesystem>
#include <string>

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

// Errors are "file:line:col: message (token 'x')"; each case checks the whole message, so the
// position is asserted too.
TEST(OdeParserTest, ErrorsNameFileLineColumnAndToken) {
  EXPECT_EQ(ErrorOf("vector z[2]\ndz/dt = z + $"), "m.ode:2:13: unexpected character (token '$')");
  EXPECT_EQ(ErrorOf("vector z[2]\nvector y[3]\ndz/dt = z + y"),
            "m.ode:3:11: shape mismatch in '+': 2x1 and 3x1 (shapes must agree or a dimension "
            "must be 1) (token '+')");
  EXPECT_EQ(ErrorOf("dz/dt = (z + 1"),
            "m.ode:1:15: expected ')' to close '(' (token 'end of input')");
  EXPECT_EQ(ErrorOf("dz/dt = z^-1"),
            "m.ode:1:11: expected an integer exponent from 0 to 16 after '^' (token '-')");
  EXPECT_EQ(ErrorOf("vector z[2]\ninit z = [1, 2, 3]"),
            "m.ode:2:10: 'z' has 2 element(s) but 3 initial value(s) were given (token '[')");
  // Reported at the start of the second right side (where SetEquations refuses it).
  EXPECT_EQ(ErrorOf("dz/dt = z\ndz/dt = 1"),
            "m.ode:2:9: in the equation for 'z': variable 'z' already has an equation (token '1')");
  EXPECT_EQ(ErrorOf("z = 3"),
            "m.ode:1:1: expected a declaration (vector, matrix, scalar, nonneg), 'init' or an "
            "equation 'dX/dt = ...' (token 'z')");
  EXPECT_EQ(ErrorOf("vector z[0]"),
            "m.ode:1:10: expected a dimension: an integer from 1 to 100000 (token '0')");
  EXPECT_EQ(ErrorOf("vector z[2]\ndz/dt = z[0]"),
            "m.ode:2:11: expected an index (1-based): an integer from 1 to 100000 (token '0')");
  EXPECT_EQ(ErrorOf("vector z[2]\ndz/dt = z[3]"),
            "m.ode:2:9: index out of range: 'z' has shape 2x1 (indices are 1-based) (token 'z')");
  EXPECT_EQ(ErrorOf("dz/dt = 1e999"), "m.ode:1:9: invalid or non-finite number (token '1e999')");
  EXPECT_EQ(ErrorOf("scalar dt"),
            "m.ode:1:8: 'dt' is reserved (it closes every 'dX/dt'); choose another variable name "
            "(token 'dt')");
  EXPECT_EQ(ErrorOf("dz/dt = dt * z"),
            "m.ode:1:9: 'dt' is reserved (it closes every 'dX/dt'); choose another variable name "
            "(token 'dt')");
  EXPECT_EQ(ErrorOf("dz/dt = 2 3"),
            "m.ode:1:11: expected the end of the statement (newline or ';') (token '3')");
}

TEST(OdeParserTest, ByteOrderMarkIsIgnored) {
  const OdeSystem ode = ParseOde(
      "\xEF\xBB\xBF"
      "dz/dt = -z\ninit z = 2",
      "m.ode");
  EXPECT_DOUBLE_EQ(ode.var(ode.Id("z")).initial, 2.0);
  EXPECT_EQ(ErrorOf("\xEF\xBB\xBF$"), "m.ode:1:1: unexpected character (token '$')");
}

TEST(OdeParserTest, PathologicalInputIsRejectedNotHung) {
  EXPECT_EQ(ErrorOf("dz/dt = z^17"),
            "m.ode:1:11: expected an integer exponent from 0 to 16 after '^' (token '17')");
  EXPECT_EQ(ErrorOf("matrix w[100000,100000]"),
            "m.ode:1:8: block 'w' has 10000000000 elements; at most 1000000 are supported "
            "(token 'w')");
  // The depth limit (256) trips at the 257th nesting level: column 8 + 257 of the line.
  EXPECT_EQ(ErrorOf("dz/dt = " + std::string(5000, '(') + "z" + std::string(5000, ')')),
            "m.ode:1:265: expression nested too deeply (token '(')");
  EXPECT_EQ(ErrorOf("dz/dt = " + std::string(5000, '-') + "z"),
            "m.ode:1:265: expression nested too deeply (token '-')");
  // (m*z)^16, 8x8 m: ~11 million terms in the last step; the default limit stops it at once.
  EXPECT_EQ(ErrorOf("vector z[8]\nmatrix m[8,8]\ndz/dt = (m*z)^16"),
            "m.ode:3:14: expanding this '^' forms more than 200000 terms (the limit on the size of "
            "an expansion; raise it with --max-terms / OdeParseOptions::max_terms if the system "
            "is really this large) (token '^')");
}

// An init whose name no equation uses and no declaration declares would add a species nothing
// reads: a misspelling, reported at the name with the variables that do exist.
TEST(OdeParserTest, InitOfAnUnusedUndeclaredNameIsAnError) {
  EXPECT_EQ(ErrorOf("dz1/dt = p11*z1\ninit z1 = 1\ninit p12 = 0.5"),
            "m.ode:3:6: init of 'p12', which no equation uses and no declaration declares (a "
            "misspelt name?); the variables are p11, z1 (token 'p12')");
  EXPECT_EQ(ErrorOf("vector z[2]\nmatrix theta[2,2]\ndz/dt = theta*z\ninit thetta = [1, 2; 3, 4]"),
            "m.ode:4:6: 'thetta' is not declared before this init (a misspelt name?), so it is a "
            "scalar, but 4 initial values were given; declare the block before its init (e.g. "
            "'vector thetta[4]') or fix the name; the variables are theta[2,2], z[2] (token "
            "'thetta')");
  // A whole block's init before its declaration: the shape is not known yet.
  EXPECT_THAT(ErrorOf("init theta = [1, 2, 3, 4]\nmatrix theta[2,2]\ndz/dt = -z"),
              testing::StartsWith("m.ode:1:6: 'theta' is not declared before this init"));
  EXPECT_EQ(ErrorOf("nonneg y\ndy/dt = -y\ninit y = -1"),
            "m.ode:3: 'y' is declared non-negative (nonneg: one species) but its initial value is "
            "-1; remove 'nonneg' to compile it dual-rail");
  EXPECT_EQ(ErrorOf("nonneg Inf\ndInf/dt = -Inf"),
            "m.ode:1:8: 'Inf' reads as a number in reaction-network formats; choose another "
            "variable name (token 'Inf')");
  EXPECT_EQ(ErrorOf("init q = 1"),
            "m.ode:1:6: init of 'q', which no equation uses and no declaration declares (a "
            "misspelt name?); no variable is declared or used in an equation (token 'q')");
  // The first unused one (by position) is named, however the names sort.
  EXPECT_THAT(ErrorOf("dz/dt = -z\ninit r = 1\ninit a = 2"),
              testing::StartsWith("m.ode:2:6: init of 'r'"));
  // A long list is cut to 12 names and the count.
  std::string many;
  for (int i = 1; i <= 13; ++i) many += "scalar a" + std::to_string(i) + "\n";
  EXPECT_EQ(ErrorOf(many + "init q = 1"),
            "m.ode:14:6: init of 'q', which no equation uses and no declaration declares (a "
            "misspelt name?); the variables include a1, a10, a11, a12, a13, a2, a3, a4, a5, a6, "
            "a7, a8, ... (13 in all) (token 'q')");
}

// What stays valid: inits of parameters (used, no equation), of declared but unused blocks, and
// inits written before the equation or declaration that uses the name.
TEST(OdeParserTest, InitBeforeUseOrOfDeclaredNamesIsValid) {
  const OdeSystem a = ParseOde("init p = 2\ninit z = -1\ndz/dt = p*z");
  EXPECT_DOUBLE_EQ(a.var(a.Id("p")).initial, 2.0);
  EXPECT_DOUBLE_EQ(a.var(a.Id("z")).initial, -1.0);
  EXPECT_EQ(a.size(), 2);
  const OdeSystem b = ParseOde("init z1 = 0.5\nvector z[2]\ndz/dt = -z");
  EXPECT_DOUBLE_EQ(b.var(b.Id("z1")).initial, 0.5);
  EXPECT_EQ(b.size(), 2);
  const OdeSystem c = ParseOde("init theta12 = 4\nmatrix theta[2,2]");
  EXPECT_DOUBLE_EQ(c.var(c.Id("theta12")).initial, 4.0);
  EXPECT_EQ(c.size(), 4);
  const OdeSystem d = ParseOde("init h = 3\nnonneg h\nvector u[2]\ninit u = [1, 2]");
  EXPECT_TRUE(d.var(d.Id("h")).nonnegative);
  EXPECT_DOUBLE_EQ(d.var(d.Id("u2")).initial, 2.0);
  const OdeSystem e = ParseOde("init s = 1\nscalar s");
  EXPECT_DOUBLE_EQ(e.var(e.Id("s")).initial, 1.0);
  // Used only on a right side, after the init.
  const OdeSystem f = ParseOde("vector z[2]\ninit k = 0.25\ndz/dt = -k*z + k^2");
  EXPECT_DOUBLE_EQ(f.var(f.Id("k")).initial, 0.25);
  // An element past the declared shape is still an unknown name.
  EXPECT_EQ(ErrorOf("init theta13 = 1\nmatrix theta[2,2]"),
            "m.ode:1:6: init of 'theta13', which no equation uses and no declaration declares (a "
            "misspelt name?); the variables are theta[2,2] (token 'theta13')");
}

// Element names are base + index, so blocks can name the same variable: theta1's elements are
// theta11, theta12, like theta's. Two declared blocks sharing one is an error at the second.
TEST(OdeParserTest, BlocksWhoseElementNamesCollideAreAnError) {
  EXPECT_EQ(ErrorOf("matrix theta[2,2]\nvector theta1[2]\nvector z[2]\ndz/dt = theta*z + theta1"),
            "m.ode:2:8: element 'theta11' of vector 'theta1' is also element (1,1) of matrix "
            "'theta' declared at line 1; rename one of them (token 'theta1')");
  EXPECT_EQ(ErrorOf("vector a[12]\nvector a1[2]"),
            "m.ode:2:8: element 'a11' of vector 'a1' is also element 11 of vector 'a' declared at "
            "line 1; rename one of them (token 'a1')");
  // Past 9 a matrix names elements w1_2, so vector w1_[3] collides.
  EXPECT_EQ(ErrorOf("matrix w[10,10]\nvector z[2], w1_[3]"),
            "m.ode:2:14: element 'w1_1' of vector 'w1_' is also element (1,1) of matrix 'w' "
            "declared at line 1; rename one of them (token 'w1_')");
  // A declared scalar is a block too, in either order.
  EXPECT_EQ(ErrorOf("scalar z1\nvector z[2]"),
            "m.ode:2:8: element 'z1' of vector 'z' is also the scalar 'z1' declared at line 1; "
            "rename one of them (token 'z')");
  EXPECT_EQ(ErrorOf("vector z[2]\nnonneg scalar z1"),
            "m.ode:2:15: scalar 'z1' is also element 1 of vector 'z' declared at line 1; rename "
            "one of them (token 'z1')");
}

// What stays valid: names used in equations or inits before the declaration (they refer to the
// element), repeating a declaration, and `nonneg z1` marking one element.
TEST(OdeParserTest, ElementNamesUsedBeforeTheirDeclarationAreValid) {
  const OdeSystem a = ParseOde("dz1/dt = -z1\nvector z[2]\ndz2/dt = z1 - z2\ninit z = [1, 2]");
  EXPECT_EQ(a.size(), 2);
  EXPECT_DOUBLE_EQ(a.var(a.Id("z1")).initial, 1.0);
  EXPECT_TRUE(a.var(a.Id("z2")).has_equation);
  const OdeSystem b = ParseOde("vector z[2]\nvector z[2]\nnonneg z1\ndz/dt = -z");
  EXPECT_EQ(b.size(), 2);
  EXPECT_TRUE(b.var(b.Id("z1")).nonnegative);
  EXPECT_FALSE(b.var(b.Id("z2")).nonnegative);
  // The scalar form mixed with a later declaration: still one variable per name.
  EXPECT_EQ(ParseOde("init theta12 = 4\ndtheta12/dt = -theta12\nmatrix theta[2,2]").size(), 4);
  // An equation for the element and one for its block still conflict.
  EXPECT_EQ(ErrorOf("dz1/dt = -z1\nvector z[2]\ndz/dt = -z"),
            "m.ode:3:9: in the equation for 'z': variable 'z1' already has an equation (token "
            "'-')");
}

// A second init of a variable (directly, by index or through its block) would silently win.
TEST(OdeParserTest, DuplicateInitIsAnError) {
  EXPECT_EQ(ErrorOf("vector z[2]\ninit z = [1, 2]\ninit z1 = 5"),
            "m.ode:3:6: duplicate init for 'z1' (first given on line 2) (token 'z1')");
  EXPECT_EQ(ErrorOf("init z2 = 5\nvector z[2]\ninit z = [1, 2]"),
            "m.ode:3:6: duplicate init for 'z2' (first given on line 1) (token 'z')");
  EXPECT_EQ(ErrorOf("matrix theta[2,2]\ninit theta[1,2] = 1\ninit theta12 = 1"),
            "m.ode:3:6: duplicate init for 'theta12' (first given on line 2) (token 'theta12')");
  EXPECT_EQ(ErrorOf("dp/dt = -p\ninit p = 1; init p = 2"),
            "m.ode:2:18: duplicate init for 'p' (first given on line 2) (token 'p')");
  // Different elements of one block are not duplicates.
  const OdeSystem ode = ParseOde("matrix theta[2,2]\ninit theta[2,1] = 3\ninit theta12 = 4");
  EXPECT_DOUBLE_EQ(ode.var(ode.Id("theta21")).initial, 3.0);
  EXPECT_DOUBLE_EQ(ode.var(ode.Id("theta12")).initial, 4.0);
}

// strtod turns 1e-400 into 0; a literal that is nonzero in the text must not become 0.
TEST(OdeParserTest, NumberThatUnderflowsToZeroIsAnError) {
  const std::string underflow =
      "number underflows: it is nonzero but smaller than the smallest positive double (about "
      "4.9e-324), so it would silently become 0";
  EXPECT_EQ(ErrorOf("dz/dt = 1e-400 * z"), "m.ode:1:9: " + underflow + " (token '1e-400')");
  EXPECT_EQ(ErrorOf("vector z[2]\ninit z = [1, -0.5e-330]"),
            "m.ode:2:15: " + underflow + " (token '0.5e-330')");
  // Subnormals are representable and kept; zeros written as zeros stay zero.
  const OdeSystem sub = ParseOde("dz/dt = 1e-310 * z\ninit z = 3e-324");
  EXPECT_GT(sub.var(sub.Id("z")).initial, 0.0);
  EXPECT_EQ(sub.var(sub.Id("z")).rhs.terms().size(), 1u);
  const OdeSystem zero = ParseOde("dz/dt = 0e-500 * z + 0.0 + 0 + z\ninit z = 0.000e-999");
  EXPECT_EQ(zero.var(zero.Id("z")).rhs, V(zero, "z"));
  EXPECT_EQ(zero.var(zero.Id("z")).initial, 0.0);
}

// Every .ode the project ships still parses (the unused-init check must not reject them).
TEST(OdeParserTest, ShippedExamplesParse) {
  int n = 0;
  for (const auto& entry : std::filesystem::directory_iterator(NCRN_SOURCE_DIR "/examples")) {
    if (entry.path().extension() != ".ode") continue;
    SCOPED_TRACE(entry.path().string());
    EXPECT_NO_THROW(ReadOdeFile(entry.path().string()));
    ++n;
  }
  EXPECT_EQ(n, 8);
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
