// neuralcrn circuit: derive one stage of a NeuralCRN learning circuit, write it, report it.
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "neuralcrn/circuits/learning_circuit.h"
#include "neuralcrn/core/crn_text.h"
#include "neuralcrn/core/error.h"

namespace ncrn::cli {

namespace {

struct CircuitArgs {
  std::string model = "nonlinear";
  int dims = 2;
  int augment = -1;  // -1: 1 for the nonlinear model, 0 otherwise
  double augment_value = 0.2;
  std::string convention = "exact";
  std::string stage = "forward";
  std::string output;
  bool json = false;
  int outputs = 1;
  bool train_w = false;
  double learning_rate = 0.1;
  double fast_rate = -1;  // -1: convention default
  bool bias = false;
  bool scalar_h = false;
};

// Reactions per template, with the keys of `neuralcrn compile`: the compiler's templates of the
// stages' compiled ODEs plus "annihilation" for every A + B -> 0 the stages add themselves.
std::map<std::string, int> PerTemplate(const std::vector<const StageCircuit*>& stages,
                                       const Crn& crn) {
  std::map<std::string, int> t;
  for (const StageCircuit* s : stages)
    for (const auto& [name, n] : s->compiled.report.per_template) t[name] += n;
  int annihilation = 0;
  for (const Reaction& r : crn.reactions())
    annihilation += r.products.empty() && r.reactants.size() == 2 && r.reactants[0].count == 1 &&
                    r.reactants[1].count == 1;
  if (annihilation > 0) t["annihilation"] = annihilation;
  return t;
}

void Run(const CircuitArgs& a) {
  // The model's own limits, named by the flags that set them.
  if (a.dims < 1 || a.dims > 64)
    throw InputError(
        fmt::format("--dims {}: the number of input features must be in 1..64", a.dims));
  if (a.augment > 0 && a.dims + a.augment > 64)
    throw InputError(fmt::format("--augment {} with --dims {}: dims + augment must be <= 64",
                                 a.augment, a.dims));
  ModelOptions mo;
  mo.kind = ModelKindFromString(a.model);
  mo.features = a.dims;
  mo.augment = a.augment >= 0 ? a.augment : (mo.kind == ModelKind::kNonlinear ? 1 : 0);
  mo.augment_value = a.augment_value;
  mo.minimal_bias = a.bias;
  mo.scalar_h = a.scalar_h;
  CircuitOptions co = CircuitOptions::For(ConventionFromString(a.convention));
  co.head.outputs = a.outputs;
  co.head.train_w = a.train_w;
  co.learning_rate = a.learning_rate;
  if (a.fast_rate > 0) co.fast_rate = a.fast_rate;
  LearningCircuit circuit(MakeModel(mo), co);
  // "all": the whole learning circuit (every stage's species once, every stage's reactions),
  // the figure to compare with whole-circuit counts such as the paper's 12 species / 11
  // reactions for its minimal circuit.
  StageCircuit all;
  const bool whole = a.stage == "all";
  const Stage stage = whole ? Stage::kForward : StageFromString(a.stage);
  std::vector<const StageCircuit*> parts;
  if (whole) {
    all.crn.set_rate_law(co.rate_law);
    for (Stage st : {Stage::kForward, Stage::kOutput, Stage::kError, Stage::kAdjoint,
                     Stage::kBackward, Stage::kUpdate, Stage::kDegradation}) {
      parts.push_back(&circuit.Build(st));
      const Crn& src = parts.back()->crn;
      std::vector<SpeciesId> map;
      for (SpeciesId s = 0; s < src.num_species(); ++s)
        map.push_back(all.crn.AddSpecies(src.name(s)));
      for (Reaction r : src.reactions()) {
        for (StoichTerm& t : r.reactants) t.species = map[t.species];
        for (StoichTerm& t : r.products) t.species = map[t.species];
        all.crn.AddReaction(std::move(r));
      }
    }
  }
  const StageCircuit& sc = whole ? all : circuit.Build(stage);
  if (!whole) parts.push_back(&sc);
  if (!a.output.empty()) WriteCrnFile(sc.crn, a.output);
  const std::map<std::string, int> per_template = PerTemplate(parts, sc.crn);

  const CircuitReport r = Report(sc.crn);
  const auto [k1, k2] = circuit.UpdateRates();
  if (a.json) {
    nlohmann::json j;
    j["model"] = a.model;
    j["dims"] = circuit.dims();
    j["features"] = mo.features;
    j["augment"] = mo.augment;
    j["convention"] = a.convention;
    j["stage"] = a.stage;
    j["species"] = r.species;
    j["reactions"] = r.reactions;
    // Same shape as `neuralcrn compile --json` (CompileReport::ToJson).
    j["molecularity"] = {{"zeroth", r.molecularity[0]},
                         {"uni", r.molecularity[1]},
                         {"bi", r.molecularity[2]},
                         {"ter_or_more", r.molecularity[3]}};
    j["rate_law"] = ToString(sc.crn.rate_law());
    j["per_template"] = per_template;
    if (stage == Stage::kUpdate && !whole) {
      j["k1"] = k1;
      j["k2"] = k2;
      j["effective_learning_rate"] = k1 / (k1 + k2);
    }
    if (!a.output.empty()) j["output"] = a.output;
    std::printf("%s\n", j.dump(2).c_str());
    return;
  }
  std::printf("%s\n",
              fmt::format("model {} (D = {}: {} features + {} augmented), convention {}, "
                          "stage {}",
                          a.model, circuit.dims(), mo.features, mo.augment, a.convention, a.stage)
                  .c_str());
  std::printf("%s\n", fmt::format("species {}  reactions {}  (zeroth {}, uni {}, bi {}, ter+ {})  "
                                  "rate law {}",
                                  r.species, r.reactions, r.molecularity[0], r.molecularity[1],
                                  r.molecularity[2], r.molecularity[3], ToString(sc.crn.rate_law()))
                          .c_str());
  for (const auto& [name, n] : per_template) {
    std::printf("  %-14s %d\n", name.c_str(), n);
  }
  if (stage == Stage::kUpdate && !whole) {
    std::printf("%s\n", fmt::format("update rates k1 = {:.6g} (G -> P), k2 = {:.6g} (G -> 0): "
                                    "effective learning rate {:.6g} at completion",
                                    k1, k2, k1 / (k1 + k2))
                            .c_str());
  }
  if (!a.output.empty()) std::printf("wrote %s\n", a.output.c_str());
}

}  // namespace

void RegisterCircuit(CLI::App& app) {
  auto args = std::make_shared<CircuitArgs>();
  CLI::App* cmd = app.add_subcommand(
      "circuit", "Derive one stage of a NeuralCRN learning circuit from a shipped Neural ODE");
  cmd->add_option("--model", args->model, "linear | minimal | minimal-positive | nonlinear")
      ->capture_default_str();
  cmd->add_option("--dims", args->dims, "input features D (1..64)")->capture_default_str();
  cmd->add_option("--augment", args->augment,
                  "augmented dimensions K (nonlinear only; default 1 for nonlinear, else 0)")
      ->check(NonNegative());
  cmd->add_option("--augment-value", args->augment_value, "value of augmented entries")
      ->capture_default_str();
  cmd->add_option("--convention", args->convention, "exact | paper | reference")
      ->capture_default_str();
  cmd->add_option("--stage", args->stage,
                  "forward | backward | output | error | adjoint | update | degradation | all")
      ->capture_default_str();
  cmd->add_option("-o,--output", args->output, "write the stage's CRN (.crn text) to FILE");
  cmd->add_flag("--json", args->json, "print the report as JSON");
  cmd->add_option("--outputs", args->outputs, "output-layer size K (1 = binary head)")
      ->capture_default_str();
  cmd->add_flag("--train-w", args->train_w, "train the output layer W");
  cmd->add_option("--learning-rate", args->learning_rate, "eta")->capture_default_str();
  cmd->add_option("--fast-rate", args->fast_rate, "rate of the fast stages (II, IV)")
      ->check(Positive());
  cmd->add_flag("--bias", args->bias, "minimal model: include the +h term");
  cmd->add_flag("--scalar-h", args->scalar_h, "nonlinear model: one scalar h species");
  cmd->callback([args] { Run(*args); });
}

}  // namespace ncrn::cli
