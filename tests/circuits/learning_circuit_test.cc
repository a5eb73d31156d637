#include "neuralcrn/circuits/learning_circuit.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "neuralcrn/core/crn_text.h"
#include "neuralcrn/core/error.h"

namespace ncrn {
namespace {

// ---------------------------------------------------------------------------------------------
// ODE-level checks: integrate the derived polynomial systems with RK4 (no compiler, no solver).

// RK4 on the equations `eqs` over the circuit space; variables without equation stay constant.
void Rk4(const LearningCircuit& c, const std::vector<std::pair<VarId, Polynomial>>& eqs,
         std::vector<double>& x, double t_end, int steps) {
  OdeSystem sys = c.space();
  for (const auto& [v, p] : eqs) sys.SetEquation(v, p);
  const double h = t_end / steps;
  const std::size_t n = x.size();
  std::vector<double> k1, k2, k3, k4, tmp(n);
  for (int s = 0; s < steps; ++s) {
    k1 = sys.EvaluateRhs(x);
    for (std::size_t i = 0; i < n; ++i) tmp[i] = x[i] + 0.5 * h * k1[i];
    k2 = sys.EvaluateRhs(tmp);
    for (std::size_t i = 0; i < n; ++i) tmp[i] = x[i] + 0.5 * h * k2[i];
    k3 = sys.EvaluateRhs(tmp);
    for (std::size_t i = 0; i < n; ++i) tmp[i] = x[i] + h * k3[i];
    k4 = sys.EvaluateRhs(tmp);
    for (std::size_t i = 0; i < n; ++i) x[i] += h / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
  }
}

std::vector<std::pair<VarId, Polynomial>> ForwardEqs(const LearningCircuit& c) {
  std::vector<std::pair<VarId, Polynomial>> eqs;
  for (int i = 0; i < c.dims(); ++i) eqs.push_back({c.state()[i], c.model().f[i]});
  return eqs;
}

// Loss 1/2 |W z(T) - y|^2 with W = 1 (binary head, frozen).
double Loss(const LearningCircuit& c, std::vector<double> x, double y, double T) {
  Rk4(c, ForwardEqs(c), x, T, 400);
  double yhat = 0;
  for (VarId z : c.state()) yhat += x[z];
  return 0.5 * (yhat - y) * (yhat - y);
}

struct GradCase {
  ModelKind kind;
  int features, augment;
};

class DerivedGradientTest : public ::testing::TestWithParam<GradCase> {};

// The derived backward system (Table 4) reproduces finite differences of the forward loss.
TEST_P(DerivedGradientTest, MatchesFiniteDifferences) {
  const GradCase gc = GetParam();
  ModelOptions mo;
  mo.kind = gc.kind;
  mo.features = gc.features;
  mo.augment = gc.augment;
  mo.minimal_bias = gc.kind == ModelKind::kMinimal;
  LearningCircuit c(MakeModel(mo), CircuitOptions::For(Convention::kExact));
  const int d = c.dims();
  std::vector<double> x(c.space().size(), 0.0);
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> u(0.1, 0.6);
  for (VarId v : c.parameters()) x[v] = u(rng) * (v % 2 ? -1 : 1);
  for (const auto& [name, vals] : c.model().defaults) {
    const VariableBlock& b = c.model().block(name);
    for (int k = 0; k < b.size(); ++k) x[b.vars[k]] = vals[k];
  }
  std::vector<double> feat(c.model().features);
  for (double& f : feat) f = u(rng);
  const auto lifted = c.model().Lift(feat);
  for (int i = 0; i < d; ++i) x[c.state()[i]] = x[c.input()[i]] = lifted[i];
  const double T = 0.5, y = 1.0;

  // Stages I-II at the ODE level: z(T), a(T) = W^T e.
  std::vector<double> s = x;
  Rk4(c, ForwardEqs(c), s, T, 400);
  double yhat = 0;
  for (VarId z : c.state()) yhat += s[z];
  for (VarId a : c.adjoint()) s[a] = yhat - y;
  // Stage III.
  Rk4(c, c.BackwardEquations(), s, T, 400);

  for (std::size_t q = 0; q < c.parameters().size(); ++q) {
    const VarId p = c.parameters()[q];
    const double h = 1e-5;
    std::vector<double> xp = x, xm = x;
    xp[p] += h;
    xm[p] -= h;
    const double fd = (Loss(c, xp, y, T) - Loss(c, xm, y, T)) / (2 * h);
    const double g = s[c.gradients()[q]];
    // RK4 at 400 steps and central differences: both errors << 1e-7 here.
    EXPECT_NEAR(g, fd, 1e-6 + 1e-6 * std::fabs(fd)) << c.space().var(p).name;
  }
}

// Readable ctest names: "linear_d2", "nonlinear_d4_k2" (model, features D, augmented K).
std::string GradCaseName(const ::testing::TestParamInfo<GradCase>& info) {
  std::string name = ToString(info.param.kind) + "_d" + std::to_string(info.param.features);
  if (info.param.augment > 0) name += "_k" + std::to_string(info.param.augment);
  std::replace(name.begin(), name.end(), '-', '_');  // gtest names: letters, digits, '_'
  return name;
}

INSTANTIATE_TEST_SUITE_P(Models, DerivedGradientTest,
                         ::testing::Values(GradCase{ModelKind::kLinear, 2, 0},
                                           GradCase{ModelKind::kMinimal, 2, 0},
                                           GradCase{ModelKind::kMinimalPositive, 2, 0},
                                           GradCase{ModelKind::kNonlinear, 2, 1},
                                           GradCase{ModelKind::kNonlinear, 4, 2}),
                         GradCaseName);

// The nonlinear adjoint is a_i ((theta x)_i + beta_i - 2 z_i) (exact) and a_i ((theta x)_i -
// 2 z_i) in the reference convention (no beta term), with h replaced by H1 in dz/dt.
TEST(LearningCircuitTest, NonlinearAdjointFormsPerConvention) {
  ModelOptions mo;
  mo.features = 2;
  mo.augment = 1;
  for (Convention conv : {Convention::kExact, Convention::kReference}) {
    LearningCircuit c(MakeModel(mo), CircuitOptions::For(conv));
    const OdeSystem& sp = c.space();
    std::vector<double> x(sp.size());
    std::mt19937 rng(3);
    std::uniform_real_distribution<double> u(-1, 1);
    for (double& v : x) v = u(rng);
    OdeSystem sys = sp;
    for (const auto& [v, p] : c.BackwardEquations()) sys.SetEquation(v, p);
    const auto rhs = sys.EvaluateRhs(x);
    for (int i = 0; i < 3; ++i) {
      double thx = 0;
      for (int j = 0; j < 3; ++j) {
        thx += x[sp.Id(MatrixElementName("P", i, j, 3, 3))] * x[sp.Id(VectorElementName("X", j))];
      }
      const double z = x[c.state()[i]], a = x[c.adjoint()[i]];
      const double beta = x[sp.Id(VectorElementName("B", i))];
      const double want_a =
          conv == Convention::kExact ? a * (thx + beta - 2 * z) : a * (thx - 2 * z);
      EXPECT_NEAR(rhs[c.adjoint()[i]], want_a, 1e-12);
      const double h = x[sp.Id(conv == Convention::kExact ? VectorElementName("H", i) : "H1")];
      EXPECT_NEAR(rhs[c.state()[i]], -(h + (thx + beta) * z - z * z), 1e-12);
    }
  }
}

TEST(LearningCircuitTest, MinimalModelNeedsNoReversedState) {
  ModelOptions mo;
  mo.kind = ModelKind::kMinimal;
  LearningCircuit c(MakeModel(mo), CircuitOptions::For(Convention::kExact));
  for (const auto& [v, p] : c.BackwardEquations()) {
    EXPECT_THAT(c.state(), ::testing::Not(::testing::Contains(v)));
    EXPECT_THAT(c.adjoint(), ::testing::Not(::testing::Contains(v)));  // da/dt = 0
  }
  EXPECT_EQ(c.BackwardEquations().size(), 2u);  // g1, g2
}

TEST(LearningCircuitTest, EffectiveLearningRate) {
  ModelOptions mo;
  mo.kind = ModelKind::kLinear;
  CircuitOptions o = CircuitOptions::For(Convention::kExact);
  o.learning_rate = 0.1;
  LearningCircuit c(MakeModel(mo), o);
  EXPECT_NEAR(c.EffectiveLearningRate(1.0), 0.1 * (1 - std::exp(-100.0)), 1e-15);
  o = CircuitOptions::For(Convention::kReference);
  o.learning_rate = 0.1;
  LearningCircuit r(MakeModel(mo), o);
  EXPECT_NEAR(r.EffectiveLearningRate(100.0), 0.1 / 1.1, 1e-12);
}

TEST(LearningCircuitTest, RejectsBadInput) {
  ModelOptions mo;
  mo.features = 65;
  EXPECT_THROW(MakeModel(mo), InputError);
  mo.features = 2;
  mo.kind = ModelKind::kLinear;
  mo.augment = 1;
  EXPECT_THROW(MakeModel(mo), InputError);
  EXPECT_THROW(ModelKindFromString("relu"), InputError);
  EXPECT_THROW(ConventionFromString("exactly"), InputError);
  EXPECT_THROW(StageFromString("fwd"), InputError);
  CircuitOptions o;
  o.learning_rate = 2.0;  // split scheme needs eta <= 1
  mo.augment = 0;
  EXPECT_THROW(LearningCircuit(MakeModel(mo), o), InputError);
  o = CircuitOptions{};
  o.head.w = {1.0};  // wrong size
  EXPECT_THROW(LearningCircuit(MakeModel(mo), o), InputError);
}

// ---------------------------------------------------------------------------------------------
// Compiled networks: counts the paper and the authors' code fix (reference notes section 7).

TEST(LearningCircuitCountsTest, ReferenceNonlinear3D) {
  ModelOptions mo;
  mo.features = 2;
  mo.augment = 1;
  LearningCircuit c(MakeModel(mo), CircuitOptions::For(Convention::kReference));
  EXPECT_EQ(c.Build(Stage::kForward).species(), 42);
  EXPECT_EQ(c.Build(Stage::kForward).reactions(), 99);
  EXPECT_EQ(c.Build(Stage::kBackward).species(), 68);
  EXPECT_EQ(c.Build(Stage::kBackward).reactions(), 267);
  EXPECT_EQ(c.Build(Stage::kUpdate).reactions(), 48);
  EXPECT_EQ(c.Build(Stage::kOutput).reactions(), 14);
  EXPECT_EQ(c.Build(Stage::kError).reactions(), 5);
  EXPECT_EQ(c.Build(Stage::kForward).crn.rate_law(), RateLaw::kCombinatoric);
}

TEST(LearningCircuitCountsTest, ReferenceIris5D) {
  ModelOptions mo;
  mo.features = 4;
  mo.augment = 1;
  CircuitOptions o = CircuitOptions::For(Convention::kReference);
  LearningCircuit c(MakeModel(mo), o);
  EXPECT_EQ(c.Build(Stage::kForward).species(), 90);
  EXPECT_EQ(c.Build(Stage::kForward).reactions(), 245);
}

TEST(LearningCircuitCountsTest, Linear2D) {
  ModelOptions mo;
  mo.kind = ModelKind::kLinear;
  LearningCircuit c(MakeModel(mo), CircuitOptions::For(Convention::kReference));
  EXPECT_EQ(c.Build(Stage::kForward).species(), 12);
  EXPECT_EQ(c.Build(Stage::kForward).reactions(), 16);
  EXPECT_EQ(c.Build(Stage::kBackward).species(), 24);
  EXPECT_EQ(c.Build(Stage::kBackward).reactions(), 48);
}

TEST(LearningCircuitCountsTest, MinimalForward) {
  ModelOptions mo;
  mo.kind = ModelKind::kMinimal;
  mo.minimal_bias = true;
  LearningCircuit c(MakeModel(mo), CircuitOptions::For(Convention::kReference));
  EXPECT_EQ(c.Build(Stage::kForward).species(), 16);
  EXPECT_EQ(c.Build(Stage::kForward).reactions(), 12);
  mo.kind = ModelKind::kMinimalPositive;
  LearningCircuit p(MakeModel(mo), CircuitOptions::For(Convention::kExact));
  EXPECT_EQ(p.Build(Stage::kForward).species(), 6);  // Z1 Z2 X1 X2 P1 P2, single rail
  EXPECT_EQ(p.Build(Stage::kForward).reactions(), 2);
}

TEST(LearningCircuitCountsTest, DimensionGenericUpTo64) {
  ModelOptions mo;
  mo.features = 63;
  mo.augment = 1;
  CircuitOptions o = CircuitOptions::For(Convention::kExact);
  o.merge_identical = false;  // (merging 32k reactions is the slow part; counts are what we test)
  LearningCircuit c(MakeModel(mo), o);
  EXPECT_EQ(c.dims(), 64);
  // theta x z: 8 per (i, j); beta z: 4 per i; h: 2 per i; exact -z^2: 4 unmerged; annihilation 1.
  EXPECT_EQ(c.Build(Stage::kForward).reactions(), 64 * 64 * 8 + 64 * (4 + 2 + 4 + 1));
  EXPECT_EQ(c.Build(Stage::kForward).species(), 2 * (64 + 64 + 64 * 64 + 64 + 64));
}

}  // namespace
}  // namespace ncrn

namespace ncrn {
namespace {

// The reference forward network, executed under the combinatoric law, realises
// h + (theta x + beta) z - z|z|/2 while one Z rail is 0 (reference notes 1.3, "as executed").
TEST(LearningCircuitTest, ReferenceForwardRealisesHalfAbsSquare) {
  ModelOptions mo;
  mo.features = 2;
  mo.augment = 1;
  LearningCircuit c(MakeModel(mo), CircuitOptions::For(Convention::kReference));
  const StageCircuit& fw = c.Build(Stage::kForward);
  std::mt19937 rng(9);
  std::uniform_real_distribution<double> u(-1, 1);
  for (int trial = 0; trial < 20; ++trial) {
    std::vector<double> vals(fw.ode.size());
    for (double& v : vals) v = u(rng);
    for (VarId v = 0; v < fw.ode.size(); ++v) {
      if (fw.ode.var(v).name[0] == 'H') vals[v] = 0.1;
    }
    const std::vector<double> state = fw.compiled.LoadState(vals);
    const std::vector<double> d = fw.compiled.Project(MassActionRhs(fw.crn, state));
    for (VarId v = 0; v < fw.ode.size(); ++v) {
      if (!fw.ode.var(v).has_equation) continue;
      const double z = vals[v];
      // f = ode rhs with -z^2 replaced by -z|z|/2: add back z^2 and subtract z|z|/2.
      const double want = fw.ode.var(v).rhs.Evaluate(vals) + z * z - 0.5 * z * std::fabs(z);
      EXPECT_NEAR(d[v], want, 1e-12) << fw.ode.var(v).name;
    }
  }
}

// neuralcrn circuit --json reports the stage's counts and -o writes a CRN that reads back.
TEST(CircuitCommandTest, JsonCountsAndOutputFile) {
  const char* cli = std::getenv("NCRN_CLI");
  if (cli == nullptr) GTEST_SKIP() << "NCRN_CLI not set";
  const std::string out = std::string(NCRN_BINARY_DIR) + "/circuit_cmd_test.crn";
  const std::string cmd = std::string(cli) +
                          " circuit --model nonlinear --dims 2 --augment 1 --convention reference "
                          "--stage forward --json -o " +
                          out;
  FILE* p = popen(cmd.c_str(), "r");
  ASSERT_NE(p, nullptr);
  std::string text;
  char buf[4096];
  while (std::fgets(buf, sizeof buf, p)) text += buf;
  ASSERT_EQ(pclose(p), 0) << text;
  EXPECT_THAT(text, ::testing::HasSubstr("\"species\": 42"));
  EXPECT_THAT(text, ::testing::HasSubstr("\"reactions\": 99"));
  const Crn crn = ReadCrnFile(out);
  EXPECT_EQ(crn.num_reactions(), 99);
  EXPECT_EQ(crn.num_species(), 42);
  const std::string bad = std::string(cli) + " circuit --model relu 2>/dev/null";
  EXPECT_EQ(WEXITSTATUS(std::system(bad.c_str())), 2);
}

std::string RunCli(const std::string& args) {
  FILE* p = popen((std::string(std::getenv("NCRN_CLI")) + " " + args).c_str(), "r");
  std::string text;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) text.append(buf, n);
  pclose(p);
  return text;
}

// circuit --json and compile --json describe a network the same way: molecularity as an object
// with the same keys, per_template counting every compiled and annihilation reaction. The
// reference forward stage is the network of examples/nonlinear_forward.ode compiled in the
// reference conventions (42 species, 99 reactions, 3 annihilations).
TEST(CircuitCommandTest, JsonHasTheShapeOfCompileJson) {
  if (std::getenv("NCRN_CLI") == nullptr) GTEST_SKIP() << "NCRN_CLI not set";
  const auto c = nlohmann::json::parse(
      RunCli("circuit --model nonlinear --dims 2 --augment 1 --convention reference --stage "
             "forward --json"));
  const auto k = nlohmann::json::parse(RunCli(
      "compile " + std::string(NCRN_SOURCE_DIR) +
      "/examples/nonlinear_forward.ode --square reference --annihilation 100 --no-merge --json"));
  ASSERT_TRUE(c["molecularity"].is_object()) << c.dump();
  EXPECT_EQ(c["molecularity"], k["molecularity"]);
  EXPECT_EQ(c["per_template"], k["per_template"]);
  EXPECT_EQ(c["per_template"]["annihilation"], 3);
  int sum = 0;
  for (const auto& [key, n] : c["molecularity"].items()) sum += n.get<int>();
  EXPECT_EQ(sum, c["reactions"].get<int>());
  // The whole circuit reports the stages' annihilations too (forward and backward z, error).
  const auto all = nlohmann::json::parse(RunCli(
      "circuit --model nonlinear --dims 2 --augment 1 --convention reference --stage all --json"));
  EXPECT_GT(all["per_template"]["annihilation"].get<int>(), 3) << all.dump();
  // Out-of-range sizes name the flag.
  const std::string bad = RunCli("circuit --dims 100 2>&1");
  EXPECT_THAT(bad, ::testing::HasSubstr("--dims 100")) << bad;
  EXPECT_THAT(bad, ::testing::HasSubstr("1..64")) << bad;
}

}  // namespace
}  // namespace ncrn
