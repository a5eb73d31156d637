#pragma once
// Learners that need no chemistry. HostOdeLearner integrates the Neural ODE of an experiment
// (linear f = theta z, or nonlinear f = h + (theta x + beta) z - q(z)) with fixed-step RK4 and
// forward sensitivities, giving the exact gradient of the discretised forward pass. It is the
// fallback when a trainer is not available and a fast stand-in in tests.
#include <span>
#include <vector>

#include "neuralcrn/circuits/neural_ode.h"
#include "neuralcrn/train/experiment.h"

namespace ncrn {

struct HostOdeOptions {
  // RK4 steps per unit time. Default 100 (step 0.01: gradient error ~1e-9 for the paper's
  // models). Fewer = faster, less accurate.
  int steps_per_unit = 100;
  // How the nonlinear -z^2 term is executed: z^2 (exact), z|z| (paper: 2Z -> 0 with fast
  // annihilation) or z|z|/2 (reference: Catalyst's 1/2). Default z^2.
  enum class Square { kExact, kAbs, kHalfAbs };
  Square square = Square::kExact;
  // Effective learning rate eta/(1+eta) (reference update CRN) instead of eta.
  bool reference_rate = false;
  void Validate() const;  // throws InputError
};

// The Neural ODE of an experiment (circuits/neural_ode.h), from its model config.
NeuralOde ExperimentModel(const ExperimentConfig& c, const ParameterLayout& layout);
// The step the chemical update realises: eta/(1+eta) for the reference convention, else eta.
double EffectiveLearningRate(const ExperimentConfig& c);

class HostOdeLearner : public Learner {
 public:
  HostOdeLearner(const ExperimentConfig& c, const ParameterLayout& layout,
                 std::span<const double> params, const HostOdeOptions& options);
  std::string Kind() const override;
  std::vector<double> Parameters() const override { return p_; }
  void SetParameters(std::span<const double> p) override;
  double TrainSample(std::span<const double> x, std::span<const double> target) override;
  std::vector<double> Predict(std::span<const double> x) override;
  std::vector<double> Hidden(std::span<const double> x) override;

  // Gradient of 1/2 |y_hat - target|^2 with respect to every parameter (layout order; zero for
  // frozen entries), and the loss.
  std::vector<double> Gradient(std::span<const double> x, std::span<const double> target,
                               double* loss);

 private:
  // Integrates z (and, if sens, dz/dp for theta and beta) over [0, T].
  void Flow(std::span<const double> x, std::vector<double>& z, std::vector<double>* sens) const;
  void Deriv(const std::vector<double>& xt, const double* y, double* dy, bool sens) const;

  ParameterLayout layout_;
  bool linear_;
  double h_, aug_, T_, eta_;
  HostOdeOptions options_;
  std::vector<double> p_;
};

}  // namespace ncrn
