#pragma once
// The exact in-silico Neural ODE beside the chemical one (paper SI S5; reference notes 4.1):
// plain floating-point state, exact gradients, the same model, initial parameters and sample
// order as the NeuralCRN, so the two can be compared sample by sample.
//
// For a model dz/dt = f(x, z; p) (polynomial f), one sample is
//   forward   z(0) = z0, integrate to z(T)
//   output    y_hat = W z(T),  e = y_hat - y,  L = 1/2 |e|^2
//   gradient  dL/dp = (W^T e)^T S(T) with the forward sensitivities S = dz/dp,
//             dS/dt = (df/dz) S + df/dp, S(0) = 0;  dL/dW = e z(T)^T
//   drift     integrate dz/dt = -f from z(T) for T (what the chemical Stage III does) and report
//             |z_back - z0|, which measures how well the backward flow retraces the forward one.
//
// How the sensitivities are integrated: the sensitivity equations are appended to the state and
// integrated together with it by CVODE (variable order, variable step) at tight tolerances, with
// the sensitivities inside the local error test. This is the forward-sensitivity method of
// CVODES with the simultaneous corrector and full error control, written out. The CVODES
// sensitivity module itself is not called: Debian's libsundials_cvode and libsundials_cvodes
// export the same unversioned symbols (CVodeCreate, CVode, ...) and the project links both, so
// CVodeCreate would resolve to CVODE's (smaller) memory block while CVodeSensInit came from
// CVODES. The augmented system only uses functions both libraries share.
//
// Cost: one ExactNeuralOde per model, built once (CVODE memory, symbolic Jacobians df/dz and
// df/dp) and re-initialised per sample. CVODE's hot vector operations are replaced by -O2 loops
// (Debian's SUNDIALS is built at -O0). One SGD step of the 3-D Nonlinear-NeuralCRN at the
// default tolerances: ~50 us CPU, ~35 CVODE steps (bench/neural_ode_bench.cc).
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "neuralcrn/circuits/neural_ode.h"
#include "neuralcrn/ode/polynomial.h"
#include "neuralcrn/train/experiment.h"

namespace ncrn {

enum class NeuralOdeMethod {
  kAdams,  // Adams-Moulton orders 1-12 with fixed-point iteration: no Jacobian and no linear
           // solves, cheap for the non-stiff flows of the paper's models (T <= 1)
  kBdf,    // BDF orders 1-5 with Newton and a dense difference-quotient Jacobian of the whole
           // augmented system: for stiff f; cost grows like (D + D*P)^3 per factorisation
};
std::string ToString(NeuralOdeMethod m);                        // "adams" | "bdf"
NeuralOdeMethod NeuralOdeMethodFromString(std::string_view s);  // throws InputError

struct ExactNeuralOdeOptions {
  // Integration horizon T of the forward (and backward) flow. Default 1.
  double t_end = 1.0;
  // CVODE relative / absolute tolerance, applied to z and to the sensitivities. Defaults 1e-10
  // and 1e-12: gradients then agree with closed forms to ~1e-9 relative. Looser = faster.
  double rtol = 1e-10;
  double atol = 1e-12;
  NeuralOdeMethod method = NeuralOdeMethod::kAdams;
  // CVODE step limit per solve (CVodeSetMaxNumSteps). Default 100000.
  long max_steps = 100000;
  // Integrate the backward flow for the hidden-state drift in Evaluate. Default true (costs one
  // more solve of D equations).
  bool compute_drift = true;
  void Validate() const;  // throws InputError
};

// A Neural ODE as plain polynomials over a variable table (the same VarIds as the polynomials).
struct PolynomialNeuralOde {
  std::vector<std::string> names;  // every variable, indexed by VarId
  std::vector<VarId> state;        // z, D entries; rhs[i] is dz_i/dt
  std::vector<VarId> input;        // x: constant during the flow, set per sample (may be empty)
  std::vector<VarId> params;       // p: trained, set per call
  std::vector<Polynomial> rhs;     // D polynomials
  std::vector<std::pair<VarId, double>> constants;  // other variables, fixed (e.g. h)

  // From the circuits' model description: state/input blocks, parameter blocks in declaration
  // order (row-major inside a block), constants from model.defaults (InputError if missing).
  static PolynomialNeuralOde FromModel(const NeuralOde& model);
  // Throws InputError if sizes disagree, a VarId is out of range or used twice, or f uses a
  // variable that is none of state, input, params or constants.
  void Validate() const;
};

// One sample through the exact Neural ODE.
struct ExactSample {
  std::vector<double> z_T;                                      // D
  std::vector<double> y_hat;                                    // K
  double loss = 0.0;                                            // 1/2 |y_hat - y|^2
  std::vector<double> dz_dp;                                    // D x P row-major: dz_i(T)/dp_k
  std::vector<double> grad_params;                              // P: dL/dp
  std::vector<double> grad_w;                                   // K x D row-major: dL/dW
  std::vector<double> z_back;                                   // D (empty unless compute_drift)
  double drift = std::numeric_limits<double>::quiet_NaN();      // |z_back - z0|_2
  double drift_max = std::numeric_limits<double>::quiet_NaN();  // max_i |z_back_i - z0_i|
  // Why the backward flow failed (drift then +Inf), else empty. Reversing a contracting flow
  // amplifies the forward's error by up to exp(|lambda| T): the chemical Stage III faces the
  // same instability, which is what the drift measures.
  std::string drift_failure;
  long steps = 0;  // CVODE steps (forward with sensitivities)
  long rhs_evals = 0;
};

class ExactNeuralOde {
 public:
  ExactNeuralOde(PolynomialNeuralOde model, const ExactNeuralOdeOptions& options = {});
  ~ExactNeuralOde();
  ExactNeuralOde(const ExactNeuralOde&) = delete;
  ExactNeuralOde& operator=(const ExactNeuralOde&) = delete;

  int dims() const { return static_cast<int>(model_.state.size()); }
  int num_inputs() const { return static_cast<int>(model_.input.size()); }
  int num_params() const { return static_cast<int>(model_.params.size()); }
  const PolynomialNeuralOde& model() const { return model_; }
  const ExactNeuralOdeOptions& options() const { return options_; }

  // z(T) from z0 (D), inputs x (num_inputs) and parameters p (num_params). Throws InputError
  // on wrong sizes, NumericalError (with the time reached) if the solver fails or z blows up.
  std::vector<double> Flow(std::span<const double> z0, std::span<const double> x,
                           std::span<const double> p);
  // Integrates dz/dt = -f(x, z; p) from z_T for T (the chemical Stage III's hidden state).
  std::vector<double> BackFlow(std::span<const double> z_T, std::span<const double> x,
                               std::span<const double> p);
  // Forward with sensitivities, output W z(T) (W: K x D row-major, K = w.size() / D), loss
  // against `target` (K) and exact gradients; drift if options.compute_drift.
  ExactSample Evaluate(std::span<const double> z0, std::span<const double> x,
                       std::span<const double> p, std::span<const double> w,
                       std::span<const double> target);

  struct Impl;

 private:
  PolynomialNeuralOde model_;
  ExactNeuralOdeOptions options_;
  Impl* impl_ = nullptr;
};

struct NeuralOdeTrainerOptions {
  ExactNeuralOdeOptions ode;
  // Step size of p <- p - learning_rate * dL/dp, applied as given. To match the chemical Stage
  // IV pass its effective rate (LearningCircuit::EffectiveLearningRate; the reference scheme
  // gives eta/(1+eta), e.g. 0.0909 for eta = 0.1). Default 0.1.
  double learning_rate = 0.1;
  // Outputs K of the head y_hat = W z(T). Default 1.
  int outputs = 1;
  // Train W as well (W <- W - learning_rate * e z^T). Default false (paper: frozen).
  bool train_w = false;
  void Validate() const;  // throws InputError
};

// What one online SGD step did, for the lock-step comparison with the chemical learner.
struct NeuralOdeStep {
  std::vector<double> params_before;  // flat (see NeuralOdeTrainer)
  std::vector<double> gradient;       // flat dL/d(params); W entries 0 unless train_w
  std::vector<double> params_after;
  double loss = 0.0;
  double drift = std::numeric_limits<double>::quiet_NaN();  // |z_back - z0|_2
};

// Online SGD on the exact Neural ODE, as a Learner so the experiment loop can run it in
// lock-step with the chemical learner (same initial parameters, same samples, same order).
//
// Flat parameter vector: the model's parameter blocks in declaration order (row-major), then W
// (K x D, row-major). For the paper's models this is ParameterLayout's theta | beta | W.
// Inputs are raw features: the model lifts them (augmentation), and z(0) = x = Lift(features).
class NeuralOdeTrainer : public Learner {
 public:
  NeuralOdeTrainer(const NeuralOde& model, std::span<const double> params,
                   const NeuralOdeTrainerOptions& options);

  std::string Kind() const override { return "exact"; }
  std::vector<double> Parameters() const override { return params_; }
  void SetParameters(std::span<const double> p) override;  // InputError on a wrong size
  double TrainSample(std::span<const double> features, std::span<const double> target) override;
  std::vector<double> Predict(std::span<const double> features) override;
  std::vector<double> Hidden(std::span<const double> features) override;

  // The full record of the last TrainSample (gradient, parameters before/after, drift).
  const NeuralOdeStep& last_step() const { return last_; }
  // Gradient and loss at the current parameters without updating them.
  ExactSample Evaluate(std::span<const double> features, std::span<const double> target);
  int num_model_params() const { return ode_.num_params(); }
  ExactNeuralOde& ode() { return ode_; }

 private:
  std::span<const double> ModelParams() const;
  std::span<const double> W() const;

  NeuralOde model_;
  ExactNeuralOde ode_;
  NeuralOdeTrainerOptions options_;
  std::vector<double> params_;
  NeuralOdeStep last_;
};

// Lock-step figures (paper SI S5). Relative error |approx - exact|_2 / max(|exact|_2, floor),
// e.g. the chemical gradient (recovered from its update as (p_before - p_after) / effective rate)
// against NeuralOdeTrainer::Evaluate(...).grad_params at the chemical parameters, or the
// chemical parameter vector against the exact learner's. Sizes must agree (InputError).
double RelativeError(std::span<const double> approx, std::span<const double> exact,
                     double floor = 1e-12);

}  // namespace ncrn
