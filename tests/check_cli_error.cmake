# Runs CMD validate ARG and requires a non-zero exit and stderr matching EXPECT.
execute_process(COMMAND ${CMD} validate ${ARG} RESULT_VARIABLE rc
                OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(rc EQUAL 0)
  message(FATAL_ERROR "expected a non-zero exit, got 0 (stdout: ${out})")
endif()
if(NOT err MATCHES "${EXPECT}")
  message(FATAL_ERROR "stderr does not match '${EXPECT}':\n${err}")
endif()
message(STATUS "ok: exit ${rc}: ${err}")
