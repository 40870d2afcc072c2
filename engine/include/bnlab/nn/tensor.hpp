// Matrix types shared by the layers. Activations are (features x batch),
// column-major: one column per example, so a batch is contiguous per example
// and dense layers are one matrix product.
#pragma once
#include <Eigen/Core>

namespace bnlab {

template <class T> using Mat = Eigen::Matrix<T, Eigen::Dynamic, Eigen::Dynamic>;
template <class T> using Vec = Eigen::Matrix<T, Eigen::Dynamic, 1>;
template <class T> using MatRef = Eigen::Ref<Mat<T>>;
template <class T> using CMatRef = Eigen::Ref<const Mat<T>>;
template <class T> using VecMap = Eigen::Map<Vec<T>>;
template <class T> using MatMap = Eigen::Map<Mat<T>>;

// How batch norm normalizes during a forward pass.
enum class Mode {
  train,       // batch statistics; update running averages; save for backward
  probe,       // batch statistics of this batch; change nothing
  infer,       // running averages (test time)
  last_batch,  // statistics saved from the last training batch
};

}  // namespace bnlab
