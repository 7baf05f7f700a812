# SPDX-License-Identifier: GPL-3.0-or-later
# Layers as build targets. Each layer is a static library with an include view of its own: a folder
# in the build tree holding links to the headers of that layer and of the layers it is allowed to
# use, and nothing else. A file that includes a header of a layer it may not use does not compile,
# because that header is not on its include path.
#
#   muster_add_layer(<name> DIR <folder> SOURCES <files...> [USES <layers...>] [LIBS <libraries...>])
#
# <folder> is relative to the include root, which is also how includes name it ("core/registry.h").
# USES lists the layers this one may include and links them; what they may use comes along.
# muster_use_layers(<target> <layers...>) gives any other target (the console, the app) such a view.

set(MUSTER_LAYER_VIEWS ${CMAKE_BINARY_DIR}/layer-views)

function(_muster_layer_closure out)
    set(closure)
    foreach(layer IN LISTS ARGN)
        get_property(defined GLOBAL PROPERTY MUSTER_LAYER_${layer}_DEFINED)
        if(NOT defined)
            message(FATAL_ERROR "layer '${layer}' is used before it is defined, or does not exist")
        endif()
        get_property(uses GLOBAL PROPERTY MUSTER_LAYER_${layer}_CLOSURE)
        list(APPEND closure ${layer} ${uses})
    endforeach()
    list(REMOVE_DUPLICATES closure)
    set(${out} ${closure} PARENT_SCOPE)
endfunction()

function(_muster_make_view target)
    set(view ${MUSTER_LAYER_VIEWS}/${target})
    file(REMOVE_RECURSE ${view})
    foreach(layer IN LISTS ARGN)
        get_property(root GLOBAL PROPERTY MUSTER_LAYER_${layer}_ROOT)
        get_property(headers GLOBAL PROPERTY MUSTER_LAYER_${layer}_HEADERS)
        foreach(header IN LISTS headers)
            get_filename_component(dir ${view}/${header} DIRECTORY)
            file(MAKE_DIRECTORY ${dir})
            file(CREATE_LINK ${root}/${header} ${view}/${header} SYMBOLIC)
        endforeach()
    endforeach()
    target_include_directories(${target} PRIVATE ${view})
endfunction()

function(muster_add_layer name)
    cmake_parse_arguments(PARSE_ARGV 1 L "" "DIR;ROOT" "SOURCES;USES;LIBS")
    if(NOT L_ROOT)
        set(L_ROOT ${CMAKE_CURRENT_SOURCE_DIR})
    endif()
    set(target muster_${name})
    list(TRANSFORM L_SOURCES PREPEND ${L_DIR}/ OUTPUT_VARIABLE paths)
    qt_add_library(${target} STATIC ${paths})

    set(headers ${paths})
    list(FILTER headers INCLUDE REGEX "\\.h$")
    set_property(GLOBAL PROPERTY MUSTER_LAYER_${name}_ROOT ${L_ROOT})
    set_property(GLOBAL PROPERTY MUSTER_LAYER_${name}_HEADERS ${headers})
    _muster_layer_closure(closure ${L_USES})
    set_property(GLOBAL PROPERTY MUSTER_LAYER_${name}_CLOSURE ${closure})
    set_property(GLOBAL PROPERTY MUSTER_LAYER_${name}_DEFINED TRUE)

    _muster_make_view(${target} ${name} ${closure})
    # A layer's headers reach only its own view's headers, so its layers link PRIVATE; the Qt modules
    # its headers name are PUBLIC, for whoever includes them.
    foreach(layer IN LISTS L_USES)
        target_link_libraries(${target} PRIVATE muster_${layer})
    endforeach()
    target_link_libraries(${target} PUBLIC ${L_LIBS})
endfunction()

function(muster_use_layers target)
    _muster_layer_closure(closure ${ARGN})
    _muster_make_view(${target} ${closure})
    foreach(layer IN LISTS ARGN)
        target_link_libraries(${target} PUBLIC muster_${layer})
    endforeach()
endfunction()
