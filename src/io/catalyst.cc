#include "neuralcrn/io/catalyst.h"

#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include <fmt/format.h>

#include "neuralcrn/core/atomic_file.h"
#include "neuralcrn/core/error.h"
#include "neuralcrn/core/number_text.h"
#include "text_util.h"

namespace ncrn {
namespace {

using internal::ColumnOf;

enum class Tok {
  kWord,
  kNum,
  kComma,
  kLParen,
  kRParen,
  kPlus,
  kStar,
  kMinus,
  kEq,
  kEmpty,
  kForward,
  kBackward,
  kBoth,
  kOther
};

struct Token {
  Tok kind;
  std::string_view text;
  size_t offset;  // within the line
};

struct Arrow {
  std::string_view text;
  Tok kind;
};
// Longest first. Non-mass-action arrows (=>, <=, <=>, ⇒, ⇔ ...) are lexed as kOther so they are
// refused with their text.
constexpr Arrow kArrows[] = {
    {"<-->", Tok::kBoth},
    {"-->", Tok::kForward},
    {"<--", Tok::kBackward},
    {"<=>", Tok::kOther},
    {"=>", Tok::kOther},
    {"<=", Tok::kOther},
    {"\xE2\x86\x92", Tok::kForward},   // →
    {"\xE2\x9F\xB6", Tok::kForward},   // ⟶
    {"\xE2\x86\x90", Tok::kBackward},  // ←
    {"\xE2\x9F\xB5", Tok::kBackward},  // ⟵
    {"\xE2\x86\x94", Tok::kBoth},      // ↔
    {"\xE2\x9F\xB7", Tok::kBoth},      // ⟷
    {"\xE2\x87\x84", Tok::kBoth},      // ⇄
    {"\xE2\x87\x8C", Tok::kBoth},      // ⇌
};

const std::set<std::string>& JuliaReserved() {
  static const std::set<std::string> r = {
      "t",      "begin", "end",      "function",   "if",     "else",    "elseif",   "for",
      "while",  "let",   "do",       "in",         "global", "local",   "const",    "return",
      "true",   "false", "module",   "baremodule", "struct", "mutable", "using",    "import",
      "export", "try",   "catch",    "finally",    "quote",  "macro",   "abstract", "primitive",
      "type",   "break", "continue", "where",      "outer",  "isa",     "nothing",  "missing",
      "im",     "pi",    "Inf",      "NaN",        "e"};
  return r;
}

constexpr std::string_view kEmptySet = "\xE2\x88\x85";  // ∅

class CatalystParser {
 public:
  CatalystParser(std::string_view text, const std::string& source) : text_(text), source_(source) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") text_.remove_prefix(3);  // byte-order mark
    crn_.set_rate_law(RateLaw::kCombinatoric);
  }

  Crn Parse() {
    std::string stripped = StripComments();
    size_t pos = 0;
    int line_no = 0;
    while (pos <= stripped.size()) {
      size_t nl = stripped.find('\n', pos);
      if (nl == std::string::npos) nl = stripped.size();
      ++line_no;
      line_no_ = line_no;
      line_ = std::string_view(stripped).substr(pos, nl - pos);
      raw_line_ = std::string_view(text_).substr(pos, nl - pos);
      ParseLine();
      pos = nl + 1;
    }
    if (state_ == State::kInBlock) {
      throw InputError(Where(source_, block_line_) +
                       "@reaction_network block is not closed: missing 'end'");
    }
    return std::move(crn_);
  }

 private:
  enum class State { kTop, kInBlock, kAfterBlock };

  // Comments become spaces so offsets stay valid; newlines are kept.
  std::string StripComments() const {
    std::string s(text_);
    size_t i = 0;
    while (i < s.size()) {
      if (s.compare(i, 2, "#=") == 0) {
        const size_t end = s.find("=#", i + 2);
        if (end == std::string::npos) {
          int line = 1;
          for (size_t j = 0; j < i; ++j) line += s[j] == '\n';
          throw InputError(Where(source_, line) + "unterminated block comment '#='");
        }
        for (size_t j = i; j < end + 2; ++j) {
          if (s[j] != '\n') s[j] = ' ';
        }
        i = end + 2;
      } else if (s[i] == '#') {
        while (i < s.size() && s[i] != '\n') s[i++] = ' ';
      } else {
        ++i;
      }
    }
    return s;
  }

  [[noreturn]] void Fail(size_t offset, const std::string& what,
                         std::optional<std::string_view> token) const {
    std::string msg = Where(source_, line_no_, ColumnOf(raw_line_, offset)) + what;
    msg += token ? TokenSuffix(*token) : std::string(" (at end of line)");
    throw InputError(msg);
  }
  [[noreturn]] void Fail(const Token& t, const std::string& what) const {
    Fail(t.offset, what, t.text);
  }
  [[noreturn]] void FailAtEnd(const std::string& what) const {
    Fail(line_.find_last_not_of(" \t\r") + 1, what, std::nullopt);
  }

  std::vector<Token> Lex() const {
    std::vector<Token> out;
    const std::string_view s = line_;
    size_t i = 0;
    while (i < s.size()) {
      const unsigned char c = s[i];
      if (c == ' ' || c == '\t' || c == '\r') {
        ++i;
        continue;
      }
      const size_t b = i;
      if (std::isalpha(c) || c == '_' || c == '@') {
        ++i;
        while (i < s.size() &&
               (std::isalnum(static_cast<unsigned char>(s[i])) || s[i] == '_' || s[i] == '!')) {
          ++i;
        }
        out.push_back({Tok::kWord, s.substr(b, i - b), b});
        continue;
      }
      if (std::isdigit(c) ||
          (c == '.' && i + 1 < s.size() && std::isdigit(static_cast<unsigned char>(s[i + 1])))) {
        while (i < s.size() &&
               (std::isdigit(static_cast<unsigned char>(s[i])) || s[i] == '.' || s[i] == '_')) {
          ++i;
        }
        // Exponent only when digits follow ("2e5", "1e-3"); "2e" stays coefficient 2 of e.
        if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
          size_t j = i + 1;
          if (j < s.size() && (s[j] == '+' || s[j] == '-')) ++j;
          if (j < s.size() && std::isdigit(static_cast<unsigned char>(s[j]))) {
            i = j;
            while (i < s.size() && std::isdigit(static_cast<unsigned char>(s[i]))) ++i;
          }
        }
        out.push_back({Tok::kNum, s.substr(b, i - b), b});
        continue;
      }
      bool matched = false;
      for (const Arrow& a : kArrows) {
        if (s.substr(i, a.text.size()) == a.text) {
          out.push_back({a.kind, s.substr(i, a.text.size()), i});
          i += a.text.size();
          matched = true;
          break;
        }
      }
      if (matched) continue;
      if (s.substr(i, kEmptySet.size()) == kEmptySet) {
        out.push_back({Tok::kEmpty, s.substr(i, kEmptySet.size()), i});
        i += kEmptySet.size();
        continue;
      }
      Tok kind = Tok::kOther;
      switch (c) {
        case ',':
          kind = Tok::kComma;
          break;
        case '(':
          kind = Tok::kLParen;
          break;
        case ')':
          kind = Tok::kRParen;
          break;
        case '+':
          kind = Tok::kPlus;
          break;
        case '*':
          kind = Tok::kStar;
          break;
        case '-':
          kind = Tok::kMinus;
          break;
        case '=':
          kind = Tok::kEq;
          break;
        default:
          break;
      }
      size_t len = 1;
      while (i + len < s.size() && (static_cast<unsigned char>(s[i + len]) & 0xC0) == 0x80) ++len;
      out.push_back({kind, s.substr(i, len), i});
      i += len;
    }
    return out;
  }

  void ParseLine() {
    const std::vector<Token> toks = Lex();
    if (toks.empty()) return;
    const Token& head = toks.front();
    if (state_ != State::kInBlock && head.kind == Tok::kWord && head.text == "using") return;
    for (const Token& t : toks) {
      if (t.kind == Tok::kWord && t.text == "@reaction_network") return ParseBlockStart(toks);
    }
    switch (state_) {
      case State::kAfterBlock:
        Fail(head,
             "unsupported code after the @reaction_network block (only comments and "
             "'using' lines may follow it)");
      case State::kInBlock:
        if (head.kind == Tok::kWord && head.text == "end" && toks.size() == 1) {
          state_ = State::kAfterBlock;
          return;
        }
        if (head.kind == Tok::kWord && head.text == "@species") return ParseSpecies(toks);
        if (head.kind == Tok::kWord && head.text[0] == '@') {
          Fail(head,
               "unsupported Catalyst option: only @species (without metadata) and numeric "
               "reaction lines are read");
        }
        return ParseReaction(toks);
      case State::kTop:
        seen_bare_reaction_ = true;
        return ParseReaction(toks);
    }
  }

  void ParseBlockStart(const std::vector<Token>& toks) {
    size_t i = 0;
    if (toks.size() >= 2 && toks[0].kind == Tok::kWord && toks[1].kind == Tok::kEq) i = 2;
    if (i >= toks.size() || toks[i].text != "@reaction_network") {
      Fail(toks[i < toks.size() ? i : 0],
           "unsupported syntax: expected '[name =] "
           "@reaction_network [name] begin'");
    }
    if (state_ != State::kTop || seen_bare_reaction_) {
      Fail(toks[i], "only one @reaction_network block per file is supported");
    }
    ++i;
    if (i < toks.size() && toks[i].kind == Tok::kWord && toks[i].text != "begin") ++i;
    if (i >= toks.size()) FailAtEnd("expected 'begin' (one reaction per line up to 'end')");
    if (toks[i].text != "begin") Fail(toks[i], "expected 'begin'");
    if (i + 1 < toks.size()) Fail(toks[i + 1], "unexpected text after 'begin'");
    state_ = State::kInBlock;
    block_line_ = line_no_;
  }

  SpeciesId Species(const Token& t) {
    if (t.kind != Tok::kWord || !IsValidSpeciesName(t.text) || t.text.find('!') != t.text.npos ||
        t.text[0] == '@') {
      Fail(t, "expected a species name ([A-Za-z_][A-Za-z0-9_]*)");
    }
    if (t.text == "t") Fail(t, "'t' is Catalyst's time variable, not a species");
    if (t.text != "e" &&
        JuliaReserved().count(std::string(t.text))) {  // Catalyst accepts a species e
      Fail(t, "a Julia reserved word cannot name a species (for the empty complex write ∅ or 0)");
    }
    return crn_.AddSpecies(t.text);
  }

  double Number(const Token& t, std::string_view what) const {
    if (t.kind != Tok::kNum) {
      Fail(t, fmt::format("{} must be a plain number (parameters and expressions are not "
                          "supported)",
                          what));
    }
    if (t.text.find('_') != t.text.npos)
      Fail(t, fmt::format("{}: digit separators are not supported", what));
    const std::optional<ParsedNumber> n = ParseNumberText(t.text);
    if (!n) Fail(t, fmt::format("{} is not a number", what));
    if (n->underflow) Fail(t, fmt::format("{} {}", what, kUnderflowReason));
    if (!std::isfinite(n->value)) Fail(t, fmt::format("{} is not finite", what));
    return n->value;
  }

  // @species A(t) B(t)=2.5 ...
  void ParseSpecies(const std::vector<Token>& toks) {
    size_t i = 1;
    if (i >= toks.size()) FailAtEnd("expected species after @species");
    while (i < toks.size()) {
      const Token& name = toks[i];
      const SpeciesId s = Species(name);
      ++i;
      if (i >= toks.size() || toks[i].kind != Tok::kLParen) {
        if (i >= toks.size()) FailAtEnd("expected '(t)' after the species name");
        Fail(toks[i], "expected '(t)' after the species name");
      }
      if (i + 2 >= toks.size() || toks[i + 1].text != "t" || toks[i + 2].kind != Tok::kRParen) {
        Fail(toks[std::min(i + 1, toks.size() - 1)],
             "only species of the time variable, 'X(t)', are supported");
      }
      i += 3;
      if (i < toks.size() && toks[i].kind == Tok::kEq) {
        ++i;
        if (i >= toks.size()) FailAtEnd("expected a numeric default value");
        if (toks[i].kind == Tok::kMinus) {
          Fail(toks[i], "a default value (initial concentration) must be >= 0");
        }
        if (const auto [it, fresh] = default_line_.emplace(s, line_no_); !fresh) {
          Fail(name, fmt::format("duplicate default value for '{}' (first given on line {})",
                                 name.text, it->second));
        }
        crn_.SetInitial(s, Number(toks[i], "a default value (initial concentration)"));
        ++i;
      }
      if (i < toks.size() && toks[i].kind == Tok::kComma) ++i;
    }
  }

  // Parses the non-empty token range [b, e) as a complex.
  Complex ParseComplex(const std::vector<Token>& toks, size_t b, size_t e) {
    Complex c;
    if (e - b == 1 &&
        (toks[b].kind == Tok::kEmpty || (toks[b].kind == Tok::kNum && toks[b].text == "0"))) {
      return c;
    }
    size_t i = b;
    while (true) {
      if (i >= e) {
        if (e < toks.size()) Fail(toks[e], "expected a species before this");
        FailAtEnd("expected a species");
      }
      int count = 1;
      if (toks[i].kind == Tok::kNum) {
        const Token& n = toks[i];
        const auto [p, ec] = std::from_chars(n.text.data(), n.text.data() + n.text.size(), count);
        if (ec != std::errc() || p != n.text.data() + n.text.size() || count < 1) {
          Fail(n, "stoichiometric coefficient must be a positive integer");
        }
        ++i;
        if (i < e && toks[i].kind == Tok::kStar) ++i;
        if (i >= e) Fail(n, "coefficient without a species");
      }
      if (toks[i].kind == Tok::kEmpty) Fail(toks[i], "∅ must stand alone on its side");
      c.push_back({Species(toks[i]), count});
      ++i;
      if (i >= e) break;
      if (toks[i].kind != Tok::kPlus) Fail(toks[i], "expected '+' or the reaction arrow");
      ++i;
    }
    return Canonical(std::move(c));
  }

  void ParseReaction(const std::vector<Token>& toks) {
    std::vector<double> rates;
    size_t i = 0;
    auto rate = [&](size_t& j) {
      if (j >= toks.size()) FailAtEnd("expected a rate");
      if (toks[j].kind == Tok::kMinus) Fail(toks[j], "a rate constant must be >= 0");
      rates.push_back(Number(toks[j], "the rate"));
      ++j;
    };
    if (toks[0].kind == Tok::kLParen) {
      i = 1;
      rate(i);
      if (i >= toks.size() || toks[i].kind != Tok::kComma) {
        if (i >= toks.size()) FailAtEnd("expected ',' between the two rates");
        Fail(toks[i], "the rate must be a plain number (expressions are not supported)");
      }
      ++i;
      rate(i);
      if (i >= toks.size() || toks[i].kind != Tok::kRParen) {
        if (i >= toks.size()) FailAtEnd("expected ')'");
        Fail(toks[i], "expected ')' after the two rates");
      }
      ++i;
    } else {
      rate(i);
    }
    if (i >= toks.size()) FailAtEnd("expected ',' and the reaction after the rate");
    if (toks[i].kind != Tok::kComma) {
      Fail(toks[i], "the rate must be a plain number (expressions are not supported)");
    }
    const size_t lhs_begin = ++i;
    size_t arrow = lhs_begin;
    while (arrow < toks.size() && toks[arrow].kind != Tok::kForward &&
           toks[arrow].kind != Tok::kBackward && toks[arrow].kind != Tok::kBoth) {
      if (toks[arrow].kind == Tok::kOther || toks[arrow].kind == Tok::kEq ||
          toks[arrow].kind == Tok::kComma || toks[arrow].kind == Tok::kLParen) {
        Fail(toks[arrow], toks[arrow].text.find_first_of("=<>\xE2") != std::string_view::npos
                              ? "unsupported arrow (non-mass-action arrows such as => are not "
                                "supported; use -->, <-- or <-->)"
                              : "unsupported syntax in a reaction");
      }
      ++arrow;
    }
    if (arrow >= toks.size()) FailAtEnd("expected a reaction arrow (-->, <--, <-->)");
    size_t end = arrow + 1;
    while (end < toks.size()) {
      const Tok k = toks[end].kind;
      if (k != Tok::kWord && k != Tok::kNum && k != Tok::kPlus && k != Tok::kStar &&
          k != Tok::kEmpty) {
        Fail(toks[end],
             "unsupported syntax in a reaction (metadata and vectorised reactions "
             "are not supported)");
      }
      ++end;
    }
    const Tok kind = toks[arrow].kind;
    if (arrow == lhs_begin) Fail(toks[arrow], "empty side: write ∅ or 0 for the empty complex");
    if (arrow + 1 == toks.size()) FailAtEnd("empty side: write ∅ or 0 for the empty complex");
    Complex lhs = ParseComplex(toks, lhs_begin, arrow);
    Complex rhs = ParseComplex(toks, arrow + 1, end);
    const bool two_rates = rates.size() == 2;
    if ((kind == Tok::kBoth) != two_rates) {
      Fail(toks[arrow], kind == Tok::kBoth
                            ? "a reversible reaction takes two rates: (kf, kr), A <--> B"
                            : "two rates '(kf, kr)' need a reversible arrow <-->");
    }
    if (kind == Tok::kForward) {
      crn_.AddReaction(std::move(lhs), std::move(rhs), rates[0]);
    } else if (kind == Tok::kBackward) {
      crn_.AddReaction(std::move(rhs), std::move(lhs), rates[0]);
    } else {
      crn_.AddReaction(lhs, rhs, rates[0]);
      crn_.AddReaction(std::move(rhs), std::move(lhs), rates[1]);
    }
  }

  std::string_view text_;
  const std::string& source_;
  Crn crn_;
  std::map<SpeciesId, int> default_line_;  // line of each species' @species default value
  State state_ = State::kTop;
  bool seen_bare_reaction_ = false;
  int block_line_ = 0;
  int line_no_ = 0;
  std::string_view line_, raw_line_;
};

}  // namespace

Crn ParseCatalyst(std::string_view text, const std::string& source_name) {
  return CatalystParser(text, source_name).Parse();
}

Crn ReadCatalystFile(const std::string& path) { return ParseCatalyst(ReadFile(path), path); }

std::string FormatCatalyst(const Crn& crn, const CatalystWriteOptions& options) {
  std::string name;
  for (unsigned char c : options.network_name) name += std::isalnum(c) || c == '_' ? char(c) : '_';
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name[0])))
    name = fmt::format("crn_{}", name);
  if (JuliaReserved().count(name)) name += "_crn";

  const std::vector<std::string> ids = internal::MakeIdentifiers(crn, JuliaReserved());
  std::string out = fmt::format(
      "# Catalyst.jl reaction network written by neuralcrn: {} species, {} reactions.\n",
      crn.num_species(), crn.num_reactions());
  bool changed = false;
  for (const Reaction& r : crn.reactions()) changed |= internal::CombinatoricFactor(r) != 1;
  if (crn.rate_law() == RateLaw::kMassAction) {
    out +=
        "# Rate law: this network uses plain mass action (k * prod x^nu); Catalyst uses "
        "combinatoric mass action (k * prod x^nu / nu!), so the rate of each reaction with a "
        "repeated reactant is multiplied by prod nu! here to give the same ODEs.\n";
    if (!changed) out += "# (No reaction here has a repeated reactant: no rate was changed.)\n";
  } else {
    out +=
        "# Rate law: combinatoric mass action (k * prod x^nu / nu!), Catalyst's own "
        "convention: rates are as in the source network.\n";
  }
  for (SpeciesId s = 0; s < crn.num_species(); ++s) {
    if (ids[s] != crn.name(s)) {
      out += fmt::format("# Species '{}' is written as {}.\n", crn.name(s), ids[s]);
    }
  }
  out += fmt::format("using Catalyst\n\n{} = @reaction_network {} begin\n", name, name);
  if (crn.num_species() > 0) {
    out += "    @species";
    for (SpeciesId s = 0; s < crn.num_species(); ++s) {
      out += fmt::format(" {}(t)", ids[s]);
      if (crn.initial(s) != 0) out += "=" + internal::Num(crn.initial(s));
    }
    out += "\n";
  }
  for (const Reaction& r : crn.reactions()) {
    out += fmt::format("    {}, {} --> {}\n",
                       internal::Num(internal::RateIn(r, crn.rate_law(), RateLaw::kCombinatoric)),
                       internal::JoinComplex(r.reactants, ids, "*", "\xE2\x88\x85"),
                       internal::JoinComplex(r.products, ids, "*", "\xE2\x88\x85"));
  }
  out += "end\n";
  return out;
}

}  // namespace ncrn
