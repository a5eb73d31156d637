#include "neuralcrn/core/crn_text.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <fmt/format.h>

#include "neuralcrn/core/atomic_file.h"
#include "neuralcrn/core/error.h"
#include "neuralcrn/core/number_text.h"

namespace ncrn {
namespace internal {
namespace {

constexpr std::string_view kEmptySet = "\xE2\x88\x85";  // U+2205 '∅'

bool IsWordChar(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '\'';
}

enum class Tok {
  kWord,
  kPlus,
  kMinus,
  kArrow,
  kBiArrow,
  kLBrack,
  kRBrack,
  kEq,
  kComma,
  kEmpty,
  kAt
};

struct Token {
  Tok kind;
  std::string_view text;
  size_t offset;  // into the whole input
};

// One statement: the tokens of a single line segment between separators.
struct Statement {
  int line = 0;
  size_t line_start = 0;  // offset of the line's first byte (for columns)
  size_t end = 0;         // offset just past the statement (for "at end" errors)
  std::vector<Token> tokens;
};

class Parser {
 public:
  Parser(std::string_view text, const std::string& source, const CrnParseOptions& options)
      : text_(text), source_(source), options_(options) {}

  Crn Parse() {
    // A UTF-8 byte-order mark is not content (and editors do not show it as a column).
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);
    for (const Statement& st : SplitStatements()) {
      if (!st.tokens.empty()) ParseStatement(st);
    }
    FailOnUndeclaredInits();
    return std::move(crn_);
  }

 private:
  // Column in code points, 1-based.
  int Column(const Statement& st, size_t offset) const {
    int col = 1;
    for (size_t i = st.line_start; i < offset && i < text_.size(); ++i) {
      if ((static_cast<unsigned char>(text_[i]) & 0xC0) != 0x80) ++col;
    }
    return col;
  }

  [[noreturn]] void Fail(const Statement& st, size_t offset, const std::string& what,
                         std::optional<std::string_view> token) const {
    std::string msg = Where(source_, st.line, Column(st, offset)) + what;
    if (token) {
      msg += TokenSuffix(*token);
    } else {
      msg += " (at end of statement)";
    }
    throw InputError(msg);
  }
  [[noreturn]] void Fail(const Statement& st, const Token& t, const std::string& what) const {
    Fail(st, t.offset, what, t.text);
  }
  [[noreturn]] void FailAtEnd(const Statement& st, const std::string& what) const {
    Fail(st, st.end, what, std::nullopt);
  }

  std::vector<Statement> SplitStatements() const {
    std::vector<Statement> out;
    int line = 1;
    size_t line_start = 0;
    Statement cur{line, line_start, 0, {}};
    auto finish = [&](size_t end) {
      cur.end = end;
      out.push_back(std::move(cur));
      cur = Statement{line, line_start, 0, {}};
    };
    size_t i = 0;
    const size_t n = text_.size();
    while (i < n) {
      const char c = text_[i];
      if (c == '\n') {
        finish(i);
        ++line;
        line_start = i + 1;
        cur = Statement{line, line_start, 0, {}};
        ++i;
      } else if (c == ';') {
        finish(i);
        ++i;
      } else if (c == ' ' || c == '\t' || c == '\r') {
        ++i;
      } else if (c == '#' || (c == '/' && i + 1 < n && text_[i + 1] == '/')) {
        while (i < n && text_[i] != '\n') ++i;
      } else if (IsWordChar(c)) {
        const size_t b = i;
        while (i < n) {
          if (IsWordChar(text_[i])) {
            ++i;
          } else if ((text_[i] == '+' || text_[i] == '-') && i + 1 < n &&
                     std::isdigit(static_cast<unsigned char>(text_[i + 1])) &&
                     LooksLikeMantissaWithExponent(text_.substr(b, i - b))) {
            i += 2;  // exponent sign of a number such as 1e-3
          } else {
            break;
          }
        }
        cur.tokens.push_back({Tok::kWord, text_.substr(b, i - b), b});
      } else if (text_.substr(i, 3) == "<=>" || text_.substr(i, 3) == "<->") {
        cur.tokens.push_back({Tok::kBiArrow, text_.substr(i, 3), i});
        i += 3;
      } else if (text_.substr(i, 2) == "->") {
        cur.tokens.push_back({Tok::kArrow, text_.substr(i, 2), i});
        i += 2;
      } else if (text_.substr(i, kEmptySet.size()) == kEmptySet) {
        cur.tokens.push_back({Tok::kEmpty, text_.substr(i, kEmptySet.size()), i});
        i += kEmptySet.size();
      } else {
        Tok kind;
        switch (c == '@' && !options_.at_concentrations ? '\0' : c) {
          case '@':
            kind = Tok::kAt;
            break;
          case '+':
            kind = Tok::kPlus;
            break;
          case '-':
            kind = Tok::kMinus;
            break;
          case '[':
            kind = Tok::kLBrack;
            break;
          case ']':
            kind = Tok::kRBrack;
            break;
          case '=':
            kind = Tok::kEq;
            break;
          case ',':
            kind = Tok::kComma;
            break;
          default: {
            // Report the whole UTF-8 character, not a stray byte.
            size_t len = 1;
            while (i + len < n && (static_cast<unsigned char>(text_[i + len]) & 0xC0) == 0x80) {
              ++len;
            }
            Statement here{line, line_start, 0, {}};
            Fail(here, i,
                 c == '@' ? "unexpected character: '@' belongs to the Nuskell/crnsimulator format "
                            "(A @ initial 1); read such a file with 'neuralcrn import FILE "
                            "--from nuskell -o OUT.crn'"
                          : "unexpected character",
                 text_.substr(i, len));
          }
        }
        cur.tokens.push_back({kind, text_.substr(i, 1), i});
        ++i;
      }
    }
    finish(n);
    return out;
  }

  // "1e", "2.5E" (a number waiting for its exponent digits).
  static bool LooksLikeMantissaWithExponent(std::string_view w) {
    if (w.size() < 2 || (w.back() != 'e' && w.back() != 'E')) return false;
    bool digit = false;
    for (char c : w.substr(0, w.size() - 1)) {
      if (std::isdigit(static_cast<unsigned char>(c))) {
        digit = true;
      } else if (c != '.') {
        return false;
      }
    }
    return digit;
  }

  static std::optional<double> ParseDouble(std::string_view w) {
    const std::optional<ParsedNumber> n = ParseNumberText(w);
    if (!n) return std::nullopt;
    return n->value;
  }

  static bool AllDigits(std::string_view w) {
    if (w.empty()) return false;
    for (char c : w) {
      if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    }
    return true;
  }

  void ParseStatement(const Statement& st) {
    const auto& toks = st.tokens;
    for (const Token& t : toks) {
      if (t.kind == Tok::kArrow || t.kind == Tok::kBiArrow) return ParseReaction(st);
    }
    const Token& head = toks.front();
    if (toks.size() >= 2 && toks[1].kind == Tok::kAt) return ParseAtConcentration(st);
    if (head.kind == Tok::kWord && options_.allow_directives) {
      if (head.text == "init") return ParseInit(st);
      if (head.text == "species") return ParseSpeciesDecl(st);
      if (head.text == "ratelaw") return ParseRateLaw(st);
    }
    Fail(st, head,
         options_.allow_directives
             ? "unknown statement: expected a reaction 'A + B -> C [k = 1]', 'init X = 2.5', "
               "'species A B' or 'ratelaw mass-action|combinatoric'"
             : "unknown statement: expected a reaction 'A + B -> C [k = 1]'");
  }

  // Validates a species name token and returns its id.
  SpeciesId SpeciesFrom(const Statement& st, const Token& t, std::string_view name) {
    if (ParseDouble(name)) {
      Fail(st, t, fmt::format("species named like a number '{}'", name));
    }
    if (!IsValidSpeciesName(name)) {
      Fail(st, t,
           fmt::format("invalid species name '{}': a name starts with a letter or '_' and "
                       "continues with letters, digits, '_', '.' or '\\''",
                       name));
    }
    return crn_.AddSpecies(name);
  }

  // Parses tokens [b, e) as a complex.
  Complex ParseComplex(const Statement& st, size_t b, size_t e) {
    const auto& toks = st.tokens;
    Complex c;
    if (b == e) return c;
    if (e - b == 1 &&
        (toks[b].kind == Tok::kEmpty || (toks[b].kind == Tok::kWord && toks[b].text == "0"))) {
      return c;
    }
    size_t i = b;
    while (true) {
      if (i >= e) {
        if (e < toks.size()) Fail(st, toks[e], "expected a species before this");
        FailAtEnd(st, "expected a species");
      }
      const Token& t = toks[i];
      const bool zero_coefficient = i + 1 < e && toks[i + 1].kind == Tok::kWord;
      if (t.kind == Tok::kEmpty || (t.kind == Tok::kWord && t.text == "0" && !zero_coefficient)) {
        Fail(st, t, "the empty complex (0 or \xE2\x88\x85) must stand alone on its side");
      }
      if (t.kind != Tok::kWord) Fail(st, t, "expected a species");
      int count = 1;
      std::string_view name = t.text;
      // Coefficient: "2 A" (separate word) or "2A" (digits glued to the name).
      size_t digits = 0;
      while (digits < name.size() && std::isdigit(static_cast<unsigned char>(name[digits]))) {
        ++digits;
      }
      const Token* name_tok = &t;
      if (AllDigits(name)) {
        if (i + 1 >= e || toks[i + 1].kind != Tok::kWord) {
          Fail(st, t, "species named like a number");
        }
        ++i;
        name_tok = &toks[i];
        name = toks[i].text;
      } else if (digits > 0 && !ParseDouble(name)) {
        if (name[digits] == '.') {
          Fail(st, t, "stoichiometric coefficient must be an integer from 1 to 1000000");
        }
        name = name.substr(digits);
      } else {
        digits = 0;
      }
      if (name_tok != &t || digits > 0) {
        const std::string_view num = name_tok != &t ? t.text : t.text.substr(0, digits);
        const auto [p, ec] = std::from_chars(num.data(), num.data() + num.size(), count);
        if (ec != std::errc() || count < 1 || count > 1000000) {
          Fail(st, t, "stoichiometric coefficient must be an integer from 1 to 1000000");
        }
      }
      const SpeciesId id = SpeciesFrom(st, *name_tok, name);
      named_.insert(id);
      c.push_back({id, count});
      ++i;
      if (i >= e) break;
      if (toks[i].kind != Tok::kPlus) {
        Fail(st, toks[i], "expected '+' or the reaction arrow");
      }
      ++i;
    }
    return Canonical(std::move(c));
  }

  // Parses a sign ('-' or '+') and a number at toks[i], advancing i. The lexer makes a leading
  // sign its own token, so "+1" arrives as '+' then "1".
  double ParseValue(const Statement& st, size_t& i, std::string_view what) {
    const auto& toks = st.tokens;
    if (i >= toks.size()) FailAtEnd(st, fmt::format("missing {}", what));
    const Token& first = toks[i];
    const bool negative = first.kind == Tok::kMinus;
    if (negative || first.kind == Tok::kPlus) {
      ++i;
      if (i >= toks.size()) FailAtEnd(st, fmt::format("missing {}", what));
    }
    const Token& t = toks[i];
    if (t.kind != Tok::kWord) Fail(st, t, fmt::format("missing {}", what));
    const std::optional<ParsedNumber> v = ParseNumberText(t.text);
    if (!v) Fail(st, t, fmt::format("{} is not a number", what));
    ++i;
    if (std::isnan(v->value)) Fail(st, t, fmt::format("{} is NaN", what));
    if (v->overflow) Fail(st, t, fmt::format("{} {}", what, kOverflowReason));
    if (v->underflow) Fail(st, t, fmt::format("{} {}", what, kUnderflowReason));
    if (std::isinf(v->value)) Fail(st, t, fmt::format("{} is infinite", what));
    if (negative && v->value != 0) {
      Fail(st, first.offset, fmt::format("{} is negative; it must be >= 0", what),
           text_.substr(first.offset, t.offset + t.text.size() - first.offset));
    }
    return v->value;
  }

  void ParseReaction(const Statement& st) {
    const auto& toks = st.tokens;
    size_t arrow = 0;
    while (toks[arrow].kind != Tok::kArrow && toks[arrow].kind != Tok::kBiArrow) ++arrow;
    const bool reversible = toks[arrow].kind == Tok::kBiArrow;
    size_t rb = arrow + 1;
    size_t re = rb;
    while (re < toks.size() && toks[re].kind != Tok::kLBrack) {
      if (toks[re].kind == Tok::kArrow || toks[re].kind == Tok::kBiArrow) {
        Fail(st, toks[re], "a reaction has exactly one arrow");
      }
      ++re;
    }
    Complex lhs = ParseComplex(st, 0, arrow);
    Complex rhs = ParseComplex(st, rb, re);

    std::map<std::string, double, std::less<>> rates;
    if (re < toks.size()) {
      size_t i = re + 1;
      while (true) {
        if (i >= toks.size()) FailAtEnd(st, "unterminated rate list: expected ']'");
        const Token& key = toks[i];
        if (key.kind == Tok::kRBrack && rates.empty()) Fail(st, key, "empty rate list");
        if (key.kind != Tok::kWord) Fail(st, key, "expected a rate name (k, kf or kr)");
        const bool ok = reversible ? (key.text == "kf" || key.text == "kr") : key.text == "k";
        if (!ok) {
          Fail(st, key,
               reversible ? "unknown rate name: a reversible reaction takes kf and kr"
                          : "unknown rate name: an irreversible reaction takes k");
        }
        if (rates.count(key.text)) Fail(st, key, "rate given twice");
        ++i;
        if (i >= toks.size() || toks[i].kind != Tok::kEq) {
          if (i >= toks.size()) FailAtEnd(st, "expected '=' after the rate name");
          Fail(st, toks[i], "expected '=' after the rate name");
        }
        ++i;
        rates.emplace(std::string(key.text),
                      ParseValue(st, i, fmt::format("rate constant {}", key.text)));
        if (i >= toks.size()) FailAtEnd(st, "unterminated rate list: expected ']'");
        if (toks[i].kind == Tok::kRBrack) {
          ++i;
          break;
        }
        if (toks[i].kind != Tok::kComma) Fail(st, toks[i], "expected ',' or ']'");
        ++i;
      }
      if (i < toks.size()) Fail(st, toks[i], "unexpected text after the rate list");
    }

    auto rate = [&](const char* name) -> double {
      auto it = rates.find(name);
      if (it != rates.end()) return it->second;
      if (options_.default_rate) return *options_.default_rate;
      FailAtEnd(st, reversible
                        ? fmt::format("missing rate constant {}: write [kf = .., kr = ..]", name)
                        : "missing rate constant: write [k = <rate>]");
    };
    if (reversible) {
      const double kf = rate("kf"), kr = rate("kr");
      crn_.AddReaction(lhs, rhs, kf);
      crn_.AddReaction(std::move(rhs), std::move(lhs), kr);
    } else {
      crn_.AddReaction(std::move(lhs), std::move(rhs), rate("k"));
    }
  }

  void ParseInit(const Statement& st) {
    const auto& toks = st.tokens;
    if (toks.size() < 2) FailAtEnd(st, "expected 'init NAME = VALUE'");
    const Token& name = toks[1];
    if (name.kind != Tok::kWord) Fail(st, name, "expected a species name");
    const SpeciesId s = SpeciesFrom(st, name, name.text);
    if (toks.size() < 3) FailAtEnd(st, "expected '=' after the species name");
    if (toks[2].kind != Tok::kEq) Fail(st, toks[2], "expected '=' after the species name");
    size_t i = 3;
    const double v = ParseValue(st, i, "initial concentration");
    if (i < toks.size()) Fail(st, toks[i], "unexpected text after the initial value");
    if (auto it = init_line_.find(s); it != init_line_.end()) {
      Fail(st, name,
           fmt::format("duplicate init for '{}' (first given on line {})", name.text, it->second));
    }
    init_line_[s] = st.line;
    init_where_.emplace(s, InitWhere{st, name});
    crn_.SetInitial(s, v);
  }

  // "A @ initial 2.5" (Nuskell / crnsimulator).
  void ParseAtConcentration(const Statement& st) {
    const auto& toks = st.tokens;
    const Token& name = toks[0];
    if (name.kind != Tok::kWord) Fail(st, name, "expected a species name");
    const SpeciesId s = SpeciesFrom(st, name, name.text);
    if (toks.size() < 3) FailAtEnd(st, "expected 'initial' or 'i' after '@'");
    const Token& mode = toks[2];
    if (mode.text == "constant" || mode.text == "c") {
      Fail(st, mode,
           "constant concentrations are not supported (give an initial value with "
           "'@ initial')");
    }
    if (mode.text != "initial" && mode.text != "i") {
      Fail(st, mode, "expected 'initial' or 'i' after '@'");
    }
    size_t i = 3;
    const double v = ParseValue(st, i, "initial concentration");
    if (i < toks.size()) Fail(st, toks[i], "unexpected text after the initial value");
    if (auto it = init_line_.find(s); it != init_line_.end()) {
      Fail(st, name,
           fmt::format("duplicate initial value for '{}' (first given on line {})", name.text,
                       it->second));
    }
    init_line_[s] = st.line;
    crn_.SetInitial(s, v);
  }

  // An initial value for a species that no reaction uses and no 'species' line declares would
  // add a species nothing reads: almost always a misspelling (init a = 1 for A), so it is an
  // error, reported at the first such init. Declaring it with 'species' keeps it on purpose.
  // Nuskell's "A @ initial 1" is not checked: that format has no declaration to keep a species.
  void FailOnUndeclaredInits() const {
    const InitWhere* first = nullptr;
    for (const auto& [s, where] : init_where_) {
      if (named_.count(s)) continue;
      if (!first || where.name.offset < first->name.offset) first = &where;
    }
    if (!first) return;
    std::vector<std::string> known;
    for (SpeciesId s : named_) known.push_back(crn_.name(s));
    std::sort(known.begin(), known.end());
    const std::string list = known.empty() ? "no species is used in a reaction or declared"
                                           : "the species are " + ListNames(std::move(known));
    Fail(first->st, first->name,
         fmt::format("initial value for '{}', which no reaction uses and no 'species' line "
                     "declares (a misspelt name? declare it with 'species {}' to keep it); {}",
                     first->name.text, first->name.text, list));
  }

  void ParseSpeciesDecl(const Statement& st) {
    const auto& toks = st.tokens;
    if (toks.size() < 2) FailAtEnd(st, "expected species names after 'species'");
    for (size_t i = 1; i < toks.size(); ++i) {
      if (toks[i].kind == Tok::kComma && i + 1 < toks.size()) continue;
      if (toks[i].kind != Tok::kWord) Fail(st, toks[i], "expected a species name");
      named_.insert(SpeciesFrom(st, toks[i], toks[i].text));
    }
  }

  void ParseRateLaw(const Statement& st) {
    const auto& toks = st.tokens;
    if (toks.size() < 2) FailAtEnd(st, "expected 'ratelaw mass-action' or 'ratelaw combinatoric'");
    const size_t b = toks[1].offset;
    const size_t e = toks.back().offset + toks.back().text.size();
    const std::string_view value = text_.substr(b, e - b);
    if (rate_law_line_ > 0) {
      Fail(st, toks[0], fmt::format("duplicate ratelaw (first given on line {})", rate_law_line_));
    }
    if (value == "mass-action") {
      crn_.set_rate_law(RateLaw::kMassAction);
    } else if (value == "combinatoric") {
      crn_.set_rate_law(RateLaw::kCombinatoric);
    } else {
      Fail(st, b, "unknown rate law: expected 'mass-action' or 'combinatoric'", value);
    }
    rate_law_line_ = st.line;
  }

  std::string_view text_;
  const std::string& source_;
  CrnParseOptions options_;
  Crn crn_;
  std::map<SpeciesId, int> init_line_;
  struct InitWhere {
    Statement st;
    Token name;
  };
  std::map<SpeciesId, InitWhere> init_where_;
  std::set<SpeciesId> named_;  // used in a reaction or declared by a species line
  int rate_law_line_ = 0;
};

}  // namespace
}  // namespace internal

Crn ParseCrn(std::string_view text, const std::string& source_name) {
  return ParseCrn(text, source_name, CrnParseOptions{});
}

Crn ParseCrn(std::string_view text, const std::string& source_name,
             const CrnParseOptions& options) {
  return internal::Parser(text, source_name, options).Parse();
}

Crn ReadCrnFile(const std::string& path) { return ParseCrn(ReadFile(path), path); }

std::string FormatComplex(const Crn& crn, const Complex& c) {
  if (c.empty()) return "0";
  std::string s;
  for (const StoichTerm& t : c) {
    if (!s.empty()) s += " + ";
    // "2 A" rather than "2A": a name such as "e5" must not glue into the number "2e5".
    if (t.count != 1) s += fmt::format("{} ", t.count);
    s += crn.name(t.species);
  }
  return s;
}

std::string FormatCrn(const Crn& crn) {
  std::string out;
  if (crn.rate_law() != RateLaw::kMassAction) {
    out += fmt::format("ratelaw {}\n", ToString(crn.rate_law()));
  }
  // Declaring every species fixes their order and keeps species without reactions.
  if (crn.num_species() > 0) {
    std::string line = "species";
    for (const std::string& name : crn.species_names()) {
      if (line.size() + 1 + name.size() > 100) {
        out += line + "\n";
        line = "species";
      }
      line += " " + name;
    }
    out += line + "\n";
  }
  for (SpeciesId s = 0; s < crn.num_species(); ++s) {
    if (crn.initial(s) != 0) out += fmt::format("init {} = {}\n", crn.name(s), crn.initial(s));
  }
  for (const Reaction& r : crn.reactions()) {
    out += fmt::format("{} -> {} [k = {}]\n", FormatComplex(crn, r.reactants),
                       FormatComplex(crn, r.products), r.rate);
  }
  return out;
}

void WriteCrnFile(const Crn& crn, const std::string& path) {
  WriteFileAtomic(path, FormatCrn(crn));
}

}  // namespace ncrn
