#ifndef NROUTE_CPROJ_SHIM_H
#define NROUTE_CPROJ_SHIM_H
#include <proj.h>
#include <geodesic.h>
#endif
