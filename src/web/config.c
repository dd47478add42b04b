/* config: proxyhooks.conf, table-driven. */
#include "config.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <ini.h>

#include "proxyhooks/web/config.h"
#include "proxyhooks/base/log.h"
#include "proxyhooks/web/template.h"
#include "proxyhooks/base/utf8.h"
#include "proxyhooks/base/util.h"

enum key_type {
	KEY_STRING,	/* free text */
	KEY_TEMPLATE,	/* text that may name posted fields: {From} */
	KEY_PATH,	/* a file or folder, relative to the configuration's folder */
	KEY_DATABASE,	/* a SQLite path or a PostgreSQL URI/conninfo */
	KEY_URL,	/* http:// or https:// */
	KEY_BOOL,	/* yes/no, true/false, on/off, 1/0 */
	KEY_LONG,	/* a whole number in [min, max] */
	KEY_LOGLEVEL,
	KEY_ENUM,	/* one of choices, stored as its index */
	KEY_WORD,	/* one of choices, stored as the word itself */
	KEY_NUMBER,	/* an E.164 number */
};

struct key {
	const char    *name;
	enum key_type  type;
	size_t         offset;
	const char    *default_value;
	long           min, max;
	const char    *const *choices;
};

static const char *const intercept_modes[] = { "enforce", "observe", NULL };
static const char *const intercept_fails[] = { "open", "closed", NULL };
static const char *const oos_modes[] = { "twiml", "autocreate", NULL };
static const char *const reject_reasons[] = { "rejected", "busy", NULL };
static const char *const unsigned_answers[] = { "reject", "allow", NULL };

#define C(field) offsetof(struct config, field)
static const struct key config_keys[] = {
	{ "auth_token_file", KEY_PATH, C(auth_token_file), SYSCONFDIR "/proxyhooks/auth_token", 0, 0, NULL },
	{ "database", KEY_DATABASE, C(database), LOCALSTATEDIR "/lib/proxyhooks/events.db", 0, 0, NULL },
	{ "policy_file", KEY_PATH, C(policy_file), NULL, 0, 0, NULL },
	{ "max_body_bytes", KEY_LONG, C(max_body_bytes), "65536", 1024, 16 * 1024 * 1024, NULL },
	{ "log_level", KEY_LOGLEVEL, C(log_level), "info", 0, 0, NULL },
	{ "body_timeout_ms", KEY_LONG, C(body_timeout_ms), "1000", 100, 600000, NULL },
	{ "allow_root", KEY_BOOL, C(allow_root), "no", 0, 0, NULL },
	{ "public_base_url", KEY_URL, C(public_base_url), NULL, 0, 0, NULL },
	{ "trust_forwarded_headers", KEY_BOOL, C(trust_forwarded_headers), "no", 0, 0, NULL },
	{ "validate_signatures", KEY_BOOL, C(validate_signatures), "yes", 0, 0, NULL },
	{ "intercept_mode", KEY_ENUM, C(intercept_mode), "enforce", 0, 0, intercept_modes },
	{ "intercept_fail", KEY_ENUM, C(intercept_fail_closed), "open", 0, 0, intercept_fails },
	{ "cache_dir", KEY_PATH, C(cache_dir), NULL, 0, 0, NULL },
	{ "account_sid", KEY_STRING, C(account_sid), NULL, 0, 0, NULL },
	{ "api_key_sid", KEY_STRING, C(api_key_sid), NULL, 0, 0, NULL },
	{ "api_key_secret_file", KEY_PATH, C(api_key_secret_file), NULL, 0, 0, NULL },
	{ "twilio_api_base", KEY_URL, C(twilio_api_base), "https://proxy.twilio.com", 0, 0, NULL },
	{ "conversations_api_base", KEY_URL, C(conversations_api_base), "https://conversations.twilio.com", 0, 0, NULL },
	{ "lookup_timeout_ms", KEY_LONG, C(lookup_timeout_ms), "800", 10, 60000, NULL },
	{ "directory_cache_seconds", KEY_LONG, C(directory_cache_seconds), "60", 0, 86400, NULL },
	{ "store_timeout_ms", KEY_LONG, C(store_timeout_ms), "2000", 10, 600000, NULL },
	{ "spool_dir", KEY_PATH, C(spool_dir), NULL, 0, 0, NULL },
	{ "cgi_spool_ms", KEY_LONG, C(cgi_spool_ms), "1000", 0, 60000, NULL },
	{ "retain_days", KEY_LONG, C(retain_days), "0", 0, 36500, NULL },
	{ "redact_bodies", KEY_BOOL, C(redact_bodies), "no", 0, 0, NULL },
	{ "redact_key_file", KEY_PATH, C(redact_key_file), NULL, 0, 0, NULL },
	{ "conversations_fail", KEY_ENUM, C(conversations_fail_closed), "open", 0, 0, intercept_fails },
	{ "conversations_unsigned", KEY_ENUM, C(conversations_unsigned_allow), "reject", 0, 0, unsigned_answers },
	{ "redact_mask", KEY_STRING, C(redact_mask), "[removed]", 0, 0, NULL },
	{ "voice_block_say", KEY_STRING, C(voice_block_say), NULL, 0, 0, NULL },
	{ "voice_block_reject", KEY_WORD, C(voice_block_reject), NULL, 0, 0, reject_reasons },
	{ "dashboard", KEY_BOOL, C(dashboard), "no", 0, 0, NULL },
	{ "dashboard_allow_anonymous", KEY_BOOL, C(dashboard_allow_anonymous), "no", 0, 0, NULL },
	{ "timezone", KEY_STRING, C(timezone), "UTC", 0, 0, NULL },
};
#undef C

/* Keys allowed both globally and in [proxy +NUMBER] sections. */
#define O(field) offsetof(struct oos_settings, field)
static const struct key oos_keys[] = {
	{ "oos_voice_say", KEY_TEMPLATE, O(voice_say), NULL, 0, 0, NULL },
	{ "oos_voice_voice", KEY_STRING, O(voice_voice), NULL, 0, 0, NULL },
	{ "oos_voice_language", KEY_STRING, O(voice_language), NULL, 0, 0, NULL },
	{ "oos_voice_loop", KEY_LONG, O(voice_loop), "0", 0, 1000, NULL },
	{ "oos_voice_play", KEY_URL, O(voice_play), NULL, 0, 0, NULL },
	{ "oos_voice_dial", KEY_NUMBER, O(voice_dial), NULL, 0, 0, NULL },
	{ "oos_voice_dial_caller_id", KEY_STRING, O(voice_dial_caller_id), NULL, 0, 0, NULL },
	{ "oos_voice_redirect", KEY_URL, O(voice_redirect), NULL, 0, 0, NULL },
	{ "oos_voice_reject", KEY_WORD, O(voice_reject), NULL, 0, 0, reject_reasons },
	{ "oos_message_reply", KEY_TEMPLATE, O(message_reply), NULL, 0, 0, NULL },
	{ "oos_message_redirect", KEY_URL, O(message_redirect), NULL, 0, 0, NULL },
	{ "oos_mode", KEY_ENUM, O(mode), "twiml", 0, 0, oos_modes },
	{ "oos_autocreate_participant", KEY_NUMBER, O(autocreate_participant), NULL, 0, 0, NULL },
};
#undef O

#define NKEYS(t) (sizeof(t) / sizeof((t)[0]))

struct load_state {
	struct config *config;
	const char    *dir;		/* the configuration's folder, for relative paths */
	unsigned long  seen;		/* global keys already set */
	struct error  *err;
	int            failed;
};

static int
parse_bool(const char *v, int *out)
{
	static const char *const yes[] = { "yes", "true", "on", "1" };
	static const char *const no[] = { "no", "false", "off", "0" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0)
			return *out = 1, 0;
		if (strcasecmp(v, no[i]) == 0)
			return *out = 0, 0;
	}
	return -1;
}

static char *
resolve_path(const char *dir, const char *value)
{
	char *out;

	if (value[0] == '/' || dir == NULL)
		return strdup(value);
	if (asprintf(&out, "%s/%s", dir, value) < 0)
		return NULL;
	return out;
}

/* Store value into base+key->offset; 0, or -1 with err naming the problem. */
static int
key_set(const struct key *key, void *base, const char *dir, const char *value, struct error *err)
{
	char *p = (char *)base + key->offset, *s = NULL, number[32];
	long n;
	int b, i;
	struct template *tpl = NULL;
	struct error local = { 0 };

	/* Whatever is configured may end up in TwiML or a log line. */
	if (!utf8_xml_safe(value, strlen(value))) {
		error_set(err, "%s: the value is not valid UTF-8 or holds a control character", key->name);
		return -1;
	}
	switch (key->type) {
	case KEY_STRING:
		s = strdup(value);
		break;
	case KEY_TEMPLATE:
		if (template_compile(value, oos_field_names, &tpl, &local) < 0) {
			error_set(err, "%s: %s", key->name, local.message);
			return -1;
		}
		template_free(tpl);
		s = strdup(value);
		break;
	case KEY_PATH:
		if (*value == '\0') {
			error_set(err, "%s: a path is required", key->name);
			return -1;
		}
		s = resolve_path(dir, value);
		break;
	case KEY_DATABASE:
		if (*value == '\0') {
			error_set(err, "%s: a SQLite path or a postgresql:// URI is required", key->name);
			return -1;
		}
		if (strncmp(value, "postgresql://", 13) == 0 || strncmp(value, "postgres://", 11) == 0 ||
		    strchr(value, '=') != NULL)
			s = strdup(value);
		else if (strncmp(value, "sqlite:", 7) == 0)
			s = resolve_path(dir, value + 7);
		else
			s = resolve_path(dir, value);
		break;
	case KEY_URL:
		if (strncmp(value, "https://", 8) != 0 && strncmp(value, "http://", 7) != 0) {
			error_set(err, "%s: '%s' is not an http:// or https:// URL", key->name, value);
			return -1;
		}
		s = strdup(value);
		break;
	case KEY_NUMBER:
		if (util_e164(value, number, sizeof(number)) < 0) {
			error_set(err, "%s: '%s' is not an E.164 number (+15551234567)", key->name, value);
			return -1;
		}
		s = strdup(number);
		break;
	case KEY_BOOL:
		if (parse_bool(value, &b) < 0) {
			error_set(err, "%s: '%s' is not yes or no", key->name, value);
			return -1;
		}
		*(int *)p = b;
		return 0;
	case KEY_LONG:
		if (util_parse_long(value, key->min, key->max, &n) < 0) {
			error_set(err, "%s: '%s' is not a whole number from %ld to %ld", key->name,
			    value, key->min, key->max);
			return -1;
		}
		*(long *)p = n;
		return 0;
	case KEY_LOGLEVEL:
		if ((b = log_level_parse(value)) < 0) {
			error_set(err, "%s: '%s' is not error, warn, info or debug", key->name, value);
			return -1;
		}
		*(int *)p = b;
		return 0;
	case KEY_ENUM:
	case KEY_WORD:
		for (i = 0; key->choices[i] != NULL; i++)
			if (strcmp(value, key->choices[i]) == 0)
				break;
		if (key->choices[i] == NULL) {
			char list[128] = "";

			for (i = 0; key->choices[i] != NULL; i++) {
				strncat(list, i ? " or " : "", sizeof(list) - strlen(list) - 1);
				strncat(list, key->choices[i], sizeof(list) - strlen(list) - 1);
			}
			error_set(err, "%s: '%s' is not %s", key->name, value, list);
			return -1;
		}
		if (key->type == KEY_WORD) {
			s = strdup(key->choices[i]);
			break;
		}
		*(int *)p = i;
		return 0;
	}
	if (s == NULL) {
		error_set(err, "%s: out of memory", key->name);
		return -1;
	}
	free(*(char **)p);
	*(char **)p = s;
	return 0;
}

static const struct key *
key_find(const struct key *table, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(table[i].name, name) == 0)
			return &table[i];
	return NULL;
}

static struct oos_proxy *
proxy_section(struct config *config, const char *section, struct error *err)
{
	struct oos_proxy *proxies;
	char number[32];
	size_t i;

	if (strncmp(section, "proxy ", 6) != 0 || util_e164(section + 6, number, sizeof(number)) < 0) {
		error_set(err, "[%s]: unknown section (only [proxy +E164NUMBER] sections exist)", section);
		return NULL;
	}
	for (i = 0; i < config->proxy_count; i++)
		if (strcmp(config->proxies[i].number, number) == 0)
			return &config->proxies[i];
	proxies = realloc(config->proxies, (config->proxy_count + 1) * sizeof(*proxies));
	if (proxies == NULL) {
		error_set(err, "out of memory");
		return NULL;
	}
	config->proxies = proxies;
	memset(&proxies[config->proxy_count], 0, sizeof(*proxies));
	if ((proxies[config->proxy_count].number = strdup(number)) == NULL) {
		error_set(err, "out of memory");
		return NULL;
	}
	return &config->proxies[config->proxy_count++];
}

static int
config_handler(void *user, const char *section, const char *name, const char *value)
{
	struct load_state *st = user;
	const struct key *key;
	struct oos_settings *oos = &st->config->oos;
	struct oos_proxy *proxy;
	size_t index;

	if (st->failed)
		return 0;
	if (section[0] != '\0') {
		if ((proxy = proxy_section(st->config, section, st->err)) == NULL)
			goto fail;
		oos = &proxy->oos;
		if (key_find(config_keys, NKEYS(config_keys), name) != NULL) {
			error_set(st->err, "%s: only oos_* keys may be set in [%s]", name, section);
			goto fail;
		}
	}
	if ((key = key_find(oos_keys, NKEYS(oos_keys), name)) != NULL) {
		index = (size_t)(key - oos_keys);
		if (oos->set & (1UL << index)) {
			error_set(st->err, "%s: set twice (an indented line continues the key "
			    "above it: remove the indentation)", name);
			goto fail;
		}
		if (key_set(key, oos, st->dir, value, st->err) < 0)
			goto fail;
		oos->set |= 1UL << index;
		return 1;
	}
	/* The older name of body_timeout_ms. */
	if (strcmp(name, "request_timeout_ms") == 0)
		name = "body_timeout_ms";
	if ((key = key_find(config_keys, NKEYS(config_keys), name)) == NULL) {
		error_set(st->err, "%s: unknown key", name);
		goto fail;
	}
	index = (size_t)(key - config_keys);
	if (st->seen & (1UL << index)) {
		error_set(st->err, "%s: set twice (an indented line continues the key above "
		    "it: remove the indentation)", name);
		goto fail;
	}
	st->seen |= 1UL << index;
	if (key_set(key, st->config, st->dir, value, st->err) < 0)
		goto fail;
	return 1;
fail:
	st->failed = 1;
	return 0;
}

static int
apply_defaults(struct config *config, struct error *err)
{
	size_t i;

	for (i = 0; i < NKEYS(config_keys); i++)
		if (config_keys[i].default_value != NULL &&
		    key_set(&config_keys[i], config, NULL, config_keys[i].default_value, err) < 0)
			return -1;
	for (i = 0; i < NKEYS(oos_keys); i++)
		if (oos_keys[i].default_value != NULL &&
		    key_set(&oos_keys[i], &config->oos, NULL, oos_keys[i].default_value, err) < 0)
			return -1;
	return 0;
}

/* Checks that span several keys. */
static int
config_validate(struct config *config, struct error *err)
{
	const struct oos_settings *o = &config->oos;
	size_t i;

	if (config->account_sid != NULL && !util_sid_valid(config->account_sid, "AC")) {
		error_set(err, "account_sid: '%s' is not AC followed by 32 hex digits",
		    config->account_sid);
		return -1;
	}
	if (config->api_key_sid != NULL && !util_sid_valid(config->api_key_sid, "SK")) {
		error_set(err, "api_key_sid: '%s' is not SK followed by 32 hex digits",
		    config->api_key_sid);
		return -1;
	}
	if ((config->api_key_sid == NULL) != (config->api_key_secret_file == NULL)) {
		error_set(err, "api_key_sid and api_key_secret_file go together: one is set, "
		    "the other is not");
		return -1;
	}
	for (i = 0; i <= config->proxy_count; i++) {
		if (i > 0)
			o = &config->proxies[i - 1].oos;
		if (o->mode == OOS_AUTOCREATE && o->autocreate_participant == NULL &&
		    config->oos.autocreate_participant == NULL) {
			error_set(err, "oos_mode = autocreate%s%s needs oos_autocreate_participant "
			    "(Twilio refuses an auto-create answer without participantIdentifier)",
			    i > 0 ? " in [proxy " : "", i > 0 ? config->proxies[i - 1].number : "");
			return -1;
		}
		if (o->voice_dial_caller_id != NULL && strcmp(o->voice_dial_caller_id, "proxy") != 0) {
			char number[32];

			if (util_e164(o->voice_dial_caller_id, number, sizeof(number)) < 0) {
				error_set(err, "oos_voice_dial_caller_id: '%s' is neither a number nor 'proxy'",
				    o->voice_dial_caller_id);
				return -1;
			}
		}
	}
	return 0;
}

int
config_defaults(struct config **out, struct error *err)
{
	struct config *config;

	if ((config = calloc(1, sizeof(*config))) == NULL) {
		error_set(err, "out of memory");
		return -1;
	}
	if (apply_defaults(config, err) < 0) {
		config_free(config);
		return -1;
	}
	*out = config;
	return 0;
}

int
config_load(const char *path, struct config **out, struct error *err)
{
	struct load_state st;
	struct error local = { 0 };
	struct config *config = NULL;
	char *dir = NULL, *slash;
	int line;

	if (config_defaults(&config, err) < 0)
		return -1;
	if ((config->path = strdup(path)) == NULL || (dir = strdup(path)) == NULL) {
		error_set(err, "out of memory");
		goto fail;
	}
	if ((slash = strrchr(dir, '/')) != NULL)
		*(slash == dir ? slash + 1 : slash) = '\0';
	else
		strcpy(dir, ".");
	/* Relative paths in the file are made absolute from its folder, so that
	 * every program and the CLI name the same files the same way. */
	{
		char *absolute = realpath(dir, NULL);

		if (absolute != NULL) {
			free(dir);
			dir = absolute;
		}
	}
	memset(&st, 0, sizeof(st));
	st.config = config;
	st.dir = dir;
	st.err = &local;
	line = ini_parse(path, config_handler, &st);
	if (line < 0) {
		error_set(err, "%s: cannot open the configuration file: %s", path, strerror(errno));
		goto fail;
	}
	if (line > 0) {
		if (local.message[0] != '\0')
			error_set(err, "%s:%d: %s", path, line, local.message);
		else
			error_set(err, "%s:%d: syntax error (expected 'key = value' or '[section]')",
			    path, line);
		goto fail;
	}
	if (config_validate(config, &local) < 0) {
		error_set(err, "%s: %s", path, local.message);
		goto fail;
	}
	free(dir);
	*out = config;
	return 0;
fail:
	free(dir);
	config_free(config);
	return -1;
}

static void
keys_free(const struct key *table, size_t n, void *base)
{
	size_t i;

	for (i = 0; i < n; i++) {
		const struct key *k = &table[i];

		if (k->type == KEY_BOOL || k->type == KEY_LONG || k->type == KEY_LOGLEVEL ||
		    k->type == KEY_ENUM)
			continue;
		free(*(char **)((char *)base + k->offset));
	}
}

void
config_free(struct config *config)
{
	size_t i;

	if (config == NULL)
		return;
	keys_free(config_keys, NKEYS(config_keys), config);
	keys_free(oos_keys, NKEYS(oos_keys), &config->oos);
	for (i = 0; i < config->proxy_count; i++) {
		keys_free(oos_keys, NKEYS(oos_keys), &config->proxies[i].oos);
		free(config->proxies[i].number);
	}
	free(config->proxies);
	free(config->path);
	free(config);
}

const char *
config_default_path(void)
{
	return SYSCONFDIR "/proxyhooks/proxyhooks.conf";
}

/* May the program's user trust st: owned by it or root, and (a symbolic
 * link's mode means nothing) writable by no one else? */
static int
trusted(const struct stat *st)
{
	return (st->st_uid == geteuid() || st->st_uid == 0) &&
	    (S_ISLNK(st->st_mode) || (st->st_mode & (S_IWGRP | S_IWOTH)) == 0);
}

char *
config_beside_program(const char *argv0, char *seen, size_t seen_size, struct error *why)
{
	char exe[PATH_MAX], *slash, *path, *resolved;
	struct stat link, file;
	ssize_t n;

	/* The kernel's word for the running file; argv[0] is only what the
	 * caller chose (suexec runs a program by its bare name). */
	n = readlink("/proc/self/exe", exe, sizeof(exe));
	if (n > 0 && (size_t)n < sizeof(exe)) {
		exe[n] = '\0';
	} else if (argv0 != NULL && strchr(argv0, '/') != NULL && realpath(argv0, exe) != NULL) {
		;
	} else {
		return NULL;
	}
	if ((slash = strrchr(exe, '/')) == NULL)
		return NULL;
	slash[1] = '\0';
	if ((path = malloc(strlen(exe) + sizeof("proxyhooks.conf"))) == NULL)
		return NULL;
	strcpy(path, exe);
	strcat(path, "proxyhooks.conf");
	if (lstat(path, &link) < 0) {
		free(path);
		return NULL;
	}
	if (!trusted(&link) || stat(path, &file) < 0 || !S_ISREG(file.st_mode) || !trusted(&file)) {
		error_set(why, "%s is not used: it must be a file owned by this program's user "
		    "(uid %ld) or root and writable by no one else (chmod go-w)", path,
		    (long)geteuid());
		free(path);
		return NULL;
	}
	snprintf(seen, seen_size, "%s", path);
	/* A link's file: its own folder is what relative paths in it mean. */
	if (S_ISLNK(link.st_mode) && (resolved = realpath(path, NULL)) != NULL) {
		free(path);
		path = resolved;
	}
	return path;
}

void
config_oos_for(const struct config *config, const char *proxy_number, struct oos_settings *out)
{
	const struct oos_settings *over = NULL;
	char number[32];
	size_t i, k;

	*out = config->oos;
	if (proxy_number == NULL || util_e164(proxy_number, number, sizeof(number)) < 0)
		return;
	for (i = 0; i < config->proxy_count; i++)
		if (strcmp(config->proxies[i].number, number) == 0)
			over = &config->proxies[i].oos;
	if (over == NULL)
		return;
	for (k = 0; k < NKEYS(oos_keys); k++) {
		size_t off = oos_keys[k].offset;

		if (!(over->set & (1UL << k)))
			continue;
		if (oos_keys[k].type == KEY_LONG)
			*(long *)((char *)out + off) = *(const long *)((const char *)over + off);
		else if (oos_keys[k].type == KEY_ENUM)
			*(int *)((char *)out + off) = *(const int *)((const char *)over + off);
		else
			*(char **)((char *)out + off) = *(char *const *)((const char *)over + off);
	}
	out->set = config->oos.set | over->set;
}

/* A database setting without its password, for printing. */
static void
database_print(FILE *fp, const char *name, const char *db)
{
	const char *scheme = strstr(db, "://"), *at, *colon, *pw;

	if (scheme != NULL && (at = strchr(scheme + 3, '@')) != NULL &&
	    (colon = memchr(scheme + 3, ':', (size_t)(at - scheme - 3))) != NULL) {
		fprintf(fp, "%s = %.*s:***%s\n", name, (int)(colon - db), db, at);
		return;
	}
	if (scheme == NULL && (pw = strstr(db, "password=")) != NULL) {
		const char *end = pw + 9;

		while (*end != '\0' && *end != ' ')
			end++;
		fprintf(fp, "%s = %.*spassword=***%s\n", name, (int)(pw - db), db, end);
		return;
	}
	fprintf(fp, "%s = %s\n", name, db);
}

static void
key_print(FILE *fp, const struct key *k, const void *base)
{
	const char *p = (const char *)base + k->offset;
	static const char *const levels[] = { "error", "warn", "info", "debug" };

	switch (k->type) {
	case KEY_BOOL:
		fprintf(fp, "%s = %s\n", k->name, *(const int *)p ? "yes" : "no");
		break;
	case KEY_LONG:
		fprintf(fp, "%s = %ld\n", k->name, *(const long *)p);
		break;
	case KEY_LOGLEVEL:
		fprintf(fp, "%s = %s\n", k->name, levels[*(const int *)p]);
		break;
	case KEY_ENUM:
		fprintf(fp, "%s = %s\n", k->name, k->choices[*(const int *)p]);
		break;
	case KEY_DATABASE:
		database_print(fp, k->name, *(char *const *)p);
		break;
	default:
		if (*(char *const *)p != NULL)
			fprintf(fp, "%s = %s\n", k->name, *(char *const *)p);
		else
			fprintf(fp, "# %s is not set\n", k->name);
		break;
	}
}

void
config_print(const struct config *config, const char *spool, FILE *fp)
{
	size_t i, k;

	fprintf(fp, "# effective configuration of %s\n", config->path ? config->path : "(defaults)");
	for (k = 0; k < NKEYS(config_keys); k++) {
		if (strcmp(config_keys[k].name, "spool_dir") == 0 && config->spool_dir == NULL &&
		    spool != NULL)
			fprintf(fp, "# spool_dir is not set: the spool is %s (the default)\n", spool);
		else
			key_print(fp, &config_keys[k], config);
	}
	for (k = 0; k < NKEYS(oos_keys); k++)
		key_print(fp, &oos_keys[k], &config->oos);
	for (i = 0; i < config->proxy_count; i++) {
		fprintf(fp, "\n[proxy %s]\n", config->proxies[i].number);
		for (k = 0; k < NKEYS(oos_keys); k++)
			if (config->proxies[i].oos.set & (1UL << k))
				key_print(fp, &oos_keys[k], &config->proxies[i].oos);
	}
}
