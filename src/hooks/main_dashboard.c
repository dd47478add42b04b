/* proxyhooks-dashboard: the operator's page, on the same serve loop as
 * the hooks (CGI or FastCGI). */
#include "config.h"

#include "proxyhooks/hooks/dashboard.h"

int
main(int argc, char **argv)
{
	return serve_main(argc, argv, &hook_dashboard);
}
