// Explicit instantiation of the lifted templates for one scalar; each
// inst_lifted_<scalar>.cpp expands it once (ENGINEERING.md pitfall 9).
#pragma once
#include "descent_impl.hpp"
#include "problem_impl.hpp"
#include "rank1_impl.hpp"
#include "subspace_impl.hpp"
#include "tensor_impl.hpp"
#include "xtensor_impl.hpp"

#define SODLIFT_INSTANTIATE_LIFTED(T)                                                            \
  namespace sodlift::lifted {                                                                    \
  template struct DenseTensor<T>;                                                                \
  template DenseTensor<T> lift_matrix(const Mat<T>&, int);                                       \
  template DenseTensor<T> lift_vector(const Vec<T>&, int);                                       \
  template T inner(const DenseTensor<T>&, const DenseTensor<T>&);                                \
  template T norm(const DenseTensor<T>&);                                                        \
  template void axpy(const T&, const DenseTensor<T>&, DenseTensor<T>&);                          \
  template DenseTensor<T> scaled(const T&, const DenseTensor<T>&);                               \
  template T max_abs_diff(const DenseTensor<T>&, const DenseTensor<T>&);                         \
  template void require_same_shape(const DenseTensor<T>&, const DenseTensor<T>&, const char*);   \
  template class LiftedProblem<T>;                                                               \
  template T lifted_objective(const LiftedProblem<T>&, const DenseTensor<T>&, Backend);          \
  template DenseTensor<T> lifted_gradient(const LiftedProblem<T>&, const DenseTensor<T>&,        \
                                          Backend);                                              \
  template ObjectiveGradient<T> lifted_objective_gradient(const LiftedProblem<T>&,               \
                                                          const DenseTensor<T>&, Backend);       \
  template SubspaceBasis<T> make_subspace_basis(const LiftedProblem<T>&,                         \
                                                const SodIngredients<T>&);                       \
  template SubspaceBasis<T> make_subspace_basis(const LiftedProblem<T>&, const Vec<T>&,          \
                                                const Vec<T>&, const Vec<T>&);                   \
  template Vec<T> project_coefficients(const SubspaceBasis<T>&, const DenseTensor<T>&);          \
  template DenseTensor<T> combine(const SubspaceBasis<T>&, const Vec<T>&);                       \
  template DenseTensor<T> project(const SubspaceBasis<T>&, const DenseTensor<T>&);               \
  template TpgdSubterms<T> tpgd_subterms(const LiftedProblem<T>&, const SubspaceBasis<T>&,       \
                                         const T&, const T&, const T&, Backend);                 \
  template void check_descent_options<T>(const DescentOptions&);                                 \
  template std::vector<StepRecord<T>> run_pgd(const LiftedProblem<T>&, const SubspaceBasis<T>&,  \
                                              const DescentOptions&, const StepCallback<T>&);    \
  template std::vector<StepRecord<T>> run_tpgd(const LiftedProblem<T>&, const SubspaceBasis<T>&, \
                                               const DescentOptions&, const StepCallback<T>&);   \
  template std::vector<StepRecord<T>> run_gd(const LiftedProblem<T>&, const SubspaceBasis<T>&,   \
                                             const DescentOptions&, const StepCallback<T>&);     \
  template Rank1Result<T> best_rank1(const DenseTensor<T>&, int, int,                            \
                                     const std::vector<std::pair<std::string, Vec<T>>>&, int);   \
  template Vec<T> contract_all_but_one(const DenseTensor<T>&, const Vec<T>&);                    \
  }
