#include "neuralcrn/train/neural_ode.h"

#include <array>
#include <cmath>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <Eigen/Dense>
#include <unsupported/Eigen/MatrixFunctions>

#include "neuralcrn/circuits/neural_ode.h"
#include "neuralcrn/core/error.h"

namespace ncrn {
namespace {

// |a - b| <= atol + rtol |b|
#define EXPECT_CLOSE(a, b, rtol, atol) EXPECT_NEAR(a, b, (atol) + (rtol)*std::abs(b))

// dz/dt = -theta z, one state, one parameter.
PolynomialNeuralOde Decay() {
  PolynomialNeuralOde m;
  m.names = {"z", "theta"};
  m.state = {0};
  m.params = {1};
  m.rhs = {-1.0 * (Polynomial::Variable(1) * Polynomial::Variable(0))};
  return m;
}

TEST(ExactNeuralOdeTest, OneParameterClosedForm) {
  // z(T) = z0 e^{-theta T}, dz(T)/dtheta = -T z0 e^{-theta T}.
  const double z0 = 1.3, theta = 0.7, T = 1.5, y = 0.2;
  ExactNeuralOde ode(Decay(), {.t_end = T});
  const std::vector<double> z{z0}, p{theta}, w{1.0}, target{y};
  ExactSample s = ode.Evaluate(z, {}, p, w, target);
  const double zT = z0 * std::exp(-theta * T);
  const double dz = -T * z0 * std::exp(-theta * T);
  // Tolerances: CVODE at rtol 1e-10 accumulates a few 1e-10 relative over the horizon.
  EXPECT_CLOSE(s.z_T[0], zT, 1e-8, 1e-12);
  EXPECT_CLOSE(s.dz_dp[0], dz, 1e-8, 1e-12);
  EXPECT_CLOSE(s.loss, 0.5 * (zT - y) * (zT - y), 1e-8, 1e-14);
  EXPECT_CLOSE(s.grad_params[0], (zT - y) * dz, 1e-8, 1e-12);
  EXPECT_CLOSE(s.grad_w[0], (zT - y) * zT, 1e-8, 1e-12);
  // The backward flow retraces the forward one: drift at the solver's tolerance.
  EXPECT_LT(s.drift, 1e-8);
  EXPECT_GT(s.steps, 0);
  EXPECT_CLOSE(ode.Flow(z, {}, p)[0], zT, 1e-8, 1e-12);
}

TEST(ExactNeuralOdeTest, BdfGivesTheSameClosedForm) {
  const double z0 = -0.8, theta = 2.0, T = 1.0;
  ExactNeuralOde ode(Decay(), {.t_end = T, .method = NeuralOdeMethod::kBdf});
  ExactSample s = ode.Evaluate(std::vector<double>{z0}, {}, std::vector<double>{theta},
                               std::vector<double>{1.0}, std::vector<double>{0.0});
  // BDF (order <= 5) at rtol 1e-10 is a little less accurate than Adams.
  EXPECT_CLOSE(s.dz_dp[0], -T * z0 * std::exp(-theta * T), 1e-7, 1e-11);
}

// Linear-NeuralCRN f = theta z (D = 2), built by the circuits layer.
NeuralOde LinearModel() {
  ModelOptions o;
  o.kind = ModelKind::kLinear;
  o.features = 2;
  o.augment = 0;
  return MakeModel(o);
}

TEST(ExactNeuralOdeTest, LinearAgainstMatrixExponential) {
  // z(T) = expm(T theta) z0; dz(T)/dtheta_ij = L(T theta, T E_ij) z0, where the Frechet
  // derivative L(A, E) is the upper-right block of expm([[A, E], [0, A]]) (exact to ~1e-15).
  const double T = 1.0;
  Eigen::Matrix2d theta;
  theta << -0.6, 1.1, -0.4, 0.3;
  const Eigen::Vector2d z0(0.7, -1.2);
  ExactNeuralOde ode(PolynomialNeuralOde::FromModel(LinearModel()), {.t_end = T});
  ASSERT_EQ(ode.num_params(), 4);
  const std::vector<double> p{theta(0, 0), theta(0, 1), theta(1, 0), theta(1, 1)};
  const std::vector<double> z{z0(0), z0(1)};
  const std::vector<double> w{1.0, 1.0}, y{0.5};
  ExactSample s = ode.Evaluate(z, z, p, w, y);

  const Eigen::Vector2d zT = (T * theta).exp() * z0;
  EXPECT_CLOSE(s.z_T[0], zT(0), 1e-8, 1e-11);
  EXPECT_CLOSE(s.z_T[1], zT(1), 1e-8, 1e-11);
  const double e = zT.sum() - y[0];
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) {
      Eigen::Matrix4d big = Eigen::Matrix4d::Zero();
      big.topLeftCorner<2, 2>() = T * theta;
      big.bottomRightCorner<2, 2>() = T * theta;
      big(i, 2 + j) = T;
      const Eigen::Vector2d dz = big.exp().topRightCorner<2, 2>() * z0;
      const int k = 2 * i + j;
      EXPECT_CLOSE(s.dz_dp[0 * 4 + k], dz(0), 1e-8, 1e-11) << "theta" << i + 1 << j + 1;
      EXPECT_CLOSE(s.dz_dp[1 * 4 + k], dz(1), 1e-8, 1e-11) << "theta" << i + 1 << j + 1;
      EXPECT_CLOSE(s.grad_params[k], e * dz.sum(), 1e-8, 1e-11);
    }
  EXPECT_LT(s.drift, 1e-8);
}

// Nonlinear-NeuralCRN f = h + (theta x + beta) .* z - z .* z, 2 features + 1 augmented.
NeuralOde NonlinearModel() {
  ModelOptions o;
  o.kind = ModelKind::kNonlinear;
  o.features = 2;
  o.augment = 1;
  o.augment_value = 0.2;
  o.h = 0.1;
  return MakeModel(o);
}

TEST(ExactNeuralOdeTest, NonlinearAgainstCentralFiniteDifferences) {
  const NeuralOde model = NonlinearModel();
  ExactNeuralOde ode(PolynomialNeuralOde::FromModel(model), {.t_end = 0.8});
  ASSERT_EQ(ode.dims(), 3);
  ASSERT_EQ(ode.num_params(), 12);  // theta 3x3, beta 3
  std::vector<double> p{0.5, -0.9, 0.3, 1.2, 0.1, -0.4, -0.7, 0.8, 0.6, 0.1, 0.1, 0.1};
  const std::vector<double> x = model.Lift(std::vector<double>{0.45, -0.3});
  const std::vector<double> w{0.9, 1.1, -0.5}, y{1.0};
  ExactSample s = ode.Evaluate(x, x, p, w, y);

  auto loss = [&](const std::vector<double>& q, const std::vector<double>& wq) {
    const std::vector<double> z = ode.Flow(x, x, q);
    double yh = 0;
    for (int i = 0; i < 3; ++i) yh += wq[i] * z[i];
    return 0.5 * (yh - y[0]) * (yh - y[0]);
  };
  // Step 1e-4: truncation O(h^2) ~ 1e-8; solver noise ~ rtol |L| / h ~ 1e-6 at worst.
  // Tolerance 1e-5 relative + 1e-6 absolute covers both with margin.
  const double h = 1e-4;
  for (int k = 0; k < 12; ++k) {
    auto qp = p, qm = p;
    qp[k] += h;
    qm[k] -= h;
    const double fd = (loss(qp, w) - loss(qm, w)) / (2 * h);
    EXPECT_CLOSE(s.grad_params[k], fd, 1e-5, 1e-6) << "parameter " << k;
  }
  for (int i = 0; i < 3; ++i) {
    auto wp = w, wm = w;
    wp[i] += h;
    wm[i] -= h;
    const double fd = (loss(p, wp) - loss(p, wm)) / (2 * h);
    EXPECT_CLOSE(s.grad_w[i], fd, 1e-5, 1e-6) << "w" << i;
  }
  EXPECT_LT(s.drift, 1e-7);
  EXPECT_LT(s.drift_max, s.drift + 1e-300);
}

TEST(ExactNeuralOdeTest, BlowUpIsANumericalErrorWithTheTimeReached) {
  // dz/dt = z^2 from z0 = 2 blows up at t = 1/2.
  PolynomialNeuralOde m;
  m.names = {"z"};
  m.state = {0};
  m.rhs = {Polynomial::Variable(0) * Polynomial::Variable(0)};
  ExactNeuralOde ode(m, {.t_end = 1.0, .max_steps = 5000});
  try {
    ode.Flow(std::vector<double>{2.0}, {}, {});
    FAIL() << "expected NumericalError";
  } catch (const NumericalError& e) {
    EXPECT_THAT(e.what(), testing::HasSubstr("forward flow"));
    EXPECT_THAT(e.what(), testing::HasSubstr("t = 0.5"));
  }
}

TEST(ExactNeuralOdeTest, BadInputIsRejected) {
  EXPECT_THROW(ExactNeuralOde(Decay(), {.t_end = 0.0}), InputError);
  EXPECT_THROW(ExactNeuralOde(Decay(), {.rtol = 0.0}), InputError);
  PolynomialNeuralOde unknown = Decay();
  unknown.params.clear();  // theta now belongs to no role
  EXPECT_THROW(ExactNeuralOde{unknown}, InputError);
  PolynomialNeuralOde twice = Decay();
  twice.params = {0};  // z as state and parameter
  EXPECT_THROW(ExactNeuralOde{twice}, InputError);
  ExactNeuralOde ode(Decay());
  EXPECT_THROW(ode.Flow(std::vector<double>{1.0, 2.0}, {}, std::vector<double>{1.0}), InputError);
  EXPECT_THROW(ode.Flow(std::vector<double>{NAN}, {}, std::vector<double>{1.0}), InputError);
  EXPECT_THROW(ode.Evaluate(std::vector<double>{1.0}, {}, std::vector<double>{1.0},
                            std::vector<double>{1.0}, std::vector<double>{1.0, 2.0}),
               InputError);
}

TEST(NeuralOdeTrainerTest, SgdStepIsParamsMinusRateTimesExactGradient) {
  const NeuralOde model = NonlinearModel();
  std::vector<double> p0{0.5, -0.9, 0.3, 1.2, 0.1, -0.4, -0.7, 0.8,
                         0.6, 0.1,  0.1, 0.1, 1.0, 1.0,  1.0};  // theta | beta | W (frozen)
  NeuralOdeTrainerOptions o;
  o.ode.t_end = 0.8;
  o.learning_rate = 0.1 / 1.1;  // the reference Stage IV's eta/(1+eta) for eta = 0.1
  NeuralOdeTrainer a(model, p0, o), b(model, p0, o);
  const std::vector<double> f{0.45, -0.3}, y{1.0};
  const ExactSample s = a.Evaluate(f, y);
  const double loss = a.TrainSample(f, y);
  EXPECT_EQ(loss, s.loss);
  const NeuralOdeStep& step = a.last_step();
  EXPECT_EQ(step.params_before, p0);
  for (int k = 0; k < 15; ++k) {
    const double g = k < 12 ? s.grad_params[k] : 0.0;  // W frozen
    EXPECT_EQ(step.gradient[k], g);
    EXPECT_DOUBLE_EQ(a.Parameters()[k], p0[k] - o.learning_rate * g);
  }
  EXPECT_EQ(step.params_after, a.Parameters());
  EXPECT_LT(step.drift, 1e-7);
  // Same initial parameters and samples in the same order give the same trajectory.
  b.TrainSample(f, y);
  EXPECT_EQ(a.Parameters(), b.Parameters());
  // Predict uses the updated parameters and W z(T).
  const std::vector<double> z = a.Hidden(f);
  EXPECT_DOUBLE_EQ(a.Predict(f)[0], z[0] + z[1] + z[2]);
  EXPECT_THROW(a.SetParameters(std::vector<double>(3, 0.0)), InputError);
}

TEST(NeuralOdeTrainerTest, TrainedWFollowsItsGradientAndLossDecreases) {
  ModelOptions mo;
  mo.kind = ModelKind::kNonlinear;
  mo.features = 2;
  mo.augment = 1;
  const NeuralOde model = MakeModel(mo);
  std::vector<double> p(12 + 2 * 3, 0.0);
  for (int i = 0; i < 3; ++i) p[4 * i] = -0.5;  // theta = -0.5 I
  for (int i = 9; i < 12; ++i) p[i] = 0.1;      // beta
  for (int k = 12; k < 18; ++k) p[k] = 0.3;     // W 2x3
  NeuralOdeTrainerOptions o;
  o.ode.t_end = 0.5;
  o.outputs = 2;
  o.train_w = true;
  o.learning_rate = 0.2;
  NeuralOdeTrainer t(model, p, o);
  const std::vector<double> f{0.2, 0.7}, y{1.0, 0.0};
  const ExactSample s = t.Evaluate(f, y);
  const double first = t.TrainSample(f, y);
  for (int k = 0; k < 6; ++k)
    EXPECT_DOUBLE_EQ(t.Parameters()[12 + k], p[12 + k] - 0.2 * s.grad_w[k]);
  double last = first;
  for (int it = 0; it < 20; ++it) last = t.TrainSample(f, y);
  EXPECT_LT(last, 0.5 * first);
}

}  // namespace
}  // namespace ncrn

namespace ncrn {
namespace {

// Independent reference for f = theta z: loss gradient by the Frechet derivative of expm.
std::vector<double> ExpmGradient(const Eigen::Matrix2d& theta, const Eigen::Vector2d& x, double y,
                                 double T) {
  const Eigen::Vector2d z = (T * theta).exp() * x;
  const double e = z.sum() - y;  // w = [1, 1]
  std::vector<double> g(4);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 2; ++j) {
      Eigen::Matrix4d big = Eigen::Matrix4d::Zero();
      big.topLeftCorner<2, 2>() = T * theta;
      big.bottomRightCorner<2, 2>() = T * theta;
      big(i, 2 + j) = T;
      g[2 * i + j] = e * (big.exp().topRightCorner<2, 2>() * x).sum();
    }
  return g;
}

TEST(NeuralOdeTrainerTest, LinearSgdTrajectoryOverTenEpochsMatchesExpmReference) {
  // 10 epochs of online SGD on 12 linear-rule samples (label 1 iff x1 + 2 x2 > 0), the same
  // samples in the same order each epoch, as the chemical trainer would see them. Parameters
  // after every sample are compared with SGD driven by the closed-form (expm) gradient.
  const NeuralOde model = LinearModel();
  std::vector<double> p0{0.3, -0.2, 0.1, -0.4, 1.0, 1.0};  // theta 2x2 | W 1x2 (frozen)
  NeuralOdeTrainerOptions o;
  o.ode.t_end = 1.0;
  o.learning_rate = 0.01 / 1.01;
  o.ode.compute_drift = false;
  NeuralOdeTrainer trainer(model, p0, o);
  std::vector<std::array<double, 2>> xs;
  for (int k = 0; k < 12; ++k) xs.push_back({std::sin(1.7 * k + 0.3), std::cos(2.3 * k)});
  Eigen::Matrix2d theta;
  theta << p0[0], p0[1], p0[2], p0[3];
  double max_diff = 0.0;
  for (int epoch = 0; epoch < 10; ++epoch)
    for (const auto& x : xs) {
      const double y = x[0] + 2 * x[1] > 0 ? 1.0 : 0.0;
      trainer.TrainSample(x, std::vector<double>{y});
      const auto g = ExpmGradient(theta, Eigen::Vector2d(x[0], x[1]), y, 1.0);
      for (int k = 0; k < 4; ++k) theta(k / 2, k % 2) -= o.learning_rate * g[k];
      for (int k = 0; k < 4; ++k)
        max_diff = std::max(max_diff, std::abs(trainer.Parameters()[k] - theta(k / 2, k % 2)));
    }
  // 120 steps, each gradient exact to ~1e-9 relative: trajectories agree to 1e-9 absolute.
  EXPECT_LT(max_diff, 1e-9);
  // And training moved the parameters (the comparison is not vacuous).
  EXPECT_GT(std::abs(theta(0, 0) - p0[0]) + std::abs(theta(1, 1) - p0[3]), 1e-3);
  EXPECT_EQ(trainer.Parameters()[4], 1.0);  // W frozen
}

}  // namespace
}  // namespace ncrn

namespace ncrn {
namespace {

TEST(NeuralOdeLockStepTest, RelativeErrorIsTheNormRatio) {
  const std::vector<double> exact{3.0, 4.0}, approx{3.0, 4.5};
  EXPECT_DOUBLE_EQ(RelativeError(approx, exact), 0.5 / 5.0);
  EXPECT_DOUBLE_EQ(RelativeError(std::vector<double>{1e-3}, std::vector<double>{0.0}, 1e-2), 0.1);
  EXPECT_THROW(RelativeError(exact, std::vector<double>{1.0}), InputError);
}

}  // namespace
}  // namespace ncrn

namespace ncrn {
namespace {

// dz/dt = -k z - z^3: forward contracts by e^{-kT}; the reversed flow amplifies the forward's
// rounding by e^{kT} and, once z ~ 1, the z^3 term blows up in finite time.
PolynomialNeuralOde Contracting(double k) {
  PolynomialNeuralOde m;
  m.names = {"z"};
  m.state = {0};
  const Polynomial z = Polynomial::Variable(0);
  m.rhs = {-k * z - z * z * z};
  return m;
}

TEST(ExactNeuralOdeDriftTest, MildContractionRetracesToSolverTolerance) {
  ExactNeuralOde ode(Contracting(1.0), {.t_end = 1.0});
  ExactSample s = ode.Evaluate(std::vector<double>{0.8}, {}, {}, std::vector<double>{1.0},
                               std::vector<double>{0.0});
  EXPECT_LT(s.drift, 1e-8);
  EXPECT_TRUE(s.drift_failure.empty());
}

TEST(ExactNeuralOdeDriftTest, UnstableBackwardFlowIsReportedNotThrown) {
  ExactNeuralOde ode(Contracting(100.0), {.t_end = 1.0, .max_steps = 20000});
  ExactSample s = ode.Evaluate(std::vector<double>{1.0}, {}, {}, std::vector<double>{1.0},
                               std::vector<double>{0.0});
  // The forward pass and its gradient are fine: z(T) ~ e^{-100} ~ 0.
  EXPECT_LT(std::abs(s.z_T[0]), 1e-10);
  // The backward flow cannot return to z0 = 1: either a huge drift or a reported failure.
  // (On this toolchain CVODE gives up near t = 0.33 as the reversed flow blows up.)
  EXPECT_GE(s.drift, 1.0);
  if (std::isinf(s.drift)) {
    EXPECT_THAT(s.drift_failure, testing::HasSubstr("backward hidden-state flow"));
    EXPECT_TRUE(s.z_back.empty());
  }
}

}  // namespace
}  // namespace ncrn
