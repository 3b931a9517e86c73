// Custom autograd functions PyTTI needs and ATen does not provide.
#include "bridge.h"

using pytti::unwrap;
using pytti::wrap;

namespace {

// Forward clamps; backward passes the gradient except where the value is out of range and a
// descent step would push it further out (PyTTI's clamp_with_grad).
struct ClampWithGrad : public torch::autograd::Function<ClampWithGrad> {
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& input, double min, double max) {
    ctx->save_for_backward({input});
    ctx->saved_data["min"] = min;
    ctx->saved_data["max"] = max;
    return input.clamp(min, max);
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::variable_list grads) {
    const auto input = ctx->get_saved_variables()[0];
    const double min = ctx->saved_data["min"].toDouble();
    const double max = ctx->saved_data["max"].toDouble();
    const auto& g = grads[0];
    const auto pass = (g * (input - input.clamp(min, max))).ge(0);
    return {g * pass, at::Tensor(), at::Tensor()};
  }
};

}  // namespace

extern "C" {

int pt_clamp_with_grad(pt_tensor input, double min, double max, pt_tensor* out) {
  PT_GUARD({ *out = wrap(ClampWithGrad::apply(unwrap(input), min, max)); })
}

}  // extern "C"
