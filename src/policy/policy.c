/* policy: the compiled policy (policy_impl.h): what it tells of itself, and
 * freeing it. */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "policy_impl.h"

/* ---- freeing ---- */

void
policy_dependencies_free(struct policy_dependency *deps, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++)
		free(deps[i].path);
	free(deps);
}

void
policy_list_free(struct policy_list *list)
{
	numbers_free(list->numbers);
	numbers_cache_close(&list->words.compiled);
	free(list->path);
	free(list);
}

void
policy_zone_free(struct policy_zone *zone)
{
	free(zone->name);
	free(zone->tz);
	free(zone);
}

void
policy_condition_clear(struct policy_condition *c)
{
	switch (c->test) {
	case POLICY_PARTICIPANT:
	case POLICY_SESSION:
	case POLICY_SERVICE:
		free(c->u.sid);
		break;
	case POLICY_TYPE:
		free(c->u.type);
		break;
	case POLICY_BODY_PHRASE:
		free(c->u.phrase.text);
		break;
	case POLICY_BODY_REGEX:
		pcre2_code_free(c->u.regex);
		break;
	default:
		break;
	}
	memset(c, 0, sizeof(*c));
}

void
policy_free(struct policy *policy)
{
	size_t i, j;

	if (policy == NULL)
		return;
	for (i = 0; i < policy->rule_count; i++) {
		for (j = 0; j < policy->rules[i].condition_count; j++)
			policy_condition_clear(&policy->rules[i].conditions[j]);
		free(policy->rules[i].conditions);
		free(policy->rules[i].text);
	}
	free(policy->rules);
	for (i = 0; i < policy->list_count; i++)
		policy_list_free(policy->lists[i]);
	free(policy->lists);
	for (i = 0; i < policy->zone_count; i++)
		policy_zone_free(policy->zones[i]);
	free(policy->zones);
	policy_dependencies_free(policy->dependencies, policy->dependency_count);
	pcre2_match_data_free(policy->match_data);
	pcre2_match_context_free(policy->match_context);
	pcre2_jit_stack_free(policy->jit_stack);
	free(policy->default_text);
	free(policy->path);
	free(policy);
}

/* ---- what the policy tells of itself ---- */

int
policy_needs_numbers(const struct policy *policy)
{
	return policy->needs_numbers;
}

int64_t
policy_across_ms(const struct policy *policy)
{
	return policy->across_ms;
}

size_t
policy_rule_count(const struct policy *policy)
{
	return policy->rule_count;
}

void
policy_rule(const struct policy *policy, size_t index, const char **file, unsigned *line,
    const char **text, int *block)
{
	const struct policy_rule *rule = &policy->rules[index];

	*file = policy->path;
	*line = rule->line;
	*text = rule->text;
	*block = rule->block;
}

int
policy_default(const struct policy *policy, unsigned *line, const char **text, int *block)
{
	*block = policy->default_block;
	*line = policy->default_line;
	*text = policy->default_text;
	return policy->has_default;
}
