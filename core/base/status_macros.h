// Copyright 2026 The dedup Authors.
//
// Early-return helpers for absl::Status / absl::StatusOr. Abseil 20220623 ships
// neither RETURN_IF_ERROR nor ASSIGN_OR_RETURN, so the library defines its own.
#ifndef DEDUP_CORE_BASE_STATUS_MACROS_H_
#define DEDUP_CORE_BASE_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define DEDUP_CONCAT_INNER_(a, b) a##b
#define DEDUP_CONCAT_(a, b) DEDUP_CONCAT_INNER_(a, b)

// Returns the status from the enclosing function when `expr` is not OK.
#define RETURN_IF_ERROR(expr)                                          \
  do {                                                                 \
    ::absl::Status DEDUP_CONCAT_(dedup_status_, __LINE__) = (expr);    \
    if (!DEDUP_CONCAT_(dedup_status_, __LINE__).ok())                  \
      return DEDUP_CONCAT_(dedup_status_, __LINE__);                   \
  } while (0)

// `ASSIGN_OR_RETURN(auto x, MakeX());` unwraps a StatusOr or returns its error.
#define ASSIGN_OR_RETURN(lhs, rexpr) \
  DEDUP_ASSIGN_OR_RETURN_IMPL_(DEDUP_CONCAT_(dedup_statusor_, __LINE__), lhs, rexpr)
#define DEDUP_ASSIGN_OR_RETURN_IMPL_(tmp, lhs, rexpr) \
  auto tmp = (rexpr);                                 \
  if (!tmp.ok()) return std::move(tmp).status();      \
  lhs = std::move(tmp).value()

#endif  // DEDUP_CORE_BASE_STATUS_MACROS_H_
