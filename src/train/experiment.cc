#include "neuralcrn/train/experiment.h"

#include <algorithm>
#include <chrono>
#include <cmath>

#include <fmt/format.h>

#include "neuralcrn/core/error.h"
#include "neuralcrn/data/builtin.h"
#include "neuralcrn/data/csv.h"
#include "neuralcrn/data/generators.h"
#include "neuralcrn/data/random.h"
#include "neuralcrn/data/scaling.h"
#include "neuralcrn/data/split.h"

namespace ncrn {

std::vector<std::string> ParameterLayout::Names() const {
  std::vector<std::string> n;
  for (int i = 0; i < dims; ++i)
    for (int j = 0; j < dims; ++j) n.push_back(fmt::format("theta_{}_{}", i + 1, j + 1));
  if (has_beta)
    for (int i = 0; i < dims; ++i) n.push_back(fmt::format("beta_{}", i + 1));
  for (int k = 0; k < outputs; ++k)
    for (int i = 0; i < dims; ++i) n.push_back(fmt::format("w_{}_{}", k + 1, i + 1));
  return n;
}

ParameterLayout ParameterLayout::For(const ExperimentConfig& c, int features, int num_classes) {
  ParameterLayout l;
  l.features = features;
  l.dims = features + c.model.augment_dims;
  l.outputs = num_classes <= 2 ? 1 : num_classes;
  l.has_beta = c.model.kind == "nonlinear";
  l.w_trained = c.model.output_layer == "trained";
  return l;
}

std::vector<double> InitialParameters(const ExperimentConfig& c, const ParameterLayout& layout) {
  Rng rng(InitSeed(c));
  std::vector<double> p(layout.size(), 0.0);
  const double scale = c.init.theta_scale_sqrt_dims ? 1.0 / std::sqrt(layout.dims) : 1.0;
  for (int i = 0; i < layout.dims * layout.dims; ++i)
    p[layout.theta_offset() + i] = rng.Normal(0.0, c.init.theta_std) * scale;
  if (layout.has_beta)
    for (int i = 0; i < layout.dims; ++i) p[layout.beta_offset() + i] = c.init.beta;
  for (int i = 0; i < layout.outputs * layout.dims; ++i)
    p[layout.w_offset() + i] =
        c.init.w == "ones" ? 1.0 : rng.Normal(0.0, c.init.w_std) / std::sqrt(layout.dims);
  return p;
}

namespace {

void Scale(ExperimentData& d) {
  MinMaxScaler s = MinMaxScaler::Fit(d.train);
  s.Apply(d.train);
  s.Apply(d.val);
  s.Apply(d.test);
  d.scale_min = s.min();
  d.scale_max = s.max();
}

}  // namespace

ExperimentData MakeExperimentData(const ExperimentConfig& c) {
  ExperimentData d;
  const auto& ds = c.dataset;
  if (c.InputDims() == 2) {
    Generator g = GeneratorFromString(ds.kind);
    GeneratorOptions go;
    go.seed = DataSeed(c);
    // Balanced sets hold n+1 samples (reference convention); Linear is i.i.d. (n samples).
    go.balanced = g != Generator::kLinear;
    go.n = go.balanced ? ds.train_size - 1 : ds.train_size;
    d.train = Generate(g, go);
    // The validation set continues from its own stream so train and val never share draws.
    GeneratorOptions vo = go;
    vo.seed = DataSeed(c) + 1;
    vo.n = vo.balanced ? std::max(1, ds.val_size - 1) : ds.val_size;
    d.val = Generate(g, vo);
    if (ds.test == "grid") {
      GridOptions grid{ds.grid_min, ds.grid_max, ds.grid_points};
      d.test = MakeGrid(g, grid, go);
      d.test_is_grid = true;
    } else {
      d.test = d.val;
    }
    if (ds.scale == "minmax") Scale(d);
    return d;
  }
  Dataset all;
  if (ds.kind == "iris") {
    all = LoadIris(FindDataDir());
  } else if (ds.kind == "virus") {
    all = LoadVirus(FindDataDir());
  } else {
    CsvOptions o;
    o.label_column = ds.label_column;
    o.header = ds.header ? CsvHeader::kPresent : CsvHeader::kAbsent;
    all = LoadCsvDataset(ds.path, o);
    // The model's limit (ModelOptions: 1..64 dimensions), named where the columns are defined.
    if (all.dims() + c.model.augment_dims > 64) {
      throw InputError(fmt::format(
          "{}{} feature columns{}: a model has at most 64 dimensions (features + "
          "model.augment_dims = {}); drop columns from the file",
          Where(ds.path, 1), all.dims(),
          c.model.augment_dims > 0 ? fmt::format(" + {} augmented", c.model.augment_dims) : "",
          all.dims() + c.model.augment_dims));
    }
    if (all.class_names.size() < 2) {
      throw InputError(
          fmt::format("{}: the label column holds a single class ('{}'); a "
                      "classifier needs at least two",
                      ds.path, all.class_names.empty() ? "" : all.class_names[0]));
    }
  }
  SplitOptions so;
  so.test_fraction = ds.test_fraction;
  so.seed = DataSeed(c);
  Split split = StratifiedSplit(all, so);
  d.train = std::move(split.train);
  d.test = std::move(split.test);
  if (ds.scale == "minmax") {
    MinMaxScaler s = MinMaxScaler::Fit(d.train);
    s.Apply(d.train);
    s.Apply(d.test);
    d.scale_min = s.min();
    d.scale_max = s.max();
  }
  d.val = d.test;  // the paper reports accuracy over training on the held-out part
  return d;
}

std::vector<double> Target(int label, int outputs) {
  if (outputs == 1) return {static_cast<double>(label)};
  std::vector<double> t(outputs, 0.0);
  t.at(label) = 1.0;
  return t;
}

int Classify(std::span<const double> y_hat, double threshold) {
  if (y_hat.size() == 1) return y_hat[0] >= threshold ? 1 : 0;
  return static_cast<int>(std::max_element(y_hat.begin(), y_hat.end()) - y_hat.begin());
}

Evaluation Evaluate(Learner& learner, const Dataset& data, double threshold, int outputs) {
  Evaluation e;
  int correct = 0;
  for (int i = 0; i < data.size(); ++i) {
    std::vector<double> y = learner.Predict(data.Row(i));
    std::vector<double> t = Target(data.labels[i], outputs);
    double l = 0;
    for (int k = 0; k < outputs; ++k) l += 0.5 * (y[k] - t[k]) * (y[k] - t[k]);
    e.loss += l;
    int c = Classify(y, threshold);
    correct += c == data.labels[i];
    e.predicted.push_back(c);
    e.outputs.push_back(std::move(y));
  }
  if (data.size() > 0) {
    e.loss /= data.size();
    e.accuracy = static_cast<double>(correct) / data.size();
  }
  return e;
}

std::vector<int> EpochOrder(const ExperimentConfig& c, int epoch, int n) {
  std::vector<int> order(n);
  for (int i = 0; i < n; ++i) order[i] = i;
  if (c.schedule.shuffle) {
    Rng rng(c.seed * 1000003ull + static_cast<std::uint64_t>(epoch) + 0x5851F42D4C957F2Dull);
    rng.Shuffle(std::span<int>(order));
  }
  return order;
}

LoopOutcome TrainLoop(const ExperimentConfig& c, const ExperimentData& data,
                      const ParameterLayout& layout, Learner& chemical, Learner* exact,
                      RunState& state, const TrainLoopOptions& options) {
  using Clock = std::chrono::steady_clock;
  const auto start = Clock::now();
  const double wall0 = state.wall_seconds;
  auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - start).count(); };
  if (state.trajectory.empty()) {
    state.trajectory.push_back(chemical.Parameters());
    if (exact) state.exact_trajectory.push_back(exact->Parameters());
  }
  if (!state.pool.empty()) chemical.SetPool(state.pool);  // exact resume (clocked rails, residues)
  const int n = data.train.size();
  const int epochs = c.schedule.epochs;
  double last_acc = std::nan("");
  for (const auto& m : state.history)
    if (!std::isnan(m.val_accuracy)) last_acc = m.val_accuracy;

  for (int epoch = state.epochs_done + 1; epoch <= epochs; ++epoch) {
    std::vector<int> order = EpochOrder(c, epoch, n);
    double loss_sum = 0, exact_sum = 0;
    for (int s = 0; s < n; ++s) {
      const int i = order[s];
      std::vector<double> target = Target(data.train.labels[i], layout.outputs);
      loss_sum += chemical.TrainSample(data.train.Row(i), target);
      if (exact) exact_sum += exact->TrainSample(data.train.Row(i), target);
      if (options.on_sample)
        options.on_sample({epoch, epochs, s + 1, n, loss_sum / (s + 1), last_acc, elapsed()});
      if (options.stop && options.stop->load()) return LoopOutcome::kInterrupted;
    }
    EpochMetrics m;
    m.epoch = epoch;
    m.train_loss = n > 0 ? loss_sum / n : 0;
    if ((epoch - 1) % c.schedule.validate_every == 0 || epoch == epochs) {
      Evaluation v = Evaluate(chemical, data.val, c.schedule.threshold, layout.outputs);
      m.val_loss = v.loss;
      m.val_accuracy = last_acc = v.accuracy;
      if (exact)
        m.exact_val_accuracy =
            Evaluate(*exact, data.val, c.schedule.threshold, layout.outputs).accuracy;
    }
    state.params = chemical.Parameters();
    state.pool = chemical.Pool();
    state.trajectory.push_back(state.params);
    if (exact) {
      m.exact_train_loss = n > 0 ? exact_sum / n : 0;
      state.exact_params = exact->Parameters();
      state.exact_trajectory.push_back(state.exact_params);
      double mx = 0, ss = 0;
      int cnt = 0;
      for (int k = 0; k < layout.size(); ++k) {
        if (!layout.Trained(k)) continue;
        double diff = std::abs(state.params[k] - state.exact_params[k]);
        mx = std::max(mx, diff);
        ss += diff * diff;
        ++cnt;
      }
      m.max_param_diff = mx;
      m.rms_param_diff = cnt ? std::sqrt(ss / cnt) : 0;
    }
    state.wall_seconds = wall0 + elapsed();
    m.wall_seconds = state.wall_seconds;
    state.history.push_back(m);
    state.epochs_done = epoch;
    if (options.on_epoch) options.on_epoch(state);
    if (options.stop && options.stop->load()) return LoopOutcome::kInterrupted;
  }
  return LoopOutcome::kCompleted;
}

}  // namespace ncrn
