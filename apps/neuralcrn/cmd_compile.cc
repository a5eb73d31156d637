// neuralcrn compile: a polynomial ODE file (.ode, docs/ode-language.md) to a dual-rail CRN.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <memory>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "neuralcrn/compile/compiler.h"
#include "neuralcrn/core/crn_text.h"
#include "neuralcrn/core/error.h"
#include "neuralcrn/ode/ode_parser.h"

namespace ncrn::cli {

void RegisterCompile(CLI::App& app) {
  struct Args {
    std::string input, output;
    bool json = false;
    double annihilation = 0.0;
    std::string scope = "all";
    std::vector<std::string> annihilate;
    std::string square = "exact";
    bool no_merge = false;
    std::string rate_law = "mass-action";
    bool no_compensate = false;
    long max_terms = OdeParseOptions{}.max_terms;
    long max_reactions = CompileOptions{}.max_reactions;
  };
  auto a = std::make_shared<Args>();
  CLI::App* sub = app.add_subcommand(
      "compile",
      "Compile a polynomial ODE (.ode file) into a dual-rail mass-action CRN by the Hungarian "
      "lemma. Writes the CRN text to -o (or stdout) and a compile report to stderr.");
  sub->add_option("ODE_FILE", a->input, "ODE file (syntax: docs/ode-language.md)")
      ->required()
      ->check(CLI::ExistingFile);
  sub->add_option("-o,--output", a->output, "Output .crn file (default: stdout)");
  sub->add_flag("--json", a->json,
                "Print the compile report as JSON on stdout (with --json the CRN is written only "
                "to -o)");
  sub->add_option("--annihilation", a->annihilation,
                  "Rate of Y+ + Y- -> 0 for dual-rail variables with an equation (default 0: none)")
      ->check(NonNegative());
  sub->add_option("--annihilation-scope", a->scope,
                  "Which variables are annihilated: all (default) or squared (only those with a "
                  "self-square term, as in the authors' networks)")
      ->check(CLI::IsMember({"all", "squared"}));
  sub->add_option("--annihilate", a->annihilate,
                  "Annihilate exactly these variables (names; overrides --annihilation-scope)")
      ->delimiter(',');
  sub->add_option("--square", a->square,
                  "Realisation of self-square terms c*y^2: exact (default), paper (2Y -> 0, eq. "
                  "37) or reference (2Y -> Y, the authors' code); the last two realise c*y*|y|")
      ->check(CLI::IsMember({"exact", "paper", "reference"}));
  sub->add_flag("--no-merge", a->no_merge,
                "Keep identical reactions separate (the paper's template counts)");
  sub->add_option("--rate-law", a->rate_law,
                  "Rate-law convention of the output: mass-action (default) or combinatoric "
                  "(rates of repeated-reactant reactions are multiplied by nu!)")
      ->check(CLI::IsMember({"mass-action", "combinatoric"}));
  sub->add_flag("--no-compensate", a->no_compensate,
                "With --rate-law combinatoric: keep the mass-action rates (the authors' "
                "as-executed Catalyst networks; not an exact realisation)");
  sub->add_option("--max-terms", a->max_terms,
                  "Stop when multiplying out a product or power forms more than this many "
                  "monomials in one step (default 200000: a guard against expansions such as "
                  "(m*z)^16 that would run for minutes)")
      ->check(Positive());
  sub->add_option("--max-reactions", a->max_reactions,
                  "Refuse a system whose templates would make more reactions than this (default "
                  "1000000; 2^m per monomial with m signed factors, counted before merging)")
      ->check(Positive());
  sub->callback([a] {
    RefuseWrongKindOfFile(a->input, InputKind::kOde);
    RefuseOverwritingInput(a->input, a->output, "-o");
    OdeParseOptions po;
    po.max_terms = a->max_terms;
    const OdeSystem ode = ReadOdeFile(a->input, po);
    CompileOptions o;
    o.annihilation_rate = a->annihilation;
    o.annihilation_scope = AnnihilationScopeFromString(a->scope);
    o.annihilate = a->annihilate;
    o.square_form = SquareFormFromString(a->square);
    o.merge_identical = !a->no_merge;
    o.rate_law = RateLawFromString(a->rate_law);
    o.compensate_rate_law = !a->no_compensate;
    o.max_reactions = a->max_reactions;
    const CompileResult r = CompileOde(ode, o);
    if (!a->output.empty()) {
      WriteCrnFile(r.crn, a->output);
    } else if (!a->json) {
      std::cout << FormatCrn(r.crn) << std::flush;
    }
    if (a->json) {
      nlohmann::json j = nlohmann::json::parse(r.report.ToJson());
      j["ode"] = a->input;
      j["variables"] = ode.size();
      if (!a->output.empty()) j["output"] = a->output;
      j["square_form"] = a->square;
      j["rate_law"] = a->rate_law;
      j["annihilation"] = a->annihilation;
      std::cout << j.dump(2) << std::endl;
    } else {
      std::fprintf(stderr, "compiled %s (%d variables)%s%s\n%s", a->input.c_str(), ode.size(),
                   a->output.empty() ? "" : " -> ", a->output.c_str(), r.report.ToText().c_str());
    }
  });
}

}  // namespace ncrn::cli
