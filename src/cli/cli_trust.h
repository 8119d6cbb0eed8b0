/* cli_trust.h: the trust options every command that meets a signature takes
 * (see cli_trust.c), and asking for a PIN or passphrase (cli_secret.c). */
#ifndef KC_CLI_TRUST_H
#define KC_CLI_TRUST_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "cli.h"

enum {
    CLI_OPT_TRUST = 900, CLI_OPT_NO_DEFAULT_TRUST, CLI_OPT_AT, CLI_OPT_ROLES, CLI_OPT_LEADER_TITLE,
    CLI_OPT_ALLOW_WEAK
};

/* For a getopt_long table. */
#define CLI_TRUST_LONGOPTS                                                \
    {"trust", required_argument, NULL, CLI_OPT_TRUST},                    \
    {"no-default-trust", no_argument, NULL, CLI_OPT_NO_DEFAULT_TRUST},    \
    {"at", required_argument, NULL, CLI_OPT_AT},                          \
    {"roles", required_argument, NULL, CLI_OPT_ROLES},                    \
    {"leader-title", required_argument, NULL, CLI_OPT_LEADER_TITLE},      \
    {"allow-weak", no_argument, NULL, CLI_OPT_ALLOW_WEAK}

typedef struct cli_trust_opts {
    cli_list paths, leader_titles;
    const char *roles_file;
    bool no_default;
    kc_verify_opts verify;    /* at, allow_weak, roles once loaded */
    kc_trust *trust;          /* once loaded */
    kc_roles *roles;
} cli_trust_opts;

/* 1 when c was a trust option (taken), 0 when not, -1 for a bad value (said). */
int cli_trust_option(cli_trust_opts *t, const char *cmd, int c, const char *arg);
/* Loads the store and the roles; -1 after printing the error. */
int cli_trust_load(cli_trust_opts *t, const char *cmd);
void cli_trust_usage(FILE *out);
void cli_trust_opts_clear(cli_trust_opts *t);

/* cli_secret.c: a kc_secret_fn.  A PIN comes from pin_file, else
 * $KIEMCHUNG_PIN, else the terminal; a passphrase from pass_file, else
 * $KIEMCHUNG_PASSPHRASE, else the terminal.  The terminal is /dev/tty, read
 * without echo (restored on Ctrl-C too); without one, there is no secret. */
typedef struct cli_secret {
    const char *cmd;
    const char *pin_file, *pass_file;
} cli_secret;
int cli_secret_ask(void *ud, kc_secret_kind kind, const char *what, char *buf, size_t size);

#endif
