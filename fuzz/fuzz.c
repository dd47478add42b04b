/* fuzz: the temporary folder and input cutting the fuzz targets share. */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fuzz.h"

static char *fuzz_folder;

static int
fuzz_remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	if (remove(path) != 0)
		fprintf(stderr, "fuzz: cannot remove %s: %s\n", path, strerror(errno));
	return 0;
}

/* Remove the folder and everything the target put in it. */
static void
fuzz_cleanup(void)
{
	if (fuzz_folder == NULL)
		return;
	nftw(fuzz_folder, fuzz_remove_one, 16, FTW_DEPTH | FTW_PHYS);
	free(fuzz_folder);
	fuzz_folder = NULL;
}

const char *
fuzz_dir(void)
{
	const char *base = NULL;
	char template[4096];

	if (fuzz_folder != NULL)
		return fuzz_folder;
	if (access("/dev/shm", W_OK) == 0)
		base = "/dev/shm";
	else if ((base = getenv("TMPDIR")) == NULL || *base == '\0')
		base = "/tmp";
	snprintf(template, sizeof(template), "%s/proxyhooks-fuzz.XXXXXX", base);
	if (mkdtemp(template) == NULL)
		fuzz_fail("mkdtemp %s: %s", template, strerror(errno));
	fuzz_folder = fuzz_strndup(template, strlen(template));
	atexit(fuzz_cleanup);
	return fuzz_folder;
}

char *
fuzz_path(const char *name)
{
	const char *dir = fuzz_dir();
	size_t len = strlen(dir) + strlen(name) + 2;
	char *path;

	if ((path = malloc(len)) == NULL)
		fuzz_fail("out of memory");
	snprintf(path, len, "%s/%s", dir, name);
	return path;
}

void
fuzz_write(const char *path, const void *data, size_t len)
{
	const char *p = data;
	ssize_t n;
	int fd;

	if ((fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600)) < 0)
		fuzz_fail("%s: %s", path, strerror(errno));
	while (len > 0) {
		n = write(fd, p, len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			fuzz_fail("%s: %s", path, strerror(errno));
		p += n;
		len -= (size_t)n;
	}
	close(fd);
}

char *
fuzz_strndup(const void *data, size_t len)
{
	char *s;

	if ((s = malloc(len + 1)) == NULL)
		fuzz_fail("out of memory");
	memcpy(s, data, len);
	s[len] = '\0';
	return s;
}

char *
fuzz_line(struct fuzz_input *in)
{
	const char *nl;
	size_t len;
	char *line;

	if (in->left == 0)
		return NULL;
	nl = memchr(in->p, '\n', in->left);
	len = nl != NULL ? (size_t)(nl - in->p) : in->left;
	line = fuzz_strndup(in->p, len);
	in->p += len;
	in->left -= len;
	if (nl != NULL) {
		in->p++;
		in->left--;
	}
	return line;
}

void
fuzz_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "fuzz: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	abort();
}
