/* bench/hello: the smallest libfcgi program, run as CGI by bench/run (a
 * process a request) to scale the hooks' cold CGI requests: what starting
 * any libfcgi program costs on this machine. */
#include "config.h"

#include <fcgi_stdio.h>

int
main(void)
{
	while (FCGI_Accept() >= 0)
		printf("Status: 200 OK\r\nContent-Type: text/plain\r\n\r\nHello, world\n");
	return 0;
}
