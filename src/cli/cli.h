/* cli.h: what the subcommands share: the command table's entry type, option
 * helpers, the default trust store, and walking document trees. */
#ifndef KC_CLI_H
#define KC_CLI_H

#include <libintl.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kiemchung/kiemchung.h"

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
int cmd_index(int argc, char **argv);

/* Prints "kiemchung CMD: message" on stderr. */
void cli_error(const char *cmd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* The installed anchors (KIEMCHUNG_CERTS overrides; the source tree's certs/
 * when running uninstalled). */
const char *cli_default_certs_dir(void);

/* Builds the trust store: the default anchors unless no_default, then each path. */
int cli_load_trust(const char *cmd, kc_trust **out, char **paths, size_t n, bool no_default);

/* ISO 8601 ("2021-05-10", "2021-05-10T08:00:00Z", "...+07:00") to Unix seconds. */
bool cli_parse_time(const char *s, int64_t *out);

/* A growable list of strings. */
typedef struct cli_list {
    char **items;
    size_t n, cap;
} cli_list;
int cli_list_add(cli_list *l, const char *s); /* copies s */
void cli_list_clear(cli_list *l);
void cli_list_sort(cli_list *l); /* byte order, for output that does not depend on the file system */

/* The documents under the given paths: files as given, directories walked
 * (sorted, hidden entries skipped) for PDFs and files with a .p7s beside them;
 * .p7s files themselves are signatures, not documents.  Missing paths are an
 * error (returns -1 after printing). */
int cli_collect_documents(const char *cmd, char **paths, size_t n, cli_list *out);

/* Verifies paths[0..n) on `jobs` threads; calls fn(i, verdict, user) in input
 * order on the calling thread.  fn owns the verdict (NULL when it could not be
 * made).  Returns 0, or -1 when out of memory before anything ran. */
typedef void (*cli_verdict_fn)(size_t i, kc_verdict *v, void *user);
int cli_verify_all(const kc_trust *trust, const kc_verify_opts *opts, char *const *paths, size_t n,
                   long jobs, cli_verdict_fn fn, void *user);
long cli_default_jobs(void); /* the number of CPUs, at most 16 */

#endif
