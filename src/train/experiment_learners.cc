#include "neuralcrn/train/experiment_learners.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/format.h>

#include "neuralcrn/circuits/learning_circuit.h"
#include "neuralcrn/circuits/neural_ode.h"
#include "neuralcrn/core/error.h"
#include "neuralcrn/train/chemical_trainer.h"
#include "neuralcrn/train/neural_ode.h"

namespace ncrn {

void HostOdeOptions::Validate() const {
  if (steps_per_unit < 1 || steps_per_unit > 1000000)
    throw InputError(
        fmt::format("HostOdeOptions.steps_per_unit is {}; must be in [1, 1e6]", steps_per_unit));
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
      throw NumericalError(
          fmt::format("host Neural ODE: z{} is not finite at t = {} (the flow "
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
  return c.model.convention == "reference" ? c.schedule.eta / (1 + c.schedule.eta) : c.schedule.eta;
}

namespace {

// The NeuralCRN trained stage by stage (train/chemical_trainer.h) behind the Learner interface.
class ChemicalLearner : public Learner {
 public:
  ChemicalLearner(const ExperimentConfig& c, const ParameterLayout& layout,
                  std::span<const double> params, const HostOdeOptions& executed)
      : config_(c), layout_(layout), model_(ExperimentModel(c, layout)) {
    shadow_ = std::make_unique<HostOdeLearner>(c, layout, params, executed);
    check_stride_ = layout.dims > 5 ? 10 : 1;  // the check costs one host gradient
    if (static_cast<int>(params.size()) != layout.size())
      throw InputError(fmt::format("parameter vector has {} entries; the model needs {}",
                                   params.size(), layout.size()));
    Build(params);
  }

  std::string Kind() const override {
    return fmt::format("chemical ({} schedule, {} convention)",
                       ToString(trainer_->options().schedule), config_.model.convention);
  }

  std::vector<double> Parameters() const override {
    std::vector<double> trained = trainer_->Parameters();
    std::vector<double> p(trained.begin(), trained.begin() + layout_.w_offset());
    if (layout_.w_trained)
      p.insert(p.end(), trained.begin() + layout_.w_offset(), trained.end());
    else
      p.insert(p.end(), frozen_w_.begin(), frozen_w_.end());
    return p;
  }

  void SetParameters(std::span<const double> p) override {
    if (static_cast<int>(p.size()) != layout_.size())
      throw InputError(fmt::format("parameter vector has {} entries; the model needs {}", p.size(),
                                   layout_.size()));
    std::span<const double> w = p.subspan(layout_.w_offset());
    // A frozen W is part of the network's rate constants: rebuild only if it changes.
    if (!layout_.w_trained && !std::equal(w.begin(), w.end(), frozen_w_.begin(), frozen_w_.end()))
      return Build(p);
    trainer_->SetParameters(layout_.w_trained ? p : p.first(layout_.w_offset()));
  }

  double TrainSample(std::span<const double> x, std::span<const double> target) override {
    ChemicalSample s = trainer_->TrainSample(x, target);
    if (s.skipped && first_skip_.empty())
      first_skip_ = fmt::format("sample {} ({} stage: {})", s.index, s.failed_stage, s.failure);
    if (!s.skipped && s.index % check_stride_ == 0 && s.gradient.size() == s.params_before.size()) {
      // Exact gradient of the executed forward at the parameters the chemistry started from.
      std::vector<double> p(s.params_before.begin(), s.params_before.begin() + layout_.w_offset());
      if (layout_.w_trained)
        p.assign(s.params_before.begin(), s.params_before.end());
      else
        p.insert(p.end(), frozen_w_.begin(), frozen_w_.end());
      shadow_->SetParameters(p);
      std::vector<double> g = shadow_->Gradient(x, target, nullptr);
      double num = 0, den = 0;
      for (std::size_t k = 0; k < s.gradient.size(); ++k) {
        num += (s.gradient[k] - g[k]) * (s.gradient[k] - g[k]);
        den += g[k] * g[k];
      }
      if (den > 1e-24) rel_errors_.push_back(std::sqrt(num / den));
    }
    return s.loss;
  }

  std::vector<double> Predict(std::span<const double> x) override { return trainer_->Predict(x); }

  std::vector<std::pair<std::string, double>> Pool() const override {
    std::vector<std::pair<std::string, double>> out;
    for (std::size_t i = 0; i < trainer_->species().size(); ++i)
      out.emplace_back(trainer_->species()[i], trainer_->pool()[i]);
    return out;
  }

  void SetPool(const std::vector<std::pair<std::string, double>>& pool) override {
    const std::vector<std::string>& names = trainer_->species();
    bool same = pool.size() == names.size();
    for (std::size_t i = 0; same && i < names.size(); ++i) same = pool[i].first == names[i];
    if (!same)
      throw InputError(
          fmt::format("the saved species pool ({} species) does not match the "
                      "circuit's {} species (was the config changed?)",
                      pool.size(), names.size()));
    std::vector<double> c;
    for (const auto& [name, value] : pool) c.push_back(value);
    trainer_->SetPool(c);
  }

  // z(T): the forward stage's network simulated from the trainer's current pool (parameters and
  // constants) with X and Z loaded from the sample, as Stage I does.
  std::vector<double> Hidden(std::span<const double> x) override {
    const Crn& fwd = circuit_->Build(Stage::kForward).crn;
    if (!fwd_solver_) {
      fwd_system_ = std::make_unique<MassActionSystem>(fwd, circuit_->options().rate_law);
      fwd_solver_ = std::make_unique<Solver>(*fwd_system_, solver_options_);
    }
    std::vector<double> state(fwd.num_species(), 0.0);
    const auto& names = trainer_->species();
    const auto& pool = trainer_->pool();
    for (std::size_t i = 0; i < names.size(); ++i)
      if (auto id = fwd.Find(names[i])) state[*id] = pool[i];
    const std::vector<double> xt = model_.Lift(x);
    auto load = [&](VarId v, double value) {
      RailNames r = circuit_->Species(v);
      auto p = fwd.Find(r.plus);
      auto m = r.minus.empty() ? std::nullopt : fwd.Find(r.minus);
      if (p) state[*p] = std::max(0.0, value);
      if (m) state[*m] = std::max(0.0, -value);
    };
    for (int i = 0; i < circuit_->dims(); ++i) {
      load(circuit_->input()[i], xt[i]);
      load(circuit_->state()[i], xt[i]);
    }
    fwd_solver_->Solve(state, config_.schedule.T, state);
    std::vector<double> z;
    for (VarId v : circuit_->state()) {
      RailNames r = circuit_->Species(v);
      auto p = fwd.Find(r.plus);
      auto m = r.minus.empty() ? std::nullopt : fwd.Find(r.minus);
      z.push_back((p ? state[*p] : 0.0) - (m ? state[*m] : 0.0));
    }
    return z;
  }

  // Every stage's network with the current species pool (trained parameter concentrations) as
  // its initial values, so a stage file simulates the trained circuit in any tool.
  std::vector<std::pair<std::string, Crn>> StageCrns() const override {
    std::vector<std::pair<std::string, Crn>> out;
    for (Stage st : {Stage::kForward, Stage::kOutput, Stage::kError, Stage::kAdjoint,
                     Stage::kBackward, Stage::kUpdate, Stage::kDegradation}) {
      try {
        out.emplace_back(ToString(st), circuit_->Build(st).crn);
      } catch (const std::exception&) {
        // A stage this convention does not have.
      }
    }
    if (trainer_->options().schedule == Schedule::kClocked) {
      out.emplace_back("stage2_fast_output_error_adjoint", circuit_->StageTwo().crn);
      out.emplace_back("stage4_fast_update_degradation", circuit_->StageFour().crn);
    }
    const std::vector<std::string>& names = trainer_->species();
    for (auto& [stem, crn] : out) {
      for (std::size_t i = 0; i < names.size(); ++i) {
        if (auto id = crn.Find(names[i])) crn.SetInitial(*id, std::max(0.0, trainer_->pool()[i]));
      }
    }
    return out;
  }

  // One training round simulated from the current pool with the learner's schedule (clocked:
  // paper Fig 2, I forward, II fast output/error/adjoint, III backward, IV fast update and
  // degradation; reference: the authors' stage sequence and horizons), for the plot only: the
  // learner's parameters are not changed.
  std::optional<RoundTrace> TraceRound(std::span<const double> x,
                                       std::span<const double> target) override {
    struct Part {
      std::string name;
      const Crn* crn;
      double duration;
      bool rectify_output = false;  // host O-rail max(0, .) after this part (reference)
    };
    const double T = config_.schedule.T;
    std::vector<Part> parts;
    if (trainer_->options().schedule == Schedule::kClocked) {
      // As the trainer times its fast stages (chemical_trainer.h: fast_duration).
      const auto& to = trainer_->options();
      const double rate =
          config_.model.convention == "reference" ? 1.0 : circuit_->options().fast_rate;
      const double fast = to.fast_duration > 0 ? to.fast_duration : to.fast_decay_times / rate;
      parts = {{"I forward", &circuit_->Build(Stage::kForward).crn, T},
               {"II fast", &circuit_->StageTwo().crn, fast},
               {"III backward", &circuit_->Build(Stage::kBackward).crn, T},
               {"IV fast", &circuit_->StageFour().crn, fast}};
    } else {  // the authors' sequence and horizons (reference notes 2.3)
      parts = {{"I forward", &circuit_->Build(Stage::kForward).crn, T},
               {"II output", &circuit_->Build(Stage::kOutput).crn, 40.0, true},
               {"II error", &circuit_->Build(Stage::kError).crn, 1.0},
               {"II adjoint", &circuit_->Build(Stage::kAdjoint).crn, 40.0},
               {"III backward", &circuit_->Build(Stage::kBackward).crn, T},
               {"IV update", &circuit_->Build(Stage::kUpdate).crn, 100.0}};
    }
    std::map<std::string, double> pool;
    for (std::size_t i = 0; i < trainer_->species().size(); ++i)
      pool[trainer_->species()[i]] = trainer_->pool()[i];
    auto set = [&](VarId v, double value) {
      RailNames r = circuit_->Species(v);
      pool[r.plus] = std::max(0.0, value);
      if (!r.minus.empty()) pool[r.minus] = std::max(0.0, -value);
    };
    const std::vector<double> xt = model_.Lift(x);
    for (int i = 0; i < circuit_->dims(); ++i) {
      set(circuit_->input()[i], xt[i]);
      set(circuit_->state()[i], xt[i]);
    }
    for (int k = 0; k < circuit_->outputs(); ++k) set(circuit_->targets()[k], target[k]);
    std::vector<VarId> tracked;
    for (const auto* group : {&circuit_->state(), &circuit_->adjoint(), &circuit_->errors()})
      tracked.insert(tracked.end(), group->begin(), group->end());
    for (std::size_t q = 0; q < std::min<std::size_t>(2, circuit_->parameters().size()); ++q) {
      tracked.push_back(circuit_->parameters()[q]);
      tracked.push_back(circuit_->gradients()[q]);
    }
    RoundTrace tr;
    for (VarId v : tracked) tr.species.push_back(circuit_->space().var(v).name);
    tr.values.resize(tracked.size());
    double t0 = 0;
    for (const Part& part : parts) {
      const Crn& crn = *part.crn;
      MassActionSystem sys(crn);
      SolverOptions so = solver_options_;
      so.throw_on_failure = false;
      Solver solver(sys, so);
      std::vector<double> state(crn.num_species(), 0.0);
      for (int i = 0; i < crn.num_species(); ++i) state[i] = pool[crn.name(i)];
      std::vector<double> times;
      for (int i = 0; i <= 60; ++i) times.push_back(part.duration * i / 60);
      Trajectory traj;
      SolveSummary ss = solver.Solve(state, part.duration, state, times, &traj);
      tr.stage_starts.emplace_back(part.name, t0);
      for (std::size_t i = 0; i < traj.times.size(); ++i) {
        for (int k = 0; k < crn.num_species(); ++k) pool[crn.name(k)] = traj.states[i][k];
        // Each stage scaled to unit width: fast and slow stages stay readable on one axis.
        tr.t.push_back(t0 + traj.times[i] / part.duration);
        for (std::size_t k = 0; k < tracked.size(); ++k) {
          RailNames r = circuit_->Species(tracked[k]);
          tr.values[k].push_back(pool[r.plus] - (r.minus.empty() ? 0.0 : pool[r.minus]));
        }
      }
      if (!ss.ok) return std::nullopt;
      for (int k = 0; k < crn.num_species(); ++k) pool[crn.name(k)] = state[k];
      if (part.rectify_output)
        for (VarId v : circuit_->outputs_vars()) {
          RailNames r = circuit_->Species(v);
          if (r.minus.empty()) continue;
          const double o = pool[r.plus] - pool[r.minus];
          pool[r.plus] = std::max(0.0, o);
          pool[r.minus] = std::max(0.0, -o);
        }
      t0 += 1.0;
    }
    return tr;
  }

  std::optional<GradientFidelity> GradientCheck() const override {
    GradientFidelity f;
    f.reference = fmt::format(
        "exact gradient of the executed forward ({}), host RK4 with "
        "forward sensitivities, at the same parameters{}",
        shadow_->Kind(),
        check_stride_ > 1 ? fmt::format(", every {}th sample", check_stride_) : std::string());
    f.samples = static_cast<long>(rel_errors_.size());
    if (!rel_errors_.empty()) {
      std::vector<double> v = rel_errors_;
      std::sort(v.begin(), v.end());
      f.median_rel = v[v.size() / 2];
      f.p90_rel = v[std::min(v.size() - 1, v.size() * 9 / 10)];
      f.max_rel = v.back();
    }
    return f;
  }

  std::vector<std::string> Notes() const override {
    const auto& s = trainer_->summary();
    std::vector<std::string> n;
    if (s.skipped > 0)
      n.push_back(
          fmt::format("the blow-up guard skipped the update of {} of {} samples; first: "
                      "{}",
                      s.skipped, s.samples, first_skip_));
    n.push_back(fmt::format("effective learning rate of the update stage: {:.6g}",
                            s.effective_learning_rate));
    return n;
  }

 private:
  void Build(std::span<const double> params) {
    CircuitOptions co = CircuitOptions::For(ConventionFromString(config_.model.convention));
    co.head.outputs = layout_.outputs;
    co.head.train_w = layout_.w_trained;
    co.head.threshold = config_.schedule.threshold;
    frozen_w_.clear();
    if (!layout_.w_trained) {
      frozen_w_.assign(params.begin() + layout_.w_offset(), params.end());
      co.head.w = frozen_w_;
    }
    co.learning_rate = config_.schedule.eta;
    ChemicalTrainerOptions to;
    to.schedule = ScheduleFromString(config_.schedule.protocol);
    to.t_end = config_.schedule.T;
    to.solver.method = SolverMethodFromString(config_.solver.method);
    to.solver.rtol = config_.solver.rtol;
    to.solver.atol = config_.solver.atol;
    to.solver.max_steps = config_.solver.max_steps;
    solver_options_ = to.solver;
    fwd_solver_.reset();
    fwd_system_.reset();
    trainer_.reset();
    circuit_ = std::make_unique<LearningCircuit>(model_, co);
    trainer_ = std::make_unique<ChemicalTrainer>(*circuit_, to);
    std::vector<double> trained(params.begin(), params.begin() + layout_.w_offset());
    if (layout_.w_trained) trained.assign(params.begin(), params.end());
    trainer_->SetParameters(trained);
  }

  ExperimentConfig config_;
  ParameterLayout layout_;
  NeuralOde model_;
  std::vector<double> frozen_w_;
  std::unique_ptr<LearningCircuit> circuit_;
  std::unique_ptr<ChemicalTrainer> trainer_;
  SolverOptions solver_options_;
  std::unique_ptr<MassActionSystem> fwd_system_;  // for Hidden (built on first use)
  std::unique_ptr<Solver> fwd_solver_;
  std::string first_skip_;
  std::unique_ptr<HostOdeLearner> shadow_;  // exact gradient of the executed forward
  int check_stride_ = 1;
  std::vector<double> rel_errors_;
};

}  // namespace

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
  if (role == LearnerRole::kChemical && c.learner == "chemical")
    return std::make_unique<ChemicalLearner>(c, layout, params, ho);
  return std::make_unique<HostOdeLearner>(c, layout, params, ho);
}

}  // namespace ncrn
