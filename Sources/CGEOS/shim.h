#ifndef NROUTE_CGEOS_SHIM_H
#define NROUTE_CGEOS_SHIM_H
/* Only the reentrant API: GEOS_USE_ONLY_R_API hides the global-context functions. */
#define GEOS_USE_ONLY_R_API
#include <geos_c.h>
#endif
