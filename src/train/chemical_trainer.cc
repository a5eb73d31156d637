#include "neuralcrn/train/chemical_trainer.h"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <map>
#include <set>

#include <fmt/format.h>

#include "neuralcrn/core/error.h"

namespace ncrn {

std::string ToString(Schedule s) { return s == Schedule::kClocked ? "clocked" : "reference"; }

Schedule ScheduleFromString(std::string_view s) {
  if (s == "clocked") return Schedule::kClocked;
  if (s == "reference") return Schedule::kReference;
  throw InputError(fmt::format("unknown schedule '{}' (accepted: clocked, reference)", s));
}

SolverOptions ChemicalTrainerOptions::DefaultSolver() {
  SolverOptions s;
  s.method = SolverMethod::kBdf;
  s.rtol = 1e-6;
  s.atol = 1e-9;
  s.max_concentration = 1e6;
  return s;
}

void ChemicalTrainerOptions::Validate() const {
  if (!(t_end > 0) || !std::isfinite(t_end)) {
    throw InputError(fmt::format("T = {} must be finite and > 0", t_end));
  }
  if (!std::isfinite(fast_duration)) throw InputError("fast-stage duration must be finite");
  if (!(fast_decay_times > 0) || !std::isfinite(fast_decay_times)) {
    throw InputError(fmt::format("fast decay times = {} must be > 0", fast_decay_times));
  }
  solver.Validate();
}

struct ChemicalTrainer::StageRun {
  std::string name;
  Crn crn;
  double duration = 0;
  std::unique_ptr<MassActionSystem> system;
  std::unique_ptr<Solver> solver;
  std::vector<int> to_pool;  // stage species -> pool index
  std::vector<double> buf;
};

ChemicalTrainer::ChemicalTrainer(const LearningCircuit& circuit,
                                 const ChemicalTrainerOptions& options)
    : circuit_(circuit), options_(options) {
  options_.Validate();
  options_.solver.throw_on_failure = false;
  const CircuitOptions& co = circuit_.options();
  const bool ref = options_.schedule == Schedule::kReference;
  // The reference convention's helper networks run at unit rates (reference notes 1.3).
  const double fast = co.convention == Convention::kReference ? 1.0 : co.fast_rate;
  const double eps =
      options_.fast_duration > 0 ? options_.fast_duration : options_.fast_decay_times / fast;
  const double T = options_.t_end;
  forward_ = &AddStage("forward", circuit_.Build(Stage::kForward).crn, T);
  backward_ = &AddStage("backward", circuit_.Build(Stage::kBackward).crn, T);
  if (ref) {
    output_ = &AddStage("output", circuit_.Build(Stage::kOutput).crn, 40.0);
    error_ = &AddStage("error", circuit_.Build(Stage::kError).crn, 1.0);
    adjoint_ = &AddStage("adjoint", circuit_.Build(Stage::kAdjoint).crn, 40.0);
    update_ = &AddStage("update", circuit_.Build(Stage::kUpdate).crn, 100.0);
    summary_.effective_learning_rate = circuit_.EffectiveLearningRate(100.0);
  } else {
    output_ = &AddStage("output", circuit_.Build(Stage::kOutput).crn, eps);
    stage2_ = &AddStage("stage-II", circuit_.StageTwo().crn, eps);
    stage4_ = &AddStage("stage-IV", circuit_.StageFour().crn, eps);
    summary_.effective_learning_rate = circuit_.EffectiveLearningRate(eps);
  }
  // Parameter and constant rails persist between samples; everything else is transient.
  std::vector<VarId> kept = circuit_.parameters();
  kept.insert(kept.end(), circuit_.constants().begin(), circuit_.constants().end());
  std::set<int> keep;
  for (VarId v : kept) {
    const RailNames n = circuit_.Species(v);
    const std::string dec = n.minus.empty() ? "D" + n.plus : "";  // pending decrement
    for (const std::string* s : {&n.plus, &n.minus, &dec}) {
      if (s->empty()) continue;
      auto it = std::find(names_.begin(), names_.end(), *s);
      if (it != names_.end()) keep.insert(static_cast<int>(it - names_.begin()));
    }
  }
  param_species_.assign(keep.begin(), keep.end());
  // Constants: model defaults (h); frozen W species (reference convention) from the head.
  const NeuralOde& m = circuit_.model();
  for (const auto& [block, values] : m.defaults) {
    const VariableBlock& b = m.block(block);
    for (int k = 0; k < b.size(); ++k) Inject(b.vars[k], values[k], true);
  }
  const auto& w = circuit_.w_vars();
  for (std::size_t k = 0; k < w.size(); ++k) Inject(w[k], circuit_.w_values()[k], true);
}

ChemicalTrainer::~ChemicalTrainer() = default;

ChemicalTrainer::StageRun& ChemicalTrainer::AddStage(const std::string& name, const Crn& crn,
                                                     double duration) {
  auto st = std::make_unique<StageRun>();
  st->name = name;
  st->crn = crn;
  st->duration = duration;
  SystemOptions so;
  so.name = name;
  st->system = std::make_unique<MassActionSystem>(st->crn, so);
  st->solver = std::make_unique<Solver>(*st->system, options_.solver);
  for (const std::string& s : crn.species_names()) {
    auto it = std::find(names_.begin(), names_.end(), s);
    if (it == names_.end()) {
      names_.push_back(s);
      pool_.push_back(0.0);
      it = names_.end() - 1;
    }
    st->to_pool.push_back(static_cast<int>(it - names_.begin()));
  }
  st->buf.resize(crn.num_species());
  stages_.push_back(std::move(st));
  return *stages_.back();
}

bool ChemicalTrainer::Run(StageRun& st, ChemicalSample* rec) {
  for (std::size_t i = 0; i < st.to_pool.size(); ++i) st.buf[i] = pool_[st.to_pool[i]];
  const SolveSummary s = st.solver->Solve(st.buf, st.duration, st.buf);
  summary_.solver_steps += s.steps;
  summary_.stage_steps[st.name] += s.steps;
  summary_.negative_corrections += s.negative_corrections;
  if (!s.ok) {
    if (rec) {
      rec->failed_stage = st.name;
      rec->failure = s.message;
    }
    return false;
  }
  for (std::size_t i = 0; i < st.to_pool.size(); ++i) pool_[st.to_pool[i]] = st.buf[i];
  return true;
}

namespace {
int PoolIndex(const std::vector<std::string>& names, const std::string& s) {
  auto it = std::find(names.begin(), names.end(), s);
  return it == names.end() ? -1 : static_cast<int>(it - names.begin());
}
}  // namespace

double ChemicalTrainer::Value(VarId v) const {
  const RailNames n = circuit_.Species(v);
  const int p = PoolIndex(names_, n.plus);
  const int m = n.minus.empty() ? -1 : PoolIndex(names_, n.minus);
  return (p >= 0 ? pool_[p] : 0.0) - (m >= 0 ? pool_[m] : 0.0);
}

std::vector<double> ChemicalTrainer::Values(const std::vector<VarId>& vars) const {
  std::vector<double> out;
  out.reserve(vars.size());
  for (VarId v : vars) out.push_back(Value(v));
  return out;
}

// Adds (or sets) a signed value on a variable's rails: v >= 0 on the plus rail, v < 0 on minus.
void ChemicalTrainer::Inject(VarId v, double value, bool set) {
  if (!std::isfinite(value)) {
    throw InputError(
        fmt::format("value {} for '{}' is not finite", value, circuit_.space().var(v).name));
  }
  const RailNames n = circuit_.Species(v);
  const int p = PoolIndex(names_, n.plus);
  const int m = n.minus.empty() ? -1 : PoolIndex(names_, n.minus);
  if (p < 0) return;  // the species takes part in no stage (e.g. x in f = theta z)
  if (n.minus.empty() && value < 0) {
    throw InputError(fmt::format("'{}' is single-rail (non-negative) but got {}",
                                 circuit_.space().var(v).name, value));
  }
  assert(value >= 0 || m >= 0);  // a dual-rail variable's rails are used together
  if (set) {
    pool_[p] = 0.0;
    if (m >= 0) pool_[m] = 0.0;
  }
  if (value >= 0) {
    pool_[p] += value;
  } else {
    pool_[m] += -value;
  }
}

void ChemicalTrainer::Canonicalise(VarId v) { Inject(v, Value(v), true); }

void ChemicalTrainer::ClearTransients() {
  std::vector<double> kept(param_species_.size());
  for (std::size_t i = 0; i < kept.size(); ++i) kept[i] = pool_[param_species_[i]];
  std::fill(pool_.begin(), pool_.end(), 0.0);
  for (std::size_t i = 0; i < kept.size(); ++i) pool_[param_species_[i]] = kept[i];
}

std::vector<double> ChemicalTrainer::Parameters() const { return Values(circuit_.parameters()); }

void ChemicalTrainer::SetParameters(std::span<const double> p) {
  const auto& vars = circuit_.parameters();
  if (p.size() != vars.size()) {
    throw InputError(fmt::format("expected {} parameters, got {}", vars.size(), p.size()));
  }
  for (std::size_t k = 0; k < p.size(); ++k) Inject(vars[k], p[k], true);
}

void ChemicalTrainer::SetPool(std::span<const double> concentrations) {
  if (concentrations.size() != pool_.size()) {
    throw InputError(fmt::format("species pool has {} concentrations; the circuit has {} species",
                                 concentrations.size(), pool_.size()));
  }
  for (std::size_t i = 0; i < concentrations.size(); ++i) {
    // Solver noise may leave a concentration a hair below zero (the stages accept it).
    if (!std::isfinite(concentrations[i]) || concentrations[i] < -options_.solver.atol) {
      throw InputError(fmt::format("species '{}' concentration {} must be finite and >= 0",
                                   names_[i], concentrations[i]));
    }
  }
  pool_.assign(concentrations.begin(), concentrations.end());
}

ChemicalSample ChemicalTrainer::TrainSample(std::span<const double> features,
                                            std::span<const double> target) {
  if (static_cast<int>(target.size()) != circuit_.outputs()) {
    throw InputError(fmt::format("target has {} values, the head has {} outputs", target.size(),
                                 circuit_.outputs()));
  }
  const std::vector<double> x = circuit_.model().Lift(features);
  const bool ref = options_.schedule == Schedule::kReference;
  ChemicalSample rec;
  rec.index = summary_.samples++;
  rec.params_before = Parameters();
  const std::vector<double> saved = pool_;

  // Inject: the input species and their copy into Z, and the target.
  for (int i = 0; i < circuit_.dims(); ++i) {
    Inject(circuit_.input()[i], x[i], ref);
    Inject(circuit_.state()[i], x[i], ref);
  }
  for (int k = 0; k < circuit_.outputs(); ++k) Inject(circuit_.targets()[k], target[k], ref);

  auto guard = [&]() {
    // Skip the update: the parameters keep their values from before the sample.
    pool_ = saved;
    ClearTransients();
    rec.skipped = true;
    rec.params_after = Parameters();
    ++summary_.skipped;
    return rec;
  };
  if (!Run(*forward_, &rec)) return guard();
  rec.z_T = Values(circuit_.state());
  if (ref) {
    if (!Run(*output_, &rec)) return guard();
    for (VarId o : circuit_.outputs_vars()) Canonicalise(o);
    if (!Run(*error_, &rec)) return guard();
    if (!Run(*adjoint_, &rec)) return guard();
  } else {
    if (!Run(*stage2_, &rec)) return guard();
  }
  rec.y_hat = Values(circuit_.outputs_vars());
  rec.loss = 0;
  for (double e : Values(circuit_.errors())) rec.loss += 0.5 * e * e;
  if (!Run(*backward_, &rec)) return guard();
  rec.gradient = Values(circuit_.gradients());
  bool has_z = false;
  for (const auto& [v, p] : circuit_.BackwardEquations()) {
    has_z = has_z || std::find(circuit_.state().begin(), circuit_.state().end(), v) !=
                         circuit_.state().end();
  }
  if (has_z) {
    rec.z_back = Values(circuit_.state());
    double d2 = 0;
    for (int i = 0; i < circuit_.dims(); ++i) d2 += (rec.z_back[i] - x[i]) * (rec.z_back[i] - x[i]);
    rec.drift = std::sqrt(d2);
  }
  if (ref) {
    if (!Run(*update_, &rec)) return guard();
    for (VarId v : circuit_.parameters()) Canonicalise(v);
    for (VarId v : circuit_.constants()) Canonicalise(v);
    ClearTransients();
  } else {
    if (!Run(*stage4_, &rec)) return guard();
  }
  rec.params_after = Parameters();
  for (int s : param_species_) rec.max_rail = std::max(rec.max_rail, pool_[s]);
  for (double p : rec.params_after) {
    if (!std::isfinite(p)) return guard();
  }
  return rec;
}

std::vector<double> ChemicalTrainer::Predict(std::span<const double> features) {
  const std::vector<double> x = circuit_.model().Lift(features);
  const std::vector<double> saved = pool_;
  ClearTransients();
  for (int i = 0; i < circuit_.dims(); ++i) {
    Inject(circuit_.input()[i], x[i], true);
    Inject(circuit_.state()[i], x[i], true);
  }
  ChemicalSample rec;
  const bool ok = Run(*forward_, &rec) && Run(*output_, &rec);
  std::vector<double> y = Values(circuit_.outputs_vars());
  pool_ = saved;
  if (!ok) {
    throw NumericalError(
        fmt::format("prediction failed in stage {}: {}", rec.failed_stage, rec.failure));
  }
  return y;
}

}  // namespace ncrn
