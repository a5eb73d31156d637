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

}  // namespace
}  // namespace ncrn
