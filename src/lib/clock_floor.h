/* clock_floor.h (internal): the earliest the real time can be, as the trust
 * store's CRLs show it, for a machine whose clock may be behind. */
#ifndef KC_CLOCK_FLOOR_H
#define KC_CLOCK_FLOOR_H

#include <stdint.h>

#include "kiemchung/trust.h"

/* The latest thisUpdate of a CRL in the trust store signed by an anchor, or
 * by a CA certificate an anchor signed (0 when none): nobody but that CA
 * writes such a CRL, so the real time is at least that.  *issuer (when not
 * NULL) gets the CRL's issuer's CN (or O) into a buffer of size bytes. */
int64_t kc_clock_floor(const kc_trust *trust, char *issuer, size_t size);

#endif
