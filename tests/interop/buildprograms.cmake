# SPDX-License-Identifier: GPL-3.0-or-later
# Builds the interop tests' programs into OUT (cmake -P, run by the interop.build fixture test):
#   OUT/maven/eureka-server/eureka-server.jar, OUT/maven/eureka-client/eureka-client.jar,
#   OUT/maven/servicecomb-client/servicecomb-client.jar                                  (mvn package)
#   OUT/scdriver                                                                           (go build)
# Each is built again only when one of its sources is newer than its stamp.

foreach(tool JAVA MAVEN GO)
    if(NOT ${tool} OR ${tool} MATCHES "NOTFOUND$")
        message(FATAL_ERROR "interop.build: ${tool} was not found when CMake configured the build; "
                            "run installer/install-deps.sh and configure again")
    endif()
endforeach()

function(needs_build stamp result)
    set(${result} FALSE PARENT_SCOPE)
    if(NOT EXISTS "${stamp}")
        set(${result} TRUE PARENT_SCOPE)
        return()
    endif()
    foreach(source IN LISTS ARGN)
        if("${source}" IS_NEWER_THAN "${stamp}")
            set(${result} TRUE PARENT_SCOPE)
            return()
        endif()
    endforeach()
endfunction()

file(GLOB_RECURSE maven_sources "${SOURCE}/pom.xml" "${SOURCE}/eureka-server/*" "${SOURCE}/eureka-client/*"
     "${SOURCE}/servicecomb-client/*")
needs_build("${OUT}/maven.stamp" build_maven ${maven_sources})
if(build_maven)
    message(STATUS "interop.build: mvn package (Spring Boot and ServiceComb jars) into ${OUT}/maven")
    get_filename_component(java_bin "${JAVA}" DIRECTORY)
    execute_process(
        COMMAND "${CMAKE_COMMAND}" -E env "PATH=${java_bin}:$ENV{PATH}"
                "${MAVEN}" -q -B package -DskipTests "-Dmuster.interop.out=${OUT}/maven"
        WORKING_DIRECTORY "${SOURCE}"
        RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "interop.build: mvn package failed (${rc})")
    endif()
    file(TOUCH "${OUT}/maven.stamp")
endif()

file(GLOB go_sources "${SOURCE}/go/*")
needs_build("${OUT}/scdriver" build_go ${go_sources})
if(build_go)
    message(STATUS "interop.build: go build (go-chassis sc-client driver) into ${OUT}/scdriver")
    execute_process(
        COMMAND "${CMAKE_COMMAND}" -E env GOTOOLCHAIN=local GOFLAGS=-mod=readonly
                "${GO}" build -buildvcs=false -o "${OUT}/scdriver" .
        WORKING_DIRECTORY "${SOURCE}/go"
        RESULT_VARIABLE rc)
    if(NOT rc EQUAL 0)
        message(FATAL_ERROR "interop.build: go build failed (${rc})")
    endif()
endif()

foreach(program "${OUT}/maven/eureka-server/eureka-server.jar" "${OUT}/maven/eureka-client/eureka-client.jar"
                "${OUT}/maven/servicecomb-client/servicecomb-client.jar" "${OUT}/scdriver")
    if(NOT EXISTS "${program}")
        message(FATAL_ERROR "interop.build: ${program} is missing after the build")
    endif()
endforeach()
message(STATUS "interop.build: programs ready in ${OUT}")
