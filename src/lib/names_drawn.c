/* names_drawn.c: characters of other scripts and symbols drawn as one ASCII
 * letter or digit (Unicode's confusables.txt 14.0.0), for the skeleton of file
 * names.  Written by tests/tools/gen-names-drawn.py: do not edit, run it again. */
#include "names.h"

/* Sorted by from: kc_name_drawn_as searches it by halves. */
static const struct {
    gunichar from;
    char to;
} drawn[] = {
    {0x00d7, 'x'}, /* multiplication sign */
    {0x0184, 'b'}, /* latin capital letter tone six */
    {0x018d, 'g'}, /* latin small letter turned delta */
    {0x0196, 'l'}, /* latin capital letter iota */
    {0x01a6, 'R'}, /* latin letter yr */
    {0x01a7, '2'}, /* latin capital letter tone two */
    {0x01b7, '3'}, /* latin capital letter ezh */
    {0x01bc, '5'}, /* latin capital letter tone five */
    {0x01bd, 's'}, /* latin small letter tone five */
    {0x01c0, 'l'}, /* latin letter dental click */
    {0x021c, '3'}, /* latin capital letter yogh */
    {0x0222, '8'}, /* latin capital letter ou */
    {0x0223, '8'}, /* latin small letter ou */
    {0x0251, 'a'}, /* latin small letter alpha */
    {0x0263, 'y'}, /* latin small letter gamma */
    {0x026a, 'i'}, /* latin letter small capital i */
    {0x026f, 'w'}, /* latin small letter turned m */
    {0x028b, 'u'}, /* latin small letter v with hook */
    {0x028f, 'y'}, /* latin letter small capital y */
    {0x037f, 'J'}, /* greek capital letter yot */
    {0x03b3, 'y'}, /* greek small letter gamma */
    {0x03c3, 'o'}, /* greek small letter sigma */
    {0x03dc, 'F'}, /* greek letter digamma */
    {0x03e8, '2'}, /* coptic capital letter hori */
    {0x03f3, 'j'}, /* greek letter yot */
    {0x03fa, 'M'}, /* greek capital letter san */
    {0x0417, '3'}, /* cyrillic capital letter ze */
    {0x042c, 'b'}, /* cyrillic capital letter soft sign */
    {0x0431, '6'}, /* cyrillic small letter be */
    {0x0433, 'r'}, /* cyrillic small letter ghe */
    {0x0461, 'w'}, /* cyrillic small letter omega */
    {0x0474, 'V'}, /* cyrillic capital letter izhitsa */
    {0x0475, 'v'}, /* cyrillic small letter izhitsa */
    {0x04ae, 'Y'}, /* cyrillic capital letter straight u */
    {0x04af, 'y'}, /* cyrillic small letter straight u */
    {0x04bd, 'e'}, /* cyrillic small letter abkhasian che */
    {0x04e0, '3'}, /* cyrillic capital letter abkhasian dze */
    {0x050c, 'G'}, /* cyrillic capital letter komi sje */
    {0x054d, 'U'}, /* armenian capital letter seh */
    {0x054f, 'S'}, /* armenian capital letter tiwn */
    {0x0555, 'O'}, /* armenian capital letter oh */
    {0x0561, 'w'}, /* armenian small letter ayb */
    {0x0563, 'q'}, /* armenian small letter gim */
    {0x0566, 'q'}, /* armenian small letter za */
    {0x057c, 'n'}, /* armenian small letter ra */
    {0x0581, 'g'}, /* armenian small letter co */
    {0x0584, 'f'}, /* armenian small letter keh */
    {0x05c0, 'l'}, /* hebrew punctuation paseq */
    {0x05d5, 'l'}, /* hebrew letter vav */
    {0x05d8, 'v'}, /* hebrew letter tet */
    {0x05df, 'l'}, /* hebrew letter final nun */
    {0x05e1, 'o'}, /* hebrew letter samekh */
    {0x0627, 'l'}, /* arabic letter alef */
    {0x0647, 'o'}, /* arabic letter heh */
    {0x0661, '1'}, /* arabic-indic digit one */
    {0x0665, 'o'}, /* arabic-indic digit five */
    {0x0667, 'V'}, /* arabic-indic digit seven */
    {0x06be, 'o'}, /* arabic letter heh doachashmee */
    {0x06c1, 'o'}, /* arabic letter heh goal */
    {0x06d5, 'o'}, /* arabic letter ae */
    {0x06f1, '1'}, /* extended arabic-indic digit one */
    {0x06f5, 'o'}, /* extended arabic-indic digit five */
    {0x06f7, 'V'}, /* extended arabic-indic digit seven */
    {0x07c0, '0'}, /* nko digit zero */
    {0x07ca, 'l'}, /* nko letter a */
    {0x0966, '0'}, /* devanagari digit zero */
    {0x09e6, '0'}, /* bengali digit zero */
    {0x09ea, '8'}, /* bengali digit four */
    {0x09ed, '9'}, /* bengali digit seven */
    {0x0a66, '0'}, /* gurmukhi digit zero */
    {0x0a67, '9'}, /* gurmukhi digit one */
    {0x0a6a, '8'}, /* gurmukhi digit four */
    {0x0ae6, '0'}, /* gujarati digit zero */
    {0x0b03, '8'}, /* oriya sign visarga */
    {0x0b20, 'O'}, /* oriya letter ttha */
    {0x0b66, '0'}, /* oriya digit zero */
    {0x0b68, '9'}, /* oriya digit two */
    {0x0be6, '0'}, /* tamil digit zero */
    {0x0c02, 'o'}, /* telugu sign anusvara */
    {0x0c66, '0'}, /* telugu digit zero */
    {0x0c82, 'o'}, /* kannada sign anusvara */
    {0x0ce6, '0'}, /* kannada digit zero */
    {0x0d02, 'o'}, /* malayalam sign anusvara */
    {0x0d20, 'o'}, /* malayalam letter ttha */
    {0x0d66, '0'}, /* malayalam digit zero */
    {0x0d6d, '9'}, /* malayalam digit seven */
    {0x0d82, 'o'}, /* sinhala sign anusvaraya */
    {0x0e50, '0'}, /* thai digit zero */
    {0x0ed0, '0'}, /* lao digit zero */
    {0x101d, 'o'}, /* myanmar letter wa */
    {0x1040, '0'}, /* myanmar digit zero */
    {0x10e7, 'y'}, /* georgian letter qar */
    {0x10ff, 'o'}, /* georgian letter labial sign */
    {0x1200, 'U'}, /* ethiopic syllable ha */
    {0x12d0, 'O'}, /* ethiopic syllable pharyngeal a */
    {0x13a0, 'D'}, /* cherokee letter a */
    {0x13a1, 'R'}, /* cherokee letter e */
    {0x13a2, 'T'}, /* cherokee letter i */
    {0x13a5, 'i'}, /* cherokee letter v */
    {0x13a9, 'Y'}, /* cherokee letter gi */
    {0x13aa, 'A'}, /* cherokee letter go */
    {0x13ab, 'J'}, /* cherokee letter gu */
    {0x13ac, 'E'}, /* cherokee letter gv */
    {0x13b3, 'W'}, /* cherokee letter la */
    {0x13b7, 'M'}, /* cherokee letter lu */
    {0x13bb, 'H'}, /* cherokee letter mi */
    {0x13bd, 'Y'}, /* cherokee letter mu */
    {0x13c0, 'G'}, /* cherokee letter nah */
    {0x13c2, 'h'}, /* cherokee letter ni */
    {0x13c3, 'Z'}, /* cherokee letter no */
    {0x13ce, '4'}, /* cherokee letter se */
    {0x13cf, 'b'}, /* cherokee letter si */
    {0x13d2, 'R'}, /* cherokee letter sv */
    {0x13d4, 'W'}, /* cherokee letter ta */
    {0x13d5, 'S'}, /* cherokee letter de */
    {0x13d9, 'V'}, /* cherokee letter do */
    {0x13da, 'S'}, /* cherokee letter du */
    {0x13de, 'L'}, /* cherokee letter tle */
    {0x13df, 'C'}, /* cherokee letter tli */
    {0x13e2, 'P'}, /* cherokee letter tlv */
    {0x13e6, 'K'}, /* cherokee letter tso */
    {0x13e7, 'd'}, /* cherokee letter tsu */
    {0x13ee, '6'}, /* cherokee letter wv */
    {0x13f3, 'G'}, /* cherokee letter yu */
    {0x13f4, 'B'}, /* cherokee letter yv */
    {0x142f, 'V'}, /* canadian syllabics pe */
    {0x144c, 'U'}, /* canadian syllabics te */
    {0x146d, 'P'}, /* canadian syllabics ki */
    {0x146f, 'd'}, /* canadian syllabics ko */
    {0x1472, 'b'}, /* canadian syllabics ka */
    {0x148d, 'J'}, /* canadian syllabics co */
    {0x14aa, 'L'}, /* canadian syllabics ma */
    {0x14bf, '2'}, /* canadian syllabics sayisi m */
    {0x1541, 'x'}, /* canadian syllabics sayisi yi */
    {0x157c, 'H'}, /* canadian syllabics nunavut h */
    {0x157d, 'x'}, /* canadian syllabics hk */
    {0x1587, 'R'}, /* canadian syllabics tlhi */
    {0x15af, 'b'}, /* canadian syllabics aivilik b */
    {0x15b4, 'F'}, /* canadian syllabics blackfoot we */
    {0x15c5, 'A'}, /* canadian syllabics carrier gho */
    {0x15de, 'D'}, /* canadian syllabics carrier the */
    {0x15ea, 'D'}, /* canadian syllabics carrier pe */
    {0x15f0, 'M'}, /* canadian syllabics carrier go */
    {0x15f7, 'B'}, /* canadian syllabics carrier khe */
    {0x166d, 'X'}, /* canadian syllabics chi sign */
    {0x166e, 'x'}, /* canadian syllabics full stop */
    {0x16b7, 'X'}, /* runic letter gebo gyfu g */
    {0x16c1, 'l'}, /* runic letter isaz is iss i */
    {0x16d5, 'K'}, /* runic letter open-p */
    {0x16d6, 'M'}, /* runic letter ehwaz eh e */
    {0x1d04, 'c'}, /* latin letter small capital c */
    {0x1d0f, 'o'}, /* latin letter small capital o */
    {0x1d11, 'o'}, /* latin small letter sideways o */
    {0x1d1c, 'u'}, /* latin letter small capital u */
    {0x1d20, 'v'}, /* latin letter small capital v */
    {0x1d21, 'w'}, /* latin letter small capital w */
    {0x1d22, 'z'}, /* latin letter small capital z */
    {0x1d26, 'r'}, /* greek letter small capital gamma */
    {0x1d83, 'g'}, /* latin small letter g with palatal hook */
    {0x1d8c, 'y'}, /* latin small letter v with palatal hook */
    {0x1e9d, 'f'}, /* latin small letter long s with high stroke */
    {0x1eff, 'y'}, /* latin small letter y with loop */
    {0x212e, 'e'}, /* estimated symbol */
    {0x2223, 'l'}, /* divides */
    {0x2228, 'v'}, /* logical or */
    {0x222a, 'U'}, /* union */
    {0x22a4, 'T'}, /* down tack */
    {0x22c1, 'v'}, /* n-ary logical or */
    {0x22c3, 'U'}, /* n-ary union */
    {0x22ff, 'E'}, /* z notation bag membership */
    {0x2373, 'i'}, /* apl functional symbol iota */
    {0x2374, 'p'}, /* apl functional symbol rho */
    {0x237a, 'a'}, /* apl functional symbol alpha */
    {0x23fd, 'l'}, /* power on symbol */
    {0x2573, 'X'}, /* box drawings light diagonal cross */
    {0x27d9, 'T'}, /* large down tack */
    {0x292b, 'x'}, /* rising diagonal crossing falling diagonal */
    {0x292c, 'x'}, /* falling diagonal crossing rising diagonal */
    {0x2a2f, 'x'}, /* vector or cross product */
    {0x2c85, 'r'}, /* coptic small letter gamma */
    {0x2c8e, 'H'}, /* coptic capital letter hate */
    {0x2c92, 'l'}, /* coptic capital letter iauda */
    {0x2c94, 'K'}, /* coptic capital letter kapa */
    {0x2c98, 'M'}, /* coptic capital letter mi */
    {0x2c9a, 'N'}, /* coptic capital letter ni */
    {0x2c9e, 'O'}, /* coptic capital letter o */
    {0x2c9f, 'o'}, /* coptic small letter o */
    {0x2ca2, 'P'}, /* coptic capital letter ro */
    {0x2ca3, 'p'}, /* coptic small letter ro */
    {0x2ca4, 'C'}, /* coptic capital letter sima */
    {0x2ca5, 'c'}, /* coptic small letter sima */
    {0x2ca6, 'T'}, /* coptic capital letter tau */
    {0x2ca8, 'Y'}, /* coptic capital letter ua */
    {0x2cac, 'X'}, /* coptic capital letter khi */
    {0x2cca, '9'}, /* coptic capital letter dialect-p hori */
    {0x2ccc, '3'}, /* coptic capital letter old coptic hori */
    {0x2cd0, 'L'}, /* coptic capital letter l-shaped ha */
    {0x2cd2, '6'}, /* coptic capital letter old coptic hei */
    {0x2d38, 'V'}, /* tifinagh letter yadh */
    {0x2d39, 'E'}, /* tifinagh letter yadd */
    {0x2d4f, 'l'}, /* tifinagh letter yan */
    {0x2d54, 'O'}, /* tifinagh letter yar */
    {0x2d55, 'Q'}, /* tifinagh letter yarr */
    {0x2d5d, 'X'}, /* tifinagh letter yath */
    {0x3007, 'O'}, /* ideographic number zero */
    {0xa644, '2'}, /* cyrillic capital letter reversed dze */
    {0xa647, 'i'}, /* cyrillic small letter iota */
    {0xa6df, 'V'}, /* bamum letter ko */
    {0xa6ef, '2'}, /* bamum letter koghom */
    {0xa731, 's'}, /* latin letter small capital s */
    {0xa75a, '2'}, /* latin capital letter r rotunda */
    {0xa76a, '3'}, /* latin capital letter et */
    {0xa76e, '9'}, /* latin capital letter con */
    {0xa798, 'F'}, /* latin capital letter f with stroke */
    {0xa799, 'f'}, /* latin small letter f with stroke */
    {0xa79f, 'u'}, /* latin small letter volapuk ue */
    {0xa7ab, '3'}, /* latin capital letter reversed open e */
    {0xa7b2, 'J'}, /* latin capital letter j with crossed-tail */
    {0xa7b3, 'X'}, /* latin capital letter chi */
    {0xa7b4, 'B'}, /* latin capital letter beta */
    {0xab32, 'e'}, /* latin small letter blackletter e */
    {0xab35, 'f'}, /* latin small letter lenis f */
    {0xab3d, 'o'}, /* latin small letter blackletter o */
    {0xab47, 'r'}, /* latin small letter r without handle */
    {0xab48, 'r'}, /* latin small letter double r */
    {0xab4e, 'u'}, /* latin small letter u with short right leg */
    {0xab52, 'u'}, /* latin small letter u with left hook */
    {0xab5a, 'y'}, /* latin small letter y with short right leg */
    {0xab75, 'i'}, /* cherokee small letter v */
    {0xab81, 'r'}, /* cherokee small letter hu */
    {0xab83, 'w'}, /* cherokee small letter la */
    {0xab93, 'z'}, /* cherokee small letter no */
    {0xaba9, 'v'}, /* cherokee small letter do */
    {0xabaa, 's'}, /* cherokee small letter du */
    {0xabaf, 'c'}, /* cherokee small letter tli */
    {0x10282, 'B'}, /* lycian letter b */
    {0x10286, 'E'}, /* lycian letter i */
    {0x10287, 'F'}, /* lycian letter w */
    {0x1028a, 'l'}, /* lycian letter j */
    {0x10290, 'X'}, /* lycian letter mm */
    {0x10292, 'O'}, /* lycian letter u */
    {0x10295, 'P'}, /* lycian letter r */
    {0x10296, 'S'}, /* lycian letter s */
    {0x10297, 'T'}, /* lycian letter t */
    {0x102a0, 'A'}, /* carian letter a */
    {0x102a1, 'B'}, /* carian letter p2 */
    {0x102a2, 'C'}, /* carian letter d */
    {0x102a5, 'F'}, /* carian letter r */
    {0x102ab, 'O'}, /* carian letter o */
    {0x102b0, 'M'}, /* carian letter s */
    {0x102b1, 'T'}, /* carian letter c-18 */
    {0x102b2, 'Y'}, /* carian letter u */
    {0x102b4, 'X'}, /* carian letter x */
    {0x102cf, 'H'}, /* carian letter e2 */
    {0x102f5, 'Z'}, /* coptic epact number three hundred */
    {0x10301, 'B'}, /* old italic letter be */
    {0x10302, 'C'}, /* old italic letter ke */
    {0x10309, 'l'}, /* old italic letter i */
    {0x10311, 'M'}, /* old italic letter she */
    {0x10315, 'T'}, /* old italic letter te */
    {0x10317, 'X'}, /* old italic letter eks */
    {0x1031a, '8'}, /* old italic letter ef */
    {0x10320, 'l'}, /* old italic numeral one */
    {0x10322, 'X'}, /* old italic numeral ten */
    {0x10404, 'O'}, /* deseret capital letter long o */
    {0x10415, 'C'}, /* deseret capital letter chee */
    {0x1041b, 'L'}, /* deseret capital letter eth */
    {0x10420, 'S'}, /* deseret capital letter zhee */
    {0x1042c, 'o'}, /* deseret small letter long o */
    {0x1043d, 'c'}, /* deseret small letter chee */
    {0x10448, 's'}, /* deseret small letter zhee */
    {0x104b4, 'R'}, /* osage capital letter bra */
    {0x104c2, 'O'}, /* osage capital letter o */
    {0x104ce, 'U'}, /* osage capital letter u */
    {0x104d2, '7'}, /* osage capital letter za */
    {0x104ea, 'o'}, /* osage small letter o */
    {0x104f6, 'u'}, /* osage small letter u */
    {0x10513, 'N'}, /* elbasan letter ne */
    {0x10516, 'O'}, /* elbasan letter o */
    {0x10518, 'K'}, /* elbasan letter qe */
    {0x1051c, 'C'}, /* elbasan letter she */
    {0x1051d, 'V'}, /* elbasan letter te */
    {0x10525, 'F'}, /* elbasan letter ghe */
    {0x10526, 'L'}, /* elbasan letter ghamma */
    {0x10527, 'X'}, /* elbasan letter khe */
    {0x114d0, '0'}, /* tirhuta digit zero */
    {0x11706, 'v'}, /* ahom letter pa */
    {0x1170a, 'w'}, /* ahom letter ja */
    {0x1170e, 'w'}, /* ahom letter la */
    {0x1170f, 'w'}, /* ahom letter sa */
    {0x118a0, 'V'}, /* warang citi capital letter ngaa */
    {0x118a2, 'F'}, /* warang citi capital letter wi */
    {0x118a3, 'L'}, /* warang citi capital letter yu */
    {0x118a4, 'Y'}, /* warang citi capital letter ya */
    {0x118a6, 'E'}, /* warang citi capital letter ii */
    {0x118a9, 'Z'}, /* warang citi capital letter o */
    {0x118ac, '9'}, /* warang citi capital letter ko */
    {0x118ae, 'E'}, /* warang citi capital letter yuj */
    {0x118af, '4'}, /* warang citi capital letter uc */
    {0x118b2, 'L'}, /* warang citi capital letter tte */
    {0x118b5, 'O'}, /* warang citi capital letter at */
    {0x118b8, 'U'}, /* warang citi capital letter pu */
    {0x118bb, '5'}, /* warang citi capital letter horr */
    {0x118bc, 'T'}, /* warang citi capital letter har */
    {0x118c0, 'v'}, /* warang citi small letter ngaa */
    {0x118c1, 's'}, /* warang citi small letter a */
    {0x118c2, 'F'}, /* warang citi small letter wi */
    {0x118c3, 'i'}, /* warang citi small letter yu */
    {0x118c4, 'z'}, /* warang citi small letter ya */
    {0x118c6, '7'}, /* warang citi small letter ii */
    {0x118c8, 'o'}, /* warang citi small letter e */
    {0x118ca, '3'}, /* warang citi small letter ang */
    {0x118cc, '9'}, /* warang citi small letter ko */
    {0x118d5, '6'}, /* warang citi small letter at */
    {0x118d6, '9'}, /* warang citi small letter am */
    {0x118d7, 'o'}, /* warang citi small letter bu */
    {0x118d8, 'u'}, /* warang citi small letter pu */
    {0x118dc, 'y'}, /* warang citi small letter har */
    {0x118e0, '0'}, /* warang citi digit zero */
    {0x118e5, 'Z'}, /* warang citi digit five */
    {0x118e6, 'W'}, /* warang citi digit six */
    {0x118e9, 'C'}, /* warang citi digit nine */
    {0x118ec, 'X'}, /* warang citi number thirty */
    {0x118ef, 'W'}, /* warang citi number sixty */
    {0x118f2, 'C'}, /* warang citi number ninety */
    {0x16f08, 'V'}, /* miao letter va */
    {0x16f0a, 'T'}, /* miao letter ta */
    {0x16f16, 'L'}, /* miao letter la */
    {0x16f28, 'l'}, /* miao letter gha */
    {0x16f35, 'R'}, /* miao letter zha */
    {0x16f3a, 'S'}, /* miao letter sa */
    {0x16f3b, '3'}, /* miao letter za */
    {0x16f40, 'A'}, /* miao letter zzya */
    {0x16f42, 'U'}, /* miao letter wa */
    {0x16f43, 'Y'}, /* miao letter ah */
    {0x1d206, '3'}, /* greek vocal notation symbol-7 */
    {0x1d20d, 'V'}, /* greek vocal notation symbol-14 */
    {0x1d212, '7'}, /* greek vocal notation symbol-19 */
    {0x1d213, 'F'}, /* greek vocal notation symbol-20 */
    {0x1d216, 'R'}, /* greek vocal notation symbol-23 */
    {0x1d22a, 'L'}, /* greek instrumental notation symbol-23 */
    {0x1e8c7, 'l'}, /* mende kikakui digit one */
    {0x1e8cb, '8'}, /* mende kikakui digit five */
    {0x1f74c, 'C'}, /* alchemical symbol for calx */
    {0x1f768, 'T'}, /* alchemical symbol for crucible-4 */
};

gunichar kc_name_drawn_as(gunichar c)
{
    size_t lo = 0, hi = G_N_ELEMENTS(drawn);
    if (c < drawn[0].from)
        return 0;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (drawn[mid].from == c)
            return (gunichar)drawn[mid].to;
        if (drawn[mid].from < c)
            lo = mid + 1;
        else
            hi = mid;
    }
    return 0;
}

size_t kc_name_drawn_count(void) { return G_N_ELEMENTS(drawn); }

gunichar kc_name_drawn_nth(size_t i, gunichar *to)
{
    *to = (gunichar)drawn[i].to;
    return drawn[i].from;
}
