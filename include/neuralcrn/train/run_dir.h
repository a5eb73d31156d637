#pragma once
// A training run and its directory: the main job behind `neuralcrn train`, `--resume` and
// `neuralcrn predict`.
//
// Run directory contents (all written atomically):
//   config.json        the resolved config (every field, with the derived data/init seeds)
//   checkpoint.json    after every epoch (see checkpoint.h)
//   metrics.csv        per epoch: losses, validation accuracy, fidelity, wall time
//   parameters.json/csv  trained parameters as signed concentrations ([P+] - [P-]) of the
//                      chemical learner, the exact learner and the initial values; plus the
//                      scaling and class names `predict` needs
//   crn/*.crn          the network of every stage (chemical learner)
//   fidelity.json/csv  lock-step figures against the exact Neural ODE
//   predictions.csv    test set (or grid): features (unscaled), true label, predicted label,
//                      outputs; `predict RUN --input RUN/predictions.csv` reproduces it
//   summary.json       the final summary (also printed by --json)
//   plots/             PNG + SVG with the .dat and .gp beside each (see io/plot.h)
#include <atomic>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "neuralcrn/train/experiment.h"

namespace ncrn {

struct RunOptions {
  // Directory to create; default "" = runs/<name>-<UTC timestamp> under the current directory.
  std::string run_dir;
  // Draw the progress bar (it is silent anyway when stderr is not a terminal). Default true.
  bool progress = true;
  // Render plots (gnuplot). Default true; false saves ~1 s per run (tests, reproduce --quick
  // still keeps them on).
  bool plots = true;
  // Set asynchronously (SIGINT) to stop after the current sample; the last checkpoint stays.
  const std::atomic<bool>* stop = nullptr;
};

// Boundary of a 2-feature linear classifier y_hat = c . x (Linear experiment): the line
// c1 x1 + c2 x2 = threshold, compared with x1 + 2 x2 = 0.
struct LinearBoundary {
  double c1 = 0, c2 = 0;
  double slope = 0;  // x2 = slope * x1 + offset
  double offset = 0;
  double x2_at_minus2 = 0;  // intercepts with x1 = -2 and x1 = 2 (paper: about 1 and -1)
  double x2_at_plus2 = 0;
  double angle_error_deg = 0;  // angle between the normal (c1, c2) and (1, 2)
};

struct StageCount {
  std::string stage;
  int species = 0, reactions = 0;
};

struct RunSummary {
  std::string name, run_dir, chemical_kind, exact_kind;
  std::uint64_t seed = 0;
  int epochs = 0;  // completed
  int epochs_planned = 0;
  bool interrupted = false;
  double test_accuracy = std::nan("");
  double final_train_loss = std::nan("");
  double final_val_loss = std::nan("");
  double final_val_accuracy = std::nan("");
  double wall_seconds = 0;  // cumulative training time over all invocations
  std::string test_set;     // "validation set", "grid 40x40 on [0,1]^2", "stratified split"
  int test_size = 0;
  // Lock-step fidelity (NaN without lock-step).
  double exact_test_accuracy = std::nan("");
  double prediction_agreement = std::nan("");  // fraction of test points classified alike
  double final_max_param_diff = std::nan("");
  double final_rms_param_diff = std::nan("");
  double max_output_diff = std::nan("");           // max |y_hat_chem - y_hat_exact| on the test set
  std::optional<GradientFidelity> gradient_check;  // per-sample chemical vs exact gradient
  std::optional<LinearBoundary> boundary;
  std::vector<StageCount> circuit;  // per stage network
  std::vector<std::string> notes;   // e.g. plots that could not be made
};
nlohmann::json ToJson(const RunSummary& s);

// Trains `c` from scratch in a new run directory (created; must not already hold a run).
RunSummary RunExperiment(const ExperimentConfig& c, const RunOptions& options);
// Continues the run in `run_dir` from its checkpoint. `epochs` (optional) raises or lowers the
// planned epoch count (not below the epochs already done). options.run_dir is ignored.
RunSummary ResumeExperiment(const std::string& run_dir, const RunOptions& options,
                            std::optional<int> epochs = std::nullopt);

// `neuralcrn predict`: classifies the rows of a CSV file with the trained chemical learner of
// `run_dir` (forward stage only). The file holds the run's feature columns (by header name, or
// the first D columns without a header); a column named like the training label column (or
// "label") is used to report accuracy. Writes `output_csv` (features, predicted class name,
// outputs). Returns {"samples", "accuracy" (if labelled), "output"}.
nlohmann::json PredictFromRun(const std::string& run_dir, const std::string& input_csv,
                              const std::string& output_csv);

// "validation set", "grid 40x40 on [0,1]^2" or "stratified 10% hold-out".
std::string TestSetDescription(const ExperimentConfig& c);

// Default run directory name: runs/<name>-YYYYmmdd-HHMMSS (UTC).
std::string DefaultRunDir(const std::string& name);

}  // namespace ncrn
