/* bench/empty-responder: the ceiling of the FastCGI transport. A libfcgi
 * responder that does nothing but what every responder must: read the
 * whole body and answer 200. Started like the hooks (spawn-fcgi, the
 * listening socket on fd 0); compared with them by bench/run.
 *
 * EMPTY_SPIN_US=N makes it spend N microseconds of CPU on each request
 * before answering: bench/run's scale for what a hook's own work costs
 * in throughput on the machine it runs on. EMPTY_CLOSE_AT_ONCE=1 makes it
 * close each connection the way the hooks do (below). */
#include "config.h"

#include <stdlib.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include <fcgiapp.h>

static long long
cpu_ns(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return t.tv_sec * 1000000000LL + t.tv_nsec;
}

int
main(void)
{
	FCGX_Request request;
	static const char answer[] = "Status: 200 OK\r\nContent-Length: 0\r\n\r\n";
	char buf[16384];
	const char *spin = getenv("EMPTY_SPIN_US");
	const char *at_once = getenv("EMPTY_CLOSE_AT_ONCE");
	long long spin_ns = spin != NULL ? atoll(spin) * 1000 : 0, until;

	if (FCGX_Init() != 0 || FCGX_InitRequest(&request, 0, 0) != 0)
		return 1;
	while (FCGX_Accept_r(&request) >= 0) {
		/* Read up to the end of the body, whatever CONTENT_LENGTH says. */
		while (FCGX_GetStr(buf, sizeof(buf), request.in) > 0)
			;
		/* CPU time, not wall time: a spin cut short by the scheduler
		 * would spend less than asked. */
		if (spin_ns > 0)
			for (until = cpu_ns() + spin_ns; cpu_ns() < until;)
				;
		FCGX_PutStr(answer, (int)sizeof(answer) - 1, request.out);
		/* EMPTY_CLOSE_AT_ONCE=1: end the connection as the hooks do
		 * (src/hooks/serve.c, serve_finish): with nothing left unread,
		 * closed at once, not after libfcgi's wait for the web server to
		 * close its side first. */
		if (at_once != NULL && *at_once == '1' && !request.keepConnection) {
			int fd = request.ipcFd, unread = -1;

			FCGX_FClose(request.err);
			FCGX_FClose(request.out);
			if (ioctl(fd, FIONREAD, &unread) == 0 && unread == 0) {
				FCGX_Free(&request, 0);
				request.ipcFd = -1;
				close(fd);
				continue;
			}
		}
		FCGX_Finish_r(&request);
	}
	return 0;
}
