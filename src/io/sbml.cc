#include "neuralcrn/io/sbml.h"

#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <stdexcept>
#include <vector>

#include <fmt/format.h>
#include <sbml/SBMLTypes.h>
#include <sbml/conversion/ConversionProperties.h>

#include "neuralcrn/core/atomic_file.h"
#include "neuralcrn/core/error.h"

namespace ncrn {

namespace {

constexpr const char* kAnnotationUri = "https://neuralcrn.dev/sbml/1";

bool IsSid(const std::string& s) {
  if (s.empty()) return false;
  if (!(std::isalpha(static_cast<unsigned char>(s[0])) || s[0] == '_')) return false;
  for (char ch : s) {
    if (!(std::isalnum(static_cast<unsigned char>(ch)) || ch == '_')) return false;
  }
  return true;
}

// A valid SId for `base` (invalid characters become '_') not yet in `used`; records it.
std::string UniqueSid(const std::string& base, std::set<std::string>& used) {
  std::string id;
  for (char ch : base) id += (std::isalnum(static_cast<unsigned char>(ch)) || ch == '_') ? ch : '_';
  if (id.empty() || std::isdigit(static_cast<unsigned char>(id[0]))) id = "_" + id;
  std::string out = id;
  for (int n = 2; used.count(out); ++n) out = fmt::format("{}_{}", id, n);
  used.insert(out);
  return out;
}

// n! as a double (exact up to 18!; larger values only ever compare unequal or overflow to inf).
double Factorial(int n) {
  double f = 1;
  for (int i = 2; i <= n; ++i) f *= i;
  return f;
}

ASTNode* Name(const std::string& id) {
  auto* n = new ASTNode(AST_NAME);
  n->setName(id.c_str());
  return n;
}

ASTNode* Integer(long v) {
  auto* n = new ASTNode(AST_INTEGER);
  n->setValue(v);
  return n;
}

// Number of libSBML diagnostics at severity error or worse.
unsigned NumErrors(const SBMLDocument& doc) {
  return doc.getNumErrors(LIBSBML_SEV_ERROR) + doc.getNumErrors(LIBSBML_SEV_FATAL);
}

}  // namespace

std::string SanitizeSbmlId(const std::string& text) {
  std::set<std::string> none;
  return UniqueSid(text, none);
}

void SbmlWriteOptions::Validate() const {
  if (!IsSid(model_id)) {
    throw InputError(fmt::format(
        "invalid SBML model id '{}': an id starts with a letter or '_' and continues with "
        "letters, digits or '_'",
        model_id));
  }
}

std::string FormatSbml(const Crn& crn, const SbmlWriteOptions& options) {
  options.Validate();
  SBMLDocument doc(3, 2);
  Model* model = doc.createModel();
  model->setId(options.model_id);
  if (!options.model_name.empty()) model->setName(options.model_name);
  model->setAnnotation(
      fmt::format("<annotation><neuralcrn:crn xmlns:neuralcrn=\"{}\" "
                  "rateLaw=\"{}\"/></annotation>",
                  kAnnotationUri, ToString(crn.rate_law())));

  std::set<std::string> used{options.model_id};
  std::vector<std::string> sid(crn.num_species());
  for (SpeciesId s = 0; s < crn.num_species(); ++s) sid[s] = UniqueSid(crn.name(s), used);
  const std::string comp_id = UniqueSid("c", used);

  Compartment* comp = model->createCompartment();
  comp->setId(comp_id);
  comp->setSize(1.0);
  comp->setSpatialDimensions(3.0);
  comp->setConstant(true);

  for (SpeciesId s = 0; s < crn.num_species(); ++s) {
    Species* sp = model->createSpecies();
    sp->setId(sid[s]);
    sp->setName(crn.name(s));
    sp->setCompartment(comp_id);
    sp->setInitialConcentration(crn.initial(s));
    sp->setHasOnlySubstanceUnits(false);
    sp->setBoundaryCondition(false);
    sp->setConstant(false);
  }

  const bool combinatoric = crn.rate_law() == RateLaw::kCombinatoric;
  for (int i = 0; i < crn.num_reactions(); ++i) {
    const Reaction& rx = crn.reactions()[i];
    const std::string k_id = UniqueSid(fmt::format("k{}", i + 1), used);
    const std::string r_id = UniqueSid(fmt::format("r{}", i + 1), used);
    Parameter* k = model->createParameter();
    k->setId(k_id);
    k->setValue(rx.rate);
    k->setConstant(true);

    ::Reaction* r = model->createReaction();
    r->setId(r_id);
    r->setReversible(false);
    // Species of either side, in id order (complexes are canonical, i.e. sorted).
    std::set<SpeciesId> involved;
    for (const StoichTerm& t : rx.reactants) involved.insert(t.species);
    for (const StoichTerm& t : rx.products) involved.insert(t.species);
    for (SpeciesId s : involved) {
      const int a = rx.ReactantCount(s), b = rx.ProductCount(s);
      if (options.catalysts_as_modifiers && a == b) {
        r->createModifier()->setSpecies(sid[s]);
        continue;
      }
      if (a > 0) {
        SpeciesReference* ref = r->createReactant();
        ref->setSpecies(sid[s]);
        ref->setStoichiometry(a);
        ref->setConstant(true);
      }
      if (b > 0) {
        SpeciesReference* ref = r->createProduct();
        ref->setSpecies(sid[s]);
        ref->setStoichiometry(b);
        ref->setConstant(true);
      }
    }

    // c * k * prod S^nu [/ prod nu!]
    ASTNode rate(AST_TIMES);
    rate.addChild(Name(comp_id));
    rate.addChild(Name(k_id));
    double divisor = 1;
    for (const StoichTerm& t : rx.reactants) {
      if (t.count == 1) {
        rate.addChild(Name(sid[t.species]));
      } else {
        auto* pw = new ASTNode(AST_POWER);
        pw->addChild(Name(sid[t.species]));
        pw->addChild(Integer(t.count));
        rate.addChild(pw);
      }
      divisor *= Factorial(t.count);
    }
    KineticLaw* law = r->createKineticLaw();
    if (combinatoric && divisor > 1) {
      if (!(divisor <= 9007199254740992.0)) {  // 2^53: beyond it the literal is not exact
        throw InputError(fmt::format(
            "reaction {}: the combinatoric factor prod nu! = {} is too large to write exactly; "
            "convert the network to the mass-action rate law first",
            i + 1, divisor));
      }
      ASTNode quotient(AST_DIVIDE);
      quotient.addChild(rate.deepCopy());
      quotient.addChild(Integer(static_cast<long>(divisor)));
      law->setMath(&quotient);
    } else {
      law->setMath(&rate);
    }
  }

  doc.checkConsistency();
  if (NumErrors(doc) > 0) {
    std::string msg;
    for (unsigned i = 0; i < doc.getNumErrors(); ++i) {
      const SBMLError* e = doc.getError(i);
      if (e->isError() || e->isFatal()) msg += fmt::format("\n  {}", e->getMessage());
    }
    throw std::logic_error("internal error: exported SBML fails libSBML checks:" + msg);
  }
  return writeSBMLToStdString(&doc);
}

void WriteSbml(const Crn& crn, const std::string& path, const SbmlWriteOptions& options) {
  WriteFileAtomic(path, FormatSbml(crn, options));
}

// ---------------------------------------------------------------------------------------------
// Import

namespace {

class SbmlImporter {
 public:
  SbmlImporter(const std::string& source, const SbmlReadOptions& options)
      : source_(source), options_(options) {}

  Crn Run(const std::string& text) {
    std::unique_ptr<SBMLDocument> doc(readSBMLFromString(text.c_str()));
    if (doc == nullptr) Fail(nullptr, "libSBML could not read the document");
    RefuseErrors(*doc, "cannot read SBML");
    if (doc->getModel() == nullptr) Fail(nullptr, "the document has no <model>");
    if (doc->getLevel() < 2) {
      Fail(nullptr,
           fmt::format("SBML Level {} is not supported (Level 2 and 3 are)", doc->getLevel()));
    }
    model_ = doc->getModel();
    RefuseUnsupported();  // before the generic checks, for a message that names the construct
    doc->setConsistencyChecks(LIBSBML_CAT_UNITS_CONSISTENCY, false);
    doc->setConsistencyChecks(LIBSBML_CAT_MODELING_PRACTICE, false);
    doc->checkConsistency();
    RefuseErrors(*doc, "invalid SBML");
    if (options_.expand_function_definitions && doc->getModel()->getNumFunctionDefinitions() > 0) {
      ConversionProperties props;
      props.addOption("expandFunctionDefinitions", true);
      if (doc->convert(props) != LIBSBML_OPERATION_SUCCESS) {
        Fail(doc->getModel()->getFunctionDefinition(0), "cannot expand the function definitions");
      }
    }
    model_ = doc->getModel();  // the conversion may have replaced it
    ReadSpecies();
    for (unsigned i = 0; i < model_->getNumReactions(); ++i) ReadReaction(model_->getReaction(i));
    return Build();
  }

 private:
  struct Factors {
    std::map<std::string, int> species;  // species id -> power
    std::map<std::string, int> symbols;  // compartment or parameter id -> exponent
    std::map<std::string, double> values;
    std::vector<std::pair<double, int>> literals;  // number, exponent (+1 or -1, ...)
  };
  struct RawReaction {
    std::map<std::string, int> reactants, products;  // species id -> count
    Factors factors;
    double volume = 1.0;
    std::string id;
  };

  [[noreturn]] void Fail(const SBase* element, const std::string& what) const {
    std::string where = source_;
    if (element != nullptr && element->getLine() > 0) {
      where = Where(source_, static_cast<int>(element->getLine()));
    } else {
      where += ": ";
    }
    std::string name;
    if (element != nullptr) {
      name = element->getElementName();
      if (element->isSetId()) name += fmt::format(" '{}'", element->getId());
      name += ": ";
    }
    throw InputError(where + name + what);
  }

  void RefuseErrors(const SBMLDocument& doc, const std::string& what) const {
    if (NumErrors(doc) == 0) return;
    for (unsigned i = 0; i < doc.getNumErrors(); ++i) {
      const SBMLError* e = doc.getError(i);
      if (!e->isError() && !e->isFatal()) continue;
      std::string msg = e->getMessage();
      // One line: libSBML's messages contain newlines and trailing blanks.
      std::string flat;
      for (char ch : msg) {
        if (std::isspace(static_cast<unsigned char>(ch))) {
          if (!flat.empty() && flat.back() != ' ') flat += ' ';
        } else {
          flat += ch;
        }
      }
      while (!flat.empty() && flat.back() == ' ') flat.pop_back();
      msg = flat;
      throw InputError(fmt::format(
          "{}{} (libSBML error {}): {}",
          Where(source_, static_cast<int>(e->getLine()), static_cast<int>(e->getColumn())), what,
          e->getErrorId(), msg));
    }
  }

  void RefuseUnsupported() const {
    if (model_->getNumRules() > 0) {
      const Rule* r = model_->getRule(0);
      Fail(r, fmt::format("rules are not supported (variable '{}'); a CRN has only reactions",
                          r->getVariable()));
    }
    if (model_->getNumEvents() > 0) {
      Fail(model_->getEvent(0), "events are not supported; a CRN has only reactions");
    }
    if (model_->getNumInitialAssignments() > 0) {
      const InitialAssignment* a = model_->getInitialAssignment(0);
      Fail(a, fmt::format("initial assignments are not supported (symbol '{}'); give a value",
                          a->getSymbol()));
    }
    if (model_->getNumFunctionDefinitions() > 0 && !options_.expand_function_definitions) {
      Fail(model_->getFunctionDefinition(0), "function definitions are not expanded");
    }
  }

  // Canonical text of a unit id (SI form) for comparing units; "" when undeclared.
  std::string UnitKey(const std::string& unit, const SBase* element) const {
    if (unit.empty()) return "";
    std::unique_ptr<UnitDefinition> ud;
    if (const UnitDefinition* def = model_->getUnitDefinition(unit)) {
      ud.reset(def->clone());
    } else if (UnitKind_forName(unit.c_str()) != UNIT_KIND_INVALID) {
      ud = std::make_unique<UnitDefinition>(model_->getLevel(), model_->getVersion());
      Unit* u = ud->createUnit();
      u->setKind(UnitKind_forName(unit.c_str()));
      u->setExponent(1);
      u->setScale(0);
      u->setMultiplier(1.0);
    } else if (model_->getLevel() == 2 && (unit == "substance" || unit == "volume")) {
      return unit == "substance" ? "mole" : "litre";  // L2 built-in defaults
    } else {
      Fail(element,
           fmt::format("unknown unit '{}': neither a unitDefinition nor a base unit", unit));
    }
    std::unique_ptr<UnitDefinition> si(UnitDefinition::convertToSI(ud.get()));
    return UnitDefinition::printUnits(si.get(), true);
  }

  std::string SubstanceUnits(const Species* sp) const {
    if (sp->isSetSubstanceUnits()) return sp->getSubstanceUnits();
    if (model_->getLevel() == 3)
      return model_->isSetSubstanceUnits() ? model_->getSubstanceUnits() : "";
    return "substance";
  }
  std::string SizeUnits(const Compartment* c) const {
    if (c->isSetUnits()) return c->getUnits();
    if (model_->getLevel() == 3) return model_->isSetVolumeUnits() ? model_->getVolumeUnits() : "";
    return "volume";
  }

  void ReadSpecies() {
    for (unsigned i = 0; i < model_->getNumSpecies(); ++i) {
      const Species* sp = model_->getSpecies(i);
      const Compartment* c = model_->getCompartment(sp->getCompartment());
      if (c == nullptr) Fail(sp, "unknown compartment");
      if (c->getSpatialDimensionsAsDouble() == 0) {
        Fail(c, "a 0-dimensional compartment has no concentrations");
      }
      if (!c->isSetSize()) Fail(c, "the compartment has no size");
      if (!c->getConstant()) Fail(c, "a compartment of varying size is not supported");
      const double v = c->getSize();
      if (!(std::isfinite(v) && v > 0)) Fail(c, fmt::format("size must be > 0, got {}", v));
      double x0;
      if (sp->isSetInitialConcentration()) {
        x0 = sp->getInitialConcentration();
      } else if (sp->isSetInitialAmount()) {
        x0 = sp->getInitialAmount() / v;
      } else {
        Fail(sp, "no initialConcentration or initialAmount");
      }
      if (!(std::isfinite(x0) && x0 >= 0)) {
        Fail(sp, fmt::format("initial value must be finite and >= 0, got {}", x0));
      }
      const std::string su = UnitKey(SubstanceUnits(sp), sp);
      const std::string cu = UnitKey(SizeUnits(c), c);
      if (i == 0) {
        substance_units_ = su;
        size_units_ = cu;
      } else if (su != substance_units_ || cu != size_units_) {
        Fail(sp, fmt::format("units ({} per {}) differ from those of the first species ({} per "
                             "{}); mixed units are not converted",
                             su.empty() ? "undeclared" : su, cu.empty() ? "undeclared" : cu,
                             substance_units_.empty() ? "undeclared" : substance_units_,
                             size_units_.empty() ? "undeclared" : size_units_));
      }
      initial_[sp->getId()] = x0;
      volume_[sp->getId()] = v;
    }
  }

  double ParameterValue(const SBase* p, bool is_set, double value) const {
    if (!is_set) Fail(p, "the parameter has no value");
    if (!std::isfinite(value)) Fail(p, fmt::format("value must be finite, got {}", value));
    return value;
  }

  static bool IntegerLiteral(const ASTNode* n, long* out) {
    double v;
    if (n->getType() == AST_INTEGER) {
      *out = n->getInteger();
      return true;
    }
    if (n->isReal()) {
      v = n->getValue();
      if (std::isfinite(v) && v == std::round(v) && std::fabs(v) < 1e9) {
        *out = static_cast<long>(v);
        return true;
      }
    }
    return false;
  }

  // Flattens a product/quotient into factors; refuses anything else.
  void Collect(const ASTNode* n, int e, const ::Reaction* rx, Factors& f) {
    constexpr long kMaxExponent = 1000;
    const KineticLaw* kl = rx->getKineticLaw();
    auto refuse = [&](const std::string& why) {
      std::unique_ptr<char, decltype(&free)> formula(SBML_formulaToL3String(kl->getMath()), &free);
      Fail(rx, fmt::format("kinetic law '{}' is not mass action: {}", formula.get(), why));
    };
    switch (n->getType()) {
      case AST_TIMES:
        for (unsigned i = 0; i < n->getNumChildren(); ++i) Collect(n->getChild(i), e, rx, f);
        return;
      case AST_DIVIDE:
        if (n->getNumChildren() != 2) refuse("malformed division");
        Collect(n->getChild(0), e, rx, f);
        Collect(n->getChild(1), -e, rx, f);
        return;
      case AST_POWER:
      case AST_FUNCTION_POWER: {
        long p;
        if (n->getNumChildren() != 2 || !IntegerLiteral(n->getChild(1), &p)) {
          refuse("exponents must be integer numbers");
        }
        if (std::labs(p * e) > kMaxExponent) {
          refuse(fmt::format("exponent {} is too large (at most {})", p * e, kMaxExponent));
        }
        Collect(n->getChild(0), static_cast<int>(e * p), rx, f);
        return;
      }
      case AST_INTEGER:
      case AST_REAL:
      case AST_REAL_E:
      case AST_RATIONAL: {
        const double v = n->getValue();
        if (!std::isfinite(v) || v == 0) refuse(fmt::format("the number {} is not allowed", v));
        f.literals.emplace_back(v, e);
        return;
      }
      case AST_NAME: {
        const std::string id = n->getName();
        const SBase* local = model_->getLevel() >= 3
                                 ? static_cast<const SBase*>(kl->getLocalParameter(id))
                                 : static_cast<const SBase*>(kl->getParameter(id));
        if (local != nullptr) {
          double v = model_->getLevel() >= 3
                         ? ParameterValue(local, kl->getLocalParameter(id)->isSetValue(),
                                          kl->getLocalParameter(id)->getValue())
                         : ParameterValue(local, kl->getParameter(id)->isSetValue(),
                                          kl->getParameter(id)->getValue());
          f.symbols["local:" + id] += e;
          f.values["local:" + id] = v;
        } else if (model_->getSpecies(id) != nullptr) {
          if (e < 0) refuse(fmt::format("species '{}' appears in a denominator", id));
          f.species[id] += e;
        } else if (const Compartment* c = model_->getCompartment(id)) {
          f.symbols["comp:" + id] += e;
          f.values["comp:" + id] = c->getSize();
        } else if (const Parameter* p = model_->getParameter(id)) {
          f.symbols["param:" + id] += e;
          f.values["param:" + id] = ParameterValue(p, p->isSetValue(), p->getValue());
        } else {
          refuse(fmt::format("'{}' is not a species, compartment or parameter", id));
        }
        return;
      }
      default: {
        std::unique_ptr<char, decltype(&free)> sub(SBML_formulaToL3String(n), &free);
        refuse(
            fmt::format("'{}' is not a product of numbers, parameters, compartments and "
                        "species powers",
                        sub.get()));
      }
    }
  }

  // Species id -> count from a list of species references; refuses non-integer stoichiometry.
  std::map<std::string, int> Side(const ::Reaction* rx, const ListOfSpeciesReferences* list) {
    std::map<std::string, int> out;
    for (unsigned i = 0; i < list->size(); ++i) {
      const auto* ref = static_cast<const SpeciesReference*>(list->get(i));
      if (ref->isSetStoichiometryMath()) Fail(ref, "stoichiometryMath is not supported");
      if (model_->getLevel() >= 3 && !ref->isSetStoichiometry()) {
        Fail(ref, fmt::format("species reference to '{}' has no stoichiometry", ref->getSpecies()));
      }
      if (model_->getLevel() >= 3 && !ref->getConstant()) {
        Fail(ref, "a varying stoichiometry is not supported");
      }
      const double nu =
          ref->getStoichiometry() / (model_->getLevel() == 2 ? ref->getDenominator() : 1);
      if (!(nu >= 1 && nu == std::round(nu) && nu <= 1000)) {
        Fail(ref, fmt::format("stoichiometry of '{}' must be an integer from 1 to 1000, got {}",
                              ref->getSpecies(), nu));
      }
      out[ref->getSpecies()] += static_cast<int>(nu);
    }
    return out;
  }

  bool IsFixed(const std::string& species_id) const {
    const Species* sp = model_->getSpecies(species_id);
    return sp->getBoundaryCondition() || sp->getConstant();
  }

  // Builds a raw reaction (catalysts resolved) from a mass-action term over `reactants`.
  RawReaction MassAction(const ::Reaction* rx, const ASTNode* term,
                         std::map<std::string, int> reactants, std::map<std::string, int> products,
                         const std::string& id) {
    RawReaction raw;
    raw.id = id;
    Collect(term, 1, rx, raw.factors);
    std::unique_ptr<char, decltype(&free)> formula(SBML_formulaToL3String(term), &free);
    // Fixed species never change: drop them from the sides, put them back as catalysts below.
    for (auto* side : {&reactants, &products}) {
      std::erase_if(*side, [&](const auto& kv) { return IsFixed(kv.first); });
    }
    for (auto& [s, p] : raw.factors.species) {
      if (p == 0) continue;
      auto it = reactants.find(s);
      if (it != reactants.end()) {
        if (it->second != p) {
          Fail(rx, fmt::format("kinetic law '{}' is not mass action: '{}' has power {} but "
                               "stoichiometry {}",
                               formula.get(), s, p, it->second));
        }
      } else {
        // A catalyst (modifier, product or fixed species; libSBML has already refused an
        // undeclared one): the same count on both sides, so the law is honoured exactly.
        reactants[s] += p;
        products[s] += p;
      }
    }
    for (const auto& [s, nu] : reactants) {
      if (raw.factors.species[s] == 0) {
        Fail(rx, fmt::format("kinetic law '{}' is not mass action: reactant '{}' is missing",
                             formula.get(), s));
      }
    }
    raw.reactants = std::move(reactants);
    raw.products = std::move(products);
    return raw;
  }

  void ReadReaction(const ::Reaction* rx) {
    if (rx->isSetFast() && rx->getFast()) Fail(rx, "fast reactions are not supported");
    const KineticLaw* kl = rx->getKineticLaw();
    if (kl == nullptr || !kl->isSetMath()) Fail(rx, "the reaction has no kinetic law");
    auto reactants = Side(rx, rx->getListOfReactants());
    auto products = Side(rx, rx->getListOfProducts());
    const ASTNode* math = kl->getMath();
    std::vector<RawReaction> out;
    // Reversible: `f - g`, or `a * (f - g) * b` (COPASI writes `c * (kf*A - kr*B)`): forward
    // term over the reactants, backward term over the products.
    std::unique_ptr<ASTNode> forward, backward;
    if (math->getType() == AST_MINUS && math->getNumChildren() == 2) {
      forward.reset(math->getChild(0)->deepCopy());
      backward.reset(math->getChild(1)->deepCopy());
    } else if (math->getType() == AST_TIMES) {
      int minus = -1;
      for (unsigned i = 0; i < math->getNumChildren(); ++i) {
        const ASTNode* c = math->getChild(i);
        if (c->getType() == AST_MINUS && c->getNumChildren() == 2) {
          minus = minus == -1 ? static_cast<int>(i) : -2;  // -2: more than one difference
        }
      }
      if (minus >= 0) {
        forward = std::make_unique<ASTNode>(AST_TIMES);
        backward = std::make_unique<ASTNode>(AST_TIMES);
        for (unsigned i = 0; i < math->getNumChildren(); ++i) {
          const ASTNode* c = math->getChild(i);
          const bool diff = static_cast<int>(i) == minus;
          forward->addChild((diff ? c->getChild(0) : c)->deepCopy());
          backward->addChild((diff ? c->getChild(1) : c)->deepCopy());
        }
      }
    }
    if (forward) {
      out.push_back(MassAction(rx, forward.get(), reactants, products, rx->getId() + " (forward)"));
      out.push_back(
          MassAction(rx, backward.get(), products, reactants, rx->getId() + " (backward)"));
    } else {
      out.push_back(MassAction(rx, math, reactants, products, rx->getId()));
    }
    for (RawReaction& raw : out) {
      // All species of the reaction must live in compartments of one size.
      std::optional<double> v;
      for (const auto* side : {&raw.reactants, &raw.products}) {
        for (const auto& [s, nu] : *side) {
          const double vs = volume_.at(s);
          if (v && *v != vs) {
            Fail(rx, fmt::format("species in compartments of different sizes ({} and {}) cannot "
                                 "be expressed as one concentration reaction",
                                 *v, vs));
          }
          v = vs;
        }
      }
      if (!v) {
        const Compartment* c = nullptr;
        if (rx->isSetCompartment()) c = model_->getCompartment(rx->getCompartment());
        if (c == nullptr && model_->getNumCompartments() == 1) c = model_->getCompartment(0);
        if (c == nullptr || !c->isSetSize()) {
          Fail(rx, "a reaction without species needs a compartment to define its volume");
        }
        v = c->getSize();
      }
      raw.volume = *v;
      // A symbol whose value is this volume cancels against the division by it (kept exact).
      raw_.push_back(std::move(raw));
    }
  }

  static double Pow(double x, int e) {
    double r = 1;
    for (int i = 0; i < std::abs(e); ++i) r = e > 0 ? r * x : r / x;
    return r;
  }

  // Name for the Crn: the SBML name if usable, else the id.
  std::map<std::string, std::string> SpeciesNames() const {
    std::map<std::string, std::string> names;
    std::set<std::string> used;
    for (unsigned i = 0; i < model_->getNumSpecies(); ++i) {
      const Species* sp = model_->getSpecies(i);
      std::string n = sp->isSetName() ? sp->getName() : "";
      if (!IsValidSpeciesName(n) || used.count(n)) n = sp->getId();
      if (!IsValidSpeciesName(n) || used.count(n)) {
        const std::string base = sp->getId();
        int k = 2;
        do n = fmt::format("{}_{}", base, k++);
        while (!IsValidSpeciesName(n) || used.count(n));
      }
      used.insert(n);
      names[sp->getId()] = n;
    }
    return names;
  }

  std::optional<RateLaw> AnnotatedRateLaw() const {
    const XMLNode* ann = const_cast<Model*>(model_)->getAnnotation();
    if (ann == nullptr) return std::nullopt;
    for (unsigned i = 0; i < ann->getNumChildren(); ++i) {
      const XMLNode& child = ann->getChild(i);
      if (child.getURI() == kAnnotationUri && child.getName() == "crn") {
        std::string law = child.getAttrValue("rateLaw");
        try {
          return RateLawFromString(law);
        } catch (const InputError& e) {
          Fail(model_, fmt::format("annotation: {}", e.what()));
        }
      }
    }
    return std::nullopt;
  }

  Crn Build() {
    Crn crn;
    const auto names = SpeciesNames();
    for (unsigned i = 0; i < model_->getNumSpecies(); ++i) {
      const std::string& id = model_->getSpecies(i)->getId();
      crn.AddSpecies(names.at(id), initial_.at(id));
    }
    // Factorial divisor of each reaction and whether its law spells it as a literal.
    std::vector<double> fact(raw_.size(), 1);
    std::vector<int> literal_index(raw_.size(), -1);
    bool any_repeated = false, all_literal = true;
    for (size_t r = 0; r < raw_.size(); ++r) {
      for (const auto& [s, nu] : raw_[r].reactants) fact[r] *= Factorial(nu);
      if (fact[r] == 1) continue;
      any_repeated = true;
      const auto& lits = raw_[r].factors.literals;
      for (size_t j = 0; j < lits.size(); ++j) {
        const auto [v, e] = lits[j];
        if ((e == -1 && v == fact[r]) || (e == 1 && std::fabs(v * fact[r] - 1) < 1e-14)) {
          literal_index[r] = static_cast<int>(j);
          break;
        }
      }
      if (literal_index[r] < 0) all_literal = false;
    }
    RateLaw law = RateLaw::kMassAction;
    if (options_.rate_law) {
      law = *options_.rate_law;
    } else if (auto annotated = AnnotatedRateLaw()) {
      law = *annotated;
    } else if (any_repeated && all_literal) {
      law = RateLaw::kCombinatoric;
    }
    crn.set_rate_law(law);

    for (size_t r = 0; r < raw_.size(); ++r) {
      RawReaction& raw = raw_[r];
      Factors& f = raw.factors;
      // Amount rate -> concentration rate: species used as amounts contribute V^p; divide by V.
      for (const auto& [s, p] : f.species) {
        if (model_->getSpecies(s)->getHasOnlySubstanceUnits())
          f.literals.emplace_back(volume_.at(s), p);
      }
      // Cancel the division by the volume against a compartment symbol of that size if present.
      bool cancelled = false;
      for (auto& [sym, e] : f.symbols) {
        if (sym.rfind("comp:", 0) == 0 && e > 0 && f.values.at(sym) == raw.volume) {
          --e;
          cancelled = true;
          break;
        }
      }
      if (!cancelled) f.literals.emplace_back(raw.volume, -1);
      bool drop_literal = false;
      double scale = 1;  // converts a plain mass-action constant to the chosen convention
      if (law == RateLaw::kCombinatoric && fact[r] > 1) {
        if (literal_index[r] >= 0) {
          drop_literal = true;
        } else {
          scale = fact[r];
        }
      }
      double k = 1;
      for (const auto& [sym, e] : f.symbols) k *= Pow(f.values.at(sym), e);
      for (size_t j = 0; j < f.literals.size(); ++j) {
        if (drop_literal && static_cast<int>(j) == literal_index[r]) continue;
        k *= Pow(f.literals[j].first, f.literals[j].second);
      }
      k *= scale;
      if (!(std::isfinite(k) && k >= 0)) {
        Fail(model_->getReaction(raw.id.substr(0, raw.id.find(' '))),
             fmt::format("rate constant of {} evaluates to {}; it must be finite and >= 0", raw.id,
                         k));
      }
      Complex lhs, rhs;
      for (const auto& [s, nu] : raw.reactants) lhs.push_back({crn.Id(names.at(s)), nu});
      for (const auto& [s, nu] : raw.products) rhs.push_back({crn.Id(names.at(s)), nu});
      crn.AddReaction(std::move(lhs), std::move(rhs), k);
    }
    return crn;
  }

  std::string source_;
  SbmlReadOptions options_;
  const Model* model_ = nullptr;
  std::map<std::string, double> initial_, volume_;
  std::string substance_units_, size_units_;
  std::vector<RawReaction> raw_;
};

}  // namespace

Crn ParseSbml(const std::string& text, const std::string& source_name,
              const SbmlReadOptions& options) {
  return SbmlImporter(source_name, options).Run(text);
}

Crn ReadSbml(const std::string& path, const SbmlReadOptions& options) {
  return ParseSbml(ReadFile(path), path, options);
}

}  // namespace ncrn
