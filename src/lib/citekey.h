/*
 * citekey.h - citation keys: patterns, and keys that stay the same.
 *
 * A pattern is JabRef's key-pattern language: literal text and fields
 * in brackets, each with optional modifiers.  The default is
 * CIX_CITEKEY_DEFAULT, "[auth][year]": "Chisholm2013".
 *
 *	[auth]		first author's family name ("vanderBerg", "Chisholm";
 *			an organisation by its initials: "WHO")
 *	[authN]		its first N characters
 *	[auth.etal]	"Smith", "SmithJones" for two, "Smith.etal" for more
 *	[authors]	every author's family name
 *	[authorsN]	the first N of them, then "EtAl" if there are more
 *	[year]		the four-digit year
 *	[shorttitle]	the first three words of the title that are not
 *			function words, capitalised: "PeerSupportAmong"
 *	[veryshorttitle]  the first of them: "Peer"
 *	[journal]	the journal's abbreviation (ISO, else J9, else the
 *			full title), capitalised words: "PsychiatrRehabilJ"
 *	[field:lower], [field:upper]	modifiers, which may be chained
 *
 * Literal text may use letters, digits and - _ : . / +.  Names and
 * titles are folded to ASCII ("Müller" -> "Muller"), names written in
 * capitals are capitalised ("SMITH" -> "Smith"), and everything but
 * letters and digits is dropped, so keys are ASCII and safe for BibTeX,
 * biber and LaTeX.  A key that would come out empty is "Anon".
 *
 * Keys are unique (ASCII case-insensitively, as BibTeX compares them) and
 * stable.  A keyring hands out keys for one pattern: the first work to
 * ask for a base key gets it, later ones get the base plus "a", "b", ...
 * "z", "aa", ...  With a store, the keyring keeps the keys it gave in the
 * index (table citekeys, per pattern), so a work keeps its key in later
 * runs, after re-imports that change its authors or year, and when new
 * works with the same base key arrive.  Without a store (converting a
 * file), keys depend only on the order of the works.
 */
#ifndef CIX_CITEKEY_H
#define CIX_CITEKEY_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"
#include "error.h"
#include "record.h"
#include "store.h"

#define CIX_CITEKEY_DEFAULT "[auth][year]"
#define CIX_CITEKEY_MAX 128	/* longest key, suffix included */

struct cix_citekey_pattern;

/*
 * Parse pattern (NULL: the default).  CIX_EINVAL with a message naming
 * what is wrong (an unknown field or modifier, a character keys cannot
 * hold, an unclosed bracket).
 */
int cix_citekey_compile(struct cix_citekey_pattern **out, const char *pattern,
    struct cix_error *err);
void cix_citekey_free(struct cix_citekey_pattern *p);
/* The pattern as given (or the default). */
const char *cix_citekey_source(const struct cix_citekey_pattern *p);

/* Append the base key of r (no collision suffix); never empty. */
int cix_citekey_base(struct cix_buf *out, const struct cix_citekey_pattern *p,
    const struct cix_record *r);

/* The i-th collision suffix into buf: 0 "", 1 "a", 26 "z", 27 "aa". */
void cix_citekey_suffix(char *buf, size_t n, unsigned long i);

struct cix_keyring;

/*
 * A keyring for pattern p (which must outlive it).  With a store s, the
 * keys already given for this pattern are loaded and new ones are
 * written in a transaction that cix_keyring_commit() ends (free without
 * commit rolls it back); an index that cannot be written is only read.
 * s may be NULL.
 */
int cix_keyring_new(struct cix_keyring **out,
    const struct cix_citekey_pattern *p, struct cix_store *s,
    struct cix_error *err);
/*
 * The key of work id (record r): the one it was given before, or a new
 * unique one.  *key stays valid until the keyring is freed.  id 0 means
 * "no identity": always a new key, never stored.
 */
int cix_keyring_key(struct cix_keyring *k, const char **key, int64_t id,
    const struct cix_record *r, struct cix_error *err);
/* Keys handed out by this keyring that were new. */
size_t cix_keyring_new_keys(const struct cix_keyring *k);
/*
 * Are new keys kept?  Not without a store, nor with an index that cannot
 * be written (a read-only file: the keyring then gives the keys the index
 * has, and new ones for this run only).
 */
int cix_keyring_stored(const struct cix_keyring *k);
/* Make the new keys permanent (no-op without a store). */
int cix_keyring_commit(struct cix_keyring *k, struct cix_error *err);
void cix_keyring_free(struct cix_keyring *k);

#endif
