// The train / predict / reproduce commands, run as the user runs them (NCRN_CLI).
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <thread>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "neuralcrn/core/atomic_file.h"
#include "neuralcrn/train/checkpoint.h"

extern char** environ;

namespace ncrn {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string Cli() {
  const char* c = std::getenv("NCRN_CLI");
  return c ? c : std::string(NCRN_BINARY_DIR) + "/neuralcrn";
}

std::string TempDir(const std::string& name) {
  fs::path p = fs::path(NCRN_BINARY_DIR) / "test-tmp" / "cli_train" / name;
  fs::remove_all(p);
  fs::create_directories(p);
  return p.string();
}

struct Result {
  int code = -1;
  std::string out;
};

Result RunCli(const std::string& args) {
  std::string cmd = Cli() + " " + args + " 2>&1";
  Result r;
  FILE* f = popen(cmd.c_str(), "r");
  if (!f) return r;
  char buf[4096];
  while (std::size_t n = fread(buf, 1, sizeof buf, f)) r.out.append(buf, n);
  int st = pclose(f);
  r.code = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

const std::string kSmall =
    " --experiment rings --set dataset.train_size=11 --set dataset.val_size=11 ";

TEST(CliTrain, JsonSummaryHasTheRequiredFields) {
  std::string dir = TempDir("json") + "/run";
  Result r = RunCli("train" + kSmall + "--epochs 2 --seed 5 --no-plots --json --run-dir " + dir);
  ASSERT_EQ(r.code, 0) << r.out;
  json j = json::parse(r.out);
  for (const char* k :
       {"test_accuracy", "final_train_loss", "epochs", "seed", "wall_seconds", "run_dir"})
    EXPECT_TRUE(j.contains(k)) << k;
  EXPECT_EQ(j["epochs"], 2);
  EXPECT_EQ(j["seed"], 5);
  EXPECT_EQ(j["run_dir"], dir);
  EXPECT_TRUE(fs::exists(dir + "/summary.json"));
}

// predict on the run's own test set reproduces the run's test predictions and accuracy.
TEST(CliTrain, PredictReproducesTheRunsTestPredictions) {
  std::string dir = TempDir("predict_self");
  Result r = RunCli("train" + kSmall + "--epochs 2 --no-plots --json --run-dir " + dir + "/run");
  ASSERT_EQ(r.code, 0) << r.out;
  const double acc = json::parse(r.out)["test_accuracy"].get<double>();
  r = RunCli("predict " + dir + "/run --input " + dir + "/run/predictions.csv -o " + dir +
             "/again.csv --json");
  ASSERT_EQ(r.code, 0) << r.out;
  json p = json::parse(r.out);
  EXPECT_EQ(p["samples"], 11);
  EXPECT_NEAR(p["accuracy"].get<double>(), acc, 1e-12);
  // Writing the predictions over the input is refused and leaves the input intact.
  const std::string before = ReadFile(dir + "/again.csv");
  Result same =
      RunCli("predict " + dir + "/run --input " + dir + "/again.csv -o " + dir + "/again.csv");
  EXPECT_EQ(same.code, 2) << same.out;
  EXPECT_EQ(ReadFile(dir + "/again.csv"), before);
  // Same predicted column, row by row (columns: x1,x2,label,predicted,...).
  auto column = [](const std::string& text, int col) {
    std::vector<std::string> out;
    std::istringstream is(text);
    std::string line;
    std::getline(is, line);
    while (std::getline(is, line)) {
      std::stringstream ls(line);
      std::string f;
      for (int c = 0; c <= col && std::getline(ls, f, ','); ++c) {
      }
      out.push_back(f);
    }
    return out;
  };
  EXPECT_EQ(column(ReadFile(dir + "/run/predictions.csv"), 3),
            column(ReadFile(dir + "/again.csv"), 3));

  // Iris: min-max scaled data; predictions.csv holds raw features and predict rescales them.
  r = RunCli(
      "train --experiment iris --set dataset.test_fraction=0.9 --epochs 1 --no-plots "
      "--json --run-dir " +
      dir + "/iris");
  ASSERT_EQ(r.code, 0) << r.out;
  const double iris_acc = json::parse(r.out)["test_accuracy"].get<double>();
  r = RunCli("predict " + dir + "/iris --input " + dir + "/iris/predictions.csv -o " + dir +
             "/iris_again.csv --json");
  ASSERT_EQ(r.code, 0) << r.out;
  EXPECT_NEAR(json::parse(r.out)["accuracy"].get<double>(), iris_acc, 1e-12);
  EXPECT_EQ(column(ReadFile(dir + "/iris/predictions.csv"), 5),
            column(ReadFile(dir + "/iris_again.csv"), 5));
}

TEST(CliTrain, BadInputExitsWithCode2AndAMessage) {
  Result r = RunCli("train --experiment spiral");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("unknown experiment 'spiral'"), std::string::npos) << r.out;
  r = RunCli("train --experiment rings --set schedule.epoch=3 --run-dir " + TempDir("bad") + "/r");
  EXPECT_EQ(r.code, 2);
  EXPECT_NE(r.out.find("schedule.epoch"), std::string::npos) << r.out;
  r = RunCli("train --experiment rings --config x.json");
  EXPECT_EQ(r.code, 2);
}

TEST(CliTrain, SingleClassCsvAndZeroEpochsAreRefused) {
  std::string dir = TempDir("oneclass");
  std::string csv = "f1,f2,label\n";
  for (int i = 0; i < 10; ++i) csv += std::to_string(0.1 * i) + ",0.5,a\n";
  WriteFileAtomic(dir + "/one.csv", csv);
  WriteFileAtomic(dir + "/cfg.json", R"({
    "name": "one", "dataset": {"kind": "csv", "path": "one.csv", "label_column": "label"}
  })");
  Result r =
      RunCli("train --config " + dir + "/cfg.json --no-plots --quiet --run-dir " + dir + "/run");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("single class ('a')"), std::string::npos) << r.out;
  r = RunCli("train" + kSmall + "--epochs 0 --no-plots --quiet --run-dir " + dir + "/run0");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("schedule.epochs"), std::string::npos) << r.out;
}

// More feature columns than a model has dimensions: the error names the CSV's header line.
TEST(CliTrain, TooManyCsvFeaturesNameTheFileAndLine) {
  std::string dir = TempDir("wide");
  std::string csv;
  for (int c = 0; c < 64; ++c) csv += "f" + std::to_string(c) + ",";
  csv += "label\n";
  for (int r = 0; r < 6; ++r) {
    for (int c = 0; c < 64; ++c) csv += std::to_string(0.01 * (r + c)) + ",";
    csv += r % 2 ? "a\n" : "b\n";
  }
  WriteFileAtomic(dir + "/wide.csv", csv);
  WriteFileAtomic(dir + "/cfg.json", R"({
    "name": "wide", "dataset": {"kind": "csv", "path": "wide.csv"}
  })");
  // 64 features + the default augmented dimension = 65 > 64.
  Result r =
      RunCli("train --config " + dir + "/cfg.json --no-plots --quiet --run-dir " + dir + "/run");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("wide.csv:1: 64 feature columns + 1 augmented"), std::string::npos) << r.out;
  EXPECT_NE(r.out.find("at most 64"), std::string::npos) << r.out;
}

TEST(CliTrain, UsersCsvConfigTrainsAndPredicts) {
  std::string dir = TempDir("csv");
  // Two well-separated blobs: class "a" near (0,0), class "b" near (1,1).
  std::string csv = "f1,f2,label\n";
  for (int i = 0; i < 20; ++i) {
    double d = 0.02 * (i % 5);
    csv += std::to_string(0.1 + d) + "," + std::to_string(0.15 + d) + ",a\n";
    csv += std::to_string(0.9 - d) + "," + std::to_string(0.85 - d) + ",b\n";
  }
  WriteFileAtomic(dir + "/blobs.csv", csv);
  WriteFileAtomic(dir + "/cfg.json", R"({
    "name": "blobs", "seed": 3,
    "dataset": {"kind": "csv", "path": "blobs.csv", "label_column": "label",
                "test_fraction": 0.25},
    "schedule": {"epochs": 3, "validate_every": 1, "T": 0.8, "eta": 0.1}
  })");
  Result r =
      RunCli("train --config " + dir + "/cfg.json --no-plots --json --run-dir " + dir + "/run");
  ASSERT_EQ(r.code, 0) << r.out;
  json j = json::parse(r.out);
  EXPECT_EQ(j["test_size"], 10);

  // predict on new labelled points (raw, unscaled features, by header name in another order).
  WriteFileAtomic(dir + "/new.csv", "label,f2,f1\na,0.1,0.12\nb,0.9,0.95\nb,0.8,0.85\n");
  r = RunCli("predict " + dir + "/run --input " + dir + "/new.csv -o " + dir + "/out.csv --json");
  ASSERT_EQ(r.code, 0) << r.out;
  json p = json::parse(r.out);
  EXPECT_EQ(p["samples"], 3);
  ASSERT_TRUE(p.contains("accuracy"));
  std::string out = ReadFile(dir + "/out.csv");
  EXPECT_EQ(std::count(out.begin(), out.end(), '\n'), 4) << out;
  EXPECT_NE(out.find("predicted"), std::string::npos);
  // The predictions equal the run's own classifier: recompute one through predictions.csv of
  // the run is not possible for new points, so check consistency with the reported accuracy.
  int correct = 0;
  std::istringstream is(out);
  std::string line;
  std::getline(is, line);
  while (std::getline(is, line)) {
    // f2,f1,label,predicted,...
    std::vector<std::string> f;
    std::stringstream ls(line);
    for (std::string x; std::getline(ls, x, ',');) f.push_back(x);
    ASSERT_GE(f.size(), 4u) << line;
    correct += f[2] == f[3];
  }
  EXPECT_NEAR(p["accuracy"].get<double>(), correct / 3.0, 1e-12);

  // No header, a text label in the last column: every row is data (the first row is not taken
  // for a header because of its label) and the labels give the accuracy.
  WriteFileAtomic(dir + "/plain.csv", "0.12,0.1,a\n0.95,0.9,b\n0.85,0.8,b\n");
  r = RunCli("predict " + dir + "/run --input " + dir + "/plain.csv -o " + dir + "/o1.csv --json");
  ASSERT_EQ(r.code, 0) << r.out;
  json plain = json::parse(r.out);
  EXPECT_EQ(plain["samples"], 3);
  ASSERT_TRUE(plain.contains("accuracy"));
  // Same points, same order of features (f1, f2) as new.csv by name: same accuracy.
  EXPECT_NEAR(plain["accuracy"].get<double>(), p["accuracy"].get<double>(), 1e-12);

  // A label the run was not trained on is refused with the line, the label and the known ones.
  for (const char* text : {"0.12,0.1,a\n0.95,0.9,b\n0.85,0.8,c\n",
                           "f1,f2,label\n0.12,0.1,a\n0.95,0.9,b\n0.85,0.8,c\n"}) {
    const bool has_header = text[0] == 'f';
    WriteFileAtomic(dir + "/unknown.csv", text);
    r = RunCli("predict " + dir + "/run --input " + dir + "/unknown.csv -o " + dir + "/o3.csv");
    EXPECT_EQ(r.code, 2) << r.out;
    EXPECT_NE(r.out.find("unknown.csv:" + std::to_string(has_header ? 4 : 3) + ": label 'c'"),
              std::string::npos)
        << r.out;
    EXPECT_NE(r.out.find("(a, b)"), std::string::npos) << r.out;
    EXPECT_FALSE(fs::exists(dir + "/o3.csv"));
  }

  // A file with too few columns is rejected with its name.
  WriteFileAtomic(dir + "/bad.csv", "0.1\n0.2\n");
  r = RunCli("predict " + dir + "/run --input " + dir + "/bad.csv -o " + dir + "/o2.csv");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("bad.csv"), std::string::npos) << r.out;
}

// Ctrl-C: the child stops after the current sample with exit code 130, the checkpoint stays
// readable, and resuming to N epochs gives what an uninterrupted N-epoch run gives.
TEST(CliTrain, SigintLeavesTheCheckpointAndResumeMatches) {
  std::string dir = TempDir("sigint");
  std::string run = dir + "/run";
  std::vector<std::string> args = {Cli(),          "train",
                                   "--experiment", "rings",
                                   "--set",        "dataset.train_size=11",
                                   "--set",        "dataset.val_size=11",
                                   "--epochs",     "100000",
                                   "--no-plots",   "--quiet",
                                   "--run-dir",    run};
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid;
  ASSERT_EQ(posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ), 0);
  // Wait for the first completed epoch (checkpoint with epochs_done >= 1), at most 60 s.
  int done = 0;
  for (int i = 0; i < 600 && done < 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    try {
      done = ReadCheckpoint(run + "/checkpoint.json").epochs_done;
    } catch (...) {
    }
  }
  ASSERT_GE(done, 1);
  kill(pid, SIGINT);
  int status = 0;
  waitpid(pid, &status, 0);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 130);
  RunState st = ReadCheckpoint(run + "/checkpoint.json");
  ASSERT_GE(st.epochs_done, 1);
  const int target = st.epochs_done + 1;
  Result r = RunCli("train --resume " + run + " --epochs " + std::to_string(target) +
                    " --no-plots --quiet");
  ASSERT_EQ(r.code, 0) << r.out;
  Result f = RunCli("train" + kSmall + "--epochs " + std::to_string(target) +
                    " --no-plots --quiet --run-dir " + dir + "/full");
  ASSERT_EQ(f.code, 0) << f.out;
  std::vector<double> a = ReadCheckpoint(run + "/checkpoint.json").params;
  std::vector<double> b = ReadCheckpoint(dir + "/full/checkpoint.json").params;
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-12) << i;
}

// The Linear experiment (f = theta z, inputs of both signs) trains chemically.
TEST(CliTrain, LinearExperimentTrainsChemically) {
  std::string dir = TempDir("linear");
  Result r = RunCli(
      "train --experiment linear --epochs 1 --set dataset.train_size=10 "
      "--set dataset.grid_points=5 --no-plots --json --run-dir " +
      dir + "/run");
  ASSERT_EQ(r.code, 0) << r.out;
  json j = json::parse(r.out);
  EXPECT_EQ(j["epochs"], 1);
  EXPECT_TRUE(j.contains("linear_boundary"));
}

// A trained run exports one SBML model per stage carrying the trained parameter concentrations.
TEST(CliTrain, ExportOfARunWritesEveryStageWithTrainedConcentrations) {
  std::string dir = TempDir("export");
  Result r = RunCli("train" + kSmall + "--epochs 1 --no-plots --quiet --run-dir " + dir + "/run");
  ASSERT_EQ(r.code, 0) << r.out;
  r = RunCli("export " + dir + "/run --to sbml -o " + dir + "/sbml");
  ASSERT_EQ(r.code, 0) << r.out;
  for (const char* stage : {"forward", "backward", "update"})
    EXPECT_TRUE(fs::exists(dir + "/sbml/" + stage + ".xml")) << stage;
  // Round trip of the forward stage: same network, same (trained) initial concentrations.
  r = RunCli("import " + dir + "/sbml/forward.xml -o " + dir + "/forward_back.crn");
  ASSERT_EQ(r.code, 0) << r.out;
  const json params = json::parse(ReadFile(dir + "/run/parameters.json"));
  const double theta11 = params["chemical"][0].get<double>();
  const std::string text = ReadFile(dir + "/forward_back.crn");
  const std::string rail = theta11 >= 0 ? "init P11p = " : "init P11m = ";
  const auto at = text.find(rail);
  ASSERT_NE(at, std::string::npos) << text;
  EXPECT_NEAR(std::stod(text.substr(at + rail.size())), std::fabs(theta11), 1e-9);
  // A directory that is not a run is refused.
  r = RunCli("export " + dir + "/sbml --to sbml -o " + dir + "/x");
  EXPECT_EQ(r.code, 2) << r.out;
  EXPECT_NE(r.out.find("not a training run"), std::string::npos) << r.out;
}

TEST(CliReproduce, QuickWritesTheReport) {
  std::string dir = TempDir("reproduce");
  auto t0 = std::chrono::steady_clock::now();
  Result r = RunCli("reproduce --quick --quiet -o " + dir);
  double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  ASSERT_EQ(r.code, 0) << r.out;
  std::string md = ReadFile(dir + "/report.md");
  for (const char* s : {"| rings |", "| linear |", "| iris |", "| virus |", "| xor |",
                        "Circuit sizes", "Lock-step fidelity", "Quick mode", "predictions.png"})
    EXPECT_NE(md.find(s), std::string::npos) << s;
  json j = json::parse(ReadFile(dir + "/report.json"));
  EXPECT_EQ(j["experiments"].size(), 8u);
  // Every experiment either ran or has its failure in the report (a failing experiment must
  // not stop the others; LinearExperimentTrainsChemically pins the Linear case down).
  for (const auto& e : j["experiments"]) {
    if (e["runs"].empty()) {
      ASSERT_EQ(e["failures"].size(), 1u) << e["name"];
      EXPECT_NE(md.find("**" + e["name"].get<std::string>() + " failed**"), std::string::npos);
      continue;
    }
    ASSERT_EQ(e["runs"].size(), 1u) << e["name"];
    double acc = e["median"].get<double>();
    EXPECT_GE(acc, 0.0);
    EXPECT_LE(acc, 1.0);
  }
  std::printf("reproduce --quick took %.1f s\n", secs);
}

}  // namespace
}  // namespace ncrn
