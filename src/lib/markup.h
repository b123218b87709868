/*
 * markup.h - reduce marked-up metadata text to plain text and simple markup.
 *
 * Titles, abstracts and names in Crossref, DataCite and CSL-JSON answers
 * carry markup of several kinds, often mixed: Crossref face markup
 * (<i> <b> <u> <sub> <sup> <scp> <tt> <ovl>), MathML (mml:*), JATS
 * (jats:p, jats:italic, ...), HTML, CDATA sections, and markup that was
 * escaped once more and arrives as text ("&lt;i&gt;", "&amp;apos;").  The
 * functions here walk an XML element (from libxml2) or scan a string and
 * produce:
 *
 *   text    plain UTF-8: tags dropped (their words kept), entities
 *           decoded, runs of white space (NBSP and the other Unicode
 *           spaces included) collapsed to one space, ends trimmed;
 *   markup  the same text keeping only <i> <b> <sub> <sup> (balanced,
 *           never empty), with &, < and > escaped as &amp; &lt; &gt;.
 *
 * Entity references of the XML document (&name; declared in a DTD) never
 * contribute text: they are skipped, not expanded.  Only the predefined
 * XML entities, character references and a short list of HTML entities
 * found in escaped text are decoded.  Comments, processing instructions,
 * MathML annotations and HTML script/style content are dropped.
 *
 * Both functions copy their results into the arena a.  *text is NULL when
 * the result is empty; *markup is NULL when no tag was kept (the text then
 * says everything).  Either out-parameter may be NULL when not wanted.
 * Output longer than cap bytes of text is cut at a character boundary
 * (the rest is dropped, not an error).  They return CIX_OK or CIX_ENOMEM.
 */
#ifndef CIX_MARKUP_H
#define CIX_MARKUP_H

#include <stddef.h>

#include "arena.h"

struct _xmlNode;

/*
 * Paragraph mode (abstracts): block elements (p, sec, title, div, br,
 * li, ...) separate paragraphs with a blank line ("\n\n") instead of a
 * space, and a leading section title that only says "Abstract" is
 * dropped.
 */
#define CIX_MARKUP_PARAS 0x01u
/* With CIX_MARKUP_PARAS: a blank line in the text starts a paragraph. */
#define CIX_MARKUP_BLANKLINES 0x02u

/* Caps used by the mappers. */
#define CIX_MARKUP_FIELD_CAP 4096u		/* names, volumes, ... */
#define CIX_MARKUP_TITLE_CAP (16u * 1024)	/* titles, references */
#define CIX_MARKUP_ABSTRACT_CAP (256u * 1024)	/* abstracts */

/* Reduce the content (the children) of the XML element node. */
int cix_markup_xml(const char **text, const char **markup,
    struct cix_arena *a, const struct _xmlNode *node, unsigned flags,
    size_t cap);

/* Reduce s[0..len), a string that may contain tags and entities. */
int cix_markup_str(const char **text, const char **markup,
    struct cix_arena *a, const char *s, size_t len, unsigned flags,
    size_t cap);

#endif
