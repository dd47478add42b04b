/*
 * config: proxyhooks.conf, read with inih. Every key is listed once in a
 * table in src/web/config.c (name, type, default, where it goes) and documented
 * in proxyhooks.conf(5). An unknown key or a bad value is an error naming
 * file:line. Sections "[proxy +E164]" override the out-of-session answer
 * for calls and messages to that proxy number.
 */
#ifndef PROXYHOOKS_CONFIG_H
#define PROXYHOOKS_CONFIG_H

#include <stddef.h>
#include <stdio.h>

#include "proxyhooks/base/error.h"

#define CONFIG_DEFAULT_MAX_BODY 65536

enum intercept_mode { INTERCEPT_ENFORCE = 0, INTERCEPT_OBSERVE };
enum oos_mode { OOS_TWIML = 0, OOS_AUTOCREATE };

/* What the out-of-session hook answers; one global set and one per proxy
 * section. A field that is NULL (or 0) in a proxy section falls back to the
 * global value; `set` records which keys the section named. */
struct oos_settings {
	char         *voice_say;
	char         *voice_voice;
	char         *voice_language;
	long          voice_loop;
	char         *voice_play;
	char         *voice_dial;
	char         *voice_dial_caller_id;	/* a number, or "proxy" */
	char         *voice_redirect;
	char         *voice_reject;		/* "rejected" or "busy" */
	char         *message_reply;
	char         *message_redirect;
	enum oos_mode mode;
	char         *autocreate_participant;
	unsigned long set;			/* bit i: key i of the oos table named */
};

struct oos_proxy {
	char                *number;	/* E.164, from the section name */
	struct oos_settings  oos;
};

struct config {
	char   *path;
	/* core */
	char   *auth_token_file;
	char   *database;
	char   *policy_file;
	long    max_body_bytes;
	int     log_level;
	long    body_timeout_ms;
	int     allow_root;
	/* request validation */
	char   *public_base_url;
	int     trust_forwarded_headers;
	int     validate_signatures;
	/* intercept */
	enum intercept_mode intercept_mode;
	int     intercept_fail_closed;
	char   *cache_dir;
	/* participant lookup */
	char   *account_sid;
	char   *api_key_sid;
	char   *api_key_secret_file;
	char   *twilio_api_base;
	char   *conversations_api_base;	/* Twilio's Conversations API, for proxyhooks-voice */
	long    lookup_timeout_ms;
	long    directory_cache_seconds;	/* a worker keeps a session's numbers */
	/* stores */
	long    store_timeout_ms;
	char   *spool_dir;
	long    cgi_spool_ms;	/* a CGI request's event may wait in the spool (hooks.c) */
	long    retain_days;
	int     redact_bodies;
	char   *redact_key_file;	/* its first line keys the hash of redacted text */
	/* conversations and voice */
	int     conversations_fail_closed;	/* undecided pre-action: reject */
	int     conversations_unsigned_allow;	/* a bad signature answers 200, not 403 */
	char   *redact_mask;		/* a redact rule's text in place of each detail */
	char   *voice_block_say;		/* a blocked call hears this, else <Reject/> */
	char   *voice_block_reject;		/* "rejected" or "busy" */
	/* dashboard */
	int     dashboard;
	int     dashboard_allow_anonymous;
	char   *timezone;
	/* out of session */
	struct oos_settings oos;
	struct oos_proxy   *proxies;
	size_t              proxy_count;
};

/* $PROXYHOOKS_CONF is not consulted here: the caller decides where the path
 * comes from. This is the compiled-in default. */
const char *config_default_path(void);
/* proxyhooks.conf in the folder of the running program (/proc/self/exe,
 * else argv0 when it names a folder), for a CGI program whose web server
 * passes no environment (suexec). Returns the malloc'd path (a symbolic
 * link's file), with the name found in seen, or NULL when there is none
 * there or it is not safe to read: a file (or a symbolic link and its
 * file) owned by neither the program's user nor root, or writable by its
 * group or others, is refused, with why in *why. */
char *config_beside_program(const char *argv0, char *seen, size_t seen_size, struct error *why);
/* Load and validate path. A missing file is an error. */
int config_load(const char *path, struct config **out, struct error *err);
/* Defaults only, as if an empty file had been read. */
int config_defaults(struct config **out, struct error *err);
void config_free(struct config *config);
/* The out-of-session settings for calls/messages to proxy_number, merged
 * over the global ones, into *out (pointers borrowed from config). */
void config_oos_for(const struct config *config, const char *proxy_number,
    struct oos_settings *out);
/* Print the effective configuration, one "key = value" a line; an unset
 * spool_dir is said to mean spool (the folder the store layer chose). */
void config_print(const struct config *config, const char *spool, FILE *fp);

#endif
