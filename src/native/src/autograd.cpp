// Autograd: requires_grad, gradients, backward, torch.autograd.grad, grad and inference modes.
#include <torch/csrc/autograd/autograd.h>

#include "bridge.h"

#include <algorithm>

using pytti::unwrap;
using pytti::wrap;

namespace {

std::vector<at::Tensor> gather(const pt_tensor* handles, int32_t n, bool allow_null) {
  std::vector<at::Tensor> out;
  out.reserve(n);
  for (int32_t i = 0; i < n; ++i) {
    if (handles == nullptr || handles[i] == nullptr) {
      if (!allow_null) throw std::invalid_argument("null tensor handle in list");
      out.emplace_back();
    } else {
      out.push_back(unwrap(handles[i]));
    }
  }
  return out;
}

}  // namespace

extern "C" {

int pt_tensor_set_requires_grad(pt_tensor t, int32_t requires_grad) {
  PT_GUARD({ unwrap(t).set_requires_grad(requires_grad != 0); })
}

int pt_tensor_grad(pt_tensor t, pt_tensor* out) {
  PT_GUARD({
    const at::Tensor& g = unwrap(t).grad();
    *out = g.defined() ? wrap(g) : nullptr;
  })
}

int pt_tensor_grad_fn_name(pt_tensor t, char* buffer, int32_t capacity, int32_t* length) {
  PT_GUARD({
    const auto& fn = unwrap(t).grad_fn();
    const std::string name = fn ? fn->name() : std::string();
    *length = static_cast<int32_t>(name.size());
    if (buffer != nullptr && capacity > 0) {
      const auto n = std::min(name.size(), static_cast<size_t>(capacity - 1));
      name.copy(buffer, n);
      buffer[n] = '\0';
    }
  })
}

int pt_tensor_set_grad(pt_tensor t, pt_tensor grad) {
  PT_GUARD({ unwrap(t).mutable_grad() = grad ? unwrap(grad) : at::Tensor(); })
}

int pt_tensor_retain_grad(pt_tensor t) {
  PT_GUARD({ unwrap(t).retain_grad(); })
}

int pt_backward(const pt_tensor* tensors, const pt_tensor* grads, int32_t n, int32_t retain_graph, int32_t create_graph) {
  PT_GUARD({
    auto outputs = gather(tensors, n, false);
    auto grad_outputs = gather(grads, n, true);
    torch::autograd::backward(outputs, grad_outputs,
                              retain_graph ? c10::optional<bool>(true) : c10::optional<bool>(false),
                              create_graph != 0);
  })
}

int pt_autograd_grad(const pt_tensor* outputs, const pt_tensor* grad_outputs, int32_t nout,
                     const pt_tensor* inputs, int32_t nin, int32_t retain_graph, int32_t create_graph,
                     int32_t allow_unused, pt_tensor* results) {
  PT_GUARD({
    auto outs = gather(outputs, nout, false);
    auto gouts = gather(grad_outputs, nout, true);
    auto ins = gather(inputs, nin, false);
    auto grads = torch::autograd::grad(outs, ins, gouts,
                                       retain_graph ? c10::optional<bool>(true) : c10::optional<bool>(false),
                                       create_graph != 0, allow_unused != 0);
    for (int32_t i = 0; i < nin; ++i) results[i] = grads[i].defined() ? wrap(grads[i]) : nullptr;
  })
}

int32_t pt_grad_mode_set(int32_t enabled) {
  const bool previous = c10::GradMode::is_enabled();
  c10::GradMode::set_enabled(enabled != 0);
  return previous ? 1 : 0;
}

int32_t pt_grad_mode_get(void) { return c10::GradMode::is_enabled() ? 1 : 0; }

int pt_inference_mode_enter(pt_guard* out) {
  PT_GUARD({ *out = new c10::InferenceMode(true); })
}

void pt_inference_mode_exit(pt_guard guard) { delete static_cast<c10::InferenceMode*>(guard); }

}  // extern "C"
