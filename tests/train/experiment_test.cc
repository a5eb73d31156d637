// Experiment configs, the training loop, checkpoints and resume (library level).
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "neuralcrn/core/atomic_file.h"
#include "neuralcrn/core/error.h"
#include "neuralcrn/train/checkpoint.h"
#include "neuralcrn/train/experiment.h"
#include "neuralcrn/train/experiment_config.h"
#include "neuralcrn/train/experiment_learners.h"
#include "neuralcrn/train/run_dir.h"

namespace ncrn {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string Experiments() { return std::string(NCRN_SOURCE_DIR) + "/experiments"; }

std::string TempDir(const std::string& name) {
  fs::path p = fs::path(NCRN_BINARY_DIR) / "test-tmp" / "train" / name;
  fs::remove_all(p);
  fs::create_directories(p);
  return p.string();
}

std::string WriteConfig(const std::string& dir, const std::string& text) {
  std::string path = dir + "/config.json";
  WriteFileAtomic(path, text);
  return path;
}

// Expects an InputError whose message contains every fragment.
template <typename F>
void ExpectInputError(F f, std::initializer_list<std::string> fragments) {
  try {
    f();
    ADD_FAILURE() << "no InputError";
  } catch (const InputError& e) {
    for (const auto& fr : fragments)
      EXPECT_NE(std::string(e.what()).find(fr), std::string::npos)
          << "message '" << e.what() << "' lacks '" << fr << "'";
  }
}

TEST(ExperimentConfig, EveryShippedExperimentLoadsWithReferenceValues) {
  for (const auto& name : PaperExperimentNames()) {
    ExperimentConfig c = LoadExperimentConfig(Experiments() + "/" + name + ".json");
    EXPECT_EQ(c.name, name);
    EXPECT_FALSE(c.notes.empty()) << name;
  }
  ExperimentConfig r = LoadExperimentConfig(Experiments() + "/rings.json");
  EXPECT_EQ(r.schedule.T, 0.8);
  EXPECT_EQ(r.model.h, 0.1);
  EXPECT_EQ(r.model.augment_value, 0.2);
  EXPECT_EQ(r.schedule.eta, 0.1);
  EXPECT_EQ(r.schedule.epochs, 200);
  EXPECT_EQ(r.dataset.train_size, 101);
  EXPECT_EQ(r.dataset.val_size, 201);
  EXPECT_EQ(r.solver.rtol, 1e-4);
  EXPECT_EQ(LoadExperimentConfig(Experiments() + "/and.json").schedule.T, 0.5);
  ExperimentConfig iris = LoadExperimentConfig(Experiments() + "/iris.json");
  EXPECT_EQ(iris.schedule.T, 0.6);
  EXPECT_EQ(iris.model.h, 0.3);
  EXPECT_EQ(iris.model.output_layer, "trained");
  EXPECT_NE(LoadExperimentConfig(Experiments() + "/virus.json").notes.find("CHOSEN"),
            std::string::npos);
  EXPECT_EQ(LoadExperimentConfig(Experiments() + "/or-noaug.json").model.augment_dims, 0);
}

TEST(ExperimentConfig, UnknownKeyNamesKeyAndFile) {
  std::string dir = TempDir("unknown_key");
  std::string path =
      WriteConfig(dir, R"({"dataset": {"kind": "rings"}, "schedule": {"epoch": 3}})");
  ExpectInputError([&] { LoadExperimentConfig(path); }, {"schedule.epoch", path, "epochs"});
  path = WriteConfig(dir, R"({"dataset": {"kind": "rings"}, "sed": 1})");
  ExpectInputError([&] { LoadExperimentConfig(path); }, {"'sed'", path});
}

TEST(ExperimentConfig, WrongTypeAndRangeNameTheField) {
  std::string dir = TempDir("wrong_type");
  ExpectInputError(
      [&] {
        LoadExperimentConfig(WriteConfig(dir, R"({"dataset": {"kind": "rings"},
                                             "schedule": {"eta": "fast"}})"));
      },
      {"schedule.eta", "number"});
  ExpectInputError(
      [&] {
        LoadExperimentConfig(WriteConfig(dir, R"({"dataset": {"kind": "rings"},
                                             "schedule": {"T": -1}})"));
      },
      {"schedule.T", "-1"});
  ExpectInputError(
      [&] { LoadExperimentConfig(WriteConfig(dir, R"({"dataset": {"kind": "spiral"}})")); },
      {"dataset.kind", "spiral", "rings"});
  ExpectInputError(
      [&] {
        LoadExperimentConfig(WriteConfig(dir, R"({"dataset": {"kind": "rings"},
                                             "schedule": {"epochs": 2.5}})"));
      },
      {"schedule.epochs", "integer"});
  ExpectInputError([&] { LoadExperimentConfig(WriteConfig(dir, R"({"seed": 1})")); }, {"dataset"});
  ExpectInputError([&] { LoadExperimentConfig(WriteConfig(dir, "{not json")); },
                   {"not valid JSON"});
  ExpectInputError(
      [&] { LoadExperimentConfig(WriteConfig(dir, R"({"dataset": {"kind": "csv"}})")); },
      {"dataset.path"});
}

TEST(ExperimentConfig, OverridesApplyBeforeValidation) {
  std::string path = Experiments() + "/rings.json";
  ExperimentConfig c = LoadExperimentConfig(
      path, {"seed=7", "schedule.epochs=3", "model.convention=exact", "solver.rtol=1e-6"});
  EXPECT_EQ(c.seed, 7u);
  EXPECT_EQ(c.schedule.epochs, 3);
  EXPECT_EQ(c.model.convention, "exact");
  EXPECT_EQ(c.solver.rtol, 1e-6);
  ExpectInputError([&] { LoadExperimentConfig(path, {"schedule.epoch=3"}); }, {"schedule.epoch"});
  ExpectInputError([&] { LoadExperimentConfig(path, {"schedule.epochs"}); }, {"key.path=value"});
  ExpectInputError([&] { LoadExperimentConfig(path, {"schedule.epochs=-2"}); },
                   {"schedule.epochs"});
  // A resolved config round-trips.
  ExperimentConfig back = ExperimentConfigFromJson(ToJson(c), "<round-trip>");
  EXPECT_EQ(ToJson(back), ToJson(c));
}

TEST(ExperimentConfig, UnknownExperimentListsTheShippedOnes) {
  ExpectInputError([] { ExperimentConfigPath("spiral"); }, {"spiral", "rings", "iris"});
}

// The host learner's gradient against central finite differences of its loss (rel 1e-5,
// abs 1e-7: RK4 at step 0.01 is smooth in the parameters; FD step 1e-6 gives ~1e-9 truncation).
TEST(HostOdeLearner, GradientMatchesFiniteDifferences) {
  for (const char* conv : {"exact", "reference"}) {
    ExperimentConfig c = LoadExperimentConfig(Experiments() + "/iris.json",
                                              {std::string("model.convention=") + conv});
    ParameterLayout l = ParameterLayout::For(c, 4, 3);
    std::vector<double> p = InitialParameters(c, l);
    HostOdeLearner h(c, l, p, {});
    std::vector<double> x{0.2, 0.7, 0.4, 0.9}, t{0, 1, 0};
    std::vector<double> g = h.Gradient(x, t, nullptr);
    for (int k = 0; k < l.size(); k += 3) {
      std::vector<double> q = p;
      const double eps = 1e-6;
      double lp, lm;
      q[k] = p[k] + eps;
      h.SetParameters(q);
      h.Gradient(x, t, &lp);
      q[k] = p[k] - eps;
      h.SetParameters(q);
      h.Gradient(x, t, &lm);
      h.SetParameters(p);
      double fd = (lp - lm) / (2 * eps);
      EXPECT_NEAR(g[k], fd, 1e-7 + 1e-5 * std::abs(fd)) << conv << " " << l.Names()[k];
    }
  }
}

ExperimentConfig SmallRings(int epochs) {
  return LoadExperimentConfig(Experiments() + "/rings.json",
                              {"schedule.epochs=" + std::to_string(epochs), "dataset.train_size=11",
                               "dataset.val_size=11", "schedule.validate_every=1"});
}

std::vector<double> CheckpointParams(const std::string& dir) {
  return ReadCheckpoint(dir + "/checkpoint.json").params;
}

// 4 epochs in one go == 2 epochs, then --resume to 4 (to 1e-12).
TEST(RunDir, ResumeGivesTheSameResultAsAnUninterruptedRun) {
  RunOptions o;
  o.progress = false;
  o.plots = false;
  o.run_dir = TempDir("resume_full");
  RunSummary full = RunExperiment(SmallRings(4), o);
  o.run_dir = TempDir("resume_half");
  RunSummary half = RunExperiment(SmallRings(2), o);
  EXPECT_EQ(half.epochs, 2);
  RunSummary resumed = ResumeExperiment(o.run_dir, o, 4);
  EXPECT_EQ(resumed.epochs, 4);
  std::vector<double> a = CheckpointParams(full.run_dir), b = CheckpointParams(resumed.run_dir);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-12) << i;
  RunState sa = ReadCheckpoint(full.run_dir + "/checkpoint.json");
  RunState sb = ReadCheckpoint(resumed.run_dir + "/checkpoint.json");
  for (std::size_t i = 0; i < sa.exact_params.size(); ++i)
    EXPECT_NEAR(sa.exact_params[i], sb.exact_params[i], 1e-12) << i;
  EXPECT_NEAR(full.final_train_loss, resumed.final_train_loss, 1e-12);
  EXPECT_EQ(full.test_accuracy, resumed.test_accuracy);
  // The parameters changed (the test cannot pass by training nothing).
  EXPECT_GT(std::abs(a[0] - sa.trajectory[0][0]), 1e-6);
  // Lowering the epochs below those done is refused.
  EXPECT_THROW(ResumeExperiment(o.run_dir, o, 1), InputError);
}

// The clocked protocol keeps both parameter rails (bounded by annihilation) and tiny transient
// residues in the pool; the checkpoint saves the whole species pool, so a resumed run continues
// exactly (before the pool was saved, restarting from canonical rails differed by ~3e-9).
TEST(RunDir, ResumeClockedProtocolIsExact) {
  auto cfg = [](int epochs) {
    return LoadExperimentConfig(
        Experiments() + "/rings.json",
        {"schedule.epochs=" + std::to_string(epochs), "dataset.train_size=11",
         "dataset.val_size=11", "schedule.protocol=clocked", "model.convention=exact",
         "lockstep=false"});
  };
  RunOptions o;
  o.progress = false;
  o.plots = false;
  o.run_dir = TempDir("resume_clocked_full");
  RunExperiment(cfg(4), o);
  std::vector<double> a = CheckpointParams(o.run_dir);
  o.run_dir = TempDir("resume_clocked_half");
  RunExperiment(cfg(2), o);
  ResumeExperiment(o.run_dir, o, 4);
  std::vector<double> b = CheckpointParams(o.run_dir);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i)
    EXPECT_NEAR(a[i], b[i], 1e-12 + 1e-12 * std::abs(a[i])) << i;
}

TEST(RunDir, StopFlagLeavesTheLastCheckpoint) {
  RunOptions o;
  o.progress = false;
  o.plots = false;
  o.run_dir = TempDir("stop");
  std::atomic<bool> stop{false};
  o.stop = &stop;
  // Stop during epoch 2: the loop checks the flag after each sample.
  ExperimentConfig c = SmallRings(5);
  ExperimentData data = MakeExperimentData(c);
  ParameterLayout l = ParameterLayout::For(c, data.features(), data.num_classes());
  RunState st;
  st.params = InitialParameters(c, l);
  auto learner = MakeLearner(LearnerRole::kChemical, c, l, st.params);
  int samples = 0;
  TrainLoopOptions lo;
  lo.stop = &stop;
  lo.on_sample = [&](const SampleProgress&) {
    if (++samples == data.train.size() + 3) stop = true;
  };
  EXPECT_EQ(TrainLoop(c, data, l, *learner, nullptr, st, lo), LoopOutcome::kInterrupted);
  EXPECT_EQ(st.epochs_done, 1);
  EXPECT_EQ(st.history.size(), 1u);
}

TEST(RunDir, WritesEveryArtifact) {
  RunOptions o;
  o.progress = false;
  o.run_dir = TempDir("artifacts");
  RunSummary s = RunExperiment(SmallRings(2), o);
  for (const char* f : {"config.json",           "checkpoint.json",
                        "metrics.csv",           "parameters.json",
                        "parameters.csv",        "fidelity.json",
                        "fidelity.csv",          "predictions.csv",
                        "summary.json",          "plots/loss.dat",
                        "plots/loss.gp",         "plots/predictions.gp",
                        "plots/val_accuracy.gp", "plots/parameters.gp",
                        "plots/hidden_after.gp", "plots/hidden_before.gp",
                        "plots/stage_traces.gp", "crn/forward.crn",
                        "crn/backward.crn",      "crn/update.crn"})
    EXPECT_TRUE(fs::exists(o.run_dir + "/" + f)) << f;
  json cfg = json::parse(ReadFile(o.run_dir + "/config.json"));
  EXPECT_EQ(cfg["seed"], 42);
  EXPECT_TRUE(cfg["derived"].contains("data_seed"));
  json sum = json::parse(ReadFile(o.run_dir + "/summary.json"));
  for (const char* k :
       {"test_accuracy", "final_train_loss", "epochs", "seed", "wall_seconds", "run_dir"})
    EXPECT_TRUE(sum.contains(k)) << k;
  // The stage networks have the authors' sizes (reference notes s7: 99/42 forward, 267/68
  // backward for the 3-D reference circuit).
  bool seen_forward = false;
  for (const auto& st : s.circuit)
    if (st.stage == "forward") {
      seen_forward = true;
      EXPECT_EQ(st.reactions, 99);
      EXPECT_EQ(st.species, 42);
    } else if (st.stage == "backward") {
      EXPECT_EQ(st.reactions, 267);
      EXPECT_EQ(st.species, 68);
    }
  EXPECT_TRUE(seen_forward);
  EXPECT_GE(s.test_accuracy, 0.0);
  EXPECT_LE(s.test_accuracy, 1.0);
  // metrics.csv: header + one row per epoch.
  std::string m = ReadFile(o.run_dir + "/metrics.csv");
  EXPECT_EQ(std::count(m.begin(), m.end(), '\n'), 3);
  // A second run into the same directory is refused.
  EXPECT_THROW(RunExperiment(SmallRings(2), o), InputError);
}

// Under the exact convention and the clocked protocol every stage is exact chemistry of the
// polynomial model, so the gradient species after Stage III equal the exact gradient up to the
// solver tolerance (rtol 1e-4 in the XOR config) and the fast-stage residues (~e^-40): relative
// error below 1e-3 on every checked sample (measured: max 6e-5). XOR inputs are positive, so
// the reversed flow does not blow up (no sample is skipped).
TEST(GradientCheck, ExactConventionMatchesTheExactGradient) {
  ExperimentConfig c = LoadExperimentConfig(
      Experiments() + "/xor.json",
      {"schedule.epochs=1", "dataset.train_size=11", "dataset.val_size=11", "dataset.grid_points=5",
       "model.convention=exact", "schedule.protocol=clocked"});
  RunOptions o;
  o.progress = false;
  o.plots = false;
  o.run_dir = TempDir("gradient_check");
  RunSummary s = RunExperiment(c, o);
  ASSERT_TRUE(s.gradient_check.has_value());
  EXPECT_EQ(s.gradient_check->samples, 11);
  EXPECT_LT(s.gradient_check->max_rel, 1e-3);
  json f = json::parse(ReadFile(o.run_dir + "/fidelity.json"));
  EXPECT_EQ(f["gradient_check"]["samples"], 11);
  // The reference convention's adjoint (-2az, no beta) is not the exact gradient: the check
  // sees it (measured median 0.2 on Rings).
  c = LoadExperimentConfig(Experiments() + "/xor.json",
                           {"schedule.epochs=1", "dataset.train_size=11", "dataset.val_size=11",
                            "dataset.grid_points=5"});
  o.run_dir = TempDir("gradient_check_reference");
  s = RunExperiment(c, o);
  ASSERT_TRUE(s.gradient_check.has_value());
  EXPECT_GT(s.gradient_check->median_rel, 1e-2);
}

TEST(Checkpoint, RejectsMalformedFiles) {
  std::string dir = TempDir("bad_checkpoint");
  WriteFileAtomic(dir + "/c.json", R"({"format": "neuralcrn-checkpoint-1", "epochs_done": 1})");
  EXPECT_THROW(ReadCheckpoint(dir + "/c.json"), InputError);
  WriteFileAtomic(dir + "/d.json", "[1,2");
  EXPECT_THROW(ReadCheckpoint(dir + "/d.json"), InputError);
}

}  // namespace
}  // namespace ncrn
