// neuralcrn simulate: integrate a CRN's mass-action ODEs from its initial state.
#include <cmath>
#include <cstdio>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "neuralcrn/core/atomic_file.h"
#include "neuralcrn/core/crn_text.h"
#include "neuralcrn/core/error.h"
#include "neuralcrn/core/number_text.h"
#include "neuralcrn/io/catalyst.h"
#include "neuralcrn/io/formats.h"
#include "neuralcrn/sim/mass_action_system.h"
#include "neuralcrn/sim/solver.h"

namespace ncrn::cli {

namespace {

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// .crn (and anything without a known import extension) is the text format; .jl is Catalyst;
// other known extensions go through the import table (io/formats.h).
Crn ReadNetwork(const std::string& path) {
  RefuseWrongKindOfFile(path, InputKind::kNetwork);
  if (EndsWith(path, ".crn") || EndsWith(path, ".txt")) return ReadCrnFile(path);
  if (EndsWith(path, ".jl")) return ReadCatalystFile(path);
  const ImportFormat* format = nullptr;
  try {
    format = &GuessImportFormat(path);
  } catch (const InputError&) {
    return ReadCrnFile(path);
  }
  return ReadImport(*format, path);
}

// "A=1.5" -> sets the initial concentration of A.
void ApplySet(Crn& crn, const std::string& assignment) {
  const auto eq = assignment.find('=');
  if (eq == std::string::npos || eq == 0) {
    throw InputError(
        fmt::format("--set '{}': expected SPECIES=VALUE, e.g. --set A=1.5", assignment));
  }
  const std::string name = assignment.substr(0, eq), value = assignment.substr(eq + 1);
  const auto id = crn.Find(name);
  if (!id) throw InputError(fmt::format("--set '{}': unknown species '{}'", assignment, name));
  const double v = ParseNonNegativeNumber(value, fmt::format("--set {}", name));
  crn.SetInitial(*id, v);
}

std::string Num(double v) { return fmt::format("{}", v); }

}  // namespace

void RegisterSimulate(CLI::App& app) {
  // Defaults come from the library's, so the CLI and the API cannot drift apart.
  static const SolverOptions kDefaults;
  struct Args {
    std::string input, csv, solver = ToString(kDefaults.method),
                            linear = ToString(kDefaults.linear_solver), rate_law;
    double t_end = 0, rtol = kDefaults.rtol, atol = kDefaults.atol,
           max_concentration = kDefaults.max_concentration;
    long max_steps = kDefaults.max_steps;
    int samples = -1;
    bool json = false, no_fold = false;
    std::vector<std::string> set;
  };
  auto a = std::make_shared<Args>();
  CLI::App* sub = app.add_subcommand(
      "simulate",
      "Integrate a CRN's mass-action ODEs from its initial concentrations (init lines) to "
      "--t-end. Prints the final state (or JSON with --json); --csv writes the trajectory.");
  sub->add_option("CRN_FILE", a->input,
                  "Network: .crn text format, .jl Catalyst, or another importable format")
      ->required()
      ->check(CLI::ExistingFile);
  sub->add_option("--t-end", a->t_end, "End time (required, >= 0)")
      ->required()
      ->check(NonNegative());
  sub->add_option("--solver", a->solver,
                  "trbdf2 (default; ARKODE TRBDF2, the paper's) or bdf (CVODE, usually faster)")
      ->check(CLI::IsMember({"trbdf2", "bdf"}));
  sub->add_option("--rtol", a->rtol, "Relative tolerance (default 1e-4)")->check(Positive());
  sub->add_option("--atol", a->atol, "Absolute tolerance (default 1e-6)")->check(Positive());
  sub->add_option("--max-steps", a->max_steps, "Maximum internal steps (default 1000000)")
      ->check(Positive());
  sub->add_option("--linear", a->linear,
                  "Linear solver: auto (default: dense up to 40 implicit states after folding, "
                  "else klu), dense, klu")
      ->check(CLI::IsMember({"auto", "dense", "klu"}));
  sub->add_option("--rate-law", a->rate_law,
                  "Override the network's rate law: mass-action (k*prod x^nu) or combinatoric "
                  "(k*prod x^nu/nu!, Catalyst's). Default: as the file says (.jl: combinatoric)")
      ->check(CLI::IsMember({"mass-action", "combinatoric"}));
  sub->add_option(
         "--samples", a->samples,
         "Trajectory intervals: N+1 evenly spaced times in the CSV (default 100, at most 1e6)")
      ->check(CLI::Range(1, 1000000));
  sub->add_option("--csv", a->csv, "Write the trajectory (columns t and every species) here");
  sub->add_flag("--json", a->json,
                "Print a JSON object with 'ok', 'final' (species -> concentration), "
                "'t_reached' and 'stats'. Also when the solver fails (exit 3): then 'ok' is "
                "false, 'error' says why and 'final' is the state reached at 't_reached'");
  sub->add_option("--set", a->set,
                  "Override an initial concentration, e.g. --set A=1.5 (repeatable)");
  sub->add_option("--max-concentration", a->max_concentration,
                  "A concentration above this is reported as blow-up (default 1e8)")
      ->check(Positive());
  sub->add_flag("--no-fold", a->no_fold,
                "Integrate every species (no catalyst folding, merging or quadratures)");
  sub->callback([a] {
    RefuseOverwritingInput(a->input, a->csv, "--csv");
    Crn crn = ReadNetwork(a->input);
    if (!a->rate_law.empty()) crn.set_rate_law(RateLawFromString(a->rate_law));
    for (const std::string& s : a->set) ApplySet(crn, s);

    SystemOptions so;
    so.name = a->input;
    if (a->no_fold) so.fold_constants = so.merge_identical = so.quadratures = false;
    const MassActionSystem sys(crn, so);
    SolverOptions o;
    o.method = SolverMethodFromString(a->solver);
    o.linear_solver = LinearSolverKindFromString(a->linear);
    o.rtol = a->rtol;
    o.atol = a->atol;
    o.max_steps = a->max_steps;
    o.max_concentration = a->max_concentration;
    // Failures come back in the summary so --json can still report the state reached.
    o.throw_on_failure = false;
    Solver solver(sys, o);

    std::vector<double> final_state(crn.num_species());
    Trajectory traj;
    const bool want_traj = !a->csv.empty();
    const int n = a->samples > 0 ? a->samples : 100;
    const std::vector<double> times = UniformTimes(a->t_end, n);
    const SolveSummary s =
        want_traj ? solver.Solve(crn.initial_state(), a->t_end, final_state, times, &traj)
                  : solver.Solve(crn.initial_state(), a->t_end, final_state);

    if (want_traj && s.ok) {
      std::string out = "t";
      for (const std::string& name : crn.species_names()) out += "," + name;
      out += "\n";
      for (size_t i = 0; i < traj.times.size(); ++i) {
        out += Num(traj.times[i]);
        for (double v : traj.states[i]) out += "," + Num(v);
        out += "\n";
      }
      WriteFileAtomic(a->csv, out);
    }

    nlohmann::ordered_json stats = {
        {"solver", s.method},
        {"linear_solver", s.linear_solver},
        {"termination", ToString(s.reason)},
        {"t_reached", s.t_reached},
        {"steps", s.steps},
        {"rhs_evals", s.rhs_evals},
        {"jacobian_evals", s.jacobian_evals},
        {"linear_setups", s.linear_setups},
        {"error_test_failures", s.error_test_failures},
        {"convergence_failures", s.convergence_failures},
        {"negative_corrections", s.negative_corrections},
        {"negative_steps", s.negative_steps},
        {"positivity_restarts", s.positivity_restarts},
        {"most_negative", s.most_negative},
        {"ode_states", sys.num_states()},
        {"implicit_states", sys.num_implicit()},
        {"folded_constants", sys.structure().constant},
        {"rate_terms", sys.num_rate_terms()},
    };
    if (a->json) {
      nlohmann::ordered_json fin = nlohmann::ordered_json::object();
      for (int i = 0; i < crn.num_species(); ++i) fin[crn.name(i)] = final_state[i];
      nlohmann::ordered_json j = {{"ok", s.ok}};
      if (!s.ok) j["error"] = s.message;
      j.update(nlohmann::ordered_json{{"file", a->input},
                                      {"t_end", a->t_end},
                                      {"t_reached", s.t_reached},
                                      {"rate_law", ToString(crn.rate_law())},
                                      {"rtol", a->rtol},
                                      {"atol", a->atol},
                                      {"species", crn.num_species()},
                                      {"reactions", crn.num_reactions()},
                                      {"final", fin},
                                      {"stats", stats}});
      if (want_traj && s.ok) j["csv"] = a->csv;
      std::cout << j.dump(2) << std::endl;
      if (!s.ok) throw NumericalError(s.message);  // exit 3, message on stderr
    } else {
      if (!s.ok) throw NumericalError(s.message);
      std::cout << fmt::format("# t = {}\n", a->t_end);
      for (int i = 0; i < crn.num_species(); ++i) {
        std::cout << crn.name(i) << " " << Num(final_state[i]) << "\n";
      }
      std::cout << std::flush;
      std::fprintf(stderr, "%s/%s: %ld steps, %ld RHS evals, %ld Jacobian evals%s%s\n",
                   s.method.c_str(), s.linear_solver.c_str(), s.steps, s.rhs_evals,
                   s.jacobian_evals, want_traj ? ", trajectory -> " : "", a->csv.c_str());
    }
  });
}

}  // namespace ncrn::cli
