/* main.c — `ptdv <command>`: hands the command line to cli/. */
#include <locale.h>

#include "cli/cli.h"

int main(int argc, char **argv)
{
	setlocale(LC_CTYPE, "C.UTF-8");
	return cli_main(argc, argv);
}
