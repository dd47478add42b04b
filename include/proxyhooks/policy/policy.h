/*
 * policy: the intercept policy file (proxyhooks-policy(5)), which decides
 * whether an interaction is delivered or blocked. One rule a line, tried top
 * to bottom; the first whose conditions all hold decides, else the default.
 *
 * Loading does all the work (number and word lists compiled, regexes JIT
 * compiled, zones checked) so that a decision allocates nothing and costs
 * little. A policy is used by one thread at a time: deciding a `during` rule
 * in a time zone switches TZ for a moment, and regexes share match data.
 */
#ifndef PROXYHOOKS_POLICY_H
#define PROXYHOOKS_POLICY_H

#include <stddef.h>
#include <stdint.h>

#include "proxyhooks/base/error.h"
#include "proxyhooks/policy/detect.h"

struct policy;

/* One interaction as the policy sees it. */
struct policy_input {
	const char *from, *to;			/* E.164 or NULL when unknown */
	const char *participant_sid, *session_sid, *service_sid;
	const char *type;			/* interactionType as posted, any case; NULL unknown */
	const char *body;			/* the message text, NULL when none */
	size_t      body_len;
	int         media;			/* attachments present */
	int64_t     at_ms;			/* UTC ms, the time of the interaction */
	/* Previous interactions by "participant"|"session" value since since_ms
	 * (0, or -1 on error); NULL: limit rules never match. */
	int (*count)(void *arg, const char *by, const char *value, int64_t since_ms,
	    int64_t *out);
	void       *count_arg;
	/* Across messages: the digit runs (detect_runs) of the participant's
	 * messages in the session with since_ms <= time < at_ms, newest first,
	 * at most max of them into runs, how many in *count (0, or -1 on
	 * error); NULL: `across` looks at this message only. */
	int (*runs)(void *arg, const char *participant_sid, const char *session_sid,
	    int64_t since_ms, int64_t until_ms, size_t max, char (*runs)[DETECT_RUNS_MAX],
	    size_t *count);
	void       *runs_arg;
};

struct policy_decision {
	int         block;		/* 1 block (or redact), 0 allow */
	unsigned    redact;		/* a redact rule decided: the kinds to mask
					 * (DETECT_BIT set; block is 1 too, for a hook
					 * that cannot change the message); 0 not */
	int         matched;		/* 0: no rule matched, the default decided */
	const char *file;		/* the deciding rule (borrowed from the policy),
					 * NULL for the default if not written */
	unsigned    line;
	const char *text;		/* the rule's text as written, trimmed, without its comment */
	int         needed_from;	/* a from/to condition was skipped because */
	int         needed_to;		/* that number is unknown */
	/* What the deciding rule's body detector found, as "KIND VALUE"
	 * ("phone +34612345678", "email jane.doe88@gmail.com"); empty when
	 * the rule has no phone/email/url/handle test. */
	char        found[128];
};

/* Collected load errors, each "FILE:LINE: reason". */
struct policy_errors {
	char  **messages;
	size_t  count;
};

/* Load the policy at path; @lists are compiled through cache_dir (NULL: no
 * cache). On failure returns -1 with every error in *errors (which this
 * fills from empty; errors may be NULL). */
int policy_load(const char *path, const char *cache_dir, struct policy **out,
    struct policy_errors *errors);
void policy_errors_free(struct policy_errors *errors);
/* Does any rule need from / to numbers? (so the caller only looks numbers
 * up when needed) */
int policy_needs_numbers(const struct policy *policy);
/* Decide for in. Returns -1 (with err) only when a limit rule could not
 * count; the caller then applies its fail-open/fail-closed setting. */
int policy_decide(const struct policy *policy, const struct policy_input *in,
    struct policy_decision *out, struct error *err);
/* The longest `within` of the policy's `across` rules (ms), 0 when it
 * has none: how long a caller keeps each message's digit runs. */
int64_t policy_across_ms(const struct policy *policy);
/* The block/allow rules (the default line is not one), for listings. */
size_t policy_rule_count(const struct policy *policy);
void policy_rule(const struct policy *policy, size_t index, const char **file,
    unsigned *line, const char **text, int *block);
/* The default line, if written (0 when not: then *block is 0, allow). */
int policy_default(const struct policy *policy, unsigned *line, const char **text,
    int *block);
void policy_free(struct policy *policy);

/*
 * Keeps the last good policy for a path, reloading when the policy file or
 * any @ list it uses changed (stat: mtime_ns, size, inode) -- checked at
 * most once per call; a file that does not parse leaves the last good policy
 * in force and logs (log.h) each FILE:LINE: reason once per bad version.
 */
struct policy_watch;

struct policy_watch *policy_watch_new(const char *path, const char *cache_dir);
/* The policy in force (NULL only if no version ever loaded; *err says why). */
const struct policy *policy_watch_get(struct policy_watch *w, struct error *err);
/* When the policy in force was loaded (UTC ms, 0 if none) and the last load
 * error (NULL when the last load succeeded; several are joined by newlines),
 * for the dashboard. */
int64_t policy_watch_loaded_ms(const struct policy_watch *w);
const char *policy_watch_last_error(const struct policy_watch *w);
/* 1 when the policy in force is the last good one's copy kept in
 * cache_dir (the file does not load, and this process never loaded it). */
int policy_watch_saved(const struct policy_watch *w);
void policy_watch_free(struct policy_watch *w);

#endif
