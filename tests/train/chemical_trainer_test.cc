#include "neuralcrn/train/chemical_trainer.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <random>
#include <string>

#include <gtest/gtest.h>

#include "neuralcrn/core/error.h"
#include "neuralcrn/train/neural_ode.h"

namespace ncrn {
namespace {

ChemicalTrainerOptions Tight(double T) {
  ChemicalTrainerOptions o;
  o.t_end = T;
  o.solver.method = SolverMethod::kBdf;
  o.solver.rtol = 1e-10;
  o.solver.atol = 1e-13;
  return o;
}

// Loss of the forward CRN alone (Stage I simulated, y_hat = sum_i w_i z_i read off the pool).
double ForwardLoss(const LearningCircuit& c, const ChemicalTrainerOptions& o,
                   std::span<const double> params, std::span<const double> feat, double y) {
  const Crn& crn = c.Build(Stage::kForward).crn;
  MassActionSystem sys(crn);
  Solver solver(sys, o.solver);
  ChemicalTrainer t(c, o);  // used only as a loader: its pool names species by circuit variable
  t.SetParameters(params);
  std::vector<double> init(crn.num_species(), 0.0);
  const std::vector<double> x = c.model().Lift(feat);
  auto set = [&](VarId v, double val) {
    const RailNames n = c.Species(v);
    if (auto p = crn.Find(n.plus)) init[*p] = std::max(val, 0.0);
    if (!n.minus.empty()) {
      if (auto m = crn.Find(n.minus)) init[*m] = std::max(-val, 0.0);
    }
  };
  for (VarId v : c.parameters()) set(v, t.Value(v));
  for (VarId v : c.constants()) set(v, t.Value(v));
  for (int i = 0; i < c.dims(); ++i) {
    set(c.input()[i], x[i]);
    set(c.state()[i], x[i]);
  }
  std::vector<double> out(init.size());
  solver.Solve(init, o.t_end, out);
  double yhat = 0;
  for (VarId z : c.state()) {
    const RailNames n = c.Species(z);
    yhat += out[*crn.Find(n.plus)] - (n.minus.empty() ? 0.0 : out[*crn.Find(n.minus)]);
  }
  return 0.5 * (yhat - y) * (yhat - y);
}

struct Case {
  ModelKind kind;
  int features, augment;
};

class ChemicalGradientTest : public ::testing::TestWithParam<Case> {};

// One chemical round (Stages I-III) gives the gradient of the loss of the forward CRN:
// |g_chem - g_fd| <= 1e-3 |g_fd| + 1e-6 (T = 0.5, |theta| <= 0.6, solver rtol 1e-10; central
// differences with step 1e-4 have truncation error ~1e-8). It also matches the exact Neural ODE.
TEST_P(ChemicalGradientTest, MatchesFiniteDifferencesAndExactNeuralOde) {
  const Case cs = GetParam();
  ModelOptions mo;
  mo.kind = cs.kind;
  mo.features = cs.features;
  mo.augment = cs.augment;
  const NeuralOde model = MakeModel(mo);
  LearningCircuit c(model, CircuitOptions::For(Convention::kExact));
  const ChemicalTrainerOptions o = Tight(0.5);
  const bool positive = cs.kind == ModelKind::kMinimalPositive;
  std::mt19937 rng(11);
  std::uniform_real_distribution<double> u(0.1, 0.6);
  ChemicalTrainer t(c, o);
  std::vector<double> p = t.Parameters();
  for (std::size_t k = 0; k < p.size(); ++k) p[k] = positive || k % 3 ? u(rng) : -u(rng);
  t.SetParameters(p);
  std::vector<double> feat(mo.features);
  for (double& f : feat) f = u(rng);
  const double y = 1.0;
  const ChemicalSample rec = t.TrainSample(feat, std::vector<double>{y});
  ASSERT_FALSE(rec.skipped) << rec.failure;
  ASSERT_EQ(rec.gradient.size(), p.size());

  // The exact Neural ODE at the same parameters.
  ExactNeuralOdeOptions eo;
  eo.t_end = o.t_end;
  ExactNeuralOde exact(PolynomialNeuralOde::FromModel(model), eo);
  const std::vector<double> x = model.Lift(feat);
  const std::vector<double> w(c.dims(), 1.0);
  const ExactSample ex = exact.Evaluate(x, x, p, w, std::vector<double>{y});
  EXPECT_NEAR(rec.loss, ex.loss, 1e-7 + 1e-6 * ex.loss);

  for (std::size_t k = 0; k < p.size(); ++k) {
    const double h = 1e-4;
    std::vector<double> pp = p, pm = p;
    pp[k] += h;
    pm[k] -= h;
    const double fd = (ForwardLoss(c, o, pp, feat, y) - ForwardLoss(c, o, pm, feat, y)) / (2 * h);
    EXPECT_NEAR(rec.gradient[k], fd, 1e-3 * std::fabs(fd) + 1e-6) << "parameter " << k;
    EXPECT_NEAR(rec.gradient[k], ex.grad_params[k], 1e-4 * std::fabs(ex.grad_params[k]) + 1e-7)
        << "parameter " << k;
  }
  // The update moved every parameter by -eta_eff * g.
  const double eta = t.summary().effective_learning_rate;
  for (std::size_t k = 0; k < p.size(); ++k) {
    EXPECT_NEAR(rec.params_after[k], p[k] - eta * rec.gradient[k], 1e-6) << "parameter " << k;
  }
  if (!rec.z_back.empty()) {
    EXPECT_LT(rec.drift, 1e-6);
  }
}

// Readable ctest names: "linear_d2", "nonlinear_d4_k2" (model, features D, augmented K).
std::string CaseName(const ::testing::TestParamInfo<Case>& info) {
  std::string name = ToString(info.param.kind) + "_d" + std::to_string(info.param.features);
  if (info.param.augment > 0) name += "_k" + std::to_string(info.param.augment);
  std::replace(name.begin(), name.end(), '-', '_');  // gtest names: letters, digits, '_'
  return name;
}

INSTANTIATE_TEST_SUITE_P(Models, ChemicalGradientTest,
                         ::testing::Values(Case{ModelKind::kLinear, 2, 0},
                                           Case{ModelKind::kMinimal, 2, 0},
                                           Case{ModelKind::kMinimalPositive, 2, 0},
                                           Case{ModelKind::kNonlinear, 2, 1}),
                         CaseName);

// dz/dt = -theta z: dz(T)/dtheta = -T z0 exp(-theta T), so with L = 1/2 (z(T) - y)^2 the
// gradient is (z(T) - y) * (-T z0 exp(-theta T)).
TEST(ChemicalTrainerTest, ClosedFormOneParameterGradient) {
  NeuralOde m;
  m.name = "decay";
  m.features = 1;
  const PolyMatrix z = m.AddBlock("Z", BlockRole::kState, 1);
  m.AddBlock("X", BlockRole::kInput, 1);
  const PolyMatrix th = m.AddBlock("P", BlockRole::kParameter, 1);
  m.f = -1.0 * Hadamard(th, z);
  LearningCircuit c(m, CircuitOptions::For(Convention::kExact));
  const double T = 0.8, theta = 0.7, z0 = 1.3, y = 0.2;
  ChemicalTrainer t(c, Tight(T));
  t.SetParameters(std::vector<double>{theta});
  const ChemicalSample rec = t.TrainSample(std::vector<double>{z0}, std::vector<double>{y});
  const double zT = z0 * std::exp(-theta * T);
  const double g = (zT - y) * (-T * z0 * std::exp(-theta * T));
  EXPECT_NEAR(rec.z_T[0], zT, 1e-8);
  EXPECT_NEAR(rec.gradient[0], g, 1e-7 * std::fabs(g) + 1e-9);
  EXPECT_NEAR(rec.drift, 0.0, 1e-7);
}

// Parameter rails stay bounded over 1000 rounds with no host canonicalisation: the Stage IV
// annihilation P+ + P- -> 0 keeps the smaller rail small, so each rail stays near |p|.
TEST(ChemicalTrainerTest, ParameterRailsStayBoundedOver1000Rounds) {
  ModelOptions mo;
  mo.kind = ModelKind::kLinear;
  CircuitOptions co = CircuitOptions::For(Convention::kExact);
  co.learning_rate = 0.05;
  LearningCircuit c(MakeModel(mo), co);
  ChemicalTrainerOptions o;
  o.solver.method = SolverMethod::kBdf;
  ChemicalTrainer t(c, o);
  t.SetParameters(std::vector<double>{0.3, -0.2, 0.1, 0.4});
  std::mt19937 rng(5);
  std::normal_distribution<double> n(0, 1);
  double worst = 0;
  for (int s = 0; s < 1000; ++s) {
    const double x1 = n(rng), x2 = n(rng);
    const double y = x1 + 2 * x2 > 0 ? 1.0 : 0.0;
    const ChemicalSample rec = t.TrainSample(std::vector<double>{x1, x2}, std::vector<double>{y});
    ASSERT_FALSE(rec.skipped) << s << ": " << rec.failure;
    double pmax = 0;
    for (double p : rec.params_after) pmax = std::max(pmax, std::fabs(p));
    // Rail excess over |p| (the part annihilation must remove) stays below 0.05.
    worst = std::max(worst, rec.max_rail - pmax);
  }
  EXPECT_LT(worst, 0.05);
  for (double p : t.Parameters()) EXPECT_TRUE(std::isfinite(p));
  // Transient species were degraded: Z rails are at the exp(-40)-level residue.
  for (VarId v : c.state()) EXPECT_NEAR(t.Value(v), 0.0, 1e-9);
}

// A finite-time blow-up is caught, reported with its stage, and the parameters are unchanged.
TEST(ChemicalTrainerTest, BlowUpGuardSkipsUpdate) {
  ModelOptions mo;
  mo.features = 2;
  mo.augment = 1;
  LearningCircuit c(MakeModel(mo), CircuitOptions::For(Convention::kExact));
  ChemicalTrainerOptions o;
  o.t_end = 1.0;
  ChemicalTrainer t(c, o);
  std::vector<double> p = t.Parameters();
  for (std::size_t k = 0; k < p.size(); ++k) p[k] = 0.1;
  t.SetParameters(p);
  // z0 = -4: dz/dt ~ -z^2 escapes to -infinity at t ~ 1/4 (exact -z.z is kept for z < 0).
  const ChemicalSample bad = t.TrainSample(std::vector<double>{-4.0, -4.0}, std::vector<double>{1});
  EXPECT_TRUE(bad.skipped);
  EXPECT_EQ(bad.failed_stage, "forward");
  EXPECT_FALSE(bad.failure.empty());
  EXPECT_EQ(t.Parameters(), p);
  EXPECT_EQ(t.summary().skipped, 1);
  const ChemicalSample good = t.TrainSample(std::vector<double>{0.3, 0.5}, std::vector<double>{1});
  EXPECT_FALSE(good.skipped) << good.failure;
  EXPECT_NE(t.Parameters(), p);
}

// The authors' protocol (reference convention and schedule) runs and its update is
// p <- p - eta/(1+eta) g with host canonicalisation.
TEST(ChemicalTrainerTest, ReferenceScheduleRound) {
  ModelOptions mo;
  mo.features = 2;
  mo.augment = 1;
  CircuitOptions co = CircuitOptions::For(Convention::kReference);
  co.learning_rate = 0.1;
  LearningCircuit c(MakeModel(mo), co);
  ChemicalTrainerOptions o;
  o.schedule = Schedule::kReference;
  o.t_end = 0.8;
  ChemicalTrainer t(c, o);
  EXPECT_NEAR(t.summary().effective_learning_rate, 0.1 / 1.1, 1e-12);
  std::vector<double> p = t.Parameters();
  for (std::size_t k = 0; k < 9; ++k) p[k] = 0.3 * ((k % 2) ? 1 : -1);
  t.SetParameters(p);
  const ChemicalSample rec = t.TrainSample(std::vector<double>{0.5, 0.2}, std::vector<double>{1});
  ASSERT_FALSE(rec.skipped) << rec.failure;
  for (std::size_t k = 0; k < p.size(); ++k) {
    EXPECT_NEAR(rec.params_after[k], p[k] - 0.1 / 1.1 * rec.gradient[k], 1e-5);
  }
  // Everything but parameters and constants was reset by the host.
  for (VarId v : c.state()) EXPECT_EQ(t.Value(v), 0.0);
  // Error CRN over t = 1 leaves exp(-10) of e unconverted (reference notes 2.3).
  const std::vector<double> y = t.Predict(std::vector<double>{0.5, 0.2});
  EXPECT_EQ(y.size(), 1u);
}

TEST(ChemicalTrainerTest, RejectsBadInput) {
  ModelOptions mo;
  mo.kind = ModelKind::kLinear;
  LearningCircuit c(MakeModel(mo), CircuitOptions::For(Convention::kExact));
  ChemicalTrainerOptions o;
  o.t_end = -1;
  EXPECT_THROW(ChemicalTrainer(c, o), InputError);
  ChemicalTrainer t(c, {});
  EXPECT_THROW(t.SetParameters(std::vector<double>{1.0}), InputError);
  EXPECT_THROW(t.TrainSample(std::vector<double>{1.0}, std::vector<double>{1.0}), InputError);
  EXPECT_THROW(t.TrainSample(std::vector<double>{1.0, 2.0}, std::vector<double>{1.0, 0.0}),
               InputError);
  EXPECT_THROW(ScheduleFromString("async"), InputError);
}

}  // namespace
}  // namespace ncrn

namespace ncrn {
namespace {

// Multi-class head (K = 3, W trained): the chemical gradients of theta, beta and W (M = e z^T
// formed in Stage II) match the exact Neural ODE's (relative 1e-4).
TEST(ChemicalTrainerTest, MultiClassTrainedHeadMatchesExactGradient) {
  ModelOptions mo;
  mo.features = 2;
  mo.augment = 1;
  const NeuralOde model = MakeModel(mo);
  CircuitOptions co = CircuitOptions::For(Convention::kExact);
  co.head.outputs = 3;
  co.head.train_w = true;
  LearningCircuit c(model, co);
  ChemicalTrainer t(c, Tight(0.6));
  std::vector<double> p = t.Parameters();
  ASSERT_EQ(p.size(), 9u + 3u + 9u);
  std::mt19937 rng(2);
  std::uniform_real_distribution<double> u(-0.6, 0.6);
  for (double& v : p) v = u(rng);
  t.SetParameters(p);
  const std::vector<double> feat{0.3, 0.7}, target{0.0, 1.0, 0.0};
  const ChemicalSample rec = t.TrainSample(feat, target);
  ASSERT_FALSE(rec.skipped) << rec.failure;

  ExactNeuralOdeOptions eo;
  eo.t_end = 0.6;
  ExactNeuralOde exact(PolynomialNeuralOde::FromModel(model), eo);
  const std::vector<double> x = model.Lift(feat);
  const std::span<const double> all(p);
  const ExactSample ex = exact.Evaluate(x, x, all.first(12), all.subspan(12), target);
  for (int k = 0; k < 12; ++k) {
    EXPECT_NEAR(rec.gradient[k], ex.grad_params[k], 1e-4 * std::fabs(ex.grad_params[k]) + 1e-7);
  }
  for (int k = 0; k < 9; ++k) {
    EXPECT_NEAR(rec.gradient[12 + k], ex.grad_w[k], 1e-4 * std::fabs(ex.grad_w[k]) + 1e-7);
  }
  EXPECT_NEAR(rec.loss, ex.loss, 1e-7 + 1e-6 * ex.loss);
}

}  // namespace
}  // namespace ncrn

namespace ncrn {
namespace {

// Linear-NeuralCRN on a small linear dataset (x ~ N(0,1)^2, label x1 + 2 x2 > 0): the chemical
// (clocked schedule) and exact (NeuralOdeTrainer) parameter trajectories agree to 1e-3 over 10
// epochs when both use the same effective learning rate.
TEST(ChemicalTrainerTest, LinearTrajectoryMatchesExactNeuralOde) {
  ModelOptions mo;
  mo.kind = ModelKind::kLinear;
  const NeuralOde model = MakeModel(mo);
  CircuitOptions co = CircuitOptions::For(Convention::kExact);
  co.learning_rate = 0.05;
  LearningCircuit c(model, co);
  ChemicalTrainerOptions o;
  o.t_end = 1.0;
  ChemicalTrainer chem(c, o);
  const std::vector<double> theta0{0.2, -0.3, 0.1, 0.25};
  chem.SetParameters(theta0);
  NeuralOdeTrainerOptions no;
  no.ode.t_end = 1.0;
  no.ode.compute_drift = false;
  no.learning_rate = chem.summary().effective_learning_rate;
  std::vector<double> p0 = theta0;
  p0.insert(p0.end(), {1.0, 1.0});  // frozen W
  NeuralOdeTrainer exact(model, p0, no);
  std::mt19937 rng(256);
  std::normal_distribution<double> n(0, 1);
  std::vector<std::vector<double>> xs(50);
  for (auto& x : xs) x = {n(rng), n(rng)};
  double worst = 0;
  for (int epoch = 0; epoch < 10; ++epoch) {
    for (const auto& x : xs) {
      const std::vector<double> y{x[0] + 2 * x[1] > 0 ? 1.0 : 0.0};
      ASSERT_FALSE(chem.TrainSample(x, y).skipped);
      exact.TrainSample(x, y);
    }
    const std::vector<double> pc = chem.Parameters(), pe = exact.Parameters();
    for (int k = 0; k < 4; ++k) worst = std::max(worst, std::fabs(pc[k] - pe[k]));
  }
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", worst);
  RecordProperty("max_abs_theta_difference", buf);
  EXPECT_LT(worst, 1e-3);
  EXPECT_GT(std::fabs(chem.Parameters()[0] - theta0[0]), 0.05);  // it did learn something
}

}  // namespace
}  // namespace ncrn
