// oneDNN plumbing shared by the bridge's oneDNN paths (linear.cpp, eltwise.cpp); only with PYTTI_HAVE_ONEDNN.
#pragma once
#include <oneapi/dnnl/dnnl.hpp>

#include <unordered_map>

namespace pytti {

// The process's one CPU engine.
dnnl::engine& onednn_engine();

// Runs p on a fresh stream of that engine and waits for it to finish.
void onednn_execute(const dnnl::primitive& p, const std::unordered_map<int, dnnl::memory>& args);

}  // namespace pytti
