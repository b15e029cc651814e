# Run by `cmake --install` (bindings/csharp/CMakeLists.txt): writes the
# Mmf.dll.config to install, the source's dllmap with the Linux target
# "libmmfcs.so" replaced by the absolute path of the installed glue library.
# CMAKE_INSTALL_PREFIX is the prefix of this install (--prefix included);
# DESTDIR is a staging root and not part of the path.
# In: MMF_CS_CONFIG_IN, MMF_CS_CONFIG_OUT, MMF_CS_GLUE_DIR.
if(IS_ABSOLUTE "${MMF_CS_GLUE_DIR}")
  set(_glue "${MMF_CS_GLUE_DIR}/libmmfcs.so")
else()
  set(_glue "${CMAKE_INSTALL_PREFIX}/${MMF_CS_GLUE_DIR}/libmmfcs.so")
endif()
file(READ "${MMF_CS_CONFIG_IN}" _cfg)
string(REPLACE "target=\"libmmfcs.so\"" "target=\"${_glue}\"" _new "${_cfg}")
if(_new STREQUAL _cfg)
  message(FATAL_ERROR "${MMF_CS_CONFIG_IN} has no dllmap target=\"libmmfcs.so\" to point at ${_glue}")
endif()
file(WRITE "${MMF_CS_CONFIG_OUT}" "${_new}")
