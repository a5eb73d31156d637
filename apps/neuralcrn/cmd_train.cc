// neuralcrn train: the main job (experiment configs, run directories, resume, Ctrl-C).
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <iostream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "neuralcrn/core/error.h"
#include "neuralcrn/train/run_dir.h"

namespace ncrn::cli {
namespace {

std::atomic<bool> g_stop{false};
extern "C" void OnSigint(int) { g_stop.store(true); }

struct TrainArgs {
  std::string experiment, config, run_dir, resume;
  std::vector<std::string> sets;
  std::optional<std::uint64_t> seed;
  std::optional<int> epochs;
  bool json = false, quiet = false, no_plots = false;
};

void PrintSummary(const RunSummary& s) {
  if (s.interrupted) {
    std::fprintf(stderr,
                 "interrupted after epoch %d of %d; the checkpoint in %s is intact.\n"
                 "continue with: neuralcrn train --resume %s\n",
                 s.epochs, s.epochs_planned, s.run_dir.c_str(), s.run_dir.c_str());
    return;
  }
  std::printf(
      "%s: test accuracy %.4f on the %s (%d points), final training loss %.5f, "
      "%d epochs, seed %llu, %.1f s\n",
      s.name.c_str(), s.test_accuracy, s.test_set.c_str(), s.test_size, s.final_train_loss,
      s.epochs, static_cast<unsigned long long>(s.seed), s.wall_seconds);
  if (!std::isnan(s.exact_test_accuracy))
    std::printf(
        "lock-step %s: test accuracy %.4f, predictions agree on %.1f%%, "
        "max |parameter difference| %.3g\n",
        s.exact_kind == "exact" ? "exact Neural ODE" : s.exact_kind.c_str(), s.exact_test_accuracy,
        100 * s.prediction_agreement, s.final_max_param_diff);
  if (s.boundary)
    std::printf(
        "boundary: x2 = %.3f x1 %+.3f (x2 = %.3f at x1 = -2, %.3f at x1 = 2; "
        "x1 + 2 x2 = 0 gives 1 and -1)\n",
        s.boundary->slope, s.boundary->offset, s.boundary->x2_at_minus2, s.boundary->x2_at_plus2);
  for (const auto& n : s.notes) std::printf("note: %s\n", n.c_str());
  if (std::filesystem::is_directory(s.run_dir + "/plots")) {
    std::printf("run directory: %s (plots in %s/plots)\n", s.run_dir.c_str(), s.run_dir.c_str());
  } else {
    std::printf("run directory: %s\n", s.run_dir.c_str());
  }
}

void Run(const TrainArgs& a) {
  std::signal(SIGINT, OnSigint);
  RunOptions o;
  o.progress = !a.quiet && !a.json;
  o.plots = !a.no_plots;
  o.stop = &g_stop;
  RunSummary s;
  if (!a.resume.empty()) {
    if (!a.experiment.empty() || !a.config.empty() || a.seed || !a.sets.empty())
      throw InputError(
          "--resume continues a run with its own config; only --epochs may be "
          "given with it");
    s = ResumeExperiment(a.resume, o, a.epochs);
  } else {
    if (a.experiment.empty() == a.config.empty())
      throw InputError("give exactly one of --experiment NAME, --config FILE or --resume DIR");
    std::string path = a.config.empty() ? ExperimentConfigPath(a.experiment) : a.config;
    std::vector<std::string> sets = a.sets;
    if (a.seed) sets.push_back(fmt::format("seed={}", *a.seed));
    if (a.epochs) sets.push_back(fmt::format("schedule.epochs={}", *a.epochs));
    ExperimentConfig c = LoadExperimentConfig(path, sets);
    o.run_dir = a.run_dir;
    s = RunExperiment(c, o);
  }
  std::signal(SIGINT, SIG_DFL);
  if (a.json) {
    std::cout << ToJson(s).dump(2) << std::endl;
  } else if (!a.quiet || s.interrupted) {
    PrintSummary(s);
  }
  if (s.interrupted) std::exit(130);
}

}  // namespace

void RegisterTrain(CLI::App& app) {
  auto a = std::make_shared<TrainArgs>();
  CLI::App* sub = app.add_subcommand(
      "train",
      "Train a NeuralCRN on a paper experiment or your own config; writes a run "
      "directory with metrics, parameters, networks, fidelity figures and plots");
  sub->add_option("--experiment", a->experiment,
                  "Shipped experiment: linear, rings, xor, and, or, or-noaug, iris, virus");
  sub->add_option("--config", a->config, "Your own experiment config (JSON, see experiments/)");
  sub->add_option("--seed", a->seed, "Override the master seed");
  sub->add_option("--epochs", a->epochs, "Override schedule.epochs (with --resume: extend)");
  sub->add_option("--set", a->sets, "Override any field: key.path=value (repeatable)");
  sub->add_option("--run-dir", a->run_dir, "Run directory (default runs/<name>-<timestamp>)");
  sub->add_option("--resume", a->resume, "Continue the run in this directory from its checkpoint");
  sub->add_flag("--json", a->json, "Print the final summary as JSON");
  sub->add_flag("--quiet", a->quiet, "No progress bar, no summary text");
  sub->add_flag("--no-plots", a->no_plots, "Skip the gnuplot plots");
  sub->callback([a] { Run(*a); });
}

}  // namespace ncrn::cli
