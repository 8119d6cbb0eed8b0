/* test_server_http.c: the server's handlers, end to end on a loopback port
 * (the fixture and the client: test_server_fx.h):
 *
 * logins (right, wrong, 401 in the request's language, a limited account), the
 * security headers on every reply, pages and API paths that do not exist, a body
 * too large for anything but an upload.  Submissions, who sees what and refused
 * uploads: test_server_submit.c. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <glib/gstdio.h>
#include <libsoup/soup.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "kc_config.h"
#include "server.h"
#include "test_tmpdir.h"

#include "test_server_fx.h"

/* ---- the tests -------------------------------------------------------------------------- */

static void test_login(void **state)
{
    fx *f = *state;
    const char *wrong = "{\"user\": \"clerk\", \"password\": \"nope-nope\"}";
    GBytes *b = g_bytes_new_static(wrong, strlen(wrong));
    req q = {.method = "POST", .path = "/api/login", .body = b};
    reply r = call(f, &q);
    assert_int_equal(r.status, 401);
    assert_null(r.cookie);
    char *e = member(r.body, "error");
    assert_string_equal(e, "wrong user name or password");
    g_free(e);
    reply_clear(&r);
    /* Vietnamese unless the request asks otherwise */
    q.lang = "vi-VN,vi;q=0.9";
    r = call(f, &q);
    e = member(r.body, "error");
    assert_string_not_equal(e, "wrong user name or password");
    assert_true(g_utf8_validate(e, -1, NULL));
    g_free(e);
    reply_clear(&r);
    g_bytes_unref(b);
    /* not JSON */
    b = g_bytes_new_static("user=clerk", 10);
    q = (req){.method = "POST", .path = "/api/login", .body = b};
    r = call(f, &q);
    assert_int_equal(r.status, 400);
    reply_clear(&r);
    g_bytes_unref(b);

    session s = login(f, "clerk");
    req me = {.method = "GET", .path = "/api/me", .cookie = s.cookie};
    r = call(f, &me);
    assert_int_equal(r.status, 200);
    char *role = member(r.body, "role"), *commune = member(r.body, "commune"), *csrf = member(r.body, "csrf");
    assert_string_equal(role, "commune");
    assert_string_equal(commune, "Xã Thủy An");
    /* the token only to a request holding it: a session cookie another
     * site of the host planted gives a page the account, not the token */
    assert_null(csrf);
    g_free(role);
    g_free(commune);
    reply_clear(&r);
    me.csrf = s.csrf;
    r = call(f, &me);
    csrf = member(r.body, "csrf");
    assert_string_equal(csrf, s.csrf);
    g_free(csrf);
    reply_clear(&r);
    me.csrf = NULL;
    /* no cookie: 401 (403 for a POST); logout without the token: 403; with it: the session is gone */
    me.cookie = NULL;
    r = call(f, &me);
    assert_int_equal(r.status, 401);
    assert_non_null(strstr(r.csp, "script-src 'self'"));
    reply_clear(&r);
    req out = {.method = "POST", .path = "/api/logout"};
    r = call(f, &out); /* a POST without its session: 403, as without its token */
    assert_int_equal(r.status, 403);
    reply_clear(&r);
    out.cookie = s.cookie;
    r = call(f, &out);
    assert_int_equal(r.status, 403);
    reply_clear(&r);
    out.csrf = s.csrf;
    r = call(f, &out);
    assert_int_equal(r.status, 200);
    reply_clear(&r);
    me.cookie = s.cookie;
    r = call(f, &me);
    assert_int_equal(r.status, 401);
    reply_clear(&r);
    session_clear(&s);
}

static void test_login_limited(void **state)
{
    fx *f = *state;
    const char *wrong = "{\"user\": \"officer\", \"password\": \"guess-guess\"}";
    GBytes *b = g_bytes_new_static(wrong, strlen(wrong));
    req q = {.method = "POST", .path = "/api/login", .body = b};
    gint64 t0 = g_get_monotonic_time(), fast = 0;
    guint last = 0;
    for (int i = 0; i < 6; i++) {
        gint64 t = g_get_monotonic_time();
        reply r = call(f, &q);
        last = r.status;
        if (i < 3)
            fast = MAX(fast, g_get_monotonic_time() - t);
        else if (i < 5)
            assert_true(g_get_monotonic_time() - t >= 450000); /* slowed */
        reply_clear(&r);
    }
    assert_int_equal(last, 429); /* then refused */
    assert_true(fast < 450000);
    (void)t0;
    /* the right password is refused too while the name is blocked */
    const char *right = "{\"user\": \"officer\", \"password\": \"password-ok\"}";
    GBytes *rb = g_bytes_new_static(right, strlen(right));
    req ok = {.method = "POST", .path = "/api/login", .body = rb};
    reply r = call(f, &ok);
    assert_int_equal(r.status, 429);
    reply_clear(&r);
    g_bytes_unref(b);
    g_bytes_unref(rb);
}

static void test_pages(void **state)
{
    fx *f = *state;
    req q = {.method = "GET", .path = "/no-such-page.css"};
    reply r = call(f, &q);
    assert_int_equal(r.status, 404);
    assert_non_null(strstr(r.csp, "default-src 'self'"));
    reply_clear(&r);
    q.path = "/api/nothing";
    r = call(f, &q);
    assert_int_equal(r.status, 404);
    reply_clear(&r);
    /* a body too large for anything but an upload */
    GBytes *b = g_bytes_new_take(g_malloc0(100000), 100000);
    q = (req){.method = "POST", .path = "/api/login", .body = b};
    r = call(f, &q);
    assert_int_equal(r.status, 413);
    reply_clear(&r);
    g_bytes_unref(b);
}


int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_login, setup, teardown),
        cmocka_unit_test_setup_teardown(test_login_limited, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pages, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
