/* log: leveled one-line messages on stderr, control characters escaped. */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "proxyhooks/base/log.h"
#include "proxyhooks/base/utf8.h"

static const char *log_program = "proxyhooks";
static enum log_level log_level = LOG_INFO;
static const char *const log_names[] = { "error", "warn", "info", "debug" };

void
log_init(const char *program)
{
	const char *slash = strrchr(program, '/');

	log_program = slash ? slash + 1 : program;
}

void
log_set_level(enum log_level level)
{
	log_level = level;
}

enum log_level
log_get_level(void)
{
	return log_level;
}

int
log_level_parse(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(log_names) / sizeof(log_names[0]); i++)
		if (strcasecmp(name, log_names[i]) == 0)
			return (int)i;
	if (strcasecmp(name, "warning") == 0)
		return LOG_WARN;
	return -1;
}

void
log_msg(enum log_level level, const char *fmt, ...)
{
	/* What a message says, then its line: a newline, escape or other
	 * control character in it (a field name, a URL, anything a client
	 * sent) is written escaped (utf8.h), so that no input can start a
	 * line of its own or drive the terminal of whoever reads the log. */
	char text[2048], line[64 + UTF8_ESCAPED_MAX(sizeof(text))];
	va_list ap;
	int n;

	if (level > log_level)
		return;
	va_start(ap, fmt);
	vsnprintf(text, sizeof(text), fmt, ap);
	va_end(ap);
	n = snprintf(line, 64, "%.32s[%ld]: %s: ", log_program, (long)getpid(), log_names[level]);
	if (n < 0 || n >= 64)
		return;
	n += (int)utf8_escape_controls(line + n, text, strlen(text));
	/* One write per line so that concurrent workers do not interleave. */
	line[n++] = '\n';
	if (write(STDERR_FILENO, line, (size_t)n) < 0)
		return;
}
