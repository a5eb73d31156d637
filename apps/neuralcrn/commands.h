#pragma once
// One file per subcommand; each registers itself on the top-level app.
#include <CLI/CLI.hpp>

namespace ncrn::cli {

// Number checks with plain messages ("--t-end: expected a number >= 0, got '-1'").
const CLI::Validator& NonNegative();
const CLI::Validator& Positive();

// Throws InputError if `output` (given with `option`, e.g. "-o") is the same file as `input`:
// writing there would destroy the input. A missing output is never the input.
void RefuseOverwritingInput(const std::string& input, const std::string& output,
                            const std::string& option);

// Throws InputError, saying which subcommand reads it, when `path` is by its extension (any
// case) the wrong kind of file: an .ode file where a reaction network is expected, or a network
// file (.crn .jl .xml .sbml .bngl) where an ODE is expected. Else a parse error at line 1 would
// be all the user sees.
enum class InputKind { kOde, kNetwork };
void RefuseWrongKindOfFile(const std::string& path, InputKind expected);

// Each Register* adds a subcommand with its options and callback.
void RegisterCompile(CLI::App& app);
void RegisterSimulate(CLI::App& app);
void RegisterCircuit(CLI::App& app);
void RegisterTrain(CLI::App& app);
void RegisterPredict(CLI::App& app);
void RegisterReproduce(CLI::App& app);
void RegisterExport(CLI::App& app);
void RegisterImport(CLI::App& app);

}  // namespace ncrn::cli
