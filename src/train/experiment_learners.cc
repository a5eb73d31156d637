#include "neuralcrn/train/experiment_learners.h"

#include <cmath>

#include <fmt/format.h>

#include "neuralcrn/circuits/neural_ode.h"
#include "neuralcrn/core/error.h"
#include "neuralcrn/train/neural_ode.h"

namespace ncrn {

void HostOdeOptions::Validate() const {
  if (steps_per_unit < 1 || steps_per_unit > 1000000)
    throw InputError(fmt::format("HostOdeOptions.steps_per_unit is {}; must be in [1, 1e6]",
                                 steps_per_unit));
}

HostOdeLearner::HostOdeLearner(const ExperimentConfig& c, const ParameterLayout& layout,
                               std::span<const double> params, const HostOdeOptions& options)
    : layout_(layout),
      linear_(c.model.kind == "linear"),
      h_(c.model.h),
      aug_(c.model.augment_value),
      T_(c.schedule.T),
      eta_(options.reference_rate ? c.schedule.eta / (1 + c.schedule.eta) : c.schedule.eta),
      options_(options) {
  options_.Validate();
  SetParameters(params);
}

void HostOdeLearner::SetParameters(std::span<const double> p) {
  if (static_cast<int>(p.size()) != layout_.size())
    throw InputError(fmt::format("parameter vector has {} entries; the model needs {}", p.size(),
                                 layout_.size()));
  p_.assign(p.begin(), p.end());
}

void HostOdeLearner::Deriv(const std::vector<double>& xt, const double* y, double* dy,
                           bool sens) const {
  const int D = layout_.dims;
  const int P = layout_.w_offset();  // theta and beta have sensitivities
  const double* th = p_.data();
  const double* S = y + D;
  double* dS = dy + D;
  if (linear_) {
    for (int i = 0; i < D; ++i) {
      double s = 0;
      for (int j = 0; j < D; ++j) s += th[i * D + j] * y[j];
      dy[i] = s;
    }
    if (!sens) return;
    for (int i = 0; i < D; ++i) {
      for (int p = 0; p < P; ++p) {
        double s = 0;
        for (int k = 0; k < D; ++k) s += th[i * D + k] * S[k * P + p];
        dS[i * P + p] = s;
      }
      for (int j = 0; j < D; ++j) dS[i * P + i * D + j] += y[j];
    }
    return;
  }
  const double* beta = p_.data() + layout_.beta_offset();
  for (int i = 0; i < D; ++i) {
    double a = beta[i];
    for (int j = 0; j < D; ++j) a += th[i * D + j] * xt[j];
    const double z = y[i];
    double q = z * z, dq = 2 * z;
    if (options_.square == HostOdeOptions::Square::kAbs) q = z * std::abs(z), dq = 2 * std::abs(z);
    if (options_.square == HostOdeOptions::Square::kHalfAbs)
      q = 0.5 * z * std::abs(z), dq = std::abs(z);
    dy[i] = h_ + a * z - q;
    if (!sens) continue;
    const double J = a - dq;
    for (int p = 0; p < P; ++p) dS[i * P + p] = J * S[i * P + p];
    for (int j = 0; j < D; ++j) dS[i * P + i * D + j] += xt[j] * z;
    dS[i * P + layout_.beta_offset() + i] += z;
  }
}

void HostOdeLearner::Flow(std::span<const double> x, std::vector<double>& z,
                          std::vector<double>* sens) const {
  const int D = layout_.dims;
  const int P = layout_.w_offset();
  std::vector<double> xt(x.begin(), x.end());
  xt.resize(D, aug_);
  const bool s = sens != nullptr;
  const std::size_t n = D + (s ? static_cast<std::size_t>(D) * P : 0);
  std::vector<double> y(n, 0.0), k1(n), k2(n), k3(n), k4(n), tmp(n);
  for (int i = 0; i < D; ++i) y[i] = xt[i];
  const int steps = std::max(1, static_cast<int>(std::ceil(T_ * options_.steps_per_unit)));
  const double dt = T_ / steps;
  for (int k = 0; k < steps; ++k) {
    Deriv(xt, y.data(), k1.data(), s);
    for (std::size_t i = 0; i < n; ++i) tmp[i] = y[i] + 0.5 * dt * k1[i];
    Deriv(xt, tmp.data(), k2.data(), s);
    for (std::size_t i = 0; i < n; ++i) tmp[i] = y[i] + 0.5 * dt * k2[i];
    Deriv(xt, tmp.data(), k3.data(), s);
    for (std::size_t i = 0; i < n; ++i) tmp[i] = y[i] + dt * k3[i];
    Deriv(xt, tmp.data(), k4.data(), s);
    for (std::size_t i = 0; i < n; ++i) y[i] += dt / 6 * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i]);
  }
  for (int i = 0; i < D; ++i)
    if (!std::isfinite(y[i]))
      throw NumericalError(fmt::format("host Neural ODE: z{} is not finite at t = {} (the flow "
                                       "blew up; try a smaller learning rate or T)",
                                       i + 1, T_));
  z.assign(y.begin(), y.begin() + D);
  if (s) sens->assign(y.begin() + D, y.end());
}

std::string HostOdeLearner::Kind() const {
  if (linear_ || options_.square == HostOdeOptions::Square::kExact) return "host-rk4";
  return options_.square == HostOdeOptions::Square::kAbs ? "host-rk4 (-z|z|)"
                                                         : "host-rk4 (-z|z|/2)";
}

std::vector<double> HostOdeLearner::Hidden(std::span<const double> x) {
  std::vector<double> z;
  Flow(x, z, nullptr);
  return z;
}

std::vector<double> HostOdeLearner::Predict(std::span<const double> x) {
  std::vector<double> z = Hidden(x);
  const int D = layout_.dims;
  std::vector<double> y(layout_.outputs, 0.0);
  for (int k = 0; k < layout_.outputs; ++k)
    for (int i = 0; i < D; ++i) y[k] += p_[layout_.w_offset() + k * D + i] * z[i];
  return y;
}

std::vector<double> HostOdeLearner::Gradient(std::span<const double> x,
                                             std::span<const double> target, double* loss) {
  const int D = layout_.dims, P = layout_.w_offset(), K = layout_.outputs;
  std::vector<double> z, S;
  Flow(x, z, &S);
  const double* W = p_.data() + layout_.w_offset();
  std::vector<double> e(K, 0.0);
  double l = 0;
  for (int k = 0; k < K; ++k) {
    double y = 0;
    for (int i = 0; i < D; ++i) y += W[k * D + i] * z[i];
    e[k] = y - target[k];
    l += 0.5 * e[k] * e[k];
  }
  if (loss) *loss = l;
  std::vector<double> g(layout_.size(), 0.0);
  for (int i = 0; i < D; ++i) {
    double a = 0;  // adjoint at T: (W^T e)_i
    for (int k = 0; k < K; ++k) a += W[k * D + i] * e[k];
    for (int p = 0; p < P; ++p) g[p] += a * S[i * P + p];
  }
  if (layout_.w_trained)
    for (int k = 0; k < K; ++k)
      for (int i = 0; i < D; ++i) g[layout_.w_offset() + k * D + i] = e[k] * z[i];
  return g;
}

double HostOdeLearner::TrainSample(std::span<const double> x, std::span<const double> target) {
  double loss = 0;
  std::vector<double> g = Gradient(x, target, &loss);
  for (int i = 0; i < layout_.size(); ++i)
    if (layout_.Trained(i)) p_[i] -= eta_ * g[i];
  return loss;
}

NeuralOde ExperimentModel(const ExperimentConfig& c, const ParameterLayout& layout) {
  ModelOptions mo;
  mo.kind = c.model.kind == "linear" ? ModelKind::kLinear : ModelKind::kNonlinear;
  mo.features = layout.features;
  mo.augment = layout.dims - layout.features;
  mo.augment_value = c.model.augment_value;
  mo.h = c.model.h;
  mo.beta = c.init.beta;
  return MakeModel(mo);
}

double EffectiveLearningRate(const ExperimentConfig& c) {
  return c.model.convention == "reference" ? c.schedule.eta / (1 + c.schedule.eta)
                                           : c.schedule.eta;
}

// The plug-in point for the trainers.
std::unique_ptr<Learner> MakeLearner(LearnerRole role, const ExperimentConfig& c,
                                     const ParameterLayout& layout,
                                     std::span<const double> params) {
  HostOdeOptions ho;
  if (c.model.convention == "paper") ho.square = HostOdeOptions::Square::kAbs;
  if (c.model.convention == "reference") ho.square = HostOdeOptions::Square::kHalfAbs;
  ho.reference_rate = c.model.convention == "reference";
  // The exact Neural ODE (polynomial f) is the lock-step partner when the chemistry executes
  // the polynomial model. The paper and reference conventions execute -z|z| (or -z|z|/2), which
  // is not polynomial: their exact partner is the host integrator of that executed forward, with
  // its exact gradient (so the fidelity figures measure the chemistry, not the model change).
  if (role == LearnerRole::kExact && (c.model.kind == "linear" || c.model.convention == "exact")) {
    NeuralOdeTrainerOptions o;
    o.ode.t_end = c.schedule.T;
    o.ode.compute_drift = false;  // the reversed exact flow can blow up; not needed here
    o.learning_rate = EffectiveLearningRate(c);
    o.outputs = layout.outputs;
    o.train_w = layout.w_trained;
    return std::make_unique<NeuralOdeTrainer>(ExperimentModel(c, layout), params, o);
  }
  return std::make_unique<HostOdeLearner>(c, layout, params, ho);
}

}  // namespace ncrn
