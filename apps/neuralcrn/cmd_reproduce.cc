// neuralcrn reproduce: every paper experiment over several seeds, with a Markdown report.
#include <csignal>
#include <cstdio>
#include <iostream>

#include "commands.h"
#include "neuralcrn/train/report.h"

namespace ncrn::cli {
namespace {
std::atomic<bool> g_stop_reproduce{false};
extern "C" void OnSigintReproduce(int) { g_stop_reproduce.store(true); }
}  // namespace

void RegisterReproduce(CLI::App& app) {
  auto o = std::make_shared<ReproduceOptions>();
  auto quiet = std::make_shared<bool>(false);
  CLI::App* sub = app.add_subcommand(
      "reproduce",
      "Run every paper experiment (median over seeds) and write a Markdown report "
      "comparing the results with the paper and the targets");
  sub->add_flag("--quick", o->quick, "Reduced runs for a smoke test (seconds)");
  sub->add_option("--seeds", o->seeds, "Seeds per experiment (default 3; quick: 1)");
  sub->add_option("-o,--output", o->out_dir, "Report directory (default: reproduce)");
  sub->add_option("--only", o->experiments, "Run only these experiments (repeatable)");
  sub->add_flag("--quiet", *quiet, "No progress output; print only the report path");
  sub->callback([o, quiet] {
    o->progress = !*quiet;
    o->stop = &g_stop_reproduce;
    std::signal(SIGINT, OnSigintReproduce);
    ReproduceReport r = Reproduce(*o);
    std::signal(SIGINT, SIG_DFL);
    if (!*quiet) std::cout << r.markdown << std::endl;
    std::cout << "report: " << o->out_dir << "/report.md" << std::endl;
    if (r.interrupted) {
      std::fprintf(stderr, "interrupted: the report covers the runs finished so far\n");
      std::exit(130);
    }
    // A run that failed is in the report; the exit status tells scripts too.
    std::size_t failed = 0;
    for (const ExperimentOutcome& e : r.experiments) failed += e.failures.size();
    if (failed > 0) {
      std::fprintf(stderr, "%zu run(s) failed; see the report's failure notes\n", failed);
      std::exit(1);
    }
  });
}

}  // namespace ncrn::cli
