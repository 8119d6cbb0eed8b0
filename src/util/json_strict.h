/* json_strict.h: whether a text is JSON that every reader reads alike
 * (json_strict.c), apart from util.h: only the readers of outside JSON need it. */
#ifndef KC_JSON_STRICT_H
#define KC_JSON_STRICT_H

#include <stdbool.h>
#include <stddef.h>

/* Where and why kc_json_strict stopped: the offset; why, when it is not the
 * grammar: "surrogate" (a lone UTF-16 surrogate escape), "minus-zero",
 * "unsafe-integer" (a whole number past 2^53 - 1), "not-integer" (a fraction
 * or an exponent in a member meant as a whole number), "overflow" (past a
 * double's range); for a number, the member it belongs to (its name as
 * written, not NUL-ended, NULL at the top) and the number's length at `at`. */
typedef struct kc_json_fault {
    size_t at;
    const char *why;
    const char *member;
    size_t member_len, number_len;
} kc_json_fault;

/* Whether text (len bytes) is JSON as RFC 8259 writes it: no comment, no
 * text in single quotes, no hexadecimal number, which json-glib alone takes,
 * no lone UTF-16 surrogate escape, and no number that readers read as other
 * numbers (json_strict.c); integers (NULL-ended, or NULL) names the members
 * meant as whole numbers.  *fault (when not NULL) says where it stops. */
bool kc_json_strict(const char *text, size_t len, const char *const *integers, kc_json_fault *fault);

/* "\"size\" is -18446744073709549595, a whole number past 2^53 - 1: …", what a
 * number kc_json_strict refused is to each reader (translated); NULL when
 * the fault is not a number's.  Freed with g_free. */
char *kc_json_fault_number(const kc_json_fault *f, const char *text);

#endif
