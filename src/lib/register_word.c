/* register_word.c: an outgoing register kept as a table in a Word document
 * (many communes type the Phụ lục IV register in Word), which kiemchung does
 * not read as a register: told apart from a signed Word document so that a
 * commune's folder holding one is not read from its PDFs alone. */
#include <glib.h>
#include <string.h>

#include "docx.h"
#include "register_internal.h"

/* A cell of the text form as a heading reads it: the line breaks Word keeps
 * in a narrow column ("Số,<br>ký hiệu<br>văn bản", Shift+Enter) are spaces
 * (rtnum21: such a heading named no column, and the folder was read from
 * its PDFs alone). */
static char *heading_cell(const char *cell)
{
    char **parts = g_strsplit(cell, "<br>", -1);
    char *joined = g_strjoinv(" ", parts);
    g_strfreev(parts);
    return g_strstrip(joined);
}

/* The register's columns a row's cells name, added to seen; how many new. */
static size_t name_columns(char **cells, bool seen[KC_COL_COUNT])
{
    size_t named = 0;
    for (char **c = cells; *c; c++) {
        char *cell = heading_cell(*c);
        int col = kc_register_map_header(cell);
        if (col >= 0 && col < KC_COL_KNOWN && !seen[col]) {
            seen[col] = true;
            named++;
        }
        g_free(cell);
    }
    return named;
}

/* The text form writes a table that is not the evaluation's criteria table
 * paragraph by paragraph, each line with its place ("table 1, row 1"), so a
 * row's cells are the lines of one place: a row naming the register's number,
 * date and one more of its columns (the headings a register's first row
 * carries) is the register's heading, and so are two rows of one table that
 * name them together: Phụ lục IV's heading is often typed on two rows, "Văn
 * bản" spanning "Số, ký hiệu" and "Ngày tháng" under it, beside the columns
 * merged down (rtnum21: read as no register).  A decision or report typed in
 * Word has no such row; criteria rows (cells joined by tabs) are split alike. */
static bool heading_rows(char **above, char **cells)
{
    bool seen[KC_COL_COUNT] = {false};
    size_t named = name_columns(cells, seen);
    if (above)
        named += name_columns(above, seen);
    return (seen[KC_COL_NUMBER] || seen[KC_COL_SYMBOL]) && seen[KC_COL_DATE] && named >= 3;
}

/* The table a line's place is in ("table 1" of "table 1, row 2"), or NULL
 * for a paragraph outside tables; g_free'd. */
static char *table_of(const char *place)
{
    const char *row = place ? strstr(place, ", row ") : NULL;
    return row ? g_strndup(place, (gsize)(row - place)) : NULL;
}

bool kc_register_in_word(const char *path)
{
    kc_docx_text t = {0};
    bool yes = false;
    if (kc_docx_to_text(&t, path, NULL) != 0)
        return false; /* not a Word document it reads: nothing to say */
    char **lines = g_strsplit(t.text ? t.text : "", "\n", -1);
    GPtrArray *row = g_ptr_array_new();
    char **above = NULL, *above_table = NULL; /* the row before, in its table */
    for (size_t i = 0; lines[i] && !yes; i++) {
        const char *place = i < t.nplaces ? t.places[i] : NULL;
        const char *next = lines[i + 1] && i + 1 < t.nplaces ? t.places[i + 1] : NULL;
        char **cells = g_strsplit(lines[i], "\t", 64);
        for (char **c = cells; *c; c++)
            g_ptr_array_add(row, g_strdup(*c));
        g_strfreev(cells);
        if (place && next && strcmp(place, next) == 0)
            continue; /* the row goes on (a paragraph's place is its own) */
        g_ptr_array_add(row, NULL);
        char *table = table_of(place);
        bool same_table = table && above_table && strcmp(table, above_table) == 0;
        yes = heading_rows(same_table ? above : NULL, (char **)row->pdata);
        g_strfreev(above);
        g_free(above_table);
        above = (char **)g_ptr_array_free(row, FALSE); /* NULL-terminated, its strings kept */
        above_table = table;
        row = g_ptr_array_new();
    }
    g_strfreev(above);
    g_free(above_table);
    for (guint i = 0; i < row->len; i++)
        g_free(row->pdata[i]);
    g_ptr_array_free(row, TRUE);
    g_strfreev(lines);
    kc_docx_text_clear(&t);
    return yes;
}
