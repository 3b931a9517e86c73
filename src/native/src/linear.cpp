// y = x·Wᵀ + b for frozen fp32 weights on the CPU through oneDNN's matmul, with the input gradient
// (gx = g·W) through oneDNN too. On this project's CPUs oneDNN's fp32 GEMM runs about 1.8x OpenBLAS, which
// Debian's libtorch uses for at::linear; CLIP's step is mostly these GEMMs (issue 3). Everything else
// (weights that train, other dtypes or devices, a build without oneDNN, PYTTI_ONEDNN=0) goes to at::linear.
#include "bridge.h"

#include <cstdlib>
#include <mutex>
#include <tuple>
#include <map>
#include <unordered_map>

#if PYTTI_HAVE_ONEDNN
#include <oneapi/dnnl/dnnl.hpp>
#endif

using pytti::unwrap;
using pytti::wrap;

namespace {

#if PYTTI_HAVE_ONEDNN

dnnl::engine& cpu_engine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

using dims = dnnl::memory::dims;
using tag = dnnl::memory::format_tag;
constexpr auto f32 = dnnl::memory::data_type::f32;

// One primitive per shape: creating one costs far more than running a small one.
struct MatmulKey {
  int64_t m, k, n;
  bool transposed_weight, bias;
  bool operator<(const MatmulKey& o) const {
    return std::tie(m, k, n, transposed_weight, bias) < std::tie(o.m, o.k, o.n, o.transposed_weight, o.bias);
  }
};

const dnnl::matmul& matmul_for(const MatmulKey& key) {
  static std::mutex gate;
  static std::map<MatmulKey, dnnl::matmul> cache;
  std::lock_guard<std::mutex> lock(gate);
  auto found = cache.find(key);
  if (found != cache.end()) return found->second;
  const dnnl::memory::desc src({key.m, key.k}, f32, tag::ab);
  // The weight is stored [n, k] row-major: as the [k, n] matmul operand that is layout "ba" (y = x·Wᵀ); the
  // input gradient multiplies by W itself, [n, k] as stored ("ab").
  const dnnl::memory::desc weights = key.transposed_weight ? dnnl::memory::desc({key.k, key.n}, f32, tag::ba)
                                                           : dnnl::memory::desc({key.k, key.n}, f32, tag::ab);
  const dnnl::memory::desc dst({key.m, key.n}, f32, tag::ab);
  const auto desc = key.bias ? dnnl::matmul::desc(src, weights, dnnl::memory::desc({1, key.n}, f32, tag::ab), dst)
                             : dnnl::matmul::desc(src, weights, dst);
  return cache.emplace(key, dnnl::matmul(dnnl::matmul::primitive_desc(desc, cpu_engine()))).first->second;
}

// a [m, k] times the weight matrix: transposed_weight → w is [n, k] and the product is a·wᵀ; else w is [k, n].
at::Tensor onednn_matmul(const at::Tensor& a, const at::Tensor& w, const at::Tensor& bias, bool transposed_weight) {
  const auto m = a.size(0), k = a.size(1), n = transposed_weight ? w.size(0) : w.size(1);
  auto out = at::empty({m, n}, a.options());
  const MatmulKey key{m, k, n, transposed_weight, bias.defined()};
  const auto& mm = matmul_for(key);
  auto& engine = cpu_engine();
  const dnnl::memory::desc src_md({m, k}, f32, tag::ab);
  const dnnl::memory::desc w_md = transposed_weight ? dnnl::memory::desc({k, n}, f32, tag::ba) : dnnl::memory::desc({k, n}, f32, tag::ab);
  const dnnl::memory::desc dst_md({m, n}, f32, tag::ab);
  std::unordered_map<int, dnnl::memory> args{
      {DNNL_ARG_SRC, dnnl::memory(src_md, engine, a.data_ptr())},
      {DNNL_ARG_WEIGHTS, dnnl::memory(w_md, engine, w.data_ptr())},
      {DNNL_ARG_DST, dnnl::memory(dst_md, engine, out.data_ptr())}};
  if (bias.defined()) args.emplace(DNNL_ARG_BIAS, dnnl::memory(dnnl::memory::desc({1, n}, f32, tag::ab), engine, bias.data_ptr()));
  dnnl::stream stream(engine);
  mm.execute(stream, args);
  stream.wait();
  return out;
}

struct OnednnLinear : public torch::autograd::Function<OnednnLinear> {
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias) {
    ctx->saved_data["weight"] = weight;   // frozen: kept by reference, never differentiated
    const auto k = input.size(-1);
    auto sizes = input.sizes().vec();
    sizes.back() = weight.size(0);
    const auto b = bias.numel() == 0 ? at::Tensor() : bias;   // no bias arrives as an empty tensor (see pt_linear)
    return onednn_matmul(input.reshape({-1, k}).contiguous(), weight, b, true).view(sizes);
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::variable_list grads) {
    const auto weight = ctx->saved_data["weight"].toTensor();
    const auto& g = grads[0];
    auto sizes = g.sizes().vec();
    sizes.back() = weight.size(1);
    auto gx = onednn_matmul(g.reshape({-1, weight.size(0)}).contiguous(), weight, at::Tensor(), false).view(sizes);
    return {gx, at::Tensor(), at::Tensor()};
  }
};

bool onednn_enabled() {
  static const bool enabled = [] {
    const char* flag = std::getenv("PYTTI_ONEDNN");
    return flag == nullptr || std::string(flag) != "0";
  }();
  return enabled;
}

bool fits(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias) {
  const auto cpu_f32 = [](const at::Tensor& t) { return t.device().is_cpu() && t.scalar_type() == at::kFloat && t.layout() == at::kStrided; };
  return onednn_enabled() && input.dim() >= 1 && weight.dim() == 2 && cpu_f32(input) && cpu_f32(weight) && weight.is_contiguous() &&
         !weight.requires_grad() && input.size(-1) == weight.size(1) && input.numel() > 0 &&
         (!bias.defined() || (cpu_f32(bias) && bias.dim() == 1 && bias.is_contiguous() && !bias.requires_grad() && bias.size(0) == weight.size(0)));
}

#endif

}  // namespace

extern "C" {

int pt_linear(pt_tensor input, pt_tensor weight, pt_tensor bias, pt_tensor* out) {
  PT_GUARD({
    const auto& x = unwrap(input);
    const auto& w = unwrap(weight);
    const at::Tensor b = bias == nullptr ? at::Tensor() : unwrap(bias);
#if PYTTI_HAVE_ONEDNN
    if (fits(x, w, b)) {
      // autograd functions take defined tensors only: "no bias" is an empty one
      *out = wrap(OnednnLinear::apply(x, w, b.defined() ? b : at::empty({0}, w.options())));
      return 0;
    }
#endif
    *out = wrap(at::linear(x, w, b.defined() ? c10::optional<at::Tensor>(b) : c10::nullopt));
  })
}

int pt_onednn_available(int32_t* out) {
#if PYTTI_HAVE_ONEDNN
  PT_GUARD({ *out = onednn_enabled() ? 1 : 0; })
#else
  PT_GUARD({ *out = 0; })
#endif
}

}  // extern "C"
