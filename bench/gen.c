/*
 * gen.c - write a synthetic but realistic Web of Science plain-text corpus.
 *
 *   bench/gen -n 100000 -s 1 [-t truth.tsv] > corpus.txt
 *
 * The corpus model is described in bench/README.md.  In short: N records
 * with real-export field sizes (authors, addresses, a ~1,500-character
 * abstract, keywords, ~40 cited references), years 1980-2025 weighted to
 * recent ones, journals from a pool of a few hundred; cited references
 * name either an older record of the corpus (with its exact facts, written
 * in one of the variants real exports show) or an outside work drawn with
 * Zipf popularity, so that many records cite the same outside works.
 * With -t, the ground truth of every reference is written as TSV.
 *
 * The output depends only on the options: the same -n, -s, -r and -p give
 * the same bytes on every machine.  This is a benchmark tool, not part of
 * libcix, so it prints and exits.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "banned.h"

#define YEAR_MIN	1980
#define YEAR_MAX	2025
#define NJOURNALS	1200	/* all journals; records use the first 300 */
#define NCORPUSJ	300
#define NSURNAMES	60000
#define NGIVEN		3000
#define NWORDS		6000
#define NINST		2000
#define NCITIES		800
#define MAXREFS		400
#define MAXAUTH		12
#define LINEW		70
#define ZQ		5	/* Zipf-Mandelbrot offset of outside works */

static const char usage_str[] =
    "usage: gen [-n records] [-s seed] [-r mean-refs] [-p local-percent]"
    " [-t truth.tsv]\n";

/* ------------------------------------------------------------------ */
/* random numbers: xoshiro256** seeded by splitmix64 */

struct rng {
	uint64_t s[4];
};

static uint64_t
splitmix64(uint64_t *x)
{
	uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static void
rng_seed(struct rng *r, uint64_t seed)
{
	int i;

	for (i = 0; i < 4; i++)
		r->s[i] = splitmix64(&seed);
}

static inline uint64_t
rotl(uint64_t x, int k)
{
	return (x << k) | (x >> (64 - k));
}

static inline uint64_t
rng_next(struct rng *r)
{
	uint64_t *s = r->s;
	uint64_t out = rotl(s[1] * 5, 7) * 9;
	uint64_t t = s[1] << 17;

	s[2] ^= s[0];
	s[3] ^= s[1];
	s[1] ^= s[2];
	s[0] ^= s[3];
	s[2] ^= t;
	s[3] = rotl(s[3], 45);
	return out;
}

/* uniform in [0, n) without modulo bias worth caring about here */
static inline uint32_t
rng_below(struct rng *r, uint32_t n)
{
	return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

static inline double
rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) * 0x1.0p-53;
}

static inline int
rng_chance(struct rng *r, double p)
{
	return rng_unit(r) < p;
}

static inline uint32_t
rng_range(struct rng *r, uint32_t lo, uint32_t hi)
{
	return lo + rng_below(r, hi - lo + 1);
}

/*
 * Zipf(s) on 1..n by rejection-inversion (Hormann and Derflinger 1996, as
 * in Apache Commons RNG): O(1) per sample, no table.
 */
struct zipf {
	double s, hx1, hn, sv;
	uint32_t n;
};

static double
helper1(double x)
{
	return fabs(x) > 1e-8 ? log1p(x) / x :
	    1.0 - x * (0.5 - x * (1.0 / 3.0 - 0.25 * x));
}

static double
helper2(double x)
{
	return fabs(x) > 1e-8 ? expm1(x) / x :
	    1.0 + x * 0.5 * (1.0 + x * (1.0 / 3.0) * (1.0 + 0.25 * x));
}

static double
zh(const struct zipf *z, double x)
{
	return exp(-z->s * log(x));
}

static double
zhint(const struct zipf *z, double x)
{
	double lx = log(x);

	return helper2((1.0 - z->s) * lx) * lx;
}

static double
zhinv(const struct zipf *z, double x)
{
	double t = x * (1.0 - z->s);

	if (t < -1.0)
		t = -1.0;
	return exp(helper1(t) * x);
}

static void
zipf_init(struct zipf *z, uint32_t n, double s)
{
	z->n = n;
	z->s = s;
	z->hx1 = zhint(z, 1.5) - 1.0;
	z->hn = zhint(z, n + 0.5);
	z->sv = 2.0 - zhinv(z, zhint(z, 2.5) - zh(z, 2.0));
}

static uint32_t
zipf_draw(const struct zipf *z, struct rng *r)
{
	for (;;) {
		double u = z->hn + rng_unit(r) * (z->hx1 - z->hn);
		double x = zhinv(z, u);
		double k = floor(x + 0.5);

		if (k < 1.0)
			k = 1.0;
		else if (k > z->n)
			k = z->n;
		if (k - x <= z->sv || u >= zhint(z, k + 0.5) - zh(z, k))
			return (uint32_t)k;
	}
}

/*
 * Zipf(s) on a small support by table lookup: entry k of 2^bits holds the
 * rank whose cumulative probability covers (k + 0.5) / 2^bits.  Ranks less
 * likely than 2^-bits are drawn a little too rarely, which does not matter
 * for names and words and makes the draw one load.
 */
struct ztab {
	uint32_t *t;
	int bits;
};

static void
ztab_init(struct ztab *zt, uint32_t n, double s, int bits)
{
	size_t size = (size_t)1 << bits, idx;
	double h = 0, cum = 0;
	uint32_t k;

	zt->bits = bits;
	zt->t = malloc(size * sizeof(*zt->t));
	if (zt->t == NULL) {
		fputs("gen: out of memory\n", stderr);
		exit(1);
	}
	for (k = 1; k <= n; k++)
		h += pow(k, -s);
	k = 1;
	for (idx = 0; idx < size; idx++) {
		double target = ((double)idx + 0.5) / (double)size * h;

		while (k < n && cum + pow(k, -s) < target) {
			cum += pow(k, -s);
			k++;
		}
		zt->t[idx] = k - 1;
	}
}

static inline uint32_t
ztab_draw(const struct ztab *zt, struct rng *r)
{
	return zt->t[rng_next(r) >> (64 - zt->bits)];
}

/* ------------------------------------------------------------------ */
/* output: a large buffer over a FILE, integer formatting by hand */

struct out {
	char *buf;
	size_t len, cap;
	FILE *fp;
	int err;
};

static void
out_flush(struct out *o)
{
	if (o->len && fwrite(o->buf, 1, o->len, o->fp) != o->len)
		o->err = errno ? errno : EIO;
	o->len = 0;
}

static inline void
put(struct out *o, const char *p, size_t n)
{
	if (o->len + n > o->cap) {
		out_flush(o);
		if (n > o->cap) {
			if (fwrite(p, 1, n, o->fp) != n)
				o->err = errno ? errno : EIO;
			return;
		}
	}
	memcpy(o->buf + o->len, p, n);
	o->len += n;
}

static inline void
putc_(struct out *o, char c)
{
	if (o->len + 1 > o->cap)
		out_flush(o);
	o->buf[o->len++] = c;
}

static inline void
puts_(struct out *o, const char *s)
{
	put(o, s, strlen(s));
}

static size_t
fmt_u(char *dst, uint64_t v)
{
	char tmp[24];
	size_t n = 0, i;

	do {
		tmp[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	for (i = 0; i < n; i++)
		dst[i] = tmp[n - 1 - i];
	return n;
}

static inline void
put_u(struct out *o, uint64_t v)
{
	char tmp[24];

	put(o, tmp, fmt_u(tmp, v));
}

/* zero-padded to at least w digits */
static size_t
fmt_uw(char *dst, uint64_t v, int w)
{
	char tmp[24];
	size_t n = fmt_u(tmp, v), pad = n < (size_t)w ? (size_t)w - n : 0;

	memset(dst, '0', pad);
	memcpy(dst + pad, tmp, n);
	return pad + n;
}

/* a scratch string: bounded, always NUL-terminated */
struct sbuf {
	char b[4096];
	size_t n;
};

static inline void
sb_reset(struct sbuf *s)
{
	s->n = 0;
	s->b[0] = '\0';
}

static inline void
sb_add(struct sbuf *s, const char *p, size_t n)
{
	if (n > sizeof(s->b) - 1 - s->n)
		n = sizeof(s->b) - 1 - s->n;
	memcpy(s->b + s->n, p, n);
	s->n += n;
	s->b[s->n] = '\0';
}

static inline void
sb_adds(struct sbuf *s, const char *p)
{
	sb_add(s, p, strlen(p));
}

static inline void
sb_addc(struct sbuf *s, char c)
{
	sb_add(s, &c, 1);
}

static inline void
sb_addu(struct sbuf *s, uint64_t v)
{
	char tmp[24];

	sb_add(s, tmp, fmt_u(tmp, v));
}

/* ------------------------------------------------------------------ */
/* string pools */

struct str {
	const char *p;
	uint32_t n;
};

static char *arena;
static size_t arena_len, arena_cap;

static struct str
intern(const char *p, size_t n)
{
	struct str s;

	if (arena_len + n + 1 > arena_cap) {
		fputs("gen: string pool exhausted\n", stderr);
		exit(1);
	}
	memcpy(arena + arena_len, p, n);
	arena[arena_len + n] = '\0';
	s.p = arena + arena_len;
	s.n = (uint32_t)n;
	arena_len += n + 1;
	return s;
}

static const char *const syl[] = {
	"ba", "be", "bo", "ca", "ci", "da", "de", "di", "do", "el", "en",
	"fa", "fe", "ga", "go", "ha", "he", "hi", "ka", "ke", "ko", "la",
	"le", "li", "lo", "lu", "ma", "me", "mi", "mo", "na", "ne", "ni",
	"no", "or", "pa", "pe", "po", "ra", "re", "ri", "ro", "sa", "se",
	"si", "so", "ta", "te", "ti", "to", "va", "ve", "vi", "wa", "we",
	"ya", "za", "ber", "son", "man", "ton", "ley", "gen", "ski", "ver",
	"dal", "mar", "tin", "ler", "ell", "rin", "stad", "berg", "field",
};
#define NSYL (sizeof(syl) / sizeof(syl[0]))

static const char *const topic[] = {
	"MENTAL", "HEALTH", "PSYCHIATRY", "SOCIAL", "WORK", "NURSING",
	"REHABILITATION", "COMMUNITY", "SERVICES", "RESEARCH", "POLICY",
	"PUBLIC", "CLINICAL", "PSYCHOLOGY", "EPIDEMIOLOGY", "BEHAVIORAL",
	"QUALITATIVE", "MEDICINE", "CARE", "PRACTICE", "EDUCATION",
	"SCIENCE", "SCIENCES", "STUDIES", "MANAGEMENT", "FAMILY", "CHILD",
	"ADOLESCENT", "ADDICTION", "SUBSTANCE", "DISABILITY", "PRIMARY",
	"GLOBAL", "ENVIRONMENTAL", "OCCUPATIONAL", "THERAPY", "COUNSELING",
	"PREVENTION", "INTERVENTION", "RECOVERY", "WELLBEING", "TRAUMA",
	"GERONTOLOGY", "ETHICS", "INFORMATICS", "ECONOMICS", "LAW",
	"SOCIOLOGY", "ANTHROPOLOGY", "NEUROSCIENCE", "DEVELOPMENT",
	"PERSONALITY", "DISORDERS", "SCHIZOPHRENIA", "DEPRESSION",
	"ANXIETY", "INTERPROFESSIONAL", "EVIDENCE", "IMPLEMENTATION",
	"EVALUATION", "ORGANIZATION", "ADMINISTRATION", "PROFESSIONAL",
};
#define NTOPIC (sizeof(topic) / sizeof(topic[0]))

/* WoS-style abbreviation of a title word; NULL = dropped */
static const char *
abbrev(const char *w)
{
	static const char *const tab[][2] = {
		{"JOURNAL", "J"}, {"INTERNATIONAL", "INT"}, {"OF", NULL},
		{"AND", NULL}, {"THE", NULL}, {"IN", NULL}, {"FOR", NULL},
		{"MENTAL", "MENT"}, {"PSYCHIATRY", "PSYCHIAT"},
		{"SOCIAL", "SOC"}, {"NURSING", "NURS"},
		{"REHABILITATION", "REHABIL"}, {"COMMUNITY", "COMMUNITY"},
		{"SERVICES", "SERV"}, {"RESEARCH", "RES"}, {"PUBLIC", "PUBL"},
		{"CLINICAL", "CLIN"}, {"PSYCHOLOGY", "PSYCHOL"},
		{"EPIDEMIOLOGY", "EPIDEMIOL"}, {"BEHAVIORAL", "BEHAV"},
		{"QUALITATIVE", "QUAL"}, {"MEDICINE", "MED"},
		{"PRACTICE", "PRACT"}, {"EDUCATION", "EDUC"},
		{"SCIENCE", "SCI"}, {"SCIENCES", "SCI"}, {"STUDIES", "STUD"},
		{"MANAGEMENT", "MANAGE"}, {"ADOLESCENT", "ADOLESC"},
		{"ADDICTION", "ADDICT"}, {"SUBSTANCE", "SUBST"},
		{"DISABILITY", "DISABIL"}, {"ENVIRONMENTAL", "ENVIRON"},
		{"OCCUPATIONAL", "OCCUP"}, {"PREVENTION", "PREV"},
		{"INTERVENTION", "INTERV"}, {"GERONTOLOGY", "GERONTOL"},
		{"INFORMATICS", "INFORM"}, {"ECONOMICS", "ECON"},
		{"SOCIOLOGY", "SOCIOL"}, {"ANTHROPOLOGY", "ANTHROPOL"},
		{"DEVELOPMENT", "DEV"}, {"PERSONALITY", "PERS"},
		{"DISORDERS", "DISORD"}, {"DEPRESSION", "DEPRESS"},
		{"INTERPROFESSIONAL", "INTERPROF"}, {"EVIDENCE", "EVID"},
		{"IMPLEMENTATION", "IMPLEMENT"}, {"EVALUATION", "EVAL"},
		{"ORGANIZATION", "ORGAN"}, {"ADMINISTRATION", "ADM"},
		{"PROFESSIONAL", "PROF"}, {"ANNALS", "ANN"},
		{"ADVANCES", "ADV"}, {"REVIEW", "REV"}, {"QUARTERLY", "Q"},
		{"EUROPEAN", "EUR"}, {"AMERICAN", "AM"}, {"BRITISH", "BRIT"},
		{"THERAPY", "THER"}, {"COUNSELING", "COUNS"},
		{"SCHIZOPHRENIA", "SCHIZOPHR"}, {"WELLBEING", "WELLBEING"},
	};
	size_t i;

	for (i = 0; i < sizeof(tab) / sizeof(tab[0]); i++)
		if (strcmp(tab[i][0], w) == 0)
			return tab[i][1];
	return w;
}

static const char *const countries[] = {
	"USA", "England", "Australia", "Canada", "Peoples R China",
	"Germany", "Netherlands", "Scotland", "Sweden", "Norway", "Spain",
	"Italy", "France", "Japan", "South Korea", "Brazil", "Ireland",
	"New Zealand", "Switzerland", "Belgium", "Denmark", "Finland",
	"Israel", "South Africa", "India", "Singapore", "Wales", "Austria",
};
#define NCOUNTRY (sizeof(countries) / sizeof(countries[0]))

static const char *const states[] = {
	"CA", "NY", "MA", "PA", "TX", "IL", "CT", "MI", "OH", "WA", "NC",
	"MD", "MN", "WI", "GA", "CO", "OR", "MO", "VA", "FL",
};

static const char *const depts[] = {
	"Dept Psychiat", "Sch Social Work", "Dept Psychol",
	"Sch Nursing", "Dept Publ Hlth", "Ctr Mental Hlth Res",
	"Sch Med", "Dept Hlth Sci", "Fac Med", "Inst Psychiat",
	"Dept Sociol", "Sch Publ Hlth", "Div Psychiat", "Dept Epidemiol",
	"Sch Hlth Sci", "Dept Rehabil Sci", "Business Sch",
	"Dept Occupat Therapy", "Ctr Psychiat Rehabil", "Dept Educ",
};
#define NDEPT (sizeof(depts) / sizeof(depts[0]))

static const char *const categories[][2] = {
	{"Psychiatry", "Psychiatry"},
	{"Psychology, Clinical", "Psychology"},
	{"Health Care Sciences & Services", "Health Care Sciences & Services"},
	{"Public, Environmental & Occupational Health",
	    "Public, Environmental & Occupational Health"},
	{"Social Work", "Social Work"},
	{"Nursing", "Nursing"},
	{"Rehabilitation", "Rehabilitation"},
	{"Health Policy & Services", "Health Care Sciences & Services"},
	{"Psychology, Multidisciplinary", "Psychology"},
	{"Social Sciences, Biomedical", "Biomedical Social Sciences"},
	{"Substance Abuse", "Substance Abuse"},
	{"Family Studies", "Family Studies"},
	{"Education & Educational Research",
	    "Education & Educational Research"},
	{"Medicine, General & Internal", "General & Internal Medicine"},
	{"Gerontology", "Geriatrics & Gerontology"},
	{"Sociology", "Sociology"},
};
#define NCAT (sizeof(categories) / sizeof(categories[0]))

/* publishers: name, city, address, DOI style */
enum doistyle { D_ELS, D_SPR, D_TF, D_SAGE, D_WILEY, D_BMC, D_APA,
	D_MDPI, D_OUP, D_NSTYLE };

static const struct publisher {
	const char *name, *city, *addr;
	enum doistyle style;
	const char *prefix;
} publishers[] = {
	{"ELSEVIER SCI LTD", "OXFORD",
	    "THE BOULEVARD, LANGFORD LANE, KIDLINGTON, OXFORD OX5 1GB, OXON, ENGLAND",
	    D_ELS, "10.1016"},
	{"SPRINGER", "NEW YORK", "ONE NEW YORK PLAZA, SUITE 4600, NEW YORK, NY, UNITED STATES",
	    D_SPR, "10.1007"},
	{"ROUTLEDGE JOURNALS, TAYLOR & FRANCIS LTD", "ABINGDON",
	    "2-4 PARK SQUARE, MILTON PARK, ABINGDON OX14 4RN, OXON, ENGLAND",
	    D_TF, "10.1080"},
	{"SAGE PUBLICATIONS INC", "THOUSAND OAKS",
	    "2455 TELLER RD, THOUSAND OAKS, CA 91320 USA", D_SAGE, "10.1177"},
	{"WILEY", "HOBOKEN", "111 RIVER ST, HOBOKEN 07030-5774, NJ USA",
	    D_WILEY, "10.1002"},
	{"BMC", "LONDON", "CAMPUS, 4 CRINAN ST, LONDON N1 9XW, ENGLAND",
	    D_BMC, "10.1186"},
	{"EDUCATIONAL PUBLISHING FOUNDATION-AMERICAN PSYCHOLOGICAL ASSOC",
	    "WASHINGTON", "750 FIRST ST, NE, WASHINGTON, DC 20002-4242 USA",
	    D_APA, "10.1037"},
	{"MDPI", "BASEL", "ST ALBAN-ANLAGE 66, CH-4052 BASEL, SWITZERLAND",
	    D_MDPI, "10.3390"},
	{"OXFORD UNIV PRESS", "OXFORD",
	    "GREAT CLARENDON ST, OXFORD OX2 6DP, ENGLAND", D_OUP, "10.1093"},
};
#define NPUB (sizeof(publishers) / sizeof(publishers[0]))

struct journal {
	struct str so;		/* full title, upper case */
	struct str j9;		/* <= 20 characters */
	struct str ji;		/* ISO abbreviation */
	struct str code;	/* lower-case code used in DOIs */
	char sn[10], ei[10];
	uint8_t pub, cat, issues, ar;	/* ar: article numbers, no pages */
	uint16_t first_year;
};

static struct journal journals[NJOURNALS];
static struct str surnames[NSURNAMES];
static struct str given[NGIVEN];
static struct str words[NWORDS];
static struct str inst[NINST];
static struct str cities[NCITIES];

static struct str
make_word(struct rng *r, int nsyl, int cap)
{
	char b[64];
	size_t n = 0;
	int i;

	for (i = 0; i < nsyl; i++) {
		const char *s = syl[rng_below(r, NSYL)];
		size_t l = strlen(s);

		memcpy(b + n, s, l);
		n += l;
	}
	if (cap)
		b[0] = (char)(b[0] - 'a' + 'A');
	return intern(b, n);
}

static void
make_issn(struct rng *r, char *out)
{
	int d[7], i, sum = 0, c;

	for (i = 0; i < 7; i++) {
		d[i] = (int)rng_below(r, 10);
		sum += d[i] * (8 - i);
	}
	c = (11 - sum % 11) % 11;
	for (i = 0; i < 4; i++)
		out[i] = (char)('0' + d[i]);
	out[4] = '-';
	for (i = 4; i < 7; i++)
		out[i + 1] = (char)('0' + d[i]);
	out[8] = c == 10 ? 'X' : (char)('0' + c);
	out[9] = '\0';
}

static int
journal_exists(int n, const char *so)
{
	int i;

	for (i = 0; i < n; i++)
		if (strcmp(journals[i].so.p, so) == 0)
			return 1;
	return 0;
}

static void
make_journals(struct rng *r)
{
	static const char *const heads[] = {
		"JOURNAL OF", "INTERNATIONAL JOURNAL OF", "ANNALS OF",
		"ADVANCES IN", "EUROPEAN JOURNAL OF", "AMERICAN JOURNAL OF",
		"BRITISH JOURNAL OF", "",
	};
	static const char *const tails[] = {
		"", "", "", "", " REVIEW", " QUARTERLY", " JOURNAL",
	};
	int i;

	for (i = 0; i < NJOURNALS; i++) {
		struct journal *j = &journals[i];
		struct sbuf so, j9, ji, code;
		const char *h, *t;
		char tok[64];
		int nw, k;
		size_t a, b;

		do {
			sb_reset(&so);
			h = heads[rng_below(r, 8)];
			t = tails[rng_below(r, 7)];
			if (*h == '\0' && *t == '\0')
				t = " JOURNAL";
			else if (*h != '\0' && strcmp(t, " JOURNAL") == 0)
				t = "";
			sb_adds(&so, h);
			nw = (int)rng_range(r, 1, 3);
			for (k = 0; k < nw; k++) {
				if (so.n)
					sb_addc(&so, ' ');
				if (k == nw - 1 && nw > 1 && rng_chance(r, 0.4))
					sb_adds(&so, "AND ");
				sb_adds(&so, topic[rng_below(r, NTOPIC)]);
			}
			sb_adds(&so, t);
			if (journal_exists(i, so.b)) {
				/* disambiguate with a made-up word */
				struct str w = make_word(r, 3, 0);

				sb_addc(&so, ' ');
				for (a = 0; a < w.n; a++)
					sb_addc(&so, (char)(w.p[a] - 'a' + 'A'));
			}
		} while (journal_exists(i, so.b));
		j->so = intern(so.b, so.n);

		/* abbreviations, word by word */
		sb_reset(&j9);
		sb_reset(&ji);
		sb_reset(&code);
		for (a = 0; a <= so.n; a = b + 1) {
			const char *ab;

			for (b = a; b < so.n && so.b[b] != ' '; b++)
				;
			if (b - a >= sizeof(tok))
				continue;
			memcpy(tok, so.b + a, b - a);
			tok[b - a] = '\0';
			if (tok[0] == '\0' || (ab = abbrev(tok)) == NULL)
				continue;
			if (j9.n)
				sb_addc(&j9, ' ');
			sb_adds(&j9, ab);
			if (ji.n)
				sb_addc(&ji, ' ');
			sb_addc(&ji, ab[0]);
			for (k = 1; ab[k]; k++)
				sb_addc(&ji, (char)(ab[k] - 'A' + 'a'));
			if (strcmp(ab, tok) != 0)
				sb_addc(&ji, '.');
			if (code.n < 8)
				for (k = 0; ab[k] && k < 4; k++)
					if (ab[k] >= 'A' && ab[k] <= 'Z')
						sb_addc(&code,
						    (char)(ab[k] - 'A' + 'a'));
		}
		if (j9.n > 20) {
			j9.n = 20;
			while (j9.n && j9.b[j9.n - 1] == ' ')
				j9.n--;
			j9.b[j9.n] = '\0';
		}
		j->j9 = intern(j9.b, j9.n);
		j->ji = intern(ji.b, ji.n);
		j->code = intern(code.b, code.n);
		make_issn(r, j->sn);
		make_issn(r, j->ei);
		j->pub = (uint8_t)rng_below(r, NPUB);
		j->cat = (uint8_t)rng_below(r, NCAT);
		j->issues = (uint8_t)(rng_chance(r, 0.5) ? 4 :
		    rng_chance(r, 0.5) ? 6 : 12);
		j->ar = publishers[j->pub].style == D_BMC ||
		    publishers[j->pub].style == D_MDPI || rng_chance(r, 0.08);
		j->first_year = (uint16_t)(1900 + rng_below(r, 100));
	}
}

static void
make_pools(struct rng *r)
{
	int i;

	for (i = 0; i < NSURNAMES; i++) {
		struct sbuf s;
		struct str w = make_word(r, (int)rng_range(r, 2, 3), 1);

		sb_reset(&s);
		if (rng_chance(r, 0.02)) {
			/* Lloyd-Evans */
			struct str v = make_word(r, 2, 1);

			sb_add(&s, w.p, w.n);
			sb_addc(&s, '-');
			sb_add(&s, v.p, v.n);
			surnames[i] = intern(s.b, s.n);
		} else if (rng_chance(r, 0.015)) {
			sb_adds(&s, rng_chance(r, 0.5) ? "van " : "De ");
			sb_add(&s, w.p, w.n);
			surnames[i] = intern(s.b, s.n);
		} else if (rng_chance(r, 0.01)) {
			sb_adds(&s, "O'");
			sb_add(&s, w.p, w.n);
			surnames[i] = intern(s.b, s.n);
		} else {
			surnames[i] = w;
		}
	}
	for (i = 0; i < NGIVEN; i++)
		given[i] = make_word(r, (int)rng_range(r, 2, 3), 1);
	for (i = 0; i < NWORDS; i++)
		words[i] = make_word(r, (int)rng_range(r, 1, 4), 0);
	for (i = 0; i < NINST; i++)
		inst[i] = make_word(r, (int)rng_range(r, 2, 3), 1);
	for (i = 0; i < NCITIES; i++)
		cities[i] = make_word(r, (int)rng_range(r, 2, 3), 1);
	make_journals(r);
}

/* ------------------------------------------------------------------ */
/* works: corpus records (compact facts) and outside works (from a hash) */

#define F_DOI	0x01
#define F_AR	0x02

struct rec {
	uint32_t surname;
	uint16_t given;
	char mid;		/* middle initial or 0 */
	uint8_t flags;
	uint16_t year;
	uint16_t journal;
	uint16_t vol;
	uint16_t issue;
	uint32_t page;		/* BP or article number */
};

/* the facts of a cited work, whichever kind */
enum wkind { W_ARTICLE, W_BOOK, W_REPORT, W_THESIS, W_ANON };

struct work {
	enum wkind kind;
	uint32_t surname;
	uint16_t given;
	char mid;
	uint16_t year;
	uint16_t journal;
	uint16_t vol, issue;
	uint32_t page;
	int ar, has_doi;
	uint64_t uniq;		/* makes the DOI unique */
	uint64_t id;		/* hash seed for titles */
};

static uint64_t g_seed;
static struct zipf z_outside;
static struct ztab t_surname, t_journal, t_words;
static uint32_t outside_pool;

static void
rec_to_work(const struct rec *rc, uint32_t idx, struct work *w)
{
	w->kind = W_ARTICLE;
	w->surname = rc->surname;
	w->given = rc->given;
	w->mid = rc->mid;
	w->year = rc->year;
	w->journal = rc->journal;
	w->vol = rc->vol;
	w->issue = rc->issue;
	w->page = rc->page;
	w->ar = (rc->flags & F_AR) != 0;
	w->has_doi = (rc->flags & F_DOI) != 0;
	w->uniq = idx;
	w->id = idx;
}

static uint16_t
volume_of(const struct journal *j, int year)
{
	int v = year - j->first_year + 1;

	/* a work older than the journal (the pool is made up): still grows */
	return (uint16_t)(v < 1 ? year - 1899 : v);
}

/* outside work number k (1-based Zipf rank) of year y */
static void
outside_work(uint32_t year, uint32_t k, struct work *w)
{
	struct rng r;
	double u;

	rng_seed(&r, g_seed * 0x2545f4914f6cdd1dULL ^ ((uint64_t)year << 40) ^ k);
	memset(w, 0, sizeof(*w));
	w->id = ((uint64_t)year << 32) | k;
	w->uniq = 1000000000ULL + (uint64_t)(year - 1900) * 10000000ULL + k;
	w->year = (uint16_t)year;
	w->surname = ztab_draw(&t_surname, &r);
	w->given = (uint16_t)rng_below(&r, NGIVEN);
	w->mid = rng_chance(&r, 0.45) ? (char)('A' + rng_below(&r, 26)) : 0;
	u = rng_unit(&r);
	if (u < 0.015)
		w->kind = W_ANON;
	else if (u < 0.10)
		w->kind = W_BOOK;
	else if (u < 0.125)
		w->kind = W_REPORT;
	else if (u < 0.135)
		w->kind = W_THESIS;
	else
		w->kind = W_ARTICLE;
	w->journal = (uint16_t)ztab_draw(&t_journal, &r);
	w->vol = volume_of(&journals[w->journal], (int)year);
	w->issue = (uint16_t)rng_range(&r, 1, journals[w->journal].issues);
	w->ar = journals[w->journal].ar;
	w->page = w->ar ? rng_range(&r, 1, 999) : rng_range(&r, 1, 1800);
	switch (w->kind) {
	case W_ARTICLE:
		w->has_doi = rng_chance(&r, year < 1995 ? 0.45 : 0.93);
		break;
	case W_BOOK:
		w->has_doi = rng_chance(&r, 0.3);
		break;
	default:
		w->has_doi = 0;
	}
}

/* DOI of a work into s, in its publisher's style */
static void
doi_of(const struct work *w, struct sbuf *s)
{
	const struct journal *j = &journals[w->journal];
	const struct publisher *p = &publishers[j->pub];
	char tmp[32];
	uint64_t u = w->uniq;

	if (w->kind == W_BOOK) {
		sb_adds(s, "10.4324/978");
		sb_add(s, tmp, fmt_uw(tmp, u, 10));
		return;
	}
	sb_adds(s, p->prefix);
	sb_addc(s, '/');
	switch (p->style) {
	case D_ELS:
		sb_adds(s, "j.");
		sb_adds(s, j->code.p);
		sb_addc(s, '.');
		sb_addu(s, w->year);
		sb_addc(s, '.');
		sb_add(s, tmp, fmt_uw(tmp, 1 + u % 12, 2));
		sb_addc(s, '.');
		sb_add(s, tmp, fmt_uw(tmp, u, 6));
		break;
	case D_SPR:
		sb_addc(s, 's');
		sb_add(s, tmp, fmt_uw(tmp, 10000 + w->journal, 5));
		sb_addc(s, '-');
		sb_add(s, tmp, fmt_uw(tmp, w->year % 100, 2));
		sb_addc(s, '-');
		sb_addu(s, u);
		sb_addc(s, '-');
		sb_addu(s, u % 10);
		break;
	case D_TF:
		sb_add(s, j->sn, 4);
		sb_add(s, j->sn + 5, 4);
		sb_addc(s, '.');
		sb_addu(s, w->year);
		sb_addc(s, '.');
		sb_add(s, tmp, fmt_uw(tmp, u, 7));
		break;
	case D_SAGE:
		sb_add(s, tmp, fmt_uw(tmp, u * 7919 % 10000000000000000ULL, 16));
		break;
	case D_WILEY:
		if (w->year < 2008) {
			/* 10.1111/j.1440-1584.2004.00601.x style, upper X kept */
			sb_adds(s, "j.");
			sb_adds(s, j->sn);
			sb_addc(s, '.');
			sb_addu(s, w->year);
			sb_addc(s, '.');
			sb_add(s, tmp, fmt_uw(tmp, u, 5));
			sb_adds(s, ".x");
		} else {
			sb_adds(s, j->code.p);
			sb_addc(s, '.');
			sb_addu(s, u);
		}
		break;
	case D_BMC:
		if (w->year < 2014) {
			/* 10.1186/1471-244X-14-39 style */
			sb_adds(s, j->sn);
			sb_addc(s, '-');
			sb_addu(s, w->vol);
			sb_addc(s, '-');
			sb_addu(s, u);
		} else {
			sb_addc(s, 's');
			sb_add(s, tmp, fmt_uw(tmp, 12000 + w->journal, 5));
			sb_addc(s, '-');
			sb_add(s, tmp, fmt_uw(tmp, w->year % 100, 2));
			sb_addc(s, '-');
			sb_addu(s, u);
			sb_addc(s, '-');
			sb_addu(s, u % 10);
		}
		break;
	case D_APA:
		sb_adds(s, w->year < 2009 ? "h" : j->code.p);
		sb_add(s, tmp, fmt_uw(tmp, u, 7));
		break;
	case D_MDPI:
		sb_adds(s, j->code.p);
		sb_addu(s, w->vol);
		sb_add(s, tmp, fmt_uw(tmp, w->issue, 2));
		sb_add(s, tmp, fmt_uw(tmp, u, 10));
		break;
	case D_OUP:
	default:
		sb_adds(s, j->code.p);
		sb_addc(s, '/');
		sb_adds(s, "sb");
		sb_addu(s, u);
		break;
	}
}

/* a few made-up words, capitalised or upper case, for titles */
static void
title_words(struct rng *r, struct sbuf *s, int n, int upper)
{
	int i;
	uint32_t k;

	for (i = 0; i < n; i++) {
		struct str w = words[ztab_draw(&t_words, r)];

		if (i)
			sb_addc(s, ' ');
		for (k = 0; k < w.n; k++) {
			char c = w.p[k];

			if (upper || (i == 0 && k == 0))
				c = (char)(c - 'a' + 'A');
			sb_addc(s, c);
		}
	}
}

/* ------------------------------------------------------------------ */
/* cited-reference strings */

#define V_COMMA		0x0001	/* Surname, AB */
#define V_DOTS		0x0002	/* Surname A. / A.B. */
#define V_UPPER		0x0004	/* SURNAME AB */
#define V_FULLNAME	0x0008	/* Surname Given */
#define V_NOHYPHEN	0x0010	/* Lloyd Evans */
#define V_SRC20		0x0020	/* full title cut at 20 characters */
#define V_SRCFULL	0x0040	/* full title, mixed case */
#define V_NODOI		0x0080	/* the work has a DOI, the reference not */
#define V_DOIDOI	0x0100	/* DOI DOI x */
#define V_DOILIST	0x0200	/* DOI [x, DOI X] */
#define V_DOIUPPER	0x0400	/* DOI X */
#define V_PAGEERR	0x0800	/* wrong page */
#define V_YEARERR	0x1000	/* year off by one */
#define V_ARPAGE	0x2000	/* article number given as page */

static const char *const vnames[] = {
	"comma", "dots", "upper", "fullname", "nohyphen", "src20",
	"srcfull", "nodoi", "doidoi", "doilist", "doiupper", "pageerr",
	"yearerr", "arpage",
};

static void
upper_into(struct sbuf *s, const char *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char c = p[i];

		if (c >= 'a' && c <= 'z')
			c = (char)(c - 'a' + 'A');
		sb_addc(s, c);
	}
}

static void
cr_author(struct rng *r, const struct work *w, int citing_year,
    struct sbuf *s, unsigned *v)
{
	struct str sn = surnames[w->surname];
	struct str gn = given[w->given];
	double u = rng_unit(r);
	size_t i;

	if (memchr(sn.p, '-', sn.n) && rng_chance(r, 0.3)) {
		for (i = 0; i < sn.n; i++)
			sb_addc(s, sn.p[i] == '-' ? ' ' : sn.p[i]);
		*v |= V_NOHYPHEN;
	} else if (citing_year < 2000 && u < 0.25) {
		upper_into(s, sn.p, sn.n);
		*v |= V_UPPER;
		u = 1.0;
	} else {
		sb_add(s, sn.p, sn.n);
	}
	if (u < 0.04) {
		sb_adds(s, ", ");
		sb_addc(s, gn.p[0]);
		if (w->mid)
			sb_addc(s, w->mid);
		*v |= V_COMMA;
	} else if (u < 0.10) {
		sb_addc(s, ' ');
		sb_addc(s, gn.p[0]);
		sb_addc(s, '.');
		if (w->mid && u < 0.08) {
			sb_addc(s, w->mid);
			sb_addc(s, '.');
		}
		*v |= V_DOTS;
	} else if (u < 0.13 && citing_year >= 2015) {
		sb_addc(s, ' ');
		sb_add(s, gn.p, gn.n);
		if (w->mid && u < 0.12) {
			sb_addc(s, w->mid);
			sb_addc(s, '.');
		}
		*v |= V_FULLNAME;
	} else {
		sb_addc(s, ' ');
		sb_addc(s, gn.p[0]);
		if (w->mid)
			sb_addc(s, w->mid);
	}
}

static void
title_case_into(struct sbuf *s, const char *p, size_t n)
{
	size_t i;
	int start = 1;

	for (i = 0; i < n; i++) {
		char c = p[i];

		if (c >= 'A' && c <= 'Z' && !start)
			c = (char)(c - 'A' + 'a');
		start = c == ' ' || c == '-';
		sb_addc(s, c);
	}
}

static void
cr_doi(struct rng *r, const struct work *w, struct sbuf *s, unsigned *v)
{
	struct sbuf d;
	double u = rng_unit(r);

	sb_reset(&d);
	doi_of(w, &d);
	if (u < 0.05) {
		*v |= V_NODOI;
		return;
	}
	sb_adds(s, ", DOI ");
	if (u < 0.67) {
		sb_add(s, d.b, d.n);
	} else if (u < 0.82) {
		sb_adds(s, "DOI ");
		sb_add(s, d.b, d.n);
		*v |= V_DOIDOI;
	} else if (u < 0.90) {
		sb_addc(s, '[');
		sb_add(s, d.b, d.n);
		sb_adds(s, ", DOI ");
		upper_into(s, d.b, d.n);
		sb_addc(s, ']');
		*v |= V_DOILIST;
	} else if (u < 0.95) {
		sb_adds(s, "[DOI ");
		upper_into(s, d.b, d.n);
		sb_adds(s, ", ");
		sb_add(s, d.b, d.n);
		sb_addc(s, ']');
		*v |= V_DOILIST;
	} else {
		upper_into(s, d.b, d.n);
		*v |= V_DOIUPPER;
	}
}

/* the reference string for work w as a record of year citing_year writes it */
static void
cr_string(struct rng *r, const struct work *w, int citing_year,
    struct sbuf *s, unsigned *v)
{
	const struct journal *j = &journals[w->journal];
	struct rng tr;
	struct sbuf t;
	double u;
	int year = w->year;

	*v = 0;
	sb_reset(s);
	/* titles of books and reports come from the work itself */
	rng_seed(&tr, g_seed ^ (w->id * 0x9e3779b97f4a7c15ULL) ^ 0x5bd1e995);
	sb_reset(&t);
	if (w->kind == W_ANON) {
		sb_adds(s, "[Anonymous], ");
		sb_addu(s, year);
		sb_adds(s, ", ");
		title_words(&tr, &t, 4, 1);
		sb_add(s, t.b, t.n > 20 ? 20 : t.n);
		while (s->n && s->b[s->n - 1] == ' ')
			s->b[--s->n] = '\0';
		return;
	}
	cr_author(r, w, citing_year, s, v);
	if (rng_chance(r, 0.005) && year < citing_year) {
		year++;
		*v |= V_YEARERR;
	}
	sb_adds(s, ", ");
	sb_addu(s, year);
	sb_adds(s, ", ");
	switch (w->kind) {
	case W_BOOK:
		title_words(&tr, &t, (int)rng_range(&tr, 3, 7), 0);
		if (rng_chance(r, 0.6)) {
			upper_into(s, t.b, t.n > 20 ? 20 : t.n);
			while (s->b[s->n - 1] == ' ')
				s->b[--s->n] = '\0';
		} else {
			sb_add(s, t.b, t.n);
			*v |= V_SRCFULL;
		}
		if (rng_chance(&tr, 0.25))
			sb_adds(s, rng_chance(&tr, 0.5) ? ", V3rd ed." :
			    ", V2nd");
		else if (rng_chance(r, 0.3)) {
			sb_adds(s, ", P");
			sb_addu(s, w->page % 400 + 1);
		}
		if (w->has_doi)
			cr_doi(r, w, s, v);
		return;
	case W_REPORT:
		title_words(&tr, &t, 4, 1);
		sb_add(s, t.b, t.n > 20 ? 20 : t.n);
		while (s->b[s->n - 1] == ' ')
			s->b[--s->n] = '\0';
		return;
	case W_THESIS:
		sb_adds(s, "THESIS U ");
		upper_into(s, cities[w->surname % NCITIES].p,
		    cities[w->surname % NCITIES].n);
		return;
	default:
		break;
	}
	u = rng_unit(r);
	if (u < 0.06) {
		upper_into(s, j->so.p, j->so.n > 20 ? 20 : j->so.n);
		while (s->b[s->n - 1] == ' ')
			s->b[--s->n] = '\0';
		*v |= V_SRC20;
	} else if (u < 0.11 && citing_year >= 2010) {
		title_case_into(s, j->so.p, j->so.n);
		*v |= V_SRCFULL;
	} else {
		sb_add(s, j->j9.p, j->j9.n);
	}
	sb_adds(s, ", V");
	sb_addu(s, w->vol);
	if (!w->ar) {
		uint32_t page = w->page;

		if (rng_chance(r, 0.01)) {
			page = page + 1 + rng_below(r, 9);
			*v |= V_PAGEERR;
		}
		sb_adds(s, ", P");
		sb_addu(s, page);
	} else if (rng_chance(r, 0.15)) {
		sb_adds(s, ", P");
		sb_addu(s, w->page);
		*v |= V_ARPAGE;
	}
	if (w->has_doi)
		cr_doi(r, w, s, v);
}

/* ------------------------------------------------------------------ */
/* record writer */

struct cref {
	uint32_t off, len;
	uint32_t kind;		/* 0 outside, 1 record */
	uint32_t year, k;	/* outside: year and rank; record: index */
	unsigned v;
};

struct refbuf {
	char *b;
	size_t n, cap;
	struct cref c[MAXREFS];
	int nc;
};

static struct rec *recs;
static uint32_t nrecs;
static uint32_t year_start[YEAR_MAX - 1900 + 2];
static uint32_t *targets;
static size_t ntargets, targets_cap;

static const char *const months[] = {
	"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT",
	"NOV", "DEC",
};

/* write "TAG text" wrapped at LINEW with 3-space continuation lines */
static void
put_wrapped(struct out *o, const char *tag, const char *p, size_t n)
{
	size_t col = 3, a = 0, b;

	put(o, tag, 2);
	putc_(o, ' ');
	while (a < n) {
		for (b = a; b < n && p[b] != ' '; b++)
			;
		if (col > 3 && col + 1 + (b - a) > LINEW) {
			put(o, "\n   ", 4);
			col = 3;
		} else if (col > 3) {
			putc_(o, ' ');
			col++;
		}
		put(o, p + a, b - a);
		col += b - a;
		a = b + 1;
	}
	putc_(o, '\n');
}

static void
put_ut(struct out *o, uint32_t i)
{
	char tmp[24];

	/* WOS: + 15 digits, unique per record, shaped like WOS:000968239500001 */
	put(o, "WOS:", 4);
	put(o, tmp, fmt_uw(tmp, 100000000000ULL + (uint64_t)i * 1000 +
	    i % 20 + 1, 15));
}

static int
cref_cmp(const void *a, const void *b, void *base)
{
	const struct cref *x = a, *y = b;
	const char *p = base;
	size_t n = x->len < y->len ? x->len : y->len;
	int c = memcmp(p + x->off, p + y->off, n);

	if (c)
		return c;
	return x->len < y->len ? -1 : x->len > y->len;
}

/* qsort_r is not portable; a small insertion sort is enough for ~40 */
static void
sort_refs(struct refbuf *rb)
{
	int i, j;

	for (i = 1; i < rb->nc; i++) {
		struct cref t = rb->c[i];

		for (j = i; j > 0 && cref_cmp(&rb->c[j - 1], &t, rb->b) > 0; j--)
			rb->c[j] = rb->c[j - 1];
		rb->c[j] = t;
	}
}

static void
refbuf_add(struct refbuf *rb, const struct sbuf *s, uint32_t kind,
    uint32_t year, uint32_t k, unsigned v)
{
	struct cref *c;

	if (rb->nc >= MAXREFS)
		return;
	if (rb->n + s->n > rb->cap) {
		size_t cap = (rb->cap + s->n) * 2;
		char *nb = realloc(rb->b, cap);

		if (nb == NULL) {
			fputs("gen: out of memory\n", stderr);
			exit(1);
		}
		rb->b = nb;
		rb->cap = cap;
	}
	memcpy(rb->b + rb->n, s->b, s->n);
	c = &rb->c[rb->nc++];
	c->off = (uint32_t)rb->n;
	c->len = (uint32_t)s->n;
	c->kind = kind;
	c->year = year;
	c->k = k;
	c->v = v;
	rb->n += s->n;
}

static int
already(const struct refbuf *rb, uint32_t kind, uint32_t year, uint32_t k)
{
	int i;

	for (i = 0; i < rb->nc; i++)
		if (rb->c[i].kind == kind && rb->c[i].k == k &&
		    rb->c[i].year == year)
			return 1;
	return 0;
}

static void
push_target(uint32_t t)
{
	if (ntargets == targets_cap) {
		size_t cap = targets_cap ? targets_cap * 2 : 1 << 16;
		uint32_t *nt = realloc(targets, cap * sizeof(*nt));

		if (nt == NULL) {
			fputs("gen: out of memory\n", stderr);
			exit(1);
		}
		targets = nt;
		targets_cap = cap;
	}
	targets[ntargets++] = t;
}

/* citation age: mostly recent, with a long tail of classics */
static int
cited_age(struct rng *r)
{
	double a;

	if (rng_chance(r, 0.12))
		a = -25.0 * log(1.0 - rng_unit(r));
	else
		a = -4.0 * log(1.0 - rng_unit(r)) - 4.0 * log(1.0 - rng_unit(r));
	return (int)a;
}

static void
make_refs(struct rng *r, uint32_t i, int nref, double plocal,
    struct refbuf *rb)
{
	const struct rec *rc = &recs[i];
	uint32_t older = year_start[rc->year - 1900];
	struct sbuf s;
	struct work w;
	unsigned v;
	int n, tries;

	rb->n = 0;
	rb->nc = 0;
	for (n = 0; n < nref; n++) {
		if (older > 0 && rng_chance(r, plocal)) {
			uint32_t t = 0;

			for (tries = 0; tries < 4; tries++) {
				if (ntargets && rng_chance(r, 0.55))
					t = targets[rng_below(r, (uint32_t)ntargets)];
				else
					t = rng_below(r, older);
				if (!already(rb, 1, 0, t))
					break;
			}
			if (tries == 4)
				continue;
			rec_to_work(&recs[t], t, &w);
			cr_string(r, &w, rc->year, &s, &v);
			refbuf_add(rb, &s, 1, 0, t, v);
			continue;
		}
		for (tries = 0; tries < 4; tries++) {
			int y = rc->year - cited_age(r);
			uint32_t k;

			if (y < 1900)
				y = 1900;
			/* Zipf-Mandelbrot (k + q)^-s with q = ZQ: a flatter head,
			 * so the classics of a year are cited by hundreds of
			 * records rather than by one in ten */
			do
				k = zipf_draw(&z_outside, r);
			while (k <= ZQ);
			k -= ZQ;
			if (already(rb, 0, (uint32_t)y, k))
				continue;
			outside_work((uint32_t)y, k, &w);
			cr_string(r, &w, rc->year, &s, &v);
			refbuf_add(rb, &s, 0, (uint32_t)y, k, v);
			break;
		}
	}
	/* targets for preferential attachment are pushed after the record,
	 * so a record never sees its own citations */
	sort_refs(rb);
}

static void
put_name_af(struct out *o, uint32_t sn, uint16_t gn, char mid)
{
	put(o, surnames[sn].p, surnames[sn].n);
	put(o, ", ", 2);
	put(o, given[gn].p, given[gn].n);
	if (mid) {
		putc_(o, ' ');
		putc_(o, mid);
		putc_(o, '.');
	}
}

static void
write_record(struct out *o, struct out *truth, struct rng *r, uint32_t i,
    int mean_refs, double plocal, struct refbuf *rb)
{
	struct rec *rc = &recs[i];
	const struct journal *j = &journals[rc->journal];
	const struct publisher *pb = &publishers[j->pub];
	uint32_t asn[MAXAUTH];
	uint16_t agn[MAXAUTH];
	char amid[MAXAUTH];
	int aff[MAXAUTH];
	uint32_t ainst[3], acity[3];
	uint8_t actry[3], adept[3];
	static const int nauth_w[] = { 10, 15, 18, 16, 13, 10, 6, 4, 3, 2, 2, 1 };
	int na, nf, k, nref, review, x;
	uint32_t pg = rng_range(r, 5, 24);
	struct sbuf s;
	struct work w;
	double len;
	uint32_t tc;

	/* authors */
	x = (int)rng_below(r, 100);
	for (na = 0; na < MAXAUTH - 1 && x >= nauth_w[na]; na++)
		x -= nauth_w[na];
	na++;
	asn[0] = rc->surname;
	agn[0] = rc->given;
	amid[0] = rc->mid;
	for (k = 1; k < na; k++) {
		asn[k] = ztab_draw(&t_surname, r);
		agn[k] = (uint16_t)rng_below(r, NGIVEN);
		amid[k] = rng_chance(r, 0.45) ? (char)('A' + rng_below(r, 26)) : 0;
	}
	nf = na == 1 ? 1 : (int)rng_range(r, 1, na < 3 ? (uint32_t)na : 3);
	for (k = 0; k < nf; k++) {
		ainst[k] = rng_below(r, NINST);
		acity[k] = rng_below(r, NCITIES);
		actry[k] = (uint8_t)(rng_chance(r, 0.35) ? 0 :
		    rng_below(r, NCOUNTRY));
		adept[k] = (uint8_t)rng_below(r, NDEPT);
	}
	for (k = 0; k < na; k++)
		aff[k] = k < nf ? k : (int)rng_below(r, (uint32_t)nf);

	review = rng_chance(r, 0.1);
	put(o, "PT J\n", 5);
	for (k = 0; k < na; k++) {
		put(o, k ? "   " : "AU ", 3);
		put(o, surnames[asn[k]].p, surnames[asn[k]].n);
		put(o, ", ", 2);
		putc_(o, given[agn[k]].p[0]);
		if (amid[k])
			putc_(o, amid[k]);
		putc_(o, '\n');
	}
	for (k = 0; k < na; k++) {
		put(o, k ? "   " : "AF ", 3);
		put_name_af(o, asn[k], agn[k], amid[k]);
		putc_(o, '\n');
	}
	sb_reset(&s);
	title_words(r, &s, (int)rng_range(r, 6, 22), 0);
	put_wrapped(o, "TI", s.b, s.n);
	put_wrapped(o, "SO", j->so.p, j->so.n);
	put(o, "LA English\n", 11);
	puts_(o, review ? "DT Review\n" : rng_chance(r, 0.04) ?
	    "DT Editorial Material\n" : "DT Article\n");
	if (rng_chance(r, 0.85)) {
		int nk = (int)rng_range(r, 3, 7);

		sb_reset(&s);
		for (k = 0; k < nk; k++) {
			if (k)
				sb_adds(&s, "; ");
			title_words(r, &s, (int)rng_range(r, 1, 3), 0);
		}
		put_wrapped(o, "DE", s.b, s.n);
	}
	if (rng_chance(r, 0.8)) {
		int nk = (int)rng_range(r, 3, 9);

		sb_reset(&s);
		for (k = 0; k < nk; k++) {
			if (k)
				sb_adds(&s, "; ");
			title_words(r, &s, (int)rng_range(r, 1, 2), 1);
		}
		put_wrapped(o, "ID", s.b, s.n);
	}
	/* abstract: one physical line, ~1,500 characters */
	len = 1500.0 + 300.0 * (rng_unit(r) + rng_unit(r) + rng_unit(r) - 1.5) * 2.0;
	put(o, "AB ", 3);
	{
		size_t done = 0;
		int sent = 0;

		while (done < (size_t)len) {
			int nw = (int)rng_range(r, 8, 26), q;

			if (sent++)
				putc_(o, ' ');
			for (q = 0; q < nw; q++) {
				struct str wd = words[ztab_draw(&t_words, r)];

				if (q == 0) {
					putc_(o, (char)(wd.p[0] - 'a' + 'A'));
					put(o, wd.p + 1, wd.n - 1);
				} else {
					putc_(o, ' ');
					put(o, wd.p, wd.n);
				}
				done += wd.n + 1;
			}
			putc_(o, '.');
			done += 2;
		}
	}
	putc_(o, '\n');
	/* addresses */
	for (k = 0; k < nf; k++) {
		int a, first = 1;

		put(o, k ? "   [" : "C1 [", 4);
		for (a = 0; a < na; a++) {
			if (aff[a] != k)
				continue;
			if (!first)
				put(o, "; ", 2);
			first = 0;
			put_name_af(o, asn[a], agn[a], amid[a]);
		}
		put(o, "] Univ ", 7);
		put(o, inst[ainst[k]].p, inst[ainst[k]].n);
		put(o, ", ", 2);
		puts_(o, depts[adept[k]]);
		put(o, ", ", 2);
		put(o, cities[acity[k]].p, cities[acity[k]].n);
		if (actry[k] == 0) {
			/* Lawrence, KS 66045 USA */
			put(o, ", ", 2);
			puts_(o, states[acity[k] % (sizeof(states) / sizeof(states[0]))]);
			putc_(o, ' ');
			put_u(o, 10000 + acity[k] * 89 % 89999);
			putc_(o, ' ');
		} else
			put(o, ", ", 2);
		puts_(o, countries[actry[k]]);
		put(o, ".\n", 2);
	}
	put(o, "RP ", 3);
	put(o, surnames[asn[0]].p, surnames[asn[0]].n);
	put(o, ", ", 2);
	putc_(o, given[agn[0]].p[0]);
	if (amid[0])
		putc_(o, amid[0]);
	put(o, " (corresponding author), Univ ", 30);
	put(o, inst[ainst[aff[0]]].p, inst[ainst[aff[0]]].n);
	put(o, ", ", 2);
	puts_(o, countries[actry[aff[0]]]);
	put(o, ".\n", 2);

	/* cited references */
	if (rng_chance(r, 0.03))
		nref = 0;
	else {
		double g = (rng_unit(r) + rng_unit(r) + rng_unit(r) +
		    rng_unit(r) - 2.0) * 0.9;

		nref = (int)(mean_refs * (review ? 2.0 : 0.92) * exp(g * 0.5));
		if (nref > MAXREFS)
			nref = MAXREFS;
	}
	make_refs(r, i, nref, plocal, rb);
	for (k = 0; k < rb->nc; k++) {
		const struct cref *c = &rb->c[k];

		put(o, k ? "   " : "CR ", 3);
		put(o, rb->b + c->off, c->len);
		putc_(o, '\n');
		if (truth) {
			put_ut(truth, i);
			putc_(truth, '\t');
			put_u(truth, (uint64_t)k + 1);
			if (c->kind == 1) {
				put(truth, "\trecord\t", 8);
				put_ut(truth, c->k);
			} else {
				put(truth, "\twork\tW", 7);
				put_u(truth, c->year);
				putc_(truth, '-');
				put_u(truth, c->k);
			}
			putc_(truth, '\t');
			{
				int b, any = 0;

				for (b = 0; b < (int)(sizeof(vnames) / sizeof(vnames[0])); b++)
					if (c->v & (1u << b)) {
						if (any++)
							putc_(truth, ',');
						puts_(truth, vnames[b]);
					}
			}
			putc_(truth, '\t');
			put(truth, rb->b + c->off, c->len);
			putc_(truth, '\n');
		}
	}
	for (k = 0; k < rb->nc; k++)
		if (rb->c[k].kind == 1)
			push_target(rb->c[k].k);
	put(o, "NR ", 3);
	put_u(o, (uint64_t)rb->nc);
	putc_(o, '\n');
	/* times cited: heavy tailed, growing with age */
	{
		double d = pow(rng_unit(r) + 1e-9, -0.8) *
		    (YEAR_MAX - rc->year + 1) * 0.6 - 1.0;

		tc = d < 0 ? 0 : d > 20000 ? 20000 : (uint32_t)d;
	}
	put(o, "TC ", 3);
	put_u(o, tc);
	put(o, "\nZ9 ", 4);
	put_u(o, tc + tc / 20);
	put(o, "\nU1 ", 4);
	put_u(o, rng_below(r, 12));
	put(o, "\nU2 ", 4);
	put_u(o, 5 + rng_below(r, 60));
	put(o, "\nPU ", 4);
	puts_(o, pb->name);
	put(o, "\nPI ", 4);
	puts_(o, pb->city);
	put(o, "\nPA ", 4);
	puts_(o, pb->addr);
	put(o, "\nSN ", 4);
	put(o, j->sn, 9);
	put(o, "\nEI ", 4);
	put(o, j->ei, 9);
	put(o, "\nJ9 ", 4);
	put(o, j->j9.p, j->j9.n);
	put(o, "\nJI ", 4);
	put(o, j->ji.p, j->ji.n);
	putc_(o, '\n');
	x = (int)rng_below(r, 10);
	if (x < 6) {
		put(o, "PD ", 3);
		puts_(o, months[(rc->issue - 1) * 12 / j->issues]);
		if (x < 2) {
			putc_(o, ' ');
			put_u(o, 1 + rng_below(r, 28));
		}
		putc_(o, '\n');
	}
	put(o, "PY ", 3);
	put_u(o, rc->year);
	put(o, "\nVL ", 4);
	put_u(o, rc->vol);
	put(o, "\nIS ", 4);
	put_u(o, rc->issue);
	putc_(o, '\n');
	if (rc->flags & F_AR) {
		put(o, "AR ", 3);
		put_u(o, rc->page);
		putc_(o, '\n');
	} else {
		put(o, "BP ", 3);
		put_u(o, rc->page);
		put(o, "\nEP ", 4);
		put_u(o, rc->page + pg - 1);
		putc_(o, '\n');
	}
	if (rc->flags & F_DOI) {
		rec_to_work(rc, i, &w);
		sb_reset(&s);
		doi_of(&w, &s);
		put(o, "DI ", 3);
		put(o, s.b, s.n);
		putc_(o, '\n');
	}
	put(o, "PG ", 3);
	put_u(o, pg);
	putc_(o, '\n');
	put_wrapped(o, "WC", categories[j->cat][0], strlen(categories[j->cat][0]));
	put(o, "SC ", 3);
	puts_(o, categories[j->cat][1]);
	put(o, "\nGA ", 4);
	for (k = 0; k < 5; k++)
		putc_(o, "0123456789ABCDEFGHJKLMNPQRSTUVWXYZ"[rng_below(r, 34)]);
	put(o, "\nUT ", 4);
	put_ut(o, i);
	put(o, "\nDA 2025-06-30\nER\n\n", 19);
}

/* ------------------------------------------------------------------ */

static void
assign_records(struct rng *r, uint32_t n)
{
	double wsum = 0, wy[YEAR_MAX - YEAR_MIN + 1], acc;
	uint32_t i, y, cnt;
	int k;

	/* number of records per year grows ~7% a year */
	for (k = 0; k <= YEAR_MAX - YEAR_MIN; k++) {
		wy[k] = exp(0.07 * k);
		wsum += wy[k];
	}
	i = 0;
	acc = 0;
	for (k = 0; k <= YEAR_MAX - YEAR_MIN; k++) {
		uint32_t upto;

		acc += wy[k];
		upto = k == YEAR_MAX - YEAR_MIN ? n :
		    (uint32_t)((double)n * acc / wsum + 0.5);
		for (; i < upto; i++)
			recs[i].year = (uint16_t)(YEAR_MIN + k);
	}
	/* year_start[y - 1900]: first record of year y or later */
	for (y = 1900, i = 0; y <= YEAR_MAX + 1; y++) {
		while (i < n && recs[i].year < y)
			i++;
		year_start[y - 1900] = i;
	}
	cnt = 0;
	for (i = 0; i < n; i++) {
		struct rec *rc = &recs[i];
		const struct journal *j;

		rc->surname = ztab_draw(&t_surname, r);
		rc->given = (uint16_t)rng_below(r, NGIVEN);
		rc->mid = rng_chance(r, 0.45) ? (char)('A' + rng_below(r, 26)) : 0;
		rc->journal = (uint16_t)ztab_draw(&t_journal, r) % NCORPUSJ;
		j = &journals[rc->journal];
		rc->vol = volume_of(j, rc->year);
		rc->issue = (uint16_t)rng_range(r, 1, j->issues);
		rc->flags = 0;
		if (j->ar) {
			rc->flags |= F_AR;
			rc->page = 1 + cnt++ % 997;
		} else {
			rc->page = rng_range(r, 1, 1800);
		}
		if (rng_chance(r, rc->year < 1995 ? 0.6 : 0.88))
			rc->flags |= F_DOI;
	}
}

int
main(int argc, char **argv)
{
	unsigned long long n = 1000, seed = 1;
	int mean_refs = 40, ch, rc = 1;
	double plocal = 0.15;
	const char *truth_path = NULL;
	struct out o = { 0 }, t = { 0 };
	struct rng r;
	struct refbuf rb = { 0 };
	uint32_t i;
	char *end;

	while ((ch = getopt(argc, argv, "hn:s:r:p:t:")) != -1) {
		switch (ch) {
		case 'n':
			errno = 0;
			n = strtoull(optarg, &end, 10);
			if (errno || *end || n == 0 || n > 20000000ULL)
				goto usage;
			break;
		case 's':
			errno = 0;
			seed = strtoull(optarg, &end, 10);
			if (errno || *end)
				goto usage;
			break;
		case 'r':
			mean_refs = (int)strtol(optarg, &end, 10);
			if (*end || mean_refs < 0 || mean_refs > 200)
				goto usage;
			break;
		case 'p':
			plocal = strtod(optarg, &end) / 100.0;
			if (*end || plocal < 0 || plocal > 1)
				goto usage;
			break;
		case 't':
			truth_path = optarg;
			break;
		case 'h':
			fputs(usage_str, stdout);
			return 0;
		default:
			goto usage;
		}
	}
	if (optind != argc)
		goto usage;

	g_seed = seed;
	rng_seed(&r, seed);
	arena_cap = 8u << 20;
	arena = malloc(arena_cap);
	recs = calloc(n, sizeof(*recs));
	o.cap = t.cap = 4u << 20;
	o.buf = malloc(o.cap);
	t.buf = malloc(t.cap);
	if (arena == NULL || recs == NULL || o.buf == NULL || t.buf == NULL) {
		fputs("gen: out of memory\n", stderr);
		goto out;
	}
	o.fp = stdout;
	if (truth_path) {
		t.fp = fopen(truth_path, "w");
		if (t.fp == NULL) {
			fprintf(stderr, "gen: cannot open '%s': %s\n", truth_path,
			    strerror(errno));
			goto out;
		}
		puts_(&t, "# citing_ut\tcr_no\tkind\ttarget\tvariants\tcr\n");
	}
	nrecs = (uint32_t)n;
	outside_pool = nrecs / 2 < 2000 ? 2000 : nrecs / 2;
	ztab_init(&t_surname, NSURNAMES, 0.9, 17);
	ztab_init(&t_journal, NJOURNALS, 1.0, 16);
	ztab_init(&t_words, NWORDS, 0.8, 16);
	zipf_init(&z_outside, outside_pool + ZQ, 1.05);
	make_pools(&r);
	assign_records(&r, nrecs);

	puts_(&o, "FN Clarivate Analytics Web of Science\nVR 1.0\n");
	for (i = 0; i < nrecs; i++)
		write_record(&o, truth_path ? &t : NULL, &r, i, mean_refs,
		    plocal, &rb);
	put(&o, "EF\n", 3);
	out_flush(&o);
	if (truth_path)
		out_flush(&t);
	if (o.err || fflush(stdout) == EOF || ferror(stdout)) {
		fprintf(stderr, "gen: write error: %s\n",
		    strerror(o.err ? o.err : errno));
		goto out;
	}
	if (truth_path && (t.err || fclose(t.fp) == EOF)) {
		fprintf(stderr, "gen: cannot write '%s': %s\n", truth_path,
		    strerror(t.err ? t.err : errno));
		t.fp = NULL;
		goto out;
	}
	t.fp = NULL;
	rc = 0;
out:
	if (t.fp)
		fclose(t.fp);
	free(rb.b);
	free(targets);
	free(recs);
	free(arena);
	free(t_surname.t);
	free(t_journal.t);
	free(t_words.t);
	free(o.buf);
	free(t.buf);
	return rc;

usage:
	fputs(usage_str, stderr);
	return 2;
}
