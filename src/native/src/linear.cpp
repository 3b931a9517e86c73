// y = x·Wᵀ + b for frozen fp32 weights on the CPU through oneDNN's matmul, with the input gradient
// (gx = g·W) through oneDNN too; and batched products (attention), with both gradients. On this project's
// CPUs oneDNN's fp32 GEMM runs about 1.8x OpenBLAS, which Debian's libtorch uses for at::linear; CLIP's step is mostly these GEMMs (issue 3). Everything else
// (weights that train, other dtypes or devices, a build without oneDNN, PYTTI_ONEDNN=0) goes to at::linear.
#include "bridge.h"

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <map>
#include <unordered_map>
#include <vector>

#if PYTTI_HAVE_ONEDNN
#include "onednn.h"
#endif

using pytti::is_cpu_f32;
using pytti::onednn_enabled;
using pytti::unwrap;
using pytti::wrap;

namespace {

// An on-by-default switch: on unless the environment variable is "0" (callers read it once).
bool not_turned_off(const char* variable) {
  const char* flag = std::getenv(variable);
  return flag == nullptr || std::string(flag) != "0";
}

}  // namespace

bool pytti::onednn_enabled() {
  static const bool enabled = not_turned_off("PYTTI_ONEDNN");
  return enabled;
}

#if PYTTI_HAVE_ONEDNN

dnnl::engine& pytti::onednn_engine() {
  static dnnl::engine engine(dnnl::engine::kind::cpu, 0);
  return engine;
}

void pytti::onednn_execute(const dnnl::primitive& p, const std::unordered_map<int, dnnl::memory>& args) {
  dnnl::stream stream(onednn_engine());
  p.execute(stream, args);
  stream.wait();
}

#endif

namespace {

#if PYTTI_HAVE_ONEDNN

using pytti::onednn_engine;
using pytti::onednn_execute;

using dims = dnnl::memory::dims;
constexpr auto f32 = dnnl::memory::data_type::f32;

dnnl::memory::desc strided(const at::Tensor& t) {
  return dnnl::memory::desc(dims(t.sizes().begin(), t.sizes().end()), f32, dims(t.strides().begin(), t.strides().end()));
}

// Frozen weights in the layout oneDNN's GEMM kernels read fastest (a blocked "packed" format), made once per weight
// view and format and reused every step. Only the input gradient (g·W) reads them: measured at CLIP's shapes on
// AVX-512, W's plain layout costs that product 10-30% (c_fc and in_proj the most) and x·Wᵀ's plain layout 0-4%,
// not worth a second copy of every weight; a tower that is never differentiated (CLIP's text) never packs.
// An entry lives while its weight's storage does (a weak reference) and is remade when the weight is written in
// place (its version counter moves). PYTTI_ONEDNN_PACK=0 turns packing off (one extra copy of each weight).
bool packing_enabled() {
  static const bool enabled = not_turned_off("PYTTI_ONEDNN_PACK");
  return enabled;
}

struct PackedWeight {
  c10::weak_intrusive_ptr<c10::StorageImpl> storage;
  int64_t version;
  dnnl::memory::desc desc;
  at::Tensor bytes;
};

// The packed copy of the weight view w in format desc (reordered now if missing or stale). The returned tensor owns
// the bytes: an entry replaced by another thread meanwhile stays valid for this call.
at::Tensor packed_weight(const at::Tensor& w, const dnnl::memory::desc& desc) {
  static std::mutex gate;
  static std::map<std::vector<int64_t>, std::vector<PackedWeight>> store;
  std::vector<int64_t> key{reinterpret_cast<int64_t>(w.storage().unsafeGetStorageImpl()), w.storage_offset()};
  key.insert(key.end(), w.sizes().begin(), w.sizes().end());
  key.insert(key.end(), w.strides().begin(), w.strides().end());
  std::lock_guard<std::mutex> lock(gate);
  for (auto it = store.begin(); it != store.end();) {   // forget the packs of weights that are gone
    auto& packs = it->second;
    packs.erase(std::remove_if(packs.begin(), packs.end(), [](const PackedWeight& p) { return p.storage.expired(); }), packs.end());
    it = packs.empty() ? store.erase(it) : std::next(it);
  }
  auto& packs = store[key];
  for (auto it = packs.begin(); it != packs.end(); ++it) {
    if (it->desc != desc) continue;
    if (it->version == w._version() && it->storage.lock().get() == w.storage().unsafeGetStorageImpl()) return it->bytes;
    packs.erase(it);   // written in place since: pack again
    break;
  }
  auto& engine = onednn_engine();
  auto bytes = at::empty({static_cast<int64_t>(desc.get_size())}, w.options().dtype(at::kByte));
  dnnl::memory plain(strided(w), engine, w.data_ptr()), packed(desc, engine, bytes.data_ptr());
  onednn_execute(dnnl::reorder(plain, packed), {{DNNL_ARG_FROM, plain}, {DNNL_ARG_TO, packed}});
  packs.push_back(PackedWeight{w.storage().getWeakStorageImpl(), w._version(), desc, bytes});
  return bytes;
}

// a [.., m, k] × b [.., k, n] (2-D, or 3-D with a batch) + bias [n], into a new contiguous [.., m, n]. Every operand
// is described by its sizes and strides, so a transposed view (a linear layer's weight, attention's kᵀ) needs no copy.
// A frozen_b (a linear layer's weight, 2-D) is read from its packed copy when oneDNN prefers another layout.
// One primitive per shape, stride pattern, bias and packing: creating one costs far more than running a small one.
at::Tensor onednn_matmul(const at::Tensor& a, const at::Tensor& b, const at::Tensor& bias, bool frozen_b = false) {
  auto sizes = a.sizes().vec();
  sizes.back() = b.size(-1);
  auto out = at::empty(sizes, a.options());
  static std::mutex gate;
  struct Cached {
    dnnl::matmul primitive;
    dnnl::memory::desc scratchpad;
    dnnl::memory::desc weights;   // b's layout as the primitive reads it: b's own strides, or a packed format
    bool packed;
  };
  static std::map<std::vector<int64_t>, Cached> cache;
  const bool pack = frozen_b && b.dim() == 2 && packing_enabled();
  std::vector<int64_t> key;
  for (const auto* t : {&a, &b}) {
    key.insert(key.end(), t->sizes().begin(), t->sizes().end());
    key.insert(key.end(), t->strides().begin(), t->strides().end());
  }
  key.push_back(bias.defined() ? 1 : 0);
  key.push_back(pack ? 1 : 0);
  const auto a_md = strided(a), b_md = strided(b), out_md = strided(out);
  dnnl::memory::desc bias_md;   // linear layers only: 2-D, [1, n] broadcast over the rows
  if (bias.defined()) bias_md = dnnl::memory::desc({1, out.size(-1)}, f32, dnnl::memory::format_tag::ab);
  const Cached* mm;
  {
    std::lock_guard<std::mutex> lock(gate);
    auto found = cache.find(key);
    if (found == cache.end()) {
      const auto weights_md = pack ? dnnl::memory::desc(b_md.dims(), f32, dnnl::memory::format_tag::any) : b_md;
      const auto desc = bias.defined() ? dnnl::matmul::desc(a_md, weights_md, bias_md, out_md) : dnnl::matmul::desc(a_md, weights_md, out_md);
      // A cached primitive runs on whichever thread calls (parallel renders, tests): oneDNN's default library-owned
      // scratchpad is only safe on the creating thread, so each execution brings its own.
      dnnl::primitive_attr attr;
      attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
      const dnnl::matmul::primitive_desc pd(desc, attr, onednn_engine());
      const auto chosen = pd.weights_desc();
      found = cache.emplace(key, Cached{dnnl::matmul(pd), pd.scratchpad_desc(), chosen, pack && chosen != b_md}).first;
    }
    mm = &found->second;
  }
  auto& engine = onednn_engine();
  const auto packed = mm->packed ? packed_weight(b, mm->weights) : at::Tensor();
  std::unordered_map<int, dnnl::memory> args{
      {DNNL_ARG_SRC, dnnl::memory(a_md, engine, a.data_ptr())},
      {DNNL_ARG_WEIGHTS, dnnl::memory(mm->weights, engine, mm->packed ? packed.data_ptr() : b.data_ptr())},
      {DNNL_ARG_DST, dnnl::memory(out_md, engine, out.data_ptr())}};
  if (bias.defined()) args.emplace(DNNL_ARG_BIAS, dnnl::memory(bias_md, engine, bias.data_ptr()));
  const auto scratchpad = at::empty({static_cast<int64_t>(mm->scratchpad.get_size())}, a.options().dtype(at::kByte));
  args.emplace(DNNL_ARG_SCRATCHPAD, dnnl::memory(mm->scratchpad, engine, scratchpad.data_ptr()));
  onednn_execute(mm->primitive, args);
  return out;
}

struct OnednnLinear : public torch::autograd::Function<OnednnLinear> {
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias) {
    ctx->saved_data["weight"] = weight;   // frozen: kept by reference, never differentiated
    const auto k = input.size(-1);
    auto sizes = input.sizes().vec();
    sizes.back() = weight.size(0);
    const auto b = bias.numel() == 0 ? at::Tensor() : bias;   // no bias arrives as an empty tensor (see pt_linear)
    return onednn_matmul(input.reshape({-1, k}).contiguous(), weight.t(), b).view(sizes);   // x·Wᵀ, Wᵀ a strided view
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::variable_list grads) {
    const auto weight = ctx->saved_data["weight"].toTensor();
    const auto& g = grads[0];
    auto sizes = g.sizes().vec();
    sizes.back() = weight.size(1);
    auto gx = onednn_matmul(g.reshape({-1, weight.size(0)}).contiguous(), weight, at::Tensor(), /*frozen_b=*/true).view(sizes);   // g·W, W packed
    return {gx, at::Tensor(), at::Tensor()};
  }
};

// Batched products (attention): both gradients, the transposes as stride swaps.
struct OnednnBmm : public torch::autograd::Function<OnednnBmm> {
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& a, const at::Tensor& c) {
    ctx->save_for_backward({a, c});
    return onednn_matmul(a, c, at::Tensor());
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::variable_list grads) {
    const auto saved = ctx->get_saved_variables();
    const auto& a = saved[0];
    const auto& c = saved[1];
    const auto g = grads[0];
    at::Tensor ga, gc;
    if (ctx->needs_input_grad(0)) ga = onednn_matmul(g, c.transpose(1, 2), at::Tensor());   // g·cᵀ, the transpose a stride swap
    if (ctx->needs_input_grad(1)) gc = onednn_matmul(a.transpose(1, 2), g, at::Tensor());   // aᵀ·g
    return {ga, gc};
  }
};

bool fits(const at::Tensor& input, const at::Tensor& weight, const at::Tensor& bias) {
  return onednn_enabled() && input.dim() >= 1 && weight.dim() == 2 && is_cpu_f32(input) && is_cpu_f32(weight) && weight.is_contiguous() &&
         !weight.requires_grad() && input.size(-1) == weight.size(1) && input.numel() > 0 &&
         (!bias.defined() || (is_cpu_f32(bias) && bias.dim() == 1 && bias.is_contiguous() && !bias.requires_grad() && bias.size(0) == weight.size(0)));
}

bool fits_bmm(const at::Tensor& a, const at::Tensor& c) {
  const auto ok = [](const at::Tensor& t) {
    if (!(is_cpu_f32(t) && t.dim() == 3 && t.numel() > 0)) return false;
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
