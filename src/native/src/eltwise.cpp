// Swish x·σ(α·x) (CLIP's QuickGELU is α = 1.702) as one pass forward and one pass backward. ATen has no such
// operator: built from silu(α·x)/α it is three passes each way over CLIP's largest activations ([2000, 3072] per
// layer in a PyTTI step, issue 3). fp32 CPU tensors go through oneDNN's swish primitives; anything else, and a build
// without oneDNN or PYTTI_ONEDNN=0, is the ATen composition, the same function to fp32 rounding.
#include "bridge.h"

#include <map>
#include <mutex>
#include <utility>

#if PYTTI_HAVE_ONEDNN
#include "onednn.h"
#endif

using pytti::unwrap;
using pytti::wrap;

namespace {

#if PYTTI_HAVE_ONEDNN

using pytti::onednn_engine;
using pytti::onednn_execute;

// Forward and backward primitives for one element count and slope; every tensor is seen as a flat vector.
struct SwishPrimitives {
  dnnl::memory::desc md;
  dnnl::eltwise_forward forward;
  dnnl::eltwise_backward backward;
};

const SwishPrimitives& primitives(int64_t numel, float alpha) {
  static std::mutex gate;
  static std::map<std::pair<int64_t, float>, SwishPrimitives> cache;
  std::lock_guard<std::mutex> lock(gate);
  const auto key = std::make_pair(numel, alpha);
  auto found = cache.find(key);
  if (found == cache.end()) {
    const dnnl::memory::desc md({numel}, dnnl::memory::data_type::f32, dnnl::memory::format_tag::a);
    // Elementwise primitives need no scratchpad; "user" mode keeps it that way on any calling thread.
    dnnl::primitive_attr attr;
    attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
    const dnnl::eltwise_forward::primitive_desc fwd(
        dnnl::eltwise_forward::desc(dnnl::prop_kind::forward_training, dnnl::algorithm::eltwise_swish, md, alpha, 0.f), attr, onednn_engine());
    const dnnl::eltwise_backward::primitive_desc bwd(
        dnnl::eltwise_backward::desc(dnnl::algorithm::eltwise_swish, md, md, alpha, 0.f), attr, onednn_engine(), fwd);
    found = cache.emplace(key, SwishPrimitives{md, dnnl::eltwise_forward(fwd), dnnl::eltwise_backward(bwd)}).first;
  }
  return found->second;
}

struct OnednnSwish : public torch::autograd::Function<OnednnSwish> {
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& input, double alpha) {
    const auto x = input.contiguous();
    ctx->save_for_backward({x});
    ctx->saved_data["alpha"] = alpha;
    auto y = at::empty_like(x);
    const auto& p = primitives(x.numel(), static_cast<float>(alpha));
    onednn_execute(p.forward, {{DNNL_ARG_SRC, dnnl::memory(p.md, onednn_engine(), x.data_ptr())}, {DNNL_ARG_DST, dnnl::memory(p.md, onednn_engine(), y.data_ptr())}});
    return y;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::variable_list grads) {
    const auto x = ctx->get_saved_variables()[0];
    const auto g = grads[0].contiguous();
    auto gx = at::empty_like(x);
    const auto& p = primitives(x.numel(), static_cast<float>(ctx->saved_data["alpha"].toDouble()));
    onednn_execute(p.backward, {{DNNL_ARG_SRC, dnnl::memory(p.md, onednn_engine(), x.data_ptr())},
                                {DNNL_ARG_DIFF_DST, dnnl::memory(p.md, onednn_engine(), g.data_ptr())},
                                {DNNL_ARG_DIFF_SRC, dnnl::memory(p.md, onednn_engine(), gx.data_ptr())}});
    return {gx, at::Tensor()};
  }
};

bool fits(const at::Tensor& x) {
  return pytti::onednn_enabled() && pytti::is_cpu_f32(x) && x.numel() > 0;
}

#endif

}  // namespace

extern "C" {

int pt_swish(pt_tensor input, double alpha, pt_tensor* out) {
  PT_GUARD({
    const auto& x = unwrap(input);
#if PYTTI_HAVE_ONEDNN
    if (fits(x)) {
      *out = wrap(OnednnSwish::apply(x, alpha));
      return 0;
    }
#endif
    *out = wrap(alpha == 0.0 ? x * 0.5 : at::silu(x * alpha) / alpha);
  })
}

}  // extern "C"
