/* register_word.c: an outgoing register kept as a table in a Word document
 * (many communes type the Phụ lục IV register in Word), which kiemchung does
 * not read as a register: told apart from a signed Word document so that a
 * commune's folder holding one is not read from its PDFs alone. */
#include <glib.h>
#include <string.h>

#include "docx.h"
#include "register_internal.h"

/* The text form writes a table that is not the evaluation's criteria table
 * paragraph by paragraph, each line with its place ("table 1, row 1"), so a
 * row's cells are the lines of one place: a row naming the register's number,
 * date and one more of its columns (the headings a register's first row
 * carries) is the register's heading.  A decision or report typed in Word
 * has no such row; criteria rows (cells joined by tabs) are split alike. */
static bool heading_row(char **cells)
{
    bool seen[KC_COL_COUNT] = {false};
    size_t named = 0;
    for (char **c = cells; *c; c++) {
        char *cell = g_strstrip(g_strdup(*c));
        int col = kc_register_map_header(cell);
        if (col >= 0 && col < KC_COL_KNOWN && !seen[col]) {
            seen[col] = true;
            named++;
        }
        g_free(cell);
    }
    return (seen[KC_COL_NUMBER] || seen[KC_COL_SYMBOL]) && seen[KC_COL_DATE] && named >= 3;
}

bool kc_register_in_word(const char *path)
{
    kc_docx_text t = {0};
    bool yes = false;
    if (kc_docx_to_text(&t, path, NULL) != 0)
        return false; /* not a Word document it reads: nothing to say */
    char **lines = g_strsplit(t.text ? t.text : "", "\n", -1);
    GPtrArray *row = g_ptr_array_new();
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
        yes = heading_row((char **)row->pdata);
        for (guint k = 0; k < row->len; k++)
            g_free(row->pdata[k]);
        g_ptr_array_set_size(row, 0);
    }
    for (guint i = 0; i < row->len; i++)
        g_free(row->pdata[i]);
    g_ptr_array_free(row, TRUE);
    g_strfreev(lines);
    kc_docx_text_clear(&t);
    return yes;
}
