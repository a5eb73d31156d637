#include "neuralcrn/ode/ode_parser.h"

#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "neuralcrn/core/atomic_file.h"
#include "neuralcrn/core/error.h"
#include "neuralcrn/core/number_text.h"
#include "neuralcrn/ode/poly_matrix.h"

namespace ncrn {
namespace internal {
namespace {

enum class Tok { kIdent, kNumber, kOp, kNewline, kEnd };

struct Token {
  Tok kind;
  std::string text;
  int line = 0, col = 0;
};

bool IsIdentStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_'; }
bool IsIdentChar(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

class Lexer {
 public:
  Lexer(std::string_view text, const std::string& source) : s_(text), source_(source) {}

  std::vector<Token> Run() {
    std::vector<Token> out;
    int depth = 0;  // newlines inside () and [] do not end a statement
    while (pos_ < s_.size()) {
      const char c = s_[pos_];
      const int line = line_, col = col_;
      if (c == '\n') {
        if (depth == 0) out.push_back({Tok::kNewline, "\\n", line, col});
        Advance(1);
        line_++;
        col_ = 1;
        continue;
      }
      if (c == ' ' || c == '\t' || c == '\r') {
        Advance(1);
        continue;
      }
      if (c == '#' || (c == '/' && Peek(1) == '/')) {
        while (pos_ < s_.size() && s_[pos_] != '\n') Advance(1);
        continue;
      }
      if (IsIdentStart(c)) {
        std::size_t n = 0;
        while (pos_ + n < s_.size() && IsIdentChar(s_[pos_ + n])) ++n;
        out.push_back({Tok::kIdent, std::string(s_.substr(pos_, n)), line, col});
        Advance(n);
        continue;
      }
      if (std::isdigit(static_cast<unsigned char>(c)) ||
          (c == '.' && std::isdigit(static_cast<unsigned char>(Peek(1))))) {
        std::size_t n = 0;
        auto digits = [&] {
          while (pos_ + n < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_ + n])))
            ++n;
        };
        digits();
        if (pos_ + n < s_.size() && s_[pos_ + n] == '.' && Peek(n + 1) != '*') {
          ++n;
          digits();
        }
        if (pos_ + n < s_.size() && (s_[pos_ + n] == 'e' || s_[pos_ + n] == 'E')) {
          std::size_t m = n + 1;
          if (pos_ + m < s_.size() && (s_[pos_ + m] == '+' || s_[pos_ + m] == '-')) ++m;
          if (pos_ + m < s_.size() && std::isdigit(static_cast<unsigned char>(s_[pos_ + m]))) {
            n = m;
            digits();
          }
        }
        out.push_back({Tok::kNumber, std::string(s_.substr(pos_, n)), line, col});
        Advance(n);
        continue;
      }
      if (s_.substr(pos_, 3) == "\xE2\x8A\x99") {  // ⊙
        out.push_back({Tok::kOp, ".*", line, col});
        Advance(3);
        continue;
      }
      if (s_.substr(pos_, 2) == ".*") {
        out.push_back({Tok::kOp, ".*", line, col});
        Advance(2);
        continue;
      }
      if (std::string_view("+-*/@^'()[],;=").find(c) != std::string_view::npos) {
        if (c == '(' || c == '[') ++depth;
        if ((c == ')' || c == ']') && depth > 0) --depth;
        out.push_back({c == ';' ? Tok::kNewline : Tok::kOp, std::string(1, c), line, col});
        Advance(1);
        continue;
      }
      // One UTF-8 character for the message.
      std::size_t n = 1;
      while (pos_ + n < s_.size() && (static_cast<unsigned char>(s_[pos_ + n]) & 0xC0) == 0x80) ++n;
      throw InputError(Where(source_, line, col) + "unexpected character" +
                       TokenSuffix(s_.substr(pos_, n)));
    }
    out.push_back({Tok::kEnd, "end of input", line_, col_});
    return out;
  }

 private:
  char Peek(std::size_t k) const { return pos_ + k < s_.size() ? s_[pos_ + k] : '\0'; }
  void Advance(std::size_t n) {
    for (std::size_t k = 0; k < n; ++k) {
      // Columns count characters, not UTF-8 continuation bytes.
      if ((static_cast<unsigned char>(s_[pos_ + k]) & 0xC0) != 0x80) ++col_;
    }
    pos_ += n;
  }
  std::string_view s_;
  const std::string& source_;
  std::size_t pos_ = 0;
  int line_ = 1, col_ = 1;
};

enum class BlockKind { kScalar, kVector, kMatrix };

struct Block {
  BlockKind kind;
  PolyMatrix vars;
};

class Parser {
 public:
  Parser(std::vector<Token> toks, const std::string& source, const OdeParseOptions& options)
      : t_(std::move(toks)), source_(source), options_(options) {}

  OdeSystem Run() {
    while (Cur().kind != Tok::kEnd) {
      if (Cur().kind == Tok::kNewline) {
        ++i_;
        continue;
      }
      Statement();
      if (Cur().kind != Tok::kNewline && Cur().kind != Tok::kEnd) {
        Fail(Cur(), "expected the end of the statement (newline or ';')");
      }
    }
    FailOnUnusedInits();
    FailOnNegativeNonnegInits();
    return std::move(ode_);
  }

 private:
  const Token& Cur() const { return t_[i_]; }
  const Token& Next(int k = 1) const { return t_[std::min(i_ + k, t_.size() - 1)]; }
  bool IsOp(const Token& t, std::string_view op) const {
    return t.kind == Tok::kOp && t.text == op;
  }

  [[noreturn]] void Fail(const Token& t, const std::string& msg) const {
    throw InputError(Where(source_, t.line, t.col) + msg + TokenSuffix(t.text));
  }

  const Token& Expect(std::string_view op, const char* what) {
    if (!IsOp(Cur(), op)) Fail(Cur(), fmt::format("expected '{}' {}", op, what));
    return t_[i_++];
  }

  const Token& ExpectIdent(const char* what) {
    if (Cur().kind != Tok::kIdent) Fail(Cur(), fmt::format("expected {}", what));
    return t_[i_++];
  }

  // A positive integer in brackets: a declared dimension or a (1-based) index.
  int ExpectPositiveInt(const char* what) {
    const Token& t = Cur();
    constexpr long kMax = 100000;
    const std::string expected = fmt::format("expected {}: an integer from 1 to {}", what, kMax);
    if (t.kind != Tok::kNumber) Fail(t, expected);
    char* end = nullptr;
    const long v = std::strtol(t.text.c_str(), &end, 10);
    if (*end != '\0' || v < 1 || v > kMax) Fail(t, expected);
    ++i_;
    return static_cast<int>(v);
  }
  int ExpectDimension() { return ExpectPositiveInt("a dimension"); }
  int ExpectIndex() { return ExpectPositiveInt("an index (1-based)"); }

  void Statement() {
    const Token& t = Cur();
    if (t.kind != Tok::kIdent) {
      Fail(t,
           "expected a declaration (vector, matrix, scalar, nonneg), 'init' or an equation "
           "'dX/dt = ...'");
    }
    if ((t.text == "vector" || t.text == "matrix" || t.text == "scalar" || t.text == "nonneg") &&
        Next().kind == Tok::kIdent) {
      Declaration();
    } else if (t.text == "init" && Next().kind == Tok::kIdent) {
      Init();
    } else {
      Equation();
    }
  }

  // vector z[3], matrix theta[3,3], scalar h, nonneg [vector|matrix|scalar] x[2] (lists with ,)
  void Declaration() {
    bool nonneg = false;
    if (Cur().text == "nonneg") {
      nonneg = true;
      ++i_;
    }
    std::optional<BlockKind> kind;
    if (Cur().kind == Tok::kIdent && Next().kind == Tok::kIdent) {
      const Token& k = t_[i_++];
      if (k.text == "vector")
        kind = BlockKind::kVector;
      else if (k.text == "matrix")
        kind = BlockKind::kMatrix;
      else if (k.text == "scalar")
        kind = BlockKind::kScalar;
      else
        Fail(k, "expected 'vector', 'matrix' or 'scalar'");
    }
    while (true) {
      const Token& name = ExpectIdent("a variable name");
      unused_inits_.erase(name.text);
      std::vector<int> dims;
      if (IsOp(Cur(), "[")) {
        ++i_;
        dims.push_back(ExpectDimension());
        if (IsOp(Cur(), ",")) {
          ++i_;
          dims.push_back(ExpectDimension());
        }
        Expect("]", "to close the dimensions");
      }
      BlockKind k = kind.value_or(dims.empty()       ? BlockKind::kScalar
                                  : dims.size() == 1 ? BlockKind::kVector
                                                     : BlockKind::kMatrix);
      const std::size_t want = k == BlockKind::kScalar ? 0 : k == BlockKind::kVector ? 1 : 2;
      if (nonneg && !kind && dims.empty() && blocks_.count(name.text)) {
        MarkNonneg(blocks_.at(name.text));  // `nonneg x` for an already declared block
      } else if (auto v = ode_.Find(name.text); nonneg && !kind && dims.empty() && v) {
        ode_.mutable_var(*v).nonnegative = true;  // `nonneg z1` for an element of a block
      } else if (dims.size() != want) {
        Fail(name, fmt::format("a {} takes {} dimension(s), e.g. {}", KindName(k), want,
                               k == BlockKind::kVector   ? "vector z[3]"
                               : k == BlockKind::kMatrix ? "matrix theta[3,3]"
                                                         : "scalar h"));
      } else {
        Declare(name, k, dims, nonneg);
        Claim(name, blocks_.at(name.text));
      }
      if (!IsOp(Cur(), ",")) break;
      ++i_;
    }
  }

  static const char* KindName(BlockKind k) {
    return k == BlockKind::kScalar ? "scalar" : k == BlockKind::kVector ? "vector" : "matrix";
  }

  // Which declared block each variable belongs to. Element names are base + index, so two
  // blocks can name the same variable (matrix theta[2,2] and vector theta1[2] both make
  // theta11); sharing it silently would merge what the user wrote as different variables.
  // Names met only in equations or inits claim nothing: they simply refer to the element.
  struct Owner {
    std::string block;
    BlockKind kind;
    int line, row, col;  // row, col 1-based
  };

  static std::string Describe(const Owner& o) {
    if (o.kind == BlockKind::kScalar) return fmt::format("the scalar '{}'", o.block);
    if (o.kind == BlockKind::kVector)
      return fmt::format("element {} of vector '{}'", o.row, o.block);
    return fmt::format("element ({},{}) of matrix '{}'", o.row, o.col, o.block);
  }

  void Claim(const Token& name, const Block& b) {
    const std::vector<Polynomial>& elements = b.vars.elements();
    const int cols = b.vars.cols();
    for (std::size_t k = 0; k < elements.size(); ++k) {
      const VarId v = *AsVariable(elements[k]);
      const Owner mine{name.text, b.kind, name.line, static_cast<int>(k) / cols + 1,
                       static_cast<int>(k) % cols + 1};
      auto [it, fresh] = owners_.emplace(v, mine);
      if (fresh || it->second.block == name.text) continue;
      const std::string what = b.kind == BlockKind::kScalar
                                   ? fmt::format("scalar '{}'", name.text)
                                   : fmt::format("element '{}' of {} '{}'", ode_.var(v).name,
                                                 KindName(b.kind), name.text);
      Fail(name, fmt::format("{} is also {} declared at line {}; rename one of them", what,
                             Describe(it->second), it->second.line));
    }
  }

  void MarkNonneg(const Block& b) {
    for (const Polynomial& p : b.vars.elements())
      ode_.mutable_var(*AsVariable(p)).nonnegative = true;
  }

  void Declare(const Token& name, BlockKind k, const std::vector<int>& dims, bool nonneg) {
    // A variable named dt would make "ddt/dt" ambiguous and "d dt/dt" unreadable.
    if (name.text == "dt") {
      Fail(name, "'dt' is reserved (it closes every 'dX/dt'); choose another variable name");
    }
    if (IsNumberWord(name.text)) {
      Fail(name, fmt::format("'{}' reads as a number in reaction-network formats; choose another "
                             "variable name",
                             name.text));
    }
    const int rows = dims.empty() ? 1 : dims[0];
    const int cols = dims.size() < 2 ? 1 : dims[1];
    if (static_cast<long>(rows) * cols > kMaxElements) {
      Fail(name, fmt::format("block '{}' has {} elements; at most {} are supported", name.text,
                             static_cast<long>(rows) * cols, kMaxElements));
    }
    if (auto it = blocks_.find(name.text); it != blocks_.end()) {
      if (it->second.kind != k || it->second.vars.rows() != rows ||
          it->second.vars.cols() != cols) {
        Fail(name, fmt::format("'{}' is already declared as a {} of shape {}", name.text,
                               KindName(it->second.kind), it->second.vars.ShapeString()));
      }
      if (nonneg) MarkNonneg(it->second);
      return;
    }
    PolyMatrix vars;
    if (k == BlockKind::kScalar) vars = PolyMatrix::ScalarVariable(ode_, name.text, nonneg);
    if (k == BlockKind::kVector) vars = PolyMatrix::VectorVariables(ode_, name.text, rows, nonneg);
    if (k == BlockKind::kMatrix)
      vars = PolyMatrix::MatrixVariables(ode_, name.text, rows, cols, nonneg);
    // "init z1 = 1" before "vector z[2]" gave z1 its value early; the declaration uses it.
    if (!unused_inits_.empty() && k != BlockKind::kScalar) {
      for (const Polynomial& p : vars.elements())
        unused_inits_.erase(ode_.var(*AsVariable(p)).name);
    }
    blocks_.emplace(name.text, Block{k, std::move(vars)});
  }

  // A name in an expression or on a left side: a block, a declared element (z1), or a new scalar.
  PolyMatrix Resolve(const Token& name) {
    if (auto it = blocks_.find(name.text); it != blocks_.end()) return it->second.vars;
    if (auto v = ode_.Find(name.text)) return PolyMatrix::Scalar(Polynomial::Variable(*v));
    Declare(name, BlockKind::kScalar, {}, false);
    return blocks_.at(name.text).vars;
  }

  void Init() {
    ++i_;  // init
    const Token& name = ExpectIdent("a variable name after 'init'");
    // A name first met here may yet be used by a later equation; FailOnUnusedInits decides.
    const bool fresh = !blocks_.count(name.text) && !ode_.Find(name.text);
    if (fresh) unused_inits_.emplace(name.text, name);
    PolyMatrix target = Resolve(name);
    if (IsOp(Cur(), "[")) target = Index(name, target);  // init theta[1,2] = 0.3
    Expect("=", "after the variable name in 'init'");
    std::vector<double> values;
    std::vector<int> row_lengths;
    const Token& start = Cur();
    if (IsOp(Cur(), "[")) {
      ++i_;
      if (IsOp(Cur(), "[")) {  // [[1, 2], [3, 4]]
        while (true) {
          Expect("[", "to open a row");
          row_lengths.push_back(NumberList(values));
          Expect("]", "to close the row");
          if (!IsOp(Cur(), ",")) break;
          ++i_;
        }
      } else {  // [1, 2; 3, 4] or [1, 2, 3]
        row_lengths.push_back(NumberList(values));
        while (Cur().kind == Tok::kNewline && Cur().text == ";") {
          ++i_;
          row_lengths.push_back(NumberList(values));
        }
        if (row_lengths.size() == 1) row_lengths.clear();
      }
      Expect("]", "to close the list of initial values");
    } else {
      values.push_back(SignedNumber());
    }
    if (fresh && values.size() > 1) {
      // An undeclared name is a scalar; several values mean a block was meant (or misspelt).
      Fail(name, fmt::format("'{}' is not declared before this init (a misspelt name?), so it is "
                             "a scalar, but {} initial values were given; declare the block "
                             "before its init (e.g. 'vector {}[{}]') or fix the name; {}",
                             name.text, values.size(), name.text, values.size(), KnownVariables()));
    }
    if (!row_lengths.empty()) {
      bool ok = static_cast<int>(row_lengths.size()) == target.rows();
      for (int n : row_lengths) ok = ok && n == target.cols();
      if (!ok) {
        Fail(start, fmt::format("initial values for '{}' must have its shape {}", name.text,
                                target.ShapeString()));
      }
    }
    if (static_cast<int>(values.size()) != target.size()) {
      Fail(start, fmt::format("'{}' has {} element(s) but {} initial value(s) were given",
                              name.text, target.size(), values.size()));
    }
    // A second init of a variable would silently override the first.
    for (const Polynomial& p : target.elements()) {
      const VarId v = *AsVariable(p);
      auto [it, fresh] = init_line_.emplace(v, name.line);
      if (!fresh) {
        Fail(name, fmt::format("duplicate init for '{}' (first given on line {})", ode_.var(v).name,
                               it->second));
      }
    }
    SetInitials(ode_, target, values);
  }

  // A non-negative variable is one species, which cannot hold a negative value; said here, where
  // the init's line is known, rather than when the compiler loads the state.
  void FailOnNegativeNonnegInits() const {
    for (const auto& [v, line] : init_line_) {
      const OdeVariable& var = ode_.var(v);
      if (!var.nonnegative || var.initial >= 0) continue;
      throw InputError(Where(source_, line) +
                       fmt::format("'{}' is declared non-negative (nonneg: one species) but its "
                                   "initial value is {}; remove 'nonneg' to compile it dual-rail",
                                   var.name, var.initial));
    }
  }

  // An init of a name that no equation uses and no declaration declares sets a species nothing
  // reads: almost always a misspelling (init thetta = ...), so it is an error, not a silent
  // extra variable. Inits of parameters (used, no equation) and of declared blocks stay valid.
  void FailOnUnusedInits() const {
    if (unused_inits_.empty()) return;
    const Token* first = nullptr;
    for (const auto& [name, tok] : unused_inits_) {
      if (!first || std::pair(tok.line, tok.col) < std::pair(first->line, first->col)) first = &tok;
    }
    Fail(*first, fmt::format("init of '{}', which no equation uses and no declaration declares "
                             "(a misspelt name?); {}",
                             first->text, KnownVariables()));
  }

  // "the variables are h, theta[3,3], z[3]" for messages about unknown names (blocks, sorted;
  // names only an init has used are not counted as known).
  std::string KnownVariables() const {
    std::vector<std::string> known;
    for (const auto& [name, block] : blocks_) {
      if (unused_inits_.count(name)) continue;
      const PolyMatrix& v = block.vars;
      known.push_back(block.kind == BlockKind::kScalar ? name
                      : block.kind == BlockKind::kVector
                          ? fmt::format("{}[{}]", name, v.rows())
                          : fmt::format("{}[{},{}]", name, v.rows(), v.cols()));
    }
    if (known.empty()) return "no variable is declared or used in an equation";
    const bool cut = known.size() > kMaxListedNames;  // before known is moved from
    return fmt::format("the variables {} {}", cut ? "include" : "are", ListNames(std::move(known)));
  }

  int NumberList(std::vector<double>& out) {
    int n = 0;
    while (true) {
      out.push_back(SignedNumber());
      ++n;
      if (!IsOp(Cur(), ",")) return n;
      ++i_;
    }
  }

  double SignedNumber() {
    double sign = 1.0;
    while (IsOp(Cur(), "-") || IsOp(Cur(), "+")) {
      if (Cur().text == "-") sign = -sign;
      ++i_;
    }
    const Token& t = Cur();
    if (t.kind != Tok::kNumber) Fail(t, "expected a number");
    ++i_;
    return sign * ParseNumber(t);
  }

  double ParseNumber(const Token& t) const {
    const std::optional<ParsedNumber> n = ParseNumberText(t.text);
    if (!n || !std::isfinite(n->value)) Fail(t, "invalid or non-finite number");
    if (n->underflow) Fail(t, fmt::format("number {}", kUnderflowReason));
    return n->value;
  }

  // dX/dt = expr, or d X/dt = expr.
  void Equation() {
    const Token& first = Cur();
    const Token* name_tok = nullptr;
    std::string name;
    if (first.text == "d" && Next().kind == Tok::kIdent && IsOp(Next(2), "/")) {
      name_tok = &Next();
      name = name_tok->text;
      i_ += 2;
    } else if (first.text.size() > 1 && first.text[0] == 'd' && IsOp(Next(), "/")) {
      name_tok = &first;
      name = first.text.substr(1);
      i_ += 1;
    } else {
      Fail(first,
           "expected a declaration (vector, matrix, scalar, nonneg), 'init' or an "
           "equation 'dX/dt = ...'");
    }
    Expect("/", "in 'dX/dt'");
    if (Cur().kind != Tok::kIdent || Cur().text != "dt") Fail(Cur(), "expected 'dt' in 'dX/dt'");
    ++i_;
    Expect("=", "after 'dX/dt'");
    Token lhs_tok = *name_tok;
    lhs_tok.text = name;
    unused_inits_.erase(name);
    const PolyMatrix lhs = Resolve(lhs_tok);
    const Token& rhs_start = Cur();
    const PolyMatrix rhs = Expr();
    try {
      SetEquations(ode_, lhs, rhs);
    } catch (const InputError& e) {
      Fail(rhs_start, fmt::format("in the equation for '{}': {}", name, e.what()));
    }
    for (const Polynomial& p : lhs.elements())
      ode_.mutable_var(*AsVariable(p)).where = Where(source_, name_tok->line);
  }

  void SkipNewlines() {
    while (Cur().kind == Tok::kNewline && Cur().text == "\\n") ++i_;
  }

  PolyMatrix Expr() {
    PolyMatrix acc = Term();
    while (IsOp(Cur(), "+") || IsOp(Cur(), "-")) {
      const Token& op = t_[i_++];
      SkipNewlines();
      PolyMatrix rhs = Term();
      Apply(op, [&] { op.text == "+" ? acc += rhs : acc -= rhs; });  // in place: no copy
    }
    return acc;
  }

  PolyMatrix Term() {
    PolyMatrix acc = Unary();
    while (IsOp(Cur(), "*") || IsOp(Cur(), "@") || IsOp(Cur(), ".*")) {
      const Token& op = t_[i_++];
      SkipNewlines();
      PolyMatrix rhs = Unary();
      const bool hadamard = op.text == ".*";
      CheckTerms(op, ProductTerms(acc, rhs, !hadamard));
      acc = Apply(op, [&] { return hadamard ? Hadamard(acc, rhs) : acc * rhs; });
    }
    return acc;
  }

  // Monomials a product forms before like terms merge (the work of expanding it): summed over
  // the result's elements, the products of the operands' term counts. Shapes that do not fit
  // give 0 (the operator itself reports them). Saturates just above the limit.
  long ProductTerms(const PolyMatrix& a, const PolyMatrix& b, bool matrix) const {
    const long cap = options_.max_terms + 1;
    long n = 0;
    auto add = [&](const Polynomial& x, const Polynomial& y) {
      n = std::min(cap, n + static_cast<long>(
                                std::min<std::size_t>(x.terms().size() * y.terms().size(), cap)));
    };
    if (matrix && !a.IsScalar() && !b.IsScalar()) {
      if (a.cols() != b.rows()) return 0;
      for (int i = 0; i < a.rows() && n < cap; ++i)
        for (int j = 0; j < b.cols(); ++j)
          for (int q = 0; q < a.cols(); ++q) add(a(i, q), b(q, j));
      return n;
    }
    auto dim = [](int x, int y) { return x == y || y == 1 ? x : x == 1 ? y : -1; };
    const int rows = dim(a.rows(), b.rows()), cols = dim(a.cols(), b.cols());
    if (rows < 0 || cols < 0) return 0;
    for (int i = 0; i < rows && n < cap; ++i)
      for (int j = 0; j < cols; ++j)
        add(a(a.rows() == 1 ? 0 : i, a.cols() == 1 ? 0 : j),
            b(b.rows() == 1 ? 0 : i, b.cols() == 1 ? 0 : j));
    return n;
  }

  void CheckTerms(const Token& op, long terms) const {
    if (terms <= options_.max_terms) return;
    Fail(op, fmt::format("expanding this '{}' forms more than {} terms (the limit on the size of "
                         "an expansion; raise it with --max-terms / OdeParseOptions::max_terms "
                         "if the system is really this large)",
                         op.text, options_.max_terms));
  }

  template <typename F>
  auto Apply(const Token& op, F f) -> decltype(f()) {
    try {
      return f();
    } catch (const InputError& e) {
      Fail(op, e.what());
    }
  }

  // Guards the recursive descent against stack exhaustion on pathological input.
  struct DepthGuard {
    DepthGuard(Parser& p, const Token& t) : p_(p) {
      if (++p_.depth_ > kMaxDepth) p_.Fail(t, "expression nested too deeply");
    }
    ~DepthGuard() { --p_.depth_; }
    Parser& p_;
  };

  PolyMatrix Unary() {
    const DepthGuard guard(*this, Cur());
    if (IsOp(Cur(), "-")) {
      ++i_;
      return -Unary();
    }
    if (IsOp(Cur(), "+")) {
      ++i_;
      return Unary();
    }
    return Power();
  }

  PolyMatrix Power() {
    PolyMatrix base = Postfix();
    if (IsOp(Cur(), "^")) {
      const Token& op = t_[i_++];
      const Token& e = Cur();
      char* end = nullptr;
      const long k = e.kind == Tok::kNumber ? std::strtol(e.text.c_str(), &end, 10) : -1;
      if (e.kind != Tok::kNumber || *end != '\0' || k < 0 || k > kMaxExponent) {
        Fail(e, fmt::format("expected an integer exponent from 0 to {} after '^'", kMaxExponent));
      }
      ++i_;
      // Multiplied out one factor at a time so that the term limit stops a big power early.
      PolyMatrix r = base.Map([](const Polynomial&) { return Polynomial::Constant(1.0); });
      for (long i = 0; i < k; ++i) {
        CheckTerms(op, ProductTerms(r, base, false));
        r = Hadamard(r, base);
      }
      base = std::move(r);
    }
    return base;
  }

  PolyMatrix Postfix() {
    PolyMatrix m = Primary();
    while (IsOp(Cur(), "'")) {
      ++i_;
      m = m.Transpose();
    }
    return m;
  }

  PolyMatrix Primary() {
    SkipNewlines();
    const Token& t = Cur();
    if (t.kind == Tok::kNumber) {
      ++i_;
      return PolyMatrix::Constant(ParseNumber(t));
    }
    if (IsOp(t, "(")) {
      ++i_;
      PolyMatrix m = Expr();
      Expect(")", "to close '('");
      return m;
    }
    if (t.kind == Tok::kIdent) {
      ++i_;
      if (t.text == "T" && IsOp(Cur(), "(")) {
        ++i_;
        PolyMatrix m = Expr();
        Expect(")", "to close 'T('");
        return m.Transpose();
      }
      unused_inits_.erase(t.text);
      PolyMatrix m = Resolve(t);
      if (IsOp(Cur(), "[")) return Index(t, m);
      return m;
    }
    Fail(t, "expected a number, a variable, '(' or 'T('");
  }

  PolyMatrix Index(const Token& name, const PolyMatrix& m) {
    ++i_;  // [
    std::vector<int> idx{ExpectIndex()};
    if (IsOp(Cur(), ",")) {
      ++i_;
      idx.push_back(ExpectIndex());
    }
    Expect("]", "to close the index");
    int r = idx[0], c = 1;
    if (idx.size() == 2) {
      c = idx[1];
    } else if (m.rows() == 1) {
      std::swap(r, c);
    } else if (m.cols() != 1) {
      Fail(name, fmt::format("'{}' is a {} matrix: index it as {}[i,j]", name.text, m.ShapeString(),
                             name.text));
    }
    if (r > m.rows() || c > m.cols()) {
      Fail(name, fmt::format("index out of range: '{}' has shape {} (indices are 1-based)",
                             name.text, m.ShapeString()));
    }
    return PolyMatrix::Scalar(m(r - 1, c - 1));
  }

  static constexpr int kMaxExponent = 16;
  static constexpr int kMaxDepth = 256;
  static constexpr long kMaxElements = 1000000;

  std::vector<Token> t_;
  std::size_t i_ = 0;
  int depth_ = 0;
  const std::string& source_;
  const OdeParseOptions& options_;
  OdeSystem ode_;
  std::map<std::string, Block> blocks_;
  std::map<std::string, Token> unused_inits_;  // names created by 'init', not used (yet)
  std::map<VarId, Owner> owners_;              // variables of declared blocks
  std::map<VarId, int> init_line_;             // line of each variable's init
};

}  // namespace
}  // namespace internal

void OdeParseOptions::Validate() const {
  if (max_terms < 1) throw InputError(fmt::format("max_terms = {} must be at least 1", max_terms));
}

OdeSystem ParseOde(std::string_view text, const std::string& source_name,
                   const OdeParseOptions& options) {
  options.Validate();
  // A UTF-8 byte-order mark is not content (as in the .crn reader).
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);
  internal::Lexer lexer(text, source_name);
  internal::Parser parser(lexer.Run(), source_name, options);
  return parser.Run();
}

OdeSystem ReadOdeFile(const std::string& path, const OdeParseOptions& options) {
  return ParseOde(ReadFile(path), path, options);
}

}  // namespace ncrn
