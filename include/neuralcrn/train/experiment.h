#pragma once
// One training experiment: the data it uses, the learners it trains (the chemical NeuralCRN and,
// in lock-step, the exact Neural ODE), and the epoch loop with validation, fidelity figures and
// an interruptible, resumable state. The run directory (run_dir.h) and the CLI sit on top.
//
// Learners are plugged in behind the small Learner interface, so the loop knows nothing of how
// a sample is trained (chemical stages or exact adjoint).
#include <atomic>
#include <cmath>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "neuralcrn/core/crn.h"
#include "neuralcrn/data/dataset.h"
#include "neuralcrn/train/experiment_config.h"

namespace ncrn {

// The flat parameter vector shared by every learner of an experiment:
//   theta (D x D, row-major) | beta (D, nonlinear only) | W (K x D, row-major; always present,
//   frozen or trained), with D = features + augment_dims and K = 1 (binary) or the class count.
struct ParameterLayout {
  int features = 2;
  int dims = 3;
  int outputs = 1;
  bool has_beta = true;
  bool w_trained = false;
  int theta_offset() const { return 0; }
  int beta_offset() const { return dims * dims; }
  int w_offset() const { return dims * dims + (has_beta ? dims : 0); }
  int size() const { return w_offset() + outputs * dims; }
  // "theta_1_2", "beta_1", "w_1_3" (1-based, as the species P12, B1, W13).
  std::vector<std::string> Names() const;
  // Whether entry i is trained (W only if w_trained).
  bool Trained(int i) const { return i < w_offset() || w_trained; }

  static ParameterLayout For(const ExperimentConfig& c, int features, int num_classes);
};

// Initial parameters drawn from InitSeed(c) (see InitConfig).
std::vector<double> InitialParameters(const ExperimentConfig& c, const ParameterLayout& layout);

// The concentration traces of one training round (paper Fig 2), if a learner can record them.
struct RoundTrace {
  std::vector<std::string> species;  // names of the traced signed quantities (e.g. z1, a1, p11)
  std::vector<double> t;             // clock phase: stage k spans [k, k+1] (scaled time)
  std::vector<std::vector<double>> values;                   // values[k][i]: species k at t[i]
  std::vector<std::pair<std::string, double>> stage_starts;  // stage name, start time
};

// Per-sample gradient check of a chemical learner: its gradient species after Stage III against
// the exact gradient of the model it executes, at the same parameters (before the update).
struct GradientFidelity {
  std::string reference;             // what the gradient is compared with
  long samples = 0;                  // samples checked in this invocation
  double median_rel = std::nan("");  // |g_chem - g_exact|_2 / |g_exact|_2
  double p90_rel = std::nan("");
  double max_rel = std::nan("");
};

// A trainable model as the experiment loop sees it. Features are raw (scaled) data features;
// learners augment them themselves.
class Learner {
 public:
  virtual ~Learner() = default;
  // "chemical", "exact", ... written into the records.
  virtual std::string Kind() const = 0;
  virtual std::vector<double> Parameters() const = 0;  // ParameterLayout order
  virtual void SetParameters(std::span<const double> p) = 0;
  // One online gradient step on (x, target); returns the loss 1/2 |y_hat - y|^2 before the
  // update. Throws NumericalError (naming stage, sample, time) on a solver failure.
  virtual double TrainSample(std::span<const double> x, std::span<const double> target) = 0;
  // Forward pass only: y_hat (layout.outputs entries).
  virtual std::vector<double> Predict(std::span<const double> x) = 0;
  // The hidden state z(T) after the flow (D entries), or empty if not available.
  virtual std::vector<double> Hidden(std::span<const double> x) { return {}; }
  // The networks of every stage (file stem, network); empty for non-chemical learners.
  virtual std::vector<std::pair<std::string, Crn>> StageCrns() const { return {}; }
  // Gradient check figures, if the learner records them.
  virtual std::optional<GradientFidelity> GradientCheck() const { return std::nullopt; }
  // Remarks for the run's records (e.g. samples skipped by a blow-up guard).
  virtual std::vector<std::string> Notes() const { return {}; }
  // State beyond Parameters() that the next sample reads (a chemical learner's species pool:
  // both parameter rails and the residues a clocked round leaves), as (species, concentration);
  // empty if none. Saved in the checkpoint so a resumed run continues exactly.
  virtual std::vector<std::pair<std::string, double>> Pool() const { return {}; }
  // Restores what Pool() returned (after SetParameters). Throws InputError if it does not fit.
  virtual void SetPool(const std::vector<std::pair<std::string, double>>& pool) {}
  // Traces of one full training round on (x, target) WITHOUT changing the parameters.
  virtual std::optional<RoundTrace> TraceRound(std::span<const double> x,
                                               std::span<const double> target) {
    return std::nullopt;
  }
};

enum class LearnerRole { kChemical, kExact };
// Builds the learner for a role, initialised with `params`. Defined in experiment_learners.cc:
// this is the one place where trainers are plugged in.
std::unique_ptr<Learner> MakeLearner(LearnerRole role, const ExperimentConfig& c,
                                     const ParameterLayout& layout, std::span<const double> params);

// Train / validation / test sets of an experiment, after splitting and scaling.
struct ExperimentData {
  Dataset train, val, test;
  std::vector<double> scale_min, scale_max;  // min-max scaling fitted on train (empty: none)
  bool test_is_grid = false;
  int features() const { return train.dims(); }
  int num_classes() const { return train.num_classes(); }
};
// Generates or loads the data (seeded by DataSeed(c)).
ExperimentData MakeExperimentData(const ExperimentConfig& c);

// Target vector of a label: binary {label}, multi-class one-hot.
std::vector<double> Target(int label, int outputs);
// Decision: binary class 1 iff y_hat >= threshold; multi-class argmax.
int Classify(std::span<const double> y_hat, double threshold);

struct Evaluation {
  double loss = 0;      // mean 1/2 |y_hat - y|^2
  double accuracy = 0;  // fraction correct
  std::vector<int> predicted;
  std::vector<std::vector<double>> outputs;
};
Evaluation Evaluate(Learner& learner, const Dataset& data, double threshold, int outputs);

struct EpochMetrics {
  int epoch = 0;                   // 1-based
  double train_loss = 0;           // mean loss of the epoch's samples (before each update)
  double val_loss = std::nan("");  // NaN when the epoch was not validated
  double val_accuracy = std::nan("");
  double exact_train_loss = std::nan("");  // lock-step exact learner (NaN without lock-step)
  double exact_val_accuracy = std::nan("");
  double max_param_diff = std::nan("");  // max |p_chem - p_exact| over trained entries
  double rms_param_diff = std::nan("");
  double wall_seconds = 0;  // cumulative training wall time at the end of the epoch
};

// Everything needed to continue a run (what checkpoint.json holds).
struct RunState {
  int epochs_done = 0;
  std::vector<double> params;                         // chemical learner, end of epochs_done
  std::vector<double> exact_params;                   // lock-step learner (empty without lock-step)
  std::vector<std::vector<double>> trajectory;        // params after each epoch; [0] = initial
  std::vector<std::vector<double>> exact_trajectory;  // same for the exact learner
  std::vector<EpochMetrics> history;
  double wall_seconds = 0;
  // The chemical learner's Learner::Pool() at the end of epochs_done (empty: none, or a
  // checkpoint written before pools were saved; then the parameters alone are restored).
  std::vector<std::pair<std::string, double>> pool;
};

struct SampleProgress {
  int epoch = 0, epochs = 0;    // epoch is 1-based
  int sample = 0, samples = 0;  // samples done in this epoch
  double running_loss = 0;      // mean loss so far in this epoch
  double last_val_accuracy = std::nan("");
  double elapsed_seconds = 0;  // this invocation
};

struct TrainLoopOptions {
  // Checked after every sample; when set the loop returns kInterrupted leaving `state` at the
  // last completed epoch.
  const std::atomic<bool>* stop = nullptr;
  std::function<void(const SampleProgress&)> on_sample;
  // Called after each completed epoch with the updated state (write the checkpoint here).
  std::function<void(const RunState&)> on_epoch;
};

enum class LoopOutcome { kCompleted, kInterrupted };

// Runs epochs state.epochs_done+1 .. c.schedule.epochs. `exact` may be null (no lock-step).
// The learners must hold state.params / state.exact_params on entry; a non-empty state.pool is
// restored into the chemical learner on entry, and refreshed after every epoch.
LoopOutcome TrainLoop(const ExperimentConfig& c, const ExperimentData& data,
                      const ParameterLayout& layout, Learner& chemical, Learner* exact,
                      RunState& state, const TrainLoopOptions& options = {});

// The epoch order of the training samples (identity unless schedule.shuffle; derived from the
// seed and the epoch, so a resumed run sees the same order).
std::vector<int> EpochOrder(const ExperimentConfig& c, int epoch, int n);

}  // namespace ncrn
