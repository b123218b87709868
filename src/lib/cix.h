/*
 * cix.h - the umbrella header of libcix, for the CLI and the tests.
 */
#ifndef CIX_H
#define CIX_H

#include "arena.h"
#include "buf.h"
#include "citedref.h"
#include "crossref.h"
#include "csljson.h"
#include "datacite.h"
#include "doi.h"
#include "error.h"
#include "input.h"
#include "reader.h"
#include "record.h"
#include "util.h"

#endif
