#include "config.h"

#include <stdio.h>

#include "cli.h"
#include "banned.h"

int
main(int argc, char **argv)
{
	printf("cix %s\n", PACKAGE_VERSION);
	return 0;
}
