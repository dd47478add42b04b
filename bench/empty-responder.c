/* bench/empty-responder: the ceiling of the FastCGI transport. A libfcgi
 * responder that does nothing but what every responder must: read the
 * whole body and answer 200. Started like the hooks (spawn-fcgi, the
 * listening socket on fd 0); compared with them by bench/run. */
#include "config.h"

#include <stdlib.h>

#include <fcgiapp.h>

int
main(void)
{
	FCGX_Request request;
	static const char answer[] = "Status: 200 OK\r\nContent-Length: 0\r\n\r\n";
	char buf[16384];

	if (FCGX_Init() != 0 || FCGX_InitRequest(&request, 0, 0) != 0)
		return 1;
	while (FCGX_Accept_r(&request) >= 0) {
		/* Read up to the end of the body, whatever CONTENT_LENGTH says. */
		while (FCGX_GetStr(buf, sizeof(buf), request.in) > 0)
			;
		FCGX_PutStr(answer, (int)sizeof(answer) - 1, request.out);
		FCGX_Finish_r(&request);
	}
	return 0;
}
