// codegen/cpu/jit.cpp — the one translation unit that includes MLIR and LLVM headers.
#include "codegen/cpu/jit.h"

#include <fmt/format.h>
#include <llvm/Analysis/VectorUtils.h>
#include <llvm/Config/llvm-config.h>
#include <llvm/ExecutionEngine/Orc/ExecutionUtils.h>
#include <llvm/ExecutionEngine/Orc/JITTargetMachineBuilder.h>
#include <llvm/ExecutionEngine/Orc/LLJIT.h>
#include <llvm/IR/IRBuilder.h>
#include <llvm/IR/IntrinsicInst.h>
#include <llvm/IR/IntrinsicsX86.h>
#include <llvm/IR/LegacyPassManager.h>
#include <llvm/IR/Module.h>
#include <llvm/MC/TargetRegistry.h>
#include <llvm/Passes/PassBuilder.h>
#include <llvm/Support/MemoryBuffer.h>
#include <llvm/Support/SourceMgr.h>
#include <llvm/Support/TargetSelect.h>
#include <llvm/Support/raw_ostream.h>
#include <llvm/Target/TargetMachine.h>
#include <mlir/Conversion/Passes.h>
#include <mlir/Dialect/Arith/IR/Arith.h>
#include <mlir/Dialect/ControlFlow/IR/ControlFlow.h>
#include <mlir/Dialect/Func/IR/FuncOps.h>
#include <mlir/Dialect/LLVMIR/LLVMDialect.h>
#include <mlir/Dialect/Math/IR/Math.h>
#include <mlir/Dialect/Math/Transforms/Passes.h>
#include <mlir/Dialect/SCF/IR/SCF.h>
#include <mlir/Dialect/Vector/IR/VectorOps.h>
#include <mlir/IR/BuiltinOps.h>
#include <mlir/IR/Diagnostics.h>
#include <mlir/IR/MLIRContext.h>
#include <mlir/Parser/Parser.h>
#include <mlir/Pass/PassManager.h>
#include <mlir/Pass/PassRegistry.h>
#include <mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h>
#include <mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h>
#include <mlir/Target/LLVMIR/Export.h>
#include <mlir/Transforms/GreedyPatternRewriteDriver.h>

#include <chrono>
#include <cstdlib>
#include <mutex>
#include <sstream>

#include "codegen/cpu/exp_poly.h"
#include "kiln/error.h"

namespace kiln::codegen::cpu {

namespace {

using Clock = std::chrono::steady_clock;
double ms_since(Clock::time_point t) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t).count();
}

std::string error_text(llvm::Error e) { return llvm::toString(std::move(e)); }

struct Host {
  std::string cpu, features, triple;
  bool avx512 = false;
};

const Host& host() {
  // Never destroyed: background compiles may run during static destruction.
  static const Host& h = *new Host([] {
    llvm::InitializeNativeTarget();
    llvm::InitializeNativeTargetAsmPrinter();
    llvm::InitializeNativeTargetAsmParser();
    mlir::registerConversionPasses();
    Host h;
    auto jtmb = llvm::orc::JITTargetMachineBuilder::detectHost();
    if (!jtmb)
      throw Error("codegen: cannot describe the host CPU: " + error_text(jtmb.takeError()));
    h.cpu = jtmb->getCPU();
    h.features = jtmb->getFeatures().getString();
    h.triple = jtmb->getTargetTriple().str();
    h.avx512 = h.features.find("+avx512f") != std::string::npos;
    return h;
  }());
  return h;
}

std::unique_ptr<llvm::TargetMachine> target_machine() {
  const Host& h = host();
  std::string err;
  const llvm::Target* t = llvm::TargetRegistry::lookupTarget(h.triple, err);
  if (!t) throw Error("codegen: no LLVM target for " + h.triple + ": " + err);
  llvm::TargetOptions opt;
  std::unique_ptr<llvm::TargetMachine> tm(
      t->createTargetMachine(h.triple, h.cpu, h.features, opt, llvm::Reloc::PIC_, std::nullopt,
                             llvm::CodeGenOptLevel::Aggressive));
  if (!tm) throw Error("codegen: cannot create a target machine for " + h.cpu);
  return tm;
}

struct Jit {
  std::mutex mu;
  std::unique_ptr<llvm::orc::LLJIT> jit;
  int next = 0;
};

Jit& jit() {
  // Never destroyed: kernels may run during static destruction.
  static Jit* j = [] {
    host();
    auto* out = new Jit;
    auto built = llvm::orc::LLJITBuilder().create();
    if (!built) throw Error("codegen: cannot create the JIT: " + error_text(built.takeError()));
    out->jit = std::move(*built);
    return out;
  }();
  return *j;
}

// On AVX-512 hosts a float32 `math.exp` over whole 512-bit vectors skips MLIR's polynomial
// approximation (27 vector ops a vector, with a clamp of the exponent and a multiply by 2^k
// built from its bits) for this one: the same Cody-Waite reduction and Cephes polynomial
// (within 2 ulp), with 2^k applied by `vscalefps`, which gets overflow, underflow and
// subnormal results right without a clamp of k — 15 vector ops. Softmax-like kernels are
// bound by this loop at one thread (B2). The MLIR keeps `math.exp` (golden files do not
// depend on the host); it becomes `llvm.intr.exp` here and is expanded in the LLVM IR.
bool scalef_exp(mlir::Type t) {
  auto vt = mlir::dyn_cast<mlir::VectorType>(t);
  return host().avx512 && vt && vt.getRank() == 1 && vt.getElementType().isF32() &&
         vt.getNumElements() % 16 == 0;
}

void keep_exp_for_scalef(mlir::ModuleOp module) {
  module.walk([](mlir::math::ExpOp op) {
    if (!scalef_exp(op.getType())) return;
    mlir::OpBuilder b(op);
    auto e = b.create<mlir::LLVM::ExpOp>(op.getLoc(), op.getType(), op.getOperand());
    op.replaceAllUsesWith(e.getResult());
    op.erase();
  });
}

void expand_exp_with_scalef(llvm::Module& m) {
  if (!host().avx512) return;  // only keep_exp_for_scalef makes these, on AVX-512 hosts
  std::vector<llvm::IntrinsicInst*> calls;
  for (llvm::Function& f : m)
    for (llvm::BasicBlock& bb : f)
      for (llvm::Instruction& i : bb)
        if (auto* c = llvm::dyn_cast<llvm::IntrinsicInst>(&i);
            c && c->getIntrinsicID() == llvm::Intrinsic::exp)
          calls.push_back(c);
  for (llvm::IntrinsicInst* c : calls) {
    auto* vt = llvm::dyn_cast<llvm::FixedVectorType>(c->getType());
    if (!vt || !vt->getElementType()->isFloatTy() || vt->getNumElements() % 16) continue;
    llvm::IRBuilder<> b(c);
    auto k_ = [&](double v) { return llvm::ConstantFP::get(vt, v); };
    auto fma = [&](llvm::Value* a, llvm::Value* x, llvm::Value* y) {
      return b.CreateIntrinsic(llvm::Intrinsic::fma, {vt}, {a, x, y});
    };
    llvm::Value* x = c->getArgOperand(0);
    // Clamp (NaN passes: the compares are false for it): below -104 the result rounds to 0,
    // above 89 it is +inf, and both ends keep k finite.
    x = b.CreateSelect(b.CreateFCmpOLT(x, k_(-104.0)), k_(-104.0), x);
    x = b.CreateSelect(b.CreateFCmpOGT(x, k_(89.0)), k_(89.0), x);
    llvm::Value* k =
        b.CreateUnaryIntrinsic(llvm::Intrinsic::roundeven, b.CreateFMul(x, k_(exp_poly::kLog2e)));
    llvm::Value* r = fma(k, k_(-exp_poly::kLn2Hi), x);
    r = fma(k, k_(-exp_poly::kLn2Lo), r);
    llvm::Value* p = k_(exp_poly::kP[0]);
    for (size_t i = 1; i < std::size(exp_poly::kP); ++i) p = fma(p, r, k_(exp_poly::kP[i]));
    llvm::Value* y = fma(p, b.CreateFMul(r, r), b.CreateFAdd(r, k_(1.0)));
    std::vector<llvm::Value*> parts;
    for (unsigned j = 0; j < vt->getNumElements(); j += 16) {
      llvm::SmallVector<int, 16> lanes;
      for (unsigned l = 0; l < 16; ++l) lanes.push_back(int(j + l));
      parts.push_back(b.CreateIntrinsic(
          llvm::Intrinsic::x86_avx512_mask_scalef_ps_512, {},
          {b.CreateShuffleVector(y, lanes), b.CreateShuffleVector(k, lanes),
           llvm::ConstantAggregateZero::get(llvm::FixedVectorType::get(b.getFloatTy(), 16)),
           b.getInt16(0xffff), b.getInt32(4)}));
    }
    llvm::Value* out = parts.size() == 1 ? parts[0] : llvm::concatenateVectors(b, parts);
    c->replaceAllUsesWith(out);
    c->eraseFromParent();
  }
}

std::string emit(llvm::Module& m, llvm::TargetMachine& tm, llvm::CodeGenFileType type) {
  llvm::SmallVector<char, 0> buf;
  llvm::raw_svector_ostream os(buf);
  llvm::legacy::PassManager pm;
  if (tm.addPassesToEmitFile(pm, os, nullptr, type))
    throw Error("codegen: the target cannot emit this file type");
  pm.run(m);
  return std::string(buf.data(), buf.size());
}

}  // namespace

const std::string& host_target() {
  static const std::string& s = *new std::string(host().cpu + " " + host().features);
  return s;
}

int host_vector_bits() {
  static const int bits = [] {
    // features is "+avx,+avx2,-avx512f,..." (every feature LLVM knows, each with + or -)
    std::string f = "," + host().features + ",";
    auto has = [&](const char* name) { return f.find(fmt::format(",+{},", name)) != f.npos; };
    return has("avx512f") ? 512 : has("avx") ? 256 : 128;
  }();
  return bits;
}

const std::string& lowering_id() {
  static const std::string& s =
      *new std::string("llvm " LLVM_VERSION_STRING " lowering " KILN_LOWERING_HASH);
  return s;
}

ObjectCode compile_mlir(const std::string& text, bool want_text) {
  const Host& h = host();
  ObjectCode out;
  auto t0 = Clock::now();
  mlir::DialectRegistry registry;
  registry.insert<mlir::func::FuncDialect, mlir::arith::ArithDialect, mlir::math::MathDialect,
                  mlir::scf::SCFDialect, mlir::vector::VectorDialect, mlir::LLVM::LLVMDialect,
                  mlir::cf::ControlFlowDialect>();
  mlir::registerBuiltinDialectTranslation(registry);
  mlir::registerLLVMDialectTranslation(registry);
  mlir::MLIRContext ctx(registry, mlir::MLIRContext::Threading::DISABLED);
  ctx.loadAllAvailableDialects();
  std::string diags;
  mlir::ScopedDiagnosticHandler handler(&ctx, [&](mlir::Diagnostic& d) {
    llvm::raw_string_ostream os(diags);
    os << d.getLocation() << ": " << d << "\n";
    return mlir::success();
  });
  mlir::OwningOpRef<mlir::ModuleOp> module =
      mlir::parseSourceString<mlir::ModuleOp>(text, mlir::ParserConfig(&ctx));
  if (!module) {
    // Quote the offending line: "loc("-":LINE:COL)".
    std::string where;
    if (auto p = diags.find("\":"); p != std::string::npos) {
      int line = std::atoi(diags.c_str() + p + 2);
      std::istringstream in(text);
      std::string l;
      for (int i = 1; std::getline(in, l); ++i)
        if (i == line) where = "\n  " + l;
    }
    throw Error("codegen: generated MLIR does not parse (a kiln bug):\n" + diags + where);
  }
  keep_exp_for_scalef(*module);
  {
    mlir::RewritePatternSet patterns(&ctx);
    mlir::populateMathPolynomialApproximationPatterns(patterns);
    if (mlir::failed(mlir::applyPatternsAndFoldGreedily(*module, std::move(patterns))))
      throw Error("codegen: math approximation failed:\n" + diags);
  }
  mlir::PassManager pm(&ctx);
  if (mlir::failed(mlir::parsePassPipeline(
          "convert-scf-to-cf,convert-math-to-llvm,convert-math-to-libm,convert-arith-to-llvm,"
          "convert-vector-to-llvm,convert-func-to-llvm,convert-cf-to-llvm,"
          "reconcile-unrealized-casts",
          pm)))
    throw Error("codegen: bad MLIR pass pipeline (a kiln bug)");
  if (mlir::failed(pm.run(*module)))
    throw Error("codegen: lowering to the LLVM dialect failed (a kiln bug):\n" + diags);
  llvm::LLVMContext llctx;
  std::unique_ptr<llvm::Module> m = mlir::translateModuleToLLVMIR(*module, llctx);
  if (!m) throw Error("codegen: translation to LLVM IR failed (a kiln bug):\n" + diags);
  out.lower_ms = ms_since(t0);

  auto t1 = Clock::now();
  std::unique_ptr<llvm::TargetMachine> tm = target_machine();
  expand_exp_with_scalef(*m);
  m->setDataLayout(tm->createDataLayout());
  m->setTargetTriple(h.triple);
  for (llvm::Function& f : *m) {
    if (f.isDeclaration()) continue;
    f.addFnAttr("target-cpu", h.cpu);
    f.addFnAttr("target-features", h.features);
    // a streaming softmax keeps its row on the stack (mlir_emit.cpp): touch each page of it
    // in order, so a small thread stack hits its guard page instead of jumping past it
    f.addFnAttr("probe-stack", "inline-asm");
    if (h.avx512) f.addFnAttr("prefer-vector-width", "512");
    f.addFnAttr(llvm::Attribute::NoUnwind);
  }
  {
    llvm::LoopAnalysisManager lam;
    llvm::FunctionAnalysisManager fam;
    llvm::CGSCCAnalysisManager cgam;
    llvm::ModuleAnalysisManager mam;
    llvm::PassBuilder pb(tm.get());
    pb.registerModuleAnalyses(mam);
    pb.registerCGSCCAnalyses(cgam);
    pb.registerFunctionAnalyses(fam);
    pb.registerLoopAnalyses(lam);
    pb.crossRegisterProxies(lam, fam, cgam, mam);
    llvm::ModulePassManager mpm = pb.buildPerModuleDefaultPipeline(llvm::OptimizationLevel::O3);
    mpm.run(*m, mam);
  }
  out.optimize_ms = ms_since(t1);
  if (want_text) {
    llvm::raw_string_ostream os(out.llvm_ir);
    m->print(os, nullptr);
  }
  auto t2 = Clock::now();
  if (want_text) out.assembly = emit(*m, *tm, llvm::CodeGenFileType::AssemblyFile);
  out.object = emit(*m, *tm, llvm::CodeGenFileType::ObjectFile);
  out.codegen_ms = ms_since(t2);
  return out;
}

void* load_object(const std::string& object, const std::string& symbol) {
  Jit& j = jit();
  std::lock_guard lock(j.mu);
  auto jd = j.jit->createJITDylib(fmt::format("kiln{}", j.next++));
  if (!jd) throw Error("codegen: " + error_text(jd.takeError()));
  auto gen = llvm::orc::DynamicLibrarySearchGenerator::GetForCurrentProcess(
      j.jit->getDataLayout().getGlobalPrefix());
  if (!gen) throw Error("codegen: " + error_text(gen.takeError()));
  jd->addGenerator(std::move(*gen));
  if (auto e = j.jit->addObjectFile(*jd, llvm::MemoryBuffer::getMemBufferCopy(object)))
    throw Error("codegen: the JIT refused the object code: " + error_text(std::move(e)));
  auto sym = j.jit->lookup(*jd, symbol);
  if (!sym) throw Error("codegen: kernel symbol missing: " + error_text(sym.takeError()));
  return sym->toPtr<void*>();
}

}  // namespace kiln::codegen::cpu
