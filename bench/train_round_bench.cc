// Cost of one complete chemical training round (Stages I-IV, every stage a CRN simulation) of the
// 3-D Nonlinear-NeuralCRN, beside one exact Neural ODE step of the same model (their ratio is the
// cost of doing it chemically). Timing only: never a test. Target: median < 1 ms per round.
//   build-<name>/train_round_bench --benchmark_repetitions=5 --benchmark_report_aggregates_only
#include <vector>

#include <benchmark/benchmark.h>

#include "neuralcrn/circuits/learning_circuit.h"
#include "neuralcrn/train/chemical_trainer.h"
#include "neuralcrn/train/neural_ode.h"

namespace {

std::vector<double> Params(int d) {
  std::vector<double> p(d * d + d, 0.0);
  for (int i = 0; i < d * d; ++i) p[i] = 0.3 * ((i * 7919) % 11 - 5) / 5.0;  // fixed, mixed sign
  for (int i = 0; i < d; ++i) p[d * d + i] = 0.1;
  return p;
}

// Args: {convention (0 exact, 1 paper, 2 reference), solver (0 trbdf2, 1 bdf)}.
void BM_ChemicalRound(benchmark::State& state) {
  const auto conv = static_cast<ncrn::Convention>(state.range(0));
  ncrn::ModelOptions mo;
  mo.features = 2;
  mo.augment = 1;
  ncrn::CircuitOptions co = ncrn::CircuitOptions::For(conv);
  co.learning_rate = 1e-6;  // keep the parameters (and so the work) nearly constant
  ncrn::LearningCircuit circuit(ncrn::MakeModel(mo), co);
  ncrn::ChemicalTrainerOptions o;
  o.t_end = 0.8;
  o.schedule =
      conv == ncrn::Convention::kReference ? ncrn::Schedule::kReference : ncrn::Schedule::kClocked;
  o.solver.method = state.range(1) ? ncrn::SolverMethod::kBdf : ncrn::SolverMethod::kTrbdf2;
  ncrn::ChemicalTrainer t(circuit, o);
  t.SetParameters(Params(3));
  const std::vector<double> x{0.4, 0.4}, y{1.0};
  for (auto _ : state) benchmark::DoNotOptimize(t.TrainSample(x, y));
  state.counters["solver_steps_per_round"] =
      static_cast<double>(t.summary().solver_steps) / static_cast<double>(t.summary().samples);
  for (const auto& [name, steps] : t.summary().stage_steps) {
    state.counters[name] = static_cast<double>(steps) / static_cast<double>(t.summary().samples);
  }
}
BENCHMARK(BM_ChemicalRound)
    ->ArgNames({"convention", "bdf"})
    ->Args({0, 0})
    ->Args({0, 1})
    ->Args({1, 1})
    ->Args({2, 0})
    ->Unit(benchmark::kMicrosecond);

void BM_ExactStep(benchmark::State& state) {
  ncrn::ModelOptions mo;
  mo.features = 2;
  mo.augment = 1;
  std::vector<double> p = Params(3);
  p.insert(p.end(), 3, 1.0);  // W
  ncrn::NeuralOdeTrainerOptions o;
  o.ode.t_end = 0.8;
  o.ode.compute_drift = false;
  o.learning_rate = 1e-6;
  ncrn::NeuralOdeTrainer t(ncrn::MakeModel(mo), p, o);
  const std::vector<double> x{0.4, 0.4}, y{1.0};
  for (auto _ : state) benchmark::DoNotOptimize(t.TrainSample(x, y));
}
BENCHMARK(BM_ExactStep)->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
