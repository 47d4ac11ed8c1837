// Explicit instantiation of the lifted Hessian (hessian.hpp) for one scalar;
// its own translation unit per scalar (ENGINEERING.md pitfall 9).
#pragma once
#include "hessian_impl.hpp"

#define SODLIFT_INSTANTIATE_LIFTED_HESSIAN(T)                                                   \
  namespace sodlift::lifted {                                                                   \
  template struct LiftedHessianFactors<T>;                                                      \
  template LiftedHessianFactors<T> lifted_hessian_factors(const SensingProblem<T>&,             \
                                                          const Mat<T>&, int);                  \
  template DenseTensor<T> kron_power_apply(const Mat<T>&, const DenseTensor<T>&);               \
  template DenseTensor<T> hessian_apply_full(const LiftedHessianFactors<T>&,                    \
                                             const DenseTensor<T>&);                            \
  template std::vector<T> sym_weights<T>(const SymIndex&);                                      \
  template std::vector<T> sym_kron_power_apply(const SymIndex&, const Mat<T>&,                  \
                                               const std::vector<T>&);                          \
  template std::vector<T> hessian_apply_sym(const SymIndex&, const LiftedHessianFactors<T>&,    \
                                            const std::vector<T>&);                             \
  template T sym_dot_rank1(const SymIndex&, const std::vector<T>&, const std::vector<T>&,       \
                           const Vec<T>&);                                                      \
  template DenseTensor<T> sym_to_dense(const SymIndex&, const std::vector<T>&);                 \
  template std::vector<T> dense_to_sym(const SymIndex&, const DenseTensor<T>&);                 \
  template LandscapeResult<T> lifted_landscape(const SensingProblem<T>&,                        \
                                               const SodIngredients<T>&, int,                   \
                                               const LandscapeOptions&);                        \
  template SaddleTheorem<T> saddle_theorem(const SensingProblem<T>&, const SodIngredients<T>&); \
  }
