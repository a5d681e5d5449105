# The round trip at scale, run as cmake -DGEN=... -DIEDU=... -DDIR=... -P:
# iedu-gen writes a document of 2000 organisations (over 10,000 records,
# in a non-canonical order with forward references); it must check
# without error, and exporting it, importing the export and exporting
# again must give identical bytes.
#
# The generator designs its data to raise none of the findings below, so
# one of them means the generator or the check went wrong. Other findings
# (say, two generated organisations with equal names) are allowed.

foreach(_var GEN IEDU DIR)
  if(NOT DEFINED ${_var})
    message(FATAL_ERROR "roundtrip.cmake: -D${_var}=... is required")
  endif()
endforeach()

set(_min_records 10000)
set(_unexpected member-count parts-short date-order event-after-source
                same-identifier uscc-check)

file(MAKE_DIRECTORY "${DIR}")
foreach(_file gen.xml a.xml b.xml)
  file(REMOVE "${DIR}/${_file}")
endforeach()

function(run)
  execute_process(COMMAND ${ARGN}
    RESULT_VARIABLE _rc OUTPUT_VARIABLE _out ERROR_VARIABLE _err)
  if(NOT _rc EQUAL 0)
    string(REPLACE ";" " " _cmd "${ARGN}")
    message(FATAL_ERROR "'${_cmd}' exited with ${_rc}:\n${_err}")
  endif()
  set(run_output "${_out}" PARENT_SCOPE)
endfunction()

run("${GEN}" -n 2000 -s 1 -o "${DIR}/gen.xml")

run("${IEDU}" check "${DIR}/gen.xml")
string(REGEX MATCHALL "warning: [^\n]*" _findings "${run_output}")
list(LENGTH _findings _nfindings)
message(STATUS "iedu check gen.xml: exit 0, ${_nfindings} findings")
foreach(_name IN LISTS _unexpected)
  if(run_output MATCHES "\\[${_name}\\]")
    message(FATAL_ERROR "unexpected '${_name}' finding:\n${run_output}")
  endif()
endforeach()

run("${IEDU}" export "${DIR}/gen.xml" -o "${DIR}/a.xml")
run("${IEDU}" export "${DIR}/a.xml" -o "${DIR}/b.xml")

# Canonical output puts every record on a line of its own, indented by two.
file(STRINGS "${DIR}/a.xml" _records REGEX
  "^  <(source|organization|person|membership|post|relation|designation|event|agreement|statistic)[ />]")
list(LENGTH _records _nrecords)
message(STATUS "a.xml: ${_nrecords} records")
if(_nrecords LESS_EQUAL _min_records)
  message(FATAL_ERROR
    "a.xml has ${_nrecords} records; expected more than ${_min_records}")
endif()

execute_process(
  COMMAND "${CMAKE_COMMAND}" -E compare_files "${DIR}/a.xml" "${DIR}/b.xml"
  RESULT_VARIABLE _differ)
if(_differ)
  message(FATAL_ERROR
    "export, import, export changed the bytes: diff ${DIR}/a.xml ${DIR}/b.xml")
endif()
message(STATUS "a.xml and b.xml are identical")
