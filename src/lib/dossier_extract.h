/* dossier_extract.h (internal): the target folder of `extract`
 * (dossier_extract_place.c), used by the unpacking (dossier_extract.c). */
#ifndef KC_DOSSIER_EXTRACT_H
#define KC_DOSSIER_EXTRACT_H

#include <stdbool.h>
#include <stdint.h>

#include "dossier_model.h"
#include "zipio.h"

/* An open handle on the folder of name (or, whole, on name itself), its
 * components below dirfd made as needed and their paths added to made (none
 * made when made is NULL); -1 with errno.  Never follows a link. */
int kc_extract_open_parent(int dirfd, const char *name, bool whole, GPtrArray *made);
/* Before anything is written: true when a place of the dossier is taken (a
 * file, a link, a folder that is a file), or, for strangers, when a folder
 * holds a name of the dossier in another case or NFD or a file the dossier
 * does not hold; each reported in res. */
bool kc_extract_places_taken(kc_zr *zr, int dirfd, kc_check *res);
bool kc_extract_strangers_taken(kc_zr *zr, int dirfd, kc_check *res);
/* A killed run's temporaries removed from every folder this run writes in:
 * false when another extract writes there now (reported); *first the first
 * removed, said by say_leftovers when the dossier's names are there too. */
bool kc_extract_clear_leftovers(kc_zr *zr, int dirfd, kc_check *res, char **first);
void kc_extract_say_leftovers(kc_check *res, const char *dir, const char *first);
/* The dossier's folders, and those above dir that making it made (up to
 * top), flushed; a failure is a problem naming need. */
void kc_extract_sync_folders(kc_zr *zr, int dirfd, const char *dir, const char *top, uint64_t need, kc_check *res);
/* The outermost folder of dir not there yet (NULL when dir is), and those
 * removed again; and everything a failed run made (made, newest first). */
char *kc_extract_first_missing(const char *dir);
void kc_extract_unmake_dir(const char *dir, const char *top);
void kc_extract_take_back(int dirfd, GPtrArray *made, const char *dir, const char *top);

#endif
