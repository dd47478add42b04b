/* t/schema-sql [DIALECT [VERSION]]: the statements that take a database
 * of DIALECT (sqlite or postgresql) from VERSION to the next; with no
 * VERSION, the newest version's number; with nothing, each dialect's
 * newest version. t/store-pg.sh makes databases of earlier versions with
 * it (and t/valgrind.sh runs it, as every check program, with nothing). */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "proxyhooks/store/schema.h"

int
main(int argc, char **argv)
{
	enum store_dialect dialect;
	char *sql;
	int version;

	if (argc == 1) {
		printf("sqlite %d\npostgresql %d\n", store_schema_version(STORE_SQLITE),
		    store_schema_version(STORE_POSTGRESQL));
		return 0;
	}
	if (argc > 3 ||
	    (strcmp(argv[1], "sqlite") != 0 && strcmp(argv[1], "postgresql") != 0)) {
		fprintf(stderr, "usage: t/schema-sql [sqlite|postgresql [VERSION]]\n");
		return 2;
	}
	dialect = strcmp(argv[1], "sqlite") == 0 ? STORE_SQLITE : STORE_POSTGRESQL;
	if (argc == 2) {
		printf("%d\n", store_schema_version(dialect));
		return 0;
	}
	version = atoi(argv[2]);
	if (version < 0 || version >= store_schema_version(dialect) ||
	    (sql = store_schema_change(dialect, version)) == NULL) {
		fprintf(stderr, "t/schema-sql: no change from version %s\n", argv[2]);
		return 1;
	}
	printf("%s\n", sql);
	free(sql);
	return 0;
}
