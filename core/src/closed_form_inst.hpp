// Explicit instantiation of the closed form and the escape pipeline for one
// scalar; each inst_closed_form_<scalar>.cpp expands it once (pitfall 9).
#pragma once
#include "closed_form_impl.hpp"
#include "escape_pipeline_impl.hpp"

#define SODLIFT_INSTANTIATE_CLOSED_FORM(T)                                                                  \
  namespace sodlift {                                                                                       \
  template std::string decimal_from_log10(const T&, int);                                                   \
  template QuarticDecrease<T> single_step_quartic(const SensingProblem<T>&, const SodIngredients<T>&);      \
  template SingleStepResult<T> single_step(const SensingProblem<T>&, const SodIngredients<T>&, const T&);   \
  template TpgdCoefficients<T> tpgd_coefficients(int, const T&, const T&, long long, const T&, const T&);   \
  template T max_sensing_spectral_norm(const SensingProblem<T>&);                                           \
  template MultiStepResult<T> multi_step(const SensingProblem<T>&, const SodIngredients<T>&, int, const T&, \
                                         const T&, long long, const T&);                                    \
  template GdRun<T> gradient_descent(const SensingProblem<T>&, const Mat<T>&, const GdOptions<T>&,          \
                                     const Mat<T>*);                                                        \
  template EscapeResult<T> escape_pipeline(const SensingProblem<T>&, const Mat<T>&, const EscapeOptions<T>&); \
  }
