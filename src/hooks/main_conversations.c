/* proxyhooks-conversations: the Conversations pre- and post-action webhook program. */
#include "config.h"

#include "proxyhooks/hooks/hooks.h"

int
main(int argc, char **argv)
{
	return serve_main(argc, argv, &hook_conversations);
}
