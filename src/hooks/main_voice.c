/* proxyhooks-voice: the Voice URL of the Conversations proxy addresses. */
#include "config.h"

#include "proxyhooks/hooks/hooks.h"

int
main(int argc, char **argv)
{
	return serve_main(argc, argv, &hook_voice);
}
