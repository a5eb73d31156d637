#include "commands.h"
namespace ncrn::cli {
void RegisterCompile(CLI::App&) {}
void RegisterSimulate(CLI::App&) {}
}
