#pragma once
// A Neural ODE definition dz/dt = f(x, z; params) written as a polynomial vector over named
// variable blocks (paper section 2.3). This is the one input from which every NeuralCRN learning
// circuit is derived symbolically (learning_circuit.h): no model has a hand-written reaction list.
//
// Blocks and their species (names follow the authors' code: block stem + 1-based indices, e.g.
// the state block "Z" has variables Z1..ZD and species Z1p/Z1m, theta "P" has P11, P12, ...):
//   state     Z (D):   the hidden state, z(0) = the (augmented) input
//   input     X (D):   constant during a round (a catalyst), injected per sample
//   parameter P, B..:  trained by gradient descent (theta D x D, beta D, ...)
//   constant  H ...:   fixed hyperparameter species (h), catalysts that are never updated
#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "neuralcrn/ode/ode_system.h"
#include "neuralcrn/ode/poly_matrix.h"

namespace ncrn {

enum class BlockRole { kState, kInput, kParameter, kConstant };
std::string ToString(BlockRole r);  // "state" | "input" | "parameter" | "constant"

struct VariableBlock {
  std::string name;  // stem, e.g. "P"
  BlockRole role = BlockRole::kParameter;
  int rows = 1, cols = 1;
  bool nonnegative = false;  // single-rail species
  std::vector<VarId> vars;   // row-major, into NeuralOde::variables
  int size() const { return static_cast<int>(vars.size()); }
};

struct NeuralOde {
  std::string name;
  // Variable table only (no equations): names, non-negativity. Polynomials refer to its VarIds.
  OdeSystem variables;
  std::vector<VariableBlock> blocks;
  PolyMatrix f;  // D x 1
  // Default values of parameter and constant blocks (block name -> row-major values). Parameters
  // missing here are initialised by the trainer.
  std::map<std::string, std::vector<double>> defaults;
  // Number of raw data features; the remaining D - features input/state entries are augmented
  // dimensions held at augment_value (paper section 3.3, implicit lifting).
  int features = 0;
  double augment_value = 0.0;

  // Adds a block of variables named by the poly_matrix.h rule; returns it as a matrix.
  PolyMatrix AddBlock(std::string_view name, BlockRole role, int rows, int cols = 1,
                      bool nonnegative = false);

  int dims() const { return f.rows(); }
  const VariableBlock& block(std::string_view name) const;  // throws InputError if absent
  const VariableBlock& state() const;
  const VariableBlock& input() const;
  bool Has(std::string_view block_name) const;
  // Block and flat index of a variable, or {-1, -1}.
  std::pair<int, int> Locate(VarId v) const;
  std::vector<const VariableBlock*> Parameters() const;  // role kParameter, in declaration order

  // The input/initial state of a sample: the features followed by augment_value (size D).
  std::vector<double> Lift(std::span<const double> features_in) const;

  // Checks shapes: f is D x 1, state and input blocks have D entries, every variable of f
  // belongs to a block. Throws InputError.
  void Validate() const;
};

// The models the paper ships.
enum class ModelKind {
  kLinear,           // f = theta z (section 3.1), state D, theta D x D
  kMinimal,          // f = theta .* x (+ h) (SI S2 analogue), dual rail
  kMinimalPositive,  // f = theta .* x, single-rail, positive-only (SI S2 / section 5 counts)
  kNonlinear,        // f = h + (theta x + beta) .* z - z .* z (section 3.3)
};
std::string ToString(ModelKind k);  // "linear" | "minimal" | "minimal-positive" | "nonlinear"
ModelKind ModelKindFromString(std::string_view s);  // throws InputError naming accepted values

struct ModelOptions {
  ModelKind kind = ModelKind::kNonlinear;
  // Input features (the paper's D before augmentation). 1..64. Default 2.
  int features = 2;
  // Augmented dimensions K (nonlinear only; others must use 0). State dimension = features + K.
  int augment = 0;
  // Value of the augmented input/state entries. Default 0.2 (the authors' main branch).
  double augment_value = 0.2;
  // Smoothing constant h (nonlinear; minimal with bias). Default 0.1.
  double h = 0.1;
  // Initial beta (nonlinear). Default 0.1 (every branch of the authors' code).
  double beta = 0.1;
  // h as one scalar species H instead of a D-vector H1..HD (all equal). Default false: a vector,
  // as in the authors' forward network.
  bool scalar_h = false;
  // Minimal model: include the +h term. Default false (the repo's reduced circuit runs h = 0).
  bool minimal_bias = false;
  void Validate() const;  // throws InputError
};

NeuralOde MakeModel(const ModelOptions& options);

}  // namespace ncrn
