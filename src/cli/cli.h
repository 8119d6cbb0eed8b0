/* cli.h: what the subcommands share: the command table's entry type, option
 * helpers, the default trust store, and walking document trees. */
#ifndef KC_CLI_H
#define KC_CLI_H

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "kiemchung/kiemchung.h"
#include "util.h"

#define _(s) gettext(s)
#define N_(s) (s)

/* Exit codes scripts can rely on. */
enum { KC_EXIT_OK = 0, KC_EXIT_CHECK_FAILED = 1, KC_EXIT_USAGE = 2 };

typedef struct kc_command {
    const char *name;
    int (*fn)(int argc, char **argv);
    const char *summary;
} kc_command;

int cmd_verify(int argc, char **argv);
int cmd_lint(int argc, char **argv);
int cmd_index(int argc, char **argv);
int cmd_ingest(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_list(int argc, char **argv);
int cmd_extract(int argc, char **argv);
int cmd_seal(int argc, char **argv);
int cmd_serve(int argc, char **argv); /* in kiemchung-desk only */
int cmd_user(int argc, char **argv);  /* in kiemchung-desk only */

/* cli_desk.c: kiemchung runs `serve` and `user` as kiemchung-desk, the same
 * command line given again (kiemchung-desk beside kiemchung, else where it is
 * installed); returns only when it cannot be run. */
void cli_desk_keep_argv(int argc, char **argv);
int cli_desk_run(int argc, char **argv);
int cmd_review(int argc, char **argv);

/* Prints "kiemchung CMD: message" on stderr. */
void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The installed anchors (KIEMCHUNG_CERTS overrides; the source tree's certs/
 * when running uninstalled). */
const char *cli_default_certs_dir(void);

/* The criteria catalogs' directory (KIEMCHUNG_CRITERIA overrides; the source
 * tree's src/data when running uninstalled), and loading one: path, or else
 * KIEMCHUNG_CRITERIA when it names a file, or else the default catalog there.
 * Prints the error and returns -1 on failure. */
const char *cli_default_criteria_dir(void);
int cli_load_catalog(const char *cmd, kc_catalog **out, const char *path);
/* The default catalog loaded without a word, or NULL (kc_catalog_free). */
kc_catalog *cli_quiet_catalog(void);

/* Builds the trust store: the default anchors unless no_default, then each path. */
int cli_load_trust(const char *cmd, kc_trust **out, char **paths, size_t n, bool no_default);

/* ISO 8601 ("2021-05-10", "2021-05-10T08:00:00Z", "...+07:00") to Unix seconds. */
bool cli_parse_time(const char *s, int64_t *out);
/* t as "2021-05-10 08:00:00 UTC" in buf, or "-" for 0 (no time); returns buf. */
const char *cli_utc(char buf[32], int64_t t);

/* Lists of strings are GPtrArrays that own their strings (g_free). */
GPtrArray *cli_strings_new(void);
void cli_strings_add(GPtrArray *l, const char *s); /* copies s */
void cli_strings_sort(GPtrArray *l);              /* byte order, for output that does not depend on the file system */
#define CLI_STR(l, i) ((char *)g_ptr_array_index((l), (i)))

/* The documents under the given paths: files as given, directories walked
 * (sorted, hidden entries skipped) for PDFs and files with a .p7s beside them;
 * .p7s files themselves are signatures, not documents.  Missing paths are an
 * error (returns -1 after printing). */
int cli_collect_documents(const char *cmd, char **paths, size_t n, GPtrArray *out);

/* cli_verify_args.c: the options of the commands that verify (verify, index,
 * ingest, check, extract, seal), one table, one parser and one set of
 * messages.  A command puts CLI_VERIFY_LONGOPTS in its getopt table (verify
 * and index CLI_JOBS_LONGOPTS too), hands every option to
 * cli_verify_args_option first, and prints cli_verify_usage() in its help. */
enum {
    CLI_OPT_TRUST = 0x1000, CLI_OPT_NO_DEFAULT_TRUST, CLI_OPT_AT, CLI_OPT_ROLES, CLI_OPT_LEADER_TITLE,
    CLI_OPT_ALLOW_WEAK, CLI_OPT_ACCEPT_CLAIMED_TIME, CLI_OPT_ONLINE, CLI_OPT_JOBS, CLI_OPT_MAX_SIZE,
    CLI_OPT_MAX_RATIO
};
#define CLI_VERIFY_LONGOPTS                                                                                    \
    {"trust", required_argument, NULL, CLI_OPT_TRUST},                                                       \
        {"no-default-trust", no_argument, NULL, CLI_OPT_NO_DEFAULT_TRUST},                                   \
        {"at", required_argument, NULL, CLI_OPT_AT}, {"roles", required_argument, NULL, CLI_OPT_ROLES},       \
        {"leader-title", required_argument, NULL, CLI_OPT_LEADER_TITLE},                                      \
        {"allow-weak", no_argument, NULL, CLI_OPT_ALLOW_WEAK},                                               \
        {"accept-claimed-time", no_argument, NULL, CLI_OPT_ACCEPT_CLAIMED_TIME},                             \
        {"online", no_argument, NULL, CLI_OPT_ONLINE}
/* verify and index verify many documents at a time */
#define CLI_JOBS_LONGOPTS {"jobs", required_argument, NULL, CLI_OPT_JOBS}
typedef struct cli_verify_args {
    const char *cmd;     /* for the messages, once loaded */
    GPtrArray *trust_paths, *leader_titles;
    const char *roles_file;
    bool no_default_trust, online;
    long jobs;           /* cli_default_jobs() unless --jobs */
    kc_verify_opts opts; /* at, allow_weak, accept_claimed_time; roles once loaded */
    kc_trust *trust;     /* once loaded */
    kc_roles *roles;
    kc_online *source;   /* with --online, once loaded */
    kc_catalog *catalog; /* cli_quiet_catalog(), once loaded: for a dossier's check */
} cli_verify_args;
void cli_verify_args_init(cli_verify_args *a);
/* 1 when c is one of the group's options (taken), 0 when it is not, -1 for a
 * bad value (the message printed). */
int cli_verify_args_option(cli_verify_args *a, const char *cmd, int c, const char *arg);
/* The trust store, the roles and, with --online, the online source: 0, or -1
 * with the message printed. */
int cli_verify_args_load(cli_verify_args *a, const char *cmd);
/* The time to judge signatures at: now, or the newest CRL an anchor vouches
 * for when the clock is behind it (kc_trust_clock_floor), with *why the
 * sentence that says so (g_free), else NULL.  verify and the other commands
 * that judge (their warning), the desk (its notes). */
int64_t cli_judge_time(const kc_trust *trust, int64_t now, char **why);
/* Frees it all; with --online, first says on stderr which answers could not
 * be had (the offline rules applied to those certificates). */
void cli_verify_args_clear(cli_verify_args *a);
/* The group's lines of a command's help (with --jobs: verify, index). */
void cli_verify_usage(FILE *out, bool jobs);
void cli_verify_usage_titled(FILE *out); /* a heading, then the block without --jobs */

/* Verifies paths[0..n) on `jobs` threads; calls fn(i, verdict, user) in input
 * order on the calling thread.  fn owns the verdict (NULL when it could not be
 * made).  Returns 0, or -1 when out of memory before anything ran. */
typedef void (*cli_verdict_fn)(size_t i, kc_verdict *v, void *user);
int cli_verify_all(const kc_trust *trust, const kc_verify_opts *opts, char *const *paths, size_t n,
                   long jobs, cli_verdict_fn fn, void *user);
/* The same, with after(i, verdict, user) run on the thread that made the
 * verdict, before fn sees it: more work on the document (its text), done
 * on the N threads.  after must touch only what belongs to document i. */
typedef void (*cli_after_fn)(size_t i, const kc_verdict *v, void *user);
int cli_verify_all_then(const kc_trust *trust, const kc_verify_opts *opts, char *const *paths, size_t n,
                        long jobs, cli_after_fn after, cli_verdict_fn fn, void *user);
long cli_default_jobs(void); /* the number of CPUs, at most 16 */

/* cli_i18n.c: the options every command takes, wherever they stand: --lang vi|en
 * and --quiet (no progress bar, no notes on stderr).  cli_init() takes them out
 * of argv, sets the locale and binds the message catalog; -1 for a bad --lang. */
int cli_init(int *argc, char **argv);
bool cli_quiet(void);
void cli_set_quiet(bool q);           /* serve: no bars drawn by worker threads */
bool cli_lang_named(void);            /* --lang given, or the environment names a language */
void cli_use_language(const char *lang); /* "vi" or "en", before any thread starts */
const char *cli_locale_dir(void);     /* KIEMCHUNG_LOCALEDIR, the build tree's, or the installed */
bool cli_running_uninstalled(void);   /* this binary is the build tree's */
const char *cli_lang_code(void);      /* "vi" or "en": the language messages are shown in */
size_t cli_width(const char *s);      /* columns a UTF-8 string takes on a terminal */
void cli_put_padded(FILE *out, const char *s, size_t width); /* s, then spaces up to width columns */
/* Numbers and times for people, one form per language (JSON keeps its own):
 * the decimal separator (',' in Vietnamese, '.' otherwise; a ratio is
 * kc_ratio_format_local's, buf of 16 bytes); a time (0: "-") in the machine's zone,
 * or Vietnam's (UTC+7) on a machine left in UTC without TZ, with the zone
 * named: "15/03/2021 14:05:00 (UTC+7)" / "2021-03-15 14:05:00 (UTC+7)"
 * (buf of 48 bytes). */
char *cli_time_text(char *buf, size_t size, int64_t t, bool seconds);
char *cli_date_text(char *buf, size_t size, int64_t t); /* the day alone: "15/03/2021" / "2021-03-15" */

/* cli_term.c: standard output and error wrapped so that control characters
 * from what kiemchung quotes (names, cells, messages) reach no terminal as
 * commands: written as "\u001B" (main calls it first); the progress bar's own
 * controls go to cli_term_raw_stderr(). */
FILE *cli_term_file(FILE *to); /* writes to TO with control characters escaped, as stdout; NULL: no memory */
void cli_term_guard(void);
/* Writes out what the wrapped streams hold (a byte kept to see what follows
 * it, too): at exit, and before exec. */
void cli_term_finish(void);
FILE *cli_term_raw_stderr(void);

/* cli_progress.c: a progress bar on stderr, drawn only when stderr is a
 * terminal, --quiet is not given and the work has lasted a second
 * (KIEMCHUNG_PROGRESS_AFTER, in seconds, changes that); otherwise every call
 * does nothing.  Call from one thread. */
typedef struct cli_progress cli_progress;
cli_progress *cli_progress_new(const char *label, uint64_t total, bool bytes); /* NULL: no bar */
void cli_progress_set(cli_progress *p, uint64_t done);
void cli_progress_clear(cli_progress *p); /* erases the bar before a line goes to a terminal stdout */
void cli_progress_free(cli_progress *p);  /* erases the bar */

/* cli_html.c: self-contained HTML reports (inline CSS, no scripts, nothing
 * fetched) and writing outputs whole (kc_atomic: a temporary file beside the
 * target with the umask's mode, synced and renamed), so a reader never sees
 * half a report. */
typedef struct cli_output {
    FILE *f;
    kc_atomic *a; /* NULL for stdout */
} cli_output;
int cli_output_open(const char *cmd, cli_output *o, const char *path); /* "-" or NULL: stdout */
int cli_output_close(const char *cmd, cli_output *o, bool keep);     /* keep=false discards */
void html_begin(FILE *f, const char *title);
void html_end(FILE *f);
void html_bar(FILE *f, kc_ratio r);                    /* "12/22 (54,5%)" with a bar */
void html_p(FILE *f, const char *cls, const char *text); /* <p class="cls">text</p>, cls NULL: none */
const char *html_status_class(const char *status);     /* CSS class of a status code */
const char *cli_status_word(const char *status);       /* "valid" -> translated words */
const char *cli_role_word(kc_role role);
const char *cli_reason_text(const char *code);         /* plain words for a reason code, else NULL */
const char *cli_time_source_word(kc_time_source src);  /* "proven by a timestamp", ... */

/* cli_dossier.c: for ingest, check, list, extract and seal. */
typedef struct cli_events {
    const char *cmd;
    const char *phase;
    cli_progress *bar;
} cli_events;
/* Routes the library's progress to a bar and its notices to stderr. */
void cli_events_init(cli_events *e, const char *cmd, kc_dossier_events *out);
void cli_events_done(cli_events *e);
bool cli_parse_size(const char *s, uint64_t *out); /* "4G", "500M", "1024" */
/* --max-size and --max-ratio (check, extract) into lim: 1 taken, 0 not one of
 * them, -1 a bad value (printed). */
#define CLI_LIMIT_LONGOPTS                                                                                      \
    {"max-size", required_argument, NULL, CLI_OPT_MAX_SIZE}, {"max-ratio", required_argument, NULL, CLI_OPT_MAX_RATIO}
int cli_limit_option(kc_zip_limits *lim, const char *cmd, int c, const char *arg);
void cli_print_problems(FILE *out, const kc_check *c);
char *cli_size_text(uint64_t bytes);               /* "1.2 MB", "1,2 MB" in Vietnamese (g_free) */

/* cli_revalidate.c: check --signatures and verify DOSSIER.zip. */
/* Whether verify takes path as a dossier: a regular file holding a zip that is
 * an ASiC-E container (mimetype first) or is called *.zip. */
bool cli_is_dossier(const char *path);
/* One line per re-verified signed document of s, and where its time comes from. */
void cli_print_dossier_sigs(FILE *out, const kc_dossier_sigs *s, bool verbose);
/* The "signatures" member of check --json. */
void cli_dossier_sigs_json(JsonBuilder *b, const kc_dossier_sigs *s);

/* cmd_check.c: what check --json prints for one dossier (free()); the server
 * reviews a dossier with the same keys. */
char *cli_check_json(const char *path, const kc_check *c, const kc_dossier_sigs *sigs);
/* What check prints for one dossier: "PATH: ok, …" or "PATH: FAILED, …", the
 * problems, the seal (or "not sealed"); `list` prints it first too. */
void cli_print_check(FILE *out, const char *path, const kc_check *chk);

/* cli_secret.c: a kc_secret_fn.  A PIN comes from pin_file, else
 * $KIEMCHUNG_PIN, else the terminal; a passphrase from pass_file, else
 * $KIEMCHUNG_PASSPHRASE, else the terminal.  The terminal is /dev/tty, read
 * without echo (restored on Ctrl-C too); without one, there is no secret. */
typedef struct cli_secret {
    const char *cmd;
    const char *pin_file, *pass_file;
} cli_secret;
int cli_secret_ask(void *ud, kc_secret_kind kind, const char *what, char *buf, size_t size);
/* A line from the terminal (/dev/tty) without echo, after prompt; -1 without
 * a terminal (user add asks passwords with it too). */
int cli_read_tty(const char *prompt, char *buf, size_t size);


#endif
