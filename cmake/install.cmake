# What `cmake --install` puts where: the plugin, its man page, the Icinga 2 CheckCommand and the example
# configuration. The Debian package is this install tree (dh_auto_install into debian/<package>), so a path
# changed here changes the package. Included at the end of the top-level CMakeLists.txt, after plugin/ has
# defined the target.
include(GNUInstallDirs)

# Monitoring plugins live in one architecture-independent directory: Icinga 2's PluginDir and the command lines
# in NRPE's configuration are /usr/lib/nagios/plugins on Debian (docs/plugin-contract.md). The multiarch
# CMAKE_INSTALL_LIBDIR (lib/x86_64-linux-gnu, which debhelper sets) would put the plugin where nothing looks.
set(DMK_PLUGINDIR "lib/nagios/plugins" CACHE STRING "Plugin directory, relative to CMAKE_INSTALL_PREFIX")

# Debian's icinga2-common ships /usr/share/icinga2/include/plugins-contrib, which does
# `include_recursive "plugins-contrib.d"`, and the default /etc/icinga2/icinga2.conf does
# `include <plugins-contrib>`: a CheckCommand file here is loaded with nothing copied by hand.
set(DMK_ICINGA2_CONTRIBDIR "${CMAKE_INSTALL_DATADIR}/icinga2/include/plugins-contrib.d"
    CACHE STRING "Icinga 2 plugins-contrib.d directory, relative to CMAKE_INSTALL_PREFIX")

install(TARGETS check_dmk_community RUNTIME DESTINATION "${DMK_PLUGINDIR}")

install(FILES "${PROJECT_SOURCE_DIR}/icinga-conf/dmk_community.conf" DESTINATION "${DMK_ICINGA2_CONTRIBDIR}")

# Icinga Web 2's graphite module (icingaweb2-module-graphite) reads every template in its own templates/
# directory, as Icinga 2 reads plugins-contrib.d: the graph template goes there, so the graphs appear once the
# module is installed, without this package depending on it (docs/web.md#graphs).
set(DMK_GRAPHITE_TEMPLATEDIR "${CMAKE_INSTALL_DATADIR}/icingaweb2/modules/graphite/templates"
    CACHE STRING "icingaweb2-module-graphite templates directory, relative to CMAKE_INSTALL_PREFIX")

install(FILES "${PROJECT_SOURCE_DIR}/icinga-conf/graphite/dmk_community.ini" DESTINATION "${DMK_GRAPHITE_TEMPLATEDIR}")

install(FILES "${PROJECT_SOURCE_DIR}/packaging/check_dmk_community.1" DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")

# Examples only, nothing under /etc: the NRPE snippet and the ini file name the sites to check, so they only work
# once an administrator has edited them (packaging/README.md explains the choice). Icinga 2 templates, the zone
# layout and the Nagios objects are site configuration too. icinga-conf/examples/ is flattened into examples/.
install(DIRECTORY "${PROJECT_SOURCE_DIR}/icinga-conf/templates"
                  "${PROJECT_SOURCE_DIR}/icinga-conf/zones.d"
                  "${PROJECT_SOURCE_DIR}/icinga-conf/nagios"
                  "${PROJECT_SOURCE_DIR}/icinga-conf/nrpe"
                  "${PROJECT_SOURCE_DIR}/icinga-conf/scripts"
                  "${PROJECT_SOURCE_DIR}/icinga-conf/director"
                  "${PROJECT_SOURCE_DIR}/icinga-conf/examples/"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}/examples")
