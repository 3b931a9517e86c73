// Cutouts (PyTTI's sampler, issue 3): K boxes cropped from one image and each box-averaged to the same size, in one
// operator. Through ATen this is K slices, K adaptive_avg_pool2d and a cat; the backward of every slice then
// allocates a zero image of the full size and the engine adds the K of them. Here the forward reads the boxes in
// place and the backward writes one gradient image.
//
// The forward gives adaptive_avg_pool2d's bits: the same windows (rows floor(i·h/S) to ceil((i+1)·h/S), columns
// alike), summed in the same order (row by row, left to right, from zero) and divided the same way (by the row
// count, then by the column count). The backward hands each box's share out as ATen's does (grad / rows / columns,
// windows in order) and adds the boxes from the last to the first, the order in which autograd's engine adds the
// K slice gradients, so it agrees with the ATen path to rounding (bit for bit in the tests, with libtorch 1.13).
// It is parallel over the rows of the gradient image, each row owned by one thread, so the result does not depend
// on the thread count. Other inputs (a batch, another device or dtype, non-contiguous or channels-last layouts, a
// 1×1 output, which ATen computes as a mean) take the ATen path.
#include "bridge.h"

#include <ATen/Parallel.h>

#include <algorithm>
#include <string>
#include <type_traits>
#include <vector>

using pytti::unwrap;
using pytti::wrap;

namespace {

struct Box {
  int64_t y0, x0, h, w;
};

// Adaptive pooling's window for output index i of n over an input side of length len: [first, last).
inline int64_t window_first(int64_t i, int64_t n, int64_t len) { return i * len / n; }
inline int64_t window_last(int64_t i, int64_t n, int64_t len) { return ((i + 1) * len + n - 1) / n; }

// Every box's windows, precomputed once per call: output rows and columns to input ranges, and (for the backward)
// each input row of a box to the output rows whose windows hold it.
struct Plan {
  std::vector<Box> boxes;
  int64_t out_h = 0, out_w = 0;
  std::vector<int64_t> row_first, row_last;   // [K · out_h]
  std::vector<int64_t> col_first, col_last;   // [K · out_w]
  std::vector<int64_t> narrowest;             // [K]: every window of box k is narrowest[k] or narrowest[k] + 1 columns wide
  std::vector<int64_t> row_offset;            // start of box k's per-input-row entries below
  std::vector<int64_t> oh_first, oh_last;     // [Σ h_k]: output rows whose windows hold each input row
  std::vector<int64_t> col_offset;            // start of box k's per-input-column entries below
  std::vector<int64_t> ow_first, ow_last;     // [Σ w_k]: output columns whose windows hold each input column
  std::vector<int64_t> fewest;                // [K]: every input column of box k is in fewest[k] or fewest[k] + 1 windows

  Plan(std::vector<Box> b, int64_t oh, int64_t ow, bool inverse) : boxes(std::move(b)), out_h(oh), out_w(ow) {
    const auto k_count = static_cast<int64_t>(boxes.size());
    row_first.resize(k_count * out_h);
    row_last.resize(k_count * out_h);
    col_first.resize(k_count * out_w);
    col_last.resize(k_count * out_w);
    for (int64_t k = 0; k < k_count; ++k) {
      const auto& box = boxes[k];
      for (int64_t i = 0; i < out_h; ++i) {
        row_first[k * out_h + i] = window_first(i, out_h, box.h);
        row_last[k * out_h + i] = window_last(i, out_h, box.h);
      }
      for (int64_t j = 0; j < out_w; ++j) {
        col_first[k * out_w + j] = window_first(j, out_w, box.w);
        col_last[k * out_w + j] = window_last(j, out_w, box.w);
      }
      // A window spans [floor(j·r), ceil((j+1)·r)) with r = w / out_w: between r and r + 2 columns, two widths at most.
      const auto widths = [&](int64_t j) { return col_last[k * out_w + j] - col_first[k * out_w + j]; };
      int64_t low = widths(0);
      for (int64_t j = 1; j < out_w; ++j) low = std::min(low, widths(j));
      for (int64_t j = 0; j < out_w; ++j) TORCH_INTERNAL_ASSERT(widths(j) - low <= 1, "crop_pool: window widths differ by more than one");
      narrowest.push_back(low);
    }
    if (!inverse) return;
    row_offset.resize(k_count + 1, 0);
    col_offset.resize(k_count + 1, 0);
    for (int64_t k = 0; k < k_count; ++k) {
      row_offset[k + 1] = row_offset[k] + boxes[k].h;
      col_offset[k + 1] = col_offset[k] + boxes[k].w;
    }
    oh_first.resize(row_offset[k_count]);
    oh_last.resize(row_offset[k_count]);
    ow_first.resize(col_offset[k_count]);
    ow_last.resize(col_offset[k_count]);
    for (int64_t k = 0; k < k_count; ++k) {
      invert(&row_first[k * out_h], &row_last[k * out_h], out_h, boxes[k].h, &oh_first[row_offset[k]], &oh_last[row_offset[k]]);
      invert(&col_first[k * out_w], &col_last[k * out_w], out_w, boxes[k].w, &ow_first[col_offset[k]], &ow_last[col_offset[k]]);
      // Column x lies in the windows j with x/r − 1 < j < (x+1)/r: an open interval of length 1 + 1/r, so two counts at most.
      int64_t low = ow_last[col_offset[k]] - ow_first[col_offset[k]];
      for (int64_t x = col_offset[k]; x < col_offset[k + 1]; ++x) low = std::min(low, ow_last[x] - ow_first[x]);
      for (int64_t x = col_offset[k]; x < col_offset[k + 1]; ++x)
        TORCH_INTERNAL_ASSERT(ow_last[x] - ow_first[x] - low <= 1, "crop_pool: window counts differ by more than one");
      fewest.push_back(low);
    }
  }

 private:
  // Input index i of [0, len) to the run of output windows holding it, [lo[i], hi[i]): both window ends grow with the
  // output index, so the windows holding i are consecutive.
  static void invert(const int64_t* first, const int64_t* last, int64_t n, int64_t len, int64_t* lo, int64_t* hi) {
    int64_t a = 0, b = 0;
    for (int64_t i = 0; i < len; ++i) {
      while (a < n && last[a] <= i) ++a;
      while (b < n && first[b] <= i) ++b;
      lo[i] = a;
      hi[i] = b;
    }
  }
};

std::vector<Box> to_boxes(const std::vector<int64_t>& flat) {
  std::vector<Box> boxes(flat.size() / 4);
  for (size_t k = 0; k < boxes.size(); ++k) boxes[k] = Box{flat[4 * k], flat[4 * k + 1], flat[4 * k + 2], flat[4 * k + 3]};
  return boxes;
}

// Each window's column count, as scalar_t, per box and output column.
template <typename scalar_t>
std::vector<scalar_t> column_counts(const Plan& plan) {
  std::vector<scalar_t> counts(plan.col_first.size());
  for (size_t i = 0; i < counts.size(); ++i) counts[i] = static_cast<scalar_t>(plan.col_last[i] - plan.col_first[i]);
  return counts;
}

// to[i] = from[i] / rows / columns[i]: ATen's division of a window sum (and of a gradient) by its window, in a loop
// of its own so that it vectorises.
template <typename scalar_t>
void divide_row(scalar_t* to, const scalar_t* from, scalar_t rows, const scalar_t* columns, int64_t n) {
  for (int64_t i = 0; i < n; ++i) to[i] = from[i] / rows / columns[i];
}

// Strip sums: for each i < n, the elements of rows rows (stride apart) by columns [lo[i], hi[i]) of src, added row by
// row, left to right, from +0, for CH channels at once (channel c at src + c · plane: independent chains of additions,
// which are latency-bound otherwise); stored to out[c · out_plane + i] or, with Accumulate, added to it. The forward
// sums each window of an output row over the image. The backward, for one input row, sums the shares of the windows
// holding each input column (rows: the output rows whose windows hold that input row), so in ATen's order: output
// rows outer, output columns inner.
// The strips of a call are m or m + 1 columns wide (see Plan) in an irregular pattern, so a loop to hi[i] would
// mispredict its exit about once a strip. This one runs m columns (a constant when M > 0), then one more through a
// pointer aimed at the (m+1)-th column of a wide strip and at a zero for a narrow one: the same additions in the
// same order without a data-dependent branch (adding +0 changes nothing: a sum that starts at +0 is never -0).
template <int M, int CH, bool Accumulate, typename scalar_t>
void strip_sums(const scalar_t* src, int64_t stride, int64_t plane, int64_t rows, const int64_t* lo, const int64_t* hi,
                int64_t narrow, int64_t n, scalar_t* out, int64_t out_plane) {
  const int64_t m = M > 0 ? M : narrow;
  const scalar_t zero = 0;
  for (int64_t i = 0; i < n; ++i) {
    const bool wide = hi[i] - lo[i] > m;
    const int64_t q_step = wide ? stride : 0;
    const scalar_t* p = src + lo[i];
    const scalar_t* q[CH];
    scalar_t sum[CH];
    for (int c = 0; c < CH; ++c) {
      q[c] = wide ? p + c * plane + m : &zero;
      sum[c] = 0;
    }
    for (int64_t r = 0; r < rows; ++r, p += stride) {
      for (int64_t t = 0; t < m; ++t)
        for (int c = 0; c < CH; ++c) sum[c] += p[c * plane + t];
      for (int c = 0; c < CH; ++c) {
        sum[c] += *q[c];
        q[c] += q_step;
      }
    }
    for (int c = 0; c < CH; ++c) {
      if (Accumulate) out[c * out_plane + i] += sum[c];
      else out[c * out_plane + i] = sum[c];
    }
  }
}

// Calls body(std::integral_constant<int, M>) with M = m for the common narrow widths, else M = 0 (m at run time).
template <typename Body>
void with_width(int64_t m, const Body& body) {
  switch (m) {
    case 1: return body(std::integral_constant<int, 1>());
    case 2: return body(std::integral_constant<int, 2>());
    case 3: return body(std::integral_constant<int, 3>());
    case 4: return body(std::integral_constant<int, 4>());
    default: return body(std::integral_constant<int, 0>());
  }
}

// strip_sums for every channel, three at a time, then one by one; narrow: the fewest columns of any strip.
template <bool Accumulate, typename scalar_t>
void channel_strip_sums(const scalar_t* src, int64_t stride, int64_t plane, int64_t channels, int64_t rows, const int64_t* lo,
                        const int64_t* hi, int64_t narrow, int64_t n, scalar_t* out, int64_t out_plane) {
  with_width(narrow, [&](auto m) {
    constexpr int M = decltype(m)::value;
    int64_t c = 0;
    for (; c + 3 <= channels; c += 3)
      strip_sums<M, 3, Accumulate>(src + c * plane, stride, plane, rows, lo, hi, narrow, n, out + c * out_plane, out_plane);
    for (; c < channels; ++c)
      strip_sums<M, 1, Accumulate>(src + c * plane, stride, plane, rows, lo, hi, narrow, n, out + c * out_plane, out_plane);
  });
}

// source [1, C, H, W] contiguous → [K, C, out_h, out_w].
template <typename scalar_t>
void pool_forward(const at::Tensor& source, const Plan& plan, at::Tensor& out) {
  const int64_t channels = source.size(1), height = source.size(2), width = source.size(3);
  const int64_t out_h = plan.out_h, out_w = plan.out_w;
  const scalar_t* src = source.data_ptr<scalar_t>();
  scalar_t* dst = out.data_ptr<scalar_t>();
  const auto counts = column_counts<scalar_t>(plan);
  const int64_t rows = static_cast<int64_t>(plan.boxes.size()) * out_h;
  at::parallel_for(0, rows, 8, [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      const int64_t oh = row % out_h, k = row / out_h;
      const Box& box = plan.boxes[k];
      const int64_t ih0 = plan.row_first[k * out_h + oh], ih1 = plan.row_last[k * out_h + oh];
      const int64_t kh = ih1 - ih0;
      const scalar_t* top = src + (box.y0 + ih0) * width + box.x0;
      const int64_t* first = &plan.col_first[k * out_w];
      const int64_t* last = &plan.col_last[k * out_w];
      scalar_t* line = dst + (k * channels * out_h + oh) * out_w;   // channel 0's row of output row oh of box k
      channel_strip_sums<false>(top, width, height * width, channels, kh, first, last, plan.narrowest[k], out_w, line, out_h * out_w);
      for (int64_t c = 0; c < channels; ++c) {
        scalar_t* channel_line = line + c * out_h * out_w;
        divide_row(channel_line, channel_line, static_cast<scalar_t>(kh), &counts[k * out_w], out_w);
      }
    }
  });
}

// grad [K, C, out_h, out_w] contiguous → the gradient of the source, [1, C, H, W].
template <typename scalar_t>
void pool_backward(const at::Tensor& grad, const Plan& plan, at::Tensor& out) {
  const int64_t channels = out.size(1), height = out.size(2), width = out.size(3);
  const int64_t out_h = plan.out_h, out_w = plan.out_w;
  const auto k_count = static_cast<int64_t>(plan.boxes.size());
  // Every output element's share of each pixel of its window, as ATen computes it: grad / rows / columns.
  auto shares = at::empty_like(grad);
  const auto counts = column_counts<scalar_t>(plan);
  const scalar_t* g = grad.data_ptr<scalar_t>();
  scalar_t* d = shares.data_ptr<scalar_t>();
  at::parallel_for(0, k_count * channels * out_h, 16, [&](int64_t begin, int64_t end) {
    for (int64_t row = begin; row < end; ++row) {
      const int64_t oh = row % out_h, k = row / (out_h * channels);
      const auto rows = static_cast<scalar_t>(plan.row_last[k * out_h + oh] - plan.row_first[k * out_h + oh]);
      divide_row(d + row * out_w, g + row * out_w, rows, &counts[k * out_w], out_w);
    }
  });
  scalar_t* dst = out.data_ptr<scalar_t>();
  const int64_t plane = height * width, out_plane = out_h * out_w;
  at::parallel_for(0, height, 2, [&](int64_t begin, int64_t end) {
    for (int64_t y = begin; y < end; ++y) {
      for (int64_t c = 0; c < channels; ++c) std::fill(dst + c * plane + y * width, dst + c * plane + (y + 1) * width, scalar_t(0));
      for (int64_t k = k_count - 1; k >= 0; --k) {   // each box's share summed whole, then the boxes added last to first
        const Box& box = plan.boxes[k];
        const int64_t r = y - box.y0;
        if (r < 0 || r >= box.h) continue;
        const int64_t oh0 = plan.oh_first[plan.row_offset[k] + r], oh1 = plan.oh_last[plan.row_offset[k] + r];
        const scalar_t* share = d + (k * channels * out_h + oh0) * out_w;   // channel 0
        const int64_t* lo = &plan.ow_first[plan.col_offset[k]];
        const int64_t* hi = &plan.ow_last[plan.col_offset[k]];
        scalar_t* target = dst + y * width + box.x0;
        channel_strip_sums<true>(share, out_w, out_plane, channels, oh1 - oh0, lo, hi, plan.fewest[k], box.w, target, plane);
      }
    }
  });
}

bool fast_path(const at::Tensor& source, int64_t out_h, int64_t out_w) {
  return source.device().is_cpu() && source.layout() == at::kStrided && source.dim() == 4 && source.size(0) == 1 &&
         (source.scalar_type() == at::kFloat || source.scalar_type() == at::kDouble) && source.numel() > 0 &&
         source.is_contiguous() && !(out_h == 1 && out_w == 1);
}

at::Tensor crop_pool(const at::Tensor& source, const std::vector<int64_t>& boxes, int64_t out_h, int64_t out_w);

// The backward of the crop-and-pool: scatters [K, C, out_h, out_w] into one [1, C, H, W] image. Its own backward is
// the crop-and-pool again, so gradients of gradients (create_graph) stay exact.
struct CropPoolTranspose : public torch::autograd::Function<CropPoolTranspose> {
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& grad, const std::vector<int64_t>& boxes,
                            int64_t channels, int64_t height, int64_t width) {
    ctx->saved_data["boxes"] = boxes;
    ctx->saved_data["out_h"] = grad.size(2);
    ctx->saved_data["out_w"] = grad.size(3);
    const auto g = grad.contiguous();
    auto out = at::empty({1, channels, height, width}, g.options());
    const Plan plan(to_boxes(boxes), g.size(2), g.size(3), true);
    AT_DISPATCH_FLOATING_TYPES(g.scalar_type(), "crop_pool_backward", [&] { pool_backward<scalar_t>(g, plan, out); });
    return out;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::variable_list grads) {
    const auto boxes = ctx->saved_data["boxes"].toIntVector();
    const auto out_h = ctx->saved_data["out_h"].toInt(), out_w = ctx->saved_data["out_w"].toInt();
    return {crop_pool(grads[0], boxes, out_h, out_w), at::Tensor(), at::Tensor(), at::Tensor(), at::Tensor()};
  }
};

struct CropPool : public torch::autograd::Function<CropPool> {
  static at::Tensor forward(torch::autograd::AutogradContext* ctx, const at::Tensor& source, const std::vector<int64_t>& boxes,
                            int64_t out_h, int64_t out_w) {
    ctx->saved_data["boxes"] = boxes;
    ctx->saved_data["channels"] = source.size(1);
    ctx->saved_data["height"] = source.size(2);
    ctx->saved_data["width"] = source.size(3);
    const Plan plan(to_boxes(boxes), out_h, out_w, false);
    auto out = at::empty({static_cast<int64_t>(plan.boxes.size()), source.size(1), out_h, out_w}, source.options());
    AT_DISPATCH_FLOATING_TYPES(source.scalar_type(), "crop_pool", [&] { pool_forward<scalar_t>(source, plan, out); });
    return out;
  }

  static torch::autograd::variable_list backward(torch::autograd::AutogradContext* ctx, torch::autograd::variable_list grads) {
    const auto boxes = ctx->saved_data["boxes"].toIntVector();
    const auto& g = grads[0];
    auto gx = CropPoolTranspose::apply(g, boxes, ctx->saved_data["channels"].toInt(), ctx->saved_data["height"].toInt(),
                                       ctx->saved_data["width"].toInt());
    return {gx, at::Tensor(), at::Tensor(), at::Tensor()};
  }
};

// What CutoutSampler did before this operator: slices, adaptive_avg_pool2d, cat.
at::Tensor aten_crop_pool(const at::Tensor& source, const std::vector<Box>& boxes, int64_t out_h, int64_t out_w) {
  std::vector<at::Tensor> crops;
  crops.reserve(boxes.size());
  for (const auto& box : boxes)
    crops.push_back(at::adaptive_avg_pool2d(source.slice(2, box.y0, box.y0 + box.h).slice(3, box.x0, box.x0 + box.w), {out_h, out_w}));
  return at::cat(crops);
}

at::Tensor crop_pool(const at::Tensor& source, const std::vector<int64_t>& flat, int64_t out_h, int64_t out_w) {
  if (source.dim() != 4)
    throw std::invalid_argument("crop_pool: the source must be [N, C, H, W], got " + std::to_string(source.dim()) + " dimensions");
  if (out_h < 1 || out_w < 1)
    throw std::invalid_argument("crop_pool: the output size must be positive, got " + std::to_string(out_h) + "x" + std::to_string(out_w));
  const auto boxes = to_boxes(flat);
  if (boxes.empty()) throw std::invalid_argument("crop_pool: no boxes");
  const int64_t height = source.size(2), width = source.size(3);
  for (size_t k = 0; k < boxes.size(); ++k) {
    const auto& b = boxes[k];
    if (b.h < 1 || b.w < 1 || b.y0 < 0 || b.x0 < 0 || b.y0 > height - b.h || b.x0 > width - b.w)
      throw std::invalid_argument("crop_pool: box " + std::to_string(k) + " (y0 " + std::to_string(b.y0) + ", x0 " + std::to_string(b.x0) +
                                  ", h " + std::to_string(b.h) + ", w " + std::to_string(b.w) + ") is empty or not inside the " +
                                  std::to_string(height) + "x" + std::to_string(width) + " image");
  }
  if (!fast_path(source, out_h, out_w)) return aten_crop_pool(source, boxes, out_h, out_w);
  return CropPool::apply(source, flat, out_h, out_w);
}

}  // namespace

extern "C" {

int pt_crop_pool(pt_tensor source, const int64_t* boxes, int32_t count, int64_t out_h, int64_t out_w, pt_tensor* out) {
  PT_GUARD({
    if (count < 0 || (count > 0 && boxes == nullptr)) throw std::invalid_argument("crop_pool: invalid box list");
    *out = wrap(crop_pool(unwrap(source), std::vector<int64_t>(boxes, boxes + 4 * static_cast<int64_t>(count)), out_h, out_w));
  })
}

}  // extern "C"
