// `neuralcrn export` and `neuralcrn import` end to end (NCRN_CLI is the built binary).
#include <sys/wait.h>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "io_test_util.h"
#include "neuralcrn/core/atomic_file.h"
#include "neuralcrn/core/crn_text.h"
#include "neuralcrn/io/catalyst.h"

namespace ncrn {
namespace {

struct CliRun {
  int status;
  std::string out;
};

// Runs the CLI with `args` (shell-quoted by the caller); captures stdout and stderr.
CliRun Cli(const std::string& args) {
  const char* cli = std::getenv("NCRN_CLI");
  if (cli == nullptr) return {-1, "NCRN_CLI not set"};
  const std::string cmd = std::string(cli) + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int st = pclose(p);
  return {WIFEXITED(st) ? WEXITSTATUS(st) : -1, out};
}

class CliExportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    if (std::getenv("NCRN_CLI") == nullptr) GTEST_SKIP() << "NCRN_CLI not set";
    dir_ = std::string(NCRN_BINARY_DIR) + "/cli_export_test";
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  std::string dir_;
  const std::string small_ = std::string(NCRN_SOURCE_DIR) + "/tests/io/golden/small.crn";
};

TEST_F(CliExportTest, StdoutAndFileAgreeWithGolden) {
  const CliRun r = Cli("export " + small_ + " --to bngl");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_TRUE(testing::MatchesGolden(r.out, "small.bngl"));
  const CliRun w = Cli("export " + small_ + " --to antimony -o " + dir_ + "/m.ant");
  ASSERT_EQ(w.status, 0) << w.out;
  EXPECT_EQ(w.out, "");
  EXPECT_TRUE(testing::MatchesGolden(ReadFile(dir_ + "/m.ant"), "small.ant"));
}

TEST_F(CliExportTest, ImportGuessesFormatAndRoundTrips) {
  const std::string fwd = "/work/shared/data/catalyst/neuralcrn3d_forward.jl";
  const CliRun r = Cli("import " + fwd + " -o " + dir_ + "/fwd.crn");
  ASSERT_EQ(r.status, 0) << r.out;
  EXPECT_NE(r.out.find("42 species, 99 reactions"), std::string::npos) << r.out;
  const Crn crn = ReadCrnFile(dir_ + "/fwd.crn");
  EXPECT_EQ(crn, ReadCatalystFile(fwd));
  // crn -> nuskell -> crn keeps the ODEs.
  ASSERT_EQ(Cli("export " + dir_ + "/fwd.crn --to nuskell -o " + dir_ + "/fwd.nuskell").status, 0);
  const CliRun back = Cli("import " + dir_ + "/fwd.nuskell -o " + dir_ + "/back.crn");
  ASSERT_EQ(back.status, 0) << back.out;
  EXPECT_TRUE(testing::SameOdes(ReadCrnFile(dir_ + "/back.crn"), crn));
  // --from overrides the extension.
  ASSERT_EQ(Cli("export " + dir_ + "/fwd.crn --to catalyst -o " + dir_ + "/fwd.txt").status, 0);
  EXPECT_EQ(Cli("import " + dir_ + "/fwd.txt --from catalyst -o " + dir_ + "/c.crn").status, 0);
  EXPECT_EQ(ReadCrnFile(dir_ + "/c.crn"), crn);
}

TEST_F(CliExportTest, BadInputFailsWithoutPartialFiles) {
  WriteFileAtomic(dir_ + "/bad.jl", "@reaction_network begin\n  k, A --> B\nend\n");
  const CliRun r = Cli("import " + dir_ + "/bad.jl -o " + dir_ + "/bad.crn");
  EXPECT_EQ(r.status, 2);
  EXPECT_NE(r.out.find("bad.jl:2:3: the rate must be a plain number"), std::string::npos) << r.out;
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/bad.crn"));
  const CliRun u = Cli("import " + dir_ + "/bad.jl --from cobol -o " + dir_ + "/x.crn");
  EXPECT_NE(u.status, 0);
  const CliRun t = Cli("export " + small_ + " --to cobol");
  EXPECT_NE(t.status, 0);
  EXPECT_NE(t.out.find("cobol"), std::string::npos) << t.out;
  const CliRun d = Cli("export " + small_ + " --to latex -o /nonexistent-dir/x.tex");
  EXPECT_EQ(d.status, 2) << d.out;
  // Only the inputs remain in the directory.
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(dir_)) files += e.is_regular_file();
  EXPECT_EQ(files, 1);
}

}  // namespace
}  // namespace ncrn
