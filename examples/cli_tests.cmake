# ---- main job: demo / run / validate -------------------------------------------
add_test(NAME cli_demo COMMAND dxsim_cli demo -o ${CMAKE_CURRENT_BINARY_DIR}/demo-out)
set_tests_properties(cli_demo PROPERTIES LABELS cli
  PASS_REGULAR_EXPRESSION "wrote .*report.md")
add_test(NAME cli_demo_files COMMAND ${CMAKE_COMMAND} -E cat
  ${CMAKE_CURRENT_BINARY_DIR}/demo-out/report.md ${CMAKE_CURRENT_BINARY_DIR}/demo-out/results.csv
  ${CMAKE_CURRENT_BINARY_DIR}/demo-out/results.json)
set_tests_properties(cli_demo_files PROPERTIES LABELS cli DEPENDS cli_demo
  PASS_REGULAR_EXPRESSION "## Comparison.*rank,id,feasible.*\"technologies\"")
add_test(NAME cli_run_malformed COMMAND dxsim_cli run ${PROJECT_SOURCE_DIR}/tests/data/scenario_malformed.xml
  -o ${CMAKE_CURRENT_BINARY_DIR}/bad-out)
set_tests_properties(cli_run_malformed PROPERTIES LABELS cli WILL_FAIL TRUE)
add_test(NAME cli_run_malformed_message COMMAND ${CMAKE_COMMAND}
  -DCMD=$<TARGET_FILE:dxsim_cli> -DARG=${PROJECT_SOURCE_DIR}/tests/data/scenario_malformed.xml
  -DEXPECT=scenario_malformed.xml:[0-9]+:.*malformed XML
  -P ${PROJECT_SOURCE_DIR}/tests/check_cli_error.cmake)
set_tests_properties(cli_run_malformed_message PROPERTIES LABELS cli)
add_test(NAME cli_validate_bad_value COMMAND ${CMAKE_COMMAND}
  -DCMD=$<TARGET_FILE:dxsim_cli> -DARG=${PROJECT_SOURCE_DIR}/tests/data/scenario_bad_value.xml
  "-DEXPECT=scenario_bad_value.xml:4: <scenario>/<area>: attribute width_m = -250 m is outside the allowed range 10 .. 200000 m"
  -P ${PROJECT_SOURCE_DIR}/tests/check_cli_error.cmake)
set_tests_properties(cli_validate_bad_value PROPERTIES LABELS cli)
foreach(xml IN ITEMS farm-halow-lorawan factory-local5g)
  if(EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/scenarios/${xml}.xml)
    add_test(NAME cli_run_${xml} COMMAND dxsim_cli run ${CMAKE_CURRENT_SOURCE_DIR}/scenarios/${xml}.xml
             -o ${CMAKE_CURRENT_BINARY_DIR}/${xml}-out)
    set_tests_properties(cli_run_${xml} PROPERTIES LABELS cli PASS_REGULAR_EXPRESSION "wrote ")
  endif()
endforeach()
