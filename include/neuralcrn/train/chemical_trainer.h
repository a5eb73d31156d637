#pragma once
// Training a NeuralCRN the way the chemistry would (paper section 3.2, Fig 2): the host is only
// the clock and the pipette. Every arithmetic step on concentrations is the simulation of one
// stage's CRN (learning_circuit.h) under mass action; the stages share one pool of species.
//
// Schedule kClocked (the paper's two-clock-cycle round), per sample:
//   inject   X += x~, Z += x~ (x~ = features + augmentation), Y += target (dual rail)
//   I        forward CRN for T                                      (slow)
//   II       output + error + adjoint cascade for fast_duration      (fast: rate s)
//   III      backward CRN (z, a, gradients together) for T           (slow)
//   IV       update (G -> P-/+, G -> 0) + degradation of every non-parameter species +
//            parameter annihilation P+ + P- -> 0, for fast_duration  (fast)
// Nothing is reset or canonicalised by the host: degradation leaves residues ~exp(-s*eps) and
// parameter rails stay bounded by the annihilation reactions.
//
// Schedule kReference (the authors' executed protocol, reference notes 2.3): the host SETS
// X, Z, Y; forward for T; output (dot) CRN for 40; host O-rail max(0, .); error CRN for 1;
// adjoint CRN for 40; backward for T; update CRN for 100; then host canonicalises the
// parameter and constant rails (p+ <- max(0, p+ - p-), ...) and zeroes every other species.
//
// Blow-up guard: the reversed hidden-state flow can escape in finite time (dz/dt = +z^2 for
// large |z|). A failed stage (solver failure, NaN, concentration above
// solver.max_concentration) is recorded with the sample and stage; the update is skipped and
// the transient species are cleared (counted as skipped), so the parameters are never poisoned.
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "neuralcrn/circuits/learning_circuit.h"
#include "neuralcrn/sim/mass_action_system.h"
#include "neuralcrn/sim/solver.h"

namespace ncrn {

enum class Schedule { kClocked, kReference };
std::string ToString(Schedule s);                 // "clocked" | "reference"
Schedule ScheduleFromString(std::string_view s);  // throws InputError

struct ChemicalTrainerOptions {
  Schedule schedule = Schedule::kClocked;
  // Horizon T of Stages I and III. Default 1.
  double t_end = 1.0;
  // Duration of each fast stage (II and IV) in the clocked schedule; <= 0 means
  // fast_decay_times / fast_rate (circuit option; rate 1 for the reference convention, whose
  // helper networks run at unit rates), i.e. that many decay times of the fast reactions. Longer =
  // closer to the steady state (residue ~ exp(-s eps) times a polynomial).
  double fast_duration = -1.0;
  double fast_decay_times = 40.0;
  // Solver used for every stage (method, tolerances, blow-up threshold). Defaults: BDF (about
  // 4x fewer steps than TRBDF2 here) at rtol 1e-6 / atol 1e-9 (tighter than the paper's
  // 1e-4 / 1e-6 so gradients match the exact ones to ~1e-5), max_concentration 1e6.
  // throw_on_failure is ignored (the guard handles failures).
  SolverOptions solver = DefaultSolver();
  static SolverOptions DefaultSolver();
  void Validate() const;  // throws InputError
};

// What one training sample did (the lock-step comparison reads gradient and params).
struct ChemicalSample {
  long index = 0;                     // 0-based sample counter since construction
  double loss = 0.0;                  // 1/2 |e|^2 read from the E species after Stage II
  std::vector<double> y_hat;          // O species after Stage II (K)
  std::vector<double> z_T;            // hidden state after Stage I (D)
  std::vector<double> z_back;         // hidden state after Stage III (D); x~ ideally
  double drift = 0.0;                 // |z_back - x~|_2 (0 when Stage III has no z)
  std::vector<double> params_before;  // trained scalars, LearningCircuit::parameters() order
  std::vector<double> gradient;       // G species after Stage III (same order)
  std::vector<double> params_after;
  bool skipped = false;      // the guard fired: no update
  std::string failed_stage;  // "forward", "backward", ... when skipped
  std::string failure;       // the solver's message
  double max_rail = 0.0;     // largest parameter rail concentration after the sample
};

struct ChemicalTrainerSummary {
  long samples = 0;
  long skipped = 0;  // samples whose update was skipped by the blow-up guard
  long solver_steps = 0;
  std::map<std::string, long> stage_steps;  // solver steps per stage name
  long negative_corrections = 0;
  double effective_learning_rate = 0.0;  // of the update stage as run
};

class ChemicalTrainer {
 public:
  // The circuit must outlive the trainer. Builds every stage's MassActionSystem and Solver once.
  ChemicalTrainer(const LearningCircuit& circuit, const ChemicalTrainerOptions& options = {});
  ~ChemicalTrainer();
  ChemicalTrainer(const ChemicalTrainer&) = delete;
  ChemicalTrainer& operator=(const ChemicalTrainer&) = delete;

  const LearningCircuit& circuit() const { return circuit_; }
  const ChemicalTrainerOptions& options() const { return options_; }
  const ChemicalTrainerSummary& summary() const { return summary_; }

  // Trained scalars (LearningCircuit::parameters() order): projections p+ - p-.
  std::vector<double> Parameters() const;
  // Loads values canonically (p >= 0 -> P+ = p, P- = 0). Throws InputError on a wrong size.
  void SetParameters(std::span<const double> p);

  // One training round on raw features (model features) and target (K values).
  ChemicalSample TrainSample(std::span<const double> features, std::span<const double> target);
  // Stage I plus the output CRN only; leaves the parameters and the pool as they were.
  std::vector<double> Predict(std::span<const double> features);

  // Value of a circuit variable (VarId in circuit().space()) in the species pool.
  double Value(VarId v) const;
  // The pool: every species of every stage (names, concentrations).
  const std::vector<std::string>& species() const { return names_; }
  const std::vector<double>& pool() const { return pool_; }
  // Restores the pool (species() order), e.g. from a checkpoint. A clocked round leaves both
  // parameter rails and small residues in the pool, which SetParameters (canonical rails, no
  // residues) cannot reproduce; with the pool a resumed run continues exactly. Throws InputError
  // on a wrong size or a negative or non-finite concentration.
  void SetPool(std::span<const double> concentrations);

 private:
  struct StageRun;
  StageRun& AddStage(const std::string& name, const Crn& crn, double duration);
  bool Run(StageRun& st, ChemicalSample* rec);
  void Inject(VarId v, double value, bool set);
  void Canonicalise(VarId v);
  void ClearTransients();
  std::vector<double> Values(const std::vector<VarId>& vars) const;

  const LearningCircuit& circuit_;
  ChemicalTrainerOptions options_;
  ChemicalTrainerSummary summary_;
  std::vector<std::string> names_;
  std::vector<double> pool_;
  std::vector<std::unique_ptr<StageRun>> stages_;
  StageRun* forward_ = nullptr;
  StageRun* backward_ = nullptr;
  StageRun* output_ = nullptr;
  StageRun* error_ = nullptr;
  StageRun* adjoint_ = nullptr;
  StageRun* stage2_ = nullptr;
  StageRun* stage4_ = nullptr;
  StageRun* update_ = nullptr;
  std::vector<int> param_species_;  // pool indices of trained/constant rails (kept)
};

}  // namespace ncrn
