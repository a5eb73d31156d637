// `neuralcrn compile` end to end: the binary is NCRN_CLI (set by CTest).
#include <cstdio>
#include <cstdlib>
#include <filesystem>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "neuralcrn/compile/compiler.h"
#include "neuralcrn/core/crn_text.h"
#include "neuralcrn/ode/ode_parser.h"

namespace ncrn {
namespace {

struct CliRun {
  int status;
  std::string out;
};

CliRun Cli(const std::string& args) {
  const char* cli = std::getenv("NCRN_CLI");
  std::string exe = cli ? cli : std::string(NCRN_BINARY_DIR) + "/neuralcrn";
  FILE* p = popen((exe + " " + args + " 2>&1").c_str(), "r");
  std::string out;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  const int status = pclose(p);
  return {WEXITSTATUS(status), out};
}

std::string Src(const std::string& rel) { return std::string(NCRN_SOURCE_DIR) + "/" + rel; }

TEST(CompileCliTest, JsonReportHasTheReferenceCounts) {
  const CliRun r = Cli("compile " + Src("examples/nonlinear_forward.ode") +
                       " --square reference --annihilation 100 --no-merge --json");
  ASSERT_EQ(r.status, 0) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["species"], 42);
  EXPECT_EQ(j["reactions"], 99);
  const CliRun b = Cli("compile " + Src("examples/nonlinear_backward.ode") +
                       " --square reference --annihilation 10 --annihilation-scope squared "
                       "--no-merge --json");
  ASSERT_EQ(b.status, 0) << b.out;
  EXPECT_EQ(nlohmann::json::parse(b.out)["reactions"], 267);
}

TEST(CompileCliTest, WrittenFileReadsBackAsTheCompiledNetwork) {
  const std::string out = std::string(NCRN_BINARY_DIR) + "/compile_cli_test_linear.crn";
  std::filesystem::remove(out);
  const CliRun r = Cli("compile " + Src("examples/linear_node.ode") + " -o " + out +
                       " --rate-law combinatoric --annihilation 2");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_THAT(r.out, testing::HasSubstr("reactions: 18"));
  CompileOptions o;
  o.rate_law = RateLaw::kCombinatoric;
  o.annihilation_rate = 2;
  const Crn want = CompileOde(ReadOdeFile(Src("examples/linear_node.ode")), o).crn;
  EXPECT_EQ(ReadCrnFile(out), want);
}

TEST(CompileCliTest, ParseErrorsExitTwoWithPosition) {
  const std::string bad = std::string(NCRN_BINARY_DIR) + "/compile_cli_test_bad.ode";
  FILE* f = fopen(bad.c_str(), "w");
  fputs("vector z[2]\ndz/dt = z .* $\n", f);
  fclose(f);
  const CliRun r = Cli("compile " + bad);
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.out, testing::HasSubstr("compile_cli_test_bad.ode:2:14:"));
  EXPECT_THAT(r.out, testing::HasSubstr("token '$'"));
  const CliRun s = Cli("compile " + Src("examples/linear_node.ode") + " --square fast");
  EXPECT_NE(s.status, 0);
}

void WriteText(const std::string& path, const char* text) {
  FILE* f = fopen(path.c_str(), "w");
  fputs(text, f);
  fclose(f);
}

// Errors found while compiling (not parsing) name the file and the line of the equation.
TEST(CompileCliTest, CompileErrorsNameTheEquationsFileAndLine) {
  // dy/dt = -x on a non-negative y: -x does not contain y, so no CRN keeps y >= 0.
  const std::string nh = std::string(NCRN_BINARY_DIR) + "/compile_cli_test_not_hungarian.ode";
  WriteText(nh, "nonneg x, y\n# y decays by x\ndx/dt = x*y\n\ndy/dt = -x\n");
  CliRun r = Cli("compile " + nh);
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_THAT(r.out, testing::HasSubstr("compile_cli_test_not_hungarian.ode:5: dy/dt has the "
                                        "term '-x'"));
  // 17 signed factors in one monomial: over the template's limit of 16.
  const std::string wide = std::string(NCRN_BINARY_DIR) + "/compile_cli_test_factors.ode";
  WriteText(wide, "scalar x, y, z\ndz/dt = -z\ndy/dt = x^16 * y\n");
  r = Cli("compile " + wide);
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_THAT(r.out, testing::HasSubstr("compile_cli_test_factors.ode:3: dy/dt has a monomial "
                                        "with 17 signed factors"));
}

// --max-terms bounds the expansion: (m*z)^16 (8x8 m) stops at once under the default, and a
// small limit refuses even theta*z (4 products per 2x2 step). --max-reactions bounds the CRN.
TEST(CompileCliTest, MaxTermsAndMaxReactionsStopLargeSystems) {
  const std::string big = std::string(NCRN_BINARY_DIR) + "/compile_cli_test_big.ode";
  WriteText(big, "vector z[8]\nmatrix m[8,8]\ndz/dt = (m*z)^16\n");
  CliRun r = Cli("compile " + big + " --json");
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_THAT(r.out, testing::HasSubstr("compile_cli_test_big.ode:3:14: expanding this '^' forms "
                                        "more than 200000 terms"));
  EXPECT_THAT(r.out, testing::HasSubstr("--max-terms"));
  r = Cli("compile " + Src("examples/linear_node.ode") + " --json --max-terms 3");
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_THAT(r.out, testing::HasSubstr("more than 3 terms"));
  r = Cli("compile " + Src("examples/linear_node.ode") + " --json --max-terms 4");
  EXPECT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(nlohmann::json::parse(r.out)["reactions"], 16);
  EXPECT_EQ(Cli("compile " + big + " --max-terms 0").status, 2);
  // --max-reactions bounds what the templates make: theta*z has 2 monomials of 2 signed
  // factors per equation, 4 reactions each, 16 in all; the 2nd equation (line 7) crosses 15.
  r = Cli("compile " + Src("examples/linear_node.ode") + " --json --max-reactions 15");
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_THAT(r.out, testing::HasSubstr("linear_node.ode:7: by dz2/dt the templates already make "
                                        "16 reactions"));
  r = Cli("compile " + Src("examples/linear_node.ode") + " --json --max-reactions 16");
  EXPECT_EQ(r.status, 0) << r.out;
  // (m*z)^5 passes the expansion limit but would make ~6.5 million reactions: refused at once.
  WriteText(big, "vector z[8]\nmatrix m[8,8]\ndz/dt = (m*z)^5\n");
  r = Cli("compile " + big + " --json");
  EXPECT_EQ(r.status, 2) << r.out;
  EXPECT_THAT(r.out, testing::HasSubstr("more than the limit of 1000000"));
}

// Options that would silently do nothing, or destroy the input, are refused (exit 2).
TEST(CompileCliTest, AnnihilateWithoutRateAndOutputOverInputAreRefused) {
  const CliRun a = Cli("compile " + Src("examples/linear_node.ode") + " --annihilate z1");
  EXPECT_EQ(a.status, 2);
  EXPECT_THAT(a.out, testing::HasSubstr("variables to annihilate were named (z1) but the "
                                        "annihilation rate is 0"));
  const std::string ode = std::string(NCRN_BINARY_DIR) + "/compile_cli_test_self.ode";
  std::filesystem::copy_file(Src("examples/linear_node.ode"), ode,
                             std::filesystem::copy_options::overwrite_existing);
  const CliRun b = Cli("compile " + ode + " -o " + std::string(NCRN_BINARY_DIR) +
                       "/./compile_cli_test_self.ode");
  EXPECT_EQ(b.status, 2);
  EXPECT_THAT(b.out, testing::HasSubstr("compile_cli_test_self.ode is the input file "));
  EXPECT_THAT(b.out, testing::HasSubstr("writing there would destroy it"));
  EXPECT_NO_THROW(ReadOdeFile(ode));  // still the ODE
}

// A network given to compile, or an ODE given to export, is named for what it is.
TEST(CompileCliTest, WrongKindOfFileSaysWhichSubcommandReadsIt) {
  const CliRun c = Cli("compile " + Src("examples/decay.crn"));
  EXPECT_EQ(c.status, 2);
  EXPECT_THAT(c.out, testing::HasSubstr("decay.crn: a reaction network, not an ODE file; "
                                        "'compile' reads .ode files"));
  const CliRun e = Cli("export " + Src("examples/linear_node.ode") + " --to sbml");
  EXPECT_EQ(e.status, 2);
  EXPECT_THAT(e.out, testing::HasSubstr("linear_node.ode: an ODE file, not a reaction network; "
                                        "compile it first"));
}

}  // namespace
}  // namespace ncrn
