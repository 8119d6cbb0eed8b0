/* agency.h (internal): does a certificate belong to a commune's own agency?
 *
 * The dossier's seal counts only when the commune's People's Committee made
 * it, and criteria 20–22 count a signature for a commune only when its
 * certificate belongs to that commune (a neighbour's organisation certificate
 * does not make a document signed).  Both ask the same question of a
 * certificate's common name and organisation, here.  Names are compared
 * folded (text.h): case, NFC/NFD and "Ủy"/"Uỷ" do not matter; the words
 * do ("UBND xã Thủy An Đông" is not Thủy An's), and so do a commune name's
 * diacritics when both sides write them ("Thúy An" is not "Thủy An"). */
#ifndef KC_AGENCY_H
#define KC_AGENCY_H

#include <stdbool.h>
#include <stddef.h>

#include "kiemchung/ratios.h"

/* A chairman's or deputy's title as it opens, folded, each with its space
 * ("pho chu tich thuong truc " before "pho chu tich "): the committee a
 * title names follows it. */
#define KC_AGENCY_CHAIRS 7
extern const char *const kc_agency_chairs[KC_AGENCY_CHAIRS];

/* The commune's People's Committee as people write it, e.g. "UBND xã Thủy An"
 * for "Thủy An", "Xã Thủy An" or "UBND xã Thủy An"; a "phường" or "thị trấn"
 * the name gives is kept (malloc'd; NULL when commune names nothing). */
char *kc_agency_of_commune(const char *commune);

/* The offices a title holds when it holds more than one, each as written
 * (NFC): "Phó Bí thư Đảng ủy, Chủ tịch UBND xã Thủy An" → {"Phó Bí thư Đảng
 * ủy", "Chủ tịch UBND xã Thủy An"}, split at a comma, a dash, a slash or
 * "kiêm" followed by an office's words (g_strfreev'd); NULL for one office
 * ("Chủ tịch UBND xã Thủy An, huyện Phú Vang", "… - Hội Nông dân")
 * (title_offices.c). */
char **kc_title_offices(const char *title);
/* Of a title holding several offices, the one read as a People's Committee
 * chairman's or deputy's (roles.c's reading: "Chủ tịch UBND xã Thủy An",
 * "Chủ tịch"), g_free'd; NULL when the title holds one office, or none of
 * its offices is a leader's ("Phó Bí thư Đảng ủy, Chủ tịch HĐND xã"). */
char *kc_title_leader_office(const char *title);
/* Whether a title ends with words in lower case in its last bracket or past
 * its last dash ("… kiêm Bí thư Đảng ủy xã (nguyên)"): a qualifier of the
 * whole, the holder's former or acting offices (title_offices.c). */
bool kc_title_ends_qualified(const char *title);
/* Whether a title names an office or a post: one of the words offices and
 * posts are written with ("Chủ tịch", "Công chức", "Kế toán", "Văn thư"),
 * not a filler for an empty field ("-", "N/A", "Không", "Chưa có")
 * (title_offices.c). */
bool kc_title_names_office(const char *title);

/* Whether a person's certificate is filed under a People's Committee (or a
 * place) by its O, OU or title, no O or OU naming another body and neither
 * unreadable: only then can it be a commune's staff's, whose
 * signature counts for criterion 20 (agency_person.c). */
bool kc_agency_person_filed(const kc_sig_info *sig);

/* The commune-level committee a person's certificate files him under, as
 * written (its OU's, else its O's, a commune as a place read as its
 * committee, else the one its title names after his office: "Chuyên viên
 * UBND xã Thủy An"), g_free'd; NULL when it names none (the district's or
 * province's staff, O=UBND huyện Phú Vang alone). */
char *kc_agency_person_commune(const kc_sig_info *sig);

/* Whether a certificate field names a People's Committee at all ("UBND …",
 * "Ủy ban nhân dân …", of any level). */
bool kc_agency_names_committee(const char *field);

/* Whether what follows a committee's place name (past any mark but an
 * apostrophe or a level's abbreviated full stop, "TP. Huế"; or with none)
 * names a body rather than a place: "UBND xã Thủy An - Hội Nông dân", "…: Hội
 * Nông dân", "… Thủy An Hội Nông dân", "Chủ tịch UBND xã Thủy An (Công đoàn)"
 * name the Farmers' Association and the trade union under the committee's
 * name, not the committee of a place ("UBND xã Thủy An - Phú Vang", ", huyện
 * Phú Vang", "UBND xã Tân Hội Đông") (agency_body.c). */
bool kc_agency_names_body_after(const char *value);
/* Whether a unit's value (OU) names, from its start, a body other than a People's
 * Committee or its own sections (agency_body.c, rtcert14). */
bool kc_agency_unit_names_body(const char *value);
/* The same, by a body's phrase of two words or more only ("Trường Tiểu học",
 * "Trạm y tế", "Hội Nông dân"; not "Hội" alone, which "Văn hóa - Xã hội"
 * holds): what a title names past its holder's profession (agency_body.c). */
bool kc_agency_phrase_names_body(const char *value);

/* Whether a title goes on, past its committee's place name ("Chủ tịch UBND
 * xã Thủy An"), with a word in lower case that is no level's word: "(nguyên)"
 * (former), "(cũ)", "(tạm quyền)" (acting), "- đã nghỉ hưu" (retired) say what
 * the holder is not, or no longer, while a place's names are written with
 * capitals ("- Phú Vang", ", huyện Phú Vang").  False when the place's name
 * itself is in lower case (then nothing tells) (agency_body.c, rtcert12). */
bool kc_agency_qualified_after(const char *title);

/* field with a comma put between a commune's name and a level's word that
 * follows it with no mark ("UBND xã Thủy An huyện Phú Vang" → "UBND xã Thủy
 * An, huyện Phú Vang"): the level's word spelled with its diacritics, or
 * without them in lower case after a name in capitals ("huyen Phu Vang").
 * Every reader of a commune's name and of its places reads the field so
 * (rtcert10: the commune was read as "Thủy An huyện Phú Vang").  g_free'd;
 * NULL for NULL or invalid UTF-8 (agency_body.c). */
char *kc_agency_mark_levels(const char *field);

/* Whether the certificate's OU, title or common name names a district
 * ("huyện", "quận", "thị xã") that is not the one its O names, when its O
 * names one: the committee of a namesake commune (agency_place.c). */
bool kc_agency_districts_disagree(const kc_sig_info *sig);

/* Whether a certificate belongs to a commune's People's Committee is
 * kc_agency_of_signer (ratios.h, defined in agency.c) saying KC_AGENCY_OWN:
 * common_name or organization names "UBND" or "Ủy ban nhân dân", a
 * commune-level unit (xã, phường, thị trấn: the one the commune names, when
 * it names one), then exactly the commune's name, optionally followed by
 * ", …" or " - …" (the district or province).  The seal, the review and
 * index all ask it there. */

/* The commune a file or folder name names: the words after "xã", "phường"
 * or "thị trấn" up to a number ("So-di_xa-Thuy-An_2021.csv" → "xa thuy an"),
 * folded, malloc'd; NULL when it names none. */
char *kc_agency_commune_in_name(const char *name);

/* The committee a signer's certificate belongs to, as written: its OU when
 * that names a People's Committee (the VGCA's "OU=UBND xã Thủy An,
 * O=UBND huyện Phú Vang": the commune's, under its district), else its O;
 * NULL for an organisation whose common name names an agency (its CN alone
 * says whose it is: "Công an xã Thủy An" is not the committee its O names).
 * What kc_agency_of_signer is given as the organisation everywhere. */
const char *kc_agency_committee_field(const kc_sig_info *sig);

/* Whether the certificate's O or OU names another commune's committee than
 * commune_text's (a value of either naming a commune-level People's
 * Committee that is not this one): the certificate is that committee's,
 * whatever its CN or title say.  *other (when given) gets that value, to be
 * g_free'd. */
bool kc_agency_files_other_commune(const char *commune_text, bool from_name, const kc_sig_info *sig, char **other);

/* A value of an O or OU that names a commune as a place by its kind's word
 * ("Xã Thủy Vân", "Phường 5", "Thị trấn Phú Đa") as its committee ("UBND
 * Xã Thủy Vân", g_free'd), or NULL. */
char *kc_agency_place_as_committee(const char *value);

/* Whether a text names, wherever in it, a commune's committee other than
 * commune_text's ("Chủ tịch UBND xã Thủy Vân", "Nguyễn Văn A - UBND xã Thủy
 * Vân"), as a leader's common name is read (rtcert9): a register's "Người ký"
 * cell (rtnum21). */
bool kc_agency_text_names_other_commune(const char *commune_text, const char *text);

/* Whether a field names a commune-level People's Committee ("UBND xã …"),
 * of any commune. */
bool kc_agency_names_commune(const char *field);

/* Whether two commune names that fold alike are spelt alike, as a person
 * reads them (agency_entry.c): their words (name_a, name_b) compared with
 * their marks, where a tone mark sits being style ("Thuỷ", "Thủy"), unless
 * either whole text (text_a, text_b: "Xã Thanh An", "UBND xa Thanh An") was
 * typed without any mark, which names either.  true when a name is NULL. */
bool kc_agency_spelt_alike(const char *name_a, const char *text_a, const char *name_b, const char *text_b);

/* The districts and provinces a dossier names (bag-info.txt, dossier.json). */
typedef struct kc_agency_places {
    const char *const *districts;
    size_t ndistricts;
    const char *const *provinces;
    size_t nprovinces;
} kc_agency_places;

/* Whether a certificate names a district or province other than the
 * dossier's: a part of its common name or organisation naming "huyện X",
 * "quận X", "thị xã X", "thành phố X" or "tỉnh X" (after "UBND" or not), or
 * its stateOrProvinceName, that is none of the dossier's places of that
 * level, compared folded without the level's word.  Many communes share a
 * name ("xã Tân An" in a dozen provinces): the name alone does not say whose
 * certificate it is.  A level the dossier does not name is not compared. */
bool kc_agency_place_differs(const kc_agency_places *p, const char *common_name, const char *organization,
                             const char *province);

/* kc_agency_place_differs over every field of a signer's certificate that may
 * name a place: CN, O, ST, and its OU, L (localityName: "huyện Phong Điền")
 * and title ("Chủ tịch UBND xã Thủy An, huyện Phong Điền"), each of which
 * names the namesake commune elsewhere as well as its CN or O would.  A place
 * named without its level's word (L=Phong Điền, "UBND xã Thủy An (Phong
 * Điền)") must be one of the dossier's when it names a district. */
bool kc_agency_sig_place_differs(const kc_agency_places *p, const kc_sig_info *sig);

/* Whether `later` (a leader's or an organisation's signature) may draw on the
 * page after `earlier` (one of either): the committee earlier's certificate
 * names (an organisation's CN, a leader's OU or O and its title "Chủ tịch
 * UBND xã …", without what follows it) must be later's too, as far as names
 * tell.  A commune's: later names that commune's committee.  Only a
 * district's: later names a People's Committee at all (a company branch,
 * "Chi nhánh …", an organisation to the roles, names none).  Either way no
 * district or province later names may differ from those earlier names
 * (kc_agency_same_places): "xã Tân An" is a dozen communes.  None named: true. */
bool kc_agency_may_draw_after(const kc_sig_info *earlier, const kc_sig_info *later);

/* Whether certificate b names no district or province other than those a
 * names (its common name's, organisation's and unit's parts, its ST), level by level:
 * "UBND xã Thủy An" of Quảng Trị is not Thủy An of Thừa Thiên Huế.  A level a
 * does not name is not compared. */
bool kc_agency_same_places(const kc_sig_info *a, const kc_sig_info *b);
/* Whether two districts as dossiers name them are one: past the committee's
 * words and the level ("UBND huyện Phú Vang" is "Phú Vang"), folded; neither
 * named is one, one of them named is two. */
bool kc_agency_same_district(const char *a, const char *b);

/* Whether a signer's certificate names any district or province: its ST
 * (not the country, "ST=VN", nor a filler, "N/A"), a
 * place by its level's word in its CN, O, OU, title, L or street address, or
 * an L without that word that is one of p's (p may be NULL).  One that names
 * none ("CN=UBND xã Thủy An" and nothing else, or "L=Thôn 1") cannot be told
 * from the namesake communes of other districts. */
bool kc_agency_sig_names_place(const kc_sig_info *sig, const kc_agency_places *p);

/* Which levels a signer's certificate names: *district when a field names a
 * district by its level's word, or one of p's districts without it (or as a
 * city); *province when its ST names a place, or a field names a province by
 * its level's word, or one of p's provinces without it.  A level the dossier
 * names that the certificate leaves out is not compared at all
 * (kc_agency_sig_place_differs): "L=huyện Châu Thành" is a district's name in
 * six provinces, "ST=Hà Nội" says nothing about the district "Phú Vang". */
void kc_agency_sig_levels(const kc_sig_info *sig, const kc_agency_places *p, bool *district, bool *province);

/* What kc_agency_spelled_out spelled out: the committee's words (as "ubnd "),
 * the unit's kind or level (its index: xã, phường, thị trấn; or huyện,
 * quận, thị xã, thành phố), and the byte of the folded name from which the
 * rest is kept as it was. */
typedef struct kc_agency_spelling {
    bool committee;
    int unit; /* -1: not abbreviated */
    size_t rest;
} kc_agency_spelling;

/* Folded f with the committee's words and the unit's kind (or with levels a
 * district's level) spelled out where the name starts, only with something
 * after them: "u.b.n.d-x.thuy van" → "ubnd xa thuy van", "h. phu vang" →
 * "huyen phu vang" (g_free; how, when not NULL, says what was); with bare
 * also a lone letter without its stop and a committee glued to the unit's
 * word ("x thuy van", "ubndxa thuy van": the desk's reading).  The desk's
 * keys of communes and districts are read so (store_communes.c), so a change
 * here needs a migration that rekeys them (agency_spelled.c). */
char *kc_agency_spelled_out(const char *f, bool levels, bool bare, kc_agency_spelling *how);

/* written (a certificate's value, or a commune's name) with an abbreviated
 * kind or committee spelled out as kc_agency_spelled_out reads it and the
 * rest as written, as the desk reads it (bare): "UBND X. Hiệp Hòa" and "UBND X
 * Hiệp Hòa" → "UBND xã Hiệp Hòa", "U.B.N.D-TT.Phú Đa" → "UBND thị trấn Phú
 * Đa"; a copy of written when nothing is (g_free;
 * NULL for NULL) (agency_spelled.c). */
char *kc_agency_spell_written(const char *written);

#endif
