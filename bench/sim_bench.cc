// Simulator speed on the paper's 3-D Nonlinear-NeuralCRN networks (reference notes 1.3):
// forward 42 species / 99 reactions, backward 68 / 267, Catalyst's combinatoric rate law,
// t in [0, 0.8], rtol 1e-4, atol 1e-6, a fixed set of random training-like initial states.
//
//   sim_bench [--benchmark_filter=...]        Google Benchmark suite (time per solve)
//   sim_bench --compare NET.jl STATES.csv OUT.csv [--method bdf|trbdf2] [--linear auto|dense|klu]
//             [--reps R] [--rtol R] [--atol A] [--no-quadratures] [--no-fold]
//       driver for bench/compare_scipy.py: solves every row of STATES.csv (header = species
//       names) R times, writes the end states to OUT.csv and prints one JSON line with the
//       median time per solve in microseconds.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "neuralcrn/core/atomic_file.h"
#include "neuralcrn/core/crn.h"
#include "neuralcrn/io/catalyst.h"
#include "neuralcrn/sim/mass_action_system.h"
#include "neuralcrn/sim/solver.h"

namespace {

using ncrn::Crn;

// data/catalyst next to this source file (CMake compiles with absolute paths); the environment
// variable NCRN_DATA_DIR overrides it.
std::string DataPath(const char* file) {
  if (const char* env = std::getenv("NCRN_DATA_DIR")) return std::string(env) + "/" + file;
  std::string src = __FILE__;
  return src.substr(0, src.rfind('/')) + "/../data/catalyst/" + file;
}

void SetSigned(const Crn& crn, std::vector<double>& x, const std::string& var, double v) {
  if (auto p = crn.Find(var + "p")) x[*p] = std::max(0.0, v);
  if (auto m = crn.Find(var + "m")) x[*m] = std::max(0.0, -v);
}

// Training-like forward state: theta ~ N(0, 4)/sqrt(3), x in [-1,1]^2 plus augmented 0.2,
// beta = h = 0.1, z(0) = x (reference notes 2.3, 3).
std::vector<double> ForwardState(const Crn& crn, std::mt19937& rng) {
  std::normal_distribution<double> theta(0.0, 2.0 / std::sqrt(3.0));
  std::uniform_real_distribution<double> u(-1.0, 1.0);
  std::vector<double> x(crn.num_species(), 0.0);
  const double in[3] = {u(rng), u(rng), 0.2};
  for (int i = 1; i <= 3; ++i) {
    for (int j = 1; j <= 3; ++j) SetSigned(crn, x, "P" + std::to_string(i * 10 + j), theta(rng));
    SetSigned(crn, x, "X" + std::to_string(i), in[i - 1]);
    SetSigned(crn, x, "Z" + std::to_string(i), in[i - 1]);
    SetSigned(crn, x, "B" + std::to_string(i), 0.1);
    SetSigned(crn, x, "H" + std::to_string(i), 0.1);
  }
  return x;
}

struct Workload {
  Crn forward, backward;
  std::vector<std::vector<double>> fwd_states, bwd_states;
};

// 50 forward states; backward states start from the forward end state (Z), a random adjoint A,
// zero gradients (the order the training protocol runs them).
const Workload& GetWorkload() {
  static const Workload w = [] {
    Workload w;
    w.forward = ncrn::ReadCatalystFile(DataPath("neuralcrn3d_forward.jl"));
    w.backward = ncrn::ReadCatalystFile(DataPath("neuralcrn3d_backward.jl"));
    std::mt19937 rng(2024);
    std::uniform_real_distribution<double> u(-1.0, 1.0);
    ncrn::MassActionSystem fsys(w.forward);
    ncrn::SolverOptions o;
    o.method = ncrn::SolverMethod::kBdf;
    o.rtol = 1e-8;
    o.atol = 1e-10;
    ncrn::Solver fsolver(fsys, o);
    while (w.fwd_states.size() < 50) {
      auto x = ForwardState(w.forward, rng);
      std::vector<double> end(x.size());
      fsolver.Solve(x, 0.8, end);
      w.fwd_states.push_back(x);
      std::vector<double> b(w.backward.num_species(), 0.0);
      for (int s = 0; s < w.backward.num_species(); ++s) {
        if (auto f = w.forward.Find(w.backward.name(s))) b[s] = end[*f];
      }
      for (int i = 1; i <= 3; ++i) SetSigned(w.backward, b, "A" + std::to_string(i), u(rng));
      w.bwd_states.push_back(b);
    }
    return w;
  }();
  return w;
}

void RunSolves(benchmark::State& state, bool backward, ncrn::SolverMethod method,
               ncrn::LinearSolverKind linear, bool fold) {
  const Workload& w = GetWorkload();
  const Crn& crn = backward ? w.backward : w.forward;
  const auto& states = backward ? w.bwd_states : w.fwd_states;
  ncrn::SystemOptions so;
  so.fold_constants = so.merge_identical = so.quadratures = fold;
  ncrn::MassActionSystem sys(crn, so);
  ncrn::SolverOptions o;
  o.method = method;
  o.linear_solver = linear;
  ncrn::Solver solver(sys, o);
  std::vector<double> out(crn.num_species());
  size_t i = 0;
  long steps = 0, rhs = 0, setups = 0, solves = 0;
  for (auto _ : state) {
    auto s = solver.Solve(states[i], 0.8, out);
    steps += s.steps;
    rhs += s.rhs_evals;
    setups += s.linear_setups;
    ++solves;
    benchmark::DoNotOptimize(out.data());
    i = (i + 1) % states.size();
  }
  const double n = static_cast<double>(std::max(1L, solves));
  state.counters["steps/solve"] = steps / n;
  state.counters["rhs/solve"] = rhs / n;
  state.counters["setups/solve"] = setups / n;
  state.counters["states"] = sys.num_states();
  state.counters["rate_terms"] = sys.num_rate_terms();
}

using ncrn::LinearSolverKind;
using ncrn::SolverMethod;
void BM_ForwardBdf(benchmark::State& s) {
  RunSolves(s, false, SolverMethod::kBdf, LinearSolverKind::kAuto, true);
}
void BM_ForwardTrbdf2(benchmark::State& s) {
  RunSolves(s, false, SolverMethod::kTrbdf2, LinearSolverKind::kAuto, true);
}
void BM_ForwardBdfKlu(benchmark::State& s) {
  RunSolves(s, false, SolverMethod::kBdf, LinearSolverKind::kKlu, true);
}
void BM_ForwardBdfUnfoldedKlu(benchmark::State& s) {
  RunSolves(s, false, SolverMethod::kBdf, LinearSolverKind::kKlu, false);
}
void BM_ForwardBdfUnfoldedDense(benchmark::State& s) {
  RunSolves(s, false, SolverMethod::kBdf, LinearSolverKind::kDense, false);
}
void BM_BackwardBdf(benchmark::State& s) {
  RunSolves(s, true, SolverMethod::kBdf, LinearSolverKind::kAuto, true);
}
void BM_BackwardBdfKlu(benchmark::State& s) {
  RunSolves(s, true, SolverMethod::kBdf, LinearSolverKind::kKlu, true);
}
void BM_BackwardTrbdf2(benchmark::State& s) {
  RunSolves(s, true, SolverMethod::kTrbdf2, LinearSolverKind::kAuto, true);
}
void BM_BackwardBdfUnfoldedKlu(benchmark::State& s) {
  RunSolves(s, true, SolverMethod::kBdf, LinearSolverKind::kKlu, false);
}
BENCHMARK(BM_ForwardBdf)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ForwardTrbdf2)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ForwardBdfKlu)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ForwardBdfUnfoldedKlu)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_ForwardBdfUnfoldedDense)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BackwardBdf)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BackwardBdfKlu)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BackwardTrbdf2)->Unit(benchmark::kMicrosecond);
BENCHMARK(BM_BackwardBdfUnfoldedKlu)->Unit(benchmark::kMicrosecond);

// ---- comparison driver -----------------------------------------------------------------------

std::vector<std::string> SplitCsv(std::string line) {
  if (!line.empty() && line.back() == '\r') line.pop_back();
  std::vector<std::string> out;
  std::stringstream ss(line);
  std::string cell;
  while (std::getline(ss, cell, ',')) out.push_back(cell);
  return out;
}

int Compare(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: sim_bench --compare NET.jl STATES.csv OUT.csv [options]\n");
    return 2;
  }
  ncrn::SolverOptions o;
  o.method = SolverMethod::kBdf;
  ncrn::SystemOptions so;
  int reps = 20;
  for (int a = 5; a < argc; ++a) {
    const std::string f = argv[a];
    if (f == "--method" && a + 1 < argc)
      o.method = ncrn::SolverMethodFromString(argv[++a]);
    else if (f == "--linear" && a + 1 < argc)
      o.linear_solver = ncrn::LinearSolverKindFromString(argv[++a]);
    else if (f == "--reps" && a + 1 < argc)
      reps = std::stoi(argv[++a]);
    else if (f == "--rtol" && a + 1 < argc)
      o.rtol = std::stod(argv[++a]);
    else if (f == "--atol" && a + 1 < argc)
      o.atol = std::stod(argv[++a]);
    else if (f == "--no-quadratures")
      so.quadratures = false;
    else if (f == "--no-fold")
      so.fold_constants = so.merge_identical = so.quadratures = false;
    else {
      std::fprintf(stderr, "unknown option %s\n", f.c_str());
      return 2;
    }
  }
  const Crn crn = ncrn::ReadCatalystFile(argv[2]);
  std::ifstream in(argv[3]);
  std::string line;
  std::getline(in, line);
  const auto header = SplitCsv(line);
  std::vector<int> col_of;
  for (const auto& name : header) col_of.push_back(crn.Id(name));
  std::vector<std::vector<double>> states;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    const auto cells = SplitCsv(line);
    std::vector<double> x(crn.num_species(), 0.0);
    for (size_t c = 0; c < cells.size(); ++c) x[col_of[c]] = std::stod(cells[c]);
    states.push_back(x);
  }
  ncrn::MassActionSystem sys(crn, so);
  ncrn::Solver solver(sys, o);
  std::vector<std::vector<double>> ends(states.size(), std::vector<double>(crn.num_species()));
  std::vector<double> times;
  long steps = 0;
  for (int r = 0; r < reps; ++r) {
    for (size_t i = 0; i < states.size(); ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      auto s = solver.Solve(states[i], 0.8, ends[i]);
      const auto t1 = std::chrono::steady_clock::now();
      times.push_back(std::chrono::duration<double, std::micro>(t1 - t0).count());
      if (r == 0) steps += s.steps;
    }
  }
  std::sort(times.begin(), times.end());
  std::string csv;
  for (size_t c = 0; c < header.size(); ++c) csv += (c ? "," : "") + header[c];
  csv += "\n";
  for (const auto& e : ends) {
    for (size_t c = 0; c < header.size(); ++c) {
      char buf[64];
      std::snprintf(buf, sizeof buf, "%s%.17g", c ? "," : "", e[col_of[c]]);
      csv += buf;
    }
    csv += "\n";
  }
  ncrn::WriteFileAtomic(argv[4], csv);
  std::printf(
      "{\"median_us\": %.3f, \"solves\": %zu, \"mean_steps\": %.2f, \"states\": %d, "
      "\"rate_terms\": %d, \"method\": \"%s\", \"linear\": \"%s\"}\n",
      times[times.size() / 2], times.size(), static_cast<double>(steps) / states.size(),
      sys.num_states(), sys.num_rate_terms(), ncrn::ToString(o.method).c_str(),
      solver.linear_solver().c_str());
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--compare") == 0) {
    try {
      return Compare(argc, argv);
    } catch (const std::exception& e) {
      std::fprintf(stderr, "sim_bench: %s\n", e.what());
      return 2;
    }
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
