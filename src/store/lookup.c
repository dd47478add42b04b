/* lookup: the Twilio Proxy API client that fills the participant directory
 * (libcurl for HTTP, jansson for the JSON). */
#include "config.h"

#include <ctype.h>
#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define CURL_DISABLE_TYPECHECK	/* its checks are macros over the names replaced below */
#include <curl/curl.h>
#include <jansson.h>

#include "proxyhooks/base/log.h"
#include "proxyhooks/store/lookup.h"
#include "proxyhooks/web/tokens.h"
#include "proxyhooks/base/util.h"

/*
 * libcurl is loaded when lookups are configured, not linked: a worker that
 * never looks anything up does not carry libcurl and the dozen libraries it
 * brings (TLS, Kerberos, LDAP, ...), about 2.5 MiB resident each.
 */
static struct {
	void       *handle;
	CURL       *(*easy_init)(void);
	void        (*easy_cleanup)(CURL *);
	CURLcode    (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode    (*easy_perform)(CURL *);
	CURLcode    (*easy_getinfo)(CURL *, CURLINFO, ...);
	const char *(*easy_strerror)(CURLcode);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void        (*slist_free_all)(struct curl_slist *);
} libcurl;

static int
libcurl_load(struct error *err)
{
	static const char *const names[] = { "libcurl.so.4", "libcurl.so" };
	void *h = NULL;
	size_t i;

	if (libcurl.handle != NULL)
		return 0;
	for (i = 0; i < sizeof(names) / sizeof(names[0]) && h == NULL; i++)
		h = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
	if (h == NULL) {
		error_set(err, "lookup: libcurl cannot be loaded (%s): install libcurl4", dlerror());
		return -1;
	}
#define LIBCURL_SYMBOL(field, name) \
	if ((*(void **)&libcurl.field = dlsym(h, name)) == NULL) \
		goto missing
	LIBCURL_SYMBOL(easy_init, "curl_easy_init");
	LIBCURL_SYMBOL(easy_cleanup, "curl_easy_cleanup");
	LIBCURL_SYMBOL(easy_setopt, "curl_easy_setopt");
	LIBCURL_SYMBOL(easy_perform, "curl_easy_perform");
	LIBCURL_SYMBOL(easy_getinfo, "curl_easy_getinfo");
	LIBCURL_SYMBOL(easy_strerror, "curl_easy_strerror");
	LIBCURL_SYMBOL(slist_append, "curl_slist_append");
	LIBCURL_SYMBOL(slist_free_all, "curl_slist_free_all");
#undef LIBCURL_SYMBOL
	libcurl.handle = h;
	return 0;
missing:
	error_set(err, "lookup: the loaded libcurl lacks a function: %s", dlerror());
	dlclose(h);
	memset(&libcurl, 0, sizeof(libcurl));
	return -1;
}

/* A SID that could not be learnt is not asked for again for this long: the
 * next interactions of the same participant do not each wait for Twilio. */
#define LOOKUP_MISS_US		(60 * 1000000LL)
/* SIDs remembered for the miss cache and the log-once rule. Direct-mapped:
 * memory stays bounded, and a collision only costs one more fetch or line. */
#define LOOKUP_SLOTS		1024
/* A session has at most two participants and a caller is in a few open
 * conversations: a few pages (of up to 50) are plenty, and a server that
 * keeps paging must not hold the request. */
#define LOOKUP_MAX_PAGES	3
/* Twilio's answers are a few kilobytes; more is not Twilio. */
#define LOOKUP_MAX_ANSWER	(256 * 1024)
/* After the API fails to answer (or answers 429 or 5xx), lookups pause
 * for this long, doubling while it keeps failing, so that an outage costs
 * one timeout now and then instead of one per interaction. */
#define LOOKUP_PAUSE_MIN_MS	1000
#define LOOKUP_PAUSE_MAX_MS	30000
#define LOOKUP_SID_LEN		34
#define LOOKUP_REASON_LEN	sizeof(((struct error *)0)->message)

struct lookup_slot {
	char    sid[LOOKUP_SID_LEN + 1];
	int     logged;		/* this SID's failure has been logged */
	int64_t retry_us;	/* monotonic: no fetch for this SID before then */
};

struct lookup_answer {
	char   *data;
	size_t  len;
	size_t  cap;
	int     too_large;
};

/* Where the password comes from, to notice when the file changes (a
 * rotated token or key secret) without restarting the process. */
struct lookup_secret {
	char   *path;
	dev_t   dev;
	ino_t   ino;
	off_t   size;
	struct timespec mtime;
	int     failed_logged;	/* a failed re-read of this version was logged */
};

struct lookup {
	CURL                 *curl;	/* kept: its connection is reused */
	struct curl_slist    *headers;
	char                  curl_error[CURL_ERROR_SIZE];
	char                 *base;	/* twilio_api_base without trailing '/' */
	char                 *conversations_base;	/* conversations_api_base, likewise */
	char                 *username;	/* AC... or SK... (libcurl keeps the password) */
	struct lookup_secret  secret;
	long                  timeout_ms;
	int64_t               paused_until_us;
	long                  pause_ms;
	char                  pause_reason[LOOKUP_REASON_LEN];
	struct lookup_answer  answer;
	struct lookup_slot    slots[LOOKUP_SLOTS];
};

/* What one GET came to, beyond the message in the error. */
enum lookup_outcome {
	LOOKUP_ANSWERED,	/* 200 and a JSON object */
	LOOKUP_HTTP_ERROR,	/* another status: 404, 401, ... */
	LOOKUP_BAD_ANSWER,	/* 200 but not usable JSON */
	LOOKUP_UNREACHABLE,	/* no answer now: refused, timed out, TLS, 429, 5xx */
};

/* One pass over a session: what to look for and what was found. */
struct lookup_run {
	const char *service_sid;
	const char *session_sid;
	const char *wanted_sid;	/* NULL: every participant */
	int         wanted_found;
	int         wanted_unusable;	/* listed, but without a phone number */
	int         for_cli;	/* skipped participants are warned about */
	size_t      stored;
	int64_t     deadline_us;
	long        budget_ms;
};

/* Copy text for a log line or an error: printable ASCII only, so that
 * nothing a server sends can forge log lines or escape sequences. */
static void
lookup_printable(const char *text, char *out, size_t len)
{
	size_t o = 0;

	if (len == 0)
		return;
	for (; text != NULL && *text != '\0' && o + 1 < len; text++)
		out[o++] = (*text >= 0x20 && *text < 0x7f) ? *text : '?';
	out[o] = '\0';
}

static size_t
lookup_collect(char *data, size_t size, size_t n, void *arg)
{
	struct lookup_answer *a = arg;
	size_t add = size * n, cap;
	char *grown;

	if (a->len + add + 1 > LOOKUP_MAX_ANSWER) {
		a->too_large = 1;
		return 0;
	}
	if (a->len + add + 1 > a->cap) {
		cap = a->cap ? a->cap : 4096;
		while (cap < a->len + add + 1)
			cap *= 2;
		if ((grown = realloc(a->data, cap)) == NULL)
			return 0;
		a->data = grown;
		a->cap = cap;
	}
	memcpy(a->data + a->len, data, add);
	a->len += add;
	a->data[a->len] = '\0';
	return add;
}

/* (Re)read the password, the first token of the secret file, into the
 * handle (libcurl copies it: no other copy is kept). */
static int
lookup_secret_load(struct lookup *lk, struct error *err)
{
	struct tokens tokens;
	struct stat st;
	CURLcode cc;

	if (stat(lk->secret.path, &st) < 0)
		memset(&st, 0, sizeof(st));
	if (tokens_load(lk->secret.path, &tokens, err) < 0)
		return -1;
	cc = libcurl.easy_setopt(lk->curl, CURLOPT_PASSWORD, tokens.list[0]);
	tokens_free(&tokens);
	if (cc != CURLE_OK) {
		error_set(err, "%s: libcurl refused the secret: %s", lk->secret.path,
		    libcurl.easy_strerror(cc));
		return -1;
	}
	lk->secret.dev = st.st_dev;
	lk->secret.ino = st.st_ino;
	lk->secret.size = st.st_size;
	lk->secret.mtime = st.st_mtim;
	lk->secret.failed_logged = 0;
	return 0;
}

/* Pick up a rotated secret; on failure keep the one we have. */
static void
lookup_secret_refresh(struct lookup *lk)
{
	struct error err = { 0 };
	struct stat st;

	if (stat(lk->secret.path, &st) < 0)
		return;		/* replaced right now, or gone: keep what we have */
	if (st.st_dev == lk->secret.dev && st.st_ino == lk->secret.ino &&
	    st.st_size == lk->secret.size && st.st_mtim.tv_sec == lk->secret.mtime.tv_sec &&
	    st.st_mtim.tv_nsec == lk->secret.mtime.tv_nsec)
		return;
	if (lookup_secret_load(lk, &err) == 0) {
		log_info("lookup: re-read the secret in %s", lk->secret.path);
		return;
	}
	if (!lk->secret.failed_logged)
		log_error("lookup: %s; still using the secret read before", err.message);
	lk->secret.failed_logged = 1;
}

/* https, or http to this machine (a test server, a local relay). */
static int
lookup_base_is_safe(const char *base)
{
	static const char *const local[] = { "http://127.", "http://localhost", "http://[::1]" };
	size_t i;

	for (i = 0; i < sizeof(local) / sizeof(local[0]); i++)
		if (strncmp(base, local[i], strlen(local[i])) == 0)
			return 1;
	return strncmp(base, "https://", 8) == 0;
}

static int
lookup_curl_setup(struct lookup *lk, struct error *err)
{
	CURL *c;

	if (libcurl_load(err) < 0)
		return -1;
	if ((c = lk->curl = libcurl.easy_init()) == NULL) {
		error_set(err, "lookup: cannot initialise libcurl");
		return -1;
	}
	if ((lk->headers = libcurl.slist_append(NULL, "Accept: application/json")) == NULL) {
		error_set(err, "lookup: out of memory");
		return -1;
	}
	/* Signals would break the FastCGI loop: time out without SIGALRM. */
	if (libcurl.easy_setopt(c, CURLOPT_NOSIGNAL, 1L) != CURLE_OK ||
	    libcurl.easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC) != CURLE_OK ||
	    libcurl.easy_setopt(c, CURLOPT_USERNAME, lk->username) != CURLE_OK ||
	    libcurl.easy_setopt(c, CURLOPT_HTTPHEADER, lk->headers) != CURLE_OK ||
	    libcurl.easy_setopt(c, CURLOPT_USERAGENT, PACKAGE_NAME "/" PACKAGE_VERSION) != CURLE_OK ||
	    libcurl.easy_setopt(c, CURLOPT_WRITEFUNCTION, lookup_collect) != CURLE_OK ||
	    libcurl.easy_setopt(c, CURLOPT_WRITEDATA, &lk->answer) != CURLE_OK ||
	    libcurl.easy_setopt(c, CURLOPT_ERRORBUFFER, lk->curl_error) != CURLE_OK ||
	    /* Credentials go to twilio_api_base only: never follow a redirect. */
	    libcurl.easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L) != CURLE_OK ||
#if LIBCURL_VERSION_NUM >= 0x075500
	    libcurl.easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https") != CURLE_OK ||
#else
	    libcurl.easy_setopt(c, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS)) != CURLE_OK ||
#endif
	    libcurl.easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L) != CURLE_OK) {
		error_set(err, "lookup: libcurl refused an option");
		return -1;
	}
	return 0;
}

int
lookup_new(const struct config *config, struct lookup **out, struct error *err)
{
	const char *conf = config->path != NULL ? config->path : "the configuration";
	struct lookup *lk = NULL;
	const char *user, *secret;
	size_t len;

	*out = NULL;
	if (config->account_sid != NULL && !util_sid_valid(config->account_sid, "AC")) {
		error_set(err, "%s: account_sid '%s' is not AC followed by 32 hex digits", conf,
		    config->account_sid);
		return -1;
	}
	if (config->api_key_sid != NULL) {
		if (!util_sid_valid(config->api_key_sid, "SK")) {
			error_set(err, "%s: api_key_sid '%s' is not SK followed by 32 hex digits",
			    conf, config->api_key_sid);
			return -1;
		}
		if (config->api_key_secret_file == NULL) {
			error_set(err, "%s: api_key_sid is set but api_key_secret_file is not", conf);
			return -1;
		}
		user = config->api_key_sid;
		secret = config->api_key_secret_file;
	} else if (config->api_key_secret_file != NULL) {
		error_set(err, "%s: api_key_secret_file is set but api_key_sid is not", conf);
		return -1;
	} else if (config->account_sid != NULL) {
		if (config->auth_token_file == NULL) {
			error_set(err, "%s: account_sid is set but auth_token_file is not", conf);
			return -1;
		}
		user = config->account_sid;
		secret = config->auth_token_file;
	} else
		return 0;	/* no credentials: lookups are off */
	if (config->twilio_api_base == NULL || *config->twilio_api_base == '\0') {
		error_set(err, "%s: twilio_api_base is empty", conf);
		return -1;
	}
	if ((lk = calloc(1, sizeof(*lk))) == NULL ||
	    (lk->base = strdup(config->twilio_api_base)) == NULL ||
	    (lk->username = strdup(user)) == NULL ||
	    (lk->secret.path = strdup(secret)) == NULL) {
		error_set(err, "lookup: out of memory");
		goto fail;
	}
	len = strlen(lk->base);
	while (len > 0 && lk->base[len - 1] == '/')
		lk->base[--len] = '\0';
	if (config->conversations_api_base != NULL) {
		if ((lk->conversations_base = strdup(config->conversations_api_base)) == NULL) {
			error_set(err, "lookup: out of memory");
			goto fail;
		}
		len = strlen(lk->conversations_base);
		while (len > 0 && lk->conversations_base[len - 1] == '/')
			lk->conversations_base[--len] = '\0';
		if (!lookup_base_is_safe(lk->conversations_base))
			log_warn("lookup: conversations_api_base %s is not https: the credentials of "
			    "%s travel unencrypted", lk->conversations_base, lk->username);
	}
	lk->timeout_ms = config->lookup_timeout_ms > 0 ? config->lookup_timeout_ms : 800;
	if (lookup_curl_setup(lk, err) < 0 || lookup_secret_load(lk, err) < 0)
		goto fail;
	if (!lookup_base_is_safe(lk->base))
		log_warn("lookup: twilio_api_base %s is not https: the credentials of %s travel "
		    "unencrypted", lk->base, lk->username);
	*out = lk;
	return 0;
fail:
	lookup_free(lk);
	return -1;
}

void
lookup_free(struct lookup *lk)
{
	if (lk == NULL)
		return;
	if (lk->curl != NULL)
		libcurl.easy_cleanup(lk->curl);
	if (lk->headers != NULL)
		libcurl.slist_free_all(lk->headers);
	free(lk->secret.path);
	free(lk->username);
	free(lk->base);
	free(lk->conversations_base);
	free(lk->answer.data);
	free(lk);
}

static struct lookup_slot *
lookup_slot_for(struct lookup *lk, const char *sid)
{
	uint32_t h = 2166136261u;	/* FNV-1a */
	const char *p;

	for (p = sid; *p != '\0'; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	return &lk->slots[h % LOOKUP_SLOTS];
}

/* Remember that sid could not be learnt, until retry_us; say why once. */
static void
lookup_missed(struct lookup *lk, const char *sid, int64_t retry_us, enum log_level level,
    const char *why)
{
	struct lookup_slot *slot;
	char key[LOOKUP_SID_LEN + 1], shown[LOOKUP_SID_LEN + 1];

	/* A malformed "SID" may be longer than a slot: its start stands for
	 * it, marked so that it never shares a slot with a real SID. */
	if (util_sid_valid(sid, NULL))
		snprintf(key, sizeof(key), "%s", sid);
	else
		snprintf(key, sizeof(key), "!%s", sid);
	slot = lookup_slot_for(lk, key);
	if (strcmp(slot->sid, key) != 0) {
		memcpy(slot->sid, key, sizeof(slot->sid));
		slot->logged = 0;
	}
	slot->retry_us = retry_us;
	if (slot->logged)
		return;
	slot->logged = 1;
	lookup_printable(sid, shown, sizeof(shown));
	log_msg(level, "lookup: participant %s: %s; its number stays unknown (the decision goes "
	    "on without it)", shown, why);
}

/* Note an API that did not answer (or answered 429 or 5xx): pause lookups. */
static void
lookup_api_failed(struct lookup *lk, const char *why)
{
	lk->pause_ms = lk->pause_ms == 0 ? LOOKUP_PAUSE_MIN_MS : lk->pause_ms * 2;
	if (lk->pause_ms > LOOKUP_PAUSE_MAX_MS)
		lk->pause_ms = LOOKUP_PAUSE_MAX_MS;
	lk->paused_until_us = util_monotonic_us() + (int64_t)lk->pause_ms * 1000;
	snprintf(lk->pause_reason, sizeof(lk->pause_reason), "%s", why);
}

/* Whether key (a SID, or '!' and what is not one) missed lately: that miss
 * is logged already, and key is not asked for again before its retry. */
static int
lookup_missed_lately(struct lookup *lk, const char *key, int64_t now_us)
{
	const struct lookup_slot *slot = lookup_slot_for(lk, key);

	return strcmp(slot->sid, key) == 0 && now_us < slot->retry_us;
}

/* Start a run about sid within the lookup's timeout from now_us; 0, the
 * miss noted, while lookups pause after the API failed. */
static int
lookup_run_start(struct lookup *lk, struct lookup_run *run, const char *sid, int64_t now_us)
{
	char why[LOOKUP_REASON_LEN + 80];

	if (now_us < lk->paused_until_us) {
		snprintf(why, sizeof(why), "not looked up: the Twilio API failed just before (%s)",
		    lk->pause_reason);
		lookup_missed(lk, sid, lk->paused_until_us, LOG_WARN, why);
		return 0;
	}
	lookup_secret_refresh(lk);
	memset(run, 0, sizeof(*run));
	run->budget_ms = lk->timeout_ms;
	run->deadline_us = now_us + (int64_t)lk->timeout_ms * 1000;
	return 1;
}

/* A run learnt what it was for: the API answers, and key's miss is over. */
static void
lookup_run_learnt(struct lookup *lk, const char *key)
{
	struct lookup_slot *slot = lookup_slot_for(lk, key);

	lk->pause_ms = 0;
	if (strcmp(slot->sid, key) == 0)
		memset(slot, 0, sizeof(*slot));
}

/* A run did not: pause after an API that did not answer, and note sid's
 * miss (an error when the credentials were refused). */
static void
lookup_run_missed(struct lookup *lk, const char *sid, enum lookup_outcome outcome, long status,
    const char *why)
{
	if (outcome == LOOKUP_UNREACHABLE)
		lookup_api_failed(lk, why);
	else
		lk->pause_ms = 0;	/* the API answers: back to short pauses */
	lookup_missed(lk, sid, util_monotonic_us() + LOOKUP_MISS_US,
	    status == 401 || status == 403 ? LOG_ERROR : LOG_WARN, why[0] ? why : "not found");
}

/* Add the "message" of a Twilio error body to err's message. */
static void
lookup_twilio_message(const struct lookup_answer *a, char *out, size_t len)
{
	char shown[200];
	json_t *root, *message;

	out[0] = '\0';
	if (a->data == NULL || (root = json_loadb(a->data, a->len, 0, NULL)) == NULL)
		return;
	message = json_object_get(root, "message");
	if (json_is_string(message)) {
		lookup_printable(json_string_value(message), shown, sizeof(shown));
		snprintf(out, len, " (%s)", shown);
	}
	json_decref(root);
}

/* GET url within what is left until run->deadline_us; *json is the answer
 * when LOOKUP_ANSWERED, else err says what happened. */
static enum lookup_outcome
lookup_get(struct lookup *lk, struct lookup_run *run, const char *url, json_t **json,
    long *status, struct error *err)
{
	int64_t left_ms = (run->deadline_us - util_monotonic_us()) / 1000;
	char detail[240];
	json_error_t jerr;
	CURLcode cc;

	*json = NULL;
	*status = 0;
	if (left_ms <= 0) {
		error_set(err, "no time left for GET %s within %ld ms", url, run->budget_ms);
		return LOOKUP_UNREACHABLE;
	}
	lk->answer.len = 0;
	lk->answer.too_large = 0;
	lk->curl_error[0] = '\0';
	if (libcurl.easy_setopt(lk->curl, CURLOPT_URL, url) != CURLE_OK ||
	    libcurl.easy_setopt(lk->curl, CURLOPT_TIMEOUT_MS, (long)left_ms) != CURLE_OK ||
	    libcurl.easy_setopt(lk->curl, CURLOPT_CONNECTTIMEOUT_MS, (long)left_ms) != CURLE_OK) {
		error_set(err, "libcurl refused the URL %s", url);
		return LOOKUP_UNREACHABLE;
	}
	cc = libcurl.easy_perform(lk->curl);
	if (cc == CURLE_OPERATION_TIMEDOUT) {
		error_set(err, "GET %s: no answer within %ld ms", url, run->budget_ms);
		return LOOKUP_UNREACHABLE;
	}
	if (cc != CURLE_OK) {
		if (lk->answer.too_large)
			error_set(err, "GET %s: the answer is larger than %d bytes", url,
			    LOOKUP_MAX_ANSWER);
		else
			error_set(err, "GET %s: %s", url,
			    lk->curl_error[0] ? lk->curl_error : libcurl.easy_strerror(cc));
		return lk->answer.too_large ? LOOKUP_BAD_ANSWER : LOOKUP_UNREACHABLE;
	}
	libcurl.easy_getinfo(lk->curl, CURLINFO_RESPONSE_CODE, status);
	if (*status != 200) {
		lookup_twilio_message(&lk->answer, detail, sizeof(detail));
		error_set(err, "GET %s: HTTP %ld%s%s", url, *status, detail,
		    *status == 401 || *status == 403 ? "; check account_sid / api_key_sid and "
		    "the secret they are used with" : "");
		return *status >= 500 || *status == 429 ? LOOKUP_UNREACHABLE : LOOKUP_HTTP_ERROR;
	}
	if ((*json = json_loadb(lk->answer.data ? lk->answer.data : "", lk->answer.len, 0,
	    &jerr)) == NULL) {
		lookup_printable(jerr.text, detail, sizeof(detail));
		error_set(err, "GET %s: the answer is not JSON (line %d: %s)", url, jerr.line,
		    detail);
		return LOOKUP_BAD_ANSWER;
	}
	if (!json_is_object(*json)) {
		error_set(err, "GET %s: the answer is not a JSON object", url);
		json_decref(*json);
		*json = NULL;
		return LOOKUP_BAD_ANSWER;
	}
	return LOOKUP_ANSWERED;
}

/* The number in a participant's identifier: E.164, also behind a channel
 * prefix such as "whatsapp:" (the same person on another channel). */
static int
lookup_number(const char *identifier, char *out, size_t len)
{
	const char *p = identifier;

	if (identifier == NULL)
		return -1;
	while (isalpha((unsigned char)*p))
		p++;
	if (p != identifier && *p == ':')
		identifier = p + 1;
	return util_e164(identifier, out, len);
}

static const char *
lookup_json_string(const json_t *obj, const char *key)
{
	return json_string_value(json_object_get(obj, key));
}

/* Write one participant object into the directory: 1 stored, 0 not usable
 * (err says why), -1 the store failed. */
static int
lookup_put(struct lookup_run *run, struct store *store, const json_t *obj, struct error *err)
{
	struct participant p;
	char number[32], proxy[32], shown[80];
	const char *sid, *identifier, *proxy_identifier;

	if (!json_is_object(obj)) {
		error_set(err, "a participant that is not a JSON object");
		return 0;
	}
	sid = lookup_json_string(obj, "sid");
	if (!util_sid_valid(sid, "KP")) {
		lookup_printable(sid, shown, sizeof(shown));
		error_set(err, "a participant whose sid '%s' is not KP and 32 hex digits", shown);
		return 0;
	}
	identifier = lookup_json_string(obj, "identifier");
	if (lookup_number(identifier, number, sizeof(number)) < 0) {
		lookup_printable(identifier, shown, sizeof(shown));
		error_set(err, "%s has identifier '%s', not a phone number", sid,
		    identifier ? shown : "(none)");
		if (run->wanted_sid != NULL && strcmp(sid, run->wanted_sid) == 0)
			run->wanted_unusable = 1;
		return 0;
	}
	memset(&p, 0, sizeof(p));
	p.sid = sid;
	p.number = number;
	p.session_sid = run->session_sid;
	p.service_sid = run->service_sid;
	proxy_identifier = lookup_json_string(obj, "proxy_identifier");
	if (lookup_number(proxy_identifier, proxy, sizeof(proxy)) == 0)
		p.proxy_number = proxy;
	p.friendly_name = lookup_json_string(obj, "friendly_name");
	p.updated_ms = util_now_ms();
	if (store_participant_put(store, &p, err) < 0)
		return -1;
	run->stored++;
	if (run->wanted_sid != NULL && strcmp(sid, run->wanted_sid) == 0)
		run->wanted_found = 1;
	log_debug("lookup: %s of session %s is %s", sid, run->session_sid, number);
	return 1;
}

/* The URL of the next page, on base (twilio_api_base or
 * conversations_api_base) whatever host the server named (the credentials go
 * nowhere else), and only a further page of the list at list_path. NULL and
 * err when it is neither. */
static char *
lookup_next_page(const char *base, const char *list_path, const char *next,
    struct error *err)
{
	const char *path, *p;
	char shown[200], *url;
	size_t base_len = strlen(base), list_len = strlen(list_path);

	for (p = next; *p != '\0'; p++)
		if (*p <= 0x20 || *p >= 0x7f)
			goto bad;
	if (strncmp(next, base, base_len) == 0 && next[base_len] == '/')
		path = next + base_len;
	else if ((p = strstr(next, "://")) != NULL && (path = strchr(p + 3, '/')) != NULL)
		;
	else
		goto bad;
	if (strncmp(path, list_path, list_len) != 0 || (path[list_len] != '?' &&
	    path[list_len] != '\0'))
		goto bad;
	if (asprintf(&url, "%s%s", base, path) < 0) {
		error_set(err, "out of memory");
		return NULL;
	}
	return url;
bad:
	lookup_printable(next, shown, sizeof(shown));
	error_set(err, "meta.next_page_url '%s' is not a further page of %s", shown, list_path);
	return NULL;
}

/* What a list walk does with one item of a page: 1 stop (found what it
 * wanted), 0 go on, -1 stop with err set (a bad answer, or the store
 * failed). */
typedef int (*lookup_item_fn)(void *arg, json_t *item, struct error *err);

/* Walk the list resource base + list_path (+ query, which may be "") page
 * by page, at most LOOKUP_MAX_PAGES, handing each item of its array key to
 * fn. */
static enum lookup_outcome
lookup_walk(struct lookup *lk, struct lookup_run *run, const char *base, const char *list_path,
    const char *query, const char *key, lookup_item_fn fn, void *arg, long *status,
    struct error *err)
{
	enum lookup_outcome outcome = LOOKUP_ANSWERED;
	char *url = NULL, *next_url;
	const char *next;
	json_t *json = NULL, *list, *item;
	size_t i;
	int page, rc = 0;

	if (asprintf(&url, "%s%s%s", base, list_path, query) < 0) {
		error_set(err, "out of memory");
		return LOOKUP_BAD_ANSWER;
	}
	for (page = 0; url != NULL; page++) {
		if ((outcome = lookup_get(lk, run, url, &json, status, err)) != LOOKUP_ANSWERED)
			break;
		if (!json_is_array(list = json_object_get(json, key))) {
			error_set(err, "GET %s: no \"%s\" array in the answer", url, key);
			outcome = LOOKUP_BAD_ANSWER;
			break;
		}
		json_array_foreach(list, i, item)
			if ((rc = fn(arg, item, err)) != 0)
				break;
		if (rc != 0) {
			if (rc < 0)
				outcome = LOOKUP_BAD_ANSWER;
			break;
		}
		next = lookup_json_string(json_object_get(json, "meta"), "next_page_url");
		free(url);
		url = NULL;
		if (next == NULL || *next == '\0')
			break;
		if (page + 1 >= LOOKUP_MAX_PAGES) {
			log_debug("lookup: stopped after %d pages of %s", LOOKUP_MAX_PAGES, list_path);
			break;
		}
		if ((next_url = lookup_next_page(base, list_path, next, err)) == NULL) {
			outcome = LOOKUP_BAD_ANSWER;
			break;
		}
		url = next_url;
		json_decref(json);
		json = NULL;
	}
	json_decref(json);
	free(url);
	return outcome;
}

/* One participant of a Proxy session's list into the directory. */
struct lookup_list_arg {
	struct lookup_run *run;
	struct store      *store;
};

static int
lookup_list_item(void *arg, json_t *item, struct error *err)
{
	struct lookup_list_arg *a = arg;
	struct error skipped = { 0 };

	switch (lookup_put(a->run, a->store, item, &skipped)) {
	case -1:
		error_set(err, "%s", skipped.message);
		return -1;
	case 0:
		if (a->run->wanted_unusable && err->message[0] == '\0')
			error_set(err, "%s", skipped.message);
		if (a->run->for_cli)
			log_warn("lookup: skipped %s", skipped.message);
		else
			log_debug("lookup: skipped %s", skipped.message);
		break;
	}
	return 0;
}

/* List the session's participants into the directory, following pages. */
static enum lookup_outcome
lookup_list(struct lookup *lk, struct lookup_run *run, struct store *store, long *status,
    struct error *err)
{
	struct lookup_list_arg arg = { run, store };
	char path[160];

	snprintf(path, sizeof(path), "/v1/Services/%s/Sessions/%s/Participants", run->service_sid,
	    run->session_sid);
	return lookup_walk(lk, run, lk->base, path, "", "participants", lookup_list_item, &arg,
	    status, err);
}

/* Fetch the one participant run->wanted_sid into the directory. */
static enum lookup_outcome
lookup_one(struct lookup *lk, struct lookup_run *run, struct store *store, long *status,
    struct error *err)
{
	enum lookup_outcome outcome;
	json_t *json = NULL;
	char *url = NULL;
	const char *sid;

	if (asprintf(&url, "%s/v1/Services/%s/Sessions/%s/Participants/%s", lk->base,
	    run->service_sid, run->session_sid, run->wanted_sid) < 0) {
		error_set(err, "out of memory");
		return LOOKUP_BAD_ANSWER;
	}
	if ((outcome = lookup_get(lk, run, url, &json, status, err)) != LOOKUP_ANSWERED)
		goto done;
	sid = lookup_json_string(json, "sid");
	if (sid == NULL || strcmp(sid, run->wanted_sid) != 0) {
		error_set(err, "GET %s: the answer is about another participant", url);
		outcome = LOOKUP_BAD_ANSWER;
		goto done;
	}
	if (lookup_put(run, store, json, err) != 1)
		outcome = LOOKUP_BAD_ANSWER;
done:
	json_decref(json);
	free(url);
	return outcome;
}

static int
lookup_sids_valid(const char *service_sid, const char *session_sid, struct error *err)
{
	char shown[LOOKUP_SID_LEN + 1];

	if (!util_sid_valid(service_sid, "KS")) {
		lookup_printable(service_sid, shown, sizeof(shown));
		error_set(err, "the service SID '%s' is not KS and 32 hex digits", shown);
		return 0;
	}
	if (!util_sid_valid(session_sid, "KC")) {
		lookup_printable(session_sid, shown, sizeof(shown));
		error_set(err, "the session SID '%s' is not KC and 32 hex digits", shown);
		return 0;
	}
	return 1;
}

int
lookup_session(struct lookup *lk, struct store *store, const char *service_sid,
    const char *session_sid, const char *participant_sid)
{
	struct lookup_run run;
	struct error err = { 0 };
	enum lookup_outcome outcome;
	long status = 0;
	int64_t now_us = util_monotonic_us(), waited_ms;

	if (lk == NULL || store == NULL || participant_sid == NULL)
		return 0;
	if (!util_sid_valid(participant_sid, "KP")) {
		lookup_missed(lk, participant_sid, now_us + LOOKUP_MISS_US, LOG_WARN,
		    "not KP and 32 hex digits, not looked up");
		return 0;
	}
	if (lookup_missed_lately(lk, participant_sid, now_us))
		return 0;
	if (!lookup_sids_valid(service_sid, session_sid, &err)) {
		lookup_missed(lk, participant_sid, now_us + LOOKUP_MISS_US, LOG_WARN, err.message);
		return 0;
	}
	if (!lookup_run_start(lk, &run, participant_sid, now_us))
		return 0;
	run.service_sid = service_sid;
	run.session_sid = session_sid;
	run.wanted_sid = participant_sid;
	/* One list call usually answers both participants at once; the
	 * participant itself is asked for only when the list did not have it. */
	outcome = lookup_list(lk, &run, store, &status, &err);
	if (!run.wanted_found && !run.wanted_unusable && outcome != LOOKUP_UNREACHABLE &&
	    status != 401 && status != 403) {
		error_clear(&err);
		outcome = lookup_one(lk, &run, store, &status, &err);
	}
	waited_ms = (util_monotonic_us() - now_us) / 1000;
	if (run.wanted_found) {
		lookup_run_learnt(lk, participant_sid);
		log_debug("lookup: learnt %zu participant(s) of session %s in %lld ms", run.stored,
		    session_sid, (long long)waited_ms);
		return 1;
	}
	lookup_run_missed(lk, participant_sid, outcome, status, err.message);
	return 0;
}

int
lookup_session_all(struct lookup *lk, struct store *store, const char *service_sid,
    const char *session_sid, long timeout_ms, size_t *stored, struct error *err)
{
	struct lookup_run run;
	long status = 0;

	*stored = 0;
	if (!lookup_sids_valid(service_sid, session_sid, err))
		return -1;
	lookup_secret_refresh(lk);
	memset(&run, 0, sizeof(run));
	run.service_sid = service_sid;
	run.session_sid = session_sid;
	run.for_cli = 1;
	run.budget_ms = timeout_ms > 0 ? timeout_ms : lk->timeout_ms;
	run.deadline_us = util_monotonic_us() + (int64_t)run.budget_ms * 1000;
	if (lookup_list(lk, &run, store, &status, err) != LOOKUP_ANSWERED) {
		*stored = run.stored;
		return -1;
	}
	*stored = run.stored;
	return 0;
}

/* ---- Conversations: the conversation of a call ---- */

/* A string member of a JSON object's object member, or NULL. */
static const char *
lookup_json_inner(const json_t *obj, const char *outer, const char *key)
{
	return lookup_json_string(json_object_get(obj, outer), key);
}

/* The participants of one conversation, as Twilio lists them, into the
 * directory; caller: address bound to proxy_address was among them. */
struct lookup_members_arg {
	struct lookup_run *run;
	struct store      *store;
	const char        *address, *proxy_address;
	int                caller;
};

static int
lookup_member_item(void *arg, json_t *item, struct error *err)
{
	struct lookup_members_arg *a = arg;
	struct participant p;
	char number[32], proxy[32];

	memset(&p, 0, sizeof(p));
	p.sid = lookup_json_string(item, "sid");
	if (!util_sid_valid(p.sid, "MB") ||
	    lookup_number(lookup_json_inner(item, "messaging_binding", "address"), number,
	    sizeof(number)) < 0 ||
	    lookup_number(lookup_json_inner(item, "messaging_binding", "proxy_address"), proxy,
	    sizeof(proxy)) < 0)
		return 0;	/* a chat participant, or not a phone binding */
	p.number = number;
	p.proxy_number = proxy;
	p.session_sid = a->run->session_sid;
	p.service_sid = a->run->service_sid;
	p.updated_ms = util_now_ms();
	if (store_participant_put(a->store, &p, err) < 0)
		return -1;
	a->run->stored++;
	if (strcmp(number, a->address) == 0 && strcmp(proxy, a->proxy_address) == 0)
		a->caller = 1;
	return 0;
}

static enum lookup_outcome
lookup_conversation_participants(struct lookup *lk, struct lookup_run *run, struct store *store,
    const char *address, const char *proxy_address, int *caller, long *status,
    struct error *err)
{
	struct lookup_members_arg arg = { run, store, address, proxy_address, 0 };
	enum lookup_outcome outcome;
	char path[80];

	snprintf(path, sizeof(path), "/v1/Conversations/%s/Participants", run->session_sid);
	outcome = lookup_walk(lk, run, lk->conversations_base, path, "?PageSize=50",
	    "participants", lookup_member_item, &arg, status, err);
	*caller = arg.caller;
	if (outcome == LOOKUP_ANSWERED && !arg.caller)
		error_set(err, "the caller is not among the participants of %s", run->session_sid);
	return outcome;
}

/* The first open conversation of the caller's that binds it to proxy_address. */
struct lookup_conversation_arg {
	const char *proxy_address;
	char        conversation[40], service[40];
};

static int
lookup_conversation_item(void *arg, json_t *item, struct error *err)
{
	struct lookup_conversation_arg *a = arg;
	char proxy[32];
	const char *v;

	(void)err;
	v = lookup_json_string(item, "conversation_state");
	if (v != NULL && strcmp(v, "closed") == 0)
		return 0;
	if (lookup_number(lookup_json_inner(item, "participant_messaging_binding",
	    "proxy_address"), proxy, sizeof(proxy)) < 0 || strcmp(proxy, a->proxy_address) != 0)
		return 0;
	v = lookup_json_string(item, "conversation_sid");
	if (!util_sid_valid(v, "CH"))
		return 0;
	util_copy(a->conversation, sizeof(a->conversation), v);
	v = lookup_json_string(item, "chat_service_sid");
	if (util_sid_valid(v, "IS"))
		util_copy(a->service, sizeof(a->service), v);
	return 1;
}

int
lookup_call(struct lookup *lk, struct store *store, const char *address,
    const char *proxy_address)
{
	struct lookup_conversation_arg found;
	struct lookup_run run;
	struct error err = { 0 };
	enum lookup_outcome outcome;
	char query[48], key[LOOKUP_SID_LEN + 1];
	long status = 0;
	int64_t now_us = util_monotonic_us();
	int caller = 0;

	if (lk == NULL || store == NULL || lk->conversations_base == NULL || address == NULL ||
	    proxy_address == NULL || address[0] != '+' || strspn(address + 1, "0123456789") !=
	    strlen(address + 1) || strlen(address) > 16)
		return 0;
	/* The key lookup_missed files a non-SID under. */
	snprintf(key, sizeof(key), "!%s", address);
	if (lookup_missed_lately(lk, key, now_us) || !lookup_run_start(lk, &run, address, now_us))
		return 0;
	/* E.164 is '+' and digits: only the '+' needs escaping. */
	snprintf(query, sizeof(query), "?Address=%%2B%s&PageSize=50", address + 1);
	memset(&found, 0, sizeof(found));
	found.proxy_address = proxy_address;
	outcome = lookup_walk(lk, &run, lk->conversations_base, "/v1/ParticipantConversations",
	    query, "conversations", lookup_conversation_item, &found, &status, &err);
	if (outcome == LOOKUP_ANSWERED) {
		if (found.conversation[0] == '\0')
			error_set(&err, "no open conversation binds it to %s", proxy_address);
		else {
			run.session_sid = found.conversation;
			run.service_sid = found.service[0] ? found.service : NULL;
			outcome = lookup_conversation_participants(lk, &run, store, address,
			    proxy_address, &caller, &status, &err);
		}
	}
	if (caller) {
		lookup_run_learnt(lk, key);
		log_debug("lookup: learnt %zu participant(s) of conversation %s", run.stored,
		    found.conversation);
		return 1;
	}
	lookup_run_missed(lk, address, outcome, status, err.message);
	return 0;
}
