# Run by `cmake --install` (bindings/csharp/CMakeLists.txt): writes the
# Mmf.dll.config to install, the source's dllmap with the Linux target
# "libmmfcs.so" replaced by the absolute path of the installed glue library,
# and mmf-sharp.pc with the absolute path of the installed Mmf.dll.
# CMAKE_INSTALL_PREFIX is the prefix of this install (--prefix included);
# DESTDIR is a staging root and not part of the path.
# In: MMF_CS_CONFIG_IN, MMF_CS_CONFIG_OUT, MMF_CS_GLUE_DIR, MMF_CS_PC_IN,
# MMF_CS_PC_OUT, MMF_CS_INSTALL_DIR, MMF_CS_VERSION.
function(mmf_cs_abs out dir)
  if(IS_ABSOLUTE "${dir}")
    set(${out} "${dir}" PARENT_SCOPE)
  else()
    set(${out} "${CMAKE_INSTALL_PREFIX}/${dir}" PARENT_SCOPE)
  endif()
endfunction()
mmf_cs_abs(_glue_dir "${MMF_CS_GLUE_DIR}")
set(_glue "${_glue_dir}/libmmfcs.so")
file(READ "${MMF_CS_CONFIG_IN}" _cfg)
string(REPLACE "target=\"libmmfcs.so\"" "target=\"${_glue}\"" _new "${_cfg}")
if(_new STREQUAL _cfg)
  message(FATAL_ERROR "${MMF_CS_CONFIG_IN} has no dllmap target=\"libmmfcs.so\" to point at ${_glue}")
endif()
file(WRITE "${MMF_CS_CONFIG_OUT}" "${_new}")

set(MMF_CS_PREFIX "${CMAKE_INSTALL_PREFIX}")
mmf_cs_abs(MMF_CS_DLL_DIR "${MMF_CS_INSTALL_DIR}")
configure_file("${MMF_CS_PC_IN}" "${MMF_CS_PC_OUT}" @ONLY)
