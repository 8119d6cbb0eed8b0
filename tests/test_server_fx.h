/* test_server_fx.h: the fixture of the server's handler tests (test_server_http.c,
 * test_server_submit.c): `kiemchung serve`'s server (srv_new, srv_listen) in its own
 * thread and main loop, with a fresh data folder, the test PKI and small limits,
 * and a small libsoup client: call() one request, member() of a JSON reply,
 * login() a user of the fixture and its session's cookie and CSRF token.
 * Include after the headers test_server_http.c includes. */
#ifndef KC_TEST_SERVER_FX_H
#define KC_TEST_SERVER_FX_H

typedef struct fx {
    char *dir;
    srv *s;
    GThread *thread;
    GMainContext *ctx;
    GMainLoop *loop;
    GMutex lock;
    GCond ready;
    bool up;
    kc_trust *trust;
    kc_catalog *catalog;
    kc_verify_opts vo;
    SoupSession *client;
    char *base;
} fx;

static gpointer serve(gpointer p)
{
    fx *f = p;
    kc_error err = {0};
    srv_config cfg = {.data_dir = f->dir, .listen = "127.0.0.1:0", .trust = f->trust, .verify = &f->vo,
                      .catalog = f->catalog, .workers = 2, .kdf_log2n = 10};
    srv_limits_default(&cfg.limits);
    cfg.limits.max_upload = 4u << 20;
    cfg.limits.max_file = 2u << 20;
    cfg.limits.login_slow = 3;
    cfg.limits.login_block = 5;
    g_main_context_push_thread_default(f->ctx);
    bool ok = srv_new(&f->s, &cfg, &err) == 0 && srv_listen(f->s, &err) == 0;
    if (!ok)
        fprintf(stderr, "# server: %s\n", err.message);
    g_mutex_lock(&f->lock);
    f->up = true;
    g_cond_signal(&f->ready);
    g_mutex_unlock(&f->lock);
    if (ok)
        g_main_loop_run(f->loop);
    srv_free(f->s);
    f->s = NULL;
    g_main_context_pop_thread_default(f->ctx);
    return NULL;
}

static void add_user(fx *f, const char *name, srv_role role, const char *commune, const char *district)
{
    srv_store *st = NULL;
    kc_error err = {0};
    assert_int_equal(srv_store_open(&st, f->dir, false, &err), 0);
    assert_int_equal(srv_user_add(st, name, role, commune, district, false, "password-ok", 10, &err), 0);
    srv_store_close(st);
}

static int setup(void **state)
{
    fx *f = g_new0(fx, 1);
    kc_error err = {0};
    const char *root = getenv("KC_SOURCE_ROOT"), *build = getenv("KC_BUILD_ROOT");
    char *trust = g_build_filename(root, "certs", "test", "trust", NULL);
    char *catalog = g_build_filename(root, "src", "data", KC_CATALOG_DEFAULT_FILE, NULL);
    char *po = g_build_filename(build, "src", "po", NULL);
    assert_int_equal(kc_trust_new(&f->trust, &err), 0);
    assert_int_equal(kc_trust_add_path(f->trust, trust, &err), 0);
    assert_int_equal(kc_catalog_load(&f->catalog, catalog, &err), 0);
    srv_i18n_init(po);
    f->dir = g_dir_make_tmp("kc-serve-XXXXXX", NULL);
    add_user(f, "clerk", SRV_ROLE_COMMUNE, "Xã Thủy An", "UBND huyện Phú Vang");
    add_user(f, "other", SRV_ROLE_COMMUNE, "Xã Hồng Kim", "UBND huyện A Lưới");
    add_user(f, "officer", SRV_ROLE_DISTRICT, NULL, "UBND huyện Phú Vang");
    g_mutex_init(&f->lock);
    g_cond_init(&f->ready);
    f->ctx = g_main_context_new();
    f->loop = g_main_loop_new(f->ctx, FALSE);
    f->thread = g_thread_new("serve", serve, f);
    g_mutex_lock(&f->lock);
    while (!f->up)
        g_cond_wait(&f->ready, &f->lock);
    g_mutex_unlock(&f->lock);
    assert_non_null(f->s);
    f->base = g_strdup(f->s->url);
    f->client = soup_session_new_with_options("timeout", 120, NULL);
    g_free(trust);
    g_free(catalog);
    g_free(po);
    *state = f;
    return 0;
}

static gboolean quit(gpointer loop)
{
    g_main_loop_quit(loop);
    return G_SOURCE_REMOVE;
}

static int teardown(void **state)
{
    fx *f = *state;
    g_object_unref(f->client);
    GSource *src = g_idle_source_new();
    g_source_set_callback(src, quit, f->loop, NULL);
    g_source_attach(src, f->ctx);
    g_source_unref(src);
    g_thread_join(f->thread);
    g_main_loop_unref(f->loop);
    g_main_context_unref(f->ctx);
    g_mutex_clear(&f->lock);
    g_cond_clear(&f->ready);
    kc_trust_free(f->trust);
    kc_catalog_free(f->catalog);
    kc_test_rmtree(f->dir);
    g_free(f->dir);
    g_free(f->base);
    g_free(f);
    return 0;
}

/* ---- a small client ----------------------------------------------------------------- */

typedef struct reply {
    guint status;
    char *body;
    size_t len;
    char *cookie;  /* kc_session=… from Set-Cookie */
    char *csp;
} reply;

static void reply_clear(reply *r)
{
    g_free(r->body);
    g_free(r->cookie);
    g_free(r->csp);
    memset(r, 0, sizeof *r);
}

typedef struct req {
    const char *method, *path;
    GBytes *body;
    const char *type;
    const char *cookie, *csrf, *lang;
} req;

static reply call(fx *f, const req *q)
{
    reply r = {0};
    char *url = g_strconcat(f->base, q->path + 1, NULL);
    SoupMessage *m = soup_message_new(q->method, url);
    SoupMessageHeaders *h = soup_message_get_request_headers(m);
    if (q->body)
        soup_message_set_request_body_from_bytes(m, q->type ? q->type : "application/json", q->body);
    if (q->cookie)
        soup_message_headers_replace(h, "Cookie", q->cookie);
    if (q->csrf)
        soup_message_headers_replace(h, "X-CSRF-Token", q->csrf);
    soup_message_headers_replace(h, "Accept-Language", q->lang ? q->lang : "en");
    GError *e = NULL;
    GBytes *b = soup_session_send_and_read(f->client, m, NULL, &e);
    assert_non_null(b);
    r.status = soup_message_get_status(m);
    r.body = g_strndup(g_bytes_get_data(b, &r.len), g_bytes_get_size(b));
    const char *sc = soup_message_headers_get_one(soup_message_get_response_headers(m), "Set-Cookie");
    if (sc && g_str_has_prefix(sc, "kc_session="))
        r.cookie = g_strndup(sc, strcspn(sc, ";"));
    r.csp = g_strdup(soup_message_headers_get_one(soup_message_get_response_headers(m), "Content-Security-Policy"));
    g_bytes_unref(b);
    g_object_unref(m);
    g_free(url);
    return r;
}

static char *member(const char *json, const char *key)
{
    JsonNode *n = json_from_string(json, NULL);
    char *v = NULL;
    if (n && JSON_NODE_HOLDS_OBJECT(n)) {
        JsonNode *m = json_object_get_member(json_node_get_object(n), key);
        if (m && JSON_NODE_HOLDS_VALUE(m))
            v = json_node_get_value_type(m) == G_TYPE_STRING ? g_strdup(json_node_get_string(m))
                                                             : g_strdup_printf("%" G_GINT64_FORMAT, json_node_get_int(m));
    }
    if (n)
        json_node_unref(n);
    return v;
}

typedef struct session {
    char *cookie, *csrf;
} session;

static session login(fx *f, const char *user)
{
    char *body = g_strdup_printf("{\"user\": \"%s\", \"password\": \"password-ok\"}", user);
    GBytes *b = g_bytes_new_take(body, strlen(body));
    req q = {.method = "POST", .path = "/api/login", .body = b};
    reply r = call(f, &q);
    assert_int_equal(r.status, 200);
    session s = {g_strdup(r.cookie), member(r.body, "csrf")};
    assert_non_null(s.cookie);
    assert_non_null(s.csrf);
    g_bytes_unref(b);
    reply_clear(&r);
    return s;
}

static void session_clear(session *s)
{
    g_free(s->cookie);
    g_free(s->csrf);
}

#endif
