/*
 * cli.h - what the commands of the cix program share.
 */
#ifndef CIX_CLI_H
#define CIX_CLI_H

#include "cix.h"

#endif
