# One golden-output test of the iedu program, run as
#   cmake -DIEDU=prog -DARGS="a,b,c" -DEXPECTED=file -DSTATUS=n -DOUT=dir -P golden.cmake
# (ARGS separated by commas, so that an argument may hold spaces)
# Runs the program and compares its standard output, byte for byte, with
# the committed file, and its exit status with STATUS. With -DUPDATE=1 it
# rewrites the file instead (review the diff before committing it).
foreach(_var IEDU EXPECTED STATUS OUT)
  if(NOT DEFINED ${_var})
    message(FATAL_ERROR "golden.cmake: -D${_var}=... is required")
  endif()
endforeach()

string(REPLACE "," ";" ARGS "${ARGS}")
execute_process(COMMAND "${IEDU}" ${ARGS}
  RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
get_filename_component(_name "${EXPECTED}" NAME)
file(MAKE_DIRECTORY "${OUT}")
file(WRITE "${OUT}/${_name}" "${_out}")

if(UPDATE)
  file(WRITE "${EXPECTED}" "${_out}")
  message(STATUS "rewrote ${EXPECTED}")
  return()
endif()
if(NOT _rc EQUAL STATUS)
  message(FATAL_ERROR "iedu ${ARGS}: exit status ${_rc}, expected ${STATUS}\n${_err}")
endif()
file(READ "${EXPECTED}" _want)
if(NOT _out STREQUAL _want)
  find_program(_diff diff)
  if(_diff)
    execute_process(COMMAND "${_diff}" -u "${EXPECTED}" "${OUT}/${_name}"
      OUTPUT_VARIABLE _d)
  endif()
  message(FATAL_ERROR "iedu ${ARGS}: output differs from ${EXPECTED}:\n${_d}")
endif()
