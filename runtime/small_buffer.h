// runtime/small_buffer.h — n values for the length of one call: on the stack up to N, else on
// the heap. For per-call buffers on hot paths (a step's inputs, an epilogue's steps and
// operands), where a std::vector would allocate every call.
#pragma once

#include <array>
#include <cstddef>
#include <span>
#include <vector>

namespace kiln {

template <class T, size_t N>
class SmallBuffer {
 public:
  explicit SmallBuffer(size_t n)
      : heap_(n > N ? n : 0), data_(n > N ? heap_.data() : local_.data()), size_(n) {}
  SmallBuffer(const SmallBuffer&) = delete;  // (data_ may point into local_)
  SmallBuffer& operator=(const SmallBuffer&) = delete;

  T* data() { return data_; }
  size_t size() const { return size_; }
  T& operator[](size_t i) { return data_[i]; }
  std::span<T> span() { return {data_, size_}; }

 private:
  std::array<T, N> local_{};
  std::vector<T> heap_;
  T* data_;
  size_t size_;
};

}  // namespace kiln
