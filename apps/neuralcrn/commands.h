#pragma once
// One file per subcommand; each registers itself on the top-level app.
#include <CLI/CLI.hpp>

namespace ncrn::cli {

// Each Register* adds a subcommand with its options and callback.
void RegisterCompile(CLI::App& app);
void RegisterSimulate(CLI::App& app);

}  // namespace ncrn::cli
