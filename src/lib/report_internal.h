/* report_internal.h (internal): the parsed report as the parser, lint and the
 * renderers share it: the criteria, and the layout around them (title, free
 * text, parts, header rows, groups) in file order, so the table can be rebuilt. */
#ifndef KC_REPORT_INTERNAL_H
#define KC_REPORT_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "kiemchung/report.h"

typedef enum kc_item_kind {
    KC_ITEM_TEXT = 0,   /* a paragraph of free text */
    KC_ITEM_PART = 1,   /* a bold title line ("**1. Nhóm tiêu chí ...**") */
    KC_ITEM_HEADER = 2, /* a header row: cells are the column titles */
    KC_ITEM_GROUP = 3,  /* "I  CÁC TIÊU CHÍ VỀ ...": label and text */
    KC_ITEM_SUBGROUP = 4,
    KC_ITEM_CRITERION = 5 /* index into the criteria */
} kc_item_kind;

typedef struct kc_report_item {
    kc_item_kind kind;
    char *label;  /* GROUP: "II" */
    char *text;   /* TEXT, PART, GROUP, SUBGROUP */
    char **cells; /* HEADER */
    size_t ncells;
    size_t crit;  /* CRITERION: index into the criteria; HEADER: the unit column, or SIZE_MAX */
} kc_report_item;

#define KC_REPORT_CRIT(r, i) g_array_index((r)->crit, kc_criterion, (i))
#define KC_REPORT_ITEM(r, i) g_array_index((r)->items, kc_report_item, (i))

struct kc_report {
    char *title;
    GArray *crit;       /* kc_criterion, strings owned (cast away const to free): KC_REPORT_CRIT */
    GArray *items;      /* kc_report_item, in reading order: KC_REPORT_ITEM */
    char **places;      /* for a Word document, where each line came from (report_docx.c) */
    size_t nplaces;
};

/* A criterion's description for the dossier (a JSON object): what
 * kc_report_to_json says of it but the members the dossier writes itself
 * (key, number, name, the evidence cell, heading), in the same order. */
char *kc_report_criterion_detail(const kc_criterion *c);

/* kc_report_parse_buffer, with places[i] naming where line i + 1 came from
 * (messages then say "table 2, row 5" rather than a line of the text). */
int kc_report_parse_text(kc_report **out, const char *data, size_t len, const char *name, char *const *places,
                         size_t nplaces, kc_error *err);

/* A Word report (.docx): converted to the text form (docx.h) and parsed;
 * the report keeps the places (report_docx.c). */
int kc_report_parse_docx(kc_report **out, const char *path, kc_error *err);

/* The report at path in the text form the parser reads: the file's bytes, or
 * for a Word document its conversion (*converted set).  malloc'd. */
int kc_report_read_text(char **text, size_t *len, bool *converted, const char *path, kc_error *err);

/* A cell's text without markup (report_markup.c), malloc'd; *bold tells
 * whether every visible character was inside <b>.  NULL when memory ran out. */
char *kc_report_decode_cell(const char *in, bool *bold);

/* How a table row begins (report_markup.c; report.c and docx.c read tables
 * the same way): a criterion number ("20", "5.1", "7."), or the header's
 * "STT" followed by "TIÊU CHÍ ...". */
bool kc_report_cell_is_number(const char *s);
bool kc_report_cells_are_header(const char *first, const char *second);

#endif
