#pragma once
// The NeuralCRN learning circuit of a Neural ODE (paper sections 3.1-3.3, Fig 2, Table 4), derived
// symbolically from f and compiled stage by stage with CompileOde:
//
//   forward     dz/dt = f(x, z)                                       (Stage I, slow, time T)
//   output      o = W z            (steady state of do/dt = s (W z - o))           (Stage II, fast)
//   error       e = o - y          (steady state of de/dt = s (o - y - e))
//   adjoint     a(T) = W^T e       (steady state of da/dt = s (W^T e - a)); dL/dW = e z^T if W
//   trained backward    dz/dt = -f, da/dt = a^T df/dz, dg/dt = a^T df/dp for every parameter block
//   p
//               (Table 4 with parities inverted: runs forward in time)          (Stage III, T)
//   update      G+ -> P- (k1), G- -> P+ (k1), G+- -> 0 (k2): p <- p - k1/(k1+k2) g  (Stage IV)
//   degradation every non-parameter species -> 0; parameter rails annihilate P+ + P- -> 0
//
// Conventions (how the circuit is realised):
//   exact (default)  -z.z by the exact dual-rail template (correct for either sign of z at any
//                    annihilation rate); the adjoint is the exact adjoint of the simulated forward,
//                    so the chemical gradient equals the Neural ODE gradient up to solver error.
//                    Default because it is the only form whose gradient is right for z < 0 (the
//                    paper's inputs can be negative) and whose annihilation rate is free (no
//                    stiffness forced on the solver); it keeps the true -z^2 blow-up for very
//                    negative z, which the trainer's guard reports.
//   paper            -z.z as eq. 37 (2Z+- -> 0 plus fast Z+ + Z- -> 0): realises -z|z|, equal to
//                    -z^2 only while z >= 0; adjoint derived symbolically from f (as exact).
//   reference        the authors' executed networks (reference notes 1.3): 2Z -> Z / 2Z -> 3Z at
//                    k = 1 run under the combinatoric rate law (so -z|z|/2), Z annihilation 100
//                    forward / 10 backward, h indexed by its first entry in the backward network,
//                    adjoint without the beta term (da_i = a_i (theta x)_i - 2 a_i z_i), helper
//                    networks with the authors' rates (dot k=1, error k=10/100, update k1+k2=1).
#include <array>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "neuralcrn/circuits/neural_ode.h"
#include "neuralcrn/compile/compiler.h"
#include "neuralcrn/core/crn.h"
#include "neuralcrn/ode/ode_system.h"

namespace ncrn {

enum class Convention { kExact, kPaper, kReference };
std::string ToString(Convention c);                   // "exact" | "paper" | "reference"
Convention ConventionFromString(std::string_view s);  // throws InputError naming accepted values

enum class Stage { kForward, kOutput, kError, kAdjoint, kBackward, kUpdate, kDegradation };
std::string ToString(Stage s);  // "forward" | "output" | "error" | ... | "degradation"
Stage StageFromString(std::string_view s);

// How the learning rate eta is realised by the update reactions G -> P (k1), G -> 0 (k2).
//   kSplit:     k1 = s*eta, k2 = s*(1 - eta) (eta <= 1): the effective step is eta itself.
//   kReference: k1 = s*eta/(1+eta), k2 = s/(1+eta) (the authors' code): effective eta/(1+eta).
// Either way the effective step is k1/(k1+k2) * (1 - exp(-(k1+k2) * duration)).
enum class LearningRateScheme { kSplit, kReference };
std::string ToString(LearningRateScheme s);  // "split" | "reference"
LearningRateScheme LearningRateSchemeFromString(std::string_view s);

// The output layer y_hat = W z.
struct HeadOptions {
  // Outputs K: 1 = binary head (threshold), > 1 = multi-class (one-hot targets, argmax).
  int outputs = 1;
  // Train W (W becomes a parameter species block with gradient M = e z^T). Default false:
  // frozen, as in the paper.
  bool train_w = false;
  // Frozen W (row-major K x D) used when W is not trained; empty = all ones (paper: w = 1).
  // Frozen W enters the fast stage-II reactions as rate constants (unimolecular reactions);
  // a trained W (or the reference convention) is a catalyst species (bimolecular).
  std::vector<double> w;
  // Binary decision: class 1 iff y_hat >= threshold. Default 0.5 (labels 0/1).
  double threshold = 0.5;
  void Validate(int dims) const;
};

struct CircuitOptions {
  Convention convention = Convention::kExact;
  HeadOptions head;
  // How -z.z (any self-square term) is realised; set from the convention.
  SquareForm square_form = SquareForm::kExact;
  // Rate law the circuit is executed under (Crn::rate_law()). Reference: combinatoric.
  RateLaw rate_law = RateLaw::kMassAction;
  // Z+ + Z- -> 0 rate in the forward / backward stages (state block only); 0 = none. Exact: 10
  // (only keeps rails small; the projected dynamics are exact at any rate), paper 100,
  // reference 100 / 10. Larger = smaller rails, stiffer system.
  double forward_annihilation = 10.0;
  double backward_annihilation = 10.0;
  // Annihilate only state variables whose equation has a self-square term (the ones whose
  // paper/reference square realisation needs a rail near 0). Reference: true (the linear
  // networks have no annihilation); default false.
  bool annihilate_squared_only = false;
  // Rate of the fast stages (II, IV): the time-scale separation s relative to the unit-rate slow
  // stages. Default 100. The fast stages converge like exp(-s t).
  double fast_rate = 100.0;
  // Learning rate and its realisation (stage IV).
  double learning_rate = 0.1;
  LearningRateScheme lr_scheme = LearningRateScheme::kSplit;
  // Parameter rail annihilation P+ + P- -> 0 in stage IV (rail hygiene); 0 = none (reference:
  // the host canonicalises). Default = fast_rate.
  double parameter_annihilation = 100.0;
  // Blocks whose terms are dropped from the adjoint equations (reference: {"B"}). Default none.
  std::vector<std::string> adjoint_omit_blocks;
  // A block replaced by its first entry in the backward network (reference: "H"). Default none.
  std::string backward_first_entry_block;
  // Merge reactions with identical reactants and products (CompileOptions::merge_identical).
  // Default true; the reference convention uses false (the paper's template counts).
  bool merge_identical = true;

  // All fields set for a convention (the defaults above are kExact's).
  static CircuitOptions For(Convention c);
  void Validate() const;  // throws InputError
};

// One stage's network.
struct StageCircuit {
  Stage stage = Stage::kForward;
  OdeSystem ode;  // the ODE compiled (empty for pure conversion/decay stages)
  CompileResult compiled;
  Crn crn;  // compiled.crn plus annihilation / decay / conversion reactions
  int species() const { return crn.num_species(); }
  int reactions() const { return crn.num_reactions(); }
};

// Where a circuit variable lives (species names; minus empty for single-rail).
struct RailNames {
  std::string plus;
  std::string minus;  // "" if single-rail
};

class LearningCircuit {
 public:
  LearningCircuit(NeuralOde model, const CircuitOptions& options);

  const NeuralOde& model() const { return model_; }
  const CircuitOptions& options() const { return options_; }
  int dims() const { return model_.dims(); }
  int outputs() const { return options_.head.outputs; }

  // Builds (and caches) one stage's network.
  const StageCircuit& Build(Stage s) const;
  // The clocked fast stages: II = output + error + adjoint (+ W gradient) as one cascade CRN of
  // steady-state networks (the reference convention's one-shot error network is replaced by its
  // steady-state form, see MakeError); IV = update + degradation, plus P+ + P- -> 0 at fast_rate
  // when parameter_annihilation is 0 (reference: no host canonicalises in a clocked round).
  const StageCircuit& StageTwo() const;
  const StageCircuit& StageFour() const;

  // The derived equations (circuit variable space, see names()) of the backward system.
  const std::vector<std::pair<VarId, Polynomial>>& BackwardEquations() const { return backward_; }
  // Circuit variable space: the model's variables, then A (adjoint), gradients, O, Y, E, W, M.
  const OdeSystem& space() const { return space_; }
  RailNames Species(VarId v) const;

  // Variable groups (VarIds in space()).
  const std::vector<VarId>& state() const { return z_; }
  const std::vector<VarId>& input() const { return x_; }
  const std::vector<VarId>& adjoint() const { return a_; }
  const std::vector<VarId>& outputs_vars() const { return o_; }
  const std::vector<VarId>& targets() const { return y_; }
  const std::vector<VarId>& errors() const { return e_; }
  // Trained scalars (theta, beta, ..., and W if trained) and their gradient variables.
  const std::vector<VarId>& parameters() const { return params_; }
  const std::vector<VarId>& gradients() const { return grads_; }
  // Constant (hyperparameter) scalars, e.g. h; and frozen W as species (reference convention).
  const std::vector<VarId>& constants() const { return consts_; }
  // W variables (K x D row-major) when W is a species, else empty.
  const std::vector<VarId>& w_vars() const { return w_; }
  // Frozen W values (K x D row-major).
  const std::vector<double>& w_values() const { return w_values_; }

  // Effective learning rate of the update stage run for `duration`.
  double EffectiveLearningRate(double duration) const;
  // Update rates k1 (G -> P) and k2 (G -> 0).
  std::pair<double, double> UpdateRates() const;

 private:
  StageCircuit CompileStage(Stage s, const std::vector<std::pair<VarId, Polynomial>>& eqs) const;
  StageCircuit MakeOutput() const;
  // steady_state: de/dt = s (o - y - e) even for the reference convention (whose own error
  // network is the authors' one-shot conversion, correct only when run after the output stage).
  StageCircuit MakeError(bool steady_state = false) const;
  StageCircuit MakeAdjoint() const;
  StageCircuit MakeUpdate() const;
  StageCircuit MakeDegradation() const;
  StageCircuit Merge(Stage tag, const std::vector<const StageCircuit*>& parts) const;
  Polynomial WEntry(int k, int i) const;  // W_ki as a polynomial (variable or constant)

  NeuralOde model_;
  CircuitOptions options_;
  OdeSystem space_;
  std::vector<VarId> z_, x_, a_, o_, y_, e_, params_, grads_, consts_, w_, m_;
  std::vector<double> w_values_;
  std::vector<std::pair<VarId, Polynomial>> forward_, backward_;
  mutable std::map<int, StageCircuit> cache_;
};

// Counts and structure of a network, for reports.
struct CircuitReport {
  int species = 0;
  int reactions = 0;
  std::array<int, 4> molecularity{};  // [0]=zeroth, [1]=uni, [2]=bi, [3]=ter or more
};
CircuitReport Report(const Crn& crn);

}  // namespace ncrn
