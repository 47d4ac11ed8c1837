// Explicit instantiation of the §6.1 case studies for one scalar (double and
// bf50 only: the fig8/fig9 claims and the tests use those two); CMake
// generates one translation unit per scalar (sodlift_instantiate).
#pragma once
#include "case_study_impl.hpp"

#define SODLIFT_INSTANTIATE_CASE_STUDY(T)                                              \
  namespace sodlift {                                                                  \
  template class DiagonalSurrogate<T>;                                                 \
  template CaseStudyResult<T> case_study(const SensingProblem<T>&, const Mat<T>&,      \
                                         const CaseStudyParams<T>&);                   \
  }
