// y = x·Wᵀ + b for frozen fp32 weights on the CPU through oneDNN's matmul, with the input gradient
// (gx = g·W) through oneDNN too; and batched products (attention), with both gradients. On this project's CPUs oneDNN's fp32 GEMM runs about 1.8x OpenBLAS, which
// Debian's libtorch uses for at::linear; CLIP's step is mostly these GEMMs (issue 3). Everything else
// (weights that train, other dtypes or devices, a build without oneDNN, PYTTI_ONEDNN=0) goes to at::linear.
#include "bridge.h"

#include <cstdlib>
#include <mutex>
#include <tuple>
#include <map>
#include <unordered_map>
#include <vector>

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

// Batched a [b, m, k] × c [b, k, n] with any (non-negative, non-broadcast) strides, so that attention's transposed
// views need no copies. One primitive per shape and stride pattern.
struct BmmKey {
  std::vector<int64_t> shape;   // b, m, k, n and the six strides
  bool operator<(const BmmKey& o) const { return shape < o.shape; }
};

dnnl::memory::desc strided(const at::Tensor& t) {
  return dnnl::memory::desc(dims(t.sizes().begin(), t.sizes().end()), f32, dims(t.strides().begin(), t.strides().end()));
}

at::Tensor onednn_bmm(const at::Tensor& a, const at::Tensor& c) {
  auto out = at::empty({a.size(0), a.size(1), c.size(2)}, a.options());
  static std::mutex gate;
  static std::map<BmmKey, dnnl::matmul> cache;
  BmmKey key{{a.size(0), a.size(1), a.size(2), c.size(2), a.stride(0), a.stride(1), a.stride(2), c.stride(0), c.stride(1), c.stride(2)}};
  const auto a_md = strided(a), c_md = strided(c), out_md = strided(out);
  dnnl::matmul* mm;
  {
    std::lock_guard<std::mutex> lock(gate);
    auto found = cache.find(key);
    if (found == cache.end())
      found = cache.emplace(key, dnnl::matmul(dnnl::matmul::primitive_desc(dnnl::matmul::desc(a_md, c_md, out_md), cpu_engine()))).first;
    mm = &found->second;
  }
  auto& engine = cpu_engine();
  dnnl::stream stream(engine);
  mm->execute(stream, {{DNNL_ARG_SRC, dnnl::memory(a_md, engine, a.data_ptr())},
                       {DNNL_ARG_WEIGHTS, dnnl::memory(c_md, engine, c.data_ptr())},
                       {DNNL_ARG_DST, dnnl::memory(out_md, engine, out.data_ptr())}});
  stream.wait();
  return out;
}

struct OnednnBmm : public torch::autograd::Function<OnednnBmm> {
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& a, const at::Tensor& c) {
    ctx->save_for_backward({a, c});
    return onednn_bmm(a, c);
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const auto& a = saved[0];
    const auto& c = saved[1];
    const auto g = grads[0];
    at::Tensor ga, gc;
    if (ctx->needs_input_grad(0)) ga = onednn_bmm(g, c.transpose(1, 2));   // g·cᵀ, the transpose a stride swap
    if (ctx->needs_input_grad(1)) gc = onednn_bmm(a.transpose(1, 2), g);   // aᵀ·g
    return {ga, gc};
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

bool fits_bmm(const at::Tensor& a, const at::Tensor& c) {
  const auto ok = [](const at::Tensor& t) {
    if (!(t.device().is_cpu() && t.scalar_type() == at::kFloat && t.layout() == at::kStrided && t.dim() == 3 && t.numel() > 0)) return false;
    for (const auto s : t.strides()) if (s <= 0) return false;   // no broadcast or reversed views
    return true;
  };
  return onednn_enabled() && ok(a) && ok(c) && a.size(0) == c.size(0) && a.size(2) == c.size(1);
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

int pt_bmm(pt_tensor a, pt_tensor b, pt_tensor* out) {
  PT_GUARD({
    const auto& x = unwrap(a);
    const auto& y = unwrap(b);
#if PYTTI_HAVE_ONEDNN
    if (fits_bmm(x, y)) {
      *out = wrap(OnednnBmm::apply(x, y));
      return 0;
    }
#endif
    *out = wrap(at::bmm(x, y));
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
