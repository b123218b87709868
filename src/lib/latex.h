/*
 * latex.h - text into BibTeX/LaTeX field values that LaTeX accepts as
 * they are.
 *
 * Every function appends to a struct cix_buf and returns CIX_OK,
 * CIX_ENOMEM or CIX_ETOOBIG (the buffer's cap); on failure the buffer may
 * hold part of the output.  Input is (pointer, length), any bytes: invalid
 * UTF-8 becomes U+FFFD (or '?' with CIX_LATEX_ASCII), control characters
 * and runs of white space become one space, and the ends are trimmed.
 *
 * The output never holds an unescaped LaTeX special character and its
 * braces always balance, whatever the input (cix_latex_check() tells, and
 * tests/fuzz/fuzz_latex.c holds the escaper to it):
 *
 *	& % $ # _	->  \& \% \$ \# \_
 *	{ } \		->  {\textbraceleft} {\textbraceright} {\textbackslash}
 *	~ ^		->  {\textasciitilde} {\textasciicircum}
 *	< >		->  {\textless} {\textgreater}
 *
 * Braces are written as commands rather than \{ \} because BibTeX counts
 * every brace, escaped or not, when it looks for the end of a field.  The
 * command forms are inside a brace group, which BibTeX treats as one
 * "special character" (its case is never changed, purify$ drops it).
 *
 * Without CIX_LATEX_ASCII, non-ASCII characters are kept as UTF-8 (for
 * biber, and for bibtex with a UTF-8 LaTeX).  With it the output is pure
 * ASCII: accented Latin letters become accent commands in BibTeX's
 * special-character form ("é" -> {\'e}, "ł" -> {\l}, "ı" with an accent
 * -> {\'\i}), a letter followed by a combining accent likewise, Greek
 * letters and common symbols become math ({$\alpha$}, {$\leq$}),
 * typographic punctuation becomes its LaTeX spelling (-- --- `` ''), and
 * whatever has no LaTeX form in the standard OT1/T1 setup becomes its
 * ASCII folding or '?'.
 */
#ifndef CIX_LATEX_H
#define CIX_LATEX_H

#include <stddef.h>
#include <stdint.h>

#include "buf.h"

#define CIX_LATEX_ASCII 0x1	/* pure ASCII output (classic bibtex) */

/* Escape s[0..len) into out. */
int cix_latex_escape(struct cix_buf *out, const char *s, size_t len,
    int flags);

/*
 * As cix_latex_escape(), and protect the capitalisation that must survive
 * a bibliography style's change of case, by bracing whole words:
 * acronyms and words with a capital inside ("DNA", "COVID-19", "iPhone",
 * "McDonald") always; in a title written in sentence case, also
 * capitalised words that do not start a sentence (proper nouns:
 * "in England", "Vitamin A").  A title in Title Case says nothing about
 * proper nouns and a title in CAPITALS nothing at all, so neither gets
 * more than the acronym rule (capitals get nothing).
 */
int cix_latex_title(struct cix_buf *out, const char *s, size_t len,
    int flags);

/*
 * A value for a verbatim field (biblatex doi, url, eprint): kept as it
 * is, except that characters a verbatim field cannot hold (braces,
 * backslash, '%', '#', white space, control characters and invalid
 * UTF-8) are percent-encoded, which a DOI resolver and a URL both read
 * back as the same thing.
 */
int cix_latex_verbatim(struct cix_buf *out, const char *s, size_t len);

/*
 * The LaTeX spelling of code point cp in ASCII mode ("{\'e}", "--",
 * "{$\alpha$}"), or NULL when it has none.  ASCII characters other than
 * the specials map to themselves.
 */
const char *cix_latex_ascii(uint32_t cp, char *tmp, size_t tmpsz);

/*
 * Is s[0..len) safe: braces balanced (never below zero), no special
 * character outside the escapes above, no '\' that does not start a
 * control word or one of \& \% \$ \# \_ \, \- ...?  Returns 1 if so; else
 * 0 with the offset of the first offence in *bad (may be NULL).  This is
 * the checker of the tests and the fuzz harness.
 */
int cix_latex_check(const char *s, size_t len, size_t *bad);

#endif
