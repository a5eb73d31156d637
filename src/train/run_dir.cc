#include "neuralcrn/train/run_dir.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <ctime>
#include <filesystem>
#include <numbers>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "neuralcrn/core/atomic_file.h"
#include "neuralcrn/core/crn_text.h"
#include "neuralcrn/core/error.h"
#include "neuralcrn/data/csv.h"
#include "neuralcrn/io/progress.h"
#include "neuralcrn/train/checkpoint.h"
#include "run_dir_internal.h"

namespace ncrn {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

json Num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }
std::string Csv(double v) { return std::isfinite(v) ? fmt::format("{:.17g}", v) : ""; }

json GradientJson(const GradientFidelity& g) {
  return {{"reference", g.reference},
          {"samples", g.samples},
          {"median_rel_error", Num(g.median_rel)},
          {"p90_rel_error", Num(g.p90_rel)},
          {"max_rel_error", Num(g.max_rel)}};
}

std::string Join(const std::string& dir, const std::string& f) {
  return (fs::path(dir) / f).string();
}

json ConfigJson(const ExperimentConfig& c) {
  json j = ToJson(c);
  j["derived"] = {{"data_seed", DataSeed(c)}, {"init_seed", InitSeed(c)}};
  return j;
}

void WriteMetrics(const std::string& dir, const RunState& s) {
  std::string out =
      "epoch,train_loss,val_loss,val_accuracy,exact_train_loss,exact_val_accuracy,"
      "max_param_diff,rms_param_diff,wall_seconds\n";
  for (const auto& m : s.history)
    out += fmt::format("{},{},{},{},{},{},{},{},{}\n", m.epoch, Csv(m.train_loss), Csv(m.val_loss),
                       Csv(m.val_accuracy), Csv(m.exact_train_loss), Csv(m.exact_val_accuracy),
                       Csv(m.max_param_diff), Csv(m.rms_param_diff), Csv(m.wall_seconds));
  WriteFileAtomic(Join(dir, "metrics.csv"), out);
}

// Everything a run needs in memory.
struct Session {
  ExperimentConfig config;
  ExperimentData data;
  ParameterLayout layout;
  RunState state;
  std::unique_ptr<Learner> chemical, exact;
  std::string dir;
};

void BuildLearners(Session& s) {
  s.chemical = MakeLearner(LearnerRole::kChemical, s.config, s.layout, s.state.params);
  if (s.config.lockstep)
    s.exact = MakeLearner(LearnerRole::kExact, s.config, s.layout, s.state.exact_params);
}

std::optional<LinearBoundary> FindBoundary(const Session& s, Learner& l) {
  if (s.config.model.kind != "linear" || s.layout.features != 2 || s.layout.outputs != 1)
    return std::nullopt;
  // y_hat is linear in x without bias: its coefficients are the outputs at the unit vectors.
  LinearBoundary b;
  std::vector<double> e1{1.0, 0.0}, e2{0.0, 1.0};
  b.c1 = l.Predict(e1)[0];
  b.c2 = l.Predict(e2)[0];
  const double th = s.config.schedule.threshold;
  b.slope = -b.c1 / b.c2;
  b.offset = th / b.c2;
  b.x2_at_minus2 = b.slope * -2 + b.offset;
  b.x2_at_plus2 = b.slope * 2 + b.offset;
  double cosang = (b.c1 + 2 * b.c2) / (std::hypot(b.c1, b.c2) * std::sqrt(5.0));
  b.angle_error_deg = std::acos(std::clamp(cosang, -1.0, 1.0)) * 180 / std::numbers::pi;
  return b;
}

RunSummary Train(Session& s, const RunOptions& options) {
  RunSummary sum;
  sum.name = s.config.name;
  sum.run_dir = s.dir;
  sum.seed = s.config.seed;
  sum.epochs_planned = s.config.schedule.epochs;
  sum.chemical_kind = s.chemical->Kind();
  sum.exact_kind = s.exact ? s.exact->Kind() : "";

  const long total = static_cast<long>(s.config.schedule.epochs - s.state.epochs_done) *
                     std::max(1, s.data.train.size());
  ProgressBar bar(std::max(1L, total), options.progress && ProgressBar::StderrIsTerminal());
  long done = 0;
  TrainLoopOptions lo;
  lo.stop = options.stop;
  lo.on_sample = [&](const SampleProgress& p) {
    ++done;
    std::string acc =
        std::isnan(p.last_val_accuracy) ? "-" : fmt::format("{:.3f}", p.last_val_accuracy);
    bar.Update(done, fmt::format("epoch {}/{} sample {}/{} loss {:.4f} val acc {}", p.epoch,
                                 p.epochs, p.sample, p.samples, p.running_loss, acc));
  };
  lo.on_epoch = [&](const RunState& st) {
    WriteCheckpoint(Join(s.dir, "checkpoint.json"), st);
    WriteMetrics(s.dir, st);
  };
  LoopOutcome outcome =
      TrainLoop(s.config, s.data, s.layout, *s.chemical, s.exact.get(), s.state, lo);
  bar.Finish();

  sum.epochs = s.state.epochs_done;
  sum.wall_seconds = s.state.wall_seconds;
  if (!s.state.history.empty()) {
    const auto& last = s.state.history.back();
    sum.final_train_loss = last.train_loss;
    for (const auto& m : s.state.history)
      if (!std::isnan(m.val_accuracy)) {
        sum.final_val_accuracy = m.val_accuracy;
        sum.final_val_loss = m.val_loss;
      }
    sum.final_max_param_diff = last.max_param_diff;
    sum.final_rms_param_diff = last.rms_param_diff;
  }
  for (const auto& n : s.chemical->Notes()) sum.notes.push_back(n);
  if (outcome == LoopOutcome::kInterrupted) {
    sum.interrupted = true;
    sum.notes.push_back(
        fmt::format("interrupted after epoch {}; continue with `neuralcrn train "
                    "--resume {}`",
                    s.state.epochs_done, s.dir));
    return sum;
  }

  // The learners hold the final parameters (TrainLoop ran to the end).
  const int outputs = s.layout.outputs;
  const double th = s.config.schedule.threshold;
  Evaluation test = Evaluate(*s.chemical, s.data.test, th, outputs);
  sum.test_accuracy = test.accuracy;
  sum.test_set = TestSetDescription(s.config);
  sum.test_size = s.data.test.size();
  if (s.exact) {
    Evaluation et = Evaluate(*s.exact, s.data.test, th, outputs);
    sum.exact_test_accuracy = et.accuracy;
    int same = 0;
    double mx = 0;
    for (int i = 0; i < s.data.test.size(); ++i) {
      same += et.predicted[i] == test.predicted[i];
      for (int k = 0; k < outputs; ++k)
        mx = std::max(mx, std::abs(et.outputs[i][k] - test.outputs[i][k]));
    }
    sum.prediction_agreement = s.data.test.size() ? double(same) / s.data.test.size() : 1.0;
    sum.max_output_diff = mx;
  }
  sum.boundary = FindBoundary(s, *s.chemical);
  sum.gradient_check = s.chemical->GradientCheck();

  // Trained parameters.
  auto names = s.layout.Names();
  const auto& init = s.state.trajectory.front();
  json pj = {{"names", names},
             {"chemical", s.state.params},
             {"initial", init},
             {"exact", s.state.exact_params},
             {"layout",
              {{"features", s.layout.features},
               {"dims", s.layout.dims},
               {"outputs", s.layout.outputs},
               {"has_beta", s.layout.has_beta},
               {"w_trained", s.layout.w_trained}}},
             {"feature_names", s.data.train.feature_names},
             {"class_names", s.data.train.class_names},
             {"scale_min", s.data.scale_min},
             {"scale_max", s.data.scale_max},
             {"note",
              "values are signed concentrations [P+] - [P-] (theta), [B+] - [B-] (beta), "
              "[W+] - [W-] (w)"}};
  WriteFileAtomic(Join(s.dir, "parameters.json"), pj.dump(2) + "\n");
  std::string pc = "name,trained,initial,chemical,exact\n";
  for (int i = 0; i < s.layout.size(); ++i)
    pc += fmt::format("{},{},{},{},{}\n", names[i], s.layout.Trained(i) ? 1 : 0, Csv(init[i]),
                      Csv(s.state.params[i]),
                      s.state.exact_params.empty() ? "" : Csv(s.state.exact_params[i]));
  WriteFileAtomic(Join(s.dir, "parameters.csv"), pc);

  // Networks of every stage.
  auto crns = s.chemical->StageCrns();
  if (!crns.empty()) fs::create_directories(Join(s.dir, "crn"));
  for (const auto& [stem, crn] : crns) {
    WriteCrnFile(crn, Join(s.dir, "crn/" + stem + ".crn"));
    sum.circuit.push_back({stem, crn.num_species(), crn.num_reactions()});
  }
  if (crns.empty())
    sum.notes.push_back(
        fmt::format("learner '{}' has no reaction networks; crn/ not written", s.chemical->Kind()));

  // Lock-step fidelity.
  json fj = {{"chemical", sum.chemical_kind},
             {"exact", sum.exact_kind},
             {"lockstep", s.exact != nullptr},
             {"final_max_param_diff", Num(sum.final_max_param_diff)},
             {"final_rms_param_diff", Num(sum.final_rms_param_diff)},
             {"test_prediction_agreement", Num(sum.prediction_agreement)},
             {"test_max_output_diff", Num(sum.max_output_diff)},
             {"chemical_test_accuracy", Num(sum.test_accuracy)},
             {"exact_test_accuracy", Num(sum.exact_test_accuracy)}};
  if (sum.gradient_check) fj["gradient_check"] = GradientJson(*sum.gradient_check);
  std::string fc = "epoch,chemical_train_loss,exact_train_loss,max_param_diff,rms_param_diff\n";
  for (const auto& m : s.state.history)
    fc += fmt::format("{},{},{},{},{}\n", m.epoch, Csv(m.train_loss), Csv(m.exact_train_loss),
                      Csv(m.max_param_diff), Csv(m.rms_param_diff));
  WriteFileAtomic(Join(s.dir, "fidelity.json"), fj.dump(2) + "\n");
  WriteFileAtomic(Join(s.dir, "fidelity.csv"), fc);

  // Test predictions.
  std::string pr;
  for (const auto& f : s.data.test.feature_names) pr += f + ",";
  pr += "label,predicted";
  for (int k = 0; k < outputs; ++k) pr += fmt::format(",y_hat_{}", k + 1);
  pr += "\n";
  for (int i = 0; i < s.data.test.size(); ++i) {
    // Features in the data's own units (scaling undone), so `predict` can read this file.
    auto row = s.data.test.Row(i);
    for (std::size_t j = 0; j < row.size(); ++j) {
      double v = row[j];
      if (!s.data.scale_min.empty()) {
        const double lo = s.data.scale_min[j], hi = s.data.scale_max[j];
        v = hi > lo ? lo + v * (hi - lo) : lo;
      }
      pr += Csv(v) + ",";
    }
    pr += s.data.test.class_names[s.data.test.labels[i]] + "," +
          s.data.test.class_names[test.predicted[i]];
    for (double v : test.outputs[i]) pr += fmt::format(",{}", Csv(v));
    pr += "\n";
  }
  WriteFileAtomic(Join(s.dir, "predictions.csv"), pr);

  if (options.plots) {
    internal::RunPlotInput in{&s.config, &s.data,          &s.layout,    &s.state,
                              &test,     s.chemical.get(), s.exact.get()};
    auto notes = internal::WriteRunPlots(in, Join(s.dir, "plots"));
    sum.notes.insert(sum.notes.end(), notes.begin(), notes.end());
  }
  WriteFileAtomic(Join(s.dir, "summary.json"), ToJson(sum).dump(2) + "\n");
  return sum;
}

}  // namespace

json ToJson(const RunSummary& s) {
  json j = {{"name", s.name},
            {"run_dir", s.run_dir},
            {"seed", s.seed},
            {"epochs", s.epochs},
            {"epochs_planned", s.epochs_planned},
            {"interrupted", s.interrupted},
            {"test_accuracy", Num(s.test_accuracy)},
            {"test_set", s.test_set},
            {"test_size", s.test_size},
            {"final_train_loss", Num(s.final_train_loss)},
            {"final_val_loss", Num(s.final_val_loss)},
            {"final_val_accuracy", Num(s.final_val_accuracy)},
            {"wall_seconds", s.wall_seconds},
            {"chemical_learner", s.chemical_kind},
            {"exact_learner", s.exact_kind},
            {"fidelity",
             {{"exact_test_accuracy", Num(s.exact_test_accuracy)},
              {"prediction_agreement", Num(s.prediction_agreement)},
              {"final_max_param_diff", Num(s.final_max_param_diff)},
              {"final_rms_param_diff", Num(s.final_rms_param_diff)},
              {"max_output_diff", Num(s.max_output_diff)}}},
            {"notes", s.notes}};
  if (s.gradient_check) j["fidelity"]["gradient_check"] = GradientJson(*s.gradient_check);
  if (s.boundary) {
    const auto& b = *s.boundary;
    j["linear_boundary"] = {{"c1", b.c1},
                            {"c2", b.c2},
                            {"slope", Num(b.slope)},
                            {"offset", Num(b.offset)},
                            {"x2_at_x1_minus2", Num(b.x2_at_minus2)},
                            {"x2_at_x1_plus2", Num(b.x2_at_plus2)},
                            {"angle_error_deg", Num(b.angle_error_deg)}};
  }
  json c = json::array();
  for (const auto& st : s.circuit)
    c.push_back({{"stage", st.stage}, {"species", st.species}, {"reactions", st.reactions}});
  j["circuit"] = c;
  return j;
}

std::string TestSetDescription(const ExperimentConfig& c) {
  const auto& d = c.dataset;
  if (d.test == "grid")
    return fmt::format("grid {0}x{0} on [{1},{2}]^2", d.grid_points, d.grid_min, d.grid_max);
  if (d.test == "split") return fmt::format("stratified {:.0f}% hold-out", 100 * d.test_fraction);
  return "validation set";
}

std::string DefaultRunDir(const std::string& name) {
  std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%d-%H%M%S", &tm);
  std::string base = (fs::path("runs") / (name + "-" + buf)).string();
  std::string dir = base;
  for (int i = 2; fs::exists(dir); ++i) dir = fmt::format("{}-{}", base, i);
  return dir;
}

RunSummary RunExperiment(const ExperimentConfig& c, const RunOptions& options) {
  c.Validate();
  Session s;
  s.config = c;
  s.dir = options.run_dir.empty() ? DefaultRunDir(c.name) : options.run_dir;
  if (fs::exists(Join(s.dir, "checkpoint.json")))
    throw InputError(
        fmt::format("run directory '{}' already holds a run; continue it with "
                    "--resume {} or choose another --run-dir",
                    s.dir, s.dir));
  std::error_code ec;
  fs::create_directories(s.dir, ec);
  if (ec)
    throw InputError(fmt::format("cannot create run directory '{}': {}", s.dir, ec.message()));
  WriteFileAtomic(Join(s.dir, "config.json"), ConfigJson(c).dump(2) + "\n");
  s.data = MakeExperimentData(c);
  s.layout = ParameterLayout::For(c, s.data.features(), s.data.num_classes());
  if (s.layout.outputs > 1 && c.init.w == "ones")
    throw InputError(fmt::format(
        "{}the dataset has {} classes, but init.w is 'ones': every output would be the same "
        "sum and argmax could never pick another class; set init.w to 'normal' (and "
        "model.output_layer to 'trained', as the Iris config does)",
        Where(c.source), s.layout.outputs));
  s.state.params = InitialParameters(c, s.layout);
  if (c.lockstep) s.state.exact_params = s.state.params;
  s.state.trajectory.push_back(s.state.params);
  if (c.lockstep) s.state.exact_trajectory.push_back(s.state.exact_params);
  BuildLearners(s);
  WriteCheckpoint(Join(s.dir, "checkpoint.json"), s.state);
  return Train(s, options);
}

RunSummary ResumeExperiment(const std::string& run_dir, const RunOptions& options,
                            std::optional<int> epochs) {
  Session s;
  s.dir = run_dir;
  const std::string cfg_path = Join(run_dir, "config.json");
  json j = json::parse(ReadFile(cfg_path), nullptr, false);
  if (j.is_discarded()) throw InputError(fmt::format("{}not valid JSON", Where(cfg_path)));
  s.config = ExperimentConfigFromJson(j, cfg_path);
  s.state = ReadCheckpoint(Join(run_dir, "checkpoint.json"));
  if (epochs) {
    if (*epochs < s.state.epochs_done)
      throw InputError(fmt::format("--epochs {} is below the {} epochs already done in '{}'",
                                   *epochs, s.state.epochs_done, run_dir));
    s.config.schedule.epochs = *epochs;
    WriteFileAtomic(cfg_path, ConfigJson(s.config).dump(2) + "\n");
  }
  s.data = MakeExperimentData(s.config);
  s.layout = ParameterLayout::For(s.config, s.data.features(), s.data.num_classes());
  if (static_cast<int>(s.state.params.size()) != s.layout.size() ||
      (s.config.lockstep && s.state.exact_params.size() != s.state.params.size()))
    throw InputError(fmt::format("{}checkpoint holds {} parameters; the configured model needs {}",
                                 Where(Join(run_dir, "checkpoint.json")), s.state.params.size(),
                                 s.layout.size()));
  BuildLearners(s);
  return Train(s, options);
}

json PredictFromRun(const std::string& run_dir, const std::string& input_csv,
                    const std::string& output_csv) {
  const std::string cfg_path = Join(run_dir, "config.json");
  json cj = json::parse(ReadFile(cfg_path), nullptr, false);
  if (cj.is_discarded()) throw InputError(fmt::format("{}not valid JSON", Where(cfg_path)));
  ExperimentConfig c = ExperimentConfigFromJson(cj, cfg_path);
  const std::string par_path = Join(run_dir, "parameters.json");
  json pj = json::parse(ReadFile(par_path), nullptr, false);
  if (pj.is_discarded())
    throw InputError(fmt::format("{}not valid JSON (is the run finished?)", Where(par_path)));
  ParameterLayout layout;
  std::vector<double> params, smin, smax;
  std::vector<std::string> feature_names, class_names;
  try {
    const auto& l = pj.at("layout");
    layout.features = l.at("features");
    layout.dims = l.at("dims");
    layout.outputs = l.at("outputs");
    layout.has_beta = l.at("has_beta");
    layout.w_trained = l.at("w_trained");
    params = pj.at("chemical").get<std::vector<double>>();
    smin = pj.at("scale_min").get<std::vector<double>>();
    smax = pj.at("scale_max").get<std::vector<double>>();
    feature_names = pj.at("feature_names").get<std::vector<std::string>>();
    class_names = pj.at("class_names").get<std::vector<std::string>>();
  } catch (const json::exception& e) {
    throw InputError(fmt::format("{}malformed parameters file: {}", Where(par_path), e.what()));
  }
  if (static_cast<int>(params.size()) != layout.size())
    throw InputError(fmt::format("{}holds {} parameters; its layout needs {}", Where(par_path),
                                 params.size(), layout.size()));
  auto learner = MakeLearner(LearnerRole::kChemical, c, layout, params);

  // Input: header names matching the run's features, else the first D columns. Without a
  // header, a row longer than D has a label column: the training config's label index, else the
  // last column (train's default). The first row is a header by train's rule (LooksLikeHeader):
  // only a non-numeric feature field makes one, not a text label.
  std::string text = ReadFile(input_csv);
  CsvTable probe = ParseCsvTable(text, input_csv, false);
  if (probe.rows.empty()) throw InputError(fmt::format("{}no data rows", Where(input_csv)));
  const int D = layout.features;
  const int ncols = static_cast<int>(probe.rows[0].size());
  int label_col = -1;
  if (ncols > D) {
    const std::string& lc = c.dataset.label_column;
    const bool index =
        !lc.empty() && lc.size() < 9 &&
        std::all_of(lc.begin(), lc.end(), [](char ch) { return ch >= '0' && ch <= '9'; });
    label_col = index && std::stoi(lc) < ncols ? std::stoi(lc) : ncols - 1;
  }
  const bool header = LooksLikeHeader(probe.rows[0], label_col);
  CsvTable t = header ? ParseCsvTable(text, input_csv, true) : probe;
  std::vector<int> cols;
  if (header) {
    label_col = -1;
    for (const auto& f : feature_names) {
      auto it = std::find(t.header.begin(), t.header.end(), f);
      if (it == t.header.end()) {
        cols.clear();
        break;
      }
      cols.push_back(static_cast<int>(it - t.header.begin()));
    }
    std::string lname = c.dataset.label_column.empty() ? "label" : c.dataset.label_column;
    for (std::size_t i = 0; i < t.header.size(); ++i)
      if (t.header[i] == lname || t.header[i] == "label" || t.header[i] == "class")
        label_col = static_cast<int>(i);
  }
  if (cols.empty()) {
    for (int j = 0, n = 0; n < D && j < static_cast<int>(t.rows[0].size()); ++j)
      if (j != label_col) cols.push_back(j), ++n;
    if (static_cast<int>(cols.size()) < D)
      throw InputError(
          fmt::format("{}rows have {} feature columns; the run was trained on {} "
                      "features ({})",
                      Where(input_csv), cols.size(), D, fmt::join(feature_names, ", ")));
  }
  std::string out;
  for (std::size_t k = 0; k < cols.size(); ++k)
    out += (header ? t.header[cols[k]] : feature_names[k]) + ",";
  if (label_col >= 0) out += "label,";
  out += "predicted";
  for (int k = 0; k < layout.outputs; ++k) out += fmt::format(",y_hat_{}", k + 1);
  out += "\n";
  int correct = 0, labelled = 0;
  for (std::size_t r = 0; r < t.rows.size(); ++r) {
    std::vector<double> x;
    std::string where = fmt::format("{}:{}: ", input_csv, t.lines[r]);
    for (int j : cols) x.push_back(ParseCsvNumber(t.rows[r][j], where, header ? t.header[j] : ""));
    std::vector<double> xs = x;
    if (!smin.empty())
      for (int j = 0; j < D; ++j)
        xs[j] = smax[j] > smin[j] ? (x[j] - smin[j]) / (smax[j] - smin[j]) : 0.0;
    std::vector<double> y = learner->Predict(xs);
    int cls = Classify(y, c.schedule.threshold);
    for (double v : x) out += Csv(v) + ",";
    if (label_col >= 0) {
      const std::string& lab = t.rows[r][label_col];
      if (std::find(class_names.begin(), class_names.end(), lab) == class_names.end())
        throw InputError(
            fmt::format("{}label '{}' is not one of the labels the run was trained "
                        "on ({}); remove the row or fix its label",
                        where, lab, fmt::join(class_names, ", ")));
      out += lab + ",";
      ++labelled;
      correct += lab == class_names.at(cls);
    }
    out += class_names.at(cls);
    for (double v : y) out += fmt::format(",{}", Csv(v));
    out += "\n";
  }
  WriteFileAtomic(output_csv, out);
  json res = {{"samples", t.rows.size()}, {"output", output_csv}, {"run_dir", run_dir}};
  if (labelled) res["accuracy"] = double(correct) / labelled;
  return res;
}

}  // namespace ncrn
