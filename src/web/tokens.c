/* tokens: read the auth token file. */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "proxyhooks/web/tokens.h"
#include "proxyhooks/base/util.h"

int
tokens_load(const char *path, struct tokens *out, struct error *err)
{
	struct stat st;
	char *data = NULL, *line, *save = NULL, *end;
	char **list;

	memset(out, 0, sizeof(*out));
	if (path == NULL || *path == '\0') {
		error_set(err, "auth_token_file is not set");
		return -1;
	}
	if (util_read_file(path, 64 * 1024, &data, NULL, err) < 0)
		return -1;
	if (stat(path, &st) == 0 && (st.st_mode & S_IROTH))
		out->world_readable = 1;
	for (line = strtok_r(data, "\n", &save); line != NULL; line = strtok_r(NULL, "\n", &save)) {
		while (*line == ' ' || *line == '\t')
			line++;
		end = line + strlen(line);
		while (end > line && (end[-1] == ' ' || end[-1] == '\t' || end[-1] == '\r'))
			*--end = '\0';
		if (*line == '\0' || *line == '#')
			continue;
		if ((list = realloc(out->list, (out->count + 1) * sizeof(*list))) == NULL)
			goto nomem;
		out->list = list;
		if ((out->list[out->count] = strdup(line)) == NULL)
			goto nomem;
		out->count++;
	}
	free(data);
	if (out->count == 0) {
		error_set(err, "%s: no token in the file", path);
		return -1;
	}
	return 0;
nomem:
	error_set(err, "%s: out of memory", path);
	free(data);
	tokens_free(out);
	return -1;
}

void
tokens_free(struct tokens *tokens)
{
	size_t i;

	for (i = 0; i < tokens->count; i++) {
		/* Tokens are secrets: do not leave them in freed memory. */
		memset(tokens->list[i], 0, strlen(tokens->list[i]));
		free(tokens->list[i]);
	}
	free(tokens->list);
	tokens->list = NULL;
	tokens->count = 0;
}
