/* sfnt.h: reading an embedded TrueType / OpenType program's bytes, bounded
 * (pdf_cidfont.c reads its cmap and post, pdf_fontink.c its hmtx, glyf and
 * cmap: one reader, not two). */
#ifndef KC_SFNT_H
#define KC_SFNT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The big-endian 16- or 32-bit number at b[at], false past n. */
bool kc_sfnt_be16(const unsigned char *b, size_t n, size_t at, uint32_t *v);
bool kc_sfnt_be32(const unsigned char *b, size_t n, size_t at, uint32_t *v);

/* The table tag (four bytes) of program f: its bytes in *t, *tn; false when
 * the program has none or its directory or the table runs past n. */
bool kc_sfnt_table(const unsigned char *f, size_t n, const char *tag, const unsigned char **t, size_t *tn);

#endif
