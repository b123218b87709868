/*
 * record.h - struct cix_record: one work as a reader or a resolver saw it.
 *
 * A record is what flows from the readers (WoS plain text, WoS
 * tab-delimited, the mirror page) and the resolvers (Crossref, DataCite)
 * into the store, and from the store into the exporters.  It owns an arena:
 * every string and array element it points at lives there (or in the
 * record's own growable arrays) and dies with cix_record_reset() /
 * cix_record_release().  Strings are UTF-8, NUL-terminated, trimmed, and
 * NULL when the source did not give them; numbers are 0 (or -1 where 0 is
 * meaningful) when unknown.
 *
 * Lifecycle: cix_record_init(&r); fill; cix_record_reset(&r) between
 * records (keeps allocations for reuse); cix_record_release(&r) at the end.
 *
 * Setters copy their argument into the arena.  They return CIX_OK or
 * CIX_ENOMEM (also when the arena's cap is reached).
 */
#ifndef CIX_RECORD_H
#define CIX_RECORD_H

#include <stddef.h>
#include <stdint.h>

#include "arena.h"

/*
 * Work types, as stored in works.type.  The names follow CSL where CSL has
 * one; the exporters map them to BibTeX/RIS types.
 */
#define CIX_TYPE_ARTICLE "article-journal"
#define CIX_TYPE_REVIEW "review"		/* a review article */
#define CIX_TYPE_PAPER_CONF "paper-conference"
#define CIX_TYPE_CHAPTER "chapter"
#define CIX_TYPE_BOOK "book"
#define CIX_TYPE_THESIS "thesis"
#define CIX_TYPE_REPORT "report"
#define CIX_TYPE_DATASET "dataset"
#define CIX_TYPE_PREPRINT "preprint"
#define CIX_TYPE_PATENT "patent"
#define CIX_TYPE_EDITORIAL "editorial"	/* editorial material, letters */
#define CIX_TYPE_SOFTWARE "software"
#define CIX_TYPE_OTHER "other"

/* Contributor roles. */
enum cix_role {
	CIX_ROLE_AUTHOR = 0,
	CIX_ROLE_EDITOR = 1,
	CIX_ROLE_BOOK_AUTHOR = 2,	/* WoS BA/BF: authors of the book */
	CIX_ROLE_GROUP = 3		/* WoS GP / CA: group author */
};

struct cix_author {
	const char *family;	/* "Chisholm"; the whole name if corporate */
	const char *given;	/* "Janice", or initials "J" when that is all */
	const char *full;	/* as written in full: "Chisholm, Janice" */
	const char *abbrev;	/* as abbreviated: "Chisholm, J" */
	const char *orcid;	/* "0000-0002-1825-0097", no URL */
	const char *rid;	/* Web of Science ResearcherID */
	int corporate;		/* 1 for an organisation or group */
	int role;		/* enum cix_role */
	const char *suffix;	/* "Jr.", "III" (Crossref, CSL) */
};

struct cix_affil {
	const char *address;	/* "Monash Univ, Dept Social Work, ..." */
	const char *raw;	/* the input line as given, e.g. "[A; B] addr" */
};

/* Author a (index into authors) is affiliated with affil f. */
struct cix_author_affil {
	uint32_t author;
	uint32_t affil;
};

/* Kinds of cited reference (struct cix_citedref.kind). */
enum cix_ref_kind {
	CIX_REF_UNPARSED = 0,	/* could not be parsed; raw only */
	CIX_REF_ARTICLE = 1,	/* journal article or similar serial item */
	CIX_REF_BOOK = 2,	/* book, report, thesis: no volume/page */
	CIX_REF_PATENT = 3,
	CIX_REF_ANONYMOUS = 4	/* [Anonymous] author */
};

#define CIX_REF_MAXDOIS 8

/*
 * A cited reference parsed into fields.  Filled by cix_citedref_parse()
 * from a raw string, or directly by a resolver from structured data.
 */
struct cix_citedref {
	int kind;		/* enum cix_ref_kind */
	const char *author;	/* first author's surname as written */
	const char *initials;	/* "WA" (letters only), NULL if none */
	int year;		/* 0 if none */
	const char *source;	/* "PSYCHOSOCIAL REHABILITATION J" */
	const char *title;	/* when the source gives one */
	const char *volume;	/* "16", "3rd ed." */
	const char *issue;
	const char *page;	/* first page: "11", "A12", "e1001" */
	const char *artno;	/* article number when marked as such */
	size_t ndois;
	const char *dois[CIX_REF_MAXDOIS];	/* normalised, distinct */
};

/* How a reference was linked to the work it names (refs.method). */
enum cix_link_method {
	CIX_LINK_NONE = 0,	/* not linked (yet) */
	CIX_LINK_DOI = 1,	/* DOI equality */
	CIX_LINK_KEY = 2,	/* exact normalised key, source-guarded */
	CIX_LINK_FUZZY = 3,	/* guarded fuzzy match */
	CIX_LINK_CITED = 4	/* a cited-only work shared by such refs */
};

struct cix_ref {
	const char *raw;	/* the reference as the source gave it */
	int parsed;		/* 1 once f is filled */
	struct cix_citedref f;
	/* filled when loaded from the store */
	int64_t cited_id;	/* the work it names, 0 if unlinked */
	int method;		/* enum cix_link_method */
	double confidence;	/* 0..1 */
};

/* A tag the record model has no field for, kept verbatim. */
struct cix_tag {
	char tag[8];		/* "U1", "GA", "X1"; NUL-terminated */
	const char *value;	/* continuation lines joined with '\n' */
};

/* A growable array of strings (the strings live in the arena). */
struct cix_strlist {
	const char **v;
	size_t n;
	size_t alloc;
};

struct cix_record {
	struct cix_arena arena;

	/* where it came from */
	const char *origin;	/* "wos", "wos-tab", "mirror", "crossref" ... */
	size_t line;		/* first line of the record in its input */

	/* identifiers */
	const char *doi;	/* normalised: ASCII lower case, no prefix */
	const char *ut;		/* accession with its source: "WOS:000..." */
	const char *pmid;
	const char *isbn;	/* BN; several separated by "; " */

	/* what it is */
	const char *type;	/* CIX_TYPE_* */
	const char *pubtype;	/* WoS PT: J B S P C */
	const char *doctype;	/* WoS DT as written: "Article; Early Access" */

	const char *title;
	const char *title_markup;	/* with <i>/<sub>... when known */
	const char *abstract;
	const char *language;

	/* when */
	int year;		/* 0 if unknown */
	int month;		/* 1-12, 0 if unknown */
	int day;		/* 1-31, 0 if unknown */
	const char *pubdate;	/* PD as written */
	const char *early_access;	/* EA as written */

	/* where */
	const char *source;		/* SO: full source title */
	const char *source_abbrev;	/* J9: 29-character abbreviation */
	const char *source_iso;		/* JI: ISO abbreviation */
	const char *series;		/* SE / BS */
	const char *volume;
	const char *issue;
	const char *part;		/* PN */
	const char *supplement;		/* SU */
	const char *special_issue;	/* SI */
	const char *first_page;
	const char *last_page;
	const char *article_no;		/* AR */
	int page_count;			/* PG, 0 if unknown */
	const char *publisher;
	const char *publisher_city;
	const char *publisher_addr;
	const char *issn;
	const char *eissn;
	const char *conference;		/* CT */
	const char *conf_date;		/* CY */
	const char *conf_place;		/* CL */
	const char *url;
	const char *license;

	/* classification */
	const char *subjects;		/* WC: "Psychiatry; Social Work" */
	const char *research_areas;	/* SC */

	/* counts */
	long times_cited;	/* TC or Crossref's count, -1 if unknown */
	long times_cited_all;	/* Z9, -1 if unknown */
	const char *tc_date;	/* when the count was read: YYYY-MM-DD */
	int nr;			/* NR: declared number of references, -1 */

	/* people and money */
	const char *funding;		/* FU */
	const char *funding_text;	/* FX */
	const char *reprint;		/* RP */
	const char *emails;		/* EM */
	const char *export_date;	/* DA: when the export was made */

	struct cix_author *authors;	/* in order; role tells which */
	size_t nauthors;
	size_t authors_alloc;

	struct cix_affil *affils;
	size_t naffils;
	size_t affils_alloc;

	struct cix_author_affil *aa;
	size_t naa;
	size_t aa_alloc;

	struct cix_strlist kw_author;	/* DE */
	struct cix_strlist kw_plus;	/* ID (Keywords Plus) */

	struct cix_ref *refs;		/* in the order given */
	size_t nrefs;
	size_t refs_alloc;

	struct cix_tag *extra;		/* unknown tags, in order */
	size_t nextra;
	size_t extra_alloc;
};

void cix_record_init(struct cix_record *r);
/* Forget the contents, keeping allocations for the next record. */
void cix_record_reset(struct cix_record *r);
void cix_record_release(struct cix_record *r);

/* Copy s[0..len) into the arena; *out = NULL if len is 0. */
int cix_record_str(struct cix_record *r, const char **out, const char *s,
    size_t len);
/* As cix_record_str() but trimmed and with white space collapsed. */
int cix_record_strclean(struct cix_record *r, const char **out,
    const char *s, size_t len);

/* Append a zeroed author and return it in *out. */
int cix_record_add_author(struct cix_record *r, struct cix_author **out);
/* Append an affiliation (copies address and raw). */
int cix_record_add_affil(struct cix_record *r, const char *address,
    const char *raw, size_t *index);
int cix_record_link_affil(struct cix_record *r, size_t author, size_t affil);
/* Append s (copied) to a keyword list. */
int cix_record_add_str(struct cix_record *r, struct cix_strlist *l,
    const char *s, size_t len);
/* Append a reference with its raw string; *out may be NULL. */
int cix_record_add_ref(struct cix_record *r, const char *raw, size_t len,
    struct cix_ref **out);
/* Append an unknown tag and its value. */
int cix_record_add_extra(struct cix_record *r, const char *tag,
    const char *value, size_t len);

/*
 * Count authors of one role.  The first author is the first entry with
 * role CIX_ROLE_AUTHOR (or any role if there is none).
 */
size_t cix_record_count_role(const struct cix_record *r, int role);
const struct cix_author *cix_record_first_author(const struct cix_record *r);

/*
 * Set r->type from WoS PT and DT (e.g. "J" + "Review" -> CIX_TYPE_REVIEW,
 * "C"/"S" + "Proceedings Paper" -> CIX_TYPE_PAPER_CONF, "B" -> book...).
 */
void cix_record_guess_type(struct cix_record *r);

/*
 * A 64-bit fingerprint of everything the record says (not origin/line):
 * equal fingerprints mean an import would change nothing.
 */
uint64_t cix_record_hash(const struct cix_record *r);

#endif
