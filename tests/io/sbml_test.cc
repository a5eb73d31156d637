#include "neuralcrn/io/sbml.h"

#include <filesystem>
#include <memory>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sbml/SBMLTypes.h>

#include "neuralcrn/core/crn_text.h"
#include "neuralcrn/core/error.h"

namespace ncrn {
namespace {

using ::testing::HasSubstr;

Crn Net(const std::string& text) { return ParseCrn(text, "<test>"); }

// The hard cases of issue 5 in one list.
std::vector<std::pair<std::string, Crn>> HardCases() {
  std::vector<std::pair<std::string, Crn>> out;
  out.emplace_back("catalytic", Net("X + Y -> Z + X + Y [k = 1.5]\nX -> X [k = 2]\n"
                                    "init X = 1\ninit Y = 0.25"));
  out.emplace_back("repeated", Net("Z + Z -> Z [k = 0.1]\n2Z -> 3Z [k = 2]\n3Z -> 0 [k = 0.1]\n"
                                   "2A + 2B -> A [k = 0.3]\ninit Z = 0.7\ninit A = 1"));
  out.emplace_back("empty_sides", Net("0 -> A [k = 1e-3]\nA -> 0 [k = 4]\nA + B -> B [k = 1]"));
  out.emplace_back("bad_ids",
                   Net("X' + a.b -> a_b [k = 1]\nc -> k1 [k = 2]\nr1 -> X'' [k = 3]\n"
                       "pi + time -> e + avogadro [k = 1]\ninit X' = 1\ninit a.b = 2\ninit c = 3"));
  out.emplace_back("empty", Crn());
  out.emplace_back("partial_catalyst", Net("2A -> 3A [k = 1]\nA + B -> 2A [k=0.7]\ninit A = 1"));
  std::vector<std::pair<std::string, Crn>> comb;
  for (auto& [name, crn] : out) {
    Crn c = crn;
    c.set_rate_law(RateLaw::kCombinatoric);
    comb.emplace_back(name + "_combinatoric", c);
  }
  out.insert(out.end(), comb.begin(), comb.end());
  return out;
}

std::unique_ptr<SBMLDocument> ReadDoc(const std::string& text) {
  return std::unique_ptr<SBMLDocument>(readSBMLFromString(text.c_str()));
}

unsigned NumErrorsAfterFullCheck(SBMLDocument& doc) {
  doc.checkConsistency();  // all categories, including units and modelling practice
  unsigned n = 0;
  for (unsigned i = 0; i < doc.getNumErrors(); ++i) {
    const SBMLError* e = doc.getError(i);
    if (e->isError() || e->isFatal()) {
      ADD_FAILURE() << e->getMessage();
      ++n;
    }
  }
  return n;
}

TEST(SbmlExport, EveryHardCasePassesLibsbmlConsistencyChecks) {
  for (bool modifiers : {false, true}) {
    for (const auto& [name, crn] : HardCases()) {
      SCOPED_TRACE(name + (modifiers ? " (modifiers)" : ""));
      SbmlWriteOptions opt;
      opt.catalysts_as_modifiers = modifiers;
      auto doc = ReadDoc(FormatSbml(crn, opt));
      ASSERT_NE(doc->getModel(), nullptr);
      EXPECT_EQ(doc->getLevel(), 3u);
      EXPECT_EQ(doc->getVersion(), 2u);
      EXPECT_EQ(NumErrorsAfterFullCheck(*doc), 0u);
      EXPECT_EQ(doc->getModel()->getNumSpecies(), static_cast<unsigned>(crn.num_species()));
      EXPECT_EQ(doc->getModel()->getNumReactions(), static_cast<unsigned>(crn.num_reactions()));
    }
  }
}

TEST(SbmlExport, RoundTripGivesTheSameCrn) {
  for (bool modifiers : {false, true}) {
    for (const auto& [name, crn] : HardCases()) {
      SCOPED_TRACE(name + (modifiers ? " (modifiers)" : ""));
      SbmlWriteOptions opt;
      opt.catalysts_as_modifiers = modifiers;
      const Crn back = ParseSbml(FormatSbml(crn, opt));
      EXPECT_EQ(back.species_names(), crn.species_names());
      EXPECT_EQ(back.initial_state(), crn.initial_state());
      EXPECT_EQ(back.reactions(), crn.reactions());
      EXPECT_EQ(back.rate_law(), crn.rate_law());
      EXPECT_TRUE(back == crn);
    }
  }
}

TEST(SbmlExport, CatalystsAreReactantsAndProducts) {
  const Crn crn = Net("X + Y -> Z + X + Y [k = 1.5]");
  auto doc = ReadDoc(FormatSbml(crn));
  const ::Reaction* r = doc->getModel()->getReaction(0);
  ASSERT_EQ(r->getNumReactants(), 2u);
  ASSERT_EQ(r->getNumProducts(), 3u);
  EXPECT_EQ(r->getNumModifiers(), 0u);
  EXPECT_EQ(r->getReactant(0)->getSpecies(), "X");
  EXPECT_EQ(r->getReactant(1)->getSpecies(), "Y");
  std::unique_ptr<char, decltype(&free)> law(SBML_formulaToL3String(r->getKineticLaw()->getMath()),
                                             &free);
  EXPECT_STREQ(law.get(), "c * k1 * X * Y");
  EXPECT_DOUBLE_EQ(doc->getModel()->getParameter("k1")->getValue(), 1.5);

  SbmlWriteOptions opt;
  opt.catalysts_as_modifiers = true;
  doc = ReadDoc(FormatSbml(crn, opt));
  r = doc->getModel()->getReaction(0);
  EXPECT_EQ(r->getNumReactants(), 0u);
  ASSERT_EQ(r->getNumProducts(), 1u);
  EXPECT_EQ(r->getProduct(0)->getSpecies(), "Z");
  ASSERT_EQ(r->getNumModifiers(), 2u);
  law.reset(SBML_formulaToL3String(r->getKineticLaw()->getMath()));
  EXPECT_STREQ(law.get(), "c * k1 * X * Y");
}

TEST(SbmlExport, RepeatedReactantIsOneReferenceWithItsStoichiometry) {
  Crn crn = Net("Z + Z -> Y [k = 1]\n3Z + 2Y -> 0 [k = 1]");
  auto doc = ReadDoc(FormatSbml(crn));
  const ::Reaction* r = doc->getModel()->getReaction(0);
  ASSERT_EQ(r->getNumReactants(), 1u);
  EXPECT_EQ(r->getReactant(0)->getSpecies(), "Z");
  EXPECT_EQ(r->getReactant(0)->getStoichiometry(), 2.0);
  std::unique_ptr<char, decltype(&free)> law(SBML_formulaToL3String(r->getKineticLaw()->getMath()),
                                             &free);
  EXPECT_STREQ(law.get(), "c * k1 * Z^2");

  crn.set_rate_law(RateLaw::kCombinatoric);
  doc = ReadDoc(FormatSbml(crn));
  law.reset(SBML_formulaToL3String(doc->getModel()->getReaction(0)->getKineticLaw()->getMath()));
  EXPECT_STREQ(law.get(), "c * k1 * Z^2 / 2");
  law.reset(SBML_formulaToL3String(doc->getModel()->getReaction(1)->getKineticLaw()->getMath()));
  EXPECT_STREQ(law.get(), "c * k2 * Z^3 * Y^2 / 12");  // 2! * 3!
}

TEST(SbmlExport, InvalidNamesBecomeUniqueIdsAndStayAsNames) {
  const Crn crn = Net("X' + a.b -> a_b [k = 1]\nc -> 0 [k = 1]");
  auto doc = ReadDoc(FormatSbml(crn));
  const Model* m = doc->getModel();
  EXPECT_EQ(m->getSpecies(0)->getId(), "X_");
  EXPECT_EQ(m->getSpecies(0)->getName(), "X'");
  EXPECT_EQ(m->getSpecies(1)->getId(), "a_b");
  EXPECT_EQ(m->getSpecies(1)->getName(), "a.b");
  EXPECT_EQ(m->getSpecies(2)->getId(), "a_b_2");
  EXPECT_EQ(m->getSpecies(2)->getName(), "a_b");
  EXPECT_EQ(m->getSpecies(3)->getId(), "c");
  EXPECT_EQ(m->getCompartment(0)->getId(), "c_2");  // the species keeps its own name as id
}

TEST(SbmlExport, CombinatoricFactorBeyondExactIntegersIsRefused) {
  Crn crn = Net("25A -> B [k = 1]");
  EXPECT_NO_THROW(FormatSbml(crn));  // mass action: no factor to write
  crn.set_rate_law(RateLaw::kCombinatoric);
  EXPECT_THROW(FormatSbml(crn), InputError);  // 25! > 2^53
}

TEST(SbmlExport, WriteIsAtomicAndRejectsBadModelId) {
  const auto dir = std::filesystem::temp_directory_path() / "ncrn_sbml_test";
  std::filesystem::create_directories(dir);
  const std::string path = (dir / "m.xml").string();
  WriteSbml(Net("A -> B [k = 1]"), path);
  EXPECT_EQ(ReadSbml(path), Net("A -> B [k = 1]"));
  SbmlWriteOptions bad;
  bad.model_id = "1model";
  EXPECT_THROW(WriteSbml(Net("A -> B [k = 1]"), (dir / "n.xml").string(), bad), InputError);
  EXPECT_FALSE(std::filesystem::exists(dir / "n.xml"));
  std::filesystem::remove_all(dir);
}

// ------------------------------------------------------------------------------------------
// Import of models written by other tools.

const char* kLevel2Model = R"(<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level2/version4" level="2" version="4">
  <model id="m">
    <listOfCompartments>
      <compartment id="cell" size="2"/>
    </listOfCompartments>
    <listOfSpecies>
      <species id="A" compartment="cell" initialAmount="4"/>
      <species id="B" name="B star" compartment="cell" initialConcentration="1"/>
      <species id="C" compartment="cell" initialAmount="1" hasOnlySubstanceUnits="true"/>
      <species id="E" compartment="cell" initialConcentration="0.5"/>
      <species id="F" compartment="cell" initialConcentration="3" boundaryCondition="true"/>
    </listOfSpecies>
    <listOfParameters>
      <parameter id="k1" value="3"/>
      <parameter id="kr" value="1"/>
    </listOfParameters>
    <listOfReactions>
      <reaction id="R1" reversible="false">
        <listOfReactants><speciesReference species="A"/><speciesReference species="B"/></listOfReactants>
        <listOfProducts><speciesReference species="C"/></listOfProducts>
        <kineticLaw><math xmlns="http://www.w3.org/1998/Math/MathML">
          <apply><times/><ci>cell</ci><ci>k1</ci><ci>A</ci><ci>B</ci></apply></math></kineticLaw>
      </reaction>
      <reaction id="R2" reversible="false">
        <listOfReactants><speciesReference species="C"/></listOfReactants>
        <listOfProducts><speciesReference species="A"/></listOfProducts>
        <kineticLaw><math xmlns="http://www.w3.org/1998/Math/MathML">
          <apply><times/><ci>kc</ci><ci>C</ci></apply></math>
          <listOfParameters><parameter id="kc" value="0.5"/></listOfParameters></kineticLaw>
      </reaction>
      <reaction id="R3">
        <listOfReactants><speciesReference species="A" stoichiometry="2"/></listOfReactants>
        <listOfProducts><speciesReference species="B"/></listOfProducts>
        <kineticLaw><math xmlns="http://www.w3.org/1998/Math/MathML">
          <apply><minus/>
            <apply><times/><ci>cell</ci><ci>k1</ci><apply><power/><ci>A</ci><cn>2</cn></apply></apply>
            <apply><times/><ci>cell</ci><ci>kr</ci><ci>B</ci></apply></apply></math>
          <listOfParameters><parameter id="k1" value="4"/></listOfParameters></kineticLaw>
      </reaction>
      <reaction id="R4" reversible="false">
        <listOfReactants><speciesReference species="A"/></listOfReactants>
        <kineticLaw><math xmlns="http://www.w3.org/1998/Math/MathML">
          <apply><times/><cn>2</cn><ci>A</ci></apply></math></kineticLaw>
      </reaction>
      <reaction id="R5" reversible="false">
        <listOfReactants><speciesReference species="B"/></listOfReactants>
        <listOfProducts><speciesReference species="A"/></listOfProducts>
        <listOfModifiers><modifierSpeciesReference species="E"/></listOfModifiers>
        <kineticLaw><math xmlns="http://www.w3.org/1998/Math/MathML">
          <apply><divide/><apply><times/><ci>cell</ci><ci>E</ci><ci>B</ci></apply><cn>4</cn></apply>
          </math></kineticLaw>
      </reaction>
      <reaction id="R6" reversible="false">
        <listOfReactants><speciesReference species="F"/></listOfReactants>
        <listOfProducts><speciesReference species="E"/></listOfProducts>
        <kineticLaw><math xmlns="http://www.w3.org/1998/Math/MathML">
          <apply><times/><ci>cell</ci><ci>F</ci></apply></math></kineticLaw>
      </reaction>
    </listOfReactions>
  </model>
</sbml>)";

TEST(SbmlImport, Level2VolumesAmountsLocalParametersAndReversibleLaw) {
  const Crn crn = ParseSbml(kLevel2Model);
  EXPECT_EQ(crn.rate_law(), RateLaw::kMassAction);  // A^2 without /2
  ASSERT_EQ(crn.species_names(), (std::vector<std::string>{"A", "B", "C", "E", "F"}));
  // 'B star' is not a valid species name: the id is used.
  const double tol = 1e-15;
  EXPECT_NEAR(crn.initial(0), 2.0, tol);  // 4 amount / volume 2
  EXPECT_NEAR(crn.initial(1), 1.0, tol);
  EXPECT_NEAR(crn.initial(2), 0.5, tol);
  EXPECT_NEAR(crn.initial(4), 3.0, tol);

  Crn want;
  for (const auto& n : crn.species_names()) want.AddSpecies(n);
  // R1: amount rate cell*k1*A*B -> concentration rate k1*A*B.
  want.AddReaction(MakeComplex(want, {{"A", 1}, {"B", 1}}), MakeComplex(want, {{"C", 1}}), 3);
  // R2: C is an amount (hasOnlySubstanceUnits): kc*n_C = kc*V*[C]; / V -> kc.
  want.AddReaction(MakeComplex(want, {{"C", 1}}), MakeComplex(want, {{"A", 1}}), 0.5);
  // R3: split; the local k1 = 4 shadows the global one.
  want.AddReaction(MakeComplex(want, {{"A", 2}}), MakeComplex(want, {{"B", 1}}), 4);
  want.AddReaction(MakeComplex(want, {{"B", 1}}), MakeComplex(want, {{"A", 2}}), 1);
  // R4: no compartment factor: 2*A amount/time -> 2/V = 1.
  want.AddReaction(MakeComplex(want, {{"A", 1}}), {}, 1);
  // R5: modifier E is a catalyst; the literal 1/4 is part of the constant.
  want.AddReaction(MakeComplex(want, {{"B", 1}, {"E", 1}}), MakeComplex(want, {{"A", 1}, {"E", 1}}),
                   0.25);
  // R6: boundary species F is constant: a catalyst.
  want.AddReaction(MakeComplex(want, {{"F", 1}}), MakeComplex(want, {{"E", 1}, {"F", 1}}), 1);
  ASSERT_EQ(crn.num_reactions(), want.num_reactions());
  for (int i = 0; i < crn.num_reactions(); ++i) {
    SCOPED_TRACE(i);
    EXPECT_EQ(crn.reactions()[i].reactants, want.reactions()[i].reactants);
    EXPECT_EQ(crn.reactions()[i].products, want.reactions()[i].products);
    EXPECT_NEAR(crn.reactions()[i].rate, want.reactions()[i].rate, 1e-15);
  }
}

std::string L3(const std::string& species, const std::string& reactions,
               const std::string& extra = "") {
  return R"(<?xml version="1.0" encoding="UTF-8"?>
<sbml xmlns="http://www.sbml.org/sbml/level3/version2/core" level="3" version="2">
  <model id="m">
    <listOfCompartments><compartment id="c" size="1" constant="true"/></listOfCompartments>
    <listOfSpecies>)" +
         species + R"(</listOfSpecies>
    <listOfParameters><parameter id="k" value="2" constant="true"/></listOfParameters>
    <listOfReactions>)" +
         reactions + "</listOfReactions>" + extra + R"(
  </model>
</sbml>)";
}

std::string Sp(const std::string& id, const std::string& attrs = "") {
  return "<species id=\"" + id +
         "\" compartment=\"c\" initialConcentration=\"1\" hasOnlySubstanceUnits=\"false\" "
         "boundaryCondition=\"false\" constant=\"false\" " +
         attrs + "/>\n";
}

std::string Rx(const std::string& reactant, int nu, const std::string& mathml) {
  return "<reaction id=\"R1\" reversible=\"false\"><listOfReactants><speciesReference species=\"" +
         reactant + "\" stoichiometry=\"" + std::to_string(nu) +
         "\" constant=\"true\"/></listOfReactants><kineticLaw><math "
         "xmlns=\"http://www.w3.org/1998/Math/MathML\">" +
         mathml + "</math></kineticLaw></reaction>\n";
}

const char* kKA2Over2 =
    "<apply><divide/><apply><times/><ci>k</ci><apply><power/><ci>A</ci><cn "
    "type=\"integer\">2</cn></apply></apply><cn type=\"integer\">2</cn></apply>";

TEST(SbmlImport, FactorialDivisorMeansCombinatoric) {
  const Crn crn = ParseSbml(L3(Sp("A"), Rx("A", 2, kKA2Over2)));
  EXPECT_EQ(crn.rate_law(), RateLaw::kCombinatoric);
  ASSERT_EQ(crn.num_reactions(), 1);
  EXPECT_EQ(crn.reactions()[0].rate, 2.0);
  // Forcing plain mass action folds the 1/2 into the constant; the ODE is the same.
  SbmlReadOptions opt;
  opt.rate_law = RateLaw::kMassAction;
  EXPECT_EQ(ParseSbml(L3(Sp("A"), Rx("A", 2, kKA2Over2)), "<t>", opt).reactions()[0].rate, 1.0);
}

TEST(SbmlImport, AmountSymbolsAndCompartmentSizeScaleTheRate) {
  // 2A -> B in a compartment of size 2; A is an amount symbol: amount rate k*(V*a)^2 = 4*k*a^2,
  // concentration rate 4*k*a^2 / V = 2*k*a^2 with k = 2, i.e. rate constant 4.
  std::string text = L3(Sp("A", "").replace(Sp("A", "").find("false"), 5, "true") + Sp("B"),
                        Rx("A", 2,
                           "<apply><times/><ci>k</ci><apply><power/><ci>A</ci><cn "
                           "type=\"integer\">2</cn></apply></apply>"));
  text.replace(text.find("size=\"1\""), 8, "size=\"2\"");
  const Crn crn = ParseSbml(text);
  EXPECT_EQ(crn.rate_law(), RateLaw::kMassAction);
  ASSERT_EQ(crn.num_reactions(), 1);
  EXPECT_NEAR(crn.reactions()[0].rate, 4.0, 1e-15);
  EXPECT_EQ(crn.reactions()[0].reactants, (Complex{{crn.Id("A"), 2}}));
  EXPECT_TRUE(crn.reactions()[0].products.empty());
}

TEST(SbmlImport, CompartmentTimesDifferenceIsSplit) {
  // COPASI style: c * (k * A^2 - 3 * B), with B a product.
  std::string rx = Rx("A", 2,
                      "<apply><times/><ci>c</ci><apply><minus/><apply><times/><ci>k</ci>"
                      "<apply><power/><ci>A</ci><cn type=\"integer\">2</cn></apply></apply>"
                      "<apply><times/><cn>3</cn><ci>B</ci></apply></apply></apply>");
  rx.replace(rx.find("</listOfReactants>"), 18,
             "</listOfReactants><listOfProducts><speciesReference species=\"B\" "
             "stoichiometry=\"1\" constant=\"true\"/></listOfProducts>");
  const Crn crn = ParseSbml(L3(Sp("A") + Sp("B"), rx));
  ASSERT_EQ(crn.num_reactions(), 2);
  EXPECT_EQ(crn.reactions()[0].reactants, (Complex{{crn.Id("A"), 2}}));
  EXPECT_EQ(crn.reactions()[0].products, (Complex{{crn.Id("B"), 1}}));
  EXPECT_EQ(crn.reactions()[0].rate, 2.0);
  EXPECT_EQ(crn.reactions()[1].reactants, (Complex{{crn.Id("B"), 1}}));
  EXPECT_EQ(crn.reactions()[1].products, (Complex{{crn.Id("A"), 2}}));
  EXPECT_EQ(crn.reactions()[1].rate, 3.0);
  // The backward term must be mass action in the products: B^2 is refused.
  std::string bad = rx;
  bad.replace(bad.find("<cn>3</cn><ci>B</ci>"), 20, "<ci>B</ci><ci>B</ci>");
  EXPECT_THROW(ParseSbml(L3(Sp("A") + Sp("B"), bad)), InputError);
}

TEST(SbmlImport, ProductInTheLawIsAutocatalytic) {
  // A -> E with rate k*E*A: E is a product that also drives the rate, so A + E -> 2E.
  std::string rx = Rx("A", 1, "<apply><times/><ci>k</ci><ci>E</ci><ci>A</ci></apply>");
  rx.replace(rx.find("</listOfReactants>"), 18,
             "</listOfReactants><listOfProducts><speciesReference species=\"E\" "
             "stoichiometry=\"1\" constant=\"true\"/></listOfProducts>");
  const Crn crn = ParseSbml(L3(Sp("A") + Sp("E"), rx));
  ASSERT_EQ(crn.num_reactions(), 1);
  EXPECT_EQ(crn.reactions()[0].reactants, (Complex{{crn.Id("A"), 1}, {crn.Id("E"), 1}}));
  EXPECT_EQ(crn.reactions()[0].products, (Complex{{crn.Id("E"), 2}}));
  EXPECT_EQ(crn.reactions()[0].rate, 2.0);
}

TEST(SbmlImport, FunctionDefinitionsAreExpanded) {
  const std::string fd = R"(<listOfFunctionDefinitions><functionDefinition id="ma">
    <math xmlns="http://www.w3.org/1998/Math/MathML"><lambda><bvar><ci>kk</ci></bvar>
    <bvar><ci>S</ci></bvar><apply><times/><ci>kk</ci><ci>S</ci></apply></lambda></math>
    </functionDefinition></listOfFunctionDefinitions>)";
  std::string text = L3(Sp("A"), Rx("A", 1, "<apply><ci>ma</ci><ci>k</ci><ci>A</ci></apply>"));
  text.replace(text.find("<listOfCompartments>"), 0, fd);
  const Crn crn = ParseSbml(text);
  ASSERT_EQ(crn.num_reactions(), 1);
  EXPECT_EQ(crn.reactions()[0].rate, 2.0);
  SbmlReadOptions opt;
  opt.expand_function_definitions = false;
  EXPECT_THROW(ParseSbml(text, "<t>", opt), InputError);
}

void ExpectRefused(const std::string& text, const std::string& needle) {
  try {
    ParseSbml(text, "model.xml");
    ADD_FAILURE() << "accepted a model that should be refused (" << needle << ")";
  } catch (const InputError& e) {
    EXPECT_THAT(e.what(), HasSubstr(needle));
    EXPECT_THAT(e.what(), HasSubstr("model.xml"));
  }
}

const char* kKA = "<apply><times/><ci>k</ci><ci>A</ci></apply>";

TEST(SbmlImport, RefusesWhatItCannotRepresent) {
  std::string malformed = L3(Sp("A"), Rx("A", 1, kKA));
  malformed.replace(malformed.find("</listOfSpecies>"), 16, "</listOfSpecie>");
  ExpectRefused(malformed, "cannot read SBML");
  ExpectRefused(L3(Sp("A"), Rx("A", 1, kKA),
                   "<listOfRules><assignmentRule variable=\"k\"><math "
                   "xmlns=\"http://www.w3.org/1998/Math/MathML\"><cn>1</cn></math>"
                   "</assignmentRule></listOfRules>"),
                "rule");
  ExpectRefused(L3(Sp("A"), Rx("A", 1, kKA),
                   "<listOfEvents><event id=\"ev\" useValuesFromTriggerTime=\"true\"><trigger "
                   "initialValue=\"true\" persistent=\"true\"><math "
                   "xmlns=\"http://www.w3.org/1998/Math/MathML\"><true/></math></trigger>"
                   "<listOfEventAssignments><eventAssignment variable=\"A\"><math "
                   "xmlns=\"http://www.w3.org/1998/Math/MathML\"><cn>1</cn></math>"
                   "</eventAssignment></listOfEventAssignments></event></listOfEvents>"),
                "event 'ev'");
  // Michaelis-Menten: k*A/(1 + A).
  ExpectRefused(L3(Sp("A"), Rx("A", 1,
                               "<apply><divide/><apply><times/><ci>k</ci><ci>A</ci></apply>"
                               "<apply><plus/><cn>1</cn><ci>A</ci></apply></apply>")),
                "reaction 'R1': kinetic law 'k * A / (1 + A)' is not mass action");
  ExpectRefused(L3(Sp("A") + Sp("A"), Rx("A", 1, kKA)), "A");
  ExpectRefused(L3(Sp("A"), Rx("A", 2, kKA)), "'A' has power 1 but stoichiometry 2");
  ExpectRefused(L3(Sp("A"), Rx("A", 1,
                               "<apply><times/><apply><power/><ci>k</ci><cn>999999999</cn></apply>"
                               "<ci>A</ci></apply>")),
                "exponent 999999999 is too large");
  ExpectRefused(L3(Sp("A"), Rx("A", 1, kKA))
                    .replace(L3(Sp("A"), Rx("A", 1, kKA)).find("stoichiometry=\"1\""), 17,
                             "stoichiometry=\"2.5\""),
                "integer from 1 to 1000, got 2.5");
  ExpectRefused(L3(Sp("A", "substanceUnits=\"furlong\""), Rx("A", 1, kKA)), "furlong");
  ExpectRefused(L3(Sp("A") + Sp("B", "substanceUnits=\"item\""), Rx("A", 1, kKA)), "mixed units");
  ExpectRefused(L3(Sp("A"),
                   "<reaction id=\"R9\" reversible=\"false\"><listOfReactants><speciesReference "
                   "species=\"A\" stoichiometry=\"1\" constant=\"true\"/></listOfReactants>"
                   "</reaction>"),
                "reaction 'R9': the reaction has no kinetic law");
  ExpectRefused(L3(Sp("A"), Rx("A", 1,
                               "<apply><times/><ci>k</ci><ci>A</ci><csymbol "
                               "encoding=\"text\" definitionURL=\"http://www.sbml.org/"
                               "sbml/symbols/time\">t</csymbol></apply>")),
                "not mass action");
}

}  // namespace
}  // namespace ncrn
