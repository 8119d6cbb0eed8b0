/* test_pdf_refs.c: the coverage check's reading of what a revision refers to
 * (pdf_refs.c) gives, on odd objects, the answers of the three walks it
 * replaced in session 42 (speed21: one walk per object, walk_object).
 *
 * The oracle below is those three questions written the plain way, each on
 * its own and by recursion: the numbers an object refers to (and those
 * referred to otherwise than as an /Annots or /Fields value), whether one of
 * its references names another generation than its object's, and whether a
 * dictionary in it holds a script that is no built-in format.  The documents
 * are each made to turn one answer: a script deep in arrays, in a stream's
 * dictionary, behind a reference, a built-in format that is none; a
 * reference with another generation as a whole object, deep in arrays, in
 * the trailer; /Annots and /Fields as a key's value and inside an array. */
#include "test_pdfb.h"

#include <fcntl.h>

#include "pdf_cover.h"

/* ---- the oracle: the three questions, one walk each -------------------- */

static void oracle_refs(const kc_pdf_obj *o, GHashTable *refs, GHashTable *other, bool top, const char *key)
{
    if (!o)
        return;
    if (o->type == KC_PDF_REF) {
        /* A whole object that is a reference, or one held in an array or
         * under a key other than /Annots and /Fields: arrays among them may not grow. */
        if (top || !key || (strcmp(key, "Annots") != 0 && strcmp(key, "Fields") != 0))
            g_hash_table_add(other, GUINT_TO_POINTER(o->u.ref.num));
        g_hash_table_add(refs, GUINT_TO_POINTER(o->u.ref.num));
        return;
    }
    if (o->type == KC_PDF_ARRAY)
        for (size_t k = 0; k < o->u.arr.n; k++)
            oracle_refs(o->u.arr.items[k], refs, other, false, NULL);
    if (o->type == KC_PDF_DICT || o->type == KC_PDF_STREAM)
        for (size_t k = 0; k < o->u.dict.n; k++)
            oracle_refs(o->u.dict.vals[k], refs, other, false, o->u.dict.keys[k]);
}

static bool oracle_other_gen(kc_pdf_doc *doc, size_t rev, const kc_pdf_obj *o)
{
    if (!o)
        return false;
    if (o->type == KC_PDF_REF) {
        const kc_xref_entry *e = kc_pdf_entry(doc, rev, o->u.ref.num);
        return e && ((e->type == 1 && e->gen != o->u.ref.gen) || (e->type == 2 && o->u.ref.gen != 0));
    }
    bool found = false;
    if (o->type == KC_PDF_ARRAY)
        for (size_t k = 0; k < o->u.arr.n && !found; k++)
            found = oracle_other_gen(doc, rev, o->u.arr.items[k]);
    if (o->type == KC_PDF_DICT || o->type == KC_PDF_STREAM)
        for (size_t k = 0; k < o->u.dict.n && !found; k++)
            found = oracle_other_gen(doc, rev, o->u.dict.vals[k]);
    return found;
}

static bool oracle_script(const kc_pdf_obj *o)
{
    if (!o)
        return false;
    if (o->type == KC_PDF_ARRAY) {
        for (size_t k = 0; k < o->u.arr.n; k++)
            if (oracle_script(o->u.arr.items[k]))
                return true;
        return false;
    }
    if (o->type != KC_PDF_DICT && o->type != KC_PDF_STREAM)
        return false;
    kc_pdf_obj *js = kc_pdf_dict_get(o, "JS");
    if (js && !kc_pdf_builtin_format(js))
        return true;
    for (size_t k = 0; k < o->u.dict.n; k++)
        if (oracle_script(o->u.dict.vals[k]))
            return true;
    return false;
}

typedef struct answers {
    GHashTable *refs, *other;
    bool other_gen, scripts;
} answers;

static void answers_init(answers *a)
{
    a->refs = g_hash_table_new(g_direct_hash, g_direct_equal);
    a->other = g_hash_table_new(g_direct_hash, g_direct_equal);
    a->other_gen = a->scripts = false;
}

static void answers_clear(answers *a)
{
    g_hash_table_destroy(a->refs);
    g_hash_table_destroy(a->other);
}

/* One object as of rev, asked the three questions (the trailer: no script
 * question, as kc_cover_signed_refs does not ask it of the trailer). */
static void oracle_object(kc_pdf_doc *doc, size_t rev, const kc_pdf_obj *o, bool scripts, answers *a)
{
    oracle_refs(o, a->refs, a->other, true, NULL);
    a->other_gen = a->other_gen || oracle_other_gen(doc, rev, o);
    if (scripts)
        a->scripts = a->scripts || oracle_script(o);
}

static void assert_same_set(GHashTable *want, GHashTable *got, const char *what, const char *doc)
{
    GHashTableIter it;
    gpointer k;
    g_hash_table_iter_init(&it, want);
    while (g_hash_table_iter_next(&it, &k, NULL))
        if (!g_hash_table_contains(got, k))
            fail_msg("%s: %s lacks %u", doc, what, GPOINTER_TO_UINT(k));
    g_hash_table_iter_init(&it, got);
    while (g_hash_table_iter_next(&it, &k, NULL))
        if (!g_hash_table_contains(want, k))
            fail_msg("%s: %s has %u, which nothing refers to so", doc, what, GPOINTER_TO_UINT(k));
}

static kc_cover cover_new(kc_pdf_doc *doc, uint64_t signed_end)
{
    kc_cover c = {.doc = doc, .signed_end = signed_end};
    c.refs = g_hash_table_new(g_direct_hash, g_direct_equal);
    c.other_use = g_hash_table_new(g_direct_hash, g_direct_equal);
    c.objstms = g_hash_table_new(g_direct_hash, g_direct_equal);
    c.unreadable = g_array_new(FALSE, FALSE, sizeof(uint32_t));
    return c;
}

static void cover_clear(kc_cover *c)
{
    g_hash_table_destroy(c->refs);
    g_hash_table_destroy(c->other_use);
    g_hash_table_destroy(c->objstms);
    g_array_free(c->unreadable, TRUE);
}

/* A document of two revisions: objects 1-3 (catalog, pages, another) and
 * `first` as object 5 in the first, `second` as object 4 (and a new object
 * 3) in the second; trailer_extra in the second's trailer. */
typedef struct odd_doc {
    const char *name;
    const char *first, *second, *trailer_extra;
    int scripts, other_gen; /* the answers expected for the last revision: 1 yes, 0 no */
} odd_doc;

static const odd_doc DOCS[] = {
    {"plain", "<< /A [1 0 R 2 0 R] /B << /C 2 0 R >> >>", "[3 0 R << >> [] [[[]]]]", NULL, 0, 0},
    {"script deep in arrays", "<< /K [[[ << /S /JavaScript /JS (app.alert\\(1\\)) >> ]]] >>", "null", NULL, 1, 0},
    {"script in a stream's dictionary", "<< /Length 0 /S /JavaScript /JS (this.info) >>\nstream\n\nendstream",
     "<< /P 3 0 R >>", NULL, 1, 0},
    {"script behind a reference", "<< /S /JavaScript /JS 4 0 R >>", "<< /Length 2 >>\nstream\nx;\nendstream", NULL, 1, 0},
    {"a built-in format is no script", "<< /AA << /F << /S /JavaScript /JS (AFNumber_Format\\(2, 0, 0, 0, \"\", true\\);) >> >> >>",
     "[<< /JS (AFRange_Validate\\(true, 0, true, 100\\)) >>]", NULL, 0, 0},
    {"a built-in format and a script", "<< /JS (AFNumber_Format\\(2, 0, 0, 0, \"\", true\\)) /Next [<< /JS (x) >>] >>", "null", NULL, 1, 0},
    {"a whole object that is a reference of another generation", "2 1 R", "4", NULL, 0, 1},
    {"another generation deep in arrays", "<< /Annots [[[[1 0 R [2 5 R]]]]] >>", "null", NULL, 0, 1},
    {"another generation in the trailer", "<< >>", "<< >>", "/Info 4 7 R", 0, 1},
    {"/Annots and /Fields as a value and in an array",
     "<< /Annots 4 0 R /Fields [3 0 R] /AcroForm << /Fields 2 0 R >> /Kids [<< /Annots 1 0 R >>] >>",
     "<< /Length 0 /Annots 1 0 R /Fields [4 0 R] >>\nstream\n\nendstream", "/Annots 2 0 R", 0, 0},
    {"a reference to a number nothing defines", "[9 0 R 9 3 R << /Fields 10 0 R >>]", "<< /JS 11 0 R >>", NULL, 1, 0},
};

static void test_walk_answers_as_three_walks(void **state)
{
    fixture *f = *state;
    for (size_t d = 0; d < sizeof DOCS / sizeof DOCS[0]; d++) {
        const odd_doc *od = &DOCS[d];
        pdfb b = {0};
        kc_error err = {0};
        b.s = g_string_new("%PDF-1.7\n");
        obj(&b, 1, "<< /Type /Catalog /Pages 2 0 R >>");
        obj(&b, 2, "<< /Type /Pages /Kids [] /Count 0 >>");
        obj(&b, 5, od->first);
        obj(&b, 3, "<< /Before true >>");
        revision(&b, NULL);
        obj(&b, 3, "<< /Again true /Prev 3 0 R >>");
        obj(&b, 4, od->second);
        revision(&b, od->trailer_extra);
        assert_int_equal(open_bytes(f, b.s->str, b.s->len, &err), 0);
        size_t n_sec = kc_pdf_section_count(f->doc);
        assert_int_equal(n_sec, 2);

        for (size_t rev = 0; rev < n_sec; rev++) {
            /* kc_cover_signed_refs: every object of rev, then its trailer. */
            answers want;
            answers_init(&want);
            GHashTable *seen = g_hash_table_new(g_direct_hash, g_direct_equal);
            for (size_t s = 0; s <= rev; s++) {
                const kc_xref_section *sec = kc_pdf_section(f->doc, s);
                for (size_t i = 0; i < sec->n_entries; i++) {
                    uint32_t num = sec->entries[i].num;
                    if (num == 0 || g_hash_table_contains(seen, GUINT_TO_POINTER(num)))
                        continue;
                    g_hash_table_add(seen, GUINT_TO_POINTER(num));
                    oracle_object(f->doc, rev, kc_pdf_get(f->doc, rev, num, NULL), true, &want);
                }
            }
            oracle_object(f->doc, rev, kc_pdf_trailer(f->doc, rev), false, &want);
            kc_cover c = cover_new(f->doc, b.s->len);
            if (!kc_cover_signed_refs(&c, rev))
                fail_msg("%s, revision %zu: %s", od->name, rev, c.why);
            assert_same_set(want.refs, c.refs, "refs", od->name);
            assert_same_set(want.other, c.other_use, "other_use", od->name);
            if (c.other_gen != want.other_gen || c.scripts != want.scripts)
                fail_msg("%s, revision %zu: other_gen %d scripts %d, the three walks: %d %d", od->name, rev,
                         c.other_gen, c.scripts, want.other_gen, want.scripts);
            if (rev == n_sec - 1 && (c.scripts != (od->scripts == 1) || c.other_gen != (od->other_gen == 1)))
                fail_msg("%s: other_gen %d scripts %d, the document was made for %d %d", od->name, c.other_gen,
                         c.scripts, od->other_gen, od->scripts);
            cover_clear(&c);
            g_hash_table_destroy(seen);
            answers_clear(&want);

            /* kc_cover_add_section_refs: section rev's own objects as of
             * rev and its trailer, no script question. */
            answers_init(&want);
            const kc_xref_section *sec = kc_pdf_section(f->doc, rev);
            for (size_t i = 0; i < sec->n_entries; i++)
                if (sec->entries[i].num != 0 && sec->entries[i].type != 0)
                    oracle_object(f->doc, rev, kc_pdf_get(f->doc, rev, sec->entries[i].num, NULL), false, &want);
            oracle_object(f->doc, rev, sec->trailer, false, &want);
            c = cover_new(f->doc, b.s->len);
            GPtrArray *stack = g_ptr_array_new();
            kc_cover_add_section_refs(&c, rev, stack);
            assert_int_equal(stack->len, 0);
            g_ptr_array_free(stack, TRUE);
            assert_same_set(want.refs, c.refs, "section refs", od->name);
            assert_same_set(want.other, c.other_use, "section other_use", od->name);
            if (c.other_gen != want.other_gen || c.scripts)
                fail_msg("%s, section %zu: other_gen %d scripts %d, the three walks: %d 0", od->name, rev,
                         c.other_gen, c.scripts, want.other_gen);
            cover_clear(&c);
            answers_clear(&want);
        }
        kc_pdf_close(f->doc);
        f->doc = NULL;
        close(f->fd);
        unlink(f->path);
        f->fd = -1;
        g_string_free(b.s, TRUE);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_walk_answers_as_three_walks, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
