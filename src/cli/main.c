/* main.c: the kiemchung command: global options and the subcommand table. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "kc_config.h"

static const kc_command commands[] = {
    {"verify", cmd_verify, N_("check the digital signatures on outgoing documents")},
    {"index", cmd_index, N_("compute criteria 20-22 from the outgoing register")},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
    fprintf(out, _("Usage: kiemchung COMMAND [OPTION]... [ARG]...\n"
                   "Evidence dossiers and signature checks for commune e-government evaluation.\n\n"
                   "Commands:\n"));
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
    fprintf(out, _("\n'kiemchung COMMAND --help' describes a command.\n"
                   "Exit status: 0 all checks passed, 1 a check failed, 2 usage or input error.\n"));
}

int main(int argc, char **argv)
{
    setlocale(LC_ALL, "");
    bindtextdomain("kiemchung", KC_LOCALEDIR);
    textdomain("kiemchung");

    if (argc < 2) {
        usage(stderr);
        return KC_EXIT_USAGE;
    }
    const char *name = argv[1];
    if (strcmp(name, "--help") == 0 || strcmp(name, "-h") == 0 || strcmp(name, "help") == 0) {
        if (strcmp(name, "help") == 0 && argc > 2) {
            for (size_t i = 0; i < N_COMMANDS; i++)
                if (strcmp(commands[i].name, argv[2]) == 0) {
                    char *args[] = {argv[2], "--help", NULL};
                    return commands[i].fn(2, args);
                }
        }
        usage(stdout);
        return KC_EXIT_OK;
    }
    if (strcmp(name, "--version") == 0 || strcmp(name, "-V") == 0) {
        printf("kiemchung %s\n", kc_version());
        return KC_EXIT_OK;
    }
    for (size_t i = 0; i < N_COMMANDS; i++)
        if (strcmp(commands[i].name, name) == 0)
            return commands[i].fn(argc - 1, argv + 1);
    fprintf(stderr, _("kiemchung: unknown command '%s'\n\n"), name);
    usage(stderr);
    return KC_EXIT_USAGE;
}
