// `neuralcrn --help` and `neuralcrn <sub> --help` for every subcommand, run as the user runs
// them (NCRN_CLI, set by CTest). The subcommands are read from the top-level help, so a new one
// is covered without editing this file.
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace ncrn {
namespace {

using ::testing::HasSubstr;

std::string Exe() {
  const char* c = std::getenv("NCRN_CLI");
  return c ? c : std::string(NCRN_BINARY_DIR) + "/neuralcrn";
}

struct CliRun {
  int status;
  std::string out;  // stdout only: help goes there, errors go to stderr
  std::string err;
};

std::string Slurp(const std::string& path) {
  std::string s;
  if (FILE* f = std::fopen(path.c_str(), "rb")) {
    char buf[4096];
    while (std::size_t n = std::fread(buf, 1, sizeof buf, f)) s.append(buf, n);
    std::fclose(f);
  }
  return s;
}

CliRun Cli(const std::string& args) {
  // Per process: CTest runs the tests of this file in parallel.
  const std::string err_path =
      std::string(NCRN_BINARY_DIR) + "/cli_help_test." + std::to_string(getpid()) + ".stderr";
  std::filesystem::remove(err_path);
  FILE* p = popen((Exe() + " " + args + " 2>" + err_path).c_str(), "r");
  std::string out;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out.append(buf, n);
  const int status = pclose(p);
  CliRun r{WIFEXITED(status) ? WEXITSTATUS(status) : -1, out, Slurp(err_path)};
  std::filesystem::remove(err_path);
  return r;
}

struct Subcommand {
  std::string name;
  std::string description;  // as the top-level help prints it
};

// The "Subcommands:" block of CLI11's help: "  name   description" lines.
std::vector<Subcommand> ListSubcommands(const std::string& help) {
  std::vector<Subcommand> subs;
  std::istringstream in(help);
  std::string line;
  bool in_block = false;
  while (std::getline(in, line)) {
    if (line == "Subcommands:") {
      in_block = true;
    } else if (in_block && line.rfind("  ", 0) == 0) {
      std::istringstream words(line);
      Subcommand s;
      words >> s.name >> std::ws;
      std::getline(words, s.description);
      subs.push_back(s);
    } else if (in_block && !line.empty()) {
      break;
    }
  }
  return subs;
}

TEST(CliHelpTest, TopLevelHelpListsEverySubcommand) {
  const CliRun r = Cli("--help");
  ASSERT_EQ(r.status, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Usage: " + Exe() + " [OPTIONS] SUBCOMMAND"));
  std::vector<std::string> names;
  for (const Subcommand& s : ListSubcommands(r.out)) names.push_back(s.name);
  // The README's tour, in main.cc's order; guards the parsing above as much as the CLI.
  EXPECT_THAT(names, testing::ElementsAre("compile", "simulate", "circuit", "train", "predict",
                                          "reproduce", "export", "import"));
}

TEST(CliHelpTest, EverySubcommandHelpExitsZeroWithItsUsage) {
  const CliRun top = Cli("--help");
  ASSERT_EQ(top.status, 0) << top.err;
  const std::vector<Subcommand> subs = ListSubcommands(top.out);
  ASSERT_FALSE(subs.empty()) << top.out;
  for (const Subcommand& s : subs) {
    SCOPED_TRACE(s.name);
    for (const char* flag : {"--help", "-h"}) {
      const CliRun r = Cli(s.name + " " + flag);
      EXPECT_EQ(r.status, 0) << r.err;
      EXPECT_EQ(r.err, "");
      // CLI11 prints the description, then "Usage: EXE SUB [OPTIONS] [POSITIONALS]".
      EXPECT_EQ(r.out.substr(0, s.description.size() + 1), s.description + "\n");
      EXPECT_THAT(r.out, HasSubstr("\nUsage: " + Exe() + " " + s.name + " [OPTIONS]"));
      EXPECT_THAT(r.out, HasSubstr("-h,--help"));
    }
  }
}

// Help never needs the subcommand's required arguments; without --help they are an error (2).
TEST(CliHelpTest, MissingRequiredArgumentIsAnErrorNotHelp) {
  const CliRun r = Cli("compile");
  EXPECT_EQ(r.status, 2);
  EXPECT_THAT(r.err, HasSubstr("ODE_FILE is required"));
}

}  // namespace
}  // namespace ncrn
