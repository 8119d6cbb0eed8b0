/* http.h (internal): the one HTTP client of kiemchung (libsoup-3), for every
 * call the project makes to the network: the timestamp authority at `seal
 * --tsa`, CRL distribution points and OCSP responders for `verify --online`.
 *
 * Small and synchronous: one request, one answer held in memory, on the
 * calling thread (a session per call, so any thread may call).  Bounded in
 * every way an answer can hurt: time to connect and per read, a deadline for
 * the whole exchange, the body's size, the number of redirects.  http and
 * https only; proxies from the environment as curl reads them (http_proxy,
 * https_proxy / HTTPS_PROXY, all_proxy / ALL_PROXY, no_proxy / NO_PROXY; the
 * upper-case HTTP_PROXY is ignored, as CGI sets it from a request header);
 * loopback never goes through a proxy.
 *
 * The transport is not what kiemchung trusts: every answer it fetches (a TSA
 * token, a CRL, an OCSP response) is signed and checked by its caller.  Error
 * messages name the URL (without its password). */
#ifndef KC_HTTP_H
#define KC_HTTP_H

#include <stdbool.h>
#include <stddef.h>

#include "kiemchung/error.h"

#define KC_HTTP_TIMEOUT 30          /* seconds to connect, and for each read or write */
#define KC_HTTP_DEADLINE 120        /* seconds for the whole exchange */
#define KC_HTTP_MAX_BODY (16u << 20)
#define KC_HTTP_MAX_REDIRECTS 5

typedef struct kc_http_opts {
    unsigned timeout;        /* 0 = KC_HTTP_TIMEOUT */
    unsigned deadline;       /* 0 = KC_HTTP_DEADLINE */
    size_t max_body;         /* 0 = KC_HTTP_MAX_BODY */
    int max_redirects;       /* 0 = KC_HTTP_MAX_REDIRECTS; negative: none followed */
    const char *accept;      /* the Accept header, or NULL */
    int *answered;           /* if not NULL: the last answer's HTTP status, 0 when none came (a
                              * server that answered 500 is at the right address, and failed) */
} kc_http_opts;

typedef struct kc_http_response {
    int status;              /* 200..299 (anything else is an error) */
    char *content_type;      /* "application/timestamp-reply" (lower case, no parameters), or NULL */
    unsigned char *body;     /* len bytes, then a NUL the server did not send */
    size_t len;
    char *url;               /* where the answer came from, after redirects */
} kc_http_response;

/* GET url.  Redirects 301, 302, 303, 307 and 308 are followed, up to the
 * bound.  Errors: KC_EINVAL for a URL that is not http or https, KC_ELIMIT
 * for a body over max_body or too many redirects, KC_EIO for everything the
 * network or the server does (unreachable, refused, timed out, TLS, an
 * answer other than 2xx: "… answered HTTP 500 Internal Server Error"). */
int kc_http_get(kc_http_response **out, const char *url, const kc_http_opts *opts, kc_error *err);

/* POST body (len bytes, content_type) to url.  Only 307 and 308 redirects
 * are followed (they keep the method and the body); the others would turn
 * the request into a GET. */
int kc_http_post(kc_http_response **out, const char *url, const char *content_type, const void *body,
                 size_t len, const kc_http_opts *opts, kc_error *err);

void kc_http_response_free(kc_http_response *r);

#endif
