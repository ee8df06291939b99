#ifndef NROUTE_CPQ_SHIM_H
#define NROUTE_CPQ_SHIM_H
/* libpq, PostgreSQL's C client library (Debian libpq-dev: /usr/include/postgresql, found by
   pkg-config "libpq"). Only the PostgreSQL module imports this shim. */
#include <libpq-fe.h>
#endif
