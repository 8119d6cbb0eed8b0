/* agency.c: which People's Committee a certificate belongs to (agency.h).
 *
 * Everything is compared folded (kc_text_fold: lower case, no tone marks,
 * đ → d, single spaces), word by word: the People's Committee ("UBND",
 * "Ủy ban nhân dân"), the commune-level unit (xã, phường, thị trấn), then the
 * commune's own name, which must end there or be followed by a separator
 * before the district or province. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "agency.h"
#include "text.h"

static const char *const committee[] = {"ubnd ", "uy ban nhan dan "};
static const char *const units[] = {"xa ", "phuong ", "thi tran "};
static const char *const unit_words[] = {"xã", "phường", "thị trấn"};

/* Skips a word of list at the start of s; its index, or -1. */
static int skip(const char **s, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strncmp(*s, list[i], strlen(list[i])) == 0) {
            *s += strlen(list[i]);
            return (int)i;
        }
    return -1;
}

typedef struct commune {
    char *folded;      /* owns the string name points into */
    const char *name;  /* "thuy an" */
    int unit;          /* index in units, or -1 when not given */
} commune;

static bool parse_commune(commune *c, const char *text)
{
    const char *s;
    c->folded = kc_text_fold(text);
    if (!c->folded)
        return false;
    s = c->folded;
    skip(&s, committee, 2);
    c->unit = skip(&s, units, 3);
    c->name = s;
    return *s != '\0';
}

static bool names(const commune *c, const char *field)
{
    char *f = field ? kc_text_fold(field) : NULL;
    const char *s = f;
    bool yes = false;
    int unit;
    size_t n = strlen(c->name);

    if (!f)
        return false;
    if (skip(&s, committee, 2) < 0 || (unit = skip(&s, units, 3)) < 0 || (c->unit >= 0 && unit != c->unit))
        goto out;
    if (strncmp(s, c->name, n) != 0)
        goto out;
    s += n;
    /* The name ends here, or a separator leads to the district or province. */
    yes = *s == '\0' || *s == ',' || strncmp(s, " -", 2) == 0 || strncmp(s, " (", 2) == 0 ||
          strncmp(s, " \xe2\x80\x93", 4) == 0 /* en dash */;
out:
    free(f);
    return yes;
}

bool kc_agency_belongs(const char *commune_text, const char *common_name, const char *organization)
{
    commune c = {0};
    bool yes = false;
    if (commune_text && parse_commune(&c, commune_text))
        yes = names(&c, common_name) || names(&c, organization);
    free(c.folded);
    return yes;
}

char *kc_agency_of_commune(const char *commune_text)
{
    commune c = {0};
    char *nfc = NULL, *out = NULL;
    const char *name;
    size_t skipped;

    if (!commune_text || !parse_commune(&c, commune_text) || !(nfc = kc_text_nfc(commune_text)))
        goto out;
    /* The name as written: drop as many leading words as the folded form
     * lost to "UBND" and the unit (folding keeps the word count). */
    skipped = 0;
    for (const char *p = c.folded; p < c.name; p++)
        skipped += *p == ' ';
    name = nfc;
    while (*name == ' ')
        name++;
    for (size_t w = 0; w < skipped && name; w++) {
        name = strchr(name, ' ');
        while (name && *name == ' ')
            name++;
    }
    if (name && *name) {
        size_t len = strlen(name) + 32;
        if ((out = malloc(len)))
            snprintf(out, len, "UBND %s %s", unit_words[c.unit >= 0 ? c.unit : 0], name);
    }
out:
    free(c.folded);
    free(nfc);
    return out;
}
