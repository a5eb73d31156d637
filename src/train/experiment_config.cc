#include "neuralcrn/train/experiment_config.h"

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <set>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "neuralcrn/core/atomic_file.h"
#include "neuralcrn/core/error.h"

namespace ncrn {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// Reads the members of one JSON object strictly: every key must be consumed by a Get* call, and
// Finish() reports the first key nobody asked for.
class StrictObject {
 public:
  StrictObject(const json& j, std::string path, const std::string& source)
      : j_(j), path_(std::move(path)), source_(source) {
    if (!j_.is_object())
      throw InputError(fmt::format("{}'{}' must be a JSON object", Where(source_), Name("")));
  }
  std::string Name(const std::string& key) const {
    return path_.empty() ? key : (key.empty() ? path_ : path_ + "." + key);
  }
  const json* Find(const std::string& key) {
    seen_.insert(key);
    auto it = j_.find(key);
    return it == j_.end() ? nullptr : &*it;
  }
  [[noreturn]] void Fail(const std::string& key, const std::string& what) const {
    throw InputError(fmt::format("{}field '{}' {}", Where(source_), Name(key), what));
  }
  void Get(const std::string& key, std::string& out) {
    if (const json* v = Find(key)) {
      if (!v->is_string()) Fail(key, fmt::format("must be a string, got {}", v->dump()));
      out = v->get<std::string>();
    }
  }
  void Get(const std::string& key, double& out) {
    if (const json* v = Find(key)) {
      if (!v->is_number()) Fail(key, fmt::format("must be a number, got {}", v->dump()));
      out = v->get<double>();
      if (!std::isfinite(out)) Fail(key, "must be finite");
    }
  }
  template <typename Int>
  requires std::is_integral_v<Int>
  void Get(const std::string& key, Int& out) {
    if (const json* v = Find(key)) {
      if (!v->is_number_integer() && !v->is_number_unsigned())
        Fail(key, fmt::format("must be an integer, got {}", v->dump()));
      if (std::is_unsigned_v<Int> && v->is_number_integer() && v->get<long long>() < 0)
        Fail(key, fmt::format("must be >= 0, got {}", v->dump()));
      out = v->get<Int>();
    }
  }
  void Get(const std::string& key, bool& out) {
    if (const json* v = Find(key)) {
      if (!v->is_boolean()) Fail(key, fmt::format("must be true or false, got {}", v->dump()));
      out = v->get<bool>();
    }
  }
  void Finish() const {
    for (auto it = j_.begin(); it != j_.end(); ++it) {
      if (!seen_.count(it.key())) {
        std::vector<std::string> known(seen_.begin(), seen_.end());
        throw InputError(fmt::format("{}unknown key '{}' (known keys here: {})", Where(source_),
                                     Name(it.key()), fmt::join(known, ", ")));
      }
    }
  }

 private:
  const json& j_;
  std::string path_;
  const std::string& source_;
  std::set<std::string> seen_;
};

void CheckOneOf(const std::string& source, const std::string& field, const std::string& value,
                std::initializer_list<const char*> accepted) {
  for (const char* a : accepted)
    if (value == a) return;
  throw InputError(fmt::format("{}field '{}' is '{}'; accepted: {}", Where(source), field, value,
                               fmt::join(accepted, ", ")));
}

void CheckRange(const std::string& source, const std::string& field, double v, double lo, double hi,
                const char* what) {
  if (!(v >= lo && v <= hi))
    throw InputError(fmt::format("{}field '{}' is {}; must be {}", Where(source), field, v, what));
}

bool IsDir(const fs::path& p) {
  std::error_code ec;
  return fs::is_directory(p, ec);
}

std::string FindShippedDir(const char* env, const char* sub) {
  if (const char* e = std::getenv(env); e && *e) return e;
  std::vector<fs::path> candidates;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    candidates.push_back(exe.parent_path().parent_path() / sub);
    candidates.push_back(exe.parent_path().parent_path().parent_path() / sub);
    candidates.push_back(exe.parent_path().parent_path() / "share" / "neuralcrn" / sub);
  }
#ifdef NCRN_SOURCE_DIR
  candidates.push_back(fs::path(NCRN_SOURCE_DIR) / sub);
#endif
  candidates.push_back(fs::current_path(ec) / sub);
  for (const auto& c : candidates)
    if (IsDir(c)) return c.lexically_normal().string();
  throw InputError(
      fmt::format("cannot find the shipped '{}' directory (looked next to the "
                  "executable and in the current directory); set {}",
                  sub, env));
}

}  // namespace

int ExperimentConfig::InputDims() const {
  const std::string& k = dataset.kind;
  if (k == "linear" || k == "rings" || k == "xor" || k == "and" || k == "or") return 2;
  if (k == "iris") return 4;
  if (k == "virus") return 9;
  return 0;
}

void ExperimentConfig::Validate() const {
  const std::string& s = source;
  CheckOneOf(s, "dataset.kind", dataset.kind,
             {"linear", "rings", "xor", "and", "or", "iris", "virus", "csv"});
  CheckOneOf(s, "dataset.test", dataset.test, {"val", "grid", "split"});
  CheckOneOf(s, "dataset.scale", dataset.scale, {"none", "minmax"});
  const bool generated = InputDims() == 2;
  if (generated) {
    CheckRange(s, "dataset.train_size", dataset.train_size, 2, 1e7, "an integer in [2, 1e7]");
    CheckRange(s, "dataset.val_size", dataset.val_size, 1, 1e7, "an integer in [1, 1e7]");
    if (dataset.test == "split")
      throw InputError(
          fmt::format("{}field 'dataset.test' is 'split', but a generated dataset "
                      "('{}') has no fixed samples to split; use val or grid",
                      Where(s), dataset.kind));
  } else if (dataset.test != "split") {
    throw InputError(
        fmt::format("{}field 'dataset.test' is '{}', but dataset '{}' needs "
                    "'split' (a stratified hold-out)",
                    Where(s), dataset.test, dataset.kind));
  }
  if (dataset.test == "grid") {
    CheckRange(s, "dataset.grid_points", dataset.grid_points, 2, 1000, "an integer in [2, 1000]");
    if (!(dataset.grid_min < dataset.grid_max))
      throw InputError(
          fmt::format("{}fields 'dataset.grid_min' ({}) and 'dataset.grid_max' ({}) "
                      "must satisfy grid_min < grid_max",
                      Where(s), dataset.grid_min, dataset.grid_max));
  }
  if (dataset.test == "split")
    CheckRange(s, "dataset.test_fraction", dataset.test_fraction, 1e-9, 1 - 1e-9, "in (0, 1)");
  if (dataset.kind == "csv" && dataset.path.empty())
    throw InputError(
        fmt::format("{}field 'dataset.path' is required when dataset.kind is 'csv'", Where(s)));

  CheckOneOf(s, "model.kind", model.kind, {"linear", "nonlinear"});
  CheckOneOf(s, "model.convention", model.convention, {"exact", "paper", "reference"});
  CheckOneOf(s, "model.output_layer", model.output_layer, {"frozen", "trained"});
  CheckRange(s, "model.augment_dims", model.augment_dims, 0, 64, "an integer in [0, 64]");
  if (model.kind == "linear" && model.augment_dims != 0)
    throw InputError(
        fmt::format("{}field 'model.augment_dims' must be 0 for model.kind "
                    "'linear' (f = theta z has no augmented inputs)",
                    Where(s)));
  CheckRange(s, "model.augment_value", model.augment_value, -1e6, 1e6, "finite");
  CheckRange(s, "model.h", model.h, 0, 1e6, ">= 0");

  CheckRange(s, "init.theta_std", init.theta_std, 0, 1e6, ">= 0");
  CheckRange(s, "init.beta", init.beta, -1e6, 1e6, "finite");
  CheckOneOf(s, "init.w", init.w, {"ones", "normal"});
  CheckRange(s, "init.w_std", init.w_std, 0, 1e6, ">= 0");

  CheckRange(s, "schedule.T", schedule.T, 1e-9, 1e4, "in (0, 1e4]");
  CheckRange(s, "schedule.eta", schedule.eta, 1e-12, 1e3, "in (0, 1e3]");
  CheckRange(s, "schedule.epochs", schedule.epochs, 1, 1e7, "an integer in [1, 1e7]");
  CheckRange(s, "schedule.validate_every", schedule.validate_every, 1, 1e7, "an integer >= 1");
  CheckRange(s, "schedule.threshold", schedule.threshold, -1e6, 1e6, "finite");

  CheckOneOf(s, "solver.method", solver.method, {"trbdf2", "bdf"});
  CheckOneOf(s, "schedule.protocol", schedule.protocol, {"clocked", "reference"});
  CheckOneOf(s, "learner", learner, {"chemical", "host"});
  CheckRange(s, "solver.rtol", solver.rtol, 1e-15, 1, "in [1e-15, 1]");
  CheckRange(s, "solver.atol", solver.atol, 1e-20, 1, "in [1e-20, 1]");
  CheckRange(s, "solver.max_steps", static_cast<double>(solver.max_steps), 1, 1e12,
             "an integer >= 1");
}

std::uint64_t DataSeed(const ExperimentConfig& c) { return c.seed; }
// A different stream for the initial parameters, so changing the dataset size does not change
// the initialisation (and vice versa).
std::uint64_t InitSeed(const ExperimentConfig& c) { return c.seed ^ 0x9E3779B97F4A7C15ull; }

ExperimentConfig ExperimentConfigFromJson(const json& j, const std::string& source) {
  ExperimentConfig c;
  c.source = source;
  StrictObject top(j, "", source);
  top.Get("name", c.name);
  top.Get("description", c.description);
  top.Get("notes", c.notes);
  top.Get("seed", c.seed);
  top.Get("lockstep", c.lockstep);
  top.Get("learner", c.learner);
  const json* ds = top.Find("dataset");
  if (!ds) throw InputError(fmt::format("{}missing required object 'dataset'", Where(source)));
  {
    StrictObject o(*ds, "dataset", source);
    auto& d = c.dataset;
    o.Get("kind", d.kind);
    if (d.kind.empty()) o.Fail("kind", "is required");
    // Defaults that depend on the dataset kind, before the file's own values.
    if (d.kind == "iris" || d.kind == "virus" || d.kind == "csv") {
      d.test = "split";
      d.scale = "minmax";
    }
    o.Get("train_size", d.train_size);
    o.Get("val_size", d.val_size);
    o.Get("test", d.test);
    o.Get("grid_points", d.grid_points);
    o.Get("grid_min", d.grid_min);
    o.Get("grid_max", d.grid_max);
    o.Get("path", d.path);
    o.Get("label_column", d.label_column);
    o.Get("header", d.header);
    o.Get("test_fraction", d.test_fraction);
    o.Get("scale", d.scale);
    o.Finish();
  }
  if (const json* m = top.Find("model")) {
    StrictObject o(*m, "model", source);
    o.Get("kind", c.model.kind);
    o.Get("augment_dims", c.model.augment_dims);
    o.Get("augment_value", c.model.augment_value);
    o.Get("h", c.model.h);
    o.Get("convention", c.model.convention);
    o.Get("output_layer", c.model.output_layer);
    o.Finish();
  }
  if (const json* m = top.Find("init")) {
    StrictObject o(*m, "init", source);
    o.Get("theta_std", c.init.theta_std);
    o.Get("theta_scale_sqrt_dims", c.init.theta_scale_sqrt_dims);
    o.Get("beta", c.init.beta);
    o.Get("w", c.init.w);
    o.Get("w_std", c.init.w_std);
    o.Finish();
  }
  if (const json* m = top.Find("schedule")) {
    StrictObject o(*m, "schedule", source);
    o.Get("T", c.schedule.T);
    o.Get("eta", c.schedule.eta);
    o.Get("epochs", c.schedule.epochs);
    o.Get("validate_every", c.schedule.validate_every);
    o.Get("threshold", c.schedule.threshold);
    o.Get("shuffle", c.schedule.shuffle);
    o.Get("protocol", c.schedule.protocol);
    o.Finish();
  }
  if (const json* m = top.Find("solver")) {
    StrictObject o(*m, "solver", source);
    o.Get("method", c.solver.method);
    o.Get("rtol", c.solver.rtol);
    o.Get("atol", c.solver.atol);
    o.Get("max_steps", c.solver.max_steps);
    o.Finish();
  }
  top.Find("derived");          // informational (derived seeds written into run directories)
  top.Get("source", c.source);  // written by ToJson; keeps relative csv paths resolvable
  if (c.source.empty()) c.source = source;
  top.Finish();
  // Relative CSV paths are relative to the config file.
  if (c.dataset.kind == "csv" && !c.dataset.path.empty() &&
      fs::path(c.dataset.path).is_relative() && !c.source.empty() && c.source[0] != '<') {
    std::error_code ec;
    c.dataset.path =
        fs::absolute(fs::path(c.source).parent_path() / c.dataset.path, ec).lexically_normal();
  }
  c.Validate();
  return c;
}

json ToJson(const ExperimentConfig& c) {
  const auto& d = c.dataset;
  json j;
  j["name"] = c.name;
  j["description"] = c.description;
  j["notes"] = c.notes;
  j["seed"] = c.seed;
  j["dataset"] = {{"kind", d.kind},
                  {"train_size", d.train_size},
                  {"val_size", d.val_size},
                  {"test", d.test},
                  {"grid_points", d.grid_points},
                  {"grid_min", d.grid_min},
                  {"grid_max", d.grid_max},
                  {"path", d.path},
                  {"label_column", d.label_column},
                  {"header", d.header},
                  {"test_fraction", d.test_fraction},
                  {"scale", d.scale}};
  j["model"] = {{"kind", c.model.kind},
                {"augment_dims", c.model.augment_dims},
                {"augment_value", c.model.augment_value},
                {"h", c.model.h},
                {"convention", c.model.convention},
                {"output_layer", c.model.output_layer}};
  j["init"] = {{"theta_std", c.init.theta_std},
               {"theta_scale_sqrt_dims", c.init.theta_scale_sqrt_dims},
               {"beta", c.init.beta},
               {"w", c.init.w},
               {"w_std", c.init.w_std}};
  j["schedule"] = {{"T", c.schedule.T},
                   {"eta", c.schedule.eta},
                   {"epochs", c.schedule.epochs},
                   {"validate_every", c.schedule.validate_every},
                   {"threshold", c.schedule.threshold},
                   {"shuffle", c.schedule.shuffle},
                   {"protocol", c.schedule.protocol}};
  j["solver"] = {{"method", c.solver.method},
                 {"rtol", c.solver.rtol},
                 {"atol", c.solver.atol},
                 {"max_steps", c.solver.max_steps}};
  j["lockstep"] = c.lockstep;
  j["learner"] = c.learner;
  j["source"] = c.source;
  return j;
}

void ApplyOverride(json& j, const std::string& assignment) {
  auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0)
    throw InputError(
        fmt::format("override '{}' must look like key.path=value (e.g. "
                    "schedule.epochs=5)",
                    assignment));
  std::string key = assignment.substr(0, eq);
  std::string text = assignment.substr(eq + 1);
  json value = json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (value.is_discarded()) value = text;  // a bare word is a string
  json* node = &j;
  std::size_t start = 0;
  while (true) {
    auto dot = key.find('.', start);
    std::string part = key.substr(start, dot == std::string::npos ? dot : dot - start);
    if (part.empty())
      throw InputError(fmt::format("override '{}' has an empty key component", assignment));
    if (!node->is_object()) *node = json::object();
    if (dot == std::string::npos) {
      (*node)[part] = value;
      return;
    }
    node = &(*node)[part];
    start = dot + 1;
  }
}

ExperimentConfig LoadExperimentConfig(const std::string& path,
                                      const std::vector<std::string>& overrides) {
  std::string text = ReadFile(path);
  json j;
  try {
    j = json::parse(text);
  } catch (const json::parse_error& e) {
    throw InputError(fmt::format("{}not valid JSON: {}", Where(path), e.what()));
  }
  for (const auto& o : overrides) ApplyOverride(j, o);
  return ExperimentConfigFromJson(j, path);
}

const std::vector<std::string>& PaperExperimentNames() {
  static const std::vector<std::string> names = {"linear", "rings",    "xor",  "and",
                                                 "or",     "or-noaug", "iris", "virus"};
  return names;
}

std::string ExperimentsDir() { return FindShippedDir("NCRN_EXPERIMENTS_DIR", "experiments"); }

std::string ExperimentConfigPath(const std::string& name) {
  fs::path p = fs::path(ExperimentsDir()) / (name + ".json");
  if (name.find('/') == std::string::npos && IsDir(p.parent_path()) && fs::exists(p))
    return p.string();
  std::vector<std::string> available;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(ExperimentsDir(), ec))
    if (e.path().extension() == ".json") available.push_back(e.path().stem().string());
  std::sort(available.begin(), available.end());
  throw InputError(fmt::format("unknown experiment '{}'; available: {} (or use --config FILE)",
                               name, fmt::join(available, ", ")));
}

}  // namespace ncrn
