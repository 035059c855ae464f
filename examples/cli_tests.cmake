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

# ---- dxsim npv (cost/finance) -----------------------------------------------------
# numpy-financial test_npv_decimal: npv(0.05, [-15000, 1500, 2500, 3500, 4500, 6000]) = 122.8948...;
# its IRR 0.0524 (numpy-financial test_basic_values).
add_test(NAME cli_npv COMMAND dxsim_cli npv 0.05 -15000 1500 2500 3500 4500 6000)
set_tests_properties(cli_npv PROPERTIES LABELS cli
  PASS_REGULAR_EXPRESSION "npv +122\\.89.*irr +0\\.0524.*payback +4\\.5000 years.*discounted payback")
# Two IRRs (0.1 and 0.2, by hand) are reported as ambiguous, not as one number.
add_test(NAME cli_npv_two_irrs COMMAND dxsim_cli npv 4% -100 230 -132)
set_tests_properties(cli_npv_two_irrs PROPERTIES LABELS cli
  PASS_REGULAR_EXPRESSION "irr +ambiguous: 2 roots: 0\\.1000000000 0\\.2000000000")
add_test(NAME cli_npv_bad_rate COMMAND dxsim_cli npv four -100 120)
set_tests_properties(cli_npv_bad_rate PROPERTIES LABELS cli WILL_FAIL TRUE)
