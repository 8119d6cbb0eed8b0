/* pdf_obj.c: the PDF object model: an arena that owns parsed objects, and
 * lookups.  (Comparing two objects needs the document, for stream bytes: that
 * is pdf_equal.c, beside the coverage check that uses it.) */
#include <stdlib.h>
#include <string.h>

#include "pdf.h"

#define ARENA_BLOCK (64u * 1024u)

kc_arena *kc_arena_new(void)
{
    return calloc(1, sizeof(kc_arena));
}

void *kc_arena_alloc_block(kc_arena *a, size_t n)
{
    size_t cap = n > ARENA_BLOCK ? n : ARENA_BLOCK;
    struct kc_arena_block *b = malloc(sizeof *b + cap);
    if (!b)
        return NULL;
    b->used = n;
    b->cap = cap;
    b->next = a->head;
    a->head = b;
    memset(b->data, 0, n);
    return b->data;
}

void kc_arena_free(kc_arena *a)
{
    if (!a)
        return;
    struct kc_arena_block *b = a->head;
    while (b) {
        struct kc_arena_block *next = b->next;
        free(b);
        b = next;
    }
    free(a);
}

kc_pdf_obj *kc_pdf_dict_get(const kc_pdf_obj *dict, const char *key)
{
    if (!dict || (dict->type != KC_PDF_DICT && dict->type != KC_PDF_STREAM))
        return NULL;
    /* The last duplicate wins, as in most readers.  The first byte first: it
     * tells most keys apart without a call. */
    for (size_t i = dict->u.dict.n; i-- > 0;)
        if (dict->u.dict.keys[i][0] == key[0] && strcmp(dict->u.dict.keys[i], key) == 0)
            return dict->u.dict.vals[i];
    return NULL;
}

bool kc_pdf_is_name(const kc_pdf_obj *o, const char *name)
{
    return o && o->type == KC_PDF_NAME && o->u.str.len == strlen(name) &&
           memcmp(o->u.str.data, name, o->u.str.len) == 0;
}

bool kc_pdf_get_int(const kc_pdf_obj *o, int64_t *out)
{
    if (!o || o->type != KC_PDF_INT)
        return false;
    *out = o->u.i;
    return true;
}

char *kc_pdf_strdup(const kc_pdf_obj *o)
{
    if (!o || (o->type != KC_PDF_STRING && o->type != KC_PDF_NAME))
        return NULL;
    char *s = malloc(o->u.str.len + 1);
    if (!s)
        return NULL;
    memcpy(s, o->u.str.data, o->u.str.len);
    s[o->u.str.len] = '\0';
    return s;
}
