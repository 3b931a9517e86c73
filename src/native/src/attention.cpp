// Self-attention's core as one autograd function over the packed in-projection (issue 3): qkv [L, N, 3E] in,
// softmax(q·kᵀ/√d + mask)·v with the heads merged, [L, N, E], out; the backward returns the packed gradient
// [L, N, 3E] itself. ATen's sequence (chunk, three head-split copies, a division, two batched products, softmax,
// a copy to merge the heads, and the gradients of each) moves the activations through memory a dozen times for
// ~0.3 GFLOP per CLIP layer. Here a batch item's rows are copied in once, each of its heads is attended in a few
// cache-sized tiles, and the rows are written out once; threads split the (batch item, head) pairs. Same result as
// ATen's to fp32 rounding, and the same bits on every run and thread count (each pair is computed by one thread in
// a fixed order). First-order only: a backward asked to build a graph (create_graph) is refused.
// The fp32 CPU path is written with GCC's generic vectors, compiled for AVX-512, AVX2 and baseline x86-64 and
// picked at load time; other dtypes and devices are left to the caller (Functional.SelfAttention: ATen's operators).
#include "bridge.h"

#include <ATen/Parallel.h>

#include <cmath>
#include <cstdlib>
#include <limits>
#include <memory>
#include <sstream>

using pytti::unwrap;
using pytti::wrap;

#pragma GCC diagnostic ignored "-Wpsabi"   // 64-byte vectors only ever pass between inlined helpers

namespace {

// ---- small dense kernels on 16-float vectors (one zmm with AVX-512, two ymm with AVX2, four xmm otherwise)

typedef float v16 __attribute__((vector_size(64)));
typedef int32_t vi16 __attribute__((vector_size(64)));
constexpr int64_t kLanes = 16;

#define PT_INLINE inline __attribute__((always_inline))
#if defined(__x86_64__)
#define PT_CLONES __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define PT_CLONES   // elsewhere the compiler's baseline vectors
#endif

PT_INLINE v16 load(const float* p) {
  v16 v;
  __builtin_memcpy(&v, p, sizeof v);
  return v;
}
PT_INLINE void store(float* p, v16 v) { __builtin_memcpy(p, &v, sizeof v); }
PT_INLINE v16 splat(float x) { return v16{} + x; }
PT_INLINE float lane_sum(v16 v) {   // a fixed order: the same bits every time
  float s = 0;
  for (int i = 0; i < kLanes; ++i) s += v[i];
  return s;
}
PT_INLINE float lane_max(v16 v) {
  float m = v[0];
  for (int i = 1; i < kLanes; ++i) m = v[i] > m ? v[i] : m;
  return m;
}

// e^x for x ≤ 0 (scores minus their row's maximum): 2ⁿ·eʳ with n = round(x·log₂e) and r = x − n·ln2 in two parts,
// eʳ by Cephes' degree-6 polynomial (about 1 ulp). Below ln(FLT_MIN) it is 0, as expf's underflow; -inf gives 0, NaN NaN.
PT_INLINE v16 exp_nonpositive(v16 x) {
  const v16 lowest = splat(-87.33654475f);
  const v16 xc = x < lowest ? lowest : x;
  const v16 round = splat(12582912.0f);   // 1.5·2²³: adding and subtracting it rounds to an integer
  const v16 n = (xc * 1.44269504088896341f + round) - round;
  v16 r = xc - n * 0.693359375f;
  r = r - n * -2.12194440e-4f;
  v16 p = splat(1.9875691500e-4f);
  p = p * r + 1.3981999507e-3f;
  p = p * r + 8.3334519073e-3f;
  p = p * r + 4.1665795894e-2f;
  p = p * r + 1.6666665459e-1f;
  p = p * r + 5.0000001201e-1f;
  p = p * (r * r) + r + 1.0f;
  const vi16 bits = (__builtin_convertvector(n, vi16) + 127) << 23;
  const v16 scale = (v16)bits;   // the bits of 2ⁿ
  const v16 e = p * scale;
  return x < lowest ? v16{} : e;
}

// C[R][16·V] = Σ_k A(r, k)·B[k][..]: A(r, k) = a[r·ars + k·acs] read a scalar at a time (so any layout, transposed
// included), B's rows at b + k·ldb, 16·V wide. The accumulators stay in registers through the k loop.
template <int R, int V>
PT_INLINE void tile(int64_t kn, const float* a, int64_t ars, int64_t acs, const float* b, int64_t ldb, float* c, int64_t ldc) {
  v16 acc[R][V];
#pragma GCC unroll 8
  for (int r = 0; r < R; ++r)
#pragma GCC unroll 8
    for (int v = 0; v < V; ++v) acc[r][v] = v16{};
  for (int64_t k = 0; k < kn; ++k) {
    v16 bk[V];
#pragma GCC unroll 8
    for (int v = 0; v < V; ++v) bk[v] = load(b + k * ldb + v * kLanes);
#pragma GCC unroll 8
    for (int r = 0; r < R; ++r) {
      const float s = a[r * ars + k * acs];
#pragma GCC unroll 8
      for (int v = 0; v < V; ++v) acc[r][v] += s * bk[v];
    }
  }
#pragma GCC unroll 8
  for (int r = 0; r < R; ++r)
#pragma GCC unroll 8
    for (int v = 0; v < V; ++v) store(c + r * ldc + v * kLanes, acc[r][v]);
}

template <int V>
PT_INLINE void tile_rows(int64_t m, int64_t kn, const float* a, int64_t ars, int64_t acs, const float* b, int64_t ldb, float* c, int64_t ldc) {
  int64_t i = 0;
  for (; i + 4 <= m; i += 4) tile<4, V>(kn, a + i * ars, ars, acs, b, ldb, c + i * ldc, ldc);
  for (; i < m; ++i) tile<1, V>(kn, a + i * ars, ars, acs, b, ldb, c + i * ldc, ldc);
}

// C[m][n] = A[m][kn]·B[kn][n] for n a multiple of 16 (tiles are padded to it); A as in tile.
PT_INLINE void gemm(int64_t m, int64_t n, int64_t kn, const float* a, int64_t ars, int64_t acs, const float* b, int64_t ldb, float* c, int64_t ldc) {
  int64_t j = 0;
  for (; j + 4 * kLanes <= n; j += 4 * kLanes) tile_rows<4>(m, kn, a, ars, acs, b + j, ldb, c + j, ldc);
  if (j + 2 * kLanes <= n) {
    tile_rows<2>(m, kn, a, ars, acs, b + j, ldb, c + j, ldc);
    j += 2 * kLanes;
  }
  if (j < n) tile_rows<1>(m, kn, a, ars, acs, b + j, ldb, c + j, ldc);
}

// ---- one batch item's heads at a time

int64_t padded(int64_t n) { return (n + kLanes - 1) / kLanes * kLanes; }

struct Dims {
  int64_t L, N, E, H, d;
  int64_t Lp, dp;   // L and d rounded up to whole vectors: the width of the tiles' rows
  float root;       // √d, the divisor of q
};

Dims dims_of(const at::Tensor& qkv, int64_t heads) {
  Dims s{};
  s.L = qkv.size(0);
  s.N = qkv.size(1);
  s.E = qkv.size(2) / 3;
  s.H = heads;
  s.d = s.E / heads;
  s.Lp = padded(s.L);
  s.dp = padded(s.d);
  s.root = static_cast<float>(std::sqrt(static_cast<double>(s.d)));
  return s;
}

// One thread's working memory: 64-byte aligned floats, kept from call to call (a fresh megabyte per call would be
// a fresh megabyte of page faults per call). Tiles are taken zeroed, so their padding stays zero; only their valid
// parts are ever written.
class Scratch {
 public:
  explicit Scratch(int64_t floats) : size_(floats), next_(arena(floats)) {}

  float* take(int64_t floats, bool zeroed) {
    floats = padded(floats);
    if (used_ + floats > size_) throw std::logic_error("self-attention: scratch too small");
    float* p = next_ + used_;
    used_ += floats;
    if (zeroed) __builtin_memset(p, 0, floats * sizeof(float));
    return p;
  }

 private:
  static float* arena(int64_t floats) {
    thread_local std::unique_ptr<float, decltype(&std::free)> memory{nullptr, &std::free};
    thread_local int64_t capacity = 0;
    if (capacity < floats) {
      memory.reset();
      capacity = 0;
      memory.reset(static_cast<float*>(std::aligned_alloc(64, static_cast<size_t>(padded(floats)) * sizeof(float))));
      if (!memory) throw std::bad_alloc();
      capacity = floats;
    }
    return memory.get();
  }

  int64_t size_;
  int64_t used_ = 0;
  float* next_;
};

// rows × width floats between two row-strided places. One batch item's tokens lie N rows apart in qkv, so a head's
// 256 bytes of each token are each a cache miss no prefetcher predicts; whole rows of the item, copied in and out
// once, stream instead, and its heads then work from cache.
PT_INLINE void copy_rows(const float* src, int64_t src_row, int64_t rows, int64_t width, float* dst, int64_t dst_row) {
  for (int64_t i = 0; i < rows; ++i) __builtin_memcpy(dst + i * dst_row, src + i * src_row, width * sizeof(float));
}

// rows × d values of a head into a tile with row stride ld (divided by divisor when given), or transposed, or back
PT_INLINE void gather(const float* src, int64_t src_row, int64_t rows, int64_t d, float* tile, int64_t ld, float divisor = 0) {
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t c = 0; c < d; ++c) tile[i * ld + c] = divisor != 0 ? src[i * src_row + c] / divisor : src[i * src_row + c];
}
PT_INLINE void gather_transposed(const float* src, int64_t src_row, int64_t rows, int64_t d, float* tile, int64_t ld) {
  for (int64_t j = 0; j < rows; ++j)
    for (int64_t c = 0; c < d; ++c) tile[c * ld + j] = src[j * src_row + c];
}
PT_INLINE void scatter(const float* tile, int64_t ld, int64_t rows, int64_t d, float* dst, int64_t dst_row, float divisor = 0) {
  for (int64_t i = 0; i < rows; ++i)
    for (int64_t c = 0; c < d; ++c) dst[i * dst_row + c] = divisor != 0 ? tile[i * ld + c] / divisor : tile[i * ld + c];
}

// Rows of scores [L][Lp] → softmax over the first L columns, written to probs (may be the scores); bias rows
// (the mask, or zeros) are Lp wide with -inf past L, so the padding comes out 0.
PT_INLINE void softmax_rows(const float* scores, const float* bias, int64_t bias_row, float* probs, const Dims& s) {
  for (int64_t i = 0; i < s.L; ++i) {
    const float* x = scores + i * s.Lp;
    const float* m = bias + i * bias_row;
    float* y = probs + i * s.Lp;
    v16 top = splat(-std::numeric_limits<float>::infinity());
    for (int64_t j = 0; j < s.Lp; j += kLanes) {
      const v16 t = load(x + j) + load(m + j);
      store(y + j, t);
      top = t > top ? t : top;
    }
    const float max = lane_max(top);
    v16 sum{};
    for (int64_t j = 0; j < s.Lp; j += kLanes) {
      const v16 e = exp_nonpositive(load(y + j) - max);
      store(y + j, e);
      sum += e;
    }
    const float inverse = 1.0f / lane_sum(sum);
    for (int64_t j = 0; j < s.Lp; j += kLanes) store(y + j, load(y + j) * inverse);
  }
}

// The (batch item n, head h) pairs p = n·H + h (PyTorch's order) in [begin, end) go a batch item at a time: heads
// [h0, h1) of item n. (Plain loops, not a lambda: a lambda's body would not be compiled for the clone's instructions.)
PT_INLINE int64_t first_head(const Dims& s, int64_t n, int64_t begin) { return std::max<int64_t>(begin - n * s.H, 0); }
PT_INLINE int64_t end_head(const Dims& s, int64_t n, int64_t end) { return std::min(end - n * s.H, s.H); }

// Pairs [begin, end): out [L, N, E] and, when probs is given, the attention weights [N·H][L][Lp] for the backward.
PT_CLONES void attend_pairs(const float* qkv, const float* bias, int64_t bias_row, float* out, float* probs, const Dims& s,
                            int64_t begin, int64_t end) {
  const int64_t E3 = 3 * s.E;
  Scratch scratch(s.L * (E3 + s.E) + s.L * s.dp * 3 + s.d * s.Lp + s.L * s.Lp + 16 * kLanes);
  float* in = scratch.take(s.L * E3, false);     // the batch item's qkv rows [L][3E]
  float* res = scratch.take(s.L * s.E, false);   // its output rows [L][E]
  float* q = scratch.take(s.L * s.dp, true);        // q/√d [L][dp]
  float* kt = scratch.take(s.d * s.Lp, true);       // kᵀ [d][Lp]
  float* v = scratch.take(s.L * s.dp, true);        // v [L][dp]
  float* scores = scratch.take(s.L * s.Lp, true);   // [L][Lp]
  float* o = scratch.take(s.L * s.dp, true);        // [L][dp]
  for (int64_t n = begin / s.H; n * s.H < end; ++n) {
    const int64_t h0 = first_head(s, n, begin), h1 = end_head(s, n, end);
    copy_rows(qkv + n * E3, s.N * E3, s.L, E3, in, E3);
    for (int64_t h = h0; h < h1; ++h) {
      const float* src = in + h * s.d;
      gather(src, E3, s.L, s.d, q, s.dp, s.root);
      gather_transposed(src + s.E, E3, s.L, s.d, kt, s.Lp);
      gather(src + 2 * s.E, E3, s.L, s.d, v, s.dp);
      gemm(s.L, s.Lp, s.d, q, s.dp, 1, kt, s.Lp, scores, s.Lp);
      float* p = probs != nullptr ? probs + (n * s.H + h) * s.L * s.Lp : scores;
      softmax_rows(scores, bias, bias_row, p, s);
      gemm(s.L, s.dp, s.L, p, s.Lp, 1, v, s.dp, o, s.dp);
      scatter(o, s.dp, s.L, s.d, res + h * s.d, s.E);
    }
    copy_rows(res + h0 * s.d, s.E, s.L, (h1 - h0) * s.d, out + n * s.E + h0 * s.d, s.N * s.E);
  }
}

// Pairs [begin, end) of the backward: from the output's gradient [L, N, E] and the saved weights, the gradient of
// their q, k and v columns of qkv [L, N, 3E] (every element of which belongs to exactly one pair).
PT_CLONES void attend_pairs_backward(const float* qkv, const float* grad, const float* probs, float* grad_qkv, const Dims& s,
                                     int64_t begin, int64_t end) {
  const int64_t E3 = 3 * s.E;
  Scratch scratch(s.L * (2 * E3 + s.E) + s.L * s.dp * 4 + s.d * s.Lp + s.L * s.Lp + 16 * kLanes);
  float* in = scratch.take(s.L * E3, false);      // the batch item's qkv rows [L][3E]
  float* gin = scratch.take(s.L * s.E, false);    // its output gradient rows [L][E]
  float* res = scratch.take(s.L * E3, false);     // its qkv gradient rows [L][3E]
  float* q = scratch.take(s.L * s.dp, true);     // q/√d [L][dp]
  float* k = scratch.take(s.L * s.dp, true);     // k [L][dp]
  float* vt = scratch.take(s.d * s.Lp, true);    // vᵀ [d][Lp]
  float* go = scratch.take(s.L * s.dp, true);    // the output's gradient [L][dp]
  float* gs = scratch.take(s.L * s.Lp, true);    // the weights' gradient, then the scores' [L][Lp]
  float* result = scratch.take(s.L * s.dp, true);
  for (int64_t n = begin / s.H; n * s.H < end; ++n) {
    const int64_t h0 = first_head(s, n, begin), h1 = end_head(s, n, end);
    copy_rows(qkv + n * E3, s.N * E3, s.L, E3, in, E3);
    copy_rows(grad + n * s.E, s.N * s.E, s.L, s.E, gin, s.E);
    for (int64_t h = h0; h < h1; ++h) {
      const float* src = in + h * s.d;
      float* dst = res + h * s.d;
      const float* p = probs + (n * s.H + h) * s.L * s.Lp;
      gather(src, E3, s.L, s.d, q, s.dp, s.root);
      gather(src + s.E, E3, s.L, s.d, k, s.dp);
      gather_transposed(src + 2 * s.E, E3, s.L, s.d, vt, s.Lp);
      gather(gin + h * s.d, s.E, s.L, s.d, go, s.dp);
      gemm(s.L, s.dp, s.L, p, 1, s.Lp, go, s.dp, result, s.dp);   // dv = pᵀ·do
      scatter(result, s.dp, s.L, s.d, dst + 2 * s.E, E3);
      gemm(s.L, s.Lp, s.d, go, s.dp, 1, vt, s.Lp, gs, s.Lp);      // dp = do·vᵀ
      for (int64_t i = 0; i < s.L; ++i) {                          // ds = p ∘ (dp − Σⱼ dp·p), softmax's backward
        const float* pi = p + i * s.Lp;
        float* gi = gs + i * s.Lp;
        v16 dot{};
        for (int64_t j = 0; j < s.Lp; j += kLanes) dot += load(pi + j) * load(gi + j);
        const float total = lane_sum(dot);
        for (int64_t j = 0; j < s.Lp; j += kLanes) store(gi + j, load(pi + j) * (load(gi + j) - total));
      }
      gemm(s.L, s.dp, s.L, gs, s.Lp, 1, k, s.dp, result, s.dp);    // d(q/√d) = ds·k
      scatter(result, s.dp, s.L, s.d, dst, E3, s.root);
      gemm(s.L, s.dp, s.L, gs, 1, s.Lp, q, s.dp, result, s.dp);    // dk = dsᵀ·(q/√d)
      scatter(result, s.dp, s.L, s.d, dst + s.E, E3);
    }
    for (int64_t slot = 0; slot < 3; ++slot) {
      const int64_t column = slot * s.E + h0 * s.d;
      copy_rows(res + column, E3, s.L, (h1 - h0) * s.d, grad_qkv + n * E3 + column, s.N * E3);
    }
  }
}

// The mask as bias rows [L][Lp] with -inf padding, or one row of zeros (stride 0) without a mask.
at::Tensor bias_rows(const at::Tensor& mask, const Dims& s, int64_t* row_stride) {
  const auto inf = std::numeric_limits<float>::infinity();
  if (!mask.defined()) {
    auto row = at::zeros({s.Lp}, at::kFloat);
    row.slice(0, s.L).fill_(-inf);
    *row_stride = 0;
    return row;
  }
  auto rows = at::full({s.L, s.Lp}, -inf, at::kFloat);
  rows.slice(1, 0, s.L).copy_(mask);
  *row_stride = s.Lp;
  return rows;
}

at::Tensor attend(const at::Tensor& qkv, int64_t heads, const at::Tensor& mask, at::Tensor* probs) {
  const auto s = dims_of(qkv, heads);
  auto out = at::empty({s.L, s.N, s.E}, qkv.options());
  if (probs != nullptr) *probs = at::empty({s.N * s.H, s.L, s.Lp}, qkv.options());
  int64_t bias_row = 0;
  const auto bias = bias_rows(mask, s, &bias_row);
  const float* x = qkv.data_ptr<float>();
  float* y = out.data_ptr<float>();
  float* p = probs != nullptr ? probs->data_ptr<float>() : nullptr;
  at::parallel_for(0, s.N * s.H, 1, [&](int64_t begin, int64_t end) {
    attend_pairs(x, bias.data_ptr<float>(), bias_row, y, p, s, begin, end);
  });
  return out;
}

struct FusedSelfAttention : public torch::autograd::Function<FusedSelfAttention> {
  // mask: [L, L] float, or an empty tensor for none (autograd functions take defined tensors only)
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& qkv, int64_t heads, const at::Tensor& mask) {
    at::Tensor probs;
    auto out = attend(qkv, heads, mask.numel() == 0 ? at::Tensor() : mask, &probs);
    ctx->save_for_backward({qkv, probs});
    ctx->saved_data["heads"] = heads;
    return out;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::variable_list grads) {
    TORCH_CHECK(!at::GradMode::is_enabled(), "self-attention: the fused kernel's backward cannot be differentiated again (create_graph)");
    const auto saved = ctx->get_saved_variables();
    const auto& qkv = saved[0];
    const auto& probs = saved[1];
    const auto s = dims_of(qkv, ctx->saved_data["heads"].toInt());
    const auto grad = grads[0].contiguous();
    auto grad_qkv = at::empty_like(qkv);
    const float* x = qkv.data_ptr<float>();
    const float* g = grad.data_ptr<float>();
    const float* p = probs.data_ptr<float>();
    float* gx = grad_qkv.data_ptr<float>();
    at::parallel_for(0, s.N * s.H, 1, [&](int64_t begin, int64_t end) { attend_pairs_backward(x, g, p, gx, s, begin, end); });
    return {grad_qkv, at::Tensor(), at::Tensor()};
  }
};

std::string shape_of(const at::Tensor& t) {
  std::ostringstream text;
  text << t.sizes();
  return text.str();
}

void check(const at::Tensor& qkv, int64_t heads, const at::Tensor& mask) {
  const auto fail = [](const std::string& why) { throw std::invalid_argument("self-attention: " + why); };
  if (qkv.dim() != 3) fail("qkv must be the packed projection [L, N, 3E], got " + shape_of(qkv));
  if (qkv.size(2) % 3 != 0) fail("the last dimension of qkv " + shape_of(qkv) + " is not 3E: " + std::to_string(qkv.size(2)) + " is not divisible by 3");
  const auto e = qkv.size(2) / 3;
  if (heads <= 0 || e % heads != 0)
    fail("embed_dim " + std::to_string(e) + " is not divisible by num_heads " + std::to_string(heads));
  if (mask.defined() && (mask.dim() != 2 || mask.size(0) != qkv.size(0) || mask.size(1) != qkv.size(0)))
    fail("the mask must be [L, L] = [" + std::to_string(qkv.size(0)) + ", " + std::to_string(qkv.size(0)) + "], got " + shape_of(mask));
  if (mask.defined() && !at::isFloatingType(mask.scalar_type())) fail("the mask must be additive floats, got " + std::string(c10::toString(mask.scalar_type())));
}

bool fits(const at::Tensor& qkv, const at::Tensor& mask) {
  return pytti::is_cpu_f32(qkv) && qkv.numel() > 0 && (!mask.defined() || (pytti::is_cpu_f32(mask) && !mask.requires_grad()));
}

}  // namespace

extern "C" {

int pt_self_attention(pt_tensor qkv, int64_t heads, pt_tensor mask, pt_tensor* out) {
  PT_GUARD({
    const auto& x = unwrap(qkv);
    const at::Tensor m = mask == nullptr ? at::Tensor() : unwrap(mask);
    check(x, heads, m);
    if (!fits(x, m)) {
      *out = nullptr;   // not the kernel's inputs: the caller takes ATen's operators
      return 0;
    }
    const auto xc = x.contiguous();
    const auto mc = m.defined() ? m.contiguous() : at::empty({0}, x.options());
    if (at::GradMode::is_enabled() && x.requires_grad()) {
      *out = wrap(FusedSelfAttention::apply(xc, heads, mc));
    } else {
      *out = wrap(attend(xc, heads, m.defined() ? mc : at::Tensor(), nullptr));
    }
  })
}

}  // extern "C"
