cmake_minimum_required(VERSION 3.25)
# The whole advice on stored probe results, against a stored expected JSON: any change in a
# figure, a name or an order shows as a difference. Paths of this checkout read <source>, so
# the file holds on any clone. Only the bundled catalogs count (no user or environment ones).
#   ADVISE, MODEL, PROBE_RESULTS, EXPECTED, SOURCE_DIR, WORK_DIR; EXTRA (more arguments, separated by |).
# With -DREGENERATE=ON the expected file is written instead: do that only on purpose, when a
# change of output is meant, and say why in the commit.
string(REPLACE "|" ";" EXTRA "${EXTRA}")
unset(ENV{ADVISE_PRICING})
set(ENV{XDG_CONFIG_HOME} "${SOURCE_DIR}/no-such-config-dir")
execute_process(COMMAND ${ADVISE} --model ${MODEL} --probe-results ${PROBE_RESULTS} --format json --no-cache
                        --today 2026-12-01 ${EXTRA}
                RESULT_VARIABLE exit_code OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT exit_code EQUAL 0)
  message(FATAL_ERROR "advise exited ${exit_code}: ${err}")
endif()
string(REPLACE "${SOURCE_DIR}" "<source>" out "${out}")
if(REGENERATE)
  file(WRITE ${EXPECTED} "${out}")
  message(STATUS "wrote ${EXPECTED}")
  return()
endif()
file(READ ${EXPECTED} expected)
if(NOT out STREQUAL expected)
  get_filename_component(name ${EXPECTED} NAME)
  set(got ${WORK_DIR}/${name}.got)
  file(WRITE ${got} "${out}")
  execute_process(COMMAND diff -u ${EXPECTED} ${got} OUTPUT_VARIABLE difference)
  string(SUBSTRING "${difference}" 0 4000 difference)
  message(FATAL_ERROR "output differs from ${EXPECTED} (the output: ${got}):\n${difference}")
endif()
message(STATUS "identical to ${EXPECTED}")
