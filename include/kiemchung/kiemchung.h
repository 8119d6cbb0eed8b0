/* kiemchung/kiemchung.h: the whole public API of libkiemchung. */
#ifndef KIEMCHUNG_H
#define KIEMCHUNG_H

#include "error.h"
#include "catalog.h"
#include "docref.h"
#include "dossier.h"
#include "link.h"
#include "report.h"
#include "roles.h"
#include "trust.h"
#include "ratios.h"
#include "register.h"
#include "verify.h"
#include "validation.h"
#include "review.h"
#include "textreader.h"

#ifdef __cplusplus
extern "C" {
#endif

const char *kc_version(void);

#ifdef __cplusplus
}
#endif
#endif
