#include "neuralcrn/train/neural_ode.h"

#include <cvode/cvode.h>
#include <nvector/nvector_serial.h>
#include <sundials/sundials_context.h>
#include <sunlinsol/sunlinsol_dense.h>
#include <sunmatrix/sunmatrix_dense.h>
#include <sunnonlinsol/sunnonlinsol_fixedpoint.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <memory>
#include <set>

#include <fmt/format.h>

#include "neuralcrn/core/error.h"
#include "neuralcrn/sim/fast_vector_ops.h"

namespace ncrn {

// ---------------------------------------------------------------------------------------------
// Options and model description

std::string ToString(NeuralOdeMethod m) { return m == NeuralOdeMethod::kAdams ? "adams" : "bdf"; }

NeuralOdeMethod NeuralOdeMethodFromString(std::string_view s) {
  if (s == "adams") return NeuralOdeMethod::kAdams;
  if (s == "bdf") return NeuralOdeMethod::kBdf;
  throw InputError(fmt::format("unknown Neural ODE method '{}'; accepted: adams, bdf", s));
}

void ExactNeuralOdeOptions::Validate() const {
  if (!(t_end > 0.0 && std::isfinite(t_end)))
    throw InputError(fmt::format("Neural ODE horizon T = {} must be finite and > 0", t_end));
  if (!(rtol > 0.0 && rtol < 1.0) || !(atol > 0.0 && std::isfinite(atol)))
    throw InputError(fmt::format(
        "Neural ODE tolerances rtol = {}, atol = {} must satisfy 0 < rtol < 1, atol > 0", rtol,
        atol));
  if (max_steps < 1)
    throw InputError(fmt::format("Neural ODE max_steps = {} must be >= 1", max_steps));
}

PolynomialNeuralOde PolynomialNeuralOde::FromModel(const NeuralOde& m) {
  m.Validate();
  PolynomialNeuralOde d;
  d.names = m.variables.Names();
  d.state = m.state().vars;
  d.input = m.input().vars;
  for (const VariableBlock* b : m.Parameters())
    d.params.insert(d.params.end(), b->vars.begin(), b->vars.end());
  for (int i = 0; i < m.dims(); ++i) d.rhs.push_back(m.f(i, 0));
  for (const VariableBlock& b : m.blocks) {
    if (b.role != BlockRole::kConstant) continue;
    auto it = m.defaults.find(b.name);
    if (it == m.defaults.end() || static_cast<int>(it->second.size()) != b.size())
      throw InputError(fmt::format("model '{}': constant block '{}' needs {} default value(s)",
                                   m.name, b.name, b.size()));
    for (int k = 0; k < b.size(); ++k) d.constants.emplace_back(b.vars[k], it->second[k]);
  }
  d.Validate();
  return d;
}

void PolynomialNeuralOde::Validate() const {
  const int n = static_cast<int>(names.size());
  if (state.empty()) throw InputError("Neural ODE has no state variables");
  if (rhs.size() != state.size())
    throw InputError(fmt::format("Neural ODE has {} state variables but {} right-hand sides",
                                 state.size(), rhs.size()));
  std::set<VarId> known;
  auto add = [&](VarId v, const char* role) {
    if (v < 0 || v >= n)
      throw InputError(
          fmt::format("Neural ODE {} variable id {} out of range [0, {})", role, v, n));
    if (!known.insert(v).second)
      throw InputError(fmt::format("Neural ODE variable '{}' is used in two roles", names[v]));
  };
  for (VarId v : state) add(v, "state");
  for (VarId v : input) add(v, "input");
  for (VarId v : params) add(v, "parameter");
  for (const auto& [v, value] : constants) {
    add(v, "constant");
    if (!std::isfinite(value))
      throw InputError(fmt::format("Neural ODE constant '{}' = {} is not finite", names[v], value));
  }
  for (std::size_t i = 0; i < rhs.size(); ++i)
    for (const Monomial& m : rhs[i].terms())
      for (const auto& [v, power] : m.powers)
        if (!known.count(v))
          throw InputError(fmt::format(
              "d{}/dt uses variable '{}', which is not a state, input, parameter or constant",
              names[state[i]], v >= 0 && v < n ? names[v] : std::to_string(v)));
}

// ---------------------------------------------------------------------------------------------
// Solver

namespace {

// A polynomial flattened for fast evaluation: sum_m coeff[m] * prod of factors (with
// multiplicity, so x^2 is x*x: no pow calls).
struct FlatPolynomial {
  std::vector<double> coeff;
  std::vector<int> start;  // monomial m uses factors[start[m] .. start[m+1])
  std::vector<VarId> factors;

  explicit FlatPolynomial(const Polynomial& p) {
    start.push_back(0);
    for (const Monomial& m : p.terms()) {
      coeff.push_back(m.coeff);
      for (VarId v : m.Factors()) factors.push_back(v);
      start.push_back(static_cast<int>(factors.size()));
    }
  }
  double Evaluate(const double* x) const {
    double r = 0.0;
    for (std::size_t m = 0; m < coeff.size(); ++m) {
      double t = coeff[m];
      for (int k = start[m]; k < start[m + 1]; ++k) t *= x[factors[k]];
      r += t;
    }
    return r;
  }
};

// A sparse list of polynomial entries (row i, column k, p) evaluated on one value table.
struct Entry {
  int i, k;
  FlatPolynomial p;
};

}  // namespace

struct ExactNeuralOde::Impl {
  // One CVODE integrator for a fixed system size (built once, re-initialised per solve).
  struct Integrator {
    void* mem = nullptr;
    N_Vector y = nullptr;
    SUNMatrix A = nullptr;
    SUNLinearSolver LS = nullptr;
    SUNNonlinearSolver NLS = nullptr;
    int n = 0;
  };

  const PolynomialNeuralOde* model = nullptr;
  const ExactNeuralOdeOptions* options = nullptr;
  SUNContext ctx = nullptr;
  Integrator plain, aug;
  int D = 0, P = 0;
  std::vector<double> vals;         // value of every variable, indexed by VarId
  std::vector<Entry> jac;           // df_i/dz_k, nonzero entries
  std::vector<Entry> dfdp;          // df_i/dp_k, nonzero entries
  std::vector<double> jac_val;      // scratch: dense D x D Jacobian
  std::vector<FlatPolynomial> rhs;  // f
  double sign = 1.0;                // +1 forward, -1 backward flow
  bool with_sens = false;
  std::string last_error;  // CVODE's last error message

  ~Impl() {
    for (Integrator* g : {&plain, &aug}) {
      if (g->mem) CVodeFree(&g->mem);
      if (g->NLS) SUNNonlinSolFree(g->NLS);
      if (g->LS) SUNLinSolFree(g->LS);
      if (g->A) SUNMatDestroy(g->A);
      if (g->y) N_VDestroy(g->y);
    }
    if (ctx) SUNContext_Free(&ctx);
  }

  static int Rhs(sunrealtype, N_Vector y, N_Vector ydot, void* user) {
    Impl& s = *static_cast<Impl*>(user);
    const double* Y = N_VGetArrayPointer(y);
    double* Yd = N_VGetArrayPointer(ydot);
    for (int i = 0; i < s.D; ++i) {
      if (!std::isfinite(Y[i])) return 1;  // recoverable: CVODE retries with a smaller step
      s.vals[s.model->state[i]] = Y[i];
    }
    for (int i = 0; i < s.D; ++i) Yd[i] = s.sign * s.rhs[i].Evaluate(s.vals.data());
    if (!s.with_sens) return 0;
    // dS/dt = J S + df/dp, S stored row-major after z: S[i*P + k].
    std::fill(s.jac_val.begin(), s.jac_val.end(), 0.0);
    for (const Entry& e : s.jac) s.jac_val[e.i * s.D + e.k] = e.p.Evaluate(s.vals.data());
    const double* S = Y + s.D;
    double* Sd = Yd + s.D;
    std::fill(Sd, Sd + s.D * s.P, 0.0);
    for (const Entry& e : s.dfdp) Sd[e.i * s.P + e.k] = e.p.Evaluate(s.vals.data());
    for (int i = 0; i < s.D; ++i)
      for (int j = 0; j < s.D; ++j) {
        const double J = s.jac_val[i * s.D + j];
        if (J == 0.0) continue;
        for (int k = 0; k < s.P; ++k) Sd[i * s.P + k] += J * S[j * s.P + k];
      }
    return 0;
  }

  static void ErrHandler(int, const char*, const char* function, char* msg, void* user) {
    static_cast<Impl*>(user)->last_error = fmt::format("{}: {}", function, msg);
  }

  void Check(int flag, const char* what) {
    if (flag < 0) throw NumericalError(fmt::format("exact Neural ODE: {} failed ({})", what, flag));
  }

  void Build(Integrator& g, int n) {
    g.n = n;
    g.y = N_VNew_Serial(n, ctx);
    if (!g.y) throw NumericalError("exact Neural ODE: vector allocation failed");
    internal::UseFastSerialOps(g.y);  // Debian SUNDIALS is -O0
    N_VConst(0.0, g.y);
    const bool adams = options->method == NeuralOdeMethod::kAdams;
    g.mem = CVodeCreate(adams ? CV_ADAMS : CV_BDF, ctx);
    if (!g.y || !g.mem) throw NumericalError("exact Neural ODE: CVODE allocation failed");
    Check(CVodeInit(g.mem, &Impl::Rhs, 0.0, g.y), "CVodeInit");
    Check(CVodeSetUserData(g.mem, this), "CVodeSetUserData");
    Check(CVodeSetErrHandlerFn(g.mem, &Impl::ErrHandler, this), "CVodeSetErrHandlerFn");
    Check(CVodeSStolerances(g.mem, options->rtol, options->atol), "CVodeSStolerances");
    Check(CVodeSetMaxNumSteps(g.mem, options->max_steps), "CVodeSetMaxNumSteps");
    if (adams) {
      g.NLS = SUNNonlinSol_FixedPoint(g.y, 0, ctx);
      Check(CVodeSetNonlinearSolver(g.mem, g.NLS), "CVodeSetNonlinearSolver");
    } else {
      g.A = SUNDenseMatrix(n, n, ctx);
      g.LS = SUNLinSol_Dense(g.y, g.A, ctx);
      Check(CVodeSetLinearSolver(g.mem, g.LS, g.A), "CVodeSetLinearSolver");
    }
  }

  // Integrates g from y0 over [0, T]; returns the final state (g.y).
  void Solve(Integrator& g, const char* what) {
    const double T = options->t_end;
    Check(CVodeReInit(g.mem, 0.0, g.y), "CVodeReInit");
    Check(CVodeSetStopTime(g.mem, T), "CVodeSetStopTime");
    last_error.clear();
    double t = 0.0;
    const int flag = CVode(g.mem, T, g.y, &t, CV_NORMAL);
    if (flag < 0) {
      char* name = CVodeGetReturnFlagName(flag);  // malloc'ed by CVODE
      const std::string flag_name = name ? name : std::to_string(flag);
      std::free(name);
      throw NumericalError(
          fmt::format("exact Neural ODE, {}: CVODE stopped at t = {:.6g} of T = "
                      "{} ({}){}",
                      what, t, T, flag_name, last_error.empty() ? "" : ": " + last_error));
    }
    const double* Y = N_VGetArrayPointer(g.y);
    for (int i = 0; i < g.n; ++i)
      if (!std::isfinite(Y[i]))
        throw NumericalError(
            fmt::format("exact Neural ODE, {}: non-finite state at t = {}", what, t));
  }
};

ExactNeuralOde::ExactNeuralOde(PolynomialNeuralOde model, const ExactNeuralOdeOptions& options)
    : model_(std::move(model)), options_(options) {
  options_.Validate();
  model_.Validate();
  auto impl = std::make_unique<Impl>();
  Impl& s = *impl;
  s.model = &model_;
  s.options = &options_;
  s.D = dims();
  s.P = num_params();
  s.vals.assign(model_.names.size(), 0.0);
  for (const auto& [v, value] : model_.constants) s.vals[v] = value;
  for (int i = 0; i < s.D; ++i) {
    s.rhs.emplace_back(model_.rhs[i]);
    for (int k = 0; k < s.D; ++k) {
      Polynomial d = model_.rhs[i].Derivative(model_.state[k]);
      if (!d.IsZero()) s.jac.push_back({i, k, FlatPolynomial(d)});
    }
    for (int k = 0; k < s.P; ++k) {
      Polynomial d = model_.rhs[i].Derivative(model_.params[k]);
      if (!d.IsZero()) s.dfdp.push_back({i, k, FlatPolynomial(d)});
    }
  }
  s.jac_val.assign(s.D * s.D, 0.0);
  if (SUNContext_Create(nullptr, &s.ctx) != 0)
    throw NumericalError("exact Neural ODE: SUNContext_Create failed");
  s.Build(s.plain, s.D);
  s.Build(s.aug, s.D + s.D * s.P);
  impl_ = impl.release();
}

ExactNeuralOde::~ExactNeuralOde() { delete impl_; }

namespace {

void CheckSize(std::span<const double> v, std::size_t n, const char* what) {
  if (v.size() != n)
    throw InputError(
        fmt::format("exact Neural ODE: {} has {} entries, expected {}", what, v.size(), n));
  for (double x : v)
    if (!std::isfinite(x))
      throw InputError(fmt::format("exact Neural ODE: {} contains a non-finite value", what));
}

}  // namespace

std::vector<double> ExactNeuralOde::Flow(std::span<const double> z0, std::span<const double> x,
                                         std::span<const double> p) {
  CheckSize(z0, dims(), "initial state z0");
  CheckSize(x, num_inputs(), "input x");
  CheckSize(p, num_params(), "parameters p");
  Impl& s = *impl_;
  for (int i = 0; i < num_inputs(); ++i) s.vals[model_.input[i]] = x[i];
  for (int k = 0; k < num_params(); ++k) s.vals[model_.params[k]] = p[k];
  s.sign = 1.0;
  s.with_sens = false;
  std::copy(z0.begin(), z0.end(), N_VGetArrayPointer(s.plain.y));
  s.Solve(s.plain, "forward flow");
  const double* Y = N_VGetArrayPointer(s.plain.y);
  return std::vector<double>(Y, Y + dims());
}

std::vector<double> ExactNeuralOde::BackFlow(std::span<const double> z_T, std::span<const double> x,
                                             std::span<const double> p) {
  CheckSize(z_T, dims(), "final state z(T)");
  CheckSize(x, num_inputs(), "input x");
  CheckSize(p, num_params(), "parameters p");
  Impl& s = *impl_;
  for (int i = 0; i < num_inputs(); ++i) s.vals[model_.input[i]] = x[i];
  for (int k = 0; k < num_params(); ++k) s.vals[model_.params[k]] = p[k];
  s.sign = -1.0;
  s.with_sens = false;
  std::copy(z_T.begin(), z_T.end(), N_VGetArrayPointer(s.plain.y));
  s.Solve(s.plain, "backward hidden-state flow");
  const double* Y = N_VGetArrayPointer(s.plain.y);
  return std::vector<double>(Y, Y + dims());
}

ExactSample ExactNeuralOde::Evaluate(std::span<const double> z0, std::span<const double> x,
                                     std::span<const double> p, std::span<const double> w,
                                     std::span<const double> target) {
  const int D = dims(), P = num_params();
  if (w.empty() || w.size() % D != 0)
    throw InputError(
        fmt::format("exact Neural ODE: W has {} entries, expected K x {}", w.size(), D));
  const int K = static_cast<int>(w.size()) / D;
  CheckSize(w, w.size(), "W");
  CheckSize(target, K, "target y");
  CheckSize(z0, D, "initial state z0");
  CheckSize(x, num_inputs(), "input x");
  CheckSize(p, P, "parameters p");
  Impl& s = *impl_;
  for (int i = 0; i < num_inputs(); ++i) s.vals[model_.input[i]] = x[i];
  for (int k = 0; k < P; ++k) s.vals[model_.params[k]] = p[k];
  s.sign = 1.0;
  s.with_sens = true;
  double* Y = N_VGetArrayPointer(s.aug.y);
  std::fill(Y, Y + s.aug.n, 0.0);
  std::copy(z0.begin(), z0.end(), Y);
  s.Solve(s.aug, "forward flow with sensitivities");

  ExactSample r;
  r.z_T.assign(Y, Y + D);
  r.dz_dp.assign(Y + D, Y + D + D * P);
  CVodeGetNumSteps(s.aug.mem, &r.steps);
  CVodeGetNumRhsEvals(s.aug.mem, &r.rhs_evals);
  r.y_hat.assign(K, 0.0);
  std::vector<double> e(K);
  for (int k = 0; k < K; ++k) {
    for (int i = 0; i < D; ++i) r.y_hat[k] += w[k * D + i] * r.z_T[i];
    e[k] = r.y_hat[k] - target[k];
    r.loss += 0.5 * e[k] * e[k];
  }
  // a(T) = W^T e; dL/dp = a^T S(T); dL/dW = e z^T.
  std::vector<double> a(D, 0.0);
  for (int k = 0; k < K; ++k)
    for (int i = 0; i < D; ++i) a[i] += w[k * D + i] * e[k];
  r.grad_params.assign(P, 0.0);
  for (int i = 0; i < D; ++i)
    for (int k = 0; k < P; ++k) r.grad_params[k] += a[i] * r.dz_dp[i * P + k];
  r.grad_w.resize(K * D);
  for (int k = 0; k < K; ++k)
    for (int i = 0; i < D; ++i) r.grad_w[k * D + i] = e[k] * r.z_T[i];
  if (options_.compute_drift) {
    // The drift is a diagnostic: a backward flow that the solver cannot follow (it may blow up
    // from the forward's rounding, see the header) is reported as infinite drift, not an error.
    try {
      r.z_back = BackFlow(r.z_T, x, p);
    } catch (const NumericalError& e) {
      r.drift = r.drift_max = std::numeric_limits<double>::infinity();
      r.drift_failure = e.what();
      r.z_back.clear();
      return r;
    }
    double sum2 = 0.0, mx = 0.0;
    for (int i = 0; i < D; ++i) {
      const double d = std::abs(r.z_back[i] - z0[i]);
      sum2 += d * d;
      mx = std::max(mx, d);
    }
    r.drift = std::sqrt(sum2);
    r.drift_max = mx;
  }
  return r;
}

// ---------------------------------------------------------------------------------------------
// SGD trainer

void NeuralOdeTrainerOptions::Validate() const {
  ode.Validate();
  if (!(learning_rate > 0.0 && std::isfinite(learning_rate)))
    throw InputError(fmt::format("learning rate {} must be finite and > 0", learning_rate));
  if (outputs < 1) throw InputError(fmt::format("outputs K = {} must be >= 1", outputs));
}

NeuralOdeTrainer::NeuralOdeTrainer(const NeuralOde& model, std::span<const double> params,
                                   const NeuralOdeTrainerOptions& options)
    : model_(model),
      ode_(PolynomialNeuralOde::FromModel(model), (options.Validate(), options.ode)),
      options_(options) {
  SetParameters(params);
}

void NeuralOdeTrainer::SetParameters(std::span<const double> p) {
  const std::size_t want = ode_.num_params() + options_.outputs * ode_.dims();
  if (p.size() != want)
    throw InputError(
        fmt::format("exact Neural ODE trainer: {} parameters given, expected {} "
                    "({} model parameters + W {}x{})",
                    p.size(), want, ode_.num_params(), options_.outputs, ode_.dims()));
  params_.assign(p.begin(), p.end());
}

std::span<const double> NeuralOdeTrainer::ModelParams() const {
  return std::span<const double>(params_).first(ode_.num_params());
}

std::span<const double> NeuralOdeTrainer::W() const {
  return std::span<const double>(params_).subspan(ode_.num_params());
}

ExactSample NeuralOdeTrainer::Evaluate(std::span<const double> features,
                                       std::span<const double> target) {
  const std::vector<double> x = model_.Lift(features);
  return ode_.Evaluate(x, x, ModelParams(), W(), target);
}

double NeuralOdeTrainer::TrainSample(std::span<const double> features,
                                     std::span<const double> target) {
  ExactSample s = Evaluate(features, target);
  last_.params_before = params_;
  last_.gradient.assign(params_.size(), 0.0);
  std::copy(s.grad_params.begin(), s.grad_params.end(), last_.gradient.begin());
  if (options_.train_w)
    std::copy(s.grad_w.begin(), s.grad_w.end(), last_.gradient.begin() + ode_.num_params());
  for (std::size_t k = 0; k < params_.size(); ++k)
    params_[k] -= options_.learning_rate * last_.gradient[k];
  last_.params_after = params_;
  last_.loss = s.loss;
  last_.drift = s.drift;
  return s.loss;
}

std::vector<double> NeuralOdeTrainer::Hidden(std::span<const double> features) {
  const std::vector<double> x = model_.Lift(features);
  return ode_.Flow(x, x, ModelParams());
}

std::vector<double> NeuralOdeTrainer::Predict(std::span<const double> features) {
  const std::vector<double> z = Hidden(features);
  const int D = ode_.dims();
  std::vector<double> y(options_.outputs, 0.0);
  auto w = W();
  for (int k = 0; k < options_.outputs; ++k)
    for (int i = 0; i < D; ++i) y[k] += w[k * D + i] * z[i];
  return y;
}

double RelativeError(std::span<const double> approx, std::span<const double> exact, double floor) {
  if (approx.size() != exact.size())
    throw InputError(
        fmt::format("relative error of vectors of sizes {} and {}", approx.size(), exact.size()));
  double num = 0.0, den = 0.0;
  for (std::size_t i = 0; i < exact.size(); ++i) {
    num += (approx[i] - exact[i]) * (approx[i] - exact[i]);
    den += exact[i] * exact[i];
  }
  return std::sqrt(num) / std::max(std::sqrt(den), floor);
}

}  // namespace ncrn
