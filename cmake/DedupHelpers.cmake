# Target helpers: one library per core component, one test executable per
# component, one benchmark executable per component.

add_library(dedup_warnings INTERFACE)
target_compile_options(dedup_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wno-missing-field-initializers
  $<$<CXX_COMPILER_ID:GNU>:-Wshadow=local> $<$<CXX_COMPILER_ID:Clang>:-Wshadow-uncaptured-local>
  -Werror=return-type -Werror=unused-result -Werror=format)
if(DEDUP_SANITIZE)
  target_compile_options(dedup_warnings INTERFACE -fsanitize=${DEDUP_SANITIZE} -fno-omit-frame-pointer)
  target_link_options(dedup_warnings INTERFACE -fsanitize=${DEDUP_SANITIZE})
endif()

# dedup_add_library(NAME SRCS a.cc b.cc DEPS dedup::base ... PRIVATE_DEPS ...)
# creates dedup_NAME with alias dedup::NAME.
function(dedup_add_library name)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS;PRIVATE_DEPS" ${ARGN})
  if(ARG_SRCS)
    add_library(dedup_${name} STATIC ${ARG_SRCS})
    target_include_directories(dedup_${name} PUBLIC
      $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>)
    target_compile_features(dedup_${name} PUBLIC cxx_std_20)
    target_link_libraries(dedup_${name} PUBLIC ${ARG_DEPS} PRIVATE dedup_warnings ${ARG_PRIVATE_DEPS})
  else()
    add_library(dedup_${name} INTERFACE)
    target_include_directories(dedup_${name} INTERFACE
      $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}>)
    target_compile_features(dedup_${name} INTERFACE cxx_std_20)
    target_link_libraries(dedup_${name} INTERFACE ${ARG_DEPS})
  endif()
  add_library(dedup::${name} ALIAS dedup_${name})
endfunction()

# dedup_add_test(COMPONENT SRCS x_test.cc ... DEPS ...): one gtest executable
# per component, labelled with the component, given --corpus_dir via env.
function(dedup_add_test component)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  set(target ${component}_test)
  add_executable(${target} ${ARG_SRCS})
  target_link_libraries(${target} PRIVATE ${ARG_DEPS} dedup_testing GTest::gtest_main GTest::gmock dedup_warnings)
  add_test(NAME ${target} COMMAND ${target})
  set_tests_properties(${target} PROPERTIES
    LABELS ${component}
    ENVIRONMENT "DEDUP_CORPUS_DIR=${PROJECT_SOURCE_DIR}/corpus;DEDUP_BINARY=$<TARGET_FILE:dedup>;DEDUP_BUILD_DIR=${PROJECT_BINARY_DIR}")
endfunction()

# dedup_add_bench(COMPONENT SRCS x_bench.cc DEPS ...)
function(dedup_add_bench component)
  cmake_parse_arguments(ARG "" "" "SRCS;DEPS" ${ARGN})
  add_executable(${component}_bench ${ARG_SRCS})
  target_link_libraries(${component}_bench PRIVATE ${ARG_DEPS} dedup_benchcommon benchmark::benchmark dedup_warnings)
endfunction()
