// SymIndex: index tables of the symmetric tensors (hessian.hpp). Multisets
// j_0 <= ... <= j_{d-1} of [N] are ranked in the combinatorial number system
// (c_i = j_i + i is strictly increasing, rank = sum_i C(c_i, i+1)), so the
// ranks of size d are exactly 0 .. C(N+d-1, d) - 1.
#include <algorithm>
#include <cmath>
#include <string>

#include "sodlift/lifted/hessian.hpp"
#include "sodlift/support/errors.hpp"
#include "sodlift/support/memory.hpp"

namespace sodlift::lifted {

namespace {

// C(a, k) in long double (exact below 2^64).
long double binom_ld(int a, int k) {
  if (k < 0 || a < k) return 0;
  long double c = 1;
  for (int i = 1; i <= k; ++i) c = c * (a - k + i) / i;
  return std::round(c);
}

std::size_t binom(int a, int k) { return static_cast<std::size_t>(binom_ld(a, k)); }

}  // namespace

long double SymIndex::bytes_estimate(int N, int l, std::size_t scalar_bytes) {
  long double tables = 0, work = 0;
  for (int d = 0; d <= l; ++d) {
    const long double c = binom_ld(N + d - 1, d);
    tables += c * (N * sizeof(std::size_t) + sizeof(std::size_t) + sizeof(int));
    work = std::max(work, c * binom_ld(N + (l - d) - 1, l - d));
  }
  const long double dim = binom_ld(N + l - 1, l);
  tables += dim * (l * sizeof(int) + sizeof(double) + 32);
  return tables + 2 * work * scalar_bytes;
}

SymIndex::SymIndex(int N, int l) : N_(N), l_(l) {
  if (N < 1 || l < 1)
    throw input_error("SymIndex: need N >= 1 and l >= 1 (got N " + std::to_string(N) + ", l " +
                      std::to_string(l) + ")");
  if (binom_ld(N + l - 1, l) > 4e9L)
    throw memory_budget_error("the symmetric tensors of order " + std::to_string(l) + " over R^" +
                              std::to_string(N) + " have more than 4e9 coordinates");
  count_.resize(static_cast<std::size_t>(l) + 1);
  for (int d = 0; d <= l; ++d) count_[static_cast<std::size_t>(d)] = binom(N + d - 1, d);
  drop_.resize(static_cast<std::size_t>(l) + 1);
  dropk_.resize(static_cast<std::size_t>(l) + 1);
  ins_.resize(static_cast<std::size_t>(l) + 1);
  // Enumerate the multisets of each size in rank order: rank order of the
  // combinatorial number system is colex order of (c_0 < ... < c_{d-1}).
  std::vector<std::vector<int>> prev{{}};  // size 0
  for (int d = 1; d <= l; ++d) {
    std::vector<std::vector<int>> cur(count(d));
    // Every multiset of size d is a multiset of size d-1 plus an element >= its max.
    for (const auto& p : prev) {
      const int lo = p.empty() ? 0 : p.back();
      for (int k = lo; k < N; ++k) {
        std::vector<int> q = p;
        q.push_back(k);
        cur[rank(q)] = std::move(q);
      }
    }
    auto& dr = drop_[static_cast<std::size_t>(d)];
    auto& dk = dropk_[static_cast<std::size_t>(d)];
    dr.resize(cur.size());
    dk.resize(cur.size());
    for (std::size_t a = 0; a < cur.size(); ++a) {
      std::vector<int> q(cur[a].begin(), cur[a].end() - 1);
      dr[a] = rank(q);
      dk[a] = cur[a].back();
    }
    auto& in = ins_[static_cast<std::size_t>(d - 1)];
    in.resize(prev.size() * static_cast<std::size_t>(N));
    for (std::size_t a = 0; a < prev.size(); ++a)
      for (int k = 0; k < N; ++k) {
        std::vector<int> q = prev[a];
        q.insert(std::upper_bound(q.begin(), q.end(), k), k);
        in[a * static_cast<std::size_t>(N) + static_cast<std::size_t>(k)] = rank(q);
      }
    prev = std::move(cur);
  }
  tuples_ = std::move(prev);
  weights_.resize(tuples_.size());
  for (std::size_t a = 0; a < tuples_.size(); ++a) {
    // l! / prod mult! as a product of binomials C(run-end, mult).
    long double w = 1;
    int seen = 0;
    const auto& t = tuples_[a];
    for (std::size_t i = 0; i < t.size();) {
      std::size_t j = i;
      while (j < t.size() && t[j] == t[i]) ++j;
      const int mult = static_cast<int>(j - i);
      seen += mult;
      w *= binom_ld(seen, mult);
      i = j;
    }
    weights_[a] = static_cast<double>(w);
  }
}

std::size_t SymIndex::rank(const std::vector<int>& s) const {
  std::size_t r = 0;
  for (std::size_t i = 0; i < s.size(); ++i)
    r += binom(s[i] + static_cast<int>(i), static_cast<int>(i) + 1);
  return r;
}

long double landscape_sym_bytes(int N, int l, std::size_t scalar_bytes, int lanczos_basis,
                                int dense_max_dim) {
  const long double dim = binom_ld(N + l - 1, l);
  long double b = SymIndex::bytes_estimate(N, l, scalar_bytes) + 8 * dim * scalar_bytes;
  if (dim <= dense_max_dim)
    b += 3 * dim * dim * scalar_bytes;
  else
    b += (lanczos_basis + 8) * dim * sizeof(double);
  return b;
}

}  // namespace sodlift::lifted
