// CLI tests of SBML export/import (`neuralcrn export --to sbml`, `neuralcrn import X.xml`) and
// the independent SciPy check of an exported model (tests/io/sbml_scipy_check.py).
#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "neuralcrn/core/atomic_file.h"
#include "neuralcrn/core/crn_text.h"
#include "neuralcrn/io/catalyst.h"
#include "neuralcrn/io/sbml.h"

namespace ncrn {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;

std::string Cli() {
  const char* env = std::getenv("NCRN_CLI");
  return env != nullptr ? env : NCRN_BINARY_DIR "/neuralcrn";
}

struct CliRun {
  int code = -1;
  std::string output;  // stdout and stderr
};

CliRun Shell(const std::string& command) {
  CliRun r;
  FILE* p = ::popen((command + " 2>&1").c_str(), "r");
  if (p == nullptr) return r;
  std::array<char, 4096> buf;
  size_t n;
  while ((n = std::fread(buf.data(), 1, buf.size(), p)) > 0) r.output.append(buf.data(), n);
  const int status = ::pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

class SbmlCli : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("ncrn_sbml_cli_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }
  std::string Path(const std::string& name) const { return (dir_ / name).string(); }
  int FilesInDir() const {
    int n = 0;
    for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir_)) ++n;
    return n;
  }
  fs::path dir_;
};

std::string Model(const std::string& body_species, const std::string& reactions,
                  const std::string& extra = "") {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">
  <model id="m">
    <listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments>
    <listOfSpecies>)" +
         body_species + R"(</listOfSpecies>
    <listOfParameters>
      <parameter id="k" value="2" constant="false"/>
      <parameter id="Km" value="0.5" constant="true"/>
    </listOfParameters>
    <listOfReactions>)" +
         reactions + "</listOfReactions>" + extra + R"(
  </model>
</sbml>
)";
}

const char* kSpeciesA =
    R"(<species id="A" compartment="c" initialConcentration="1" hasOnlySubstanceUnits="false" )"
    R"(boundaryCondition="false" constant="false"/>)";

std::string Reaction(const std::string& mathml) {
  return R"(<reaction id="R1" reversible="false"><listOfReactants><speciesReference species="A" )"
         R"(stoichiometry="1" constant="true"/></listOfReactants><kineticLaw>)"
         R"(<math xmlns="http://www.w3.org/1998/Math/MathML">)" +
         mathml + "</math></kineticLaw></reaction>";
}

const char* kMassActionLaw = "<apply><times/><ci>k</ci><ci>A</ci></apply>";

TEST_F(SbmlCli, ExportThenImportRoundTrips) {
  const std::string crn_text =
      "X' + Y -> Z + X' + Y [k = 1.5]\nZ + Z -> 0 [k = 0.25]\n0 -> Y [k = 3]\ninit X' = 1\n";
  WriteFileAtomic(Path("net.crn"), crn_text);
  CliRun r = Shell(Cli() + " export " + Path("net.crn") + " --to sbml -o " + Path("net.xml"));
  ASSERT_EQ(r.code, 0) << r.output;
  r = Shell(Cli() + " import " + Path("net.xml") + " -o " + Path("back.crn"));
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(ReadCrnFile(Path("back.crn")), ParseCrn(crn_text));
  // --from sbml works whatever the extension.
  fs::copy_file(Path("net.xml"), Path("net.model"));
  r = Shell(Cli() + " import " + Path("net.model") + " --from sbml -o " + Path("back2.crn"));
  ASSERT_EQ(r.code, 0) << r.output;
  EXPECT_EQ(ReadCrnFile(Path("back2.crn")), ParseCrn(crn_text));
}

TEST_F(SbmlCli, BadInputIsRefusedWithExitCode2AndNoOutput) {
  std::string malformed = Model(kSpeciesA, Reaction(kMassActionLaw));
  malformed.replace(malformed.find("</listOfSpecies>"), 16, "</listOfSpecie>");
  const std::string rule =
      R"(<listOfRules><assignmentRule variable="k"><math xmlns="http://www.w3.org/1998/Math/MathML">)"
      R"(<cn>1</cn></math></assignmentRule></listOfRules>)";
  const std::string event =
      R"(<listOfEvents><event id="pulse" useValuesFromTriggerTime="true"><trigger )"
      R"(initialValue="true" persistent="true"><math xmlns="http://www.w3.org/1998/Math/MathML">)"
      R"(<true/></math></trigger><listOfEventAssignments><eventAssignment variable="A">)"
      R"(<math xmlns="http://www.w3.org/1998/Math/MathML"><cn>1</cn></math></eventAssignment>)"
      R"(</listOfEventAssignments></event></listOfEvents>)";
  const std::string michaelis_menten =
      "<apply><divide/><apply><times/><ci>k</ci><ci>A</ci></apply>"
      "<apply><plus/><ci>Km</ci><ci>A</ci></apply></apply>";
  const struct {
    std::string name, text, message;
  } cases[] = {
      {"malformed", malformed, "cannot read SBML"},
      {"rule", Model(kSpeciesA, Reaction(kMassActionLaw), rule), "assignmentRule"},
      {"event", Model(kSpeciesA, Reaction(kMassActionLaw), event), "event 'pulse'"},
      {"michaelis_menten", Model(kSpeciesA, Reaction(michaelis_menten)),
       "reaction 'R1': kinetic law 'k * A / (Km + A)' is not mass action"},
      {"duplicate_ids", Model(std::string(kSpeciesA) + kSpeciesA, Reaction(kMassActionLaw)), "'A'"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.name);
    const std::string in = Path(c.name + ".xml"), out = Path(c.name + ".crn");
    WriteFileAtomic(in, c.text);
    const int before = FilesInDir();
    const CliRun r = Shell(Cli() + " import " + in + " -o " + out);
    EXPECT_EQ(r.code, 2) << r.output;
    EXPECT_THAT(r.output, HasSubstr("neuralcrn: error: " + in + ":"));
    EXPECT_THAT(r.output, HasSubstr(c.message));
    EXPECT_FALSE(fs::exists(out));
    EXPECT_EQ(FilesInDir(), before) << "a temporary or partial file was left behind";
  }
  // An existing output file survives a failed import untouched.
  WriteFileAtomic(Path("keep.crn"), "A -> B [k = 1]\n");
  const CliRun r = Shell(Cli() + " import " + Path("rule.xml") + " -o " + Path("keep.crn"));
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_EQ(ReadFile(Path("keep.crn")), "A -> B [k = 1]\n");
}

TEST_F(SbmlCli, ExportToAnUnwritablePathFailsCleanly) {
  WriteFileAtomic(Path("net.crn"), "A -> B [k = 1]\n");
  const CliRun r =
      Shell(Cli() + " export " + Path("net.crn") + " --to sbml -o " + Path("no_such_dir/net.xml"));
  EXPECT_EQ(r.code, 2) << r.output;
  EXPECT_THAT(r.output, HasSubstr("no_such_dir/net.xml"));
  EXPECT_EQ(FilesInDir(), 1);
}

// The independent check of issue 5: the exported SBML of the authors' 3-D nonlinear forward CRN,
// read by Python's xml.etree and integrated with SciPy's BDF (rtol 1e-10), agrees with
// `neuralcrn simulate` (CVODE BDF, rtol 1e-10) to 1e-4 relative (+1e-9 absolute for values near 0).
TEST_F(SbmlCli, ScipyIntegrationOfExportedForward3dAgreesWithSimulate) {
  if (Shell("/usr/bin/python3 -c 'import scipy, numpy'").code != 0) {
    GTEST_SKIP() << "python3-scipy is not installed: the independent SciPy check is skipped";
  }
  Crn crn = ReadCatalystFile(NCRN_SOURCE_DIR "/data/catalyst/neuralcrn3d_forward.jl");
  ASSERT_EQ(crn.num_species(), 42);
  ASSERT_EQ(crn.num_reactions(), 99);
  ASSERT_EQ(crn.rate_law(), RateLaw::kCombinatoric);
  // Deterministic, non-trivial initial state in [0.1, 0.9] (golden-ratio sequence).
  for (SpeciesId s = 0; s < crn.num_species(); ++s) {
    crn.SetInitial(s, 0.1 + 0.8 * std::fmod(0.5 + 0.6180339887498949 * s, 1.0));
  }
  WriteCrnFile(crn, Path("fwd.crn"));
  const double t_end = 1.0;
  CliRun r = Shell(Cli() + " export " + Path("fwd.crn") + " --to sbml -o " + Path("fwd.xml"));
  ASSERT_EQ(r.code, 0) << r.output;
  r = Shell(Cli() + " simulate " + Path("fwd.crn") +
            " --t-end 1 --solver bdf --rtol 1e-10 --atol 1e-12 --json > " + Path("sim.json"));
  ASSERT_EQ(r.code, 0) << r.output;
  // Guard against a vacuous comparison: the state must move.
  const auto sim = nlohmann::json::parse(ReadFile(Path("sim.json")));
  double moved = 0;
  for (SpeciesId s = 0; s < crn.num_species(); ++s) {
    moved = std::max(moved, std::fabs(sim["final"][crn.name(s)].get<double>() - crn.initial(s)));
  }
  EXPECT_GT(moved, 0.05);
  r = Shell("/usr/bin/python3 " NCRN_SOURCE_DIR "/tests/io/sbml_scipy_check.py " + Path("fwd.xml") +
            " " + Path("sim.json") + " --t-end " + std::to_string(t_end) +
            " --rtol 1e-4 --atol 1e-9");
  if (r.code == 77) GTEST_SKIP() << r.output;
  EXPECT_EQ(r.code, 0) << r.output;
  std::printf("%s", r.output.c_str());
}

}  // namespace
}  // namespace ncrn
