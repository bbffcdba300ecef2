// no fused kernels
