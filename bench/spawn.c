/* bench/spawn: time cold CGI requests, one new process each, as a web
 * server running the program as CGI would start it.
 *
 *   spawn N BODY_FILE PROGRAM [ARG...]
 *
 * Each run gets the CGI variables of this process's environment (bench/run
 * sets them) and BODY_FILE on its standard input; its answer is read and
 * its status counted. Prints the median and mean wall time per request in
 * microseconds and the statuses: "median_us mean_us status:count...". */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static long long
spawn_now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static int
spawn_compare(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return x < y ? -1 : x > y;
}

/* One request: the status of its answer, or -1. */
static int
spawn_one(const char *body_file, char **argv)
{
	posix_spawn_file_actions_t actions;
	char answer[4096];
	size_t len = 0;
	ssize_t n;
	pid_t pid;
	int out[2], status = -1, wstatus;

	if (pipe(out) < 0)
		return -1;
	posix_spawn_file_actions_init(&actions);
	posix_spawn_file_actions_addopen(&actions, 0, body_file, O_RDONLY, 0);
	posix_spawn_file_actions_adddup2(&actions, out[1], 1);
	posix_spawn_file_actions_addclose(&actions, out[0]);
	posix_spawn_file_actions_addclose(&actions, out[1]);
	if (posix_spawn(&pid, argv[0], &actions, NULL, argv, environ) != 0) {
		posix_spawn_file_actions_destroy(&actions);
		close(out[0]);
		close(out[1]);
		return -1;
	}
	posix_spawn_file_actions_destroy(&actions);
	close(out[1]);
	while ((n = read(out[0], answer + len, sizeof(answer) - 1 - len)) > 0 ||
	    (n < 0 && errno == EINTR))
		if (n > 0 && (len += (size_t)n) == sizeof(answer) - 1)
			break;
	answer[len] = '\0';
	close(out[0]);
	while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR)
		;
	if (strncmp(answer, "Status: ", 8) == 0)
		status = atoi(answer + 8);
	return status;
}

int
main(int argc, char **argv)
{
	long long *took, sum = 0, started;
	long statuses[600] = { 0 }, failed = 0, n, i;
	int status;

	if (argc < 4 || (n = strtol(argv[1], NULL, 10)) <= 0) {
		fprintf(stderr, "usage: spawn N BODY_FILE PROGRAM [ARG...]\n");
		return 2;
	}
	if ((took = calloc((size_t)n, sizeof(*took))) == NULL)
		return 1;
	for (i = 0; i < n; i++) {
		started = spawn_now_us();
		status = spawn_one(argv[2], argv + 3);
		took[i] = spawn_now_us() - started;
		sum += took[i];
		if (status >= 100 && status < 600)
			statuses[status]++;
		else
			failed++;
	}
	qsort(took, (size_t)n, sizeof(*took), spawn_compare);
	printf("%lld %lld", took[n / 2], sum / n);
	for (i = 0; i < 600; i++)
		if (statuses[i] > 0)
			printf(" %ld:%ld", i, statuses[i]);
	if (failed > 0)
		printf(" failed:%ld", failed);
	printf("\n");
	free(took);
	return failed > 0 ? 1 : 0;
}
