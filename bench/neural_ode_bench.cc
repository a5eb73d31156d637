// Cost of one exact Neural ODE training step (forward + sensitivities at rtol 1e-10, gradient,
// SGD update), to set beside one chemical training round. Timing only: never a test.
//   build-<name>/neural_ode_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only
#include <vector>

#include <benchmark/benchmark.h>

#include "neuralcrn/circuits/neural_ode.h"
#include "neuralcrn/train/neural_ode.h"

namespace {

void BM_ExactNeuralOdeStep(benchmark::State& state) {
  const int features = static_cast<int>(state.range(0));
  const int outputs = static_cast<int>(state.range(1));
  const bool drift = state.range(2) != 0;
  ncrn::ModelOptions mo;
  mo.kind = ncrn::ModelKind::kNonlinear;
  mo.features = features;
  mo.augment = 1;
  const ncrn::NeuralOde model = ncrn::MakeModel(mo);
  const int d = features + 1;
  std::vector<double> p(d * d + d + outputs * d, 0.0);
  for (int i = 0; i < d * d; ++i) p[i] = 0.3 * ((i * 7919) % 11 - 5) / 5.0;  // fixed, mixed sign
  for (int i = 0; i < d; ++i) p[d * d + i] = 0.1;
  for (int i = d * d + d; i < static_cast<int>(p.size()); ++i) p[i] = 1.0;
  ncrn::NeuralOdeTrainerOptions o;
  o.ode.t_end = 0.8;
  o.ode.compute_drift = drift;
  o.outputs = outputs;
  o.learning_rate = 1e-6;  // keep the parameters (and so the work) nearly constant
  ncrn::NeuralOdeTrainer t(model, p, o);
  std::vector<double> x(features, 0.4), y(outputs, 0.0);
  y[0] = 1.0;
  for (auto _ : state) benchmark::DoNotOptimize(t.TrainSample(x, y));
  state.counters["cvode_steps"] = static_cast<double>(t.Evaluate(x, y).steps);
}
// {features, outputs, drift}: the 3-D Rings/XOR model, Iris (4+1, 3 classes), Virus (9+1, 4).
BENCHMARK(BM_ExactNeuralOdeStep)
    ->Args({2, 1, 0})
    ->Args({2, 1, 1})
    ->Args({4, 3, 0})
    ->Args({9, 4, 0})
    ->Unit(benchmark::kMicrosecond);

}  // namespace

BENCHMARK_MAIN();
