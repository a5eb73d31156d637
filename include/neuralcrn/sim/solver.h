#pragma once
// Stiff solvers for a MassActionSystem behind one interface, chosen by name:
//   "trbdf2": SUNDIALS ARKODE ARKStep, DIRK with the ARKODE_TRBDF2_3_3_2 table (the paper's
//             solver; about 7 RHS calls per step)
//   "bdf":    SUNDIALS CVODE, variable-order BDF (usually 2-5x cheaper at the same tolerances)
// The integrator sees the system's implicit block only; quadratures (mass_action_system.h) are
// integrated from its dense output, per internal step, by 2-point Gauss-Legendre (their error
// follows the implicit states'; it is not controlled separately).
// Linear algebra: "dense" is our own SUNLinearSolver (partial-pivoting LU) because Debian's
// SUNDIALS is built at -O0; "klu" is SuiteSparse KLU (optimised in Debian) on the sparse
// pattern. See docs/performance.md.
//
// A Solver is created once per system and re-initialised for every Solve (CVodeReInit /
// ARKStepReInit): no rebuild, no allocation on the re-init path apart from a sampled trajectory.
//
// Guarantees: a returned concentration is never below 0. Values in [-negative_limit, 0) are
// tolerance-level excursions: clipped to 0 and counted (SolveSummary::negative_corrections).
// The state after every internal step is watched as well: its deepest excursion goes into
// most_negative and steps with one are counted (negative_steps). A step that ends below -atol
// is corrected: negative values are set to 0 and the integrator restarts from there
// (positivity_restarts), because below 0 mass action can run away. A step that ends below
// -negative_limit is badly wrong and fails (kNegative).
// Anything worse, too much work, convergence failure, NaN/Inf, or a concentration above
// max_concentration (finite-time blow-up) is a failure: NumericalError naming the system, the time
// reached and the reason (or, with throw_on_failure = false, SolveSummary::ok == false).
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "neuralcrn/sim/mass_action_system.h"

namespace ncrn {

enum class SolverMethod { kTrbdf2, kBdf };
std::string ToString(SolverMethod m);                     // "trbdf2" | "bdf"
SolverMethod SolverMethodFromString(std::string_view s);  // throws InputError

enum class LinearSolverKind { kAuto, kDense, kKlu };
std::string ToString(LinearSolverKind k);                         // "auto" | "dense" | "klu"
LinearSolverKind LinearSolverKindFromString(std::string_view s);  // throws InputError

enum class TerminationReason {
  kSuccess,
  kTooMuchWork,         // max_steps reached
  kConvergenceFailure,  // Newton or linear solver failed repeatedly
  kErrorTestFailure,    // step size underflow: error test failed repeatedly
  kNonFinite,           // NaN or Inf in the state
  kBlowUp,              // a concentration exceeded max_concentration
  kNegative,            // a concentration below -negative_limit
  kSolverError,         // any other SUNDIALS failure (message has the flag)
};
std::string ToString(TerminationReason r);  // "success", "too-much-work", ...

struct SolverOptions {
  // Integration method. Default trbdf2 (the paper's); bdf is faster.
  SolverMethod method = SolverMethod::kTrbdf2;
  // Relative / absolute local error tolerances (scalar, all states). Defaults 1e-4 / 1e-6 as in
  // the paper. Tighter costs more steps.
  double rtol = 1e-4;
  double atol = 1e-6;
  // Maximum internal steps per Solve before giving up (kTooMuchWork). Default 1e6.
  long max_steps = 1000000;
  // dense | klu | auto. Auto picks dense when the implicit block (after folding) has at most
  // dense_max_states states, KLU above: dense LU is O(n^3) but has no sparse overhead.
  LinearSolverKind linear_solver = LinearSolverKind::kAuto;
  int dense_max_states = 40;
  // A concentration above this is reported as finite-time blow-up (kBlowUp). Default 1e8.
  double max_concentration = 1e8;
  // Excursions below 0 down to -negative_limit are clipped and counted; deeper ones fail.
  // Negative value = automatic: 100 * atol (at rtol 1e-4 both methods overshoot decaying species
  // to a few atol below 0; such values are returned as 0, deeper ones mean a wrong trajectory).
  double negative_limit = -1;
  // Impose y >= 0 inside the integrator (SUNDIALS inequality constraints): steps that would go
  // negative are retried with a smaller step. Default off (costs steps; clipping suffices).
  bool enforce_nonnegative = false;
  // Throw NumericalError on failure (default). Off: return the summary with ok == false and the
  // state reached.
  bool throw_on_failure = true;
  void Validate() const;  // throws InputError
};

struct SolveSummary {
  bool ok = true;
  TerminationReason reason = TerminationReason::kSuccess;
  std::string message;  // empty on success; names system, time and reason otherwise
  double t_reached = 0;
  std::string method;         // "trbdf2" | "bdf" | "none" (nothing to integrate)
  std::string linear_solver;  // "dense" | "klu" | "none"
  long steps = 0;
  long rhs_evals = 0;
  long jacobian_evals = 0;
  long linear_setups = 0;
  long error_test_failures = 0;
  long convergence_failures = 0;
  long negative_corrections = 0;  // returned values that were clipped from [-limit, 0) to 0
  double most_negative = 0;       // most negative raw value after an internal step or at an output
  long negative_steps = 0;        // internal steps after which some implicit state was below 0
  // Internal steps that ended below -atol: the state was clipped to 0 and the integrator
  // restarted there (its counters above include every restart's).
  long positivity_restarts = 0;
};

// A sampled trajectory: times[i] and the full species state at that time.
struct Trajectory {
  std::vector<double> times;
  std::vector<std::vector<double>> states;  // states[i][species]
};

class Solver {
 public:
  // The system must outlive the solver. Throws InputError for invalid options.
  explicit Solver(const MassActionSystem& system, const SolverOptions& options = {});
  ~Solver();
  Solver(const Solver&) = delete;
  Solver& operator=(const Solver&) = delete;

  // Integrates from the full species state `initial` at t = 0 to t_end and writes the full state
  // at t_end into `final_state` (both of size num_species(); they may alias). Constant species are
  // copied through; their values are folded into the rates for this solve.
  SolveSummary Solve(std::span<const double> initial, double t_end, std::span<double> final_state);

  // As above, and records the state at each of `sample_times` (increasing, within [0, t_end];
  // 0 gives the initial state).
  SolveSummary Solve(std::span<const double> initial, double t_end, std::span<double> final_state,
                     std::span<const double> sample_times, Trajectory* trajectory);

  const SolverOptions& options() const { return options_; }
  const MassActionSystem& system() const { return system_; }
  // The linear solver actually used ("dense" | "klu" | "none").
  std::string linear_solver() const;

 private:
  struct Impl;
  const MassActionSystem& system_;
  SolverOptions options_;
  std::unique_ptr<Impl> impl_;
};

// Convenience: n + 1 evenly spaced times 0, t_end/n, ..., t_end.
std::vector<double> UniformTimes(double t_end, int n);

}  // namespace ncrn
