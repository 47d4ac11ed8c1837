#include "case_study_impl.hpp"
namespace sodlift {
template class DiagonalSurrogate<double>;
template CaseStudyResult<double> case_study(const SensingProblem<double>&, const Mat<double>&,
                                            const CaseStudyParams<double>&);
}  // namespace sodlift
