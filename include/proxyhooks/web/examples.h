/*
 * examples: a realistic body for each hook (a call and a message for each),
 * what `proxyhooks send` posts and the tests start from.
 */
#ifndef PROXYHOOKS_EXAMPLES_H
#define PROXYHOOKS_EXAMPLES_H

struct form;

struct example_field {
	const char *name;
	const char *value;	/* decoded */
};

struct example {
	const char                 *name;	/* "intercept-message" */
	const char                 *hook;	/* "intercept" */
	const struct example_field *common;	/* NULL, or fields posted first */
	const struct example_field *fields;	/* ends with { NULL, NULL } */
};

extern const struct example examples[];	/* ends with a NULL name */
const struct example *example_find(const char *name);
/* Add an example's fields to form in the order they are posted. */
int example_form(const struct example *ex, struct form *form);

#endif
