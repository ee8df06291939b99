#ifndef NROUTE_CGLPK_SHIM_H
#define NROUTE_CGLPK_SHIM_H
/* Debian's libglpk-dev ships no pkg-config file: the header is /usr/include/glpk.h and the
   library libglpk (module.modulemap links "glpk"). */
#include <glpk.h>
#endif
