#include "neuralcrn/train/report.h"

#include <algorithm>
#include <chrono>
#include <ctime>
#include <filesystem>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "neuralcrn/core/atomic_file.h"
#include "neuralcrn/core/error.h"

namespace ncrn {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

struct PaperFacts {
  const char* paper;
  double target;
};

PaperFacts Facts(const std::string& name) {
  if (name == "linear") return {"boundary x1 + 2 x2 = 0 (no accuracy given)", 0.97};
  if (name == "rings") return {"about 0.98", 0.97};
  if (name == "xor" || name == "and" || name == "or") return {"no number (figures only)", 0.90};
  if (name == "or-noaug") return {"no number (SI S4 figure)", std::nan("")};
  if (name == "iris") return {"close to 1", 0.93};
  if (name == "virus") return {"close to 1", 0.85};
  return {"-", std::nan("")};
}

std::string F(double v, int digits = 3) {
  return std::isnan(v) ? "-" : fmt::format("{:.{}f}", v, digits);
}

double Median(std::vector<double> v) {
  if (v.empty()) return std::nan("");
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

std::string Markdown(const ReproduceReport& r, const ReproduceOptions& o, int seeds) {
  std::string md;
  std::time_t t = std::time(nullptr);
  char date[32];
  std::strftime(date, sizeof date, "%Y-%m-%d %H:%M UTC", std::gmtime(&t));
  md += "# NeuralCRN reproduction report\n\n";
  md += fmt::format(
      "Generated {} by `neuralcrn reproduce{}{}`. {} seed(s) per experiment; "
      "total wall time {:.1f} s.\n\n",
      date, o.quick ? " --quick" : "", o.seeds ? fmt::format(" --seeds {}", *o.seeds) : "", seeds,
      r.wall_seconds);
  if (o.quick)
    md +=
        "**Quick mode**: 2 epochs on about 20 training samples with coarse grids. These "
        "numbers test that the pipeline runs; they are NOT comparable with the paper and the "
        "targets below are not expected to be met.\n\n";
  if (!r.experiments.empty() && !r.experiments[0].runs.empty())
    md += fmt::format(
        "Chemical learner: `{}`; lock-step reference: `{}`.\n\n",
        r.experiments[0].runs[0].chemical_kind,
        r.experiments[0].runs[0].exact_kind.empty() ? "none" : r.experiments[0].runs[0].exact_kind);
  md += "## Accuracy against the paper and the targets\n\n";
  md += "Test accuracy of the chemical learner: median over the seeds, with min and max.\n\n";
  md += "| experiment | test set | median | min | max | paper | target | met |\n";
  md += "|---|---|---|---|---|---|---|---|\n";
  for (const auto& e : r.experiments)
    md += fmt::format("| {} | {} | {} | {} | {} | {} | {} | {} |\n", e.name, e.test_set,
                      F(e.median), F(e.min), F(e.max), e.paper, e.target_text,
                      std::isnan(e.target) ? "n/a" : (e.met ? "yes" : "**no**"));
  md += "\n";

  for (const auto& e : r.experiments) {
    if (e.name != "linear" || e.runs.empty()) continue;
    md += "## Linear boundary against x1 + 2 x2 = 0\n\n";
    md +=
        "The learned rule is y_hat = c1 x1 + c2 x2 > 0; its boundary on the [-2,2]^2 grid "
        "should pass through (-2, 1) and (2, -1) (slope -0.5).\n\n";
    md += "| seed | slope | x2 at x1 = -2 | x2 at x1 = 2 | angle to the true normal (deg) |\n";
    md += "|---|---|---|---|---|\n";
    for (const auto& s : e.runs)
      if (s.boundary)
        md += fmt::format("| {} | {} | {} | {} | {} |\n", s.seed, F(s.boundary->slope),
                          F(s.boundary->x2_at_minus2), F(s.boundary->x2_at_plus2),
                          F(s.boundary->angle_error_deg, 2));
    md += "| true | -0.500 | 1.000 | -1.000 | 0 |\n\n";
  }

  md += "## Circuit sizes\n\nReactions / species of each stage's network (first seed).\n\n";
  std::vector<std::string> stages;
  for (const auto& e : r.experiments)
    if (!e.runs.empty())
      for (const auto& c : e.runs[0].circuit)
        if (std::find(stages.begin(), stages.end(), c.stage) == stages.end())
          stages.push_back(c.stage);
  if (stages.empty()) {
    md +=
        "No reaction networks: the chemical learner of this build does not expose its "
        "networks (see the notes of each run).\n";
  } else {
    md += fmt::format("| experiment | {} |\n|---|", fmt::join(stages, " | "));
    for (std::size_t i = 0; i < stages.size(); ++i) md += "---|";
    md += "\n";
    for (const auto& e : r.experiments) {
      if (e.runs.empty() || e.runs[0].circuit.empty()) continue;
      md += "| " + e.name + " |";
      for (const auto& st : stages) {
        std::string cell = " - |";
        for (const auto& c : e.runs[0].circuit)
          if (c.stage == st) cell = fmt::format(" {} / {} |", c.reactions, c.species);
        md += cell;
      }
      md += "\n";
    }
  }
  md +=
      "\nReference counts (reference notes s7): nonlinear 3-D forward 99 reactions / 42 "
      "species, backward 267 / 68; linear 2-D forward 16 / 12, backward 48 / 24; Iris 5-D "
      "forward 245 / 90, backward 665 / 160.\n\n";

  md += "## Lock-step fidelity against the Neural ODE\n\n";
  md +=
      "Both learners start from the same parameters and see the same samples in the same "
      "order (paper SI S5).\n\n";
  md +=
      "| experiment | lock-step learner | exact test accuracy (median) | prediction agreement "
      "(min) | max param diff (max over seeds) | max output diff (max) | gradient rel. error "
      "median / p90 (first seed) |\n|---|---|---|---|---|---|---|\n";
  for (const auto& e : r.experiments) {
    std::vector<double> acc;
    double agree = 1, pd = 0, od = 0;
    bool have = false;
    for (const auto& s : e.runs) {
      if (std::isnan(s.exact_test_accuracy)) continue;
      have = true;
      acc.push_back(s.exact_test_accuracy);
      agree = std::min(agree, s.prediction_agreement);
      pd = std::max(pd, s.final_max_param_diff);
      od = std::max(od, s.max_output_diff);
    }
    std::string grad = "-";
    if (!e.runs.empty() && e.runs[0].gradient_check && e.runs[0].gradient_check->samples > 0)
      grad = fmt::format("{:.2g} / {:.2g}", e.runs[0].gradient_check->median_rel,
                         e.runs[0].gradient_check->p90_rel);
    if (have)
      md += fmt::format("| {} | {} | {} | {} | {} | {} | {} |\n", e.name, e.runs[0].exact_kind,
                        F(Median(acc)), F(agree), fmt::format("{:.3g}", pd),
                        fmt::format("{:.3g}", od), grad);
    else
      md += fmt::format("| {} | - | - | - | - | - | {} |\n", e.name, grad);
  }
  md +=
      "\nThe lock-step learner is the exact Neural ODE (CVODE with forward sensitivities) when "
      "the chemistry executes the polynomial model; for the paper/reference conventions the "
      "executed forward has -z|z| (or -z|z|/2), so the partner is the host RK4 integration of "
      "that executed forward with its exact gradient. Differences then measure the chemistry "
      "(adjoint approximations of the convention, steady-state residues, solver error), and "
      "grow over many epochs when the two trajectories separate. The gradient column compares, "
      "sample by sample, the chemical gradient species after Stage III with the exact "
      "gradient of the executed forward at the same parameters: it measures the adjoint "
      "approximations of the convention (the reference's -2az without beta) directly.\n";
  md += "\n## Plots (first seed of each experiment)\n\n";
  for (const auto& e : r.experiments) {
    if (e.runs.empty()) continue;
    std::string rel = fs::relative(e.runs[0].run_dir, o.out_dir).string();
    md += fmt::format("### {}\n\n{}\n\n", e.name, e.description);
    for (const char* p :
         {"predictions", "loss", "val_accuracy", "hidden_after", "parameters", "stage_traces"}) {
      std::string png = fmt::format("{}/plots/{}.png", rel, p);
      if (fs::exists(fs::path(o.out_dir) / png))
        md += fmt::format("![{} {}]({})\n", e.name, p, png);
    }
    md += "\n";
  }
  md += "## Closing notes\n\n";
  for (const auto& e : r.experiments)
    for (const auto& f : e.failures) md += fmt::format("- **{} failed**: {}\n", e.name, f);
  for (const auto& e : r.experiments) {
    if (std::isnan(e.target) || e.met) continue;
    md +=
        fmt::format("- **{}**: target {} not met (median {}).", e.name, e.target_text, F(e.median));
    if (o.quick)
      md += " Expected in quick mode (2 epochs on a few samples).";
    else if (e.name == "rings")
      md +=
          " The reference notes (s6, s8) measured 0.86-0.98 after 100 epochs across seeds "
          "for the as-executed protocol (mean 0.93); the paper's 0.98 is a good-seed value, "
          "and seed variance (data and initialisation) of about +-0.04 dominates.";
    else if (e.name == "xor" || e.name == "and" || e.name == "or")
      md +=
          " The training sets are sparse (101 points) and the boundary is learned only "
          "roughly; an independent re-simulation found XOR 0.82-0.84, AND 0.92, OR 0.85-0.93.";
    else if (e.name == "linear")
      md +=
          " The reference's schedule (10 epochs, effective step 0.0099, theta ~ N(0,1)) can "
          "stop while the boundary is still rotating toward x1 + 2 x2 = 0 (see the boundary "
          "table); the authors reported the loss (about 0.2 train / 0.17 validation), not an "
          "accuracy.";
    else if (e.name == "iris")
      md +=
          " The authors' own Iris run reached about 0.87-0.90; 'close to 1' is not "
          "verified by their artifacts. The hold-out has 15 samples, so one error costs "
          "0.067.";
    else if (e.name == "virus")
      md +=
          " No reference code exists; the hyperparameters are Iris-like choices "
          "(experiments/virus.json).";
    md += "\n";
  }
  md +=
      "- Virus Infection has no reference implementation: its hyperparameters are chosen, "
      "not the authors'.\n";
  md +=
      "- Boolean tasks: the paper gives figures, no numbers; grid accuracy is measured "
      "against the true boolean boundary (threshold 0.5).\n";
  md +=
      "- Accuracy is never tuned on the test split: every configuration is the reference "
      "code's (experiments/*.json, with their notes).\n";
  return md;
}

}  // namespace

void ReproduceOptions::Validate() const {
  if (seeds && (*seeds < 1 || *seeds > 1000))
    throw InputError(fmt::format("--seeds is {}; must be in [1, 1000]", *seeds));
  if (out_dir.empty()) throw InputError("the report directory (-o) must not be empty");
  for (const auto& e : experiments) {
    const auto& all = PaperExperimentNames();
    if (std::find(all.begin(), all.end(), e) == all.end())
      throw InputError(
          fmt::format("unknown experiment '{}'; accepted: {}", e, fmt::join(all, ", ")));
  }
}

ExperimentConfig ReproduceConfig(const std::string& name, bool quick) {
  std::vector<std::string> sets;
  if (quick) {
    sets = {"schedule.epochs=2", "schedule.validate_every=1"};
    if (name == "iris") {
      sets.push_back("dataset.test_fraction=0.85");
    } else if (name == "virus") {
      sets.push_back("dataset.test_fraction=0.93");
    } else {
      sets.push_back("dataset.train_size=21");
      sets.push_back("dataset.val_size=21");
      sets.push_back("dataset.grid_points=10");
    }
  }
  return LoadExperimentConfig(ExperimentConfigPath(name), sets);
}

ReproduceReport Reproduce(const ReproduceOptions& o) {
  o.Validate();
  const auto start = std::chrono::steady_clock::now();
  const int seeds = o.seeds.value_or(o.quick ? 1 : 3);
  std::vector<std::string> names = o.experiments.empty() ? PaperExperimentNames() : o.experiments;
  ReproduceReport r;
  fs::create_directories(fs::path(o.out_dir) / "runs");
  for (const auto& name : names) {
    ExperimentConfig base = ReproduceConfig(name, o.quick);
    ExperimentOutcome e;
    e.name = name;
    e.description = base.description;
    e.test_set = TestSetDescription(base);
    PaperFacts f = Facts(name);
    e.paper = f.paper;
    e.target = f.target;
    e.target_text = std::isnan(f.target) ? "-" : fmt::format(">= {:.2f}", f.target);
    std::vector<double> acc;
    for (int k = 0; k < seeds && !r.interrupted; ++k) {
      ExperimentConfig c = base;
      c.seed = base.seed + k;
      RunOptions ro;
      ro.run_dir = (fs::path(o.out_dir) / "runs" / fmt::format("{}-seed{}", name, c.seed)).string();
      if (fs::exists(ro.run_dir)) fs::remove_all(ro.run_dir);  // a fresh reproduction
      ro.progress = o.progress;
      ro.plots = o.plots;
      ro.stop = o.stop;
      if (o.progress)
        std::fprintf(stderr, "reproduce: %s seed %llu\n", name.c_str(),
                     static_cast<unsigned long long>(c.seed));
      RunSummary s;
      try {
        s = RunExperiment(c, ro);
      } catch (const std::exception& ex) {
        // Record the failure and go on with the other experiments.
        e.failures.push_back(fmt::format("seed {}: {}", c.seed, ex.what()));
        if (o.progress)
          std::fprintf(stderr, "reproduce: %s seed %llu failed: %s\n", name.c_str(),
                       static_cast<unsigned long long>(c.seed), ex.what());
        continue;
      }
      if (s.interrupted) {
        r.interrupted = true;
        break;
      }
      e.test_set = s.test_set;
      acc.push_back(s.test_accuracy);
      e.runs.push_back(std::move(s));
    }
    if (!acc.empty()) {
      e.median = Median(acc);
      e.min = *std::min_element(acc.begin(), acc.end());
      e.max = *std::max_element(acc.begin(), acc.end());
      e.met = !std::isnan(e.target) && e.median >= e.target;
    }
    r.experiments.push_back(std::move(e));
    if (r.interrupted) break;
  }
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  r.markdown = Markdown(r, o, seeds);
  WriteFileAtomic((fs::path(o.out_dir) / "report.md").string(), r.markdown);
  WriteFileAtomic((fs::path(o.out_dir) / "report.json").string(), ToJson(r).dump(2) + "\n");
  return r;
}

json ToJson(const ReproduceReport& r) {
  json ex = json::array();
  for (const auto& e : r.experiments) {
    json runs = json::array();
    for (const auto& s : e.runs) runs.push_back(ToJson(s));
    auto num = [](double v) { return std::isnan(v) ? json(nullptr) : json(v); };
    ex.push_back({{"name", e.name},
                  {"test_set", e.test_set},
                  {"paper", e.paper},
                  {"target", num(e.target)},
                  {"median", num(e.median)},
                  {"min", num(e.min)},
                  {"max", num(e.max)},
                  {"met", e.met},
                  {"failures", e.failures},
                  {"runs", runs}});
  }
  return {{"experiments", ex}, {"wall_seconds", r.wall_seconds}, {"interrupted", r.interrupted}};
}

}  // namespace ncrn
