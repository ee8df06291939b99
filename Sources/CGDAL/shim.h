#ifndef NROUTE_CGDAL_SHIM_H
#define NROUTE_CGDAL_SHIM_H
#include <gdal.h>
#include <ogr_srs_api.h>
#include <cpl_error.h>
#include <cpl_conv.h>
#endif
