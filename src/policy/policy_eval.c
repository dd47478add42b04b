/* policy_eval: the decision for one interaction (policy_decide) over a
 * compiled policy. */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "proxyhooks/base/log.h"

#include "policy_impl.h"

/* A decision in progress: the numbers are parsed once, when first needed. */
struct policy_eval {
	const struct policy_input *in;
	int                        from_state, to_state;	/* 0 not yet, 1 parsed, -1 none */
	uint64_t                   from, to;
	int                        needed_from, needed_to;
	char                       found[128];	/* the current rule's detector finding */
};

/* ---- text and time ---- */

/* Case-insensitive (ASCII) substring search; needle is lowercase. */
static int
policy_contains(const char *text, size_t len, const char *needle, size_t needle_len)
{
	size_t i, j;

	if (needle_len > len)
		return 0;
	for (i = 0; i + needle_len <= len; i++) {
		for (j = 0; j < needle_len; j++)
			if (policy_lower((unsigned char)text[i + j]) != (unsigned char)needle[j])
				break;
		if (j == needle_len)
			return 1;
	}
	return 0;
}

static int64_t
policy_floor_div(int64_t a, int64_t b)
{
	return a / b - (a % b != 0 && (a < 0) != (b < 0));
}

/* The minute of the day at at_ms in zone (NULL: UTC), by the system's tz
 * database, so that daylight saving time is applied as the law has it. */
static int
policy_local_minute(struct policy_zone *zone, int64_t at_ms)
{
	int64_t minute = policy_floor_div(at_ms, 60000);
	char saved[256], *saved_long = NULL;
	const char *old;
	time_t t;
	struct tm tm;
	int local;

	if (zone == NULL)
		return (int)(minute - policy_floor_div(minute, 1440) * 1440);
	if (zone->cached && zone->cached_minute == minute)
		return zone->cached_local;
	t = (time_t)policy_floor_div(at_ms, 1000);
	old = getenv("TZ");
	if (old != NULL && strlen(old) >= sizeof(saved))
		saved_long = strdup(old);
	else if (old != NULL)
		snprintf(saved, sizeof(saved), "%s", old);
	setenv("TZ", zone->tz, 1);
	tzset();
	memset(&tm, 0, sizeof(tm));
	localtime_r(&t, &tm);
	if (old == NULL)
		unsetenv("TZ");
	else
		setenv("TZ", saved_long ? saved_long : saved, 1);
	tzset();
	free(saved_long);
	local = tm.tm_hour * 60 + tm.tm_min;
	/* Offsets in whole minutes change only on whole minutes: the answer
	 * holds for the rest of this UTC minute. */
	if (tm.tm_gmtoff % 60 == 0) {
		zone->cached = 1;
		zone->cached_minute = minute;
		zone->cached_local = local;
	}
	return local;
}

/* ---- deciding ---- */

/* The parsed number of the inbound (from) or other (to) participant; 0
 * with *known = 0 when the input has none. */
static int
policy_eval_number(struct policy_eval *ev, int is_to, uint64_t *value)
{
	const char *text = is_to ? ev->in->to : ev->in->from;
	int *state = is_to ? &ev->to_state : &ev->from_state;
	uint64_t *cached = is_to ? &ev->to : &ev->from;

	if (*state == 0)
		*state = numbers_value(text, cached) == 0 ? 1 : -1;
	*value = *cached;
	return *state == 1;
}

static int
policy_regex_match(const struct policy *policy, const struct policy_rule *rule,
    const pcre2_code *regex, const char *text, size_t len)
{
	PCRE2_UCHAR message[256];
	int rc;

	rc = pcre2_match(regex, (PCRE2_SPTR)text, len, 0, 0, policy->match_data,
	    policy->match_context);
	if (rc >= 0)
		return 1;
	if (rc != PCRE2_ERROR_NOMATCH) {
		pcre2_get_error_message(rc, message, sizeof(message));
		log_warn("%s:%u: regex gave up (%s): counted as not matching", policy->path,
		    rule->line, (const char *)message);
	}
	return 0;
}

/* 1 when the body has a detail of c's kinds; for `across`, also when the
 * digit runs of the participant's last messages in the session end in a
 * phone number with this one's. -1 when those could not be read. */
static int
policy_detect_holds(const struct policy *policy, const struct policy_rule *rule,
    const struct policy_condition *c, struct policy_eval *ev, struct error *err)
{
	const struct policy_input *in = ev->in;
	char runs[2][DETECT_RUNS_MAX];
	const char *earlier[2];
	struct detect_found found;
	size_t count = 0, i;
	int kind;

	if (in->body == NULL)
		return 0;
	for (kind = 0; kind < DETECT_KINDS; kind++)
		if ((c->u.detect.kinds & DETECT_BIT(kind)) &&
		    detect_find((enum detect_kind)kind, in->body, in->body_len, &found, 1) == 1) {
			detect_describe(&found, ev->found, sizeof(ev->found));
			return 1;
		}
	if (c->u.detect.across < 2 || in->runs == NULL || in->participant_sid == NULL ||
	    in->session_sid == NULL)
		return 0;
	if (in->runs(in->runs_arg, in->participant_sid, in->session_sid,
	    in->at_ms - c->u.detect.within_ms, in->at_ms, (size_t)c->u.detect.across - 1, runs,
	    &count) == -1) {
		error_set(err, "%s:%u: cannot read the earlier messages of %s", policy->path,
		    rule->line, in->participant_sid);
		return -1;
	}
	/* Oldest first, as detect_runs_phone takes them. */
	for (i = 0; i < count; i++)
		earlier[i] = runs[count - 1 - i];
	if (detect_runs_phone(earlier, count, in->body, in->body_len, &found) != 1)
		return 0;
	detect_describe(&found, ev->found, sizeof(ev->found));
	return 1;
}

/* 1 when c holds for the input, 0 when not, -1 when a limit could not count. */
static int
policy_condition_holds(const struct policy *policy, const struct policy_rule *rule,
    const struct policy_condition *c, struct policy_eval *ev, struct error *err)
{
	const struct policy_input *in = ev->in;
	const char *value;
	uint64_t number;
	int64_t count;
	int minute;

	switch (c->test) {
	case POLICY_TYPE:
		return in->type != NULL && strcasecmp(in->type, c->u.type) == 0;
	case POLICY_PARTICIPANT:
		return in->participant_sid != NULL && strcasecmp(in->participant_sid, c->u.sid) == 0;
	case POLICY_SESSION:
		return in->session_sid != NULL && strcasecmp(in->session_sid, c->u.sid) == 0;
	case POLICY_SERVICE:
		return in->service_sid != NULL && strcasecmp(in->service_sid, c->u.sid) == 0;
	case POLICY_MEDIA:
		return in->media != 0;
	case POLICY_DURING:
		minute = policy_local_minute(c->u.during.zone, in->at_ms);
		if (c->u.during.start < c->u.during.end)
			return minute >= c->u.during.start && minute < c->u.during.end;
		return minute >= c->u.during.start || minute < c->u.during.end;
	case POLICY_FROM:
	case POLICY_TO:
		if ((c->test == POLICY_FROM ? in->from : in->to) == NULL) {
			if (c->test == POLICY_FROM)
				ev->needed_from = 1;
			else
				ev->needed_to = 1;
			return 0;
		}
		if (!policy_eval_number(ev, c->test == POLICY_TO, &number))
			return 0;
		if (c->u.number.list != NULL)
			return numbers_contains(c->u.number.list, number);
		if (c->u.number.is_prefix)
			return numbers_has_prefix(number, c->u.number.value);
		return number == c->u.number.value;
	case POLICY_BODY_DETECT:
		return policy_detect_holds(policy, rule, c, ev, err);
	case POLICY_BODY_PHRASE:
		return in->body != NULL &&
		    policy_contains(in->body, in->body_len, c->u.phrase.text, c->u.phrase.len);
	case POLICY_BODY_WORDS:
		return in->body != NULL && policy_words_match(c->u.words, in->body, in->body_len);
	case POLICY_BODY_REGEX:
		return in->body != NULL &&
		    policy_regex_match(policy, rule, c->u.regex, in->body, in->body_len);
	case POLICY_LIMIT:
		value = strcmp(c->u.limit.by, "session") == 0 ? in->session_sid :
		    in->participant_sid;
		if (in->count == NULL || value == NULL)
			return 0;
		count = 0;
		if (in->count(in->count_arg, c->u.limit.by, value,
		    in->at_ms - c->u.limit.window_ms, &count) == -1) {
			error_set(err, "%s:%u: cannot count interactions by %s %s", policy->path,
			    rule->line, c->u.limit.by, value);
			return -1;
		}
		/* This interaction is one more than those seen before it. */
		return count + 1 > c->u.limit.max;
	}
	return 0;
}

int
policy_decide(const struct policy *policy, const struct policy_input *in,
    struct policy_decision *out, struct error *err)
{
	struct policy_eval ev;
	size_t i, j;
	int holds = 1;

	memset(out, 0, sizeof(*out));
	memset(&ev, 0, sizeof(ev));
	ev.in = in;
	for (i = 0; i < policy->rule_count; i++) {
		const struct policy_rule *rule = &policy->rules[i];

		ev.found[0] = '\0';
		for (j = 0; j < rule->condition_count; j++) {
			holds = policy_condition_holds(policy, rule, &rule->conditions[j], &ev, err);
			if (holds != 1)
				break;
		}
		if (holds == -1)
			return -1;
		if (holds == 1) {
			out->block = rule->block;
			out->redact = rule->redact;
			out->matched = 1;
			out->file = policy->path;
			out->line = rule->line;
			out->text = rule->text;
			memcpy(out->found, ev.found, sizeof(out->found));
			goto done;
		}
	}
	out->block = policy->default_block;
	if (policy->has_default) {
		out->file = policy->path;
		out->line = policy->default_line;
		out->text = policy->default_text;
	}
done:
	out->needed_from = ev.needed_from;
	out->needed_to = ev.needed_to;
	return 0;
}
