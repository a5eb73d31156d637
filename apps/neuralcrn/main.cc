// neuralcrn: compile ODEs to CRNs, build and train NeuralCRN circuits, simulate, export.
#include <cstdio>
#include <exception>

#include <CLI/CLI.hpp>

#include "commands.h"
#include "neuralcrn/core/error.h"

int main(int argc, char** argv) {
  CLI::App app{"neuralcrn: chemical reaction networks that learn"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "neuralcrn 0.1.0");
  // Keep this list in the order of the README's tour.
  ncrn::cli::RegisterCompile(app);
  ncrn::cli::RegisterSimulate(app);
  ncrn::cli::RegisterCircuit(app);
  ncrn::cli::RegisterTrain(app);
  ncrn::cli::RegisterPredict(app);
  ncrn::cli::RegisterReproduce(app);
  ncrn::cli::RegisterExport(app);
  ncrn::cli::RegisterImport(app);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help/--version exit 0; every command-line error is bad input (exit 2, as documented).
    return app.exit(e) == 0 ? 0 : 2;
  } catch (const ncrn::InputError& e) {
    std::fprintf(stderr, "neuralcrn: error: %s\n", e.what());
    return 2;
  } catch (const ncrn::NumericalError& e) {
    std::fprintf(stderr, "neuralcrn: numerical failure: %s\n", e.what());
    return 3;
  } catch (const std::exception& e) {
    std::fprintf(stderr, "neuralcrn: error: %s\n", e.what());
    return 1;
  }
  return 0;
}
