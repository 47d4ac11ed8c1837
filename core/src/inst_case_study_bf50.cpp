#include "case_study_impl.hpp"
namespace sodlift {
template class DiagonalSurrogate<::sodlift::bf50>;
template CaseStudyResult<::sodlift::bf50> case_study(const SensingProblem<::sodlift::bf50>&,
                                                     const Mat<::sodlift::bf50>&,
                                                     const CaseStudyParams<::sodlift::bf50>&);
}  // namespace sodlift
