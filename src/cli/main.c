/* main.c: the kiemchung command: global options and the subcommand table.
 * Built twice: as kiemchung, which runs kiemchung-desk for `serve` and `user`
 * (cli_desk.c), and with KC_DESK as kiemchung-desk, which runs them itself. */
#include <locale.h>
#include <stdio.h>
#include <string.h>

#include <openssl/crypto.h>

#include "cli.h"
#include "kc_config.h"

static const kc_command commands[] = {
    {"verify", cmd_verify, N_("check the digital signatures on outgoing documents")},
    {"index", cmd_index, N_("compute criteria 20-22 from the outgoing register")},
    {"lint", cmd_lint, N_("check the claims of a commune's evidence report")},
    {"ingest", cmd_ingest, N_("put evidence per criterion into one dossier (zip)")},
    {"check", cmd_check, N_("check a dossier: every file, the manifests, the seal")},
    {"list", cmd_list, N_("show a dossier's criteria and evidence")},
    {"extract", cmd_extract, N_("unpack a dossier safely into a folder")},
    {"seal", cmd_seal, N_("sign a dossier with the commune's certificate")},
#ifdef KC_DESK
    {"serve", cmd_serve, N_("the desk in a browser for communes and the district")},
    {"user", cmd_user, N_("add, list, re-password or close the desk's accounts")},
#else
    {"serve", cli_desk_run, N_("the desk in a browser for communes and the district")},
    {"user", cli_desk_run, N_("add, list, re-password or close the desk's accounts")},
#endif
    {"review", cmd_review, N_("review the communes' dossiers: one row per commune")},
};
#define N_COMMANDS (sizeof commands / sizeof commands[0])

static void usage(FILE *out)
{
    fprintf(out, _("Usage: kiemchung COMMAND [OPTION]... [ARG]...\n"
                   "Evidence dossiers and signature checks for commune e-government evaluation.\n\n"
                   "Commands:\n"));
    for (size_t i = 0; i < N_COMMANDS; i++)
        fprintf(out, "  %-10s %s\n", commands[i].name, _(commands[i].summary));
    fprintf(out, _("\nOptions for every command:\n"
                   "  --lang vi|en   the language of messages and reports (default: the locale)\n"
                   "  --quiet        no progress bar and no notes on stderr\n"
                   "  --version      print the version\n"));
    fprintf(out, _("\n'kiemchung COMMAND --help' describes a command; 'man kiemchung' tells more.\n"
                   "Exit status: 0 all checks passed, 1 a check failed, 2 usage or input error.\n"));
}

int main(int argc, char **argv)
{
    /* OpenSSL frees every table it built (names, providers, decoders) in an
     * exit handler: 0.8 million instructions, a twentieth of verifying one
     * document, spent on memory the process gives back anyway (issue 16).
     * Asked before anything else touches OpenSSL, which registers the
     * handler at its first initialisation.  Tokens are let go explicitly
     * (keys_p11.c), not by this handler. */
    OPENSSL_init_crypto(OPENSSL_INIT_NO_ATEXIT, NULL);
    cli_term_guard(); /* the reader's stderr too: poppler quotes the document */
    /* The text reader (kiemchung/textreader.h): this program re-executed by
     * itself to read one document's text after another with limits. */
    if (argc > 1 && strcmp(argv[1], KC_TEXTREADER_ARG) == 0)
        return kc_textreader_main(argc, argv);
    cli_desk_keep_argv(argc, argv); /* before cli_init takes --lang and --quiet out */
    if (cli_init(&argc, argv) != 0)
        return KC_EXIT_USAGE;

    if (argc < 2) {
        usage(stderr);
        return KC_EXIT_USAGE;
    }
    /* Every command reads documents' text in a reader process with a
     * deadline and a memory limit; if the program cannot find itself, in
     * process as before. */
    kc_textreader_enable(NULL);
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
        if (strcmp(commands[i].name, name) == 0) {
            /* "kiemchung verify --version" is what people type to learn
             * which build checked their files: answer it as the top level
             * does rather than call it an unknown option. */
            if (argc == 3 && (strcmp(argv[2], "--version") == 0 || strcmp(argv[2], "-V") == 0)) {
                printf("kiemchung %s\n", kc_version());
                return KC_EXIT_OK;
            }
            /* getopt names argv[0] in its own messages ("verify: unrecognized
             * option"): name the program too, as every other message does
             * (newcomer39).  cli_desk_run takes the command back from it. */
            char *prog = g_strdup_printf("kiemchung %s", name);
            argv[1] = prog;
            int rc = commands[i].fn(argc - 1, argv + 1);
            g_free(prog);
            return rc;
        }
    /* newcomer38: a command's option typed before the command ("kiemchung
     * --trust ca.pem verify …") was called an unknown command. */
    if (name[0] == '-')
        fprintf(stderr, _("kiemchung: '%s' is not an option for every command: the command comes first "
                          "(kiemchung COMMAND [OPTION]...)\n\n"),
                name);
    else
        fprintf(stderr, _("kiemchung: unknown command '%s'\n\n"), name);
    usage(stderr);
    return KC_EXIT_USAGE;
}
