/*
 * latex.c - escaping text for BibTeX and LaTeX (see latex.h).
 *
 * The ASCII table at the end maps code points to the LaTeX that pdflatex
 * accepts in its default OT1 encoding: every entry was compiled there
 * (commands that exist only in T1, such as \k, \DH or \guillemotleft,
 * are replaced by their base letter or a math symbol).  Letters with
 * diacritics come from their Unicode canonical decomposition.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "error.h"
#include "latex.h"
#include "util.h"
#include "banned.h"

struct tex {
	uint32_t cp;
	const char *tex;
};

/* ------------------------------------------------------------------ */
/* The ASCII table: code point -> LaTeX, sorted by code point. */

static const struct tex ascii_table[] = {
	{ 0x00A1, "{\\textexclamdown}" },
	{ 0x00A2, "{\\textcent}" },
	{ 0x00A3, "{\\pounds}" },
	{ 0x00A4, "{\\textcurrency}" },
	{ 0x00A5, "{\\textyen}" },
	{ 0x00A6, "{\\textbrokenbar}" },
	{ 0x00A7, "{\\S}" },
	{ 0x00A8, "{\\textasciidieresis}" },
	{ 0x00A9, "{\\textcopyright}" },
	{ 0x00AA, "{\\textordfeminine}" },
	{ 0x00AB, "{$\\ll$}" },
	{ 0x00AC, "{$\\neg$}" },
	{ 0x00AD, "" },
	{ 0x00AE, "{\\textregistered}" },
	{ 0x00AF, "{\\textasciimacron}" },
	{ 0x00B0, "{\\textdegree}" },
	{ 0x00B1, "{$\\pm$}" },
	{ 0x00B2, "{$^{2}$}" },
	{ 0x00B3, "{$^{3}$}" },
	{ 0x00B4, "{\\textasciiacute}" },
	{ 0x00B5, "{$\\mu$}" },
	{ 0x00B6, "{\\P}" },
	{ 0x00B7, "{$\\cdot$}" },
	{ 0x00B8, "" },
	{ 0x00B9, "{$^{1}$}" },
	{ 0x00BA, "{\\textordmasculine}" },
	{ 0x00BB, "{$\\gg$}" },
	{ 0x00BC, "{\\textonequarter}" },
	{ 0x00BD, "{\\textonehalf}" },
	{ 0x00BE, "{\\textthreequarters}" },
	{ 0x00BF, "{\\textquestiondown}" },
	{ 0x00C0, "{\\`A}" },
	{ 0x00C1, "{\\'A}" },
	{ 0x00C2, "{\\^A}" },
	{ 0x00C3, "{\\~A}" },
	{ 0x00C4, "{\\\"A}" },
	{ 0x00C5, "{\\AA}" },
	{ 0x00C6, "{\\AE}" },
	{ 0x00C7, "{\\c{C}}" },
	{ 0x00C8, "{\\`E}" },
	{ 0x00C9, "{\\'E}" },
	{ 0x00CA, "{\\^E}" },
	{ 0x00CB, "{\\\"E}" },
	{ 0x00CC, "{\\`I}" },
	{ 0x00CD, "{\\'I}" },
	{ 0x00CE, "{\\^I}" },
	{ 0x00CF, "{\\\"I}" },
	{ 0x00D0, "D" },
	{ 0x00D1, "{\\~N}" },
	{ 0x00D2, "{\\`O}" },
	{ 0x00D3, "{\\'O}" },
	{ 0x00D4, "{\\^O}" },
	{ 0x00D5, "{\\~O}" },
	{ 0x00D6, "{\\\"O}" },
	{ 0x00D7, "{$\\times$}" },
	{ 0x00D8, "{\\O}" },
	{ 0x00D9, "{\\`U}" },
	{ 0x00DA, "{\\'U}" },
	{ 0x00DB, "{\\^U}" },
	{ 0x00DC, "{\\\"U}" },
	{ 0x00DD, "{\\'Y}" },
	{ 0x00DE, "Th" },
	{ 0x00DF, "{\\ss}" },
	{ 0x00E0, "{\\`a}" },
	{ 0x00E1, "{\\'a}" },
	{ 0x00E2, "{\\^a}" },
	{ 0x00E3, "{\\~a}" },
	{ 0x00E4, "{\\\"a}" },
	{ 0x00E5, "{\\aa}" },
	{ 0x00E6, "{\\ae}" },
	{ 0x00E7, "{\\c{c}}" },
	{ 0x00E8, "{\\`e}" },
	{ 0x00E9, "{\\'e}" },
	{ 0x00EA, "{\\^e}" },
	{ 0x00EB, "{\\\"e}" },
	{ 0x00EC, "{\\`\\i}" },
	{ 0x00ED, "{\\'\\i}" },
	{ 0x00EE, "{\\^\\i}" },
	{ 0x00EF, "{\\\"\\i}" },
	{ 0x00F0, "d" },
	{ 0x00F1, "{\\~n}" },
	{ 0x00F2, "{\\`o}" },
	{ 0x00F3, "{\\'o}" },
	{ 0x00F4, "{\\^o}" },
	{ 0x00F5, "{\\~o}" },
	{ 0x00F6, "{\\\"o}" },
	{ 0x00F7, "{$\\div$}" },
	{ 0x00F8, "{\\o}" },
	{ 0x00F9, "{\\`u}" },
	{ 0x00FA, "{\\'u}" },
	{ 0x00FB, "{\\^u}" },
	{ 0x00FC, "{\\\"u}" },
	{ 0x00FD, "{\\'y}" },
	{ 0x00FE, "th" },
	{ 0x00FF, "{\\\"y}" },
	{ 0x0100, "{\\=A}" },
	{ 0x0101, "{\\=a}" },
	{ 0x0102, "{\\u{A}}" },
	{ 0x0103, "{\\u{a}}" },
	{ 0x0104, "{A}" },
	{ 0x0105, "{a}" },
	{ 0x0106, "{\\'C}" },
	{ 0x0107, "{\\'c}" },
	{ 0x0108, "{\\^C}" },
	{ 0x0109, "{\\^c}" },
	{ 0x010A, "{\\.C}" },
	{ 0x010B, "{\\.c}" },
	{ 0x010C, "{\\v{C}}" },
	{ 0x010D, "{\\v{c}}" },
	{ 0x010E, "{\\v{D}}" },
	{ 0x010F, "{\\v{d}}" },
	{ 0x0110, "D" },
	{ 0x0111, "d" },
	{ 0x0112, "{\\=E}" },
	{ 0x0113, "{\\=e}" },
	{ 0x0114, "{\\u{E}}" },
	{ 0x0115, "{\\u{e}}" },
	{ 0x0116, "{\\.E}" },
	{ 0x0117, "{\\.e}" },
	{ 0x0118, "{E}" },
	{ 0x0119, "{e}" },
	{ 0x011A, "{\\v{E}}" },
	{ 0x011B, "{\\v{e}}" },
	{ 0x011C, "{\\^G}" },
	{ 0x011D, "{\\^g}" },
	{ 0x011E, "{\\u{G}}" },
	{ 0x011F, "{\\u{g}}" },
	{ 0x0120, "{\\.G}" },
	{ 0x0121, "{\\.g}" },
	{ 0x0122, "{\\c{G}}" },
	{ 0x0123, "{\\c{g}}" },
	{ 0x0124, "{\\^H}" },
	{ 0x0125, "{\\^h}" },
	{ 0x0128, "{\\~I}" },
	{ 0x0129, "{\\~\\i}" },
	{ 0x012A, "{\\=I}" },
	{ 0x012B, "{\\=\\i}" },
	{ 0x012C, "{\\u{I}}" },
	{ 0x012D, "{\\u\\i}" },
	{ 0x012E, "{I}" },
	{ 0x012F, "{i}" },
	{ 0x0130, "{\\.I}" },
	{ 0x0131, "{\\i}" },
	{ 0x0132, "IJ" },
	{ 0x0133, "ij" },
	{ 0x0134, "{\\^J}" },
	{ 0x0135, "{\\^\\j}" },
	{ 0x0136, "{\\c{K}}" },
	{ 0x0137, "{\\c{k}}" },
	{ 0x0138, "q" },
	{ 0x0139, "{\\'L}" },
	{ 0x013A, "{\\'l}" },
	{ 0x013B, "{\\c{L}}" },
	{ 0x013C, "{\\c{l}}" },
	{ 0x013D, "{\\v{L}}" },
	{ 0x013E, "{\\v{l}}" },
	{ 0x013F, "L" },
	{ 0x0140, "l" },
	{ 0x0141, "{\\L}" },
	{ 0x0142, "{\\l}" },
	{ 0x0143, "{\\'N}" },
	{ 0x0144, "{\\'n}" },
	{ 0x0145, "{\\c{N}}" },
	{ 0x0146, "{\\c{n}}" },
	{ 0x0147, "{\\v{N}}" },
	{ 0x0148, "{\\v{n}}" },
	{ 0x0149, "'n" },
	{ 0x014A, "N" },
	{ 0x014B, "n" },
	{ 0x014C, "{\\=O}" },
	{ 0x014D, "{\\=o}" },
	{ 0x014E, "{\\u{O}}" },
	{ 0x014F, "{\\u{o}}" },
	{ 0x0150, "{\\H{O}}" },
	{ 0x0151, "{\\H{o}}" },
	{ 0x0152, "{\\OE}" },
	{ 0x0153, "{\\oe}" },
	{ 0x0154, "{\\'R}" },
	{ 0x0155, "{\\'r}" },
	{ 0x0156, "{\\c{R}}" },
	{ 0x0157, "{\\c{r}}" },
	{ 0x0158, "{\\v{R}}" },
	{ 0x0159, "{\\v{r}}" },
	{ 0x015A, "{\\'S}" },
	{ 0x015B, "{\\'s}" },
	{ 0x015C, "{\\^S}" },
	{ 0x015D, "{\\^s}" },
	{ 0x015E, "{\\c{S}}" },
	{ 0x015F, "{\\c{s}}" },
	{ 0x0160, "{\\v{S}}" },
	{ 0x0161, "{\\v{s}}" },
	{ 0x0162, "{\\c{T}}" },
	{ 0x0163, "{\\c{t}}" },
	{ 0x0164, "{\\v{T}}" },
	{ 0x0165, "{\\v{t}}" },
	{ 0x0168, "{\\~U}" },
	{ 0x0169, "{\\~u}" },
	{ 0x016A, "{\\=U}" },
	{ 0x016B, "{\\=u}" },
	{ 0x016C, "{\\u{U}}" },
	{ 0x016D, "{\\u{u}}" },
	{ 0x016E, "{\\r{U}}" },
	{ 0x016F, "{\\r{u}}" },
	{ 0x0170, "{\\H{U}}" },
	{ 0x0171, "{\\H{u}}" },
	{ 0x0172, "{U}" },
	{ 0x0173, "{u}" },
	{ 0x0174, "{\\^W}" },
	{ 0x0175, "{\\^w}" },
	{ 0x0176, "{\\^Y}" },
	{ 0x0177, "{\\^y}" },
	{ 0x0178, "{\\\"Y}" },
	{ 0x0179, "{\\'Z}" },
	{ 0x017A, "{\\'z}" },
	{ 0x017B, "{\\.Z}" },
	{ 0x017C, "{\\.z}" },
	{ 0x017D, "{\\v{Z}}" },
	{ 0x017E, "{\\v{z}}" },
	{ 0x017F, "s" },
	{ 0x018F, "E" },
	{ 0x0192, "f" },
	{ 0x01C4, "D{\\v{Z}}" },
	{ 0x01C5, "D{\\v{z}}" },
	{ 0x01C6, "d{\\v{z}}" },
	{ 0x01C7, "LJ" },
	{ 0x01C8, "Lj" },
	{ 0x01C9, "lj" },
	{ 0x01CA, "NJ" },
	{ 0x01CB, "Nj" },
	{ 0x01CC, "nj" },
	{ 0x01CD, "{\\v{A}}" },
	{ 0x01CE, "{\\v{a}}" },
	{ 0x01CF, "{\\v{I}}" },
	{ 0x01D0, "{\\v\\i}" },
	{ 0x01D1, "{\\v{O}}" },
	{ 0x01D2, "{\\v{o}}" },
	{ 0x01D3, "{\\v{U}}" },
	{ 0x01D4, "{\\v{u}}" },
	{ 0x01D5, "{\\={\\\"U}}" },
	{ 0x01D6, "{\\={\\\"u}}" },
	{ 0x01D7, "{\\'{\\\"U}}" },
	{ 0x01D8, "{\\'{\\\"u}}" },
	{ 0x01D9, "{\\v{\\\"U}}" },
	{ 0x01DA, "{\\v{\\\"u}}" },
	{ 0x01DB, "{\\`{\\\"U}}" },
	{ 0x01DC, "{\\`{\\\"u}}" },
	{ 0x01DE, "{\\={\\\"A}}" },
	{ 0x01DF, "{\\={\\\"a}}" },
	{ 0x01E0, "{\\={\\.A}}" },
	{ 0x01E1, "{\\={\\.a}}" },
	{ 0x01E6, "{\\v{G}}" },
	{ 0x01E7, "{\\v{g}}" },
	{ 0x01E8, "{\\v{K}}" },
	{ 0x01E9, "{\\v{k}}" },
	{ 0x01EA, "{O}" },
	{ 0x01EB, "{o}" },
	{ 0x01EC, "{\\=O}" },
	{ 0x01ED, "{\\=o}" },
	{ 0x01F0, "{\\v\\j}" },
	{ 0x01F1, "DZ" },
	{ 0x01F2, "Dz" },
	{ 0x01F3, "dz" },
	{ 0x01F4, "{\\'G}" },
	{ 0x01F5, "{\\'g}" },
	{ 0x01F8, "{\\`N}" },
	{ 0x01F9, "{\\`n}" },
	{ 0x01FA, "{\\'{\\r{A}}}" },
	{ 0x01FB, "{\\'{\\r{a}}}" },
	{ 0x021E, "{\\v{H}}" },
	{ 0x021F, "{\\v{h}}" },
	{ 0x0226, "{\\.A}" },
	{ 0x0227, "{\\.a}" },
	{ 0x0228, "{\\c{E}}" },
	{ 0x0229, "{\\c{e}}" },
	{ 0x022A, "{\\={\\\"O}}" },
	{ 0x022B, "{\\={\\\"o}}" },
	{ 0x022C, "{\\={\\~O}}" },
	{ 0x022D, "{\\={\\~o}}" },
	{ 0x022E, "{\\.O}" },
	{ 0x022F, "{\\.o}" },
	{ 0x0230, "{\\={\\.O}}" },
	{ 0x0231, "{\\={\\.o}}" },
	{ 0x0232, "{\\=Y}" },
	{ 0x0233, "{\\=y}" },
	{ 0x0237, "{\\j}" },
	{ 0x0259, "e" },
	{ 0x02B9, "'" },
	{ 0x02BB, "`" },
	{ 0x02BC, "'" },
	{ 0x02C6, "{\\textasciicircum}" },
	{ 0x02DC, "{\\textasciitilde}" },
	{ 0x0391, "A" },
	{ 0x0392, "B" },
	{ 0x0393, "{$\\Gamma$}" },
	{ 0x0394, "{$\\Delta$}" },
	{ 0x0395, "E" },
	{ 0x0396, "Z" },
	{ 0x0397, "H" },
	{ 0x0398, "{$\\Theta$}" },
	{ 0x0399, "I" },
	{ 0x039A, "K" },
	{ 0x039B, "{$\\Lambda$}" },
	{ 0x039C, "M" },
	{ 0x039D, "N" },
	{ 0x039E, "{$\\Xi$}" },
	{ 0x039F, "O" },
	{ 0x03A0, "{$\\Pi$}" },
	{ 0x03A1, "P" },
	{ 0x03A3, "{$\\Sigma$}" },
	{ 0x03A4, "T" },
	{ 0x03A5, "{$\\Upsilon$}" },
	{ 0x03A6, "{$\\Phi$}" },
	{ 0x03A7, "X" },
	{ 0x03A8, "{$\\Psi$}" },
	{ 0x03A9, "{$\\Omega$}" },
	{ 0x03B1, "{$\\alpha$}" },
	{ 0x03B2, "{$\\beta$}" },
	{ 0x03B3, "{$\\gamma$}" },
	{ 0x03B4, "{$\\delta$}" },
	{ 0x03B5, "{$\\epsilon$}" },
	{ 0x03B6, "{$\\zeta$}" },
	{ 0x03B7, "{$\\eta$}" },
	{ 0x03B8, "{$\\theta$}" },
	{ 0x03B9, "{$\\iota$}" },
	{ 0x03BA, "{$\\kappa$}" },
	{ 0x03BB, "{$\\lambda$}" },
	{ 0x03BC, "{$\\mu$}" },
	{ 0x03BD, "{$\\nu$}" },
	{ 0x03BE, "{$\\xi$}" },
	{ 0x03BF, "o" },
	{ 0x03C0, "{$\\pi$}" },
	{ 0x03C1, "{$\\rho$}" },
	{ 0x03C2, "{$\\varsigma$}" },
	{ 0x03C3, "{$\\sigma$}" },
	{ 0x03C4, "{$\\tau$}" },
	{ 0x03C5, "{$\\upsilon$}" },
	{ 0x03C6, "{$\\phi$}" },
	{ 0x03C7, "{$\\chi$}" },
	{ 0x03C8, "{$\\psi$}" },
	{ 0x03C9, "{$\\omega$}" },
	{ 0x03D1, "{$\\vartheta$}" },
	{ 0x03D5, "{$\\phi$}" },
	{ 0x03D6, "{$\\varpi$}" },
	{ 0x03F1, "{$\\varrho$}" },
	{ 0x03F5, "{$\\epsilon$}" },
	{ 0x1E02, "{\\.B}" },
	{ 0x1E03, "{\\.b}" },
	{ 0x1E04, "{\\d{B}}" },
	{ 0x1E05, "{\\d{b}}" },
	{ 0x1E06, "{\\b{B}}" },
	{ 0x1E07, "{\\b{b}}" },
	{ 0x1E08, "{\\'{\\c{C}}}" },
	{ 0x1E09, "{\\'{\\c{c}}}" },
	{ 0x1E0A, "{\\.D}" },
	{ 0x1E0B, "{\\.d}" },
	{ 0x1E0C, "{\\d{D}}" },
	{ 0x1E0D, "{\\d{d}}" },
	{ 0x1E0E, "{\\b{D}}" },
	{ 0x1E0F, "{\\b{d}}" },
	{ 0x1E10, "{\\c{D}}" },
	{ 0x1E11, "{\\c{d}}" },
	{ 0x1E14, "{\\`{\\=E}}" },
	{ 0x1E15, "{\\`{\\=e}}" },
	{ 0x1E16, "{\\'{\\=E}}" },
	{ 0x1E17, "{\\'{\\=e}}" },
	{ 0x1E1C, "{\\u{\\c{E}}}" },
	{ 0x1E1D, "{\\u{\\c{e}}}" },
	{ 0x1E1E, "{\\.F}" },
	{ 0x1E1F, "{\\.f}" },
	{ 0x1E20, "{\\=G}" },
	{ 0x1E21, "{\\=g}" },
	{ 0x1E22, "{\\.H}" },
	{ 0x1E23, "{\\.h}" },
	{ 0x1E24, "{\\d{H}}" },
	{ 0x1E25, "{\\d{h}}" },
	{ 0x1E26, "{\\\"H}" },
	{ 0x1E27, "{\\\"h}" },
	{ 0x1E28, "{\\c{H}}" },
	{ 0x1E29, "{\\c{h}}" },
	{ 0x1E2E, "{\\'{\\\"I}}" },
	{ 0x1E2F, "{\\'{\\\"\\i}}" },
	{ 0x1E30, "{\\'K}" },
	{ 0x1E31, "{\\'k}" },
	{ 0x1E32, "{\\d{K}}" },
	{ 0x1E33, "{\\d{k}}" },
	{ 0x1E34, "{\\b{K}}" },
	{ 0x1E35, "{\\b{k}}" },
	{ 0x1E36, "{\\d{L}}" },
	{ 0x1E37, "{\\d{l}}" },
	{ 0x1E38, "{\\={\\d{L}}}" },
	{ 0x1E39, "{\\={\\d{l}}}" },
	{ 0x1E3A, "{\\b{L}}" },
	{ 0x1E3B, "{\\b{l}}" },
	{ 0x1E3E, "{\\'M}" },
	{ 0x1E3F, "{\\'m}" },
	{ 0x1E40, "{\\.M}" },
	{ 0x1E41, "{\\.m}" },
	{ 0x1E42, "{\\d{M}}" },
	{ 0x1E43, "{\\d{m}}" },
	{ 0x1E44, "{\\.N}" },
	{ 0x1E45, "{\\.n}" },
	{ 0x1E46, "{\\d{N}}" },
	{ 0x1E47, "{\\d{n}}" },
	{ 0x1E48, "{\\b{N}}" },
	{ 0x1E49, "{\\b{n}}" },
	{ 0x1E4C, "{\\'{\\~O}}" },
	{ 0x1E4D, "{\\'{\\~o}}" },
	{ 0x1E4E, "{\\\"{\\~O}}" },
	{ 0x1E4F, "{\\\"{\\~o}}" },
	{ 0x1E50, "{\\`{\\=O}}" },
	{ 0x1E51, "{\\`{\\=o}}" },
	{ 0x1E52, "{\\'{\\=O}}" },
	{ 0x1E53, "{\\'{\\=o}}" },
	{ 0x1E54, "{\\'P}" },
	{ 0x1E55, "{\\'p}" },
	{ 0x1E56, "{\\.P}" },
	{ 0x1E57, "{\\.p}" },
	{ 0x1E58, "{\\.R}" },
	{ 0x1E59, "{\\.r}" },
	{ 0x1E5A, "{\\d{R}}" },
	{ 0x1E5B, "{\\d{r}}" },
	{ 0x1E5C, "{\\={\\d{R}}}" },
	{ 0x1E5D, "{\\={\\d{r}}}" },
	{ 0x1E5E, "{\\b{R}}" },
	{ 0x1E5F, "{\\b{r}}" },
	{ 0x1E60, "{\\.S}" },
	{ 0x1E61, "{\\.s}" },
	{ 0x1E62, "{\\d{S}}" },
	{ 0x1E63, "{\\d{s}}" },
	{ 0x1E64, "{\\.{\\'S}}" },
	{ 0x1E65, "{\\.{\\'s}}" },
	{ 0x1E66, "{\\.{\\v{S}}}" },
	{ 0x1E67, "{\\.{\\v{s}}}" },
	{ 0x1E68, "{\\.{\\d{S}}}" },
	{ 0x1E69, "{\\.{\\d{s}}}" },
	{ 0x1E6A, "{\\.T}" },
	{ 0x1E6B, "{\\.t}" },
	{ 0x1E6C, "{\\d{T}}" },
	{ 0x1E6D, "{\\d{t}}" },
	{ 0x1E6E, "{\\b{T}}" },
	{ 0x1E6F, "{\\b{t}}" },
	{ 0x1E78, "{\\'{\\~U}}" },
	{ 0x1E79, "{\\'{\\~u}}" },
	{ 0x1E7A, "{\\\"{\\=U}}" },
	{ 0x1E7B, "{\\\"{\\=u}}" },
	{ 0x1E7C, "{\\~V}" },
	{ 0x1E7D, "{\\~v}" },
	{ 0x1E7E, "{\\d{V}}" },
	{ 0x1E7F, "{\\d{v}}" },
	{ 0x1E80, "{\\`W}" },
	{ 0x1E81, "{\\`w}" },
	{ 0x1E82, "{\\'W}" },
	{ 0x1E83, "{\\'w}" },
	{ 0x1E84, "{\\\"W}" },
	{ 0x1E85, "{\\\"w}" },
	{ 0x1E86, "{\\.W}" },
	{ 0x1E87, "{\\.w}" },
	{ 0x1E88, "{\\d{W}}" },
	{ 0x1E89, "{\\d{w}}" },
	{ 0x1E8A, "{\\.X}" },
	{ 0x1E8B, "{\\.x}" },
	{ 0x1E8C, "{\\\"X}" },
	{ 0x1E8D, "{\\\"x}" },
	{ 0x1E8E, "{\\.Y}" },
	{ 0x1E8F, "{\\.y}" },
	{ 0x1E90, "{\\^Z}" },
	{ 0x1E91, "{\\^z}" },
	{ 0x1E92, "{\\d{Z}}" },
	{ 0x1E93, "{\\d{z}}" },
	{ 0x1E94, "{\\b{Z}}" },
	{ 0x1E95, "{\\b{z}}" },
	{ 0x1E96, "{\\b{h}}" },
	{ 0x1E97, "{\\\"t}" },
	{ 0x1E98, "{\\r{w}}" },
	{ 0x1E99, "{\\r{y}}" },
	{ 0x1E9E, "{\\SS}" },
	{ 0x1EA0, "{\\d{A}}" },
	{ 0x1EA1, "{\\d{a}}" },
	{ 0x1EA4, "{\\'{\\^A}}" },
	{ 0x1EA5, "{\\'{\\^a}}" },
	{ 0x1EA6, "{\\`{\\^A}}" },
	{ 0x1EA7, "{\\`{\\^a}}" },
	{ 0x1EAA, "{\\~{\\^A}}" },
	{ 0x1EAB, "{\\~{\\^a}}" },
	{ 0x1EAC, "{\\^{\\d{A}}}" },
	{ 0x1EAD, "{\\^{\\d{a}}}" },
	{ 0x1EAE, "{\\'{\\u{A}}}" },
	{ 0x1EAF, "{\\'{\\u{a}}}" },
	{ 0x1EB0, "{\\`{\\u{A}}}" },
	{ 0x1EB1, "{\\`{\\u{a}}}" },
	{ 0x1EB4, "{\\~{\\u{A}}}" },
	{ 0x1EB5, "{\\~{\\u{a}}}" },
	{ 0x1EB6, "{\\u{\\d{A}}}" },
	{ 0x1EB7, "{\\u{\\d{a}}}" },
	{ 0x1EB8, "{\\d{E}}" },
	{ 0x1EB9, "{\\d{e}}" },
	{ 0x1EBC, "{\\~E}" },
	{ 0x1EBD, "{\\~e}" },
	{ 0x1EBE, "{\\'{\\^E}}" },
	{ 0x1EBF, "{\\'{\\^e}}" },
	{ 0x1EC0, "{\\`{\\^E}}" },
	{ 0x1EC1, "{\\`{\\^e}}" },
	{ 0x1EC4, "{\\~{\\^E}}" },
	{ 0x1EC5, "{\\~{\\^e}}" },
	{ 0x1EC6, "{\\^{\\d{E}}}" },
	{ 0x1EC7, "{\\^{\\d{e}}}" },
	{ 0x1ECA, "{\\d{I}}" },
	{ 0x1ECB, "{\\d{i}}" },
	{ 0x1ECC, "{\\d{O}}" },
	{ 0x1ECD, "{\\d{o}}" },
	{ 0x1ED0, "{\\'{\\^O}}" },
	{ 0x1ED1, "{\\'{\\^o}}" },
	{ 0x1ED2, "{\\`{\\^O}}" },
	{ 0x1ED3, "{\\`{\\^o}}" },
	{ 0x1ED6, "{\\~{\\^O}}" },
	{ 0x1ED7, "{\\~{\\^o}}" },
	{ 0x1ED8, "{\\^{\\d{O}}}" },
	{ 0x1ED9, "{\\^{\\d{o}}}" },
	{ 0x1EE4, "{\\d{U}}" },
	{ 0x1EE5, "{\\d{u}}" },
	{ 0x1EF2, "{\\`Y}" },
	{ 0x1EF3, "{\\`y}" },
	{ 0x1EF4, "{\\d{Y}}" },
	{ 0x1EF5, "{\\d{y}}" },
	{ 0x1EF8, "{\\~Y}" },
	{ 0x1EF9, "{\\~y}" },
	{ 0x2002, " " },
	{ 0x2003, " " },
	{ 0x2004, " " },
	{ 0x2005, " " },
	{ 0x2006, " " },
	{ 0x2007, " " },
	{ 0x2008, " " },
	{ 0x2009, "{\\,}" },
	{ 0x200A, "{\\,}" },
	{ 0x200B, "" },
	{ 0x200C, "" },
	{ 0x200D, "" },
	{ 0x2010, "-" },
	{ 0x2011, "-" },
	{ 0x2012, "--" },
	{ 0x2013, "--" },
	{ 0x2014, "---" },
	{ 0x2015, "---" },
	{ 0x2016, "{$\\Vert$}" },
	{ 0x2018, "`" },
	{ 0x2019, "'" },
	{ 0x201A, "," },
	{ 0x201B, "`" },
	{ 0x201C, "``" },
	{ 0x201D, "''" },
	{ 0x201E, ",," },
	{ 0x201F, "``" },
	{ 0x2020, "{\\dag}" },
	{ 0x2021, "{\\ddag}" },
	{ 0x2022, "{\\textbullet}" },
	{ 0x2024, "." },
	{ 0x2025, ".." },
	{ 0x2026, "{\\ldots}" },
	{ 0x2028, " " },
	{ 0x2029, " " },
	{ 0x202F, "{\\,}" },
	{ 0x2030, "{\\textperthousand}" },
	{ 0x2032, "{$'$}" },
	{ 0x2033, "{$''$}" },
	{ 0x2039, "{$\\langle$}" },
	{ 0x203A, "{$\\rangle$}" },
	{ 0x2044, "/" },
	{ 0x2060, "" },
	{ 0x2070, "{$^{0}$}" },
	{ 0x2071, "{$^{i}$}" },
	{ 0x2074, "{$^{4}$}" },
	{ 0x2075, "{$^{5}$}" },
	{ 0x2076, "{$^{6}$}" },
	{ 0x2077, "{$^{7}$}" },
	{ 0x2078, "{$^{8}$}" },
	{ 0x2079, "{$^{9}$}" },
	{ 0x207A, "{$^{+}$}" },
	{ 0x207B, "{$^{-}$}" },
	{ 0x207F, "{$^{n}$}" },
	{ 0x2080, "{$_{0}$}" },
	{ 0x2081, "{$_{1}$}" },
	{ 0x2082, "{$_{2}$}" },
	{ 0x2083, "{$_{3}$}" },
	{ 0x2084, "{$_{4}$}" },
	{ 0x2085, "{$_{5}$}" },
	{ 0x2086, "{$_{6}$}" },
	{ 0x2087, "{$_{7}$}" },
	{ 0x2088, "{$_{8}$}" },
	{ 0x2089, "{$_{9}$}" },
	{ 0x208A, "{$_{+}$}" },
	{ 0x208B, "{$_{-}$}" },
	{ 0x20AC, "{\\texteuro}" },
	{ 0x2103, "{\\textdegree}C" },
	{ 0x2116, "No." },
	{ 0x2122, "{\\texttrademark}" },
	{ 0x2126, "{$\\Omega$}" },
	{ 0x2153, "1/3" },
	{ 0x2154, "2/3" },
	{ 0x2155, "1/5" },
	{ 0x215B, "1/8" },
	{ 0x2160, "I" },
	{ 0x2161, "II" },
	{ 0x2162, "III" },
	{ 0x2163, "IV" },
	{ 0x2164, "V" },
	{ 0x2190, "{$\\leftarrow$}" },
	{ 0x2191, "{$\\uparrow$}" },
	{ 0x2192, "{$\\rightarrow$}" },
	{ 0x2193, "{$\\downarrow$}" },
	{ 0x2194, "{$\\leftrightarrow$}" },
	{ 0x21D0, "{$\\Leftarrow$}" },
	{ 0x21D2, "{$\\Rightarrow$}" },
	{ 0x21D4, "{$\\Leftrightarrow$}" },
	{ 0x2200, "{$\\forall$}" },
	{ 0x2202, "{$\\partial$}" },
	{ 0x2203, "{$\\exists$}" },
	{ 0x2205, "{$\\emptyset$}" },
	{ 0x2206, "{$\\Delta$}" },
	{ 0x2207, "{$\\nabla$}" },
	{ 0x2208, "{$\\in$}" },
	{ 0x2209, "{$\\notin$}" },
	{ 0x220F, "{$\\prod$}" },
	{ 0x2211, "{$\\sum$}" },
	{ 0x2212, "{$-$}" },
	{ 0x2213, "{$\\mp$}" },
	{ 0x2215, "/" },
	{ 0x2217, "{$\\ast$}" },
	{ 0x2218, "{$\\circ$}" },
	{ 0x2219, "{$\\bullet$}" },
	{ 0x221A, "{$\\surd$}" },
	{ 0x221D, "{$\\propto$}" },
	{ 0x221E, "{$\\infty$}" },
	{ 0x2223, "{$\\mid$}" },
	{ 0x2227, "{$\\wedge$}" },
	{ 0x2228, "{$\\vee$}" },
	{ 0x2229, "{$\\cap$}" },
	{ 0x222A, "{$\\cup$}" },
	{ 0x222B, "{$\\int$}" },
	{ 0x223C, "{$\\sim$}" },
	{ 0x2245, "{$\\cong$}" },
	{ 0x2248, "{$\\approx$}" },
	{ 0x2260, "{$\\neq$}" },
	{ 0x2261, "{$\\equiv$}" },
	{ 0x2264, "{$\\leq$}" },
	{ 0x2265, "{$\\geq$}" },
	{ 0x226A, "{$\\ll$}" },
	{ 0x226B, "{$\\gg$}" },
	{ 0x2282, "{$\\subset$}" },
	{ 0x2283, "{$\\supset$}" },
	{ 0x2286, "{$\\subseteq$}" },
	{ 0x2287, "{$\\supseteq$}" },
	{ 0x2295, "{$\\oplus$}" },
	{ 0x2297, "{$\\otimes$}" },
	{ 0x22A5, "{$\\perp$}" },
	{ 0x22C5, "{$\\cdot$}" },
	{ 0x2605, "{$\\star$}" },
	{ 0x2713, "{$\\surd$}" },
	{ 0x2E3A, "---" },
	{ 0x2E3B, "---" },
	{ 0x3000, " " },
	{ 0xFB00, "ff" },
	{ 0xFB01, "fi" },
	{ 0xFB02, "fl" },
	{ 0xFB03, "ffi" },
	{ 0xFB04, "ffl" },
	{ 0xFEFF, "" },
};
#define ascii_ntable (sizeof(ascii_table) / sizeof(ascii_table[0]))

/* ASCII letter << 16 | combining mark -> the precomposed letter (NFC). */
static const struct {
	uint32_t pair, cp;
} composed[] = {
	{ 0x410300, 0x00C0 }, { 0x410301, 0x00C1 }, { 0x410302, 0x00C2 },
	{ 0x410303, 0x00C3 }, { 0x410304, 0x0100 }, { 0x410306, 0x0102 },
	{ 0x410307, 0x0226 }, { 0x410308, 0x00C4 }, { 0x41030A, 0x00C5 },
	{ 0x41030C, 0x01CD }, { 0x410323, 0x1EA0 }, { 0x410328, 0x0104 },
	{ 0x420307, 0x1E02 }, { 0x420323, 0x1E04 }, { 0x420331, 0x1E06 },
	{ 0x430301, 0x0106 }, { 0x430302, 0x0108 }, { 0x430307, 0x010A },
	{ 0x43030C, 0x010C }, { 0x430327, 0x00C7 }, { 0x440307, 0x1E0A },
	{ 0x44030C, 0x010E }, { 0x440323, 0x1E0C }, { 0x440327, 0x1E10 },
	{ 0x440331, 0x1E0E }, { 0x450300, 0x00C8 }, { 0x450301, 0x00C9 },
	{ 0x450302, 0x00CA }, { 0x450303, 0x1EBC }, { 0x450304, 0x0112 },
	{ 0x450306, 0x0114 }, { 0x450307, 0x0116 }, { 0x450308, 0x00CB },
	{ 0x45030C, 0x011A }, { 0x450323, 0x1EB8 }, { 0x450327, 0x0228 },
	{ 0x450328, 0x0118 }, { 0x460307, 0x1E1E }, { 0x470301, 0x01F4 },
	{ 0x470302, 0x011C }, { 0x470304, 0x1E20 }, { 0x470306, 0x011E },
	{ 0x470307, 0x0120 }, { 0x47030C, 0x01E6 }, { 0x470327, 0x0122 },
	{ 0x480302, 0x0124 }, { 0x480307, 0x1E22 }, { 0x480308, 0x1E26 },
	{ 0x48030C, 0x021E }, { 0x480323, 0x1E24 }, { 0x480327, 0x1E28 },
	{ 0x490300, 0x00CC }, { 0x490301, 0x00CD }, { 0x490302, 0x00CE },
	{ 0x490303, 0x0128 }, { 0x490304, 0x012A }, { 0x490306, 0x012C },
	{ 0x490307, 0x0130 }, { 0x490308, 0x00CF }, { 0x49030C, 0x01CF },
	{ 0x490323, 0x1ECA }, { 0x490328, 0x012E }, { 0x4A0302, 0x0134 },
	{ 0x4B0301, 0x1E30 }, { 0x4B030C, 0x01E8 }, { 0x4B0323, 0x1E32 },
	{ 0x4B0327, 0x0136 }, { 0x4B0331, 0x1E34 }, { 0x4C0301, 0x0139 },
	{ 0x4C030C, 0x013D }, { 0x4C0323, 0x1E36 }, { 0x4C0327, 0x013B },
	{ 0x4C0331, 0x1E3A }, { 0x4D0301, 0x1E3E }, { 0x4D0307, 0x1E40 },
	{ 0x4D0323, 0x1E42 }, { 0x4E0300, 0x01F8 }, { 0x4E0301, 0x0143 },
	{ 0x4E0303, 0x00D1 }, { 0x4E0307, 0x1E44 }, { 0x4E030C, 0x0147 },
	{ 0x4E0323, 0x1E46 }, { 0x4E0327, 0x0145 }, { 0x4E0331, 0x1E48 },
	{ 0x4F0300, 0x00D2 }, { 0x4F0301, 0x00D3 }, { 0x4F0302, 0x00D4 },
	{ 0x4F0303, 0x00D5 }, { 0x4F0304, 0x014C }, { 0x4F0306, 0x014E },
	{ 0x4F0307, 0x022E }, { 0x4F0308, 0x00D6 }, { 0x4F030B, 0x0150 },
	{ 0x4F030C, 0x01D1 }, { 0x4F0323, 0x1ECC }, { 0x4F0328, 0x01EA },
	{ 0x500301, 0x1E54 }, { 0x500307, 0x1E56 }, { 0x520301, 0x0154 },
	{ 0x520307, 0x1E58 }, { 0x52030C, 0x0158 }, { 0x520323, 0x1E5A },
	{ 0x520327, 0x0156 }, { 0x520331, 0x1E5E }, { 0x530301, 0x015A },
	{ 0x530302, 0x015C }, { 0x530307, 0x1E60 }, { 0x53030C, 0x0160 },
	{ 0x530323, 0x1E62 }, { 0x530327, 0x015E }, { 0x540307, 0x1E6A },
	{ 0x54030C, 0x0164 }, { 0x540323, 0x1E6C }, { 0x540327, 0x0162 },
	{ 0x540331, 0x1E6E }, { 0x550300, 0x00D9 }, { 0x550301, 0x00DA },
	{ 0x550302, 0x00DB }, { 0x550303, 0x0168 }, { 0x550304, 0x016A },
	{ 0x550306, 0x016C }, { 0x550308, 0x00DC }, { 0x55030A, 0x016E },
	{ 0x55030B, 0x0170 }, { 0x55030C, 0x01D3 }, { 0x550323, 0x1EE4 },
	{ 0x550328, 0x0172 }, { 0x560303, 0x1E7C }, { 0x560323, 0x1E7E },
	{ 0x570300, 0x1E80 }, { 0x570301, 0x1E82 }, { 0x570302, 0x0174 },
	{ 0x570307, 0x1E86 }, { 0x570308, 0x1E84 }, { 0x570323, 0x1E88 },
	{ 0x580307, 0x1E8A }, { 0x580308, 0x1E8C }, { 0x590300, 0x1EF2 },
	{ 0x590301, 0x00DD }, { 0x590302, 0x0176 }, { 0x590303, 0x1EF8 },
	{ 0x590304, 0x0232 }, { 0x590307, 0x1E8E }, { 0x590308, 0x0178 },
	{ 0x590323, 0x1EF4 }, { 0x5A0301, 0x0179 }, { 0x5A0302, 0x1E90 },
	{ 0x5A0307, 0x017B }, { 0x5A030C, 0x017D }, { 0x5A0323, 0x1E92 },
	{ 0x5A0331, 0x1E94 }, { 0x610300, 0x00E0 }, { 0x610301, 0x00E1 },
	{ 0x610302, 0x00E2 }, { 0x610303, 0x00E3 }, { 0x610304, 0x0101 },
	{ 0x610306, 0x0103 }, { 0x610307, 0x0227 }, { 0x610308, 0x00E4 },
	{ 0x61030A, 0x00E5 }, { 0x61030C, 0x01CE }, { 0x610323, 0x1EA1 },
	{ 0x610328, 0x0105 }, { 0x620307, 0x1E03 }, { 0x620323, 0x1E05 },
	{ 0x620331, 0x1E07 }, { 0x630301, 0x0107 }, { 0x630302, 0x0109 },
	{ 0x630307, 0x010B }, { 0x63030C, 0x010D }, { 0x630327, 0x00E7 },
	{ 0x640307, 0x1E0B }, { 0x64030C, 0x010F }, { 0x640323, 0x1E0D },
	{ 0x640327, 0x1E11 }, { 0x640331, 0x1E0F }, { 0x650300, 0x00E8 },
	{ 0x650301, 0x00E9 }, { 0x650302, 0x00EA }, { 0x650303, 0x1EBD },
	{ 0x650304, 0x0113 }, { 0x650306, 0x0115 }, { 0x650307, 0x0117 },
	{ 0x650308, 0x00EB }, { 0x65030C, 0x011B }, { 0x650323, 0x1EB9 },
	{ 0x650327, 0x0229 }, { 0x650328, 0x0119 }, { 0x660307, 0x1E1F },
	{ 0x670301, 0x01F5 }, { 0x670302, 0x011D }, { 0x670304, 0x1E21 },
	{ 0x670306, 0x011F }, { 0x670307, 0x0121 }, { 0x67030C, 0x01E7 },
	{ 0x670327, 0x0123 }, { 0x680302, 0x0125 }, { 0x680307, 0x1E23 },
	{ 0x680308, 0x1E27 }, { 0x68030C, 0x021F }, { 0x680323, 0x1E25 },
	{ 0x680327, 0x1E29 }, { 0x680331, 0x1E96 }, { 0x690300, 0x00EC },
	{ 0x690301, 0x00ED }, { 0x690302, 0x00EE }, { 0x690303, 0x0129 },
	{ 0x690304, 0x012B }, { 0x690306, 0x012D }, { 0x690308, 0x00EF },
	{ 0x69030C, 0x01D0 }, { 0x690323, 0x1ECB }, { 0x690328, 0x012F },
	{ 0x6A0302, 0x0135 }, { 0x6A030C, 0x01F0 }, { 0x6B0301, 0x1E31 },
	{ 0x6B030C, 0x01E9 }, { 0x6B0323, 0x1E33 }, { 0x6B0327, 0x0137 },
	{ 0x6B0331, 0x1E35 }, { 0x6C0301, 0x013A }, { 0x6C030C, 0x013E },
	{ 0x6C0323, 0x1E37 }, { 0x6C0327, 0x013C }, { 0x6C0331, 0x1E3B },
	{ 0x6D0301, 0x1E3F }, { 0x6D0307, 0x1E41 }, { 0x6D0323, 0x1E43 },
	{ 0x6E0300, 0x01F9 }, { 0x6E0301, 0x0144 }, { 0x6E0303, 0x00F1 },
	{ 0x6E0307, 0x1E45 }, { 0x6E030C, 0x0148 }, { 0x6E0323, 0x1E47 },
	{ 0x6E0327, 0x0146 }, { 0x6E0331, 0x1E49 }, { 0x6F0300, 0x00F2 },
	{ 0x6F0301, 0x00F3 }, { 0x6F0302, 0x00F4 }, { 0x6F0303, 0x00F5 },
	{ 0x6F0304, 0x014D }, { 0x6F0306, 0x014F }, { 0x6F0307, 0x022F },
	{ 0x6F0308, 0x00F6 }, { 0x6F030B, 0x0151 }, { 0x6F030C, 0x01D2 },
	{ 0x6F0323, 0x1ECD }, { 0x6F0328, 0x01EB }, { 0x700301, 0x1E55 },
	{ 0x700307, 0x1E57 }, { 0x720301, 0x0155 }, { 0x720307, 0x1E59 },
	{ 0x72030C, 0x0159 }, { 0x720323, 0x1E5B }, { 0x720327, 0x0157 },
	{ 0x720331, 0x1E5F }, { 0x730301, 0x015B }, { 0x730302, 0x015D },
	{ 0x730307, 0x1E61 }, { 0x73030C, 0x0161 }, { 0x730323, 0x1E63 },
	{ 0x730327, 0x015F }, { 0x740307, 0x1E6B }, { 0x740308, 0x1E97 },
	{ 0x74030C, 0x0165 }, { 0x740323, 0x1E6D }, { 0x740327, 0x0163 },
	{ 0x740331, 0x1E6F }, { 0x750300, 0x00F9 }, { 0x750301, 0x00FA },
	{ 0x750302, 0x00FB }, { 0x750303, 0x0169 }, { 0x750304, 0x016B },
	{ 0x750306, 0x016D }, { 0x750308, 0x00FC }, { 0x75030A, 0x016F },
	{ 0x75030B, 0x0171 }, { 0x75030C, 0x01D4 }, { 0x750323, 0x1EE5 },
	{ 0x750328, 0x0173 }, { 0x760303, 0x1E7D }, { 0x760323, 0x1E7F },
	{ 0x770300, 0x1E81 }, { 0x770301, 0x1E83 }, { 0x770302, 0x0175 },
	{ 0x770307, 0x1E87 }, { 0x770308, 0x1E85 }, { 0x77030A, 0x1E98 },
	{ 0x770323, 0x1E89 }, { 0x780307, 0x1E8B }, { 0x780308, 0x1E8D },
	{ 0x790300, 0x1EF3 }, { 0x790301, 0x00FD }, { 0x790302, 0x0177 },
	{ 0x790303, 0x1EF9 }, { 0x790304, 0x0233 }, { 0x790307, 0x1E8F },
	{ 0x790308, 0x00FF }, { 0x79030A, 0x1E99 }, { 0x790323, 0x1EF5 },
	{ 0x7A0301, 0x017A }, { 0x7A0302, 0x1E91 }, { 0x7A0307, 0x017C },
	{ 0x7A030C, 0x017E }, { 0x7A0323, 0x1E93 }, { 0x7A0331, 0x1E95 },
};

static uint32_t
compose(uint32_t c, uint32_t mark)
{
	uint32_t key = c << 16 | mark;
	size_t lo = 0, hi = sizeof(composed) / sizeof(composed[0]), mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (composed[mid].pair == key)
			return composed[mid].cp;
		if (composed[mid].pair < key)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* Accents over a letter (combining marks), as accent commands. */
static const struct tex accents[] = {
	{ 0x0300, "`" }, { 0x0301, "'" }, { 0x0302, "^" }, { 0x0303, "~" },
	{ 0x0304, "=" }, { 0x0306, "u" }, { 0x0307, "." }, { 0x0308, "\"" },
	{ 0x030A, "r" }, { 0x030B, "H" }, { 0x030C, "v" }, { 0x0323, "d" },
	{ 0x0327, "c" }, { 0x0331, "b" },
};

/* The escapes of the ASCII specials. */
static const char *const specials[128] = {
	['&'] = "\\&",
	['%'] = "\\%",
	['$'] = "\\$",
	['#'] = "\\#",
	['_'] = "\\_",
	['{'] = "{\\textbraceleft}",
	['}'] = "{\\textbraceright}",
	['\\'] = "{\\textbackslash}",
	['~'] = "{\\textasciitilde}",
	['^'] = "{\\textasciicircum}",
	['<'] = "{\\textless}",
	['>'] = "{\\textgreater}",
};

static const char *
special(int c)
{
	return c >= 0 && c < 128 ? specials[c] : NULL;
}

/*
 * The code point at s[*i..len), advancing *i; a byte that does not start
 * valid UTF-8 gives U+FFFD and is skipped alone.
 */
static uint32_t
next_cp(const unsigned char *s, size_t len, size_t *i)
{
	size_t n;

	if (s[*i] < 0x80)
		return s[(*i)++];
	n = cix_utf8_seqlen(s + *i, len - *i);
	if (n == 0) {
		(*i)++;
		return 0xFFFD;
	}
	*i += n;
	return cix_utf8_decode(s + *i - n, n);
}

/* White space and control characters: all become one space. */
static int
is_space(uint32_t cp)
{
	return cp <= 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
	    cp == 0x2028 || cp == 0x2029;
}

static int
is_combining(uint32_t cp)
{
	return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 &&
	    cp <= 0x1AFF) || (cp >= 0x1DC0 && cp <= 0x1DFF) ||
	    (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F);
}

static const char *
lookup(const struct tex *t, size_t n, uint32_t cp)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (t[mid].cp == cp)
			return t[mid].tex;
		if (t[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

const char *
cix_latex_ascii(uint32_t cp, char *tmp, size_t tmpsz)
{
	const char *s;

	if (cp < 0x80) {
		if ((s = special((int)cp)) != NULL)
			return s;
		if (tmpsz < 2)
			return NULL;
		tmp[0] = (char)cp;
		tmp[1] = '\0';
		return tmp;
	}
	return lookup(ascii_table, ascii_ntable, cp);
}

/*
 * A letter c (ASCII) with the accent of combining mark cp, in BibTeX's
 * special-character form: {\'e}, {\v{s}}, {\'{\i}}.
 */
static int
put_accented(struct cix_buf *out, int c, uint32_t cp)
{
	const char *a = lookup(accents, sizeof(accents) / sizeof(accents[0]),
	    cp);
	int dotless = (c == 'i' || c == 'j') && cp != 0x0323 &&
	    cp != 0x0327 && cp != 0x0331;

	if (a == NULL)
		return cix_buf_addch(out, c);
	if (dotless && cp == 0x0307)
		return cix_buf_addch(out, c);
	if (dotless)
		return cix_buf_addf(out, "{\\%s\\%c}", a, c);
	if (cix_isalpha((unsigned char)a[0]))
		return cix_buf_addf(out, "{\\%s{%c}}", a, c);
	return cix_buf_addf(out, "{\\%s%c}", a, c);
}

/* Append one code point; *i may move past a combining mark it used. */
static int
put_cp(struct cix_buf *out, uint32_t cp, const unsigned char *s, size_t len,
    size_t *i, int flags)
{
	const char *t;
	size_t j;
	uint32_t next;

	if (cp < 0x80) {
		if ((t = special((int)cp)) != NULL)
			return cix_buf_adds(out, t);
		/*
		 * A letter and a combining accent: the precomposed letter
		 * (UTF-8; LaTeX's inputenc knows those), else the accent
		 * command.
		 */
		if (cix_isalpha((int)cp) && *i < len && s[*i] >= 0x80) {
			j = *i;
			next = next_cp(s, len, &j);
			if (is_combining(next)) {
				uint32_t c;

				*i = j;
				/* further marks on the same letter are lost */
				while (*i < len && s[*i] >= 0x80) {
					j = *i;
					if (!is_combining(next_cp(s, len, &j)))
						break;
					*i = j;
				}
				if (!(flags & CIX_LATEX_ASCII) &&
				    (c = compose(cp, next)) != 0)
					return cix_utf8_put(out, c);
				return put_accented(out, (int)cp, next);
			}
		}
		return cix_buf_addch(out, (int)cp);
	}
	/* invisible, or a mark with no letter to go on */
	if (cp == 0xFEFF || cp == 0x200B || is_combining(cp))
		return CIX_OK;
	if (!(flags & CIX_LATEX_ASCII))
		return cix_utf8_put(out, cp);
	if ((t = lookup(ascii_table, ascii_ntable, cp)) != NULL)
		return cix_buf_adds(out, t);
	if ((t = cix_fold_latin(cp)) != NULL) {
		/* the fold of a typographic mark may be a special: "'" "-" */
		for (; *t != '\0'; t++)
			if (cix_isalnum((unsigned char)*t) || *t == '\'' ||
			    *t == '-') {
				if (cix_buf_addch(out, *t) < 0)
					return CIX_ENOMEM;
			}
		return CIX_OK;
	}
	return cix_buf_addch(out, '?');
}

/* Is cp a space once escaped (a space character or an ASCII-mode " ")? */
static int
spacelike(uint32_t cp, int flags)
{
	const char *t;

	if (is_space(cp))
		return 1;
	if (!(flags & CIX_LATEX_ASCII) || cp < 0x80)
		return 0;
	if (cp == 0xA0)
		return 1;
	t = lookup(ascii_table, ascii_ntable, cp);
	return t != NULL && strcmp(t, " ") == 0;
}

int
cix_latex_escape(struct cix_buf *out, const char *str, size_t len, int flags)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, j;
	uint32_t cp;
	int rc, space = 0, started = 0;

	while (i < len) {
		/* the common case: a run of printable ASCII with no special
		 * (its last letter waits if an accent may follow it) */
		for (j = i; j < len && s[j] > 0x20 && s[j] < 0x7F &&
		    special(s[j]) == NULL; j++)
			;
		if (j < len && s[j] >= 0x80 && j > i)
			j--;
		if (j > i) {
			if (space && (rc = cix_buf_addch(out, ' ')) < 0)
				return rc;
			if ((rc = cix_buf_add(out, s + i, j - i)) < 0)
				return rc;
			space = 0;
			started = 1;
			i = j;
			continue;
		}
		cp = next_cp(s, len, &i);
		if (spacelike(cp, flags)) {
			space = started;
			continue;
		}
		if (space && (rc = cix_buf_addch(out, ' ')) < 0)
			return rc;
		space = 0;
		started = 1;
		if ((rc = put_cp(out, cp, s, len, &i, flags)) < 0)
			return rc;
	}
	return CIX_OK;
}

/* ------------------------------------------------------------------ */
/* Title case protection */

/* Letter case of a code point: 1 upper, -1 lower, 0 neither. */
static int
letter_case(uint32_t cp)
{
	const char *f;

	if (cp < 0x80)
		return cp >= 'A' && cp <= 'Z' ? 1 : cp >= 'a' && cp <= 'z' ?
		    -1 : 0;
	if (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) {
		if (cp == 0xDF)
			return -1;
		f = cix_fold_latin(cp);
		if (f != NULL)
			return f[0] >= 'A' && f[0] <= 'Z' ? 1 : -1;
		return 0;
	}
	if ((cp >= 0x391 && cp <= 0x3A9) || (cp >= 0x400 && cp <= 0x42F))
		return 1;
	if ((cp >= 0x3B1 && cp <= 0x3C9) || (cp >= 0x430 && cp <= 0x45F))
		return -1;
	return 0;
}

/* A letter or digit, for finding the core of a word. */
static int
is_wordchar(uint32_t cp)
{
	if (cp < 0x80)
		return cix_isalnum((int)cp);
	if (is_combining(cp))
		return 1;
	if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7)
		return 0;
	if ((cp >= 0x2000 && cp <= 0x2BFF) || (cp >= 0x3000 &&
	    cp <= 0x303F) || cp == 0xFEFF || cp == 0xFFFD)
		return 0;
	return 1;
}

/*
 * A word of a title: a run of characters between spaces.  Its core runs
 * from its first to its last letter or digit (quotes, brackets and
 * punctuation around it stay outside the protecting braces).  Segments
 * are the runs of letters and digits inside the core ("COVID-19" has
 * two).
 */
struct word {
	size_t start, end;
	size_t core, core_end;
	int odd;		/* a capital after a segment's start: DNA */
	int first_cap;		/* the first segment starts with a capital */
	int later_cap;		/* a later segment does: Anti-European */
	int letters;		/* letters in the core */
	int plain;		/* the core is one segment of letters */
	int ends_sentence;	/* ends with . : ? ! ; before quotes */
	int dash;		/* no letters or digits at all: "-", "--" */
};

static void
analyse(const unsigned char *s, struct word *w)
{
	size_t i = w->start, j;
	uint32_t cp;
	int pos = 0, seg = 0, c;

	w->core = w->core_end = w->start;
	w->plain = 1;
	while (i < w->end) {
		j = i;
		cp = next_cp(s, w->end, &i);
		if (!is_wordchar(cp)) {
			if (pos > 0)
				seg++;
			pos = 0;
			continue;
		}
		if (w->core_end == w->start)
			w->core = j;
		else if (j > w->core_end)
			w->plain = 0;	/* something between two segments */
		w->core_end = i;
		if (is_combining(cp))
			continue;
		c = letter_case(cp);
		if (c == 0 && cp < 0x80)
			w->plain = 0;	/* a digit */
		else
			w->letters++;
		if (c > 0 && pos > 0)
			w->odd = 1;
		if (c > 0 && pos == 0) {
			if (seg == 0)
				w->first_cap = 1;
			else
				w->later_cap = 1;
		}
		pos++;
	}
	/* the last character before closing quotes and brackets */
	for (i = w->end; i > w->start; i--) {
		c = s[i - 1];
		if (c == '"' || c == '\'' || c == ')' || c == ']' || c >= 0x80)
			continue;
		w->ends_sentence = c == '.' || c == ':' || c == '?' ||
		    c == '!' || c == ';';
		break;
	}
	w->dash = w->core_end == w->start;
}

static int
put_piece(struct cix_buf *out, const unsigned char *s, size_t a, size_t b,
    int flags)
{
	size_t i = a;
	uint32_t cp;
	int rc;

	while (i < b) {
		cp = next_cp(s, b, &i);
		if ((rc = put_cp(out, cp, s, b, &i, flags)) < 0)
			return rc;
	}
	return CIX_OK;
}

/* The core of w in braces. */
static int
put_protected(struct cix_buf *out, const unsigned char *s,
    const struct word *w, int flags)
{
	size_t mark;
	int rc;

	if ((rc = put_piece(out, s, w->start, w->core, flags)) < 0 ||
	    (rc = cix_buf_addch(out, '{')) < 0)
		return rc;
	mark = out->len;
	if ((rc = put_piece(out, s, w->core, w->core_end, flags)) < 0)
		return rc;
	/*
	 * A group that starts with a backslash ("{\&D}") is a BibTeX
	 * special character, whose letters BibTeX does change: open it
	 * with an empty group instead.
	 */
	if (out->p[mark] == '\\') {
		if ((rc = cix_buf_grow(out, 2)) < 0)
			return rc;
		memmove(out->p + mark + 2, out->p + mark, out->len - mark + 1);
		out->p[mark] = '{';
		out->p[mark + 1] = '}';
		out->len += 2;
	}
	if ((rc = cix_buf_addch(out, '}')) < 0)
		return rc;
	return put_piece(out, s, w->core_end, w->end, flags);
}

int
cix_latex_title(struct cix_buf *out, const char *str, size_t len, int flags)
{
	const unsigned char *s = (const unsigned char *)str;
	struct word *w = NULL, *p;
	size_t nw = 0, alloc = 0, i, j, k;
	uint32_t cp;
	int rc = CIX_OK, lower = 0, ncap = 0, nlow = 0, titlecase, start;
	int protect;

	for (i = 0; i < len; ) {
		j = i;
		cp = next_cp(s, len, &i);
		if (spacelike(cp, flags))
			continue;
		if (nw == alloc) {
			alloc = alloc ? alloc * 2 : 16;
			if ((p = realloc(w, alloc * sizeof(*w))) == NULL) {
				free(w);
				return CIX_ENOMEM;
			}
			w = p;
		}
		memset(&w[nw], 0, sizeof(w[nw]));
		w[nw].start = j;
		do {
			if (letter_case(cp) < 0)
				lower = 1;
			k = i;
			if (i >= len)
				break;
			cp = next_cp(s, len, &i);
		} while (!spacelike(cp, flags) || (i = k, 0));
		w[nw].end = i;
		analyse(s, &w[nw]);
		nw++;
	}
	/* A title in capitals says nothing about case: leave it alone. */
	if (!lower) {
		free(w);
		return cix_latex_escape(out, str, len, flags);
	}
	/* Sentence case or Title Case?  Let the longer words vote. */
	for (k = 1; k < nw; k++) {
		if (w[k - 1].ends_sentence || w[k - 1].dash ||
		    !w[k].plain || w[k].letters < 4)
			continue;
		if (w[k].first_cap)
			ncap++;
		else
			nlow++;
	}
	titlecase = ncap > nlow;
	for (k = 0; k < nw; k++) {
		start = k == 0 || w[k - 1].ends_sentence || w[k - 1].dash;
		protect = w[k].odd;
		if (!titlecase && (w[k].later_cap || (w[k].first_cap &&
		    !start)))
			protect = 1;
		if (k > 0 && (rc = cix_buf_addch(out, ' ')) < 0)
			break;
		if (protect)
			rc = put_protected(out, s, &w[k], flags);
		else
			rc = put_piece(out, s, w[k].start, w[k].end, flags);
		if (rc < 0)
			break;
	}
	free(w);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Verbatim fields */

static int
put_pct(struct cix_buf *out, unsigned char c)
{
	static const char hex[] = "0123456789ABCDEF";
	char t[3];

	t[0] = '%';
	t[1] = hex[c >> 4];
	t[2] = hex[c & 15];
	return cix_buf_add(out, t, 3);
}

int
cix_latex_verbatim(struct cix_buf *out, const char *str, size_t len)
{
	const unsigned char *s;
	size_t i = 0, n, k;
	uint32_t cp;
	int rc;

	s = (const unsigned char *)cix_trim(str, &len);
	while (i < len) {
		if (s[i] < 0x80) {
			if (s[i] <= 0x20 || s[i] == 0x7F || s[i] == '{' ||
			    s[i] == '}' || s[i] == '\\')
				rc = put_pct(out, s[i]);
			else
				rc = cix_buf_addch(out, s[i]);
			if (rc < 0)
				return rc;
			i++;
			continue;
		}
		n = cix_utf8_seqlen(s + i, len - i);
		if (n == 0) {
			if ((rc = put_pct(out, s[i])) < 0)
				return rc;
			i++;
			continue;
		}
		/* valid UTF-8 stays, except spaces and invisible marks */
		cp = cix_utf8_decode(s + i, n);
		if (is_space(cp) || cp == 0xA0 || cp == 0xFEFF ||
		    (cp >= 0x2000 && cp <= 0x200F)) {
			for (k = 0; k < n; k++)
				if ((rc = put_pct(out, s[i + k])) < 0)
					return rc;
		} else if ((rc = cix_buf_add(out, s + i, n)) < 0) {
			return rc;
		}
		i += n;
	}
	return CIX_OK;
}

/* ------------------------------------------------------------------ */
/* The checker */

/* Every control word the escaper writes, sorted (strcmp). */
static const char *const words[] = {
	"AA", "AE", "Delta", "Gamma", "H", "L", "Lambda", "Leftarrow",
	"Leftrightarrow", "O", "OE", "Omega", "P", "Phi", "Pi", "Psi",
	"Rightarrow", "S", "SS", "Sigma", "Theta", "Upsilon", "Vert", "Xi",
	"aa", "ae", "alpha", "approx", "ast", "b", "beta", "bullet", "c",
	"cap", "cdot", "chi", "circ", "cong", "cup", "d", "dag", "ddag",
	"delta", "div", "downarrow", "emptyset", "epsilon", "equiv", "eta",
	"exists", "forall", "gamma", "geq", "gg", "i", "in", "infty", "int",
	"iota", "j", "kappa", "l", "lambda", "langle", "ldots", "leftarrow",
	"leftrightarrow", "leq", "ll", "mid", "mp", "mu", "nabla", "neg",
	"neq", "notin", "nu", "o", "oe", "omega", "oplus", "otimes",
	"partial", "perp", "phi", "pi", "pm", "pounds", "prod", "propto",
	"psi", "r", "rangle", "rho", "rightarrow", "sigma", "sim", "ss",
	"star", "subset", "subseteq", "sum", "supset", "supseteq", "surd",
	"tau", "textasciiacute", "textasciicircum", "textasciidieresis",
	"textasciimacron", "textasciitilde", "textbackslash", "textbraceleft",
	"textbraceright", "textbrokenbar", "textbullet", "textcent",
	"textcopyright", "textcurrency", "textdegree", "texteuro",
	"textexclamdown", "textgreater", "textless", "textonehalf",
	"textonequarter", "textordfeminine", "textordmasculine",
	"textperthousand", "textquestiondown", "textregistered",
	"textthreequarters", "texttrademark", "textyen", "theta", "times",
	"u", "uparrow", "upsilon", "v", "varpi", "varrho", "varsigma",
	"vartheta", "vee", "wedge", "xi", "zeta",
};

static int
allowed_word(const char *w, size_t n)
{
	size_t lo = 0, hi = sizeof(words) / sizeof(words[0]), mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strncmp(words[mid], w, n);
		if (c == 0 && words[mid][n] != '\0')
			c = 1;
		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int
cix_latex_check(const char *s, size_t len, size_t *bad)
{
	size_t i = 0, j, depth = 0, math_depth = 0;
	int math = 0, c;

	while (i < len) {
		c = (unsigned char)s[i];
		switch (c) {
		case '{':
			depth++;
			break;
		case '}':
			if (depth == 0 || (math && depth == math_depth))
				goto fail;
			depth--;
			break;
		case '\\':
			if (i + 1 >= len)
				goto fail;
			c = (unsigned char)s[i + 1];
			if (cix_isalpha(c)) {
				for (j = i + 1; j < len &&
				    cix_isalpha((unsigned char)s[j]); j++)
					;
				if (!allowed_word(s + i + 1, j - i - 1))
					goto fail;
				i = j;
				continue;
			}
			if (strchr("&%$#_,'\"`^~=.", c) == NULL)
				goto fail;
			/* an accent symbol needs its letter in a group */
			if (strchr("'\"`^~=.", c) != NULL && depth == 0)
				goto fail;
			i += 2;
			continue;
		case '$':
			/* only the {$...$} groups of the ASCII table */
			if (!math) {
				if (i == 0 || s[i - 1] != '{')
					goto fail;
				math = 1;
				math_depth = depth;
			} else {
				if (i + 1 >= len || s[i + 1] != '}' ||
				    depth != math_depth)
					goto fail;
				math = 0;
			}
			break;
		case '^':
		case '_':
			if (!math)
				goto fail;
			break;
		case '&':
		case '%':
		case '#':
		case '~':
		case '<':
		case '>':
			goto fail;
		default:
			if (c < 0x20 || c == 0x7F)
				goto fail;
			break;
		}
		i++;
	}
	if (depth != 0 || math) {
		i = len;
		goto fail;
	}
	return 1;
fail:
	if (bad != NULL)
		*bad = i;
	return 0;
}
