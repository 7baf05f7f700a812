# SPDX-License-Identifier: GPL-3.0-or-later
# Installs the system service, run at install time: only then is CMAKE_INSTALL_PREFIX the prefix
# the files go under (CPack's /usr for the package, whatever the build tree was configured with),
# and the unit must name the binary and the configuration where they are installed. The
# configuration goes where GNUInstallDirs puts it: /etc under the prefix /usr.
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
    set(sysconfdir /etc)
else()
    set(sysconfdir "${CMAKE_INSTALL_PREFIX}/etc")
endif()
set(MUSTER_BINARY "${CMAKE_INSTALL_PREFIX}/${MUSTER_BINDIR}/muster")
set(MUSTER_CONFIG "${sysconfdir}/muster/muster.ini")
configure_file("${MUSTER_UNIT_SOURCE}" "${MUSTER_UNIT_BUILT}" @ONLY)
file(INSTALL "${MUSTER_UNIT_BUILT}" DESTINATION "${CMAKE_INSTALL_PREFIX}/${MUSTER_SYSTEMD_UNITDIR}"
     PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
file(INSTALL "${MUSTER_CONFIG_SOURCE}" DESTINATION "${sysconfdir}/muster"
     PERMISSIONS OWNER_READ OWNER_WRITE GROUP_READ WORLD_READ)
