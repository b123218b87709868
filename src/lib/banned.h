/*
 * banned.h - functions that are too easy to misuse on untrusted input.
 *
 * Included last by every library and CLI source file; a use of one of
 * these names is a compile error.  Build strings in struct cix_buf instead,
 * and parse numbers with cix_parse_*() (see util.h).  After git's banned.h.
 */
#ifndef CIX_BANNED_H
#define CIX_BANNED_H

#define BANNED(func) sorry_##func##_is_a_banned_function

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef strncpy
#define strncpy(x, y, n) BANNED(strncpy)
#undef strncat
#define strncat(x, y, n) BANNED(strncat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef atoi
#define atoi(x) BANNED(atoi)
#undef sscanf
#define sscanf(...) BANNED(sscanf)
#undef gets
#define gets(x) BANNED(gets)

#endif
