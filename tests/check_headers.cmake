# Compile each public header alone: C11 pedantic with -Werror, and as C++.
foreach(h IN LISTS HEADERS)
  string(MAKE_C_IDENTIFIER ${h} id)
  set(c ${BIN}/hdrcheck_${id}.c)
  file(WRITE ${c} "#include <${h}>\n#include <${h}>\nint dx_header_check_${id}(void);\nint dx_header_check_${id}(void) { return 0; }\n")
  execute_process(COMMAND ${CC} -std=c11 -Wall -Wextra -pedantic -Werror -c ${c}
                          -I${SRC}/include -I${BIN}/include -o ${c}.o
                  RESULT_VARIABLE rc ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "${h} does not compile alone as C11:\n${err}")
  endif()
  find_program(CXX NAMES c++ g++)
  if(CXX)
    set(cc ${BIN}/hdrcheck_${id}.cpp)
    file(WRITE ${cc} "#include <${h}>\nint main() { return 0; }\n")
    execute_process(COMMAND ${CXX} -std=c++11 -Wall -Wextra -pedantic -Werror -c ${cc}
                            -I${SRC}/include -I${BIN}/include -o ${cc}.o
                    RESULT_VARIABLE rc ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      message(FATAL_ERROR "${h} does not compile alone as C++:\n${err}")
    endif()
  endif()
  message(STATUS "ok ${h}")
endforeach()
