// The full Rings experiment as the paper ran it (101 samples, 200 epochs, every stage of every
// sample simulated as a CRN; validation every 10 epochs), without lock-step and plots.
// Target (issue 4): under 60 s on the 2-core machine. Run:
//   ./build/experiment_bench --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
#include <filesystem>

#include <benchmark/benchmark.h>

#include "neuralcrn/train/experiment_config.h"
#include "neuralcrn/train/run_dir.h"

namespace {

void BM_RingsFullExperiment(benchmark::State& state) {
  ncrn::ExperimentConfig c =
      ncrn::LoadExperimentConfig(ncrn::ExperimentConfigPath("rings"), {"lockstep=false"});
  double acc = 0;
  for (auto _ : state) {
    ncrn::RunOptions o;
    o.run_dir = (std::filesystem::temp_directory_path() / "ncrn-bench-rings").string();
    std::filesystem::remove_all(o.run_dir);
    o.progress = false;
    o.plots = false;
    acc = ncrn::RunExperiment(c, o).test_accuracy;
  }
  state.counters["test_accuracy"] = acc;
}
BENCHMARK(BM_RingsFullExperiment)->Unit(benchmark::kSecond)->Iterations(1)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
