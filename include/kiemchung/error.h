/* kiemchung/error.h: the error convention shared by every module.
 *
 * Functions that can fail return 0 or one of the small negative KC_E* codes and,
 * when the caller passes a kc_error, leave a readable message in it.  A failed
 * signature check is a result, never an error. */
#ifndef KIEMCHUNG_ERROR_H
#define KIEMCHUNG_ERROR_H

#ifdef __cplusplus
extern "C" {
#endif

enum {
    KC_OK = 0,
    KC_ENOMEM = -1,  /* out of memory */
    KC_EIO = -2,     /* a file could not be opened, read or written */
    KC_EINVAL = -3,  /* a bad argument from the caller */
    KC_EFORMAT = -4, /* the input is not what it claims to be */
    KC_ELIMIT = -5,  /* the input exceeds a safety bound */
    KC_ECRYPTO = -6  /* the crypto library failed for a reason other than the input */
};

typedef struct kc_error {
    int code;
    char message[512];
} kc_error;

/* Records code and a printf-style message in err (which may be NULL); returns code. */
int kc_error_set(kc_error *err, int code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Empties err (which may be NULL). */
void kc_error_clear(kc_error *err);

#ifdef __cplusplus
}
#endif
#endif
