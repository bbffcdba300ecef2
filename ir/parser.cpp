// ir/parser.cpp — reads .kir text (docs/KIR.md). A small hand-written lexer and recursive
// descent parser: every error names file:line:col and what was expected; no input, however
// malformed, crashes it (tests feed it truncated and mutated text).
#include <fmt/format.h>

#include <cctype>
#include <charconv>
#include <fstream>
#include <map>
#include <sstream>

#include "ir/graph.h"

namespace kiln::ir {

namespace {

enum class Tok { End, Value, Global, Ident, Int, Float, String, Punct, Arrow };

struct Token {
  Tok kind = Tok::End;
  std::string text;  // for Value/Global: the name without the sigil; Punct: the character
  int line = 1, col = 1;
};

class Lexer {
 public:
  Lexer(std::string_view src, std::string_view file) : src_(src), file_(file) {}

  [[noreturn]] void fail(int line, int col, const std::string& msg) const {
    throw Error(fmt::format("{}:{}:{}: {}", file_, line, col, msg));
  }

  std::vector<Token> run() {
    std::vector<Token> out;
    while (true) {
      skip_space();
      Token t;
      t.line = line_;
      t.col = col_;
      if (pos_ >= src_.size()) {
        out.push_back(t);
        return out;
      }
      char c = src_[pos_];
      if (c == '%' || c == '@') {
        advance();
        t.kind = c == '%' ? Tok::Value : Tok::Global;
        t.text = take_while(
            [](char ch) { return std::isalnum((unsigned char)ch) || ch == '_' || ch == '.'; });
        if (t.text.empty()) fail(t.line, t.col, fmt::format("expected a name after '{}'", c));
      } else if (std::isalpha((unsigned char)c) || c == '_') {
        t.kind = Tok::Ident;
        t.text = take_while([](char ch) { return std::isalnum((unsigned char)ch) || ch == '_'; });
      } else if (std::isdigit((unsigned char)c) ||
                 ((c == '-' || c == '+') && pos_ + 1 < src_.size() &&
                  (std::isdigit((unsigned char)src_[pos_ + 1]) || src_[pos_ + 1] == '.'))) {
        t.text = std::string(1, c);
        advance();
        t.text += take_while([](char ch) { return std::isdigit((unsigned char)ch) || ch == '.'; });
        bool is_float = t.text.find('.') != std::string::npos;
        if (pos_ < src_.size() && (src_[pos_] == 'e' || src_[pos_] == 'E')) {
          is_float = true;
          t.text += src_[pos_];
          advance();
          if (pos_ < src_.size() && (src_[pos_] == '-' || src_[pos_] == '+')) {
            t.text += src_[pos_];
            advance();
          }
          std::string exp = take_while([](char ch) { return std::isdigit((unsigned char)ch); });
          if (exp.empty()) fail(t.line, t.col, "malformed number '" + t.text + "'");
          t.text += exp;
        }
        t.kind = is_float ? Tok::Float : Tok::Int;
      } else if (c == '-' && pos_ + 1 < src_.size() && src_[pos_ + 1] == '>') {
        t.kind = Tok::Arrow;
        t.text = "->";
        advance();
        advance();
      } else if (c == '-' && pos_ + 1 < src_.size() &&
                 std::isalpha((unsigned char)src_[pos_ + 1])) {
        advance();
        t.kind = Tok::Ident;  // -inf
        t.text =
            "-" + take_while([](char ch) { return std::isalnum((unsigned char)ch) || ch == '_'; });
      } else if (c == '"') {
        t.kind = Tok::String;
        advance();
        while (true) {
          if (pos_ >= src_.size() || src_[pos_] == '\n') fail(t.line, t.col, "unterminated string");
          char ch = src_[pos_];
          advance();
          if (ch == '"') break;
          if (ch == '\\') {
            if (pos_ >= src_.size()) fail(t.line, t.col, "unterminated string");
            char e = src_[pos_];
            advance();
            t.text += e == 'n' ? '\n' : e;
          } else {
            t.text += ch;
          }
        }
      } else if (std::string_view("(){}[],:=").find(c) != std::string_view::npos) {
        t.kind = Tok::Punct;
        t.text = std::string(1, c);
        advance();
      } else {
        fail(t.line, t.col,
             fmt::format("unexpected character '{}'",
                         std::isprint((unsigned char)c)
                             ? std::string(1, c)
                             : fmt::format("\\x{:02x}", (unsigned char)c)));
      }
      out.push_back(std::move(t));
    }
  }

 private:
  void advance() {
    if (src_[pos_] == '\n') {
      ++line_;
      col_ = 1;
    } else {
      ++col_;
    }
    ++pos_;
  }
  void skip_space() {
    while (pos_ < src_.size()) {
      char c = src_[pos_];
      if (c == '#') {
        while (pos_ < src_.size() && src_[pos_] != '\n') advance();
      } else if (std::isspace((unsigned char)c)) {
        advance();
      } else {
        break;
      }
    }
  }
  template <class P>
  std::string take_while(P p) {
    size_t start = pos_;
    while (pos_ < src_.size() && p(src_[pos_])) advance();
    return std::string(src_.substr(start, pos_ - start));
  }

  std::string_view src_, file_;
  size_t pos_ = 0;
  int line_ = 1, col_ = 1;
};

class Parser {
 public:
  Parser(std::vector<Token> toks, std::string_view file) : toks_(std::move(toks)), file_(file) {}

  std::vector<Graph> file() {
    std::vector<Graph> graphs;
    while (peek().kind != Tok::End) graphs.push_back(graph());
    if (graphs.empty()) fail(peek(), "expected 'graph'");
    return graphs;
  }

 private:
  const Token& peek() const { return toks_[pos_]; }
  const Token& next() {
    const Token& t = toks_[pos_];
    if (t.kind != Tok::End) ++pos_;
    return t;
  }
  [[noreturn]] void fail(const Token& t, const std::string& msg) const {
    throw Error(fmt::format("{}:{}:{}: {}", file_, t.line, t.col, msg));
  }
  static std::string describe(const Token& t) {
    switch (t.kind) {
      case Tok::End:
        return "end of input";
      case Tok::Value:
        return "'%" + t.text + "'";
      case Tok::Global:
        return "'@" + t.text + "'";
      case Tok::String:
        return "a string";
      default:
        return "'" + t.text + "'";
    }
  }
  bool is_punct(const char* p) const { return peek().kind == Tok::Punct && peek().text == p; }
  void expect_punct(const char* p, const char* context) {
    if (!is_punct(p))
      fail(peek(), fmt::format("expected '{}' {}, got {}", p, context, describe(peek())));
    next();
  }
  void expect_ident(const char* word) {
    if (peek().kind != Tok::Ident || peek().text != word)
      fail(peek(), fmt::format("expected '{}', got {}", word, describe(peek())));
    next();
  }

  int64_t parse_int(const Token& t) {
    int64_t v = 0;
    std::string_view s = t.text;
    if (!s.empty() && s[0] == '+') s.remove_prefix(1);
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || p != s.data() + s.size()) fail(t, "integer out of range: " + t.text);
    return v;
  }

  TensorType type() {
    const Token& d = peek();
    if (d.kind != Tok::Ident)
      fail(d, fmt::format("expected a type such as f32[2, 3], got {}", describe(d)));
    TensorType t;
    try {
      t.dtype = dtype_from_name(d.text);
    } catch (const Error&) {
      fail(d, fmt::format("unknown dtype '{}' (use f16 bf16 f32 f64 i8 u8 i32 i64 bool)", d.text));
    }
    next();
    expect_punct("[", "after the dtype");
    if (!is_punct("]")) {
      while (true) {
        const Token& x = next();
        if (x.kind == Tok::Int) {
          int64_t n = parse_int(x);
          if (n < 0) fail(x, "a dimension cannot be negative");
          t.dims.push_back(Dim::of(n));
        } else if (x.kind == Tok::Ident) {
          t.dims.push_back(Dim::sym(x.text));
        } else {
          fail(x, fmt::format("expected a size or a symbol, got {}", describe(x)));
        }
        if (is_punct("]")) break;
        expect_punct(",", "between dims");
      }
    }
    next();
    return t;
  }

  std::vector<TensorType> types() {
    std::vector<TensorType> out{type()};
    while (is_punct(",")) {
      next();
      out.push_back(type());
    }
    return out;
  }

  Value* use(const Token& t) {
    if (t.kind != Tok::Value)
      fail(t, fmt::format("expected a value such as %x, got {}", describe(t)));
    auto it = env_.find(t.text);
    if (it == env_.end()) fail(t, fmt::format("use of undefined value %{}", t.text));
    return it->second;
  }

  void define(const Token& t, Value* v) {
    if (!env_.emplace(t.text, v).second) fail(t, fmt::format("value %{} is defined twice", t.text));
    v->name = t.text;
  }

  AttrValue literal(const AttrSpec& spec) {
    const Token& t = peek();
    auto bad = [&](const char* want) {
      fail(t, fmt::format("attribute '{}' needs {}, got {}", spec.name, want, describe(t)));
    };
    switch (spec.kind) {
      case AttrKind::Int:
        if (t.kind != Tok::Int) bad("an integer");
        return parse_int(next());
      case AttrKind::Float:
      case AttrKind::Scalar: {
        if (t.kind == Tok::Int) {
          int64_t v = parse_int(next());
          return spec.kind == AttrKind::Scalar ? AttrValue(Scalar(v)) : AttrValue(double(v));
        }
        double d = 0;
        if (t.kind == Tok::Float) {
          d = std::strtod(t.text.c_str(), nullptr);
        } else if (t.kind == Tok::Ident &&
                   (t.text == "inf" || t.text == "-inf" || t.text == "nan")) {
          d = t.text == "nan" ? NAN : (t.text == "inf" ? INFINITY : -INFINITY);
        } else if (spec.kind == AttrKind::Scalar && t.kind == Tok::Ident &&
                   (t.text == "true" || t.text == "false")) {
          next();
          return Scalar(t.text == "true");
        } else {
          bad("a number");
        }
        next();
        return spec.kind == AttrKind::Scalar ? AttrValue(Scalar(d)) : AttrValue(d);
      }
      case AttrKind::Bool:
        if (t.kind != Tok::Ident || (t.text != "true" && t.text != "false")) bad("true or false");
        return next().text == "true";
      case AttrKind::String:
        if (t.kind != Tok::String) bad("a string");
        return next().text;
      case AttrKind::DType:
        if (t.kind != Tok::Ident) bad("a dtype");
        {
          DType d{};
          try {
            d = dtype_from_name(t.text);
          } catch (const Error&) {
            fail(t, fmt::format("attribute '{}' needs a dtype, got '{}'", spec.name, t.text));
          }
          next();
          return d;
        }
      case AttrKind::Ints: {
        if (t.kind == Tok::Int) return Shape{parse_int(next())};
        if (!is_punct("[")) bad("a list of integers");
        next();
        SymInts s;  // a bare name is a symbolic size: reshape {shape = [batch, -1]}
        bool symbolic = false;
        if (!is_punct("]")) {
          while (true) {
            const Token& x = next();
            if (x.kind == Tok::Ident) {
              s.sizes.push_back(0);
              s.names.push_back(x.text);
              symbolic = true;
            } else if (x.kind == Tok::Int) {
              s.sizes.push_back(parse_int(x));
              s.names.emplace_back();
            } else {
              fail(x, fmt::format("expected an integer or a symbolic size in '{}', got {}",
                                  spec.name, describe(x)));
            }
            if (is_punct("]")) break;
            expect_punct(",", "between list items");
          }
        }
        next();
        if (symbolic) return s;
        return s.sizes;
      }
    }
    fail(t, fmt::format("attribute '{}' has an unsupported kind", spec.name));
  }

  Attrs attrs(const OpDef& op, const Token& at) {
    Attrs a;
    for (const auto& spec : op.attrs) a.values.push_back(spec.default_value);
    if (!is_punct("{")) return a;
    next();
    std::vector<bool> seen(op.attrs.size(), false);
    while (true) {
      const Token& n = next();
      if (n.kind != Tok::Ident)
        fail(n, fmt::format("expected an attribute name, got {}", describe(n)));
      int k = attr_index(op, n.text);
      if (k < 0) {
        std::vector<std::string> known;
        for (const auto& s : op.attrs) known.push_back(s.name);
        fail(n, fmt::format("{} has no attribute '{}' (it has: {})", op.name, n.text,
                            known.empty() ? std::string("none")
                                          : fmt::format("{}", fmt::join(known, ", "))));
      }
      if (seen[k]) fail(n, fmt::format("attribute '{}' given twice", n.text));
      seen[k] = true;
      expect_punct("=", "after the attribute name");
      a.values[k] = literal(op.attrs[k]);
      if (is_punct("}")) break;
      expect_punct(",", "between attributes");
    }
    next();
    (void)at;
    return a;
  }

  void statement(Graph& g) {
    std::vector<Token> results;
    while (true) {
      const Token& r = next();
      if (r.kind != Tok::Value)
        fail(r, fmt::format("expected a result value or 'return', got {}", describe(r)));
      results.push_back(r);
      if (!is_punct(",")) break;
      next();
    }
    expect_punct("=", "after the results");
    const Token& opname = next();
    if (opname.kind != Tok::Ident)
      fail(opname, fmt::format("expected an op name, got {}", describe(opname)));
    const OpDef* op = nullptr;
    try {
      op = &op_def(opname.text);
    } catch (const Error&) {
      fail(opname, fmt::format("unknown op '{}'", opname.text));
    }
    expect_punct("(", "after the op name");
    std::vector<Value*> ins;
    if (!is_punct(")")) {
      while (true) {
        ins.push_back(use(next()));
        if (is_punct(")")) break;
        expect_punct(",", "between operands");
      }
    }
    next();
    Attrs a = attrs(*op, opname);
    if (!is_punct(":"))
      fail(peek(), fmt::format("expected ':' before result type, got {}", describe(peek())));
    next();
    std::vector<TensorType> ts = types();
    if (ts.size() != results.size())
      fail(results[0],
           fmt::format("{} results are named but {} types are given", results.size(), ts.size()));
    if (int(ts.size()) != op->num_outputs)
      fail(opname,
           fmt::format("{} has {} result(s), {} given", op->name, op->num_outputs, ts.size()));
    Node* n = g.add_node(*op, std::move(ins), std::move(a), std::move(ts));
    n->line = opname.line;
    n->column = opname.col;
    for (size_t i = 0; i < results.size(); ++i) define(results[i], n->outputs[i]);
  }

  Graph graph() {
    env_.clear();
    expect_ident("graph");
    const Token& name = next();
    if (name.kind != Tok::Global)
      fail(name, fmt::format("expected the graph's name such as @main, got {}", describe(name)));
    Graph g(name.text);
    expect_punct("(", "before the parameters");
    if (!is_punct(")")) {
      while (true) {
        const Token& p = next();
        if (p.kind != Tok::Value)
          fail(p, fmt::format("expected a parameter such as %x, got {}", describe(p)));
        expect_punct(":", "after the parameter name");
        Value* v = g.add_param(type(), p.text);
        define(p, v);
        if (is_punct(")")) break;
        expect_punct(",", "between parameters");
      }
    }
    next();
    if (peek().kind != Tok::Arrow)
      fail(peek(), fmt::format("expected '->' before the result types, got {}", describe(peek())));
    next();
    expect_punct("(", "before the result types");
    std::vector<TensorType> result_types;
    if (!is_punct(")")) result_types = types();
    expect_punct(")", "after the result types");
    expect_punct("{", "to open the graph body");
    while (!(peek().kind == Tok::Ident && peek().text == "return")) {
      if (peek().kind == Tok::End) fail(peek(), "expected 'return' before the end of the graph");
      statement(g);
    }
    const Token& ret = next();
    std::vector<Value*> rets;
    while (true) {
      rets.push_back(use(next()));
      if (!is_punct(",")) break;
      next();
    }
    expect_punct("}", "to close the graph body");
    if (rets.size() != result_types.size())
      fail(ret, fmt::format("returns {} values but the signature declares {}", rets.size(),
                            result_types.size()));
    g.set_returns(rets);
    g.set_result_types(result_types);
    try {
      verify(g);  // node errors first: they point at the line that is wrong
    } catch (const Error& e) {
      throw Error(fmt::format("{}:{}", file_, e.message()));
    }
    for (size_t i = 0; i < rets.size(); ++i)
      if (!(rets[i]->type == result_types[i]))
        fail(ret, fmt::format("return value {} has type {} but the signature declares {}", i,
                              rets[i]->type.str(), result_types[i].str()));
    return g;
  }

  std::vector<Token> toks_;
  std::string_view file_;
  size_t pos_ = 0;
  std::map<std::string, Value*> env_;
};

}  // namespace

std::vector<Graph> parse_kir(std::string_view text, std::string_view filename) {
  Lexer lex(text, filename);
  Parser p(lex.run(), filename);
  return p.file();
}

std::vector<Graph> load_kir(const std::string& path) {
  std::ifstream f(path, std::ios::binary);
  if (!f) throw Error(fmt::format("{}: cannot open file", path));
  std::stringstream ss;
  ss << f.rdbuf();
  return parse_kir(ss.str(), path);
}

}  // namespace kiln::ir
