// TorchScript archives: parameters and buffers by their state-dict names.
#include <torch/script.h>

#include "bridge.h"

using pytti::unwrap;
using pytti::wrap;

namespace {

struct NamedTensors {
  std::vector<std::pair<std::string, at::Tensor>> items;
};

NamedTensors& named(pt_named list) {
  if (list == nullptr) throw std::invalid_argument("null list handle");
  return *static_cast<NamedTensors*>(list);
}

}  // namespace

extern "C" {

int pt_jit_load_named_tensors(const char* path, pt_named* out) {
  PT_GUARD({
    torch::jit::Module module = torch::jit::load(path, c10::Device(c10::DeviceType::CPU));
    auto list = std::make_unique<NamedTensors>();
    for (const auto& p : module.named_parameters(true)) list->items.emplace_back(p.name, p.value);
    for (const auto& b : module.named_buffers(true)) list->items.emplace_back(b.name, b.value);
    *out = list.release();
  })
}

int32_t pt_named_count(pt_named list) {
  return list ? static_cast<int32_t>(named(list).items.size()) : 0;
}

const char* pt_named_name(pt_named list, int32_t i) {
  try {
    return named(list).items.at(i).first.c_str();
  } catch (...) {
    return nullptr;
  }
}

int pt_named_take(pt_named list, int32_t i, pt_tensor* out) {
  PT_GUARD({ *out = wrap(named(list).items.at(i).second); })
}

void pt_named_free(pt_named list) { delete static_cast<NamedTensors*>(list); }

}  // extern "C"
