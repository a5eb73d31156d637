#pragma once
// The configuration of one training experiment (`neuralcrn train --experiment NAME | --config
// FILE`): dataset, model, initialisation, schedule, solver and seed. The paper's experiments are
// shipped as JSON files in experiments/; users write their own in the same format.
//
// File format (JSON object; every key optional except dataset.kind, unknown keys are errors):
//   name, description, notes       strings
//   seed                           master seed (integer >= 0); data and init streams derive from it
//   dataset  {kind, train_size, val_size, test, grid_points, grid_min, grid_max, path,
//             label_column, header, test_fraction, scale}
//   model    {kind, augment_dims, augment_value, h, convention, output_layer}
//   init     {theta_std, theta_scale_sqrt_dims, beta, w, w_std}
//   schedule {T, eta, epochs, validate_every, threshold, shuffle, protocol}
//   solver   {method, rtol, atol, max_steps}
//   lockstep                       run the exact Neural ODE alongside (fidelity figures)
//   learner                        chemical | host
// The meaning and default of each field is documented on the struct members below.
#include <cstdint>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace ncrn {

struct DatasetConfig {
  // linear | rings | xor | and | or (generated, 2 features) | iris | virus (shipped in data/) |
  // csv (a user's file at `path`).
  std::string kind;
  // Generated sets: number of training / validation samples (reference: 101 and 201 for Rings).
  int train_size = 101;
  int val_size = 201;
  // Where the reported test accuracy comes from:
  //   val   the validation set (Rings, as the reference code does)
  //   grid  a uniform grid_points x grid_points grid on [grid_min, grid_max]^2, labelled by the
  //         true rule (Linear, Boolean; 2-feature generated sets only)
  //   split a stratified hold-out of test_fraction per class (real data); validation = test.
  std::string test = "val";
  int grid_points = 40;
  double grid_min = 0.0;
  double grid_max = 1.0;
  // csv only: file path (relative paths are relative to the config file), label column (name,
  // or a 0-based index as a string; default: the last column), whether the first row is a header.
  std::string path;
  std::string label_column;
  bool header = true;
  double test_fraction = 0.1;  // split: fraction of each class held out, in (0, 1)
  std::string scale = "none";  // none | minmax (fitted on the training part only)
};

struct ModelConfig {
  // linear (f = theta z, no input species) | nonlinear (f = h + (theta x + beta) z - z^2).
  std::string kind = "nonlinear";
  int augment_dims = 1;        // K extra hidden dimensions appended to the D inputs
  double augment_value = 0.2;  // their value in x and z(0)
  double h = 0.1;              // constant production term (nonlinear)
  // How the -z^2 term and the adjoint are realised: exact | paper | reference (as executed by
  // the authors' code: Catalyst's 1/2, adjoint with -2az, no beta). See circuits/.
  std::string convention = "reference";
  // Final layer: frozen (w = init, binary tasks in the paper) | trained (multi-class).
  std::string output_layer = "frozen";
};

struct InitConfig {
  // theta_ij ~ N(0, theta_std^2), divided by sqrt(D + augment_dims) if theta_scale_sqrt_dims.
  double theta_std = 2.0;
  bool theta_scale_sqrt_dims = true;
  double beta = 0.1;       // every beta_i (nonlinear)
  std::string w = "ones";  // ones | normal (w ~ N(0, w_std^2)/sqrt(dims))
  double w_std = 2.0;
};

struct ScheduleConfig {
  double T = 0.8;    // forward/backward horizon
  double eta = 0.1;  // nominal learning rate (reference: effective eta/(1+eta))
  int epochs = 200;
  int validate_every = 10;  // validation pass every N epochs (and always after the last)
  // Binary decision: class 1 iff yhat >= threshold (0.5 for 0/1 labels; Linear uses yhat > 0,
  // written as threshold 0). Multi-class uses argmax and ignores it.
  double threshold = 0.5;
  // Reshuffle the training order each epoch (stream derived from seed and epoch, so resuming is
  // exact). Default false, as the reference (dataset order, no reshuffle).
  bool shuffle = false;
  // How a training round is run by the chemical learner (train/chemical_trainer.h):
  //   clocked    the paper's two-clock-cycle round, every step a CRN (no host arithmetic)
  //   reference  the authors' executed protocol (host sets/zeroes species, canonicalises rails)
  std::string protocol = "clocked";
};

struct SolverConfig {
  std::string method = "trbdf2";  // trbdf2 | bdf (sim/solver.h)
  double rtol = 1e-4;
  double atol = 1e-8;
  long max_steps = 10000000;
};

struct ExperimentConfig {
  std::string name = "experiment";
  std::string description;
  std::string notes;
  std::uint64_t seed = 42;
  DatasetConfig dataset;
  ModelConfig model;
  InitConfig init;
  ScheduleConfig schedule;
  SolverConfig solver;
  bool lockstep = true;
  // What is trained as "the chemical learner": chemical (the NeuralCRN, every stage simulated;
  // default) | host (the Neural ODE of the executed forward integrated on the host with RK4: a
  // fast stand-in for smoke tests and comparisons, no chemistry).
  std::string learner = "chemical";
  std::string source;  // file the config was read from (for messages and relative paths)

  // Number of input features for the built-in datasets (csv: unknown until loaded, returns 0).
  int InputDims() const;
  // Throws InputError naming the field and the accepted values or range.
  void Validate() const;
};

// Seeds of the two random streams, derived from the master seed (written into config.json).
std::uint64_t DataSeed(const ExperimentConfig& c);
std::uint64_t InitSeed(const ExperimentConfig& c);

// JSON <-> config. FromJson rejects unknown keys (InputError naming the key and `source`), wrong
// types and out-of-range values (naming the field), then calls Validate().
ExperimentConfig ExperimentConfigFromJson(const nlohmann::json& j, const std::string& source);
nlohmann::json ToJson(const ExperimentConfig& c);

// Reads and validates a config file. `overrides` are "key.path=value" strings applied before
// validation; value is parsed as JSON when it is valid JSON, otherwise taken as a string.
ExperimentConfig LoadExperimentConfig(const std::string& path,
                                      const std::vector<std::string>& overrides = {});
// Applies one "key.path=value" override to a JSON config (InputError for a malformed override;
// unknown keys are caught later by ExperimentConfigFromJson).
void ApplyOverride(nlohmann::json& j, const std::string& assignment);

// The shipped experiments, in report order.
const std::vector<std::string>& PaperExperimentNames();
// Directory holding the shipped experiments/*.json: $NCRN_EXPERIMENTS_DIR if set, else the first
// of <exe>/../experiments, <exe>/../../experiments, ./experiments that exists.
std::string ExperimentsDir();
// Path of experiments/NAME.json; InputError listing the available names if there is none.
std::string ExperimentConfigPath(const std::string& name);

}  // namespace ncrn
