// `neuralcrn simulate` end to end (the binary is in $NCRN_CLI).
#include <sys/wait.h>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include "neuralcrn/core/crn_text.h"

namespace {

struct CliResult {
  int status = -1;
  std::string out;
};

CliResult Cli(const std::string& args, bool capture_stderr = false) {
  const char* cli = std::getenv("NCRN_CLI");
  const std::string bin = cli ? cli : std::string(NCRN_BINARY_DIR) + "/neuralcrn";
  const std::string cmd = bin + " " + args + (capture_stderr ? " 2>&1" : " 2>/dev/null");
  CliResult r;
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return r;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

std::string Example(const char* name) { return std::string(NCRN_SOURCE_DIR) + "/examples/" + name; }

std::string TempPath(const std::string& name) {
  return std::string(NCRN_BINARY_DIR) + "/simulate_cli_test_" + name;
}

TEST(SimulateCli, JsonFinalStateMatchesAnalyticSolution) {
  // decay.crn: a = 2 e^{-t}; B + C -> D with b0 = c0 = 1: b = 1 / (1 + t).
  CliResult r = Cli("simulate " + Example("decay.crn") +
                    " --t-end 2 --solver bdf --rtol 1e-8 --atol 1e-10 --json");
  ASSERT_EQ(r.status, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_NEAR(j["final"]["A"].get<double>(), 2 * std::exp(-2.0), 1e-6);
  EXPECT_NEAR(j["final"]["B"].get<double>(), 1.0 / 3.0, 1e-6);
  EXPECT_NEAR(j["final"]["D"].get<double>(), 2.0 / 3.0, 1e-6);
  EXPECT_GT(j["stats"]["steps"].get<long>(), 0);
  EXPECT_EQ(j["stats"]["solver"], "bdf");
  EXPECT_EQ(j["stats"]["termination"], "success");
}

TEST(SimulateCli, DefaultsAreThePapersSolverAndTolerances) {
  CliResult r = Cli("simulate " + Example("decay.crn") + " --t-end 2 --json");
  ASSERT_EQ(r.status, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["stats"]["solver"], "trbdf2");
  EXPECT_EQ(j["stats"]["linear_solver"], "dense");  // 4 implicit states: auto picks dense
  EXPECT_EQ(j["rtol"].get<double>(), 1e-4);
  EXPECT_EQ(j["atol"].get<double>(), 1e-6);
  EXPECT_EQ(j["stats"]["negative_steps"].get<long>(), 0);
  EXPECT_EQ(j["stats"]["most_negative"].get<double>(), 0.0);
  // At rtol 1e-4 the global error stays within 1e-3 relative on this smooth problem.
  EXPECT_NEAR(j["final"]["A"].get<double>(), 2 * std::exp(-2.0), 1e-3 * 2 * std::exp(-2.0));
  EXPECT_NEAR(j["final"]["B"].get<double>(), 1.0 / 3.0, 1e-3 / 3.0);
}

TEST(SimulateCli, CsvHasTimeAndEverySpeciesAndSetOverridesInitialValues) {
  const std::string csv = TempPath("decay.csv");
  std::remove(csv.c_str());
  CliResult r = Cli("simulate " + Example("decay.crn") + " --t-end 1 --samples 4 --csv " + csv +
                    " --set A=4 --set B=0.5");
  ASSERT_EQ(r.status, 0) << r.out;
  std::ifstream in(csv);
  std::string header, line;
  std::getline(in, header);
  EXPECT_EQ(header, "t,A,B,C,D");
  int rows = 0;
  double t = 0, a = 0;
  while (std::getline(in, line)) {
    std::stringstream ss(line);
    std::string cell;
    std::getline(ss, cell, ',');
    t = std::stod(cell);
    std::getline(ss, cell, ',');
    a = std::stod(cell);
    if (rows == 0) {
      EXPECT_EQ(a, 4.0);
    }
    ++rows;
  }
  EXPECT_EQ(rows, 5);
  EXPECT_EQ(t, 1.0);
  EXPECT_NEAR(a, 4 * std::exp(-1.0), 1e-3);  // default rtol 1e-4 / atol 1e-6
}

TEST(SimulateCli, RobertsonExampleConservesMass) {
  CliResult r = Cli("simulate " + Example("robertson.crn") +
                    " --t-end 40 --solver bdf --rtol 1e-6 --atol 1e-10 --json");
  ASSERT_EQ(r.status, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  const double a = j["final"]["A"], b = j["final"]["B"], c = j["final"]["C"];
  EXPECT_NEAR(a + b + c, 1.0, 1e-8);
  EXPECT_NEAR(a, 0.7158271, 1e-5);  // Hairer & Wanner reference value
}

TEST(SimulateCli, BlowUpExitsWithNumericalFailureAndBadInputWithTwo) {
  const std::string crn = TempPath("blowup.crn");
  std::ofstream(crn) << "2A -> 3A [k = 1]\ninit A = 10\n";
  CliResult r = Cli("simulate " + crn + " --t-end 1");
  EXPECT_EQ(r.status, 3);
  EXPECT_EQ(Cli("simulate " + crn + " --t-end 1 --set Q=1").status, 2);
  EXPECT_EQ(Cli("simulate " + crn + " --t-end 1 --set A=-1").status, 2);
  EXPECT_NE(Cli("simulate " + crn + " --t-end 1 --solver rk4").status, 0);
  EXPECT_NE(Cli("simulate " + crn).status, 0);  // --t-end is required
}

// A failed solve with --json still prints a JSON object on stdout (ok false, the reason, the
// time and state reached, the statistics) and exits 3. 2A -> 3A from a(0) = 10 is
// a(t) = 10 / (1 - 10 t): it passes --max-concentration 1e8 just before t = 0.1.
TEST(SimulateCli, JsonReportsTheStateReachedWhenTheSolverFails) {
  const std::string crn = TempPath("blowup_json.crn");
  std::ofstream(crn) << "2A -> 3A [k = 1]\ninit A = 10\n";
  const std::string csv = TempPath("blowup_json.csv");
  std::remove(csv.c_str());
  CliResult r = Cli("simulate " + crn + " --t-end 1 --json --csv " + csv);  // stdout only
  EXPECT_EQ(r.status, 3) << r.out;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["ok"], false);
  EXPECT_NE(j["error"].get<std::string>().find(crn), std::string::npos) << j["error"];
  const double t = j["t_reached"].get<double>();
  EXPECT_NEAR(t, 0.1, 1e-3);
  EXPECT_EQ(j["stats"]["t_reached"].get<double>(), t);
  EXPECT_NE(j["stats"]["termination"], "success");
  EXPECT_GT(j["stats"]["steps"].get<long>(), 0);
  // The state reached: A has grown at least as far as the analytic a(t_reached) (which is
  // > 1e3 for t_reached > 0.0991), not the initial 10 and not empty.
  const double a = j["final"]["A"].get<double>();
  EXPECT_GE(a, 0.99 * 10 / (1 - 10 * t));
  EXPECT_GT(a, 1e3);
  EXPECT_FALSE(j.contains("csv"));
  EXPECT_FALSE(std::ifstream(csv).good());  // no trajectory file from a failed solve
  // Without --json: nothing on stdout, the message on stderr, exit 3.
  r = Cli("simulate " + crn + " --t-end 1", true);
  EXPECT_EQ(r.status, 3);
  EXPECT_NE(r.out.find("numerical failure"), std::string::npos) << r.out;
  // Success reports ok true.
  r = Cli("simulate " + Example("decay.crn") + " --t-end 1 --json");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_EQ(nlohmann::json::parse(r.out)["ok"], true);
}

TEST(SimulateCli, OutOfRangeFlagsAreBadInputWithAPlainMessage) {
  for (const char* flags :
       {"--t-end -1", "--t-end inf", "--t-end 1 --rtol 0", "--t-end 1 --samples 0",
        "--t-end 1 --samples 1000000000", "--t-end 1x", "--t-end 1 --bogus"}) {
    const CliResult r = Cli("simulate " + Example("decay.crn") + " " + flags, true);
    EXPECT_EQ(r.status, 2) << flags << ": " << r.out;
    EXPECT_LT(r.out.size(), 400u) << flags << ": " << r.out;
  }
  const CliResult r = Cli("simulate " + Example("decay.crn") + " --t-end -1", true);
  EXPECT_NE(r.out.find("expected a finite number >= 0, got '-1'"), std::string::npos) << r.out;
}

TEST(SimulateCli, EmptyNetworkIsConstant) {
  const std::string crn = TempPath("empty.crn");
  std::ofstream(crn) << "# nothing reacts\nspecies A\ninit A = 1.5\n";
  CliResult r = Cli("simulate " + crn + " --t-end 3 --json");
  ASSERT_EQ(r.status, 0) << r.out;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["final"]["A"].get<double>(), 1.5);
}

// An ODE file gets told to compile first; rtol >= 1 (no accuracy at all) is refused.
TEST(SimulateCli, OdeFileAndUselessToleranceAreRefused) {
  CliResult r = Cli("simulate " + Example("linear_node.ode") + " --t-end 1", true);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("linear_node.ode: an ODE file, not a reaction network; compile it "
                       "first: neuralcrn compile"),
            std::string::npos)
      << r.out;
  r = Cli("simulate " + Example("decay.crn") + " --t-end 1 --rtol 1", true);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("rtol must be < 1, got 1"), std::string::npos) << r.out;
}

// --csv naming the network itself would overwrite it with the trajectory.
TEST(SimulateCli, CsvOverTheInputIsRefused) {
  const std::string crn = TempPath("self.crn");
  std::ofstream(crn) << "A -> 0 [k = 1]\ninit A = 1\n";
  const CliResult r = Cli("simulate " + crn + " --t-end 1 --csv " + crn, true);
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("is the input file"), std::string::npos) << r.out;
  EXPECT_EQ(ncrn::ReadCrnFile(crn).num_reactions(), 1);
}

}  // namespace
